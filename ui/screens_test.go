package ui

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gdamore/tcell/v2"

	"github.com/analogpbx/pbx/pbx"
)

func TestTestbenchDrivesPhonesAndLines(t *testing.T) {
	d := startDaemon(t, true, nil)
	u := startUI(t, d.c)
	u.waitFor("801")
	u.typeText("0")
	u.waitFor("Simulated phones", "phone 1", "line 4")
	u.typeText("o") // lift phone 1
	u.waitFor("lift")
	u.typeText("d")
	u.waitFor("Digits to dial on phone 1")
	u.typeText("802")
	u.key(tcell.KeyEnter)
	s := u.waitFor("phone 1: dial 802", "ringing")
	if row := lineWith(s, "phone 2"); !strings.Contains(row, "ringing") {
		t.Errorf("phone 2 is not ringing after phone 1 dialed 802: %q\n%s", row, s)
	}
	u.keys(tcell.KeyDown, 4) // line 1
	u.typeText("c")
	u.waitFor("Caller number ringing line 1")
	u.typeText("5551234")
	u.key(tcell.KeyEnter)
	u.waitFor("line 1: call 5551234")
	want := []string{"offhook phone=1 line=0 arg=", "dial phone=1 line=0 arg=802", "call phone=0 line=1 arg=5551234"}
	if got := d.sim.actions(); !slices.Equal(got, want) {
		t.Errorf("simulated board got %q, want %q", got, want)
	}
}

func TestTestbenchHiddenOnARealCard(t *testing.T) {
	d := startDaemon(t, false, nil)
	u := startUI(t, d.c)
	s := u.waitFor("801", "9 Calls")
	if strings.Contains(s, "0 Sim") {
		t.Errorf("the testbench tab shows for a daemon without the simulated board:\n%s", s)
	}
	u.typeText("0")
	u.waitFor("needs the simulated board")
}

func TestWizard(t *testing.T) {
	t.Run("numbers the phones", func(t *testing.T) {
		d := startDaemon(t, true, func(c *pbx.Config) { c.System.Company = "" })
		u := startUI(t, d.c)
		u.waitFor("Welcome: first settings")
		u.set("Company name", "Globex")
		u.toggle("Number the phones")
		u.set("First extension", "201")
		u.key(tcell.KeyCtrlS)
		u.waitFor("welcome to Globex", "Globex", "201", "204")
		c := d.eng.Config()
		var nums []string
		for _, e := range c.Extensions {
			nums = append(nums, e.Number)
		}
		if want := []string{"201", "202", "203", "204"}; !slices.Equal(nums, want) || c.System.Operator != "201" ||
			!slices.Equal(c.Groups[0].Members, want) || c.System.Company != "Globex" {
			t.Errorf("after the wizard: extensions %q, operator %q, group %q, company %q", nums, c.System.Operator, c.Groups[0].Members, c.System.Company)
		}
	})
	t.Run("company required", func(t *testing.T) {
		d := startDaemon(t, true, func(c *pbx.Config) { c.System.Company = "" })
		u := startUI(t, d.c)
		u.waitFor("Welcome: first settings")
		u.key(tcell.KeyCtrlS)
		s := u.waitFor("company name is required")
		if !strings.Contains(lineWith(s, "Company name"), "required") {
			t.Errorf("no message next to the company name:\n%s", s)
		}
	})
	t.Run("skip", func(t *testing.T) {
		d := startDaemon(t, true, func(c *pbx.Config) { c.System.Company = "" })
		u := startUI(t, d.c)
		u.waitFor("Welcome: first settings")
		u.onUI(func() { u.app.tv.SetFocus(u.app.form.form.GetButton(1)) })
		u.key(tcell.KeyEnter)
		u.waitFor("wizard skipped", "PORT")
		if d.eng.Config().System.Company != "" {
			t.Error("skipping the wizard changed the configuration")
		}
	})
}

