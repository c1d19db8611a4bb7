package pbx

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Zones are the tone zones the PBX knows (System.Zone).
var zones = []string{"us", "cn", "uk", "de"}

// languages are the prompt languages the PBX knows (System.Language).
var languages = []string{"en", "zh"}

// strategies are the group strategies (Group.Strategy).
var strategies = []string{"priority", "roundrobin", "ringall", "leastrecent", "fewestcalls"}

// disconnects are the far-end clear detection methods of a line (Trunk.Disconnect).
var disconnects = []string{"busytone", "battery", "polarity"}

// FieldError is one refused field of a Config.
type FieldError struct {
	// Section names the object as a configuration file does: "system", "line 1",
	// "extension 801", "group 600", "ivr main" or "hours".
	Section string
	// Field is the key in the configuration file, e.g. "forward_busy" or "key 1";
	// "" when the whole section is refused.
	Field string
	// Reason says what is wrong, e.g. "forward loop 801 → 802 → 801".
	Reason string
}

// String returns "section: field: reason".
func (e FieldError) String() string {
	if e.Field == "" {
		return e.Section + ": " + e.Reason
	}
	return e.Section + ": " + e.Field + ": " + e.Reason
}

// ValidationError lists every problem Validate found, in configuration order
// (system, lines, extensions, groups, IVR menus, hours).
type ValidationError struct {
	Items []FieldError
}

// Error returns every item, separated by "; ".
func (e *ValidationError) Error() string {
	var b strings.Builder
	b.WriteString("pbx: invalid configuration: ")
	for i, it := range e.Items {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(it.String())
	}
	return b.String()
}

// Validate checks the whole configuration: known zone, language and strategies;
// numbers made of digits, unique and free of prefix clashes (with each other, the
// access code and the pickup code); every reference present; durations in range;
// no forwarding, overflow or IVR-default loop; PINs of at least 4 digits that are
// not repeats, sequences or the extension's number. It returns nil or a
// *ValidationError listing every problem.
func (c *Config) Validate() error {
	if c == nil {
		return &ValidationError{Items: []FieldError{{Section: "config", Reason: "no configuration"}}}
	}
	v := newValidator(c)
	v.run()
	return v.err()
}

// ValidateUpdate is Validate for a configuration that replaces old: it also
// requires every PIN that is new or changed to have at least 6 digits. A nil old
// treats c as a restore, where existing PINs keep the 4-digit minimum.
func (c *Config) ValidateUpdate(old *Config) error {
	if c == nil {
		return c.Validate()
	}
	v := newValidator(c)
	v.run()
	if old != nil {
		prev := make(map[string]string, len(old.Extensions))
		for _, e := range old.Extensions {
			prev[e.Number] = e.PIN
		}
		for _, e := range c.Extensions {
			if p, ok := prev[e.Number]; (!ok || p != e.PIN) && e.PIN != "" && len(e.PIN) < 6 {
				v.add(extSection(e.Number), "pin", "a new PIN needs at least 6 digits")
			}
		}
	}
	return v.err()
}

type validator struct {
	c      *Config
	items  []FieldError
	exts   map[string]*Extension
	groups map[string]*Group
	ivrs   map[string]*IVRMenu
	lines  map[int]*Trunk
}

func newValidator(c *Config) *validator {
	v := &validator{
		c:      c,
		exts:   make(map[string]*Extension, len(c.Extensions)),
		groups: make(map[string]*Group, len(c.Groups)),
		ivrs:   make(map[string]*IVRMenu, len(c.IVRs)),
		lines:  make(map[int]*Trunk, len(c.Trunks)),
	}
	for i := range c.Extensions {
		if _, dup := v.exts[c.Extensions[i].Number]; !dup {
			v.exts[c.Extensions[i].Number] = &c.Extensions[i]
		}
	}
	for i := range c.Groups {
		if _, dup := v.groups[c.Groups[i].Number]; !dup {
			v.groups[c.Groups[i].Number] = &c.Groups[i]
		}
	}
	for i := range c.IVRs {
		if _, dup := v.ivrs[c.IVRs[i].ID]; !dup {
			v.ivrs[c.IVRs[i].ID] = &c.IVRs[i]
		}
	}
	for i := range c.Trunks {
		if _, dup := v.lines[c.Trunks[i].Line]; !dup {
			v.lines[c.Trunks[i].Line] = &c.Trunks[i]
		}
	}
	return v
}

