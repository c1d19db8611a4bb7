// Command pbx is the installer's and supervisor's client of a running pbxd.
//
//	pbx [-ctl var/pbxd.sock] status
//	pbx [-ctl ...] cdr [--csv] [-n 50]
//	pbx [-ctl ...] ui
//	pbx [-ctl ...] config export [FILE]     (default: standard output)
//	pbx [-ctl ...] config import FILE
//	pbx -db var/pbx.db config export|import ...   (on a database file, no daemon running)
package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"text/tabwriter"

	"github.com/analogpbx/pbx/pbx"
	"github.com/analogpbx/pbx/pbx/api"
	"github.com/analogpbx/pbx/pbx/conf"
	"github.com/analogpbx/pbx/pbx/store"
	"github.com/analogpbx/pbx/pbx/store/sqlite"
	"github.com/analogpbx/pbx/ui"
)

const usage = `usage: pbx [-ctl SOCKET] [-db FILE] COMMAND
commands:
  status                      every port with its type, number, state and alarms
  cdr [--csv] [-n N]          the newest call records
  ratings                     operator ratings per agent
  stats                       IVR key statistics
  prompt list                 prompts with their lengths (custom ones marked)
  prompt import [-lang en] NAME FILE.wav
                              make a WAV recording prompt NAME (e.g. welcome), validated
  ui                          the terminal UI (the daemon keeps running when it quits)
  config export [FILE]        write the configuration as text
  config import FILE          apply a configuration text (validated; nothing changes on error)
With -db, config export/import work on that database file directly (pbxd must not be running).
`

