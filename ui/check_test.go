package ui

import (
	"testing"
	"time"
)

func TestChecks(t *testing.T) {
	tests := []struct {
		name  string
		check func(string) error
		in    string
		ok    bool
	}{
		{"digits", checkDigits, "0123", true},
		{"digits empty", checkDigits, "", true},
		{"digits letter", checkDigits, "12a", false},
		{"number", checkNumber, "801", true},
		{"number one digit", checkNumber, "8", false},
		{"number nine digits", checkNumber, "123456789", false},
		{"number empty", checkNumber, "", false},
		{"optional number empty", checkOptNumber, "", true},
		{"dial keys", checkDial, "9*1#", true},
		{"dial letter", checkDial, "9x", false},
		{"prefix long", checkPrefix, "123456789", false},
		{"dest ext", checkDest, "ext:801", true},
		{"dest group", checkDest, "group:600", true},
		{"dest ivr", checkDest, "ivr:main", true},
		{"dest number", checkDest, "number:13800138000", true},
		{"dest operator", checkDest, "operator", true},
		{"dest empty", checkDest, "", true},
		{"dest bare word", checkDest, "sales", false},
		{"dest ext without number", checkDest, "ext:", false},
		{"dest operator with arg", checkDest, "operator:1", false},
		{"dest ivr capitals", checkDest, "ivr:Main", false},
		{"ranges", checkRanges, "09:00-12:00,13:00-18:00", true},
		{"ranges until midnight", checkRanges, "18:00-24:00", true},
		{"ranges closed", checkRanges, "", true},
		{"ranges backwards", checkRanges, "18:00-09:00", false},
		{"ranges bad clock", checkRanges, "9-18", false},
		{"ranges 25h", checkRanges, "09:00-25:00", false},
		{"holiday", checkHoliday, "2026-10-01", true},
		{"holiday range", checkHoliday, "2026-10-01..2026-10-07", true},
		{"holiday range backwards", checkHoliday, "2026-10-07..2026-10-01", false},
		{"holiday no such day", checkHoliday, "2026-02-30", false},
		{"menu id", checkID, "sales-1", true},
		{"menu id space", checkID, "sales 1", false},
		{"prompt name", checkPromptName, "closed-sunday", true},
		{"prompt name leading dash", checkPromptName, "-x", false},
		{"cadence", checkCadence, "500,500", true},
		{"cadence odd", checkCadence, "500", false},
		{"disconnect", checkDisconnect, "battery,polarity", true},
		{"disconnect unknown", checkDisconnect, "loop", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.check(tc.in)
			if (err == nil) != tc.ok {
				t.Errorf("check(%q) = %v, want ok %v", tc.in, err, tc.ok)
			}
		})
	}
}

func TestDurations(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"", 0, true},
		{"20s", 20 * time.Second, true},
		{"20", 20 * time.Second, true},
		{"1m30s", 90 * time.Second, true},
		{"500ms", 500 * time.Millisecond, true},
		{"abc", 0, false},
		{"-5s", 0, false},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got, err := parseDur(tc.in)
			if (err == nil) != tc.ok || got != tc.want {
				t.Errorf("parseDur(%q) = %v, %v; want %v, ok %v", tc.in, got, err, tc.want, tc.ok)
			}
			if tc.ok {
				if back, _ := parseDur(formatDur(got)); back != got {
					t.Errorf("formatDur(%v) = %q reads back as %v", got, formatDur(got), back)
				}
			}
		})
	}
}

func TestSplitReason(t *testing.T) {
	tests := []struct {
		line, section, key, reason string
	}{
		{"ui:3: extension 801: forward_busy: \"555\" is not an extension or group", "extension 801", "forward_busy", "\"555\" is not an extension or group"},
		{"ui:2: ivr main: key 1: ivr:nope: no IVR menu nope", "ivr main", "key 1", "ivr:nope: no IVR menu nope"},
		{"ui:1: extension 9: \"9\" is not a number of 2 to 8 digits", "extension 9", "", "\"9\" is not a number of 2 to 8 digits"},
		{"ui: system: operator: no extension 899", "system", "operator", "no extension 899"},
		{"ui:4: unknown section \"[foo]\"", "", "", "unknown section \"[foo]\""},
		{"cannot reach pbxd", "", "", "cannot reach pbxd"},
	}
	for _, tc := range tests {
		t.Run(tc.line, func(t *testing.T) {
			s, k, r := splitReason(tc.line)
			if s != tc.section || k != tc.key || r != tc.reason {
				t.Errorf("splitReason = %q, %q, %q; want %q, %q, %q", s, k, r, tc.section, tc.key, tc.reason)
			}
		})
	}
}