func (v *validator) run() {
	v.system()
	v.trunks()
	v.extensions()
	v.groupsCheck()
	v.menus()
	v.hours()
	v.ports()
	v.numbers()
	v.loops()
}

func (v *validator) err() error {
	if len(v.items) == 0 {
		return nil
	}
	return &ValidationError{Items: v.items}
}

func (v *validator) add(section, field, format string, args ...any) {
	v.items = append(v.items, FieldError{Section: section, Field: field, Reason: fmt.Sprintf(format, args...)})
}

func lineSection(n int) string     { return "line " + strconv.Itoa(n) }
func extSection(n string) string   { return "extension " + n }
func groupSection(n string) string { return "group " + n }
func ivrSection(id string) string  { return "ivr " + id }

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// isDialString reports whether s holds only keypad characters 0-9, * and #.
func isDialString(s string) bool {
	for i := 0; i < len(s); i++ {
		if (s[i] < '0' || s[i] > '9') && s[i] != '*' && s[i] != '#' {
			return false
		}
	}
	return s != ""
}

// text checks free text: valid UTF-8, no control characters, no surrounding spaces.
func (v *validator) text(section, field, s string, maxLen int) {
	switch {
	case !utf8.ValidString(s):
		v.add(section, field, "not valid UTF-8 text")
	case strings.TrimSpace(s) != s:
		v.add(section, field, "leading or trailing spaces")
	case strings.IndexFunc(s, unicode.IsControl) >= 0:
		v.add(section, field, "control characters are not allowed")
	case utf8.RuneCountInString(s) > maxLen:
		v.add(section, field, "longer than %d characters", maxLen)
	}
}

// number checks an extension or group number: 2 to 8 digits.
func (v *validator) number(section, field, s string) {
	if !isDigits(s) || len(s) < 2 || len(s) > 8 {
		v.add(section, field, "%q is not a number of 2 to 8 digits", s)
	}
}

// outside checks an outside number as sent on a line: up to 24 digits, * or #.
func (v *validator) outside(section, field, s string, required bool) {
	if s == "" {
		if required {
			v.add(section, field, "required")
		}
		return
	}
	if !isDialString(s) || len(s) > 24 {
		v.add(section, field, "%q is not a phone number (up to 24 digits, * or #)", s)
	}
}

// prefix checks a digit prefix of up to 8 digits; "" is allowed.
func (v *validator) prefix(section, field, s string) {
	if s != "" && (!isDialString(s) || len(s) > 8) {
		v.add(section, field, "%q is not a prefix of up to 8 digits", s)
	}
}

// dur checks that d is 0 (when zeroOK) or within [lo, hi], in whole frames.
func (v *validator) dur(section, field string, d, lo, hi time.Duration, zeroOK bool) {
	switch {
	case d == 0 && zeroOK:
	case d < lo || d > hi:
		if zeroOK {
			v.add(section, field, "%s is out of range (0, or %s to %s)", fmtDur(d), fmtDur(lo), fmtDur(hi))
		} else {
			v.add(section, field, "%s is out of range (%s to %s)", fmtDur(d), fmtDur(lo), fmtDur(hi))
		}
	case d%(10*time.Millisecond) != 0:
		v.add(section, field, "%s is not a whole number of 10ms frames", d)
	}
}

// fmtDur writes a duration as the configuration file does: "4s", "500ms".
func fmtDur(d time.Duration) string {
	switch {
	case d%time.Second == 0:
		return strconv.FormatInt(int64(d/time.Second), 10) + "s"
	case d%time.Millisecond == 0:
		return strconv.FormatInt(int64(d/time.Millisecond), 10) + "ms"
	}
	return d.String()
}

