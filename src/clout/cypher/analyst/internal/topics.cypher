// Purpose: the topics that have topic scores, alphabetically.
// Parameters: none.
MATCH (t:Topic)
WHERE EXISTS { (t)<-[:EXPERT_IN]-(:Person) }
RETURN t.name AS topic
ORDER BY topic
