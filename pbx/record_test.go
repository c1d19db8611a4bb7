package pbx

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// The retention limit keeps the newest recordings (names start with the call's time).
func TestPruneKeepsNewestRecordings(t *testing.T) {
	dir := t.TempDir()
	names := []string{"20261123-100000-0001.wav", "20261123-100500-0002.wav", "20261123-110000-0003.wav",
		"20261124-090000-0004.wav", "notes.txt"}
	for _, n := range names {
		if err := writeWAV(filepath.Join(dir, n), []int16{1, 2, 3}); err != nil {
			t.Fatal(err)
		}
	}
	prune(dir, 2)
	ents, _ := os.ReadDir(dir)
	var got []string
	for _, e := range ents {
		got = append(got, e.Name())
	}
	want := []string{"20261123-110000-0003.wav", "20261124-090000-0004.wav", "notes.txt"}
	if !slices.Equal(got, want) {
		t.Errorf("left %v, want %v", got, want)
	}
}
