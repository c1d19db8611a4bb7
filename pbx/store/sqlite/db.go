package sqlite

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	sqlite3 "github.com/mattn/go-sqlite3"

	"github.com/analogpbx/pbx/hal"
	"github.com/analogpbx/pbx/pbx/store"
)

// Opts configures Open.
type Opts struct {
	// Lock takes an exclusive lock on PATH+".lock" for the life of the DB, so a
	// second pbxd (or `pbx config import` on the file of a running daemon) is
	// refused. pbxd sets it; read-only tools may leave it off.
	Lock bool
	// Kinds are the ports the card holds (index 0 = physical port 1); a fresh
	// database gets pbx.Default(Kinds) as its configuration.
	Kinds []hal.Kind
	// Readers is the size of the read-only pool, 1 to 16; 0 means 4.
	Readers int
}

// DB is an open PBX database. It implements store.Store and is safe for
// concurrent use.
type DB struct {
	path string
	w    *sql.DB  // writer pool: one connection, BEGIN IMMEDIATE
	r    *sql.DB  // reader pool: read-only connections
	lock *os.File // held flock, or nil
}

var _ store.Store = (*DB)(nil)

// Pragmas every connection must report (reliability.md, "DB settings").
const (
	wantJournal  = "wal"
	wantSync     = "2" // FULL
	wantBusy     = "5000"
	wantForeignK = "1"
)

// Open opens (creating if needed, with its directory) the database at path,
// applies the schema migrations this firmware knows, and gives a fresh database
// the factory default configuration for o.Kinds.
func Open(path string, o Opts) (*DB, error) {
	if path == "" || path == ":memory:" || strings.HasPrefix(path, "file:") {
		return nil, fmt.Errorf("sqlite: open %q: a file path is needed", path)
	}
	readers := o.Readers
	if readers == 0 {
		readers = 4
	}
	if readers < 1 || readers > 16 {
		return nil, fmt.Errorf("sqlite: open %s: %d readers is not 1 to 16", path, readers)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	d := &DB{path: path}
	if o.Lock {
		f, err := lockDB(path)
		if err != nil {
			return nil, err
		}
		d.lock = f
	}
	ctx := context.Background()
	d.w = sql.OpenDB(newConnector(writerDSN(path)))
	d.w.SetMaxOpenConns(1)
	d.w.SetMaxIdleConns(1)
	d.w.SetConnMaxLifetime(0)
	d.w.SetConnMaxIdleTime(0)
	if err := d.w.PingContext(ctx); err != nil {
		d.Close()
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	if err := migrate(ctx, d.w, len(migrations)); err != nil {
		d.Close()
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	if err := d.initConfig(ctx, o.Kinds); err != nil {
		d.Close()
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	d.r = sql.OpenDB(newConnector(readerDSN(path)))
	d.r.SetMaxOpenConns(readers)
	d.r.SetMaxIdleConns(readers)
	if err := d.r.PingContext(ctx); err != nil {
		d.Close()
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	return d, nil
}

// Close closes both pools and releases the lock.
func (d *DB) Close() error {
	var errs []error
	if d.r != nil {
		errs = append(errs, d.r.Close())
	}
	if d.w != nil {
		errs = append(errs, d.w.Close())
	}
	if d.lock != nil {
		errs = append(errs, d.lock.Close())
		d.lock = nil
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("sqlite: close %s: %w", d.path, err)
	}
	return nil
}

// uriPath escapes the characters that end or escape a path in an SQLite URI.
func uriPath(path string) string {
	return strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(path)
}

func writerDSN(path string) string {
	return "file:" + uriPath(path) +
		"?_journal_mode=WAL&_synchronous=FULL&_txlock=immediate&_busy_timeout=5000&_foreign_keys=on"
}

func readerDSN(path string) string {
	return "file:" + uriPath(path) + "?mode=ro&_synchronous=FULL&_busy_timeout=5000&_foreign_keys=on"
}

// connector makes connections of one pool and checks each one's pragmas.
type connector struct {
	dsn string
	drv *sqlite3.SQLiteDriver
}

func newConnector(dsn string) *connector {
	return &connector{dsn: dsn, drv: &sqlite3.SQLiteDriver{
		ConnectHook: func(c *sqlite3.SQLiteConn) error { return checkPragmas(c) },
	}}
}

// Connect opens one connection; the driver runs checkPragmas on it.
func (c *connector) Connect(context.Context) (driver.Conn, error) { return c.drv.Open(c.dsn) }

// Driver returns the go-sqlite3 driver.
func (c *connector) Driver() driver.Driver { return c.drv }

// checkPragmas refuses a connection that does not report the settings the
// durability of call records depends on.
func checkPragmas(c *sqlite3.SQLiteConn) error {
	for _, p := range []struct{ name, want string }{
		{"journal_mode", wantJournal}, {"synchronous", wantSync},
		{"busy_timeout", wantBusy}, {"foreign_keys", wantForeignK},
	} {
		got, err := pragma(c, p.name)
		if err != nil {
			return err
		}
		if !strings.EqualFold(got, p.want) {
			return fmt.Errorf("sqlite: connection reports %s=%s, want %s", p.name, got, p.want)
		}
	}
	return nil
}

// pragma reads one PRAGMA value as text on a raw connection.
func pragma(c *sqlite3.SQLiteConn, name string) (string, error) {
	q, ok := any(c).(driver.Queryer) // not on the driver's cgo-less stub, which cannot open anything
	if !ok {
		return "", fmt.Errorf("sqlite: pragma %s: the driver cannot run queries (built without cgo?)", name)
	}
	rows, err := q.Query("PRAGMA "+name, nil)
	if err != nil {
		return "", fmt.Errorf("sqlite: pragma %s: %w", name, err)
	}
	defer rows.Close()
	v := make([]driver.Value, 1)
	if err := rows.Next(v); err != nil {
		return "", fmt.Errorf("sqlite: pragma %s: %w", name, err)
	}
	return fmt.Sprint(v[0]), nil
}
