package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/analogpbx/pbx/pbx"
	"github.com/analogpbx/pbx/pbx/store"
)

// AddCDR inserts r in its own transaction and returns its id after the commit
// (synchronous=FULL: the record is on disk). It sets r.ID; the ID r had is ignored.
func (d *DB) AddCDR(ctx context.Context, r *pbx.CDR) (int64, error) {
	if r == nil {
		return 0, fmt.Errorf("sqlite: add call record: no record")
	}
	if r.Start.IsZero() {
		return 0, fmt.Errorf("sqlite: add call record: no start time")
	}
	_, off := r.Start.Zone()
	res, err := d.w.ExecContext(ctx, `INSERT INTO cdr (start_ns, answer_ns, end_ns, utc_offset, from_num, to_num,
		line, port, route, agent, disposition, rating, recording) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)`,
		r.Start.UnixNano(), nullTime(r.Answer), nullTime(r.End), off, r.From, r.To, r.Line, r.Port, r.Route,
		r.Agent, r.Disposition, r.Rating, r.Recording)
	if err != nil {
		return 0, fmt.Errorf("sqlite: add call record: %w", err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return 0, fmt.Errorf("sqlite: add call record: %w", err)
	}
	r.ID = id
	return id, nil
}

func nullTime(t time.Time) sql.NullInt64 {
	if t.IsZero() {
		return sql.NullInt64{}
	}
	return sql.NullInt64{Int64: t.UnixNano(), Valid: true}
}

// CDRs returns the records matching f (see store.Filter).
func (d *DB) CDRs(ctx context.Context, f store.Filter) ([]pbx.CDR, error) {
	var where []string
	var args []any
	for _, c := range []struct{ col, v string }{
		{"from_num", f.From}, {"to_num", f.To}, {"agent", f.Agent}, {"disposition", f.Disposition},
	} {
		if c.v != "" {
			where = append(where, c.col+" = ?")
			args = append(args, c.v)
		}
	}
	if !f.Since.IsZero() {
		where = append(where, "start_ns >= ?")
		args = append(args, f.Since.UnixNano())
	}
	if !f.Until.IsZero() {
		where = append(where, "start_ns < ?")
		args = append(args, f.Until.UnixNano())
	}
	q := `SELECT id, start_ns, answer_ns, end_ns, utc_offset, from_num, to_num, line, port, route, agent,
		disposition, rating, recording FROM cdr`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	switch {
	case f.Limit < 0:
		return nil, fmt.Errorf("sqlite: call records: limit %d is negative", f.Limit)
	case f.Limit > 0:
		q += " ORDER BY id DESC LIMIT ?"
		args = append(args, f.Limit)
	default:
		q += " ORDER BY id"
	}
	rows, err := d.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlite: call records: %w", err)
	}
	defer rows.Close()
	var out []pbx.CDR
	for rows.Next() {
		var r pbx.CDR
		var start int64
		var answer, end sql.NullInt64
		var off int
		if err := rows.Scan(&r.ID, &start, &answer, &end, &off, &r.From, &r.To, &r.Line, &r.Port, &r.Route,
			&r.Agent, &r.Disposition, &r.Rating, &r.Recording); err != nil {
			return nil, fmt.Errorf("sqlite: call records: %w", err)
		}
		r.Start = fromNanos(start, off)
		if answer.Valid {
			r.Answer = fromNanos(answer.Int64, off)
		}
		if end.Valid {
			r.End = fromNanos(end.Int64, off)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: call records: %w", err)
	}
	return out, nil
}

// fromNanos returns the instant in local time when the local offset then is the
// recorded one, else in a fixed zone with the recorded offset.
func fromNanos(ns int64, off int) time.Time {
	t := time.Unix(0, ns)
	if _, localOff := t.Zone(); localOff == off {
		return t
	}
	return t.In(time.FixedZone("", off))
}
