// Purpose: the topic with topic scores that `topic` names, matched case-insensitively (the
// exact spelling first).
// Parameters (paste into Neo4j Browser without the leading //):
// :param topic => "python"
MATCH (t:Topic)
WHERE toLower(t.name) = toLower($topic) AND EXISTS { (t)<-[:EXPERT_IN]-(:Person) }
RETURN t.name AS topic
ORDER BY t.name = $topic DESC, topic
LIMIT 1
