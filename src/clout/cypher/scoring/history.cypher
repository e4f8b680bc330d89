// Record a batch of people's scores in a run (its history; nothing here is live: the run's
// switch makes the run live in one transaction, scoring/switch_*.cypher). One SCORED
// relationship per person, holding their scores, the raw rank of each of their ranked accounts
// (what `clout show` explains) and their topic scores, the last two as parallel lists (left
// unset when empty). The run is new and each person is in one batch only, so CREATE (not
// MERGE).
// The batch comes as parallel lists, one entry per person (clout.scoring.history builds them).
// Parameters: $run_id, $names (the run's topic names), $networks (network names),
//   $person (person_id), $score, $score_raw, $score_percentile,
//   $sub ({network: [sub-score or null]}: what SCORED gets as score_<network>; null sets
//   nothing), $rank_networks (lists of indices into $networks), $rank_handles, $ranks,
//   $topics (lists of indices into $names), $topic_scores, $topic_raws.
MATCH (r:ScoringRun {run_id: $run_id})
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
