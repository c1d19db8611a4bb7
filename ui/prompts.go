package ui

import (
	"slices"
	"strings"

	"github.com/analogpbx/pbx/pbx"
)

func newPrompts(a *App) screen {
	l := newListScreen(a, "Prompts", "prompt", []string{"PROMPT", "USED BY"})
	l.readOnly = true
	l.rows = func(cfg *pbx.Config) ([]string, [][]string) {
		used := map[string][]string{}
		for _, m := range cfg.IVRs {
			used[m.Prompt] = append(used[m.Prompt], "IVR menu "+m.ID)
		}
		var ids []string
		for k := range used {
			ids = append(ids, k)
		}
		slices.Sort(ids)
		rows := make([][]string, len(ids))
		for i, id := range ids {
			rows[i] = []string{id, strings.Join(used[id], ", ")}
		}
		return ids, rows
	}
	l.edit = func(id string) {
		a.say("prompt " + id + ": change which menu plays it on the IVR screen (5)")
	}
	return promptScreen{l}
}

// promptScreen lists the prompts the configuration names and what plays them.
// Lengths, import and playing to a phone need a prompt store in the control API.
type promptScreen struct{ *listScreen }

func (p promptScreen) help() string { return "1-0 screens  ↑↓ select  5 IVR menus  q quit" }