func (v *validator) system() {
	s, sec := &v.c.System, "system"
	if !slices.Contains(zones, s.Zone) {
		v.add(sec, "zone", "%q is not a known zone (%s)", s.Zone, strings.Join(zones, ", "))
	}
	if !slices.Contains(languages, s.Language) {
		v.add(sec, "language", "%q is not a known language (%s)", s.Language, strings.Join(languages, ", "))
	}
	v.text(sec, "company", s.Company, 64)
	if s.Operator != "" {
		if _, ok := v.exts[s.Operator]; !ok {
			v.add(sec, "operator", "no extension %s", s.Operator)
		}
	} else if len(v.c.Extensions) > 0 {
		v.add(sec, "operator", "required: the extension that takes operator calls")
	}
	if s.AccessCode != "" && (!isDigits(s.AccessCode) || len(s.AccessCode) > 4) {
		v.add(sec, "access_code", "%q is not a code of 1 to 4 digits", s.AccessCode)
	}
	v.dur(sec, "first_digit", s.FirstDigit, time.Second, time.Minute, false)
	v.dur(sec, "inter_digit", s.InterDigit, time.Second, 30*time.Second, false)
	v.dur(sec, "max_ring", s.MaxRing, 5*time.Second, 10*time.Minute, false)
	v.dur(sec, "group_ring_timeout", s.GroupRingTimeout, 5*time.Second, 10*time.Minute, false)
	if s.FlashMin != 0 || s.FlashMax != 0 {
		v.dur(sec, "flash_min", s.FlashMin, 50*time.Millisecond, 2*time.Second, false)
		v.dur(sec, "flash_max", s.FlashMax, 50*time.Millisecond, 2*time.Second, false)
		if s.FlashMin >= s.FlashMax {
			v.add(sec, "flash_max", "%s is not longer than flash_min %s", fmtDur(s.FlashMax), fmtDur(s.FlashMin))
		}
	}
	if len(s.PickupCode) > 4 || !isDialString(s.PickupCode) {
		v.add(sec, "pickup_code", "%q is not a code of 1 to 4 keys (0-9, *, #)", s.PickupCode)
	}
	if s.HotlineEscape != "#" && s.HotlineEscape != "##" {
		v.add(sec, "hotline_escape", "%q is not # or ##", s.HotlineEscape)
	}
	for _, mc := range monitorCodes(s) {
		if mc.code == "" {
			continue
		}
		if len(mc.code) < 2 || len(mc.code) > 4 || !isDialString(mc.code) {
			v.add(sec, mc.key, "%q is not a code of 2 to 4 keys (0-9, *, #)", mc.code)
		}
		for _, fixed := range []string{codeVoicemail, codeVoicemailOther} {
			if strings.HasPrefix(fixed, mc.code) || strings.HasPrefix(mc.code, fixed) {
				v.add(sec, mc.key, "%s clashes with the voicemail code %s", mc.code, fixed)
			}
		}
	}
	if s.LongDistance != "" && (!isDigits(s.LongDistance) || len(s.LongDistance) > 4) {
		v.add(sec, "long_distance", "%q is not a prefix of 1 to 4 digits", s.LongDistance)
	}
	if s.Incoming == "" {
		v.add(sec, "incoming", "required: where calls on a line go when the line names nothing")
	} else {
		v.dest(sec, "incoming", s.Incoming, false)
	}
	v.afterHours()
	if s.RecordDir == "" {
		v.add(sec, "record_dir", "required")
	} else {
		v.text(sec, "record_dir", s.RecordDir, 200)
	}
	if s.RecordRetention < 0 {
		v.add(sec, "record_retention", "%d is negative", s.RecordRetention)
	}
}

