package ui

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gdamore/tcell/v2"

	"github.com/analogpbx/pbx/pbx"
)

var update = flag.Bool("update", false, "rewrite the screen captures in docs/UI.md")

// TestScreenCaptures renders the main screens at 80×24 on the simulation screen
// and, with -update, writes them into docs/UI.md between its capture markers
// (empty form fields show as underscores, as they are underlined on a terminal).
// Without -update it checks that every marker of docs/UI.md has a capture.
func TestScreenCaptures(t *testing.T) {
	caps := map[string]string{}
	d := startDaemon(t, true, func(c *pbx.Config) {
		c.Extensions[0].Name = "Reception"
		c.Extensions[1].Name = "Sales desk"
		c.Extensions[1].ForwardNoAnswer = "801"
		c.Trunks[0].Name = "Main number"
		c.Trunks[0].Rating = true
		c.IVRs = append(c.IVRs, pbx.IVRMenu{ID: "sales", Prompt: "xmas-menu", Timeout: 5 * time.Second, Retries: 1,
			Default: "group:600", Keys: map[string]pbx.Destination{"1": "ext:802", "9": "back"}})
		c.IVRs[0].Keys["1"] = "ivr:sales"
		c.Hours.Enabled = true
		for day := 1; day <= 5; day++ {
			c.Hours.Weekly[day] = "09:00-12:00,13:00-18:00"
		}
		c.Hours.Holidays = []string{"2026-10-01..2026-10-07"}
	})
	t0 := time.Date(2026, 5, 4, 9, 12, 0, 0, time.Local)
	for i, r := range []pbx.CDR{
		{From: "5550101", To: "801", Line: 1, Port: 5, Agent: "801", Disposition: pbx.Answered, Rating: "1"},
		{From: "5550102", To: "802", Line: 1, Port: 5, Agent: "802", Disposition: pbx.Answered, Rating: "0"},
		{From: "801", To: "803", Port: 1, Disposition: pbx.NoAnswer},
		{From: "5550103", To: "801", Line: 2, Port: 6, Agent: "801", Disposition: pbx.Answered, Rating: "1"},
	} {
		r.Start = t0.Add(time.Duration(i) * 7 * time.Minute)
		r.End = r.Start.Add(time.Duration(40+20*i) * time.Second)
		if r.Disposition == pbx.Answered {
			r.Answer = r.Start.Add(6 * time.Second)
		}
		if _, err := d.db.AddCDR(context.Background(), &r); err != nil {
			t.Fatal(err)
		}
	}
	u := startUI(t, d.c)
	u.waitFor("804", "Reception")
	d.sim.Do("offhook", 1, 0, "")
	d.sim.Do("dial", 1, 0, "802")
	d.eng.Locked(func() { d.board.Fault(4, "vbat-low") })
	caps["dashboard"] = u.waitFor("ringing", "VBAT")

	u.typeText("2")
	caps["lines"] = u.waitFor("INCOMING", "Main number")
	u.typeText("3")
	caps["extensions"] = u.waitFor("NO ANSWER", "Sales desk")
	u.key(tcell.KeyEnter)
	u.waitFor("Extension 801")
	u.set("Forward on busy", "555")
	u.set("No-answer time", "20s")
	u.key(tcell.KeyCtrlS)
	u.waitFor("is not an extension")
	u.set("PIN", "12a")
	caps["extension-form"] = u.waitFor("digits only")
	u.key(tcell.KeyEscape)
	u.typeText("4")
	caps["groups"] = u.waitFor("STRATEGY")
	u.typeText("5")
	caps["ivr"] = u.waitFor("menu sales")
	u.typeText("6")
	caps["hours"] = u.waitFor("13:00-18:00")
	u.typeText("7")
	u.waitFor("RECORDINGS", "after-hours")
	u.key(tcell.KeyEnd)
	caps["prompts"] = u.waitFor("MISSING", "welcome")
	u.typeText("8")
	caps["system"] = u.waitFor("Tone zone")
	u.typeText("9")
	caps["records"] = u.waitFor("Call records: 4 of 4")
	u.typeText("0")
	caps["testbench"] = u.waitFor("Simulated phones", "ringback")

	dw := startDaemon(t, true, func(c *pbx.Config) { c.System.Company = "" })
	uw := startUI(t, dw.c)
	caps["wizard"] = uw.waitFor("Welcome: first settings")

	path := filepath.Join(moduleRoot(t), "docs", "UI.md")
	doc, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	marker := regexp.MustCompile("(?s)<!-- capture:([a-z-]+) -->\n.*?<!-- end -->")
	var missing []string
	out := marker.ReplaceAllFunc(doc, func(m []byte) []byte {
		name := string(marker.FindSubmatch(m)[1])
		c, ok := caps[name]
		if !ok {
			missing = append(missing, name)
			return m
		}
		return []byte("<!-- capture:" + name + " -->\n```\n" + strings.TrimRight(c, "\n") + "\n```\n<!-- end -->")
	})
	if len(missing) > 0 {
		t.Errorf("docs/UI.md asks for captures the test does not take: %q", missing)
	}
	if *update && !bytes.Equal(out, doc) {
		if err := os.WriteFile(path, out, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
