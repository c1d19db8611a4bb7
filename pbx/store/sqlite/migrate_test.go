package sqlite

import (
	"context"
	"database/sql"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

// schema lists the database objects with their SQL.
func schema(t *testing.T, db *sql.DB) []string {
	t.Helper()
	rows, err := db.Query(`SELECT type || ' ' || name || ': ' || coalesce(sql, '') FROM sqlite_master
		WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	return out
}

func TestMigrateFromEachVersion(t *testing.T) {
	ctx := t.Context()
	fresh := open(t, filepath.Join(t.TempDir(), "fresh.db"), Opts{Kinds: sim})
	want := schema(t, fresh.w)
	if v, _, err := schemaVersion(ctx, fresh.w); err != nil || v != len(migrations) {
		t.Fatalf("fresh schema version %d, %v; want %d", v, err, len(migrations))
	}
	for from := 0; from < len(migrations); from++ {
		t.Run("from version "+strconv.Itoa(from), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "old.db")
			w := sql.OpenDB(newConnector(writerDSN(path)))
			if err := migrate(ctx, w, from); err != nil {
				t.Fatalf("migrate to %d: %v", from, err)
			}
			if v, _, _ := schemaVersion(ctx, w); v != from {
				t.Fatalf("schema version %d, want %d", v, from)
			}
			if from >= 2 { // a call record made by the older firmware must survive
				if _, err := w.Exec(`INSERT INTO cdr (start_ns, utc_offset, from_num, to_num, line, port, route, agent,
					disposition, rating, recording) VALUES (1, 0, '801', '802', 0, 1, '', '', 'busy', '', '')`); err != nil {
					t.Fatal(err)
				}
			}
			w.Close()
			d := open(t, path, Opts{Kinds: sim})
			if got := schema(t, d.w); !reflect.DeepEqual(got, want) {
				t.Errorf("schema after migrating from %d:\n%s\nwant\n%s", from, strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
			if _, v, err := d.Config(ctx); err != nil || v != 1 {
				t.Errorf("Config() = version %d, %v", v, err)
			}
			if from >= 2 {
				if r, err := d.CDRs(ctx, storeFilter()); err != nil || len(r) != 1 || r[0].Disposition != "busy" {
					t.Errorf("old call record after migration: %v, %v", r, err)
				}
			}
		})
	}
}

func TestNewerSchema(t *testing.T) {
	tests := []struct {
		name    string
		compat  int
		wantErr string
	}{
		{"compatible newer schema opens", 1, ""},
		{"incompatible newer schema refused", 99, "database schema version 99 needs firmware that knows schema version 99 or later (this firmware knows " + strconv.Itoa(len(migrations)) + ")"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "pbx.db")
			d := open(t, path, Opts{Kinds: sim})
			if _, err := d.w.ExecContext(context.Background(), `INSERT INTO schema_version VALUES (99, ?, 'later')`, tc.compat); err != nil {
				t.Fatal(err)
			}
			d.Close()
			d2, err := Open(path, Opts{})
			if tc.wantErr == "" {
				if err != nil {
					t.Fatalf("Open() = %v", err)
				}
				d2.Close()
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("Open() = %v, want %q", err, tc.wantErr)
			}
		})
	}
}
