// Purpose: the networks that have accounts, alphabetically.
// Parameters: none.
MATCH (a:Account)
RETURN DISTINCT a.network AS network
ORDER BY network
