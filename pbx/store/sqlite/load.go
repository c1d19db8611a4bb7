package sqlite

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/analogpbx/pbx/pbx"
	"github.com/analogpbx/pbx/pbx/conf"
)

// errNoConfig means the database holds no configuration yet.
var errNoConfig = errors.New("no configuration stored")

func msDur(n int64) time.Duration { return time.Duration(n) * time.Millisecond }

// loadConfig reads the configuration through q (a transaction, for a consistent
// snapshot) and checks it against the stored checksum.
func loadConfig(ctx context.Context, q querier) (*pbx.Config, int64, error) {
	var version int64
	var sum string
	var format int
	if err := q.QueryRowContext(ctx, `SELECT version, checksum, format FROM config_version WHERE id = 1`).Scan(&version, &sum, &format); err != nil {
		return nil, 0, errors.Join(errNoConfig, err)
	}
	c := &pbx.Config{}
	for _, step := range []func(context.Context, querier, *pbx.Config) error{
		loadSystem, loadTrunks, loadExtensions, loadGroups, loadMenus, loadHours,
	} {
		if err := step(ctx, q, c); err != nil {
			return nil, 0, err
		}
	}
	conf.Canonical(c)
	// A checksum over another export format (firmware before or after an upgrade
	// that added keys) cannot be compared; the next save writes a current one.
	if got := checksum(c); format == conf.FormatVersion && got != sum {
		return nil, 0, fmt.Errorf("stored configuration version %d does not match its checksum (%.12s…, want %.12s…)", version, got, sum)
	}
	return c, version, nil
}

func loadSystem(ctx context.Context, q querier, c *pbx.Config) error {
	s := &c.System
	var first, inter, maxRing, groupRing, fmin, fmax int64
	var incoming string
	err := q.QueryRowContext(ctx, `SELECT zone, language, company, operator, access_code,
		first_digit_ms, inter_digit_ms, max_ring_ms, group_ring_timeout_ms, flash_min_ms, flash_max_ms,
		dnd_internal, dnd_transfer, pickup_code, hotline_escape, long_distance, incoming,
		after_hours_mode, after_hours_number, record_dir, record_retention,
		listen_code, whisper_code, barge_code, release_code FROM system WHERE id = 1`).Scan(
		&s.Zone, &s.Language, &s.Company, &s.Operator, &s.AccessCode,
		&first, &inter, &maxRing, &groupRing, &fmin, &fmax,
		&s.DNDInternal, &s.DNDTransfer, &s.PickupCode, &s.HotlineEscape, &s.LongDistance, &incoming,
		&s.AfterHoursMode, &s.AfterHoursNumber, &s.RecordDir, &s.RecordRetention,
		&s.ListenCode, &s.WhisperCode, &s.BargeCode, &s.ReleaseCode)
	if err != nil {
		return fmt.Errorf("system: %w", err)
	}
	s.FirstDigit, s.InterDigit, s.MaxRing, s.GroupRingTimeout = msDur(first), msDur(inter), msDur(maxRing), msDur(groupRing)
	s.FlashMin, s.FlashMax, s.Incoming = msDur(fmin), msDur(fmax), pbx.Destination(incoming)
	return nil
}

func loadTrunks(ctx context.Context, q querier, c *pbx.Config) error {
	rows, err := q.QueryContext(ctx, `SELECT line, port, name, hotline, ivr, grp, rating, forward_line, after_hours,
		in_prefix, out_prefix, ip_prefix, auto_dial, record, disconnect, incoming, busy_cadence FROM trunks ORDER BY line`)
	if err != nil {
		return fmt.Errorf("lines: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var t pbx.Trunk
		var incoming string
		if err := rows.Scan(&t.Line, &t.Port, &t.Name, &t.Hotline, &t.IVR, &t.Group, &t.Rating, &t.ForwardLine,
			&t.AfterHours, &t.InPrefix, &t.OutPrefix, &t.IPPrefix, &t.AutoDial, &t.Record, &t.Disconnect,
			&incoming, &t.BusyCadence); err != nil {
			return fmt.Errorf("lines: %w", err)
		}
		t.Incoming = pbx.Destination(incoming)
		c.Trunks = append(c.Trunks, t)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("lines: %w", err)
	}
	return nil
}

func loadExtensions(ctx context.Context, q querier, c *pbx.Config) error {
	rows, err := q.QueryContext(ctx, `SELECT number, port, name, forward_always, forward_busy, forward_noanswer,
		noanswer_time_ms, hotline, announce_agent, voicemail_busy, voicemail_noanswer, long_distance, dnd, pin,
		record, call_waiting FROM extensions`)
	if err != nil {
		return fmt.Errorf("extensions: %w", err)
	}
	defer rows.Close()
	index := map[string]int{}
	for rows.Next() {
		var e pbx.Extension
		var noAnswer int64
		if err := rows.Scan(&e.Number, &e.Port, &e.Name, &e.ForwardAlways, &e.ForwardBusy, &e.ForwardNoAnswer,
			&noAnswer, &e.Hotline, &e.AnnounceAgent, &e.VoicemailBusy, &e.VoicemailNoAns, &e.LongDistance, &e.DND,
			&e.PIN, &e.Record, &e.CallWaiting); err != nil {
			return fmt.Errorf("extensions: %w", err)
		}
		e.NoAnswerTime = msDur(noAnswer)
		index[e.Number] = len(c.Extensions)
		c.Extensions = append(c.Extensions, e)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("extensions: %w", err)
	}
	rows.Close()
	if err := eachRow(ctx, q, `SELECT number, line FROM extension_lines ORDER BY number, pos`, func(num string, line int) {
		if i, ok := index[num]; ok {
			c.Extensions[i].Lines = append(c.Extensions[i].Lines, line)
		}
	}); err != nil {
		return fmt.Errorf("extension lines: %w", err)
	}
	return eachRow(ctx, q, `SELECT number, target FROM extension_monitors ORDER BY number, pos`, func(num, target string) {
		if i, ok := index[num]; ok {
			c.Extensions[i].MayMonitor = append(c.Extensions[i].MayMonitor, target)
		}
	})
}

// eachRow runs query and calls f with the two columns of each row.
func eachRow[A, B any](ctx context.Context, q querier, query string, f func(A, B)) error {
	rows, err := q.QueryContext(ctx, query)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var a A
		var b B
		if err := rows.Scan(&a, &b); err != nil {
			return err
		}
		f(a, b)
	}
	return rows.Err()
}

