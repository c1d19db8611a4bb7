package conf

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/analogpbx/pbx/hal"
	"github.com/analogpbx/pbx/pbx"
)

// rich is a valid configuration with every field away from its zero value.
func rich() *pbx.Config {
	c := pbx.Default(hal.Kinds(4, 4))
	s := &c.System
	s.Zone, s.Language, s.Company = "cn", "zh", "Acme 有限公司 #1"
	s.AccessCode, s.PickupCode, s.HotlineEscape, s.LongDistance = "0", "*8", "##", "0"
	s.ListenCode, s.WhisperCode, s.BargeCode, s.ReleaseCode = "*71", "*72", "*73", "#74"
	s.FirstDigit, s.InterDigit = 12*time.Second, 3500*time.Millisecond
	s.MaxRing, s.GroupRingTimeout = 90*time.Second, 30*time.Second
	s.FlashMin, s.FlashMax = 100*time.Millisecond, 800*time.Millisecond
	s.DNDInternal, s.DNDTransfer = false, false
	s.Incoming, s.AfterHoursMode, s.AfterHoursNumber = "group:600", 3, "13800138000"
	s.RecordDir, s.RecordRetention = "/data/rec", 500
	t := &c.Trunks[0]
	t.Name, t.Hotline, t.Rating, t.ForwardLine = "Main line", "804", true, true
	t.AfterHours, t.InPrefix, t.OutPrefix, t.IPPrefix = "13900139000", "0", "9", "17909"
	t.AutoDial, t.Record, t.Disconnect, t.Incoming, t.BusyCadence = true, true, "polarity,battery", "ext:802", "350,350"
	c.Trunks[1].IVR = "sales"
	c.Trunks[2].Group = "601"
	e := &c.Extensions[0]
	e.Name, e.ForwardAlways, e.ForwardBusy, e.ForwardNoAnswer = "Reception", "", "802", "601"
	e.NoAnswerTime, e.Hotline, e.AnnounceAgent, e.VoicemailBusy, e.VoicemailNoAns = 15*time.Second, 2, true, true, true
	e.LongDistance, e.Lines, e.MayMonitor, e.DND, e.PIN, e.Record, e.CallWaiting = false, []int{2, 1}, []string{"803", "802"}, true, "271828", true, false
	c.Extensions[3].ForwardAlways = "013800138000"
	c.Groups = append(c.Groups, pbx.Group{Number: "601", Name: "Sales, east", Strategy: "roundrobin", LastAgentFirst: true,
		Members: []string{"803", "802"}, MemberTimeout: 15 * time.Second, Timeout: 60 * time.Second, Overflow: "voicemail:801",
		Queue: true, QueueMaxWait: 5 * time.Minute, Record: true})
	c.IVRs = append(c.IVRs, pbx.IVRMenu{ID: "sales", Prompt: "sales.v2", Keys: map[string]pbx.Destination{
		"1": "group:601", "2": "ivr:main", "*": "repeat", "#": "back", "9": "number:4008001234", "8": "hangup"},
		Timeout: 8 * time.Second, Retries: 3, Default: "group:601"})
	c.IVRs[0].Keys["1"] = "ivr:sales"
	c.Hours = pbx.Hours{Enabled: true, Weekly: [7]string{1: "09:00-12:00,13:00-18:00", 5: "09:00-17:00", 6: "10:00-24:00"},
		Holidays: []string{"2026-10-01..2026-10-07", "2027-01-01"}}
	Canonical(c)
	return c
}

func TestRichIsValid(t *testing.T) {
	if err := rich().Validate(); err != nil {
		t.Fatalf("rich().Validate() = %v", err)
	}
}

func TestRoundTrip(t *testing.T) {
	tests := []struct {
		name string
		c    *pbx.Config
	}{
		{"default sim", pbx.Default(hal.Kinds(4, 4))},
		{"default 8fxs4fxo", pbx.Default(hal.Kinds(8, 4))},
		{"default no ports", pbx.Default(nil)},
		{"every field set", rich()},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			text := Export(tc.c)
			for _, base := range []*pbx.Config{nil, tc.c} {
				got, err := Parse(bytes.NewReader(text), "x.conf", base)
				if err != nil {
					t.Fatalf("Parse(Export(c)) = %v", err)
				}
				if !reflect.DeepEqual(got, tc.c) {
					t.Errorf("Parse(Export(c)) = %+v, want %+v", got, tc.c)
				}
				if again := Export(got); !bytes.Equal(again, text) {
					t.Errorf("Export(Parse(Export(c))) differs:\n%s\nwant\n%s", again, text)
				}
			}
		})
	}
}

