package pbx

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/analogpbx/pbx/hal"
)

func TestValidateDefault(t *testing.T) {
	for _, tc := range []struct {
		name     string
		fxs, fxo int
	}{
		{"sim 4+4", 4, 4}, {"8+4", 8, 4}, {"no ports", 0, 0}, {"fxo only", 0, 4}, {"fxs only", 4, 0}, {"24+8", 24, 8},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := Default(hal.Kinds(tc.fxs, tc.fxo)).Validate(); err != nil {
				t.Errorf("Default(%d fxs, %d fxo).Validate() = %v, want nil", tc.fxs, tc.fxo, err)
			}
		})
	}
}

func valExt(c *Config, n string) *Extension {
	for i := range c.Extensions {
		if c.Extensions[i].Number == n {
			return &c.Extensions[i]
		}
	}
	panic("no extension " + n)
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name   string
		edit   func(c *Config)
		item   string // the expected FieldError.String(), or a prefix ending in "…"
		others bool   // further items allowed
	}{
		{"bad zone", func(c *Config) { c.System.Zone = "xx" }, `system: zone: "xx" is not a known zone (us, cn, uk, de)`, false},
		{"bad language", func(c *Config) { c.System.Language = "fr" }, `system: language: "fr" is not a known language (en, zh)`, false},
		{"operator missing", func(c *Config) { c.System.Operator = "899" }, `system: operator: no extension 899`, false},
		{"access code letters", func(c *Config) { c.System.AccessCode = "x" }, `system: access_code: "x" is not a code of 1 to 4 digits`, false},
		{"access code clashes with extensions", func(c *Config) { c.System.AccessCode = "8" }, `system: access_code: 8 is the start of 801 (extension 801)`, true},
		{"extension prefix of another", func(c *Config) { valExt(c, "804").Number = "80" }, `extension 80: 80 is the start of 801 (extension 801)`, true},
		{"extension equals group", func(c *Config) { valExt(c, "804").Number = "600" }, `group 600: 600 is also extension 600`, true},
		{"duplicate extension", func(c *Config) { valExt(c, "804").Number = "801" }, `extension 801: extension 801 is defined twice`, true},
		{"extension not digits", func(c *Config) { valExt(c, "804").Number = "8a4" }, `extension 8a4: "8a4" is not a number of 2 to 8 digits`, true},
		{"duplicate port", func(c *Config) { valExt(c, "802").Port = 1 }, `extension 802: port: port 1 is already used by extension 801`, false},
		{"extension on a line's port", func(c *Config) { valExt(c, "802").Port = 5 }, `extension 802: port: port 5 is already used by line 1`, false},
		{"duplicate line", func(c *Config) { c.Trunks[1].Line = 1 }, `line 1: line 1 is defined twice`, true},
		{"trunk hotline missing", func(c *Config) { c.Trunks[0].Hotline = "899" }, `line 1: hotline: no extension 899`, false},
		{"trunk group missing", func(c *Config) { c.Trunks[0].Group = "601" }, `line 1: group: no group 601`, false},
		{"trunk ivr missing", func(c *Config) { c.Trunks[0].IVR = "night" }, `line 1: ivr: no IVR menu night`, false},
		{"trunk two targets", func(c *Config) { c.Trunks[0].IVR, c.Trunks[0].Group = "main", "600" }, `line 1: set only one of hotline, ivr and group (or incoming)`, false},
		{"trunk disconnect unknown", func(c *Config) { c.Trunks[0].Disconnect = "busytone,voltage" }, `line 1: disconnect: "voltage" is not a method (busytone, battery, polarity)`, false},
		{"trunk busy cadence odd", func(c *Config) { c.Trunks[0].BusyCadence = "500" }, `line 1: busy_cadence: "500" is not on,off pairs in milliseconds (e.g. 500,500)`, false},
		{"bad destination", func(c *Config) { c.System.Incoming = "ivr:" }, `system: incoming: ivr:: no IVR menu `, false},
		{"unknown destination form", func(c *Config) { c.System.Incoming = "queue:1" }, `system: incoming: "queue:1" is not a destination (…`, false},
		{"forward to nowhere", func(c *Config) { valExt(c, "801").ForwardBusy = "805" }, `extension 801: forward_busy: "805" is not an extension or group; an outside number starts with the access code 9`, false},
		{"forward outside number", func(c *Config) { valExt(c, "801").ForwardAlways = "913800138000" }, "", false},
		{"forward long distance refused", func(c *Config) {
			valExt(c, "801").ForwardAlways = "918005551234"
			valExt(c, "801").LongDistance = false
		}, `extension 801: forward_always: long-distance number 18005551234, but long_distance = no`, false},
		{"forward loop of two", func(c *Config) {
			valExt(c, "801").ForwardBusy = "802"
			valExt(c, "802").ForwardBusy = "801"
		}, `extension 801: forward_busy: forward loop 801 → 802 → 801`, false},
		{"forward loop of three mixed kinds", func(c *Config) {
			valExt(c, "801").ForwardAlways = "802"
			valExt(c, "802").ForwardNoAnswer = "803"
			valExt(c, "803").ForwardBusy = "801"
		}, `extension 801: forward_always: forward loop 801 → 802 → 803 → 801`, false},
		{"forward to itself", func(c *Config) { valExt(c, "803").ForwardNoAnswer = "803" }, `extension 803: forward_noanswer: forward loop 803 → 803`, false},
		{"forward chain without loop", func(c *Config) {
			valExt(c, "801").ForwardAlways = "802"
			valExt(c, "802").ForwardAlways = "803"
		}, "", false},
		{"group overflow to itself", func(c *Config) { c.Groups[0].Overflow = "group:600" }, `group 600: overflow: overflow loop group 600 → group 600`, false},
		{"group overflow through group and forward", func(c *Config) {
			c.Groups = append(c.Groups, Group{Number: "601", Strategy: "priority", Members: []string{"802"}, Overflow: "ext:803"})
			c.Groups[0].Overflow = "group:601"
			valExt(c, "803").ForwardAlways = "600"
		}, `extension 803: forward_always: forward loop 803 → group 600 → group 601 → 803`, false},
		{"group overflow to operator", func(c *Config) { c.Groups[0].Overflow = "operator" }, "", false},
		{"group member missing", func(c *Config) { c.Groups[0].Members = append(c.Groups[0].Members, "899") }, `group 600: members: no extension 899`, false},
		{"group member twice", func(c *Config) { c.Groups[0].Members = append(c.Groups[0].Members, "801") }, `group 600: members: extension 801 is listed twice`, false},
		{"group strategy unknown", func(c *Config) { c.Groups[0].Strategy = "random" }, `group 600: strategy: "random" is not a strategy (priority, roundrobin, ringall, leastrecent, fewestcalls)`, false},
		{"last agent first with ringall", func(c *Config) { c.Groups[0].LastAgentFirst = true }, `group 600: last_agent_first: does not apply to ringall`, false},
		{"group timeout too short", func(c *Config) { c.Groups[0].Timeout = time.Second }, `group 600: timeout: 1s is out of range (0, or 5s to 3600s)`, false},
		{"ivr default to itself", func(c *Config) { c.IVRs[0].Default = "ivr:main" }, `ivr main: default: ivr:main points to the menu itself`, false},
		{"ivr defaults cycling", func(c *Config) {
			c.IVRs = append(c.IVRs, IVRMenu{ID: "sub", Prompt: "sub", Timeout: 5 * time.Second, Default: "ivr:main"})
			c.IVRs[0].Default = "ivr:sub"
		}, `ivr main: default: default loop ivr main → ivr sub → ivr main`, false},
		{"ivr keys cycling through back", func(c *Config) {
			c.IVRs = append(c.IVRs, IVRMenu{ID: "sub", Prompt: "sub", Timeout: 5 * time.Second, Default: "operator",
				Keys: map[string]Destination{"9": "back", "1": "ivr:main", "2": "repeat"}})
			c.IVRs[0].Keys["1"] = "ivr:sub"
		}, "", false},
		{"ivr key missing menu", func(c *Config) { c.IVRs[0].Keys["1"] = "ivr:sales" }, `ivr main: key 1: ivr:sales: no IVR menu sales`, false},
		{"ivr bad key", func(c *Config) { c.IVRs[0].Keys["A"] = "operator" }, `ivr main: key A: "A" is not a key (0-9, *, #)`, false},
		{"ivr bad id", func(c *Config) { c.IVRs[0].ID = "Main Menu" }, `ivr Main Menu: menu id "Main Menu" is not 1 to 32 of a-z, 0-9, _ and -`, true},
		{"inter digit out of range", func(c *Config) { c.System.InterDigit = 0 }, `system: inter_digit: 0s is out of range (1s to 30s)`, false},
		{"not whole frames", func(c *Config) { c.System.InterDigit = 4*time.Second + 5*time.Millisecond }, `system: inter_digit: 4.005s is not a whole number of 10ms frames`, false},
		{"flash window inverted", func(c *Config) { c.System.FlashMin, c.System.FlashMax = 800*time.Millisecond, 100*time.Millisecond }, `system: flash_max: 100ms is not longer than flash_min 800ms`, false},
		{"hotline escape", func(c *Config) { c.System.HotlineEscape = "*" }, `system: hotline_escape: "*" is not # or ##`, false},
		{"after hours forward without line", func(c *Config) {
			c.System.AfterHoursMode, c.System.AfterHoursNumber = 3, "13800138000"
		}, `system: after_hours: forward needs a line with forward_line = yes`, false},
		{"extension hotline missing line", func(c *Config) { valExt(c, "801").Hotline = 7 }, `extension 801: hotline: no line 7`, false},
		{"extension hotline not allowed", func(c *Config) { valExt(c, "801").Hotline, valExt(c, "801").Lines = 2, []int{1} }, `extension 801: hotline: line 2 is not among its lines`, false},
		{"extension line missing", func(c *Config) { valExt(c, "801").Lines = []int{1, 9} }, `extension 801: lines: no line 9`, false},
		{"may monitor itself", func(c *Config) { valExt(c, "801").MayMonitor = []string{"801"} }, `extension 801: may_monitor: an extension cannot monitor itself`, false},
		{"pin short", func(c *Config) { valExt(c, "801").PIN = "135" }, `extension 801: pin: a PIN needs at least 4 digits`, false},
		{"pin repeats", func(c *Config) { valExt(c, "801").PIN = "777777" }, `extension 801: pin: the PIN repeats one digit`, false},
		{"pin sequence", func(c *Config) { valExt(c, "801").PIN = "345678" }, `extension 801: pin: the PIN is a sequence`, false},
		{"pin descending", func(c *Config) { valExt(c, "801").PIN = "3210" }, `extension 801: pin: the PIN is a sequence`, false},
		{"pin equals extension", func(c *Config) { valExt(c, "801").PIN = "801"; valExt(c, "801").Number = "8011" }, `extension 8011: pin: …`, true},
		{"pin good", func(c *Config) { valExt(c, "801").PIN = "4711" }, "", false},
		{"name with newline", func(c *Config) { valExt(c, "801").Name = "a\nb" }, `extension 801: name: control characters are not allowed`, false},
		{"listen code too long", func(c *Config) { c.System.ListenCode = "*8123" }, `system: listen_code: "*8123" is not a code of 2 to 4 keys (0-9, *, #)`, false},
		{"barge code clashes with voicemail", func(c *Config) { c.System.BargeCode = "*9" }, `system: barge_code: *9 clashes with the voicemail code *97`, true},
		{"whisper code equals release code", func(c *Config) { c.System.WhisperCode = "*84" }, `system: whisper_code: *84 is also the force-release code`, true},
		{"monitor codes off", func(c *Config) {
			c.System.ListenCode, c.System.WhisperCode, c.System.BargeCode, c.System.ReleaseCode = "", "", "", ""
		}, "", false},
		{"hours bad range", func(c *Config) { c.Hours.Weekly[1] = "18:00-09:00" }, `hours: mon: "18:00-09:00" is not a range like 09:00-18:00`, false},
		{"holiday bad", func(c *Config) { c.Hours.Holidays = []string{"2026-02-30"} }, `hours: holidays: "2026-02-30" is not a date like 2026-10-01 or a range 2026-10-01..2026-10-07`, false},
		{"hours good", func(c *Config) {
			c.Hours = Hours{Enabled: true, Weekly: [7]string{1: "09:00-12:00,13:00-18:00", 6: "10:00-24:00"},
				Holidays: []string{"2026-10-01..2026-10-07", "2026-12-25"}}
		}, "", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := Default(hal.Kinds(4, 4))
			tc.edit(c)
			err := c.Validate()
			if tc.item == "" {
				if err != nil {
					t.Fatalf("Validate() = %v, want nil", err)
				}
				return
			}
			var ve *ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("Validate() = %v, want a *ValidationError", err)
			}
			found := false
			for _, it := range ve.Items {
				if p, ok := strings.CutSuffix(tc.item, "…"); ok && strings.HasPrefix(it.String(), p) || it.String() == tc.item {
					found = true
				}
			}
			if !found || (!tc.others && len(ve.Items) != 1) {
				t.Errorf("Validate() items = %q, want %q", ve.Items, tc.item)
			}
		})
	}
}

