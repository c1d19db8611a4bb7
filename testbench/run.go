package testbench

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/analogpbx/pbx/board"
	simboard "github.com/analogpbx/pbx/board/sim"
	"github.com/analogpbx/pbx/dsp/prompt"
	"github.com/analogpbx/pbx/dsp/tone"
	"github.com/analogpbx/pbx/hal"
	"github.com/analogpbx/pbx/pbx"
	"github.com/analogpbx/pbx/pbx/conf"
	"github.com/analogpbx/pbx/pbx/store/sqlite"
)

// Result is the outcome of one scenario.
type Result struct {
	File      string
	Err       error         // nil when it passed
	Simulated time.Duration // simulated time the scenario took
	Wall      time.Duration // real time it took
}

// Run runs every file and writes one line per scenario, summary figures, and the
// final "N passed, N failed" line to out. It returns the number of failures.
func Run(files []string, out io.Writer) int {
	var passed, failed int
	var sim, wall time.Duration
	for _, f := range files {
		r := RunFile(f)
		sim += r.Simulated
		wall += r.Wall
		if r.Err != nil {
			failed++
			fmt.Fprintf(out, "FAIL %s: %v\n", f, r.Err)
			continue
		}
		passed++
		fmt.Fprintf(out, "ok   %s (%.1fs simulated in %s)\n", f, r.Simulated.Seconds(), r.Wall.Round(time.Millisecond))
	}
	if wall > 0 {
		fmt.Fprintf(out, "simulated %.1fs in %.2fs of real time: %.0fx faster than real time\n",
			sim.Seconds(), wall.Seconds(), sim.Seconds()/wall.Seconds())
	}
	fmt.Fprintf(out, "%d passed, %d failed\n", passed, failed)
	return failed
}

// RunFile parses and runs one scenario against a fresh PBX on the simulated board.
func RunFile(path string) Result {
	start := time.Now()
	res := Result{File: path}
	sc, err := ParseFile(path)
	if err != nil {
		res.Err = err
		return res
	}
	dir, err := os.MkdirTemp("", "testbench-*")
	if err != nil {
		res.Err = err
		return res
	}
	defer os.RemoveAll(dir)
	r := &runner{sc: sc, dir: dir, base: filepath.Dir(path)}
	res.Err = r.run()
	res.Simulated = time.Duration(r.frameNo) * hal.FrameDuration
	r.close()
	res.Wall = time.Since(start)
	return res
}

// runner holds one scenario's PBX.
type runner struct {
	sc   *Scenario
	dir  string
	base string

	spec  string
	cfg   *pbx.Config
	board *board.Board
	sim   *simboard.Sim
	db    *sqlite.DB
	rec   *pbx.AsyncRecorder
	eng   *pbx.Engine
	zone  *tone.Zone
	kinds []hal.Kind

	clockBase  time.Time
	clockFrame int64
	frameNo    int64 // frames run; the engine's frame counter without its lock
}

func (r *runner) fail(st *Step, format string, a ...any) error {
	return fmt.Errorf("%s:%d: %s: %s", r.sc.File, st.Line, st.Text, fmt.Sprintf(format, a...))
}

func (r *runner) close() {
	if r.rec != nil {
		r.rec.Close()
	}
	if r.db != nil {
		r.db.Close()
	}
	if r.board != nil {
		r.board.Halt()
	}
}

// setup opens the board, builds the configuration and starts the engine.
func (r *runner) setup(configs []*Step) error {
	z, err := tone.Lookup("us")
	if err != nil {
		return err
	}
	b, s, err := simboard.Open(r.spec, z)
	if err != nil {
		return err
	}
	for _, p := range b.Ports {
		if p == nil {
			r.kinds = append(r.kinds, hal.Empty)
		} else {
			r.kinds = append(r.kinds, p.Kind())
		}
	}
	cfg := pbx.Default(r.kinds)
	for _, st := range configs {
		p := filepath.Join(r.base, st.Args[0])
		f, err := os.Open(p)
		if err != nil {
			b.Halt()
			return r.fail(st, "%v", err)
		}
		cfg, err = conf.Parse(f, p, cfg)
		f.Close()
		if err != nil {
			b.Halt()
			return r.fail(st, "%v", err)
		}
	}
	if cfg.System.Zone != z.Name {
		b.Halt()
		if z, err = tone.Lookup(cfg.System.Zone); err != nil {
			return err
		}
		if b, s, err = simboard.Open(r.spec, z); err != nil {
			return err
		}
	}
	if !filepath.IsAbs(cfg.System.RecordDir) {
		cfg.System.RecordDir = filepath.Join(r.dir, cfg.System.RecordDir) // recordings stay in the run's folder
	}
	r.board, r.sim, r.zone, r.cfg = b, s, z, cfg
	for i := 1; s.Line(i) != nil; i++ {
		s.Line(i).Now = r.wall
	}
	db, err := sqlite.Open(filepath.Join(r.dir, "pbx.db"), sqlite.Opts{Kinds: r.kinds})
	if err != nil {
		return err
	}
	r.db = db
	if _, err := db.SaveConfig(context.Background(), cfg); err != nil {
		return err
	}
	r.rec = pbx.NewAsyncRecorder(db, nil)
	r.clockBase = time.Date(2026, 11, 23, 10, 0, 0, 0, time.Local) // a Monday morning
	eng, err := pbx.New(pbx.Opts{
		Ports: b.Ports, PCM: b.PCM, Law: b.Law, Config: cfg, Rec: r.rec,
		Wall: r.wall, Prompts: loadPrompts(), DataDir: r.dir,
		Log: r.logger(),
	})
	if err != nil {
		return err
	}
	r.eng = eng
	return nil
}

