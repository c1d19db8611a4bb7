package sqlite

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/analogpbx/pbx/pbx"
	"github.com/analogpbx/pbx/pbx/conf"
)

// crashEnv tells the re-executed test binary to be the writer that gets killed:
// "cdr:PATH" or "config:PATH".
const crashEnv = "PBX_SQLITE_CRASH_CHILD"

// TestCrashChild is the child process of TestKillDuringWrites: it writes until
// it is killed, printing "ack ..." after each write returned.
func TestCrashChild(t *testing.T) {
	spec := os.Getenv(crashEnv)
	if spec == "" {
		t.Skip("the child process of TestKillDuringWrites")
	}
	mode, path, _ := strings.Cut(spec, ":")
	d, err := Open(path, Opts{Lock: true, Kinds: sim})
	if err != nil {
		fmt.Println("error", err)
		os.Exit(2)
	}
	configs := []*pbx.Config{pbx.Default(sim), siteConfig(t)}
	for i := 0; ; i++ {
		switch mode {
		case "cdr":
			now := time.Now()
			id, err := d.AddCDR(t.Context(), &pbx.CDR{Start: now, End: now, From: "801", To: strconv.Itoa(i), Disposition: pbx.Busy})
			if err != nil {
				fmt.Println("error", err)
				os.Exit(2)
			}
			fmt.Println("ack", id)
		case "config":
			v, err := d.SaveConfig(t.Context(), configs[i%2])
			if err != nil {
				fmt.Println("error", err)
				os.Exit(2)
			}
			fmt.Println("ack", v)
		}
	}
}

// TestKillDuringWrites kills a writing process with SIGKILL at different points
// and checks that every acknowledged write is there, the database is intact,
// and the configuration is exactly one of the saved ones.
func TestKillDuringWrites(t *testing.T) {
	if os.Getenv(crashEnv) != "" {
		t.Skip("child")
	}
	if testing.Short() {
		t.Skip("spawns processes")
	}
	for _, mode := range []string{"cdr", "config"} {
		t.Run(mode, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "pbx.db")
			want := map[string]bool{checksum(canonicalDefault()): true, checksum(siteConfig(t)): true}
			var acked []int64
			for round := range 20 {
				killAfter := 1 + round*37%97
				acks := runAndKill(t, mode, path, killAfter)
				if len(acks) < killAfter {
					t.Fatalf("round %d: child acknowledged %d writes before it ended, want %d", round, len(acks), killAfter)
				}
				acked = append(acked, acks...)
				d := open(t, path, Opts{Lock: true}) // the killed child's lock is gone
				if err := d.Check(t.Context()); err != nil {
					t.Fatalf("round %d: %v", round, err)
				}
				switch mode {
				case "cdr":
					recs, err := d.CDRs(t.Context(), storeFilter())
					if err != nil {
						t.Fatal(err)
					}
					have := map[int64]bool{}
					for _, r := range recs {
						have[r.ID] = true
					}
					for _, id := range acked {
						if !have[id] {
							t.Errorf("round %d: acknowledged call record %d lost", round, id)
						}
					}
				case "config":
					c, v, err := d.Config(t.Context())
					if err != nil {
						t.Fatalf("round %d: Config() = %v", round, err)
					}
					last := acked[len(acked)-1]
					if v != last && v != last+1 {
						t.Errorf("round %d: config version %d after the last acknowledged %d", round, v, last)
					}
					if !want[checksum(c)] {
						t.Errorf("round %d: configuration is neither of the saved ones", round)
					}
				}
				d.Close()
			}
		})
	}
}

func canonicalDefault() *pbx.Config {
	c := pbx.Default(sim)
	conf.Canonical(c)
	return c
}

// runAndKill runs the child until it has acknowledged n writes, kills it with
// SIGKILL and returns every value it acknowledged.
func runAndKill(t *testing.T, mode, path string, n int) []int64 {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), crashEnv+"="+mode+":"+path)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var acks []int64
	sc := bufio.NewScanner(out)
	killed := false
	for sc.Scan() {
		line := sc.Text()
		if v, ok := strings.CutPrefix(line, "ack "); ok {
			id, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				t.Errorf("child said %q", line)
			}
			acks = append(acks, id)
		} else if strings.HasPrefix(line, "error") {
			t.Errorf("child: %s", line)
		}
		if len(acks) == n && !killed {
			killed = true
			if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
				t.Fatal(err)
			}
		}
	}
	err = cmd.Wait()
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !killed || !ok || !ws.Signaled() {
		t.Fatalf("child ended without being killed: %v", err)
	}
	return acks
}
