// clout's graph schema: constraints and indexes, applied idempotently on first use.
//
// Data model
//   (:Person {person_id, name})                  a human
//   (:Person)-[:OWNS]->(:Account)                 their accounts; without an identity mapping,
//   (:Account {network, handle})                  each account is its own person; `handle` is
//                                                 stored without a leading `@`
//   (:Account)-[:REPLIED_TO|SHARED|LIKED|MENTIONED|COMMENTED_ON
//              {at, eid, count?, topics?, event_id?}]->(:Account)
//       one relationship per interaction event, from the actor to the account credited (the
//       replied-to, shared, liked, mentioned or commented-on account), a lean record (record
//       version 2, clout.schema):
//       `at`     INTEGER, UTC seconds since the epoch (datetime({epochSeconds: r.at}) shows it);
//       `eid`    INTEGER, the event's key: a 64-bit hash of its id "<network>:<input id>" or
//                "<network>:h<content hash>" (clout.eventkey), unique per kind (enforced by the
//                server, also between loads that run at the same time);
//       `count`  a positive number, absent when 1 (read coalesce(r.count, 1)): whole for
//                counted events, fractional for pre-aggregated weights;
//       `topics` a list of strings, absent when none (read coalesce(r.topics, []));
//       `event_id` the id's text, only when loaded with --keep-event-ids.
//       What follows from the accounts is not stored per event: the network is the accounts'
//       (`a.network`), and an interaction between two accounts of one owner is left out by
//       the readers (same person), not flagged. Kinds come from the allow-list in
//       defaults/clout.toml.
//   (:Person {automatic: true})                   made by the loader for an account without an
//                                                 identity mapping (person_id "<network>:<handle>")
//   (:Load {key, file, sha256, batches, batches_done, ahead, rows, done})
//       one loaded file + options: the manifest that makes loads idempotent and resumable
//   (:LoadLease {id, file, pid, host, heartbeat})  a load writing now (scoring waits for none)
//   (:CloutGate {name})                           passed by loads and runs as they register
//   (:CloutSchema {name: 'record', version})      the interaction record's version (2: lean)
//   (:Topic {name})                               an area of expertise
//   (:ScoringRun {run_id, status, live, ...})     one `clout score` run; `live` on the one whose
//                                                 values the people carry now
//   (:ScoringLock {name, run_id, pid, host, ...}) the run scoring now
//   (:Calibration {version, ...})                 a stored raw-to-score map
//
// Parameters: none.

CREATE CONSTRAINT person_id IF NOT EXISTS
FOR (p:Person) REQUIRE p.person_id IS UNIQUE;

CREATE CONSTRAINT account_key IF NOT EXISTS
FOR (a:Account) REQUIRE (a.network, a.handle) IS UNIQUE;

CREATE INDEX account_handle IF NOT EXISTS
FOR (a:Account) ON (a.handle);

CREATE CONSTRAINT topic_name IF NOT EXISTS
FOR (t:Topic) REQUIRE t.name IS UNIQUE;

CREATE CONSTRAINT scoring_run_id IF NOT EXISTS
FOR (r:ScoringRun) REQUIRE r.run_id IS UNIQUE;

CREATE CONSTRAINT calibration_version IF NOT EXISTS
FOR (c:Calibration) REQUIRE c.version IS UNIQUE;

CREATE INDEX person_score IF NOT EXISTS
FOR (p:Person) ON (p.score);

CREATE INDEX person_name IF NOT EXISTS
FOR (p:Person) ON (p.name);

// Event keys: a uniqueness constraint on `eid` per kind, which the loader creates before it
// writes (loader/writer.py ensure_event_constraints, load/event_constraint.cypher); it refuses,
// naming `clout load dedupe`, when the database holds repeated keys.

// The time of each kind's interactions: the newest one is the default --as-of (an index seek
// instead of a scan of every relationship: 37 s at 10M interactions).
CREATE INDEX replied_to_at IF NOT EXISTS
FOR ()-[r:REPLIED_TO]-() ON (r.at);

CREATE INDEX shared_at IF NOT EXISTS
FOR ()-[r:SHARED]-() ON (r.at);

CREATE INDEX liked_at IF NOT EXISTS
FOR ()-[r:LIKED]-() ON (r.at);

CREATE INDEX mentioned_at IF NOT EXISTS
FOR ()-[r:MENTIONED]-() ON (r.at);

CREATE INDEX commented_on_at IF NOT EXISTS
FOR ()-[r:COMMENTED_ON]-() ON (r.at);

CREATE CONSTRAINT scoring_lock IF NOT EXISTS
FOR (l:ScoringLock) REQUIRE l.name IS UNIQUE;

CREATE INDEX scoring_run_status IF NOT EXISTS
FOR (r:ScoringRun) ON (r.status);

CREATE CONSTRAINT load_key IF NOT EXISTS
FOR (l:Load) REQUIRE l.key IS UNIQUE;

CREATE CONSTRAINT load_lease_id IF NOT EXISTS
FOR (l:LoadLease) REQUIRE l.id IS UNIQUE;

CREATE CONSTRAINT clout_gate_name IF NOT EXISTS
FOR (g:CloutGate) REQUIRE g.name IS UNIQUE;

CREATE CONSTRAINT clout_schema_name IF NOT EXISTS
FOR (s:CloutSchema) REQUIRE s.name IS UNIQUE;
