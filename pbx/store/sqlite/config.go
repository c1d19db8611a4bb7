package sqlite

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/analogpbx/pbx/hal"
	"github.com/analogpbx/pbx/pbx"
	"github.com/analogpbx/pbx/pbx/conf"
)

// checksum is the hex sha256 of the canonical export of c.
func checksum(c *pbx.Config) string {
	sum := sha256.Sum256(conf.Export(c))
	return hex.EncodeToString(sum[:])
}

// Config returns the committed configuration and its version, read in one
// transaction and checked against its stored checksum.
func (d *DB) Config(ctx context.Context) (*pbx.Config, int64, error) {
	tx, err := d.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, 0, fmt.Errorf("sqlite: read config: %w", err)
	}
	defer tx.Rollback()
	c, version, err := loadConfig(ctx, tx)
	if err != nil {
		return nil, 0, fmt.Errorf("sqlite: read config: %w", err)
	}
	return c, version, nil
}

// SaveConfig validates c against the committed configuration and commits it,
// with the next version and its checksum, in one transaction.
func (d *DB) SaveConfig(ctx context.Context, c *pbx.Config) (int64, error) {
	if c == nil {
		return 0, fmt.Errorf("sqlite: save config: %w", c.Validate())
	}
	v, err := d.save(ctx, conf.Clone(c), false)
	if err != nil {
		return 0, fmt.Errorf("sqlite: save config: %w", err)
	}
	return v, nil
}

// initConfig stores the factory default in a database that has no configuration yet.
func (d *DB) initConfig(ctx context.Context, kinds []hal.Kind) error {
	_, err := d.save(ctx, pbx.Default(kinds), true)
	if err != nil {
		return fmt.Errorf("factory default: %w", err)
	}
	return nil
}

// save writes c in one write transaction. With onlyIfEmpty it does nothing when a
// configuration is already stored.
func (d *DB) save(ctx context.Context, c *pbx.Config, onlyIfEmpty bool) (int64, error) {
	conf.Canonical(c)
	tx, err := d.w.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	var version int64
	err = tx.QueryRowContext(ctx, `SELECT version FROM config_version WHERE id = 1`).Scan(&version)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		if err := c.Validate(); err != nil {
			return 0, err
		}
	case err != nil:
		return 0, err
	case onlyIfEmpty:
		return version, nil
	default:
		old, _, err := loadConfig(ctx, tx)
		if err != nil {
			old = nil // a damaged stored configuration may be replaced; PINs count as restored
		}
		if err := c.ValidateUpdate(old); err != nil {
			return 0, err
		}
	}
	if err := writeConfig(ctx, tx, c); err != nil {
		return 0, err
	}
	version++
	if _, err := tx.ExecContext(ctx, `INSERT INTO config_version (id, version, checksum, saved, format) VALUES (1, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET version = excluded.version, checksum = excluded.checksum, saved = excluded.saved,
		format = excluded.format`,
		version, checksum(c), time.Now().UTC().Format(time.RFC3339), conf.FormatVersion); err != nil {
		return 0, err
	}
	if err := tx.Commit(); err != nil {
		return 0, err
	}
	return version, nil
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func ms(d time.Duration) int64 { return int64(d / time.Millisecond) }