// wall is the simulated wall clock: the scenario's clock plus simulated time.
func (r *runner) wall() time.Time {
	return r.clockBase.Add(time.Duration(r.frameNo-r.clockFrame) * hal.FrameDuration)
}

func (r *runner) run() error {
	var configs []*Step
	i := 0
	for ; i < len(r.sc.Steps); i++ {
		st := &r.sc.Steps[i]
		if st.Verb == "board" {
			r.spec = st.Args[0]
		} else if st.Verb == "config" {
			configs = append(configs, st)
		} else {
			break
		}
	}
	if err := r.setup(configs); err != nil {
		return err
	}
	// Let the card settle (drivers bring the lines up) before the first step.
	r.frames(hal.Frames(200 * time.Millisecond))
	for ; i < len(r.sc.Steps); i++ {
		if err := r.step(&r.sc.Steps[i]); err != nil {
			return err
		}
	}
	return nil
}

// frames runs n frames.
func (r *runner) frames(n int64) error {
	for range n {
		if err := r.frame(); err != nil {
			return err
		}
	}
	return nil
}

func (r *runner) frame() error {
	err := r.eng.RunFrame()
	r.frameNo++
	return err
}

// until runs frames until cond is true (ok) or d has passed.
func (r *runner) until(d time.Duration, cond func() bool) (bool, error) {
	n := hal.Frames(d)
	for range n {
		if cond() {
			return true, nil
		}
		if err := r.frame(); err != nil {
			return false, err
		}
	}
	return cond(), nil
}

func (r *runner) step(st *Step) error {
	switch st.Verb {
	case "wait":
		return r.frames(hal.Frames(st.Dur))
	case "set-clock":
		t, _ := parseClock(st.Args[0])
		r.clockBase, r.clockFrame = t, r.frameNo
		return nil
	case "fault":
		port, err := r.portOf(st.Actor)
		if err != nil {
			return r.fail(st, "%v", err)
		}
		if err := r.sim.Fault(port, st.Args[0]); err != nil {
			return r.fail(st, "%v", err)
		}
		return nil
	case "expect":
		return r.expect(st)
	}
	if strings.HasPrefix(st.Actor, "line") {
		return r.lineStep(st)
	}
	return r.phoneStep(st)
}

func (r *runner) phoneStep(st *Step) error {
	ph, err := r.phone(st.Actor)
	if err != nil {
		return r.fail(st, "%v", err)
	}
	switch st.Verb {
	case "offhook":
		ph.OffHook()
	case "onhook":
		ph.OnHook()
	case "flash":
		ph.Flash((r.zone.FlashMin + r.zone.FlashMax) / 2)
	case "dial":
		ph.Dial(st.Args[0])
	case "dialpulse":
		ph.DialPulse(st.Args[0])
	}
	_, err = r.until(10*time.Minute, func() bool { return !ph.Busy() })
	return err
}

func (r *runner) lineStep(st *Step) error {
	l, err := r.line(st.Actor)
	if err != nil {
		return r.fail(st, "%v", err)
	}
	switch st.Verb {
	case "call":
		from := ""
		if len(st.Args) == 2 {
			from = st.Args[1]
		}
		l.Call(from)
	case "giveup":
		l.GiveUp()
	case "answer":
		l.Answer()
	case "hangup":
		m := ""
		if len(st.Args) == 2 {
			m = st.Args[1]
		}
		l.Hangup(m)
	case "dial":
		if err := l.Dial(st.Args[0]); err != nil {
			return r.fail(st, "%v", err)
		}
		_, err = r.until(10*time.Minute, func() bool { return !l.Busy() })
		return err
	}
	return nil
}

// logger is silent unless TESTBENCH_LOG=debug (or info) is set in the environment.
func (r *runner) logger() *slog.Logger {
	switch os.Getenv("TESTBENCH_LOG") {
	case "debug":
		return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	case "info":
		return slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	return slog.New(slog.DiscardHandler)
}

var (
	promptsOnce sync.Once
	promptSet   pbx.MapPrompts
)

// loadPrompts loads the shipped prompt set once: the prompts folder of the working
// directory or of the nearest parent that has one.
func loadPrompts() pbx.Prompts {
	promptsOnce.Do(func() {
		dir, _ := os.Getwd()
		for {
			p := filepath.Join(dir, "prompts")
			if st, err := os.Stat(filepath.Join(p, "en")); err == nil && st.IsDir() {
				promptSet, _ = pbx.LoadPrompts(p, prompt.Load)
				return
			}
			parent := filepath.Dir(dir)
			if parent == dir {
				return
			}
			dir = parent
		}
	})
	return promptSet
}
