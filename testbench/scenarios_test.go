package testbench

import (
	"path/filepath"
	"testing"
)

// TestScenarios runs every scenario in testbench/scenarios against the simulated card.
func TestScenarios(t *testing.T) {
	files, err := filepath.Glob("scenarios/*.tb")
	if err != nil || len(files) == 0 {
		t.Fatalf("no scenarios: %v", err)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			t.Parallel()
			if r := RunFile(f); r.Err != nil {
				t.Error(r.Err)
			}
		})
	}
}
