// The uniqueness constraint on the event keys of one kind: the server refuses a second
// relationship of this kind with the same `eid` (clout.eventkey), also from loads running at the
// same time. Its index serves the loader's "already loaded?" check (load/interactions.cypher).
// `KIND` / `KIND_eid_unique` are replaced by an allow-listed kind name before the query runs.
// Parameters: none.
CREATE CONSTRAINT `KIND_eid_unique` IF NOT EXISTS
FOR ()-[r:`KIND`]-() REQUIRE r.eid IS UNIQUE
