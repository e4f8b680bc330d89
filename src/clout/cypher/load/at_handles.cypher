// Whether any account handle is stored with a leading `@` (an index seek on account_handle).
// Parameters: none.
RETURN EXISTS { MATCH (a:Account) WHERE a.handle STARTS WITH '@' } AS found
