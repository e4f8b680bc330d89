// Record a batch of people's scores in a run and, with $publish, make them live in the same
// pass. History: one SCORED relationship per person, holding their scores, the raw rank of each
// of their ranked accounts (what `clout show` explains) and their topic scores, the last two as
// parallel lists (left unset when empty). The run is new and each person is in one batch only,
// so CREATE (not MERGE). Live: the scores, the sub-scores of $live and the run id on the Person;
// with $publish_topics also their topic scores, one EXPERT_IN per topic, updated in place (no
// delete-and-create churn from one run to the next; topics/drop_stale.cypher then removes the
// ones this run did not give, and the Topic nodes exist: topics/topics.cypher).
// The batch comes as parallel lists, one entry per person (clout.scoring.history builds them).
// Parameters: $run_id, $publish, $publish_topics (booleans), $names (the run's topic names),
//   $networks (network names), $person (person_id), $score, $score_raw, $score_percentile,
//   $sub / $live ({network: [sub-score or null]}: what SCORED / the Person gets as
//   score_<network>; null sets nothing on SCORED and removes the Person's property),
//   $rank_networks (lists of indices into $networks), $rank_handles, $ranks,
//   $topics (lists of indices into $names), $topic_scores, $topic_raws.
MATCH (r:ScoringRun {run_id: $run_id})
CALL () {
  UNWIND range(0, size($names) - 1) AS k
  MATCH (t:Topic {name: $names[k]})
  WITH k, t ORDER BY k
  RETURN collect(t) AS topic_nodes
}
UNWIND range(0, size($person) - 1) AS i
MATCH (p:Person {person_id: $person[i]})
CREATE (p)-[s:SCORED]->(r)
SET s.score = $score[i], s.score_raw = $score_raw[i], s.score_percentile = $score_percentile[i],
    s.rank_networks = [j IN $rank_networks[i] | $networks[j]],
    s.rank_handles = $rank_handles[i], s.ranks = $ranks[i],
    s.topics = CASE WHEN size($topics[i]) > 0 THEN [j IN $topics[i] | $names[j]] END,
    s.topic_scores = CASE WHEN size($topics[i]) > 0 THEN $topic_scores[i] END,
    s.topic_raws = CASE WHEN size($topics[i]) > 0 THEN $topic_raws[i] END
FOREACH (n IN $networks | SET s['score_' + n] = $sub[n][i])
FOREACH (_ IN CASE WHEN $publish THEN [1] ELSE [] END |
  SET p.score = $score[i], p.score_raw = $score_raw[i],
      p.score_percentile = $score_percentile[i], p.score_run = $run_id
  FOREACH (n IN $networks | SET p['score_' + n] = $live[n][i]))
// A new EXPERT_IN locks its Topic until the transaction commits; taking the Topics in one
// order (by topic) means two batches written at once wait for each other, never deadlock.
WITH p, i, topic_nodes WHERE $publish_topics
UNWIND range(0, size($topics[i]) - 1) AS k
WITH p, $topics[i][k] AS topic, $topic_scores[i][k] AS score, $topic_raws[i][k] AS raw,
     topic_nodes
ORDER BY topic
WITH p, topic_nodes[topic] AS t, score, raw
MERGE (p)-[e:EXPERT_IN]->(t)
SET e.score = score, e.score_raw = raw, e.run = $run_id
