// Part of a run's switch (one transaction, see clout.scoring.store.switch): make a batch of
// people's scores live on their Person (score, score_raw, score_percentile, score_run and the
// sub-scores of $live), and with $publish_topics their topic scores (EXPERT_IN, updated in
// place; the run's Topic nodes exist: topics/topics.cypher).
// The batch comes as parallel lists, one entry per person (clout.scoring.history builds them).
// Parameters: $run_id, $publish_topics (boolean), $names (the run's topic names), $networks,
//   $person (person_id), $score, $score_raw, $score_percentile, $live ({network: [sub-score
//   or null]}: null removes the Person's property), $topics (lists of indices into $names),
//   $topic_scores, $topic_raws.
CALL () {
  UNWIND range(0, size($names) - 1) AS k
  MATCH (t:Topic {name: $names[k]})
  WITH k, t ORDER BY k
  RETURN collect(t) AS topic_nodes
}
UNWIND range(0, size($person) - 1) AS i
MATCH (p:Person {person_id: $person[i]})
SET p.score = $score[i], p.score_raw = $score_raw[i], p.score_percentile = $score_percentile[i],
    p.score_run = $run_id
FOREACH (n IN $networks | SET p['score_' + n] = $live[n][i])
WITH p, i, topic_nodes WHERE $publish_topics
UNWIND range(0, size($topics[i]) - 1) AS k
WITH p, topic_nodes[$topics[i][k]] AS t, $topic_scores[i][k] AS score, $topic_raws[i][k] AS raw
MERGE (p)-[e:EXPERT_IN]->(t)
SET e.score = score, e.score_raw = raw, e.run = $run_id
