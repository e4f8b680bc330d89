// The interactions a scoring window counts, sent by one chunk of accounts, as parallel lists
// (one row). clout.scoring.weights turns them into the weighted edges PageRank runs on.
// Counted: the configured kinds, start < at <= as_of, optionally one network, never an
// interaction of an account with itself (those between two accounts of one owner are left out
// in Python, clout.scoring.influence, which knows the owners).
// Parameters: $accounts (Neo4j ids of the actor accounts, e.g. [0, 1, 2]), $kinds (e.g.
// ["SHARED", "LIKED"]), $kind_codes (each kind's position in $kinds, e.g. {SHARED: 0,
// LIKED: 1}), $start / $as_of (epoch seconds, as `at`), $network (string or null),
// $with_topics (boolean: also return each event's topics), $separator (what joins an event's
// topics).
// Returns: source, target (account ids), kind (its code: a small number decodes far faster
// than a string), at (epoch seconds), count, and topics (when $with_topics, a string per event:
// its topics, each followed by $separator; one string decodes far faster than a list; else
// empty).
// The ids are accounts (scoring/accounts) and an account's outgoing relationships of these
// kinds always end at an account, so no label is checked (a sixth of the read's time at 10M).
UNWIND $accounts AS id
MATCH (a) WHERE id(a) = id AND ($network IS NULL OR a.network = $network)
MATCH (a)-[r]->(b)
WHERE type(r) IN $kinds AND r.at > $start AND r.at <= $as_of
  AND a <> b
RETURN collect(id) AS source, collect(id(b)) AS target, collect($kind_codes[type(r)]) AS kind,
       collect(r.at) AS at, collect(coalesce(r.count, 1)) AS count,
       collect(CASE WHEN $with_topics
               THEN reduce(s = '', t IN coalesce(r.topics, []) | s + t + $separator) END) AS topics