func (v *validator) afterHours() {
	s, sec := &v.c.System, "system"
	if s.AfterHoursMode < 0 || s.AfterHoursMode > 3 {
		v.add(sec, "after_hours", "mode %d is not 0 to 3", s.AfterHoursMode)
		return
	}
	v.outside(sec, "after_hours_number", s.AfterHoursNumber, false)
	if s.AfterHoursMode != 3 {
		return
	}
	forward, missing := false, s.AfterHoursNumber == ""
	for _, t := range v.c.Trunks {
		forward = forward || t.ForwardLine
		if t.AfterHours != "" {
			missing = false
		}
	}
	if missing {
		v.add(sec, "after_hours_number", "required with after_hours = forward")
	}
	if !forward {
		v.add(sec, "after_hours", "forward needs a line with forward_line = yes")
	}
}

// dest checks a Destination; menu allows the IVR-only forms "repeat" and "back".
func (v *validator) dest(sec, field string, d Destination, menu bool) {
	kind, arg, _ := strings.Cut(string(d), ":")
	switch kind {
	case "ext", "voicemail":
		if _, ok := v.exts[arg]; !ok {
			v.add(sec, field, "%s: no extension %s", d, arg)
		}
		return
	case "group":
		if _, ok := v.groups[arg]; !ok {
			v.add(sec, field, "%s: no group %s", d, arg)
		}
		return
	case "ivr":
		if _, ok := v.ivrs[arg]; !ok {
			v.add(sec, field, "%s: no IVR menu %s", d, arg)
		}
		return
	case "number":
		v.outside(sec, field, arg, true)
		return
	}
	if arg != "" || strings.Contains(string(d), ":") {
		v.add(sec, field, "%q is not a destination (ext:N, group:N, ivr:ID, voicemail:N, number:N, operator, hangup)", d)
		return
	}
	switch {
	case kind == "operator":
		if v.c.System.Operator == "" && len(v.c.Extensions) > 0 {
			v.add(sec, field, "operator: no operator extension is set")
		}
	case kind == "hangup":
	case menu && (kind == "repeat" || kind == "back"):
	default:
		v.add(sec, field, "%q is not a destination (ext:N, group:N, ivr:ID, voicemail:N, number:N, operator, hangup)", d)
	}
}

func (v *validator) trunks() {
	seen := map[int]bool{}
	for i := range v.c.Trunks {
		t := &v.c.Trunks[i]
		sec := lineSection(t.Line)
		if t.Line < 1 || t.Line > 999 {
			v.add(sec, "", "line number %d is not 1 to 999", t.Line)
		} else if seen[t.Line] {
			v.add(sec, "", "line %d is defined twice", t.Line)
		}
		seen[t.Line] = true
		v.text(sec, "name", t.Name, 64)
		targets := 0
		if t.Hotline != "" {
			targets++
			if _, ok := v.exts[t.Hotline]; !ok {
				v.add(sec, "hotline", "no extension %s", t.Hotline)
			}
		}
		if t.IVR != "" {
			targets++
			if _, ok := v.ivrs[t.IVR]; !ok {
				v.add(sec, "ivr", "no IVR menu %s", t.IVR)
			}
		}
		if t.Group != "" {
			targets++
			if _, ok := v.groups[t.Group]; !ok {
				v.add(sec, "group", "no group %s", t.Group)
			}
		}
		if targets > 1 {
			v.add(sec, "", "set only one of hotline, ivr and group (or incoming)")
		}
		v.outside(sec, "after_hours", t.AfterHours, false)
		v.prefix(sec, "in_prefix", t.InPrefix)
		v.prefix(sec, "out_prefix", t.OutPrefix)
		v.prefix(sec, "ip_prefix", t.IPPrefix)
		v.disconnect(sec, t.Disconnect)
		if t.Incoming != "" {
			v.dest(sec, "incoming", t.Incoming, false)
		}
		v.cadence(sec, t.BusyCadence)
	}
}

func (v *validator) disconnect(sec, s string) {
	if s == "" {
		return
	}
	var seen []string
	for _, m := range strings.Split(s, ",") {
		switch {
		case !slices.Contains(disconnects, m):
			v.add(sec, "disconnect", "%q is not a method (%s)", m, strings.Join(disconnects, ", "))
			return
		case slices.Contains(seen, m):
			v.add(sec, "disconnect", "%s is listed twice", m)
			return
		}
		seen = append(seen, m)
	}
}

