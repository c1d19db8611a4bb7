package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"

	sqlite3 "github.com/mattn/go-sqlite3"
)

// Check runs PRAGMA integrity_check on the database; nil means "ok".
func (d *DB) Check(ctx context.Context) error {
	if err := integrity(ctx, d.r); err != nil {
		return fmt.Errorf("sqlite: %s: %w", d.path, err)
	}
	return nil
}

// Backup writes a consistent copy of the database to dst: VACUUM INTO a temporary
// file beside dst, PRAGMA integrity_check on it, fsync, then rename over dst and
// fsync the directory. dst is either the old backup or the new one, never a
// partial file.
func (d *DB) Backup(ctx context.Context, dst string) error {
	tmp := dst + ".tmp"
	if err := os.Remove(tmp); err != nil && !os.IsNotExist(err) {
		return fmt.Errorf("sqlite: backup %s: %w", dst, err)
	}
	if _, err := d.r.ExecContext(ctx, `VACUUM INTO ?`, tmp); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("sqlite: backup %s: %w", dst, err)
	}
	if err := checkFile(ctx, tmp); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("sqlite: backup %s: %w", dst, err)
	}
	if err := syncPath(tmp); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("sqlite: backup %s: %w", dst, err)
	}
	if err := os.Rename(tmp, dst); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("sqlite: backup %s: %w", dst, err)
	}
	if err := syncPath(filepath.Dir(dst)); err != nil {
		return fmt.Errorf("sqlite: backup %s: %w", dst, err)
	}
	return nil
}

// checkFile runs PRAGMA integrity_check on the database file at path, read-only.
func checkFile(ctx context.Context, path string) error {
	db := sql.OpenDB(&connector{dsn: "file:" + uriPath(path) + "?mode=ro", drv: &sqlite3.SQLiteDriver{}})
	defer db.Close()
	return integrity(ctx, db)
}

// integrity runs PRAGMA integrity_check and fails unless it reports ok.
func integrity(ctx context.Context, q querier) error {
	var res string
	if err := q.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&res); err != nil {
		return fmt.Errorf("integrity check: %w", err)
	}
	if res != "ok" {
		return fmt.Errorf("integrity check: %s", res)
	}
	return nil
}

// syncPath fsyncs a file or directory.
func syncPath(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}
