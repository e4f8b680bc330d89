// The uniqueness constraint on the event ids of one kind: the server refuses a second
// relationship of this kind with the same event_id, also from loads running at the same time.
// Its index serves the loader's "already loaded?" check (load/interactions.cypher).
// `KIND` / `KIND_event_unique` are replaced by an allow-listed kind name before the query runs.
// Parameters: none.
CREATE CONSTRAINT `KIND_event_unique` IF NOT EXISTS
FOR ()-[r:`KIND`]-() REQUIRE r.event_id IS UNIQUE