func loadGroups(ctx context.Context, q querier, c *pbx.Config) error {
	rows, err := q.QueryContext(ctx, `SELECT number, name, strategy, last_agent_first, member_timeout_ms, timeout_ms,
		overflow, queue, queue_max_wait_ms, record FROM hunt_groups`)
	if err != nil {
		return fmt.Errorf("groups: %w", err)
	}
	defer rows.Close()
	index := map[string]int{}
	for rows.Next() {
		var g pbx.Group
		var memberTimeout, timeout, maxWait int64
		var overflow string
		if err := rows.Scan(&g.Number, &g.Name, &g.Strategy, &g.LastAgentFirst, &memberTimeout, &timeout,
			&overflow, &g.Queue, &maxWait, &g.Record); err != nil {
			return fmt.Errorf("groups: %w", err)
		}
		g.MemberTimeout, g.Timeout, g.QueueMaxWait = msDur(memberTimeout), msDur(timeout), msDur(maxWait)
		g.Overflow = pbx.Destination(overflow)
		index[g.Number] = len(c.Groups)
		c.Groups = append(c.Groups, g)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("groups: %w", err)
	}
	rows.Close()
	return eachRow(ctx, q, `SELECT grp, number FROM group_members ORDER BY grp, pos`, func(grp, num string) {
		if i, ok := index[grp]; ok {
			c.Groups[i].Members = append(c.Groups[i].Members, num)
		}
	})
}

func loadMenus(ctx context.Context, q querier, c *pbx.Config) error {
	rows, err := q.QueryContext(ctx, `SELECT id, prompt, dial_ext, timeout_ms, retries, dflt FROM ivr_menus`)
	if err != nil {
		return fmt.Errorf("ivr menus: %w", err)
	}
	defer rows.Close()
	index := map[string]int{}
	for rows.Next() {
		var m pbx.IVRMenu
		var timeout int64
		var dflt string
		if err := rows.Scan(&m.ID, &m.Prompt, &m.DialExt, &timeout, &m.Retries, &dflt); err != nil {
			return fmt.Errorf("ivr menus: %w", err)
		}
		m.Timeout, m.Default = msDur(timeout), pbx.Destination(dflt)
		index[m.ID] = len(c.IVRs)
		c.IVRs = append(c.IVRs, m)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("ivr menus: %w", err)
	}
	rows.Close()
	krows, err := q.QueryContext(ctx, `SELECT menu, key, dest FROM ivr_keys`)
	if err != nil {
		return fmt.Errorf("ivr keys: %w", err)
	}
	defer krows.Close()
	for krows.Next() {
		var menu, key, dest string
		if err := krows.Scan(&menu, &key, &dest); err != nil {
			return fmt.Errorf("ivr keys: %w", err)
		}
		if i, ok := index[menu]; ok {
			if c.IVRs[i].Keys == nil {
				c.IVRs[i].Keys = map[string]pbx.Destination{}
			}
			c.IVRs[i].Keys[key] = pbx.Destination(dest)
		}
	}
	if err := krows.Err(); err != nil {
		return fmt.Errorf("ivr keys: %w", err)
	}
	return nil
}

func loadHours(ctx context.Context, q querier, c *pbx.Config) error {
	h := &c.Hours
	if err := q.QueryRowContext(ctx, `SELECT enabled, sun, mon, tue, wed, thu, fri, sat FROM hours WHERE id = 1`).Scan(
		&h.Enabled, &h.Weekly[0], &h.Weekly[1], &h.Weekly[2], &h.Weekly[3], &h.Weekly[4], &h.Weekly[5], &h.Weekly[6]); err != nil {
		return fmt.Errorf("hours: %w", err)
	}
	if err := eachRow(ctx, q, `SELECT pos, spec FROM holidays ORDER BY pos`, func(_ int, spec string) {
		h.Holidays = append(h.Holidays, spec)
	}); err != nil {
		return fmt.Errorf("holidays: %w", err)
	}
	return nil
}