// cadence checks a busy cadence: on,off[,on,off...] in milliseconds, 2 to 8 values of 50 to 5000.
func (v *validator) cadence(sec, s string) {
	if s == "" {
		return
	}
	parts := strings.Split(s, ",")
	if len(parts)%2 != 0 || len(parts) > 8 {
		v.add(sec, "busy_cadence", "%q is not on,off pairs in milliseconds (e.g. 500,500)", s)
		return
	}
	for _, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || !isDigits(p) || n < 50 || n > 5000 {
			v.add(sec, "busy_cadence", "%q is not on,off pairs of 50 to 5000 milliseconds (e.g. 500,500)", s)
			return
		}
	}
}

func (v *validator) extensions() {
	seen := map[string]bool{}
	for i := range v.c.Extensions {
		e := &v.c.Extensions[i]
		sec := extSection(e.Number)
		v.number(sec, "", e.Number)
		if seen[e.Number] {
			v.add(sec, "", "extension %s is defined twice", e.Number)
		}
		seen[e.Number] = true
		v.text(sec, "name", e.Name, 64)
		v.forward(e, "forward_always", e.ForwardAlways)
		v.forward(e, "forward_busy", e.ForwardBusy)
		v.forward(e, "forward_noanswer", e.ForwardNoAnswer)
		v.dur(sec, "noanswer_time", e.NoAnswerTime, 5*time.Second, 10*time.Minute, true)
		if e.Hotline != 0 {
			if _, ok := v.lines[e.Hotline]; !ok {
				v.add(sec, "hotline", "no line %d", e.Hotline)
			} else if len(e.Lines) > 0 && !slices.Contains(e.Lines, e.Hotline) {
				v.add(sec, "hotline", "line %d is not among its lines", e.Hotline)
			}
		}
		for j, l := range e.Lines {
			if _, ok := v.lines[l]; !ok {
				v.add(sec, "lines", "no line %d", l)
			} else if slices.Contains(e.Lines[:j], l) {
				v.add(sec, "lines", "line %d is listed twice", l)
			}
		}
		for j, m := range e.MayMonitor {
			switch {
			case m == e.Number:
				v.add(sec, "may_monitor", "an extension cannot monitor itself")
			case v.exts[m] == nil:
				v.add(sec, "may_monitor", "no extension %s", m)
			case slices.Contains(e.MayMonitor[:j], m):
				v.add(sec, "may_monitor", "extension %s is listed twice", m)
			}
		}
		if e.PIN != "" {
			if why := weakPIN(e.PIN, e.Number); why != "" {
				v.add(sec, "pin", "%s", why)
			}
		}
	}
}

// forward checks a forwarding target: an extension or group number, or an outside
// number written as dialed, starting with the access code.
func (v *validator) forward(e *Extension, field, to string) {
	if to == "" {
		return
	}
	sec := extSection(e.Number)
	if _, ok := v.exts[to]; ok {
		return // loops() checks where it leads
	}
	if _, ok := v.groups[to]; ok {
		return
	}
	ac := v.c.System.AccessCode
	if ac == "" || !strings.HasPrefix(to, ac) || len(to) == len(ac) {
		if ac == "" {
			v.add(sec, field, "%q is not an extension or group", to)
		} else {
			v.add(sec, field, "%q is not an extension or group; an outside number starts with the access code %s", to, ac)
		}
		return
	}
	num := to[len(ac):]
	v.outside(sec, field, num, true)
	if len(v.c.Trunks) == 0 {
		v.add(sec, field, "outside number %s: there is no line", num)
	}
	if ld := v.c.System.LongDistance; ld != "" && strings.HasPrefix(num, ld) && !e.LongDistance {
		v.add(sec, field, "long-distance number %s, but long_distance = no", num)
	}
}

