package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDiagOnSim(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run([]string{"diag", "-board", "sim"}, &out, &errb); code != 0 {
		t.Fatalf("diag on a healthy sim: exit %d\n%s%s", code, out.String(), errb.String())
	}
	if strings.Contains(out.String(), "FAIL") || !strings.Contains(out.String(), "8 ports tested, 0 failed") {
		t.Errorf("diag output:\n%s", out.String())
	}
	out.Reset()
	if code := run([]string{"diag", "-board", "sim", "-fault", "3:chip-dead"}, &out, &errb); code == 0 {
		t.Fatalf("diag with a dead chip exited 0:\n%s", out.String())
	}
	for _, line := range strings.Split(out.String(), "\n") {
		if strings.Contains(line, "FAIL") && !strings.HasPrefix(line, "3 ") {
			t.Errorf("a port other than 3 failed: %s", line)
		}
	}
}

func TestRunReportsBadScenarioLine(t *testing.T) {
	dir := t.TempDir()
	f := filepath.Join(dir, "bad.tb")
	os.WriteFile(f, []byte("801 offhook\n801 ofhook\n"), 0o600)
	var out, errb bytes.Buffer
	if code := run([]string{"run", f}, &out, &errb); code == 0 {
		t.Fatal("a malformed scenario passed")
	}
	if !strings.Contains(out.String(), "bad.tb:2:") || !strings.Contains(out.String(), "0 passed, 1 failed") {
		t.Errorf("output:\n%s", out.String())
	}
}

func TestDecodeRefusesNonWAV(t *testing.T) {
	var out, errb bytes.Buffer
	f := filepath.Join(t.TempDir(), "x.wav")
	os.WriteFile(f, []byte("not a wav file at all"), 0o600)
	if code := run([]string{"decode", "dtmf", f}, &out, &errb); code == 0 || !strings.Contains(errb.String(), "x.wav") {
		t.Errorf("decode of a non-WAV: exit %d, %q", code, errb.String())
	}
}
