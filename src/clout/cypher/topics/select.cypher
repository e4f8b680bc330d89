// The topics of the counted interactions in one window, busiest first, with their activity.
// The filter is scoring/project.cypher's (kinds, window, network, no self-interactions).
// Parameters: $start / $as_of (DATETIME), $kinds, $network (string or null),
// $min_interactions, $min_people (distinct receiving accounts), $max_topics.
// Returns: topic, interactions, people.
MATCH (a:Account)-[r]->(b:Account)
WHERE type(r) IN $kinds AND r.at > $start AND r.at <= $as_of
  AND ($network IS NULL OR a.network = $network)
  AND NOT coalesce(r.self, false) AND a <> b AND size(coalesce(r.topics, [])) > 0
UNWIND r.topics AS topic
WITH topic, count(*) AS interactions, count(DISTINCT b) AS people
WHERE interactions >= $min_interactions AND people >= $min_people
RETURN topic, interactions, people
ORDER BY interactions DESC, topic
LIMIT $max_topics