// weakPIN returns why pin is refused for extension number, or "".
func weakPIN(pin, number string) string {
	switch {
	case !isDigits(pin):
		return "a PIN is digits only"
	case len(pin) < 4:
		return "a PIN needs at least 4 digits"
	case len(pin) > 12:
		return "a PIN has at most 12 digits"
	case pin == number:
		return "the PIN equals the extension number"
	}
	same, up, down := true, true, true
	for i := 1; i < len(pin); i++ {
		d := (int(pin[i]) - int(pin[i-1]) + 10) % 10
		same = same && d == 0
		up = up && d == 1
		down = down && d == 9
	}
	switch {
	case same:
		return "the PIN repeats one digit"
	case up || down:
		return "the PIN is a sequence"
	}
	return ""
}

func (v *validator) groupsCheck() {
	seen := map[string]bool{}
	for i := range v.c.Groups {
		g := &v.c.Groups[i]
		sec := groupSection(g.Number)
		v.number(sec, "", g.Number)
		if seen[g.Number] {
			v.add(sec, "", "group %s is defined twice", g.Number)
		}
		seen[g.Number] = true
		v.text(sec, "name", g.Name, 64)
		if !slices.Contains(strategies, g.Strategy) {
			v.add(sec, "strategy", "%q is not a strategy (%s)", g.Strategy, strings.Join(strategies, ", "))
		} else if g.LastAgentFirst && g.Strategy == "ringall" {
			v.add(sec, "last_agent_first", "does not apply to ringall")
		}
		for j, m := range g.Members {
			if _, ok := v.exts[m]; !ok {
				v.add(sec, "members", "no extension %s", m)
			} else if slices.Contains(g.Members[:j], m) {
				v.add(sec, "members", "extension %s is listed twice", m)
			}
		}
		v.dur(sec, "member_timeout", g.MemberTimeout, 5*time.Second, 10*time.Minute, true)
		v.dur(sec, "timeout", g.Timeout, 5*time.Second, time.Hour, true)
		v.dur(sec, "queue_max_wait", g.QueueMaxWait, 10*time.Second, 2*time.Hour, true)
		if g.Overflow != "" {
			v.dest(sec, "overflow", g.Overflow, false)
		}
	}
}

func validID(s string) bool {
	if s == "" || len(s) > 32 {
		return false
	}
	for _, r := range s {
		if (r < 'a' || r > 'z') && (r < '0' || r > '9') && r != '_' && r != '-' {
			return false
		}
	}
	return true
}

func validPrompt(s string) bool {
	if s == "" || len(s) > 64 || s[0] == '.' || s[0] == '-' {
		return false
	}
	for _, r := range s {
		if (r < 'a' || r > 'z') && (r < 'A' || r > 'Z') && (r < '0' || r > '9') && r != '_' && r != '-' && r != '.' {
			return false
		}
	}
	return true
}

func (v *validator) menus() {
	seen := map[string]bool{}
	for i := range v.c.IVRs {
		m := &v.c.IVRs[i]
		sec := ivrSection(m.ID)
		if !validID(m.ID) {
			v.add(sec, "", "menu id %q is not 1 to 32 of a-z, 0-9, _ and -", m.ID)
		} else if seen[m.ID] {
			v.add(sec, "", "menu %s is defined twice", m.ID)
		}
		seen[m.ID] = true
		if !validPrompt(m.Prompt) {
			v.add(sec, "prompt", "%q is not a prompt name (letters, digits, _ - .)", m.Prompt)
		}
		keys := make([]string, 0, len(m.Keys))
		for k := range m.Keys {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			if len(k) != 1 || !isDialString(k) {
				v.add(sec, "key "+k, "%q is not a key (0-9, *, #)", k)
				continue
			}
			if m.Keys[k] == "" {
				v.add(sec, "key "+k, "no destination")
				continue
			}
			v.dest(sec, "key "+k, m.Keys[k], true)
		}
		v.dur(sec, "timeout", m.Timeout, time.Second, time.Minute, false)
		if m.Retries < 0 || m.Retries > 9 {
			v.add(sec, "retries", "%d is not 0 to 9", m.Retries)
		}
		switch m.Default {
		case "":
			v.add(sec, "default", "required: where a caller goes after no or invalid input")
		case Destination("ivr:" + m.ID), "repeat":
			v.add(sec, "default", "%s points to the menu itself", m.Default)
		default:
			v.dest(sec, "default", m.Default, false)
		}
	}
}

