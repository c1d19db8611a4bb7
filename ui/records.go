package ui

import (
	"cmp"
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gdamore/tcell/v2"
	"github.com/rivo/tview"

	"github.com/analogpbx/pbx/pbx"
)

const (
	// recordsFetched is how many of the newest call records the screen reads.
	recordsFetched = 1000
	// recordsEvery is how often the records are read again while the screen is shown.
	recordsEvery = 2 * time.Second
)

// dispositions are the call-record dispositions (spec §6), for the filter.
var dispositions = []string{"any", pbx.Answered, "busy", pbx.NoAnswer, pbx.Abandoned, pbx.Failed, pbx.Voicemail, pbx.AfterHours}

// recordFilter selects call records; empty fields match everything.
type recordFilter struct {
	date, from, to, agent, disposition string
}

// match reports whether r passes the filter: date is a prefix of the start date
// ("2026-05" is a month), from, to and agent are parts of those numbers.
func (f recordFilter) match(r *pbx.CDR) bool {
	return (f.date == "" || strings.HasPrefix(r.Start.Format(time.DateOnly), f.date)) &&
		strings.Contains(r.From, f.from) && strings.Contains(r.To, f.to) &&
		strings.Contains(r.Agent, f.agent) &&
		(f.disposition == "" || f.disposition == "any" || r.Disposition == f.disposition)
}

// rating is the count of ratings of one agent.
type rating struct {
	agent                string
	good, bad, none, sum int // ratings 1, 0 and none; answered calls
}

// ratingsPerAgent counts the ratings of the records with an agent, by agent number.
func ratingsPerAgent(rs []pbx.CDR) []rating {
	by := map[string]*rating{}
	for i := range rs {
		r := &rs[i]
		if r.Agent == "" {
			continue
		}
		x := by[r.Agent]
		if x == nil {
			x = &rating{agent: r.Agent}
			by[r.Agent] = x
		}
		x.sum++
		switch r.Rating {
		case "1":
			x.good++
		case "0":
			x.bad++
		default:
			x.none++
		}
	}
	out := make([]rating, 0, len(by))
	for _, x := range by {
		out = append(out, *x)
	}
	slices.SortFunc(out, func(a, b rating) int { return cmp.Compare(a.agent, b.agent) })
	return out
}

// records is the call records screen: filters, the records, ratings per agent.
type records struct {
	a       *App
	root    *tview.Flex
	filters *tview.Form
	table   *tview.Table
	ratings *tview.Table
	all     []pbx.CDR
	f       recordFilter
	fetched time.Time
	loading bool
}

func newRecords(a *App) screen {
	r := &records{a: a}
	r.filters = tview.NewForm().SetHorizontal(true).SetItemPadding(1)
	r.filters.SetBorderPadding(0, 0, 1, 1)
	r.filters.SetFieldStyle(styleField())
	add := func(label string, p *string) {
		w := tview.NewInputField().SetLabel(label).SetFieldWidth(9)
		w.SetChangedFunc(func(text string) { *p = strings.TrimSpace(text); r.show() })
		r.filters.AddFormItem(&fieldItem{FormItem: w})
	}
	add("Date", &r.f.date)
	add("From", &r.f.from)
	add("To", &r.f.to)
	add("Agent", &r.f.agent)
	dd := tview.NewDropDown().SetLabel("Result").SetOptions(dispositions, func(o string, _ int) { r.f.disposition = o; r.show() })
	r.filters.AddFormItem(&fieldItem{FormItem: dd})
	dd.SetCurrentOption(0)
	r.filters.SetCancelFunc(func() { a.tv.SetFocus(r.table) })

	r.table = tview.NewTable().SetFixed(1, 0).SetSelectable(true, false).SetSelectedStyle(styleReverse())
	r.table.SetBorder(true).SetTitle(" Call records ")
	r.table.SetInputCapture(func(ev *tcell.EventKey) *tcell.EventKey {
		switch {
		case ev.Key() == tcell.KeyTab || ev.Key() == tcell.KeyRune && ev.Rune() == 'f':
			a.tv.SetFocus(r.filters)
			return nil
		case ev.Key() == tcell.KeyRune && ev.Rune() == 'u':
			r.fetch()
			return nil
		}
		return ev
	})
	r.ratings = tview.NewTable().SetFixed(1, 0)
	r.ratings.SetBorder(true).SetTitle(" Ratings per agent ")
	r.root = tview.NewFlex().SetDirection(tview.FlexRow).
		AddItem(r.filters, 1, 0, false).
		AddItem(r.table, 0, 3, true).
		AddItem(r.ratings, 0, 1, false)
	return r
}

