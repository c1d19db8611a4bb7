package sqlite

import (
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/analogpbx/pbx/hal"
	"github.com/analogpbx/pbx/pbx"
	"github.com/analogpbx/pbx/pbx/conf"
)

var sim = []hal.Kind{hal.KindFXS, hal.KindFXS, hal.KindFXS, hal.KindFXS,
	hal.KindFXO, hal.KindFXO, hal.KindFXO, hal.KindFXO}

func open(t *testing.T, path string, o Opts) *DB {
	t.Helper()
	d, err := Open(path, o)
	if err != nil {
		t.Fatalf("Open(%s) = %v", path, err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

// site is a configuration away from the factory default in every table.
const site = `
[system]
zone = cn
language = zh
company = Acme 有限公司
long_distance = 0
after_hours = forward
after_hours_number = 13800138000
[line 1]
name = Main line
group = 601
forward_line = yes
rating = yes
busy_cadence = 350,350
[line 2]
hotline = 804
[extension 801]
name = Reception
forward_busy = 802
noanswer_time = 15s
lines = 2,1
may_monitor = 803,802
pin = 271828
[extension 804]
hotline = 2
[extension 805]
port = 0
name = SIP phone
[group 601]
strategy = roundrobin
last_agent_first = yes
members = 803,802
queue = yes
queue_max_wait = 5m
overflow = voicemail:801
[ivr sales]
prompt = sales
key 1 = group:601
key 2 = ivr:main
key # = back
default = group:601
[ivr main]
key 1 = ivr:sales
[hours]
enabled = yes
mon = 09:00-12:00,13:00-18:00
holidays = 2026-10-01..2026-10-07,2027-01-01
`

func siteConfig(t *testing.T) *pbx.Config {
	t.Helper()
	c, err := conf.Parse(strings.NewReader(site), "site.conf", pbx.Default(sim))
	if err != nil {
		t.Fatalf("site config: %v", err)
	}
	return c
}

func TestOpenFresh(t *testing.T) {
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "var", "pbx.db")
	d := open(t, path, Opts{Kinds: sim})
	c, v, err := d.Config(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := pbx.Default(sim)
	conf.Canonical(want)
	if v != 1 || !reflect.DeepEqual(c, want) {
		t.Errorf("fresh Config() = version %d\n%s\nwant version 1\n%s", v, conf.Export(c), conf.Export(want))
	}
	d.Close()
	// reopening with other ports keeps the stored configuration
	d = open(t, path, Opts{Kinds: []hal.Kind{hal.KindFXS}})
	if c2, v2, err := d.Config(ctx); err != nil || v2 != 1 || !reflect.DeepEqual(c2, want) {
		t.Errorf("reopened Config() = version %d, %v; want version 1, unchanged", v2, err)
	}
}

func TestPragmasOnEveryConnection(t *testing.T) {
	ctx := t.Context()
	d := open(t, filepath.Join(t.TempDir(), "pbx.db"), Opts{Readers: 3})
	check := func(pool string, c *sql.Conn) {
		for _, p := range []struct{ name, want string }{
			{"journal_mode", "wal"}, {"synchronous", "2"}, {"busy_timeout", "5000"}, {"foreign_keys", "1"},
		} {
			var got string
			if err := c.QueryRowContext(ctx, "PRAGMA "+p.name).Scan(&got); err != nil {
				t.Fatalf("%s: PRAGMA %s: %v", pool, p.name, err)
			}
			if got != p.want {
				t.Errorf("%s: PRAGMA %s = %s, want %s", pool, p.name, got, p.want)
			}
		}
	}
	w, err := d.w.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	check("writer", w)
	w.Close()
	var conns []*sql.Conn
	for range 3 { // hold them all, so each is a separate connection
		c, err := d.r.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		conns = append(conns, c)
		check("reader", c)
		if _, err := c.ExecContext(ctx, `DELETE FROM cdr`); err == nil {
			t.Error("reader connection could write")
		}
	}
	for _, c := range conns {
		c.Close()
	}
}

func TestPragmaCheckRefusesDriverDefaults(t *testing.T) {
	path := filepath.Join(t.TempDir(), "pbx.db")
	open(t, path, Opts{}).Close()
	for _, tc := range []struct{ name, dsn, want string }{
		{"WAL without synchronous", "file:" + path + "?_journal_mode=WAL&_busy_timeout=5000&_foreign_keys=on", "synchronous=1, want 2"},
		{"short busy timeout", "file:" + path + "?_journal_mode=WAL&_synchronous=FULL&_busy_timeout=100&_foreign_keys=on", "busy_timeout=100, want 5000"},
		{"no foreign keys", "file:" + path + "?_synchronous=FULL&_busy_timeout=5000", "foreign_keys=0, want 1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db := sql.OpenDB(newConnector(tc.dsn))
			defer db.Close()
			if err := db.Ping(); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Ping() = %v, want an error with %q", err, tc.want)
			}
		})
	}
}

func TestSaveConfig(t *testing.T) {
	ctx := t.Context()
	d := open(t, filepath.Join(t.TempDir(), "pbx.db"), Opts{Kinds: sim})
	c := siteConfig(t)
	v, err := d.SaveConfig(ctx, c)
	if err != nil || v != 2 {
		t.Fatalf("SaveConfig() = %d, %v; want 2", v, err)
	}
	got, v, err := d.Config(ctx)
	if err != nil || v != 2 || !reflect.DeepEqual(got, c) {
		t.Fatalf("Config() = version %d, %v\n%s\nwant version 2\n%s", v, err, conf.Export(got), conf.Export(c))
	}
	var sum string
	if err := d.r.QueryRowContext(ctx, `SELECT checksum FROM config_version`).Scan(&sum); err != nil || sum != checksum(c) {
		t.Errorf("stored checksum %s, %v; want %s", sum, err, checksum(c))
	}

	tests := []struct {
		name string
		edit func(c *pbx.Config)
		want string
	}{
		{"forward loop", func(c *pbx.Config) { c.Extensions[1].ForwardBusy = "801" }, "extension 801: forward_busy: forward loop 801 → 802 → 801"},
		{"new short PIN", func(c *pbx.Config) { c.Extensions[1].PIN = "4711" }, "extension 802: pin: a new PIN needs at least 6 digits"},
		{"unknown zone", func(c *pbx.Config) { c.System.Zone = "xx" }, `system: zone: "xx" is not a known zone`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			bad := conf.Clone(c)
			tc.edit(bad)
			_, err := d.SaveConfig(ctx, bad)
			var ve *pbx.ValidationError
			if !errors.As(err, &ve) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("SaveConfig() = %v, want a *pbx.ValidationError with %q", err, tc.want)
			}
			if got, v, err := d.Config(ctx); err != nil || v != 2 || !reflect.DeepEqual(got, c) {
				t.Errorf("after a refused save: version %d, %v; want version 2 unchanged", v, err)
			}
		})
	}
}