var weekdays = [7]string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}

func (v *validator) hours() {
	h := &v.c.Hours
	for d, s := range h.Weekly {
		if s == "" {
			continue
		}
		for _, r := range strings.Split(s, ",") {
			a, b, ok := strings.Cut(r, "-")
			ma, oka := clockMinutes(a)
			mb, okb := clockMinutes(b)
			if !ok || !oka || !okb || ma >= mb {
				v.add("hours", weekdays[d], "%q is not a range like 09:00-18:00", r)
				break
			}
		}
	}
	for _, s := range h.Holidays {
		a, b, rng := strings.Cut(s, "..")
		da, erra := time.Parse(time.DateOnly, a)
		if erra != nil || da.Format(time.DateOnly) != a {
			v.add("hours", "holidays", "%q is not a date like 2026-10-01 or a range 2026-10-01..2026-10-07", s)
			continue
		}
		if rng {
			db, errb := time.Parse(time.DateOnly, b)
			if errb != nil || db.Format(time.DateOnly) != b || db.Before(da) {
				v.add("hours", "holidays", "%q is not a date range like 2026-10-01..2026-10-07", s)
			}
		}
	}
}

// clockMinutes parses "HH:MM" (00:00 to 24:00) into minutes since midnight.
func clockMinutes(s string) (int, bool) {
	if len(s) != 5 || s[2] != ':' || !isDigits(s[:2]) || !isDigits(s[3:]) {
		return 0, false
	}
	h, _ := strconv.Atoi(s[:2])
	m, _ := strconv.Atoi(s[3:])
	if m > 59 || h > 24 || (h == 24 && m != 0) {
		return 0, false
	}
	return h*60 + m, true
}

// ports checks that no physical port carries two objects.
func (v *validator) ports() {
	owner := map[int]string{}
	check := func(sec string, p int) {
		switch {
		case p == 0:
		case p < 0 || p > 256:
			v.add(sec, "port", "%d is not 1 to 256 (or 0 for none)", p)
		case owner[p] != "":
			v.add(sec, "port", "port %d is already used by %s", p, owner[p])
		default:
			owner[p] = sec
		}
	}
	for _, t := range v.c.Trunks {
		check(lineSection(t.Line), t.Port)
	}
	for _, e := range v.c.Extensions {
		check(extSection(e.Number), e.Port)
	}
}

// numbers checks that no dialed code is a prefix of another one.
func (v *validator) numbers() {
	type code struct{ s, what, sec, field string }
	var codes []code
	if s := v.c.System.AccessCode; s != "" {
		codes = append(codes, code{s, "the access code", "system", "access_code"})
	}
	if s := v.c.System.PickupCode; s != "" {
		codes = append(codes, code{s, "the pickup code", "system", "pickup_code"})
	}
	for _, mc := range monitorCodes(&v.c.System) {
		if mc.code != "" {
			codes = append(codes, code{mc.code, "the " + mc.what + " code", "system", mc.key})
		}
	}
	seenExt, seenGroup := map[string]bool{}, map[string]bool{}
	for _, e := range v.c.Extensions {
		if !seenExt[e.Number] {
			seenExt[e.Number] = true
			codes = append(codes, code{e.Number, "extension " + e.Number, extSection(e.Number), ""})
		}
	}
	for _, g := range v.c.Groups {
		if !seenGroup[g.Number] {
			seenGroup[g.Number] = true
			codes = append(codes, code{g.Number, "group " + g.Number, groupSection(g.Number), ""})
		}
	}
	// a clash is reported at both codes, so that a file adding either one finds it
	for i, a := range codes {
		for _, b := range codes[:i] {
			switch {
			case a.s == b.s:
				v.add(a.sec, a.field, "%s is also %s", a.s, b.what)
				v.add(b.sec, b.field, "%s is also %s", b.s, a.what)
			case strings.HasPrefix(a.s, b.s):
				v.add(a.sec, a.field, "%s starts with %s (%s)", a.s, b.s, b.what)
				v.add(b.sec, b.field, "%s is the start of %s (%s)", b.s, a.s, a.what)
			case strings.HasPrefix(b.s, a.s):
				v.add(a.sec, a.field, "%s is the start of %s (%s)", a.s, b.s, b.what)
				v.add(b.sec, b.field, "%s starts with %s (%s)", b.s, a.s, a.what)
			}
		}
	}
}

