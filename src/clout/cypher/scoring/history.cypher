// Record a batch of people's scores in a run: one SCORED relationship per person, holding their
// scores, the raw rank of each of their ranked accounts (what `clout show` explains) and their
// topic scores, the last two as parallel lists. The run is new and each person is in one batch
// only, so CREATE (not MERGE). List properties a person has no values for are left unset.
// Parameters: $run_id, $names (the run's topic names), $rows: [{person,
//   props: {score, score_raw, score_percentile, score_<net>}, rank_networks, rank_handles, ranks,
//   topics: [index into $names], topic_scores, topic_raws}].
MATCH (r:ScoringRun {run_id: $run_id})
UNWIND $rows AS row
MATCH (p:Person {person_id: row.person})
CREATE (p)-[s:SCORED]->(r)
SET s = row.props,
    s.rank_networks = row.rank_networks, s.rank_handles = row.rank_handles, s.ranks = row.ranks,
    s.topics = CASE WHEN size(row.topics) > 0 THEN [i IN row.topics | $names[i]] END,
    s.topic_scores = CASE WHEN size(row.topics) > 0 THEN row.topic_scores END,
    s.topic_raws = CASE WHEN size(row.topics) > 0 THEN row.topic_raws END