func TestConfigChecksumMismatch(t *testing.T) {
	ctx := t.Context()
	d := open(t, filepath.Join(t.TempDir(), "pbx.db"), Opts{Kinds: sim})
	if _, err := d.w.ExecContext(ctx, `UPDATE system SET company = 'tampered'`); err != nil {
		t.Fatal(err)
	}
	if _, _, err := d.Config(ctx); err == nil || !strings.Contains(err.Error(), "does not match its checksum") {
		t.Errorf("Config() after a change behind its back = %v, want a checksum error", err)
	}
	// a checksum over another export format is not compared
	if _, err := d.w.ExecContext(ctx, `UPDATE config_version SET format = 0`); err != nil {
		t.Fatal(err)
	}
	if c, _, err := d.Config(ctx); err != nil || c.System.Company != "tampered" {
		t.Errorf("Config() with a checksum of another format = %v", err)
	}
	// a save repairs it
	if v, err := d.SaveConfig(ctx, pbx.Default(sim)); err != nil || v != 2 {
		t.Errorf("SaveConfig() over a damaged configuration = %d, %v", v, err)
	}
	if _, _, err := d.Config(ctx); err != nil {
		t.Errorf("Config() after the repair = %v", err)
	}
}

func TestLock(t *testing.T) {
	path := filepath.Join(t.TempDir(), "pbx.db")
	d := open(t, path, Opts{Lock: true})
	_, err := Open(path, Opts{Lock: true})
	want := "sqlite: database " + path + " is in use by another pbxd (pid " + strconv.Itoa(os.Getpid()) + ")"
	if err == nil || err.Error() != want {
		t.Errorf("second Open() = %v, want %q", err, want)
	}
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	open(t, path, Opts{Lock: true}) // released by Close
}

func TestBackup(t *testing.T) {
	ctx := t.Context()
	dir := t.TempDir()
	d := open(t, filepath.Join(dir, "pbx.db"), Opts{Kinds: sim})
	c := siteConfig(t)
	if _, err := d.SaveConfig(ctx, c); err != nil {
		t.Fatal(err)
	}
	if _, err := d.AddCDR(ctx, &pbx.CDR{Start: time.Now(), From: "801", To: "802", Disposition: pbx.Busy}); err != nil {
		t.Fatal(err)
	}
	dst := filepath.Join(dir, "backup.db")
	for range 2 { // the second replaces the first
		if err := d.Backup(ctx, dst); err != nil {
			t.Fatalf("Backup() = %v", err)
		}
	}
	if _, err := os.Stat(dst + ".tmp"); !os.IsNotExist(err) {
		t.Errorf("temporary file left: %v", err)
	}
	b := open(t, dst, Opts{})
	if got, v, err := b.Config(ctx); err != nil || v != 2 || !reflect.DeepEqual(got, c) {
		t.Errorf("backup Config() = version %d, %v", v, err)
	}
	if r, err := b.CDRs(ctx, storeFilter()); err != nil || len(r) != 1 || r[0].To != "802" {
		t.Errorf("backup CDRs() = %v, %v", r, err)
	}
	if err := b.Check(ctx); err != nil {
		t.Error(err)
	}
}
