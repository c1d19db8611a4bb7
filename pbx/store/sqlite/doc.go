// Package sqlite implements store.Store on an SQLite file through
// github.com/mattn/go-sqlite3 (cgo): the configuration in normalized tables with a
// version and a checksum, and the call records.
//
// # Durability
//
// All writes go through a single-connection writer pool opened with
// journal_mode=WAL, synchronous=FULL (the driver would otherwise quietly use
// NORMAL in WAL mode, which can lose a committed record on power loss),
// BEGIN IMMEDIATE transactions, a 5 s busy timeout and foreign keys on. Reads use a
// separate read-only pool. Every connection of both pools is checked when it is
// made: a connection that does not report journal_mode=wal, synchronous=2,
// busy_timeout=5000 and foreign_keys=1 is refused. AddCDR returns only after the
// record is committed, so a crash or kill -9 after it returns loses nothing
// (see shared/docs/reliability.md, "SQLite configuration").
//
// # Schema
//
// The schema is built by numbered migrations, each applied in its own
// transaction and recorded in schema_version with the oldest schema version whose
// firmware can still use the database (compat), so that firmware one release
// older still opens a database that a newer release migrated. A fresh database
// holds the factory default (pbx.Default) for the ports given in Opts.Kinds.
package sqlite
