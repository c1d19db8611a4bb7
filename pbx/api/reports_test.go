package api

import (
	"testing"

	"github.com/analogpbx/pbx/pbx"
)

func TestRatingsSummary(t *testing.T) {
	cdrs := []pbx.CDR{
		{Agent: "801", Rating: "1"}, {Agent: "801", Rating: "0"}, {Agent: "801", Rating: "1"},
		{Agent: "802", Rating: ""}, {Agent: "", Rating: "1"},
	}
	got := Ratings(cdrs)
	if len(got) != 2 {
		t.Fatalf("got %d agents, want 2: %+v", len(got), got)
	}
	a := got[0]
	if a.Agent != "801" || a.Calls != 3 || a.Rated != 3 || a.Satisfied != 2 || a.Unsatisfied != 1 || a.Score < 0.66 || a.Score > 0.67 {
		t.Errorf("801: %+v", a)
	}
	if b := got[1]; b.Agent != "802" || b.Calls != 1 || b.Rated != 0 || b.Score != 0 {
		t.Errorf("802: %+v", b)
	}
}

func TestPromptNames(t *testing.T) {
	for name, ok := range map[string]bool{"welcome": true, "sales-menu2": true, "": false, "-x": false,
		"Welcome": false, "../etc": false, "a/b": false} {
		if promptName.MatchString(name) != ok {
			t.Errorf("prompt name %q accepted = %v, want %v", name, !ok, ok)
		}
	}
}