func TestValidateUpdatePIN(t *testing.T) {
	old := Default(hal.Kinds(2, 1))
	valExt(old, "801").PIN = "4711"
	tests := []struct {
		name    string
		old     *Config
		pin     string
		wantErr bool
	}{
		{"unchanged 4-digit PIN kept", old, "4711", false},
		{"new 4-digit PIN refused", old, "4712", true},
		{"new 6-digit PIN accepted", old, "271828", false},
		{"restore keeps 4-digit PIN", nil, "4711", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := Default(hal.Kinds(2, 1))
			valExt(c, "801").PIN = tc.pin
			err := c.ValidateUpdate(tc.old)
			if (err != nil) != tc.wantErr {
				t.Errorf("ValidateUpdate() = %v, want error %v", err, tc.wantErr)
			}
		})
	}
}

func TestValidateNil(t *testing.T) {
	var c *Config
	if err := c.Validate(); err == nil {
		t.Error("nil Config validated")
	}
	if err := c.ValidateUpdate(Default(nil)); err == nil {
		t.Error("nil Config validated against an old one")
	}
}

func TestLineHours(t *testing.T) {
	w, err := LineHours("mon-fri 08:30-12:00,13:00-18:00; sat 09:00-12:00")
	if err != nil {
		t.Fatal(err)
	}
	if w[1] != "08:30-12:00,13:00-18:00" || w[5] != w[1] || w[6] != "09:00-12:00" || w[0] != "" {
		t.Errorf("weekly = %q", w)
	}
	for _, bad := range []string{"mon 9-18", "funday 09:00-10:00", "mon-fri 18:00-09:00", "mon-fri"} {
		if _, err := LineHours(bad); err == nil {
			t.Errorf("LineHours(%q) accepted", bad)
		}
	}
}
