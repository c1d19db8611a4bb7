package ui

import (
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/gdamore/tcell/v2"

	"github.com/analogpbx/pbx/pbx"
)

// promptScreen lists the prompt recordings the daemon holds, with their lengths per
// language, and which IVR menus play them; a prompt a menu names but the daemon
// lacks in the system language is marked missing (a tone plays instead).
// i imports a WAV file as a prompt; p plays the selected one to a phone (it rings,
// and hears the prompt when it answers).
type promptScreen struct {
	*listScreen
	infos   []pbx.PromptInfo
	problem string // why the list could not be read
}

func newPrompts(a *App) screen {
	p := &promptScreen{listScreen: newListScreen(a, "Prompts", "prompt", []string{"PROMPT", "RECORDINGS", "USED BY"})}
	p.readOnly = true
	p.rows = p.list
	p.edit = func(id string) { p.importForm(id).open() }
	p.table.SetInputCapture(func(ev *tcell.EventKey) *tcell.EventKey {
		if ev.Key() == tcell.KeyRune && ev.Rune() == 'i' {
			p.importForm(p.selected()).open()
			return nil
		}
		if ev.Key() == tcell.KeyRune && ev.Rune() == 'p' && p.selected() != "" {
			p.playForm(p.selected()).open()
			return nil
		}
		return ev
	})
	return p
}

func (p *promptScreen) help() string {
	return "1-0 screens  ↑↓ select  i import WAV  p play to a phone  q quit"
}

// importForm sends a WAV file (8 kHz or more, mono) to the daemon as prompt name
// in a language; the daemon checks it and uses it for every new call.
func (p *promptScreen) importForm(name string) *editForm {
	a := p.a
	lang, file := "en", ""
	if a.cfg != nil {
		lang = a.cfg.System.Language
	}
	f := newEditForm(a, "Import a prompt", "prompt "+name)
	f.str("Prompt name", "name", &name, checkPromptName)
	f.choice("Language", "lang", languages, &lang)
	f.str("WAV file on this box", "file", &file, func(s string) error {
		if s == "" {
			return errors.New("required")
		}
		if st, err := os.Stat(s); err != nil || st.IsDir() {
			return errors.New("no such file")
		}
		return nil
	})
	f.buttons(nil)
	f.submit = func(ctx context.Context) error {
		data, err := os.ReadFile(file)
		if err != nil {
			return fmt.Errorf("%s: %w", file, err)
		}
		return a.c.ImportPrompt(ctx, lang, name, data)
	}
	f.saved = func() {
		p.want = name
		a.say("imported prompt " + name + " (" + lang + ")")
	}
	return f
}

// checkPromptName accepts what the daemon takes as a prompt's name.
func checkPromptName(s string) error {
	if s == "" || len(s) > 41 {
		return errors.New("1 to 41 characters")
	}
	for i, r := range s {
		if (r < 'a' || r > 'z') && (r < '0' || r > '9') && (r != '-' || i == 0) {
			return errors.New("a-z, 0-9 and - only")
		}
	}
	return nil
}

// refresh shows what is known and reads the recordings again in the background.
func (p *promptScreen) refresh() {
	p.listScreen.refresh()
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), requestTimeout)
		defer cancel()
		infos, err := p.a.c.Prompts(ctx)
		p.a.tv.QueueUpdateDraw(func() {
			first := p.infos == nil
			p.infos, p.problem = infos, ""
			if err != nil {
				p.problem = "recordings unknown: " + err.Error()
			}
			if first && p.a.cfg != nil {
				if ids, _ := p.list(p.a.cfg); len(ids) > 0 {
					p.want = ids[0] // the first full list starts at its top
					p.table.ScrollToBeginning()
				}
			}
			p.listScreen.refresh()
		})
	}()
}

// list is one row per prompt name: recorded ones and the ones menus name.
func (p *promptScreen) list(cfg *pbx.Config) ([]string, [][]string) {
	rec := map[string][]string{}
	has := map[string]bool{}
	for _, in := range p.infos {
		own := ""
		if in.Custom {
			own = " own"
		}
		rec[in.Name] = append(rec[in.Name], fmt.Sprintf("%s %.1fs%s", in.Lang, in.Seconds, own))
		has[in.Lang+"/"+in.Name] = true
	}
	used := map[string][]string{}
	for _, m := range cfg.IVRs {
		used[m.Prompt] = append(used[m.Prompt], "IVR menu "+m.ID)
	}
	var ids []string
	for k := range rec {
		ids = append(ids, k)
	}
	for k := range used {
		if _, ok := rec[k]; !ok {
			ids = append(ids, k)
		}
	}
	slices.Sort(ids)
	rows := make([][]string, len(ids))
	for i, id := range ids {
		r := strings.Join(rec[id], "  ")
		if len(used[id]) > 0 && p.infos != nil && !has[cfg.System.Language+"/"+id] {
			r = strings.TrimSpace("MISSING in " + cfg.System.Language + "  " + r)
		}
		if p.infos == nil {
			r = p.problem
		}
		rows[i] = []string{id, r, orDash(strings.Join(used[id], ", "))}
	}
	return ids, rows
}

// playForm rings a phone that then hears prompt name.
func (p *promptScreen) playForm(name string) *editForm {
	a := p.a
	lang, ext := "en", ""
	if a.cfg != nil {
		lang = a.cfg.System.Language
		if a.cfg.System.Operator != "" {
			ext = a.cfg.System.Operator
		}
	}
	f := newEditForm(a, "Play "+name+" to a phone", "prompt "+name)
	f.choice("Language", "lang", languages, &lang)
	f.str("Extension", "ext", &ext, checkNumber)
	f.buttons(nil)
	f.submit = func(ctx context.Context) error { return a.c.PlayPrompt(ctx, lang, name, ext) }
	f.saved = func() { a.say(ext + " rings: lift it to hear " + name) }
	return f
}
