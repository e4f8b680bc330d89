// Purpose: who influences whom: the strongest weighted paths (one or two hops) into a person,
// within the current run's window. A hop x -> y weighs x's interactions with y (kind
// weight times count, self-interactions excluded) as a share of all x's weighted interactions;
// a path's strength is the PageRank flow along it: (1 - damping + score_raw of its first
// person) times damping times that share, per hop. `kind_weights` and `damping` are the
// model's: `clout query run` passes the scoring configuration's (the values below are the
// shipped clout.toml's).
// Parameters (paste into Neo4j Browser without the leading //):
// :param person_id => "alice"
// :param kind_weights => {SHARED: 3.0, REPLIED_TO: 2.0, COMMENTED_ON: 2.0, MENTIONED: 1.5, LIKED: 0.5}
// :param damping => 0.85
// :param limit => 10
MATCH (run:ScoringRun {status: "done"})
WITH run ORDER BY run.finished_at DESC LIMIT 1
WITH run.as_of.epochSeconds AS until,
     CASE WHEN run.window_days IS NULL THEN null
          ELSE run.as_of.epochSeconds - run.window_days * 86400 END AS since
MATCH (p:Person {person_id: $person_id})
CALL (p, since, until) {
  MATCH (p)-[:OWNS]->(:Account)<-[r]-(:Account)<-[:OWNS]-(j:Person)
  WHERE j <> p AND type(r) IN keys($kind_weights)
    AND r.at <= until AND (since IS NULL OR r.at > since)
  RETURN j, sum($kind_weights[type(r)] * coalesce(r.count, 1)) AS w_jp
}
CALL (j, since, until) {
  MATCH (j)-[:OWNS]->(:Account)-[r]->(:Account)<-[:OWNS]-(k:Person)
  WHERE k <> j AND type(r) IN keys($kind_weights)
    AND r.at <= until AND (since IS NULL OR r.at > since)
  RETURN sum($kind_weights[type(r)] * coalesce(r.count, 1)) AS out_j
}
WITH p, j, since, until, $damping * w_jp / out_j AS hop_jp
CALL (p, j, hop_jp, since, until) {
  RETURN [j] AS people, (1 - $damping + coalesce(j.score_raw, 0.0)) * hop_jp AS strength
  UNION
  MATCH (j)-[:OWNS]->(:Account)<-[r]-(:Account)<-[:OWNS]-(i:Person)
  WHERE i <> j AND i <> p AND type(r) IN keys($kind_weights)
    AND r.at <= until AND (since IS NULL OR r.at > since)
  WITH i, sum($kind_weights[type(r)] * coalesce(r.count, 1)) AS w_ij
  CALL (i, since, until) {
    MATCH (i)-[:OWNS]->(:Account)-[r]->(:Account)<-[:OWNS]-(k:Person)
    WHERE k <> i AND type(r) IN keys($kind_weights)
      AND r.at <= until AND (since IS NULL OR r.at > since)
    RETURN sum($kind_weights[type(r)] * coalesce(r.count, 1)) AS out_i
  }
  RETURN [i, j] AS people,
         (1 - $damping + coalesce(i.score_raw, 0.0)) * $damping * w_ij / out_i * hop_jp AS strength
}
RETURN [x IN people | coalesce(x.name, x.person_id)] + [coalesce(p.name, p.person_id)] AS path,
       [x IN people | x.person_id] + [p.person_id] AS person_ids, size(people) AS hops, strength
ORDER BY strength DESC, hops, person_ids
LIMIT $limit