// writeConfig replaces every configuration row with c.
func writeConfig(ctx context.Context, tx *sql.Tx, c *pbx.Config) error {
	for _, t := range []string{"group_members", "extension_lines", "extension_monitors", "ivr_keys",
		"hunt_groups", "extensions", "trunks", "ivr_menus", "holidays", "hours", "system"} {
		if _, err := tx.ExecContext(ctx, "DELETE FROM "+t); err != nil {
			return fmt.Errorf("clear %s: %w", t, err)
		}
	}
	s := &c.System
	if _, err := tx.ExecContext(ctx, `INSERT INTO system VALUES (1, ?,?,?,?,?, ?,?,?,?,?,?, ?,?,?,?,?,?,?,?,?,?, ?,?,?,?)`,
		s.Zone, s.Language, s.Company, s.Operator, s.AccessCode,
		ms(s.FirstDigit), ms(s.InterDigit), ms(s.MaxRing), ms(s.GroupRingTimeout), ms(s.FlashMin), ms(s.FlashMax),
		b2i(s.DNDInternal), b2i(s.DNDTransfer), s.PickupCode, s.HotlineEscape, s.LongDistance, string(s.Incoming),
		s.AfterHoursMode, s.AfterHoursNumber, s.RecordDir, s.RecordRetention,
		s.ListenCode, s.WhisperCode, s.BargeCode, s.ReleaseCode); err != nil {
		return fmt.Errorf("system: %w", err)
	}
	for _, t := range c.Trunks {
		if _, err := tx.ExecContext(ctx, `INSERT INTO trunks VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
			t.Line, t.Port, t.Name, t.Hotline, t.IVR, t.Group, b2i(t.Rating), b2i(t.ForwardLine), t.AfterHours,
			t.InPrefix, t.OutPrefix, t.IPPrefix, b2i(t.AutoDial), b2i(t.Record), t.Disconnect, string(t.Incoming),
			t.BusyCadence); err != nil {
			return fmt.Errorf("line %d: %w", t.Line, err)
		}
	}
	for _, e := range c.Extensions {
		if _, err := tx.ExecContext(ctx, `INSERT INTO extensions VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
			e.Number, e.Port, e.Name, e.ForwardAlways, e.ForwardBusy, e.ForwardNoAnswer, ms(e.NoAnswerTime), e.Hotline,
			b2i(e.AnnounceAgent), b2i(e.VoicemailBusy), b2i(e.VoicemailNoAns), b2i(e.LongDistance), b2i(e.DND), e.PIN,
			b2i(e.Record), b2i(e.CallWaiting)); err != nil {
			return fmt.Errorf("extension %s: %w", e.Number, err)
		}
	}
	for _, e := range c.Extensions {
		for i, l := range e.Lines {
			if _, err := tx.ExecContext(ctx, `INSERT INTO extension_lines VALUES (?,?,?)`, e.Number, i, l); err != nil {
				return fmt.Errorf("extension %s: lines: %w", e.Number, err)
			}
		}
		for i, m := range e.MayMonitor {
			if _, err := tx.ExecContext(ctx, `INSERT INTO extension_monitors VALUES (?,?,?)`, e.Number, i, m); err != nil {
				return fmt.Errorf("extension %s: may_monitor: %w", e.Number, err)
			}
		}
	}
	for _, g := range c.Groups {
		if _, err := tx.ExecContext(ctx, `INSERT INTO hunt_groups VALUES (?,?,?,?,?,?,?,?,?,?)`,
			g.Number, g.Name, g.Strategy, b2i(g.LastAgentFirst), ms(g.MemberTimeout), ms(g.Timeout), string(g.Overflow),
			b2i(g.Queue), ms(g.QueueMaxWait), b2i(g.Record)); err != nil {
			return fmt.Errorf("group %s: %w", g.Number, err)
		}
		for i, m := range g.Members {
			if _, err := tx.ExecContext(ctx, `INSERT INTO group_members VALUES (?,?,?)`, g.Number, i, m); err != nil {
				return fmt.Errorf("group %s: members: %w", g.Number, err)
			}
		}
	}
	for _, m := range c.IVRs {
		if _, err := tx.ExecContext(ctx, `INSERT INTO ivr_menus VALUES (?,?,?,?,?,?)`,
			m.ID, m.Prompt, b2i(m.DialExt), ms(m.Timeout), m.Retries, string(m.Default)); err != nil {
			return fmt.Errorf("ivr %s: %w", m.ID, err)
		}
		for k, dest := range m.Keys {
			if _, err := tx.ExecContext(ctx, `INSERT INTO ivr_keys VALUES (?,?,?)`, m.ID, k, string(dest)); err != nil {
				return fmt.Errorf("ivr %s: key %s: %w", m.ID, k, err)
			}
		}
	}
	h := &c.Hours
	if _, err := tx.ExecContext(ctx, `INSERT INTO hours VALUES (1,?,?,?,?,?,?,?,?)`, b2i(h.Enabled),
		h.Weekly[0], h.Weekly[1], h.Weekly[2], h.Weekly[3], h.Weekly[4], h.Weekly[5], h.Weekly[6]); err != nil {
		return fmt.Errorf("hours: %w", err)
	}
	for i, s := range h.Holidays {
		if _, err := tx.ExecContext(ctx, `INSERT INTO holidays VALUES (?,?)`, i, s); err != nil {
			return fmt.Errorf("holidays: %w", err)
		}
	}
	return nil
}
