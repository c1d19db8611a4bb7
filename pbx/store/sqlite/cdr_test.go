package sqlite

import (
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/analogpbx/pbx/pbx"
	"github.com/analogpbx/pbx/pbx/store"
)

func storeFilter() store.Filter { return store.Filter{} }

func TestCDRs(t *testing.T) {
	ctx := t.Context()
	d := open(t, filepath.Join(t.TempDir(), "pbx.db"), Opts{Kinds: sim})
	shanghai := time.FixedZone("CST", 8*3600)
	t0 := time.Date(2026, 11, 23, 9, 0, 0, 0, shanghai)
	recs := []pbx.CDR{
		{Start: t0, Answer: t0.Add(3 * time.Second), End: t0.Add(65 * time.Second), From: "801", To: "802", Port: 1,
			Route: "ext:802", Disposition: pbx.Answered},
		{Start: t0.Add(time.Hour), End: t0.Add(time.Hour + 20*time.Second), From: "13800138000", To: "802", Line: 1, Port: 5,
			Route: "group:600 tried=801,802", Disposition: pbx.NoAnswer},
		{Start: t0.Add(2 * time.Hour), Answer: t0.Add(2*time.Hour + time.Second), End: t0.Add(2*time.Hour + 90*time.Second),
			From: "13800138000", To: "801", Line: 1, Port: 5, Route: "ivr:main keys=0", Agent: "801",
			Disposition: pbx.Answered, Rating: "1", Recording: "20261123-110000-801.wav"},
		{Start: t0.Add(3 * time.Hour), From: "803", To: "13900139000", Line: 2, Port: 3, Disposition: pbx.Failed},
	}
	for i := range recs {
		id, err := d.AddCDR(ctx, &recs[i])
		if err != nil {
			t.Fatal(err)
		}
		if id != int64(i+1) || recs[i].ID != id {
			t.Fatalf("AddCDR #%d = id %d (r.ID %d), want %d", i, id, recs[i].ID, i+1)
		}
	}
	ids := func(rs []pbx.CDR) []int64 {
		var out []int64
		for _, r := range rs {
			out = append(out, r.ID)
		}
		return out
	}
	tests := []struct {
		name string
		f    store.Filter
		want []int64
	}{
		{"all, oldest first", store.Filter{}, []int64{1, 2, 3, 4}},
		{"newest two", store.Filter{Limit: 2}, []int64{4, 3}},
		{"from", store.Filter{From: "13800138000"}, []int64{2, 3}},
		{"to", store.Filter{To: "802"}, []int64{1, 2}},
		{"agent", store.Filter{Agent: "801"}, []int64{3}},
		{"missed calls", store.Filter{Disposition: pbx.NoAnswer}, []int64{2}},
		{"since", store.Filter{Since: t0.Add(time.Hour)}, []int64{2, 3, 4}},
		{"until", store.Filter{Until: t0.Add(time.Hour)}, []int64{1}},
		{"window and limit", store.Filter{Since: t0.Add(30 * time.Minute), Until: t0.Add(150 * time.Minute), Limit: 1}, []int64{3}},
		{"no match", store.Filter{From: "899"}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := d.CDRs(ctx, tc.f)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(ids(got), tc.want) {
				t.Errorf("CDRs(%+v) ids = %v, want %v", tc.f, ids(got), tc.want)
			}
		})
	}
	got, err := d.CDRs(ctx, store.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	for i := range recs {
		if w, g := recs[i].Row(), got[i].Row(); !reflect.DeepEqual(w, g) {
			t.Errorf("record %d read back as %q, want %q", i+1, g, w)
		}
		if !got[i].Start.Equal(recs[i].Start) || !got[i].Answer.Equal(recs[i].Answer) || !got[i].End.Equal(recs[i].End) {
			t.Errorf("record %d times differ", i+1)
		}
	}
	if _, err := d.AddCDR(ctx, &pbx.CDR{From: "801"}); err == nil {
		t.Error("AddCDR without a start time succeeded")
	}
}

func BenchmarkAddCDR(b *testing.B) {
	d, err := Open(filepath.Join(b.TempDir(), "pbx.db"), Opts{})
	if err != nil {
		b.Fatal(err)
	}
	defer d.Close()
	r := pbx.CDR{Start: time.Now(), End: time.Now(), From: "801", To: "802", Disposition: pbx.Answered}
	for b.Loop() {
		if _, err := d.AddCDR(b.Context(), &r); err != nil {
			b.Fatal(err)
		}
	}
}

func TestNilInputs(t *testing.T) {
	d := open(t, filepath.Join(t.TempDir(), "pbx.db"), Opts{})
	if _, err := d.SaveConfig(t.Context(), nil); err == nil {
		t.Error("SaveConfig(nil) succeeded")
	}
	if _, err := d.AddCDR(t.Context(), nil); err == nil {
		t.Error("AddCDR(nil) succeeded")
	}
}
