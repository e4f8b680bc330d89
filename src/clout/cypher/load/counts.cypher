// Node counts (served by the count store).
// Parameters: none.
CALL () { MATCH (p:Person) RETURN count(p) AS people }
CALL () { MATCH (a:Account) RETURN count(a) AS accounts }
RETURN people, accounts
