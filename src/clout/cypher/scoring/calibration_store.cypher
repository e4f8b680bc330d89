// Store a fitted calibration. Parameters: $props (version, method, algorithm, knots, ...).
CREATE (c:Calibration)
SET c = $props, c.created_at = datetime()
RETURN c.version AS version