func (r *records) title() string          { return "Calls" }
func (r *records) page() tview.Primitive  { return r.root }
func (r *records) focus() tview.Primitive { return r.table }
func (r *records) help() string {
	return "1-0 screens  f/Tab filters  Esc back to list  u update  q quit"
}

// refresh reads the records again when shown.
func (r *records) refresh() { r.fetch() }

// statusChanged reads the records again every recordsEvery while shown.
func (r *records) statusChanged() {
	if time.Since(r.fetched) >= recordsEvery {
		r.fetch()
	}
}

// fetch reads the newest records in the background and shows them.
func (r *records) fetch() {
	if r.loading {
		return
	}
	r.loading, r.fetched = true, time.Now()
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), requestTimeout)
		defer cancel()
		rs, err := r.a.c.CDRs(ctx, recordsFetched)
		r.a.tv.QueueUpdateDraw(func() {
			r.loading = false
			if err != nil {
				r.a.problem("call records: " + err.Error())
				return
			}
			r.all = rs
			r.show()
		})
	}()
}

// recordCols are the record table's columns.
var recordCols = []string{"ID", "START", "FROM", "TO", "LINE", "AGENT", "RESULT", "SECS", "RATE"}

// show fills the tables with the records that pass the filter.
func (r *records) show() {
	if r.table == nil {
		return // still being built
	}
	var rs []pbx.CDR
	for i := range r.all {
		if r.f.match(&r.all[i]) {
			rs = append(rs, r.all[i])
		}
	}
	row, _ := r.table.GetSelection()
	r.table.Clear()
	for c, h := range recordCols {
		r.table.SetCell(0, c, tview.NewTableCell(h).SetStyle(styleBold()).SetSelectable(false))
	}
	for i := range rs {
		x := &rs[i]
		line, _ := x.Field("line")
		cells := []string{strconv.FormatInt(x.ID, 10), x.Start.Format("01-02 15:04:05"), orDash(x.From), orDash(x.To),
			orDash(line), orDash(x.Agent), x.Disposition, strconv.Itoa(x.Duration()), orDash(x.Rating)}
		for c, text := range cells {
			r.table.SetCell(i+1, c, tview.NewTableCell(tview.Escape(text)).SetExpansion(expandRecord(c)))
		}
	}
	if len(rs) == 0 {
		r.table.SetCell(1, 0, tview.NewTableCell("(no call records match)").SetSelectable(false))
	} else {
		r.table.Select(min(max(row, 1), len(rs)), 0)
	}
	r.table.SetTitle(" Call records: " + strconv.Itoa(len(rs)) + " of " + strconv.Itoa(len(r.all)) + " ")

	r.ratings.Clear()
	for c, h := range []string{"AGENT", "SATISFIED (1)", "NOT (0)", "NO RATING", "CALLS"} {
		r.ratings.SetCell(0, c, tview.NewTableCell(h).SetStyle(styleBold()).SetExpansion(1))
	}
	for i, x := range ratingsPerAgent(rs) {
		for c, n := range []string{x.agent, strconv.Itoa(x.good), strconv.Itoa(x.bad), strconv.Itoa(x.none), strconv.Itoa(x.sum)} {
			r.ratings.SetCell(i+1, c, tview.NewTableCell(n).SetExpansion(1))
		}
	}
}

// expandRecord gives the spare width to the number columns.
func expandRecord(col int) int {
	if col == 2 || col == 3 {
		return 1
	}
	return 0
}