func TestCloneIsDeep(t *testing.T) {
	c := rich()
	d := Clone(c)
	if !reflect.DeepEqual(c, d) {
		t.Fatal("Clone(c) differs from c")
	}
	d.Extensions[0].Lines[0] = 9
	d.Extensions[0].MayMonitor[0] = "809"
	d.Groups[0].Members[0] = "809"
	d.IVRs[0].Keys["0"] = "hangup"
	d.Hours.Holidays[0] = "x"
	d.Trunks[0].Name = "x"
	if !reflect.DeepEqual(c, rich()) {
		t.Error("changing the clone changed the original")
	}
}

const sample = `# comment
[system]
zone = us
access_code = 9
[line 1]
port = 5
name = Main line
group = 600
[extension 801]
port = 1
forward_busy = 802
lines = 1,2
[group 600]
members = 801,802
strategy = ringall
[ivr main]
prompt = welcome
key 0 = operator
key 1 = ext:801
default = operator
[hours]
mon = 09:00-18:00
holidays = 2026-10-01..2026-10-07
`

func TestParseMerge(t *testing.T) {
	tests := []struct {
		name string
		file string
		want func(c *pbx.Config) // the change from the base
	}{
		{"issue sample", sample, func(c *pbx.Config) {
			c.Trunks[0].Name, c.Trunks[0].Group = "Main line", "600"
			c.Extensions[0].ForwardBusy, c.Extensions[0].Lines = "802", []int{1, 2}
			c.Groups[0].Members = []string{"801", "802"}
			c.IVRs[0].Keys["1"] = "ext:801"
			c.Hours.Weekly[1] = "09:00-18:00"
			c.Hours.Holidays = []string{"2026-10-01..2026-10-07"}
		}},
		{"empty file changes nothing", "# nothing\n\n", func(c *pbx.Config) {}},
		{"new extension from defaults", "[extension 805]\nport = 0\nname = Lobby\n", func(c *pbx.Config) {
			c.Extensions = append(c.Extensions, pbx.Extension{Number: "805", Name: "Lobby", LongDistance: true, CallWaiting: true})
		}},
		{"new line, group and menu from defaults", "[line 5]\n[group 601]\nmembers = 803\n[ivr night]\n", func(c *pbx.Config) {
			c.Trunks = append(c.Trunks, pbx.Trunk{Line: 5, Disconnect: "busytone,battery,polarity"})
			c.Groups = append(c.Groups, pbx.Group{Number: "601", Strategy: "ringall", Members: []string{"803"}})
			c.IVRs = append(c.IVRs, pbx.IVRMenu{ID: "night", Prompt: "night", Timeout: 5 * time.Second, Retries: 1, Default: "operator"})
		}},
		{"delete an extension", "[group 600]\nmembers = 801,802,803\n[extension 804]\ndelete = yes\n", func(c *pbx.Config) {
			c.Extensions = c.Extensions[:3]
			c.Groups[0].Members = []string{"801", "802", "803"}
		}},
		{"delete = no keeps it", "[extension 804]\ndelete = no\nname = Fax\n", func(c *pbx.Config) { c.Extensions[3].Name = "Fax" }},
		{"remove an IVR key, lists with spaces", "[ivr main]\nkey 0 =\n[hours]\nmon = 09:00-12:00, 13:00-18:00\n", func(c *pbx.Config) {
			c.IVRs[0].Keys = nil
			c.Hours.Weekly[1] = "09:00-12:00,13:00-18:00"
		}},
		{"CRLF, BOM, odd spacing, line 01", "\ufeff[ line  01 ]\r\n  name=  Main  \r\n;x\r\n", func(c *pbx.Config) { c.Trunks[0].Name = "Main" }},
		{"durations in other forms", "[system]\nfirst_digit = 1500ms\ninter_digit = 0.5m\n", func(c *pbx.Config) {
			c.System.InterDigit, c.System.FirstDigit = 30*time.Second, 1500*time.Millisecond
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			base := pbx.Default(hal.Kinds(4, 4))
			before := Export(base)
			got, err := Parse(strings.NewReader(tc.file), "site.conf", base)
			if err != nil {
				t.Fatalf("Parse() = %v", err)
			}
			want := pbx.Default(hal.Kinds(4, 4))
			tc.want(want)
			Canonical(want)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("Parse() =\n%s\nwant\n%s", Export(got), Export(want))
			}
			if !bytes.Equal(Export(base), before) {
				t.Error("Parse changed its base")
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name string
		file string
		want string // the whole error text
	}{
		{"unknown key", "[system]\nzone = us\n\n[extension 801]\nforwrd_busy = 802\n",
			`site.conf:5: extension 801: unknown key "forwrd_busy"`},
		{"bad zone", "# x\n\n\n\n\n[system]\nzone = xx\n",
			`site.conf:7: system: zone: "xx" is not a known zone (us, cn, uk, de)`},
		{"bad boolean", "[extension 801]\ndnd = true\n", `site.conf:2: extension 801: dnd: "true" is not yes or no`},
		{"bad duration", "[extension 801]\nnoanswer_time = 4x\n", `site.conf:2: extension 801: noanswer_time: "4x" is not a duration (e.g. 4s, 500ms, 1m30s)`},
		{"bad number", "[extension 801]\nport = one\n", `site.conf:2: extension 801: port: "one" is not a whole number`},
		{"empty list item", "[group 600]\nmembers = 801,,802\n", `site.conf:2: group 600: members: "801,,802" has an empty list item`},
		{"unknown section", "[trunk 1]\nport = 5\n", `site.conf:1: unknown section "[trunk 1]" (system, line N, extension N, group N, ivr ID, hours)`},
		{"line number", "[line x]\n", `site.conf:1: [line x]: line number is not 1 to 999`},
		{"two names", "[ivr main menu]\n", `site.conf:1: unknown section "[ivr main menu]" (system, line N, extension N, group N, ivr ID, hours)`},
		{"no section", "zone = us\n", `site.conf:1: key outside any section (start one with [system], [extension 801], ...)`},
		{"not key value", "[system]\nzone us\n", `site.conf:2: system: "zone us" is not key = value`},
		{"repeated key", "[system]\nzone = us\nzone = cn\n", `site.conf:3: system: zone: repeated (first at line 2)`},
		{"repeated section", "[hours]\n[hours]\n", `site.conf:2: hours: section repeated (first at line 1)`},
		{"bad IVR key", "[ivr main]\nkey A = operator\n", `site.conf:2: ivr main: unknown key "key A"`},
		{"delete with keys", "[extension 804]\ndelete = yes\nname = x\n", `site.conf:2: extension 804: delete: delete = yes cannot be combined with other keys`},
		{"delete missing", "[extension 809]\ndelete = yes\n", `site.conf:1: extension 809: delete: there is no extension 809 to delete`},
		{"delete in system", "[system]\ndelete = yes\n", `site.conf:2: system: unknown key "delete"`},
		{"after hours word", "[system]\nafter_hours = 3\n", `site.conf:2: system: after_hours: "3" is not a mode (off, announce, voicemail, forward)`},
		{"forward loop", "[extension 801]\nforward_busy = 802\n[extension 802]\nforward_noanswer = 801\n",
			`site.conf:2: extension 801: forward_busy: forward loop 801 → 802 → 801`},
		{"group overflow to itself", "[group 600]\noverflow = group:600\n", `site.conf:2: group 600: overflow: overflow loop group 600 → group 600`},
		{"deleted member still referenced, no line", "[extension 804]\ndelete = yes\n", `site.conf: group 600: members: no extension 804`},
		{"new PIN too short", "[extension 801]\npin = 4711\n", `site.conf:2: extension 801: pin: a new PIN needs at least 6 digits`},
		{"clash with an object the file does not name", "[extension 991]\n",
			"site.conf:1: extension 991: 991 starts with 9 (the access code)\nsite.conf: system: access_code: 9 is the start of 991 (extension 991)"},
		{"several problems in line order", "[extension 802]\nport = 1\n[system]\nlanguage = fr\n",
			"site.conf:2: extension 802: port: port 1 is already used by extension 801\nsite.conf:4: system: language: \"fr\" is not a known language (en, zh)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			base := pbx.Default(hal.Kinds(4, 4))
			c, err := Parse(strings.NewReader(tc.file), "site.conf", base)
			if c != nil {
				t.Errorf("Parse() returned a config with error %v", err)
			}
			var es Errors
			if !errors.As(err, &es) {
				t.Fatalf("Parse() = %v, want Errors", err)
			}
			if err.Error() != tc.want {
				t.Errorf("Parse() error =\n%s\nwant\n%s", err, tc.want)
			}
		})
	}
}
