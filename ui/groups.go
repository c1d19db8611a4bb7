package ui

import (
	"slices"
	"strings"

	"github.com/analogpbx/pbx/pbx"
	"github.com/analogpbx/pbx/pbx/conf"
)

// strategies are the group strategies (spec §3).
var strategies = []string{"priority", "roundrobin", "ringall", "leastrecent", "fewestcalls"}

func newGroups(a *App) screen {
	l := newListScreen(a, "Groups", "group", []string{"NUMBER", "NAME", "STRATEGY", "MEMBERS", "QUEUE", "OVERFLOW"})
	l.rows = func(cfg *pbx.Config) ([]string, [][]string) {
		var ids []string
		var rows [][]string
		for _, g := range cfg.Groups {
			ids = append(ids, g.Number)
			rows = append(rows, []string{g.Number, orDash(g.Name), g.Strategy, orDash(strings.Join(g.Members, ",")),
				yesDash(g.Queue), orDash(string(g.Overflow))})
		}
		return ids, rows
	}
	l.edit = func(id string) { groupForm(a, l, id).open() }
	return l
}

// groupForm edits group id ("" = a new one): members, strategy, timeouts, queue.
func groupForm(a *App, l *listScreen, id string) *editForm {
	cfg := a.cfg
	var nums []string
	for _, g := range cfg.Groups {
		nums = append(nums, g.Number)
	}
	g := pbx.Group{Number: nextNumber(nums, 600), Strategy: "ringall"}
	title := "New group"
	if i := slices.IndexFunc(cfg.Groups, func(x pbx.Group) bool { return x.Number == id }); i >= 0 {
		g = cfg.Groups[i]
		title = "Group " + id
	}
	overflow := string(g.Overflow)
	f := newEditForm(a, title, "group "+g.Number)
	f.str("Number", "", &g.Number, checkNumber)
	f.str("Name", "name", &g.Name, nil)
	f.choice("Strategy", "strategy", strategies, &g.Strategy)
	f.checkbox("Last agent first", "last_agent_first", &g.LastAgentFirst)
	f.list("Members (in order)", "members", &g.Members, checkNumber)
	f.dur("Ring per member", "member_timeout", &g.MemberTimeout)
	f.dur("Group ring time", "timeout", &g.Timeout)
	f.str("Overflow to", "overflow", &overflow, checkDest)
	f.checkbox("Queue when busy", "queue", &g.Queue)
	f.dur("Queue max wait", "queue_max_wait", &g.QueueMaxWait)
	f.checkbox("Record calls", "record", &g.Record)
	var del func()
	if id != "" {
		del = func() { f.close(); a.confirmDelete("group "+id, func() {}) }
	}
	f.buttons(del)
	f.text = func() ([]byte, error) {
		g.Overflow = pbx.Destination(overflow)
		c := conf.Clone(a.cfg)
		if i := slices.IndexFunc(c.Groups, func(x pbx.Group) bool { return x.Number == id }); i >= 0 && id != "" {
			c.Groups[i] = g
		} else {
			c.Groups = append(c.Groups, g)
		}
		f.section = "group " + g.Number
		return objectText(c, "group", id, g.Number), nil
	}
	f.saved = func() {
		l.want = g.Number
		a.say("saved group " + g.Number)
	}
	return f
}
