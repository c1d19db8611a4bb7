package ui

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/analogpbx/pbx/pbx"
	"github.com/analogpbx/pbx/pbx/api"
)

// promptScreen lists the prompt recordings the daemon holds, with their lengths per
// language, and which IVR menus play them; a prompt a menu names but the daemon
// lacks in the system language is marked missing (a tone plays instead).
// Importing a recording and playing it to a phone need more of the control API.
type promptScreen struct {
	*listScreen
	infos   []api.PromptInfo
	problem string // why the list could not be read
}

func newPrompts(a *App) screen {
	p := &promptScreen{listScreen: newListScreen(a, "Prompts", "prompt", []string{"PROMPT", "RECORDINGS", "USED BY"})}
	p.readOnly = true
	p.rows = p.list
	p.edit = func(id string) {
		a.say("prompt " + id + ": the IVR screen (5) sets which menu plays it")
	}
	return p
}

func (p *promptScreen) help() string { return "1-0 screens  ↑↓ select  5 IVR menus  q quit" }

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
		rec[in.Name] = append(rec[in.Name], fmt.Sprintf("%s %.1fs", in.Lang, in.Seconds))
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
