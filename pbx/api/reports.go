package api

import (
	"context"
	"net/http"
	"sort"

	"github.com/analogpbx/pbx/pbx"
	"github.com/analogpbx/pbx/pbx/store"
)

// AgentRating is one agent's operator-rating summary.
type AgentRating struct {
	Agent       string  `json:"agent"`
	Calls       int     `json:"calls"`       // outside calls the agent answered
	Rated       int     `json:"rated"`       // calls with a rating key
	Satisfied   int     `json:"satisfied"`   // rating 1
	Unsatisfied int     `json:"unsatisfied"` // rating 0
	Score       float64 `json:"score"`       // satisfied / rated, 0..1 (0 when none rated)
}

// Ratings summarises call records by agent (agents sorted by number).
func Ratings(cdrs []pbx.CDR) []AgentRating {
	by := map[string]*AgentRating{}
	for i := range cdrs {
		c := &cdrs[i]
		if c.Agent == "" {
			continue
		}
		a := by[c.Agent]
		if a == nil {
			a = &AgentRating{Agent: c.Agent}
			by[c.Agent] = a
		}
		a.Calls++
		switch c.Rating {
		case "1":
			a.Rated++
			a.Satisfied++
		case "0":
			a.Rated++
			a.Unsatisfied++
		}
	}
	out := make([]AgentRating, 0, len(by))
	for _, a := range by {
		if a.Rated > 0 {
			a.Score = float64(a.Satisfied) / float64(a.Rated)
		}
		out = append(out, *a)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Agent < out[j].Agent })
	return out
}

func (s *Server) ratings(w http.ResponseWriter, r *http.Request) {
	cdrs, err := s.Store.CDRs(r.Context(), store.Filter{})
	if err != nil {
		httpError(w, http.StatusInternalServerError, err)
		return
	}
	writeJSON(w, Ratings(cdrs))
}

// Stats is the body of GET /v1/stats.
type Stats struct {
	IVRKeys map[string]int `json:"ivr_keys"` // "menu/key" → presses since the daemon started
}

func (s *Server) stats(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, Stats{IVRKeys: s.Eng.KeyStats()})
}

// Ratings returns the operator-rating summary per agent.
func (c *Client) Ratings(ctx context.Context) ([]AgentRating, error) {
	var out []AgentRating
	return out, c.do(ctx, "GET", "/v1/ratings", nil, &out)
}

// Stats returns live statistics (IVR key presses).
func (c *Client) Stats(ctx context.Context) (*Stats, error) {
	var s Stats
	return &s, c.do(ctx, "GET", "/v1/stats", nil, &s)
}