// edge is one automatic step of the routing graph: a forward, an overflow or an
// IVR default, each taken without the caller choosing it.
type edge struct{ from, to, sec, field, kind string }

// loops refuses every cycle of automatic steps (forwards, group overflows, IVR
// defaults), whatever its length. Nodes are extensions ("801"), groups
// ("group 600") and menus ("ivr main").
func (v *validator) loops() {
	destNode := func(d Destination) string {
		kind, arg, _ := strings.Cut(string(d), ":")
		switch {
		case kind == "ext" && v.exts[arg] != nil:
			return arg
		case kind == "group" && v.groups[arg] != nil:
			return "group " + arg
		case kind == "ivr" && v.ivrs[arg] != nil:
			return "ivr " + arg
		case d == "operator" && v.exts[v.c.System.Operator] != nil:
			return v.c.System.Operator
		}
		return ""
	}
	var edges []edge
	addEdge := func(from, to, sec, field, kind string) {
		if to != "" {
			edges = append(edges, edge{from, to, sec, field, kind})
		}
	}
	for _, e := range v.c.Extensions {
		for _, f := range [...]struct{ field, to string }{
			{"forward_always", e.ForwardAlways}, {"forward_busy", e.ForwardBusy}, {"forward_noanswer", e.ForwardNoAnswer},
		} {
			to := ""
			if v.exts[f.to] != nil {
				to = f.to
			} else if v.groups[f.to] != nil {
				to = "group " + f.to
			}
			addEdge(e.Number, to, extSection(e.Number), f.field, "forward")
		}
	}
	for _, g := range v.c.Groups {
		addEdge("group "+g.Number, destNode(g.Overflow), groupSection(g.Number), "overflow", "overflow")
	}
	for _, m := range v.c.IVRs {
		if m.Default != Destination("ivr:"+m.ID) { // menus() refuses a default pointing to itself
			addEdge("ivr "+m.ID, destNode(m.Default), ivrSection(m.ID), "default", "default")
		}
	}
	adj := map[string][]string{}
	for _, e := range edges {
		adj[e.from] = append(adj[e.from], e.to)
	}
	reported := map[string]bool{}
	for _, e := range edges {
		path := findPath(adj, e.to, e.from)
		if path == nil {
			continue
		}
		cycle := append([]string{e.from}, path...)
		key := slices.Clone(cycle[1:])
		slices.Sort(key)
		k := strings.Join(slices.Compact(key), "\x00")
		if reported[k] {
			continue
		}
		reported[k] = true
		v.add(e.sec, e.field, "%s loop %s", e.kind, strings.Join(cycle, " → "))
	}
}

// findPath returns the nodes of a shortest path from a to b (both included), or nil.
func findPath(adj map[string][]string, a, b string) []string {
	parent := map[string]string{a: ""}
	queue := []string{a}
	for len(queue) > 0 {
		n := queue[0]
		queue = queue[1:]
		if n == b {
			var path []string
			for ; n != ""; n = parent[n] {
				path = append(path, n)
			}
			slices.Reverse(path)
			return path
		}
		for _, m := range adj[n] {
			if _, seen := parent[m]; !seen {
				parent[m] = n
				queue = append(queue, m)
			}
		}
	}
	return nil
}
