package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// migration is one step of the schema. compat is the oldest schema version whose
// firmware can still read and write the database after this step (1 when the
// step only adds tables, indexes or columns with defaults).
type migration struct {
	compat int
	sql    string
}

// migrations are applied in order; migration i brings the schema to version i+1.
// Never edit a released migration: append a new one.
var migrations = []migration{
	// 1: the configuration.
	{1, `
CREATE TABLE schema_version (
	version INTEGER PRIMARY KEY,
	compat  INTEGER NOT NULL,
	applied TEXT NOT NULL
);
CREATE TABLE config_version (
	id       INTEGER PRIMARY KEY CHECK (id = 1),
	version  INTEGER NOT NULL,
	checksum TEXT NOT NULL, -- sha256 of the canonical export (pbx/conf.Export), hex
	saved    TEXT NOT NULL
);
CREATE TABLE system (
	id                    INTEGER PRIMARY KEY CHECK (id = 1),
	zone                  TEXT NOT NULL,
	language              TEXT NOT NULL,
	company               TEXT NOT NULL,
	operator              TEXT NOT NULL,
	access_code           TEXT NOT NULL,
	first_digit_ms        INTEGER NOT NULL,
	inter_digit_ms        INTEGER NOT NULL,
	max_ring_ms           INTEGER NOT NULL,
	group_ring_timeout_ms INTEGER NOT NULL,
	flash_min_ms          INTEGER NOT NULL,
	flash_max_ms          INTEGER NOT NULL,
	dnd_internal          INTEGER NOT NULL,
	dnd_transfer          INTEGER NOT NULL,
	pickup_code           TEXT NOT NULL,
	hotline_escape        TEXT NOT NULL,
	long_distance         TEXT NOT NULL,
	incoming              TEXT NOT NULL,
	after_hours_mode      INTEGER NOT NULL,
	after_hours_number    TEXT NOT NULL,
	record_dir            TEXT NOT NULL,
	record_retention      INTEGER NOT NULL
);
CREATE TABLE trunks (
	line         INTEGER PRIMARY KEY,
	port         INTEGER NOT NULL,
	name         TEXT NOT NULL,
	hotline      TEXT NOT NULL,
	ivr          TEXT NOT NULL,
	grp          TEXT NOT NULL,
	rating       INTEGER NOT NULL,
	forward_line INTEGER NOT NULL,
	after_hours  TEXT NOT NULL,
	in_prefix    TEXT NOT NULL,
	out_prefix   TEXT NOT NULL,
	ip_prefix    TEXT NOT NULL,
	auto_dial    INTEGER NOT NULL,
	record       INTEGER NOT NULL,
	disconnect   TEXT NOT NULL,
	incoming     TEXT NOT NULL,
	busy_cadence TEXT NOT NULL
);
CREATE TABLE extensions (
	number             TEXT PRIMARY KEY,
	port               INTEGER NOT NULL,
	name               TEXT NOT NULL,
	forward_always     TEXT NOT NULL,
	forward_busy       TEXT NOT NULL,
	forward_noanswer   TEXT NOT NULL,
	noanswer_time_ms   INTEGER NOT NULL,
	hotline            INTEGER NOT NULL, -- line number, 0 = none
	announce_agent     INTEGER NOT NULL,
	voicemail_busy     INTEGER NOT NULL,
	voicemail_noanswer INTEGER NOT NULL,
	long_distance      INTEGER NOT NULL,
	dnd                INTEGER NOT NULL,
	pin                TEXT NOT NULL,
	record             INTEGER NOT NULL,
	call_waiting       INTEGER NOT NULL
);
CREATE TABLE extension_lines (
	number TEXT NOT NULL REFERENCES extensions (number) ON DELETE CASCADE,
	pos    INTEGER NOT NULL,
	line   INTEGER NOT NULL REFERENCES trunks (line),
	PRIMARY KEY (number, pos)
);
CREATE TABLE extension_monitors (
	number TEXT NOT NULL REFERENCES extensions (number) ON DELETE CASCADE,
	pos    INTEGER NOT NULL,
	target TEXT NOT NULL REFERENCES extensions (number),
	PRIMARY KEY (number, pos)
);
CREATE TABLE hunt_groups (
	number            TEXT PRIMARY KEY,
	name              TEXT NOT NULL,
	strategy          TEXT NOT NULL,
	last_agent_first  INTEGER NOT NULL,
	member_timeout_ms INTEGER NOT NULL,
	timeout_ms        INTEGER NOT NULL,
	overflow          TEXT NOT NULL,
	queue             INTEGER NOT NULL,
	queue_max_wait_ms INTEGER NOT NULL,
	record            INTEGER NOT NULL
);
CREATE TABLE group_members (
	grp    TEXT NOT NULL REFERENCES hunt_groups (number) ON DELETE CASCADE,
	pos    INTEGER NOT NULL,
	number TEXT NOT NULL REFERENCES extensions (number),
	PRIMARY KEY (grp, pos)
);
CREATE TABLE ivr_menus (
	id         TEXT PRIMARY KEY,
	prompt     TEXT NOT NULL,
	dial_ext   INTEGER NOT NULL,
	timeout_ms INTEGER NOT NULL,
	retries    INTEGER NOT NULL,
	dflt       TEXT NOT NULL
);
CREATE TABLE ivr_keys (
	menu TEXT NOT NULL REFERENCES ivr_menus (id) ON DELETE CASCADE,
	key  TEXT NOT NULL,
	dest TEXT NOT NULL,
	PRIMARY KEY (menu, key)
);
CREATE TABLE hours (
	id      INTEGER PRIMARY KEY CHECK (id = 1),
	enabled INTEGER NOT NULL,
	sun     TEXT NOT NULL,
	mon     TEXT NOT NULL,
	tue     TEXT NOT NULL,
	wed     TEXT NOT NULL,
	thu     TEXT NOT NULL,
	fri     TEXT NOT NULL,
	sat     TEXT NOT NULL
);
CREATE TABLE holidays (
	pos  INTEGER PRIMARY KEY,
	spec TEXT NOT NULL -- 2026-10-01 or 2026-10-01..2026-10-07
);
`},
	// 2: call records.
	{1, `
CREATE TABLE cdr (
	id          INTEGER PRIMARY KEY AUTOINCREMENT, -- never reused, even after pruning
	start_ns    INTEGER NOT NULL,                  -- Unix time in nanoseconds
	answer_ns   INTEGER,                           -- NULL: never answered
	end_ns      INTEGER,                           -- NULL: not ended
	utc_offset  INTEGER NOT NULL,                  -- seconds east of UTC of the start, as recorded
	from_num    TEXT NOT NULL,
	to_num      TEXT NOT NULL,
	line        INTEGER NOT NULL,                  -- 0: internal call
	port        INTEGER NOT NULL,
	route       TEXT NOT NULL,
	agent       TEXT NOT NULL,
	disposition TEXT NOT NULL,
	rating      TEXT NOT NULL,
	recording   TEXT NOT NULL
);
`},
	// 3: reports select call records by time and agent.
	{1, `
CREATE INDEX cdr_start ON cdr (start_ns);
CREATE INDEX cdr_agent ON cdr (agent) WHERE agent != '';
`},
	// 4: the checksum names the export format it was computed over (conf.FormatVersion).
	{1, `
ALTER TABLE config_version ADD COLUMN format INTEGER NOT NULL DEFAULT 1;
`},
	// 5: monitoring feature codes.
	{1, `
ALTER TABLE system ADD COLUMN listen_code TEXT NOT NULL DEFAULT '*81';
ALTER TABLE system ADD COLUMN whisper_code TEXT NOT NULL DEFAULT '*82';
ALTER TABLE system ADD COLUMN barge_code TEXT NOT NULL DEFAULT '*83';
ALTER TABLE system ADD COLUMN release_code TEXT NOT NULL DEFAULT '*84';
`},
}

