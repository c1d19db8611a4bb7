package ui

import (
	"bytes"
	"errors"
	"slices"
	"strconv"
	"strings"

	"github.com/analogpbx/pbx/pbx"
	"github.com/analogpbx/pbx/pbx/conf"
)

// maybeWizard opens the first-boot wizard when the company name is empty, unless
// the installer skipped it or is busy in a form.
func (a *App) maybeWizard() {
	if a.cfg == nil || a.cfg.System.Company != "" || a.skipped || a.form != nil || a.modal {
		return
	}
	wizardForm(a).open()
}

// wizardForm asks for the tone zone, language, company, operator and the number of
// the first extension, then numbers the extensions on the card's FXS ports from it
// in port order. Skip leaves everything as it is.
func wizardForm(a *App) *editForm {
	y := a.cfg.System
	first := "801"
	if exts := portExtensions(a.cfg); len(exts) > 0 {
		first = exts[0].Number
	}
	renumber := false
	f := newEditForm(a, "Welcome: first settings of this PBX", "system")
	f.choice("Tone zone", "zone", zones, &y.Zone)
	f.choice("Language", "language", languages, &y.Language)
	f.str("Company name", "company", &y.Company, nil)
	f.str("Operator extension", "operator", &y.Operator, checkOptNumber)
	f.checkbox("Number the phones", "renumber", &renumber)
	f.str("First extension", "first", &first, checkNumber)
	f.form.AddButton("Save", f.save).AddButton("Skip", func() {
		a.skipped = true
		f.close()
		a.say("first-boot wizard skipped; the System screen has the same settings")
	})
	f.text = func() ([]byte, error) {
		if strings.TrimSpace(y.Company) == "" {
			f.fieldByKey("company").item.msg = "required"
			return nil, errors.New("company: the company name is required (or Skip)")
		}
		c := conf.Clone(a.cfg)
		if renumber {
			start, _ := strconv.Atoi(first)
			if len(strconv.Itoa(start+len(portExtensions(c))-1)) > 8 {
				return nil, errors.New("first: the numbers would be longer than 8 digits")
			}
			renumberExtensions(c, start)
			if y.Operator == a.cfg.System.Operator {
				y.Operator = c.System.Operator
			}
		}
		y.Incoming, y.AfterHoursMode = c.System.Incoming, c.System.AfterHoursMode
		c.System.Zone, c.System.Language, c.System.Company, c.System.Operator = y.Zone, y.Language, y.Company, y.Operator
		return renumberText(a.cfg, c), nil
	}
	f.closed = func() { a.skipped = true }
	f.saved = func() {
		a.say("saved: welcome to " + y.Company)
		a.show(0)
	}
	return f
}

// portExtensions are cfg's extensions on card ports, in port order.
func portExtensions(cfg *pbx.Config) []pbx.Extension {
	var out []pbx.Extension
	for _, e := range cfg.Extensions {
		if e.Port > 0 {
			out = append(out, e)
		}
	}
	slices.SortFunc(out, func(a, b pbx.Extension) int { return a.Port - b.Port })
	return out
}

// renumberExtensions gives the extensions on card ports the numbers start,
// start+1, ... in port order and changes every reference to them.
func renumberExtensions(c *pbx.Config, start int) {
	m := map[string]string{}
	for i, e := range portExtensions(c) {
		m[e.Number] = strconv.Itoa(start + i)
	}
	ren := func(s string) string {
		if n, ok := m[s]; ok {
			return n
		}
		return s
	}
	dest := func(d pbx.Destination) pbx.Destination {
		kind, arg, ok := strings.Cut(string(d), ":")
		if ok && (kind == "ext" || kind == "voicemail") {
			return pbx.Destination(kind + ":" + ren(arg))
		}
		return d
	}
	c.System.Operator = ren(c.System.Operator)
	c.System.Incoming = dest(c.System.Incoming)
	for i := range c.Extensions {
		e := &c.Extensions[i]
		e.Number = ren(e.Number)
		e.ForwardAlways, e.ForwardBusy, e.ForwardNoAnswer = ren(e.ForwardAlways), ren(e.ForwardBusy), ren(e.ForwardNoAnswer)
		for j := range e.MayMonitor {
			e.MayMonitor[j] = ren(e.MayMonitor[j])
		}
	}
	for i := range c.Trunks {
		t := &c.Trunks[i]
		t.Hotline = ren(t.Hotline)
		t.Incoming = dest(t.Incoming)
	}
	for i := range c.Groups {
		g := &c.Groups[i]
		for j := range g.Members {
			g.Members[j] = ren(g.Members[j])
		}
		g.Overflow = dest(g.Overflow)
	}
	for i := range c.IVRs {
		mn := &c.IVRs[i]
		for k, d := range mn.Keys {
			mn.Keys[k] = dest(d)
		}
		mn.Default = dest(mn.Default)
	}
}

// renumberText is the text that turns old into c: c's whole configuration, plus the
// deletion of the extensions whose numbers are gone.
func renumberText(old, c *pbx.Config) []byte {
	var b bytes.Buffer
	b.Write(conf.Export(c))
	for _, e := range old.Extensions {
		if !slices.ContainsFunc(c.Extensions, func(x pbx.Extension) bool { return x.Number == e.Number }) {
			b.WriteString("\n[extension " + e.Number + "]\ndelete = yes\n")
		}
	}
	return b.Bytes()
}
