// Purpose: how many completed loads in the database are not the demo's own file.
// :param file => '/home/me/.local/share/clout/demo/world-2024/interactions.csv'
MATCH (l:Load)
WHERE l.file <> $file
RETURN count(l) AS foreign