func main() {
	fs := flag.NewFlagSet("pbx", flag.ContinueOnError)
	ctl := fs.String("ctl", "var/pbxd.sock", "control socket of pbxd")
	db := fs.String("db", "", "work on this database file instead of a running pbxd (config only)")
	fs.Usage = func() { fmt.Fprint(os.Stderr, usage) }
	if err := fs.Parse(os.Args[1:]); err != nil {
		os.Exit(2)
	}
	if fs.NArg() == 0 {
		fs.Usage()
		os.Exit(2)
	}
	if err := run(context.Background(), *ctl, *db, fs.Args(), os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "pbx:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, ctl, db string, args []string, out io.Writer) error {
	c := api.NewClient(ctl)
	switch args[0] {
	case "status":
		return status(ctx, c, out)
	case "cdr":
		return cdr(ctx, c, args[1:], out)
	case "ui":
		return ui.Run(ctx, c)
	case "ratings":
		return ratings(ctx, c, out)
	case "stats":
		return stats(ctx, c, out)
	case "prompt":
		return promptCmd(ctx, c, args[1:], out)
	case "config":
		if len(args) < 2 {
			return fmt.Errorf("config: export or import?")
		}
		return config(ctx, c, db, args[1:], out)
	}
	return fmt.Errorf("unknown command %q\n%s", args[0], usage)
}

func status(ctx context.Context, c *api.Client, out io.Writer) error {
	s, err := c.Status(ctx)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "PORT\tTYPE\tNUMBER\tSTATE\tALARMS\tWITH")
	for _, p := range s.Ports {
		alarm := p.Alarm
		if p.Faulty && alarm == "" {
			alarm = "faulty"
		}
		if alarm == "" {
			alarm = "-"
		}
		peer := p.Peer
		if peer == "" {
			peer = "-"
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\n", p.Port, p.Type, p.Number, p.State, alarm, peer)
	}
	return tw.Flush()
}

func cdr(ctx context.Context, c *api.Client, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("cdr", flag.ContinueOnError)
	asCSV := fs.Bool("csv", false, "CSV with a header line")
	n := fs.Int("n", 100, "how many records (newest first)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	cdrs, err := c.CDRs(ctx, *n)
	if err != nil {
		return err
	}
	return writeCDRs(out, cdrs, *asCSV)
}

func writeCDRs(out io.Writer, cdrs []pbx.CDR, asCSV bool) error {
	if asCSV {
		w := csv.NewWriter(out)
		w.Write(pbx.CDRFields)
		for i := range cdrs {
			w.Write(cdrs[i].Row())
		}
		w.Flush()
		return w.Error()
	}
	tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tSTART\tFROM\tTO\tLINE\tDISPOSITION\tDURATION\tRATING")
	for i := range cdrs {
		r := &cdrs[i]
		line, _ := r.Field("line")
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%ds\t%s\n", r.ID, r.Start.Format("2006-01-02 15:04:05"), r.From, r.To, line, r.Disposition, r.Duration(), r.Rating)
	}
	return tw.Flush()
}

func config(ctx context.Context, c *api.Client, db string, args []string, out io.Writer) error {
	switch args[0] {
	case "export":
		var text []byte
		if db != "" {
			s, err := openDB(db)
			if err != nil {
				return err
			}
			defer s.Close()
			cfg, _, err := s.Config(ctx)
			if err != nil {
				return err
			}
			text = conf.Export(cfg)
		} else {
			var err error
			if text, err = c.ExportConfig(ctx); err != nil {
				return err
			}
		}
		if len(args) > 1 && args[1] != "-" {
			return os.WriteFile(args[1], text, 0o640)
		}
		_, err := out.Write(text)
		return err
	case "import":
		if len(args) != 2 {
			return fmt.Errorf("config import FILE")
		}
		text, err := os.ReadFile(args[1])
		if err != nil {
			return err
		}
		if db == "" {
			return c.ImportConfig(ctx, args[1], text)
		}
		s, err := openDB(db)
		if err != nil {
			return err
		}
		defer s.Close()
		cur, _, err := s.Config(ctx)
		if err != nil {
			return err
		}
		cfg, err := conf.Parse(bytes.NewReader(text), args[1], cur)
		if err != nil {
			return err
		}
		_, err = s.SaveConfig(ctx, cfg)
		return err
	}
	return fmt.Errorf("config: unknown %q (export or import)", args[0])
}

func openDB(path string) (store.Store, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("database %s: %w", path, err)
	}
	return sqlite.Open(path, sqlite.Opts{Lock: true})
}

func ratings(ctx context.Context, c *api.Client, out io.Writer) error {
	rs, err := c.Ratings(ctx)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "AGENT\tCALLS\tRATED\tSATISFIED (1)\tNOT SATISFIED (0)\tSCORE")
	for _, r := range rs {
		score := "-"
		if r.Rated > 0 {
			score = fmt.Sprintf("%.0f%%", 100*r.Score)
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%s\n", r.Agent, r.Calls, r.Rated, r.Satisfied, r.Unsatisfied, score)
	}
	return tw.Flush()
}

func stats(ctx context.Context, c *api.Client, out io.Writer) error {
	s, err := c.Stats(ctx)
	if err != nil {
		return err
	}
	keys := make([]string, 0, len(s.IVRKeys))
	for k := range s.IVRKeys {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "MENU/KEY\tPRESSES")
	for _, k := range keys {
		fmt.Fprintf(tw, "%s\t%d\n", k, s.IVRKeys[k])
	}
	return tw.Flush()
}

func promptCmd(ctx context.Context, c *api.Client, args []string, out io.Writer) error {
	if len(args) == 0 {
		return fmt.Errorf("prompt: list or import?")
	}
	switch args[0] {
	case "list":
		ps, err := c.Prompts(ctx)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "LANG\tNAME\tSECONDS\tSOURCE")
		for _, p := range ps {
			src := "shipped"
			if p.Custom {
				src = "custom"
			}
			fmt.Fprintf(tw, "%s\t%s\t%.1f\t%s\n", p.Lang, p.Name, p.Seconds, src)
		}
		return tw.Flush()
	case "import":
		fs := flag.NewFlagSet("prompt import", flag.ContinueOnError)
		lang := fs.String("lang", "en", "language of the prompt: en or zh")
		if err := fs.Parse(args[1:]); err != nil {
			return err
		}
		if fs.NArg() != 2 {
			return fmt.Errorf("prompt import [-lang en] NAME FILE.wav")
		}
		b, err := os.ReadFile(fs.Arg(1))
		if err != nil {
			return err
		}
		return c.ImportPrompt(ctx, *lang, fs.Arg(0), b)
	}
	return fmt.Errorf("prompt: unknown %q (list or import)", args[0])
}