func TestRecordsFiltersAndRatings(t *testing.T) {
	d := startDaemon(t, true, nil)
	t0 := time.Date(2026, 5, 4, 10, 0, 0, 0, time.Local)
	for i, r := range []pbx.CDR{
		{From: "5550001", To: "801", Line: 1, Agent: "801", Disposition: pbx.Answered, Rating: "1"},
		{From: "5550002", To: "801", Line: 1, Agent: "801", Disposition: pbx.Answered, Rating: "0"},
		{From: "5550003", To: "802", Line: 2, Agent: "802", Disposition: pbx.Answered, Rating: "1"},
		{From: "5550004", To: "802", Line: 2, Disposition: pbx.NoAnswer},
		{From: "801", To: "803", Disposition: pbx.Answered},
	} {
		r.Start = t0.Add(time.Duration(i) * time.Minute)
		r.End = r.Start.Add(30 * time.Second)
		if r.Disposition == pbx.Answered {
			r.Answer = r.Start.Add(5 * time.Second)
		}
		if _, err := d.db.AddCDR(context.Background(), &r); err != nil {
			t.Fatal(err)
		}
	}
	u := startUI(t, d.c)
	u.waitFor("801")
	u.typeText("9")
	s := u.waitFor("Call records: 5 of 5", "5550004", "noanswer")
	if row := lineWith(s[strings.Index(s, "Ratings"):], "801"); !strings.Contains(row, "801") || strings.Fields(row)[1] != "1" || strings.Fields(row)[2] != "1" {
		t.Errorf("ratings of 801 = %q, want 1 satisfied, 1 not", row)
	}
	u.typeText("f") // to the filters: Date
	u.key(tcell.KeyTab)
	u.key(tcell.KeyTab)
	u.key(tcell.KeyTab) // Agent
	u.typeText("802")
	s = u.waitFor("Call records: 1 of 5", "5550003")
	if strings.Contains(s, "5550001") {
		t.Errorf("the agent filter shows another agent's call:\n%s", s)
	}
}

func TestDeleteExtension(t *testing.T) {
	d := startDaemon(t, true, func(c *pbx.Config) {
		c.Groups[0].Members = []string{"801", "802", "803"}
	})
	u := startUI(t, d.c)
	u.waitFor("801")
	u.typeText("3")
	u.waitFor("NUMBER")
	u.keys(tcell.KeyDown, 3) // 804
	u.typeText("d")
	u.waitFor("Delete extension 804?")
	u.key(tcell.KeyEnter)
	u.waitFor("deleted extension 804")
	if slices.ContainsFunc(d.eng.Config().Extensions, func(e pbx.Extension) bool { return e.Number == "804" }) {
		t.Error("extension 804 is still configured")
	}
	// The selection stays in place, on 803, which is in group 600: the daemon
	// refuses and says why.
	u.typeText("d")
	u.waitFor("Delete extension 803?")
	u.key(tcell.KeyEnter)
	u.waitFor("not deleted", "no extension 803")
}

func TestIVRTree(t *testing.T) {
	d := startDaemon(t, true, func(c *pbx.Config) {
		c.IVRs = append(c.IVRs, pbx.IVRMenu{ID: "sales", Prompt: "sales", Timeout: 5 * time.Second, Retries: 1,
			Default: "operator", Keys: map[string]pbx.Destination{"1": "ext:802"}})
		c.IVRs[0].Keys["1"] = "ivr:sales"
	})
	u := startUI(t, d.c)
	u.waitFor("801")
	u.typeText("5")
	s := u.waitFor("menu main", "key 1 → ivr:sales", "menu sales", "key 1 → ext:802")
	lines := strings.Split(s, "\n")
	sub := slices.IndexFunc(lines, func(l string) bool { return strings.Contains(l, "menu sales") })
	top := slices.IndexFunc(lines, func(l string) bool { return strings.Contains(l, "key 1 → ivr:sales") })
	if sub != top+1 || strings.Index(lines[sub], "menu") <= strings.Index(lines[top], "key") {
		t.Errorf("menu sales is not nested under main's key 1:\n%s", s)
	}
}

