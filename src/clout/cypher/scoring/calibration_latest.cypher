// The newest stored calibration for an algorithm and config version.
// Parameters: $algorithm, $config_version.
MATCH (c:Calibration {algorithm: $algorithm, config_version: $config_version})
RETURN properties(c) AS calibration
ORDER BY c.created_at DESC
LIMIT 1
