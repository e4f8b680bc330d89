// Purpose: the live scores of the calibration population (everyone who scored above 1).
// Parameters: none.
MATCH (p:Person)
WHERE p.score > 1
RETURN p.score AS score
