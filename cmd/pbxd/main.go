// Command pbxd is the PBX firmware daemon: it opens the voice card (or the simulated
// one), the configuration database and the control socket, and runs the call core.
//
//	pbxd [-board auto|sim|sim:8fxs4fxo|rpi] [-db var/pbx.db] [-ctl var/pbxd.sock] [-ui]
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/analogpbx/pbx/board/boards"
	"github.com/analogpbx/pbx/dsp/prompt"
	"github.com/analogpbx/pbx/dsp/tone"
	"github.com/analogpbx/pbx/firmware"
	"github.com/analogpbx/pbx/hal"
	"github.com/analogpbx/pbx/pbx"
	"github.com/analogpbx/pbx/pbx/api"
	"github.com/analogpbx/pbx/pbx/store/sqlite"
	"github.com/analogpbx/pbx/ui"
)

func main() {
	boardName := flag.String("board", "auto", "voice card: auto (the real card when its chips answer, else sim), sim, sim:8fxs4fxo, rpi")
	dbPath := flag.String("db", "var/pbx.db", "configuration and call-record database")
	ctlPath := flag.String("ctl", "var/pbxd.sock", "control socket (HTTP+JSON) for the UI and the pbx command")
	withUI := flag.Bool("ui", false, "attach the terminal UI in this terminal; quitting it stops the daemon")
	promptDir := flag.String("prompts", "prompts", "prompt sets: one folder per language (en, zh) of WAV files")
	verbose := flag.Bool("v", false, "debug logging")
	watchdog := flag.String("watchdog", "", "feed this watchdog device (e.g. /dev/watchdog) while the frame loop runs; empty = none")
	flag.Parse()
	if err := run(*boardName, *dbPath, *ctlPath, *promptDir, *watchdog, *withUI, *verbose); err != nil {
		fmt.Fprintln(os.Stderr, "pbxd:", err)
		os.Exit(1)
	}
}

func run(boardName, dbPath, ctlPath, promptDir, watchdog string, withUI, verbose bool) error {
	var logOut io.Writer = os.Stderr
	if withUI {
		// The UI owns the terminal: log to a file beside the database.
		f, err := os.OpenFile(filepath.Join(filepath.Dir(dbPath), "pbxd.log"), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o640)
		if err == nil {
			defer f.Close()
			logOut = f
		} else {
			logOut = io.Discard
		}
	}
	level := slog.LevelInfo
	if verbose {
		level = slog.LevelDebug
	}
	log := slog.New(slog.NewTextHandler(logOut, &slog.HandlerOptions{Level: level}))

	for _, p := range []string{dbPath, ctlPath} {
		if err := os.MkdirAll(filepath.Dir(p), 0o750); err != nil {
			return err
		}
	}
	// The control socket first: a second daemon is refused before it touches anything.
	l, err := api.Listen(ctlPath)
	if err != nil {
		return err
	}
	defer os.Remove(ctlPath)
	defer l.Close()
	z, _ := tone.Lookup("us")
	b, err := boards.Open(boardName, z)
	if err != nil {
		return err
	}
	kinds := make([]hal.Kind, len(b.Ports))
	for i, p := range b.Ports {
		if p != nil {
			kinds[i] = p.Kind()
		}
	}
	db, err := sqlite.Open(dbPath, sqlite.Opts{Lock: true, Kinds: kinds})
	if err != nil {
		b.Halt()
		return err
	}
	defer db.Close()
	cfg, _, err := db.Config(context.Background())
	if err != nil {
		b.Halt()
		return err
	}
	if cfg.System.Zone != z.Name {
		// The drivers (ring frequency, line settings) and, on the simulated card, the
		// phones and exchange follow the configured zone.
		b.Halt()
		if z, err = tone.Lookup(cfg.System.Zone); err != nil {
			return err
		}
		if b, err = boards.Open(boardName, z); err != nil {
			return err
		}
	}
	defer b.Halt()

	rec := pbx.NewAsyncRecorder(db, log)
	defer rec.Close()
	prompts, err := pbx.LoadPrompts(promptDir, prompt.Load)
	if err != nil {
		log.Warn("prompts incomplete: a tone plays where a prompt is missing", "err", err)
	}
	eng, err := pbx.New(pbx.Opts{Ports: b.Ports, PCM: b.PCM, Law: b.Law, Config: cfg, Rec: rec, Log: log,
		Prompts: prompts, DataDir: filepath.Dir(dbPath)})
	if err != nil {
		return err
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	// The installer's own prompts (pbx prompt import) replace the shipped ones.
	customDir := filepath.Join(filepath.Dir(dbPath), "prompts")
	if custom, err := pbx.LoadPrompts(customDir, prompt.Load); err == nil || len(custom) > 0 {
		for k, v := range custom {
			lang, name, _ := strings.Cut(k, "/")
			eng.SetPrompt(lang, name, v)
		}
		if err != nil {
			log.Warn("custom prompts skipped", "err", err)
		}
	}
	srv := &api.Server{Eng: eng, Store: db, Log: log, PromptDir: customDir}
	if b.Sim != nil {
		srv.Sim = simControl{eng: eng, sim: b.Sim}
	}
	errc := make(chan error, 4)
	go func() { errc <- srv.Serve(ctx, l) }()
	go func() { errc <- eng.Run(ctx, b.RealTime) }()
	if watchdog != "" {
		wd := &firmware.Watchdog{Path: watchdog, Log: log}
		go func() { errc <- wd.Run(ctx, firmware.Beat{N: "frame loop", F: eng.LastFrame}) }()
	}
	log.Info("pbxd running", "board", b.Name, "ports", len(b.Ports), "db", dbPath, "ctl", ctlPath)
	if withUI {
		go func() { errc <- ui.Run(ctx, api.NewClient(ctlPath)) }()
	}
	select {
	case <-ctx.Done():
		return nil
	case err := <-errc:
		stop()
		if errors.Is(err, context.Canceled) {
			return nil
		}
		return err
	}
}
