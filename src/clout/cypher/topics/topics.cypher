// Create the Topic nodes a run scored (the schema keeps names unique).
// Parameters: $names (list of strings).
UNWIND $names AS name
MERGE (:Topic {name: name})
