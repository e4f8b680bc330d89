// Record a batch of people's scores in a run and, with $publish, make them live in the same
// pass. History: one SCORED relationship per person, holding their scores, the raw rank of each
// of their ranked accounts (what `clout show` explains) and their topic scores, the last two as
// parallel lists (left unset when empty). The run is new and each person is in one batch only,
// so CREATE (not MERGE). Live: row.live (the scores, plus 1 for every network the person has an
// account on but no sub-score) and the run id on the Person.
// Parameters: $run_id, $publish (boolean), $names (the run's topic names), $rows: [{person,
//   props: {score, score_raw, score_percentile, score_<net>}, live: {...}, rank_networks,
//   rank_handles, ranks, topics: [index into $names], topic_scores, topic_raws}].
MATCH (r:ScoringRun {run_id: $run_id})
UNWIND $rows AS row
MATCH (p:Person {person_id: row.person})
CREATE (p)-[s:SCORED]->(r)
SET s = row.props,
    s.rank_networks = row.rank_networks, s.rank_handles = row.rank_handles, s.ranks = row.ranks,
    s.topics = CASE WHEN size(row.topics) > 0 THEN [i IN row.topics | $names[i]] END,
    s.topic_scores = CASE WHEN size(row.topics) > 0 THEN row.topic_scores END,
    s.topic_raws = CASE WHEN size(row.topics) > 0 THEN row.topic_raws END
FOREACH (_ IN CASE WHEN $publish THEN [1] ELSE [] END |
  SET p += row.live, p.score_run = $run_id)