// schemaVersion returns the database's schema version (0 for an empty database)
// and the oldest version whose firmware can use it.
func schemaVersion(ctx context.Context, q querier) (version, compat int, err error) {
	var n int
	if err := q.QueryRowContext(ctx,
		`SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'`).Scan(&n); err != nil {
		return 0, 0, fmt.Errorf("schema version: %w", err)
	}
	if n == 0 {
		return 0, 0, nil
	}
	err = q.QueryRowContext(ctx,
		`SELECT version, compat FROM schema_version ORDER BY version DESC LIMIT 1`).Scan(&version, &compat)
	if err == sql.ErrNoRows {
		return 0, 0, nil
	}
	if err != nil {
		return 0, 0, fmt.Errorf("schema version: %w", err)
	}
	return version, compat, nil
}

// migrate brings the schema of the writer pool db to version upto, one
// transaction per migration. A database newer than this firmware is used as it
// is when its compat version allows, else refused.
func migrate(ctx context.Context, db *sql.DB, upto int) error {
	for {
		done, err := migrateOne(ctx, db, upto)
		if err != nil || done {
			return err
		}
	}
}

// migrateOne applies the next migration, if any, in one transaction.
func migrateOne(ctx context.Context, db *sql.DB, upto int) (done bool, err error) {
	tx, err := db.BeginTx(ctx, nil) // BEGIN IMMEDIATE: the version cannot change under us
	if err != nil {
		return false, fmt.Errorf("migrate: %w", err)
	}
	defer tx.Rollback()
	v, compat, err := schemaVersion(ctx, tx)
	if err != nil {
		return false, err
	}
	if v > len(migrations) {
		if compat > len(migrations) {
			return false, fmt.Errorf("database schema version %d needs firmware that knows schema version %d or later (this firmware knows %d)",
				v, compat, len(migrations))
		}
		return true, nil
	}
	if v >= upto {
		return true, nil
	}
	m := migrations[v]
	if _, err := tx.ExecContext(ctx, m.sql); err != nil {
		return false, fmt.Errorf("migrate to schema version %d: %w", v+1, err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_version (version, compat, applied) VALUES (?, ?, ?)`,
		v+1, m.compat, time.Now().UTC().Format(time.RFC3339)); err != nil {
		return false, fmt.Errorf("migrate to schema version %d: %w", v+1, err)
	}
	if err := tx.Commit(); err != nil {
		return false, fmt.Errorf("migrate to schema version %d: %w", v+1, err)
	}
	return false, nil
}

// querier is what *sql.DB, *sql.Conn and *sql.Tx share.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}
