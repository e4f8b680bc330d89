// How much memory the server lets transactions hold (decides whether a run's scores can be
// made live in one transaction). Needs the right to see settings; callers fall back otherwise.
// Parameters: none.
SHOW SETTINGS YIELD name, value
WHERE name = 'dbms.memory.transaction.total.max'
RETURN value