func TestPromptsListsRecordingsAndMissing(t *testing.T) {
	d := startDaemon(t, true, func(c *pbx.Config) {
		c.IVRs = append(c.IVRs, pbx.IVRMenu{ID: "sales", Prompt: "xmas-menu", Timeout: 5 * time.Second, Retries: 1, Default: "operator"})
	})
	u := startUI(t, d.c)
	u.waitFor("801")
	u.typeText("7")
	u.waitFor("RECORDINGS", "after-hours")
	u.key(tcell.KeyEnd)
	s := u.waitFor("welcome", "xmas-menu")
	if row := lineWith(s, "xmas-menu"); !strings.Contains(row, "MISSING in en") {
		t.Errorf("xmas-menu row = %q, want it marked missing", row)
	}
	if row := lineWith(s, "welcome"); !strings.Contains(row, "en ") || !strings.Contains(row, "zh ") || !strings.Contains(row, "IVR menu main") {
		t.Errorf("welcome row = %q, want its en and zh lengths and menu main", row)
	}
}

func TestPromptImport(t *testing.T) {
	d := startDaemon(t, true, nil)
	dir := t.TempDir()
	good, err := os.ReadFile(filepath.Join(moduleRoot(t), "prompts", "en", "goodbye.wav"))
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "closed.wav"), good, 0o600)
	os.WriteFile(filepath.Join(dir, "bad.wav"), []byte("not a wav file at all"), 0o600)
	u := startUI(t, d.c)
	u.waitFor("801")
	u.typeText("7")
	u.waitFor("RECORDINGS", "after-hours")
	u.typeText("i")
	u.waitFor("Import a prompt")
	u.set("Prompt name", "closed")
	u.set("WAV file on this box", filepath.Join(dir, "missing.wav"))
	u.key(tcell.KeyCtrlS)
	s := u.waitFor("no such file")
	if !strings.Contains(lineWith(s, "WAV file"), "no such file") {
		t.Errorf("no message next to the file name:\n%s", s)
	}
	u.set("WAV file on this box", filepath.Join(dir, "bad.wav"))
	u.key(tcell.KeyCtrlS)
	u.waitFor("not saved")
	u.set("WAV file on this box", filepath.Join(dir, "closed.wav"))
	u.key(tcell.KeyCtrlS)
	s = u.waitFor("imported prompt closed (en)", "own")
	if row := lineWith(s, "closed "); !strings.Contains(row, "en 0.7s own") {
		t.Errorf("the imported prompt's row is %q, want en 0.7s own", row)
	}
}

func TestIVRTreeCountsKeys(t *testing.T) {
	d := startDaemon(t, true, func(c *pbx.Config) { c.IVRs[0].Keys["2"] = "group:600" })
	if err := d.sim.Do("call", 0, 1, "5551234"); err != nil {
		t.Fatal(err)
	}
	// Once the attendant answers, the caller presses 2.
	deadline := time.Now().Add(10 * time.Second)
	for d.sim.Do("dial", 0, 1, "2") != nil {
		if time.Now().After(deadline) {
			t.Fatal("the attendant did not answer line 1")
		}
		time.Sleep(20 * time.Millisecond)
	}
	u := startUI(t, d.c)
	u.waitFor("801")
	u.typeText("5")
	u.waitFor("menu main")
	deadline = time.Now().Add(5 * time.Second)
	for !strings.Contains(u.text(), "key 2 → group:600  (1 pressed)") {
		if time.Now().After(deadline) {
			t.Fatalf("the tree does not count the key press:\n%s", u.text())
		}
		u.typeText("u")
		time.Sleep(100 * time.Millisecond)
	}
}

func TestPromptPlayedToAPhone(t *testing.T) {
	d := startDaemon(t, true, nil)
	u := startUI(t, d.c)
	u.waitFor("801")
	u.typeText("7")
	u.waitFor("RECORDINGS", "after-hours")
	u.typeText("p")
	u.waitFor("Play ", "Extension")
	u.set("Extension", "802")
	u.key(tcell.KeyCtrlS)
	u.waitFor("802 rings")
	var ringing bool
	for range 50 {
		if st, err := d.c.Status(context.Background()); err == nil && st.Ports[1].State == "ringing" {
			ringing = true
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if !ringing {
		t.Fatal("802 does not ring for the prompt")
	}
	if err := d.sim.Do("offhook", 2, 0, ""); err != nil {
		t.Fatal(err)
	}
	for range 50 {
		if st, err := d.c.Status(context.Background()); err == nil && st.Ports[1].State == "message" {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Error("802 answered but is not hearing the prompt")
}
