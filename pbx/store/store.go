// Package store defines the storage the call core, the control API and the `pbx`
// CLI use: the configuration (one versioned snapshot) and the call records.
// pbx/store/sqlite implements it on an SQLite file.
package store

import (
	"context"
	"time"

	"github.com/analogpbx/pbx/pbx"
)

// Store keeps the configuration and the call records. Implementations are safe
// for concurrent use. pbx/store/sqlite implements it; the call core, the control
// API and the `pbx` CLI (config import/export, cdr) call it.
type Store interface {
	// Config returns the committed configuration, in the canonical form of
	// conf.Canonical, and its version (1 for the factory default, +1 per save).
	// The caller owns the returned Config.
	Config(ctx context.Context) (*pbx.Config, int64, error)
	// SaveConfig validates c (ValidateUpdate against the committed configuration)
	// and commits it in one transaction with a new version and the checksum of its
	// canonical export; it returns the new version. An invalid c is refused with a
	// *pbx.ValidationError (use errors.As) and nothing changes.
	SaveConfig(ctx context.Context, c *pbx.Config) (version int64, err error)
	// AddCDR stores a call record and returns its id (also set in r.ID), after the
	// record has been committed durably: a crash after it returns loses nothing.
	AddCDR(ctx context.Context, r *pbx.CDR) (int64, error)
	// CDRs returns the call records that match f: oldest first, or, when f.Limit
	// is set, the newest f.Limit records newest first.
	CDRs(ctx context.Context, f Filter) ([]pbx.CDR, error)
	// Close releases the store; calls after Close fail.
	Close() error
}

// Filter selects call records. Zero fields match everything.
type Filter struct {
	From        string    // exact match on CDR.From
	To          string    // exact match on CDR.To
	Agent       string    // exact match on CDR.Agent
	Disposition string    // exact match on CDR.Disposition, e.g. pbx.NoAnswer
	Since       time.Time // start at or after Since
	Until       time.Time // start before Until
	Limit       int       // at most this many, newest first; 0 = all, oldest first
}
