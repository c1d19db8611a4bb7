package ui

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// The checks a form makes while typing: the shape of a value only. Whether an
// extension or a line exists is the daemon's to say when the form is saved.

// checkText accepts one line of text of at most 64 characters.
func checkText(s string) error {
	switch {
	case !utf8.ValidString(s):
		return errors.New("not valid text")
	case strings.IndexFunc(s, unicode.IsControl) >= 0:
		return errors.New("no control characters")
	case utf8.RuneCountInString(s) > 64:
		return errors.New("at most 64 characters")
	}
	return nil
}

// checkDigits accepts digits only, or nothing.
func checkDigits(s string) error {
	for _, r := range s {
		if r < '0' || r > '9' {
			return errors.New("digits only")
		}
	}
	return nil
}

// checkNumber accepts an extension or group number: 2 to 8 digits.
func checkNumber(s string) error {
	if s == "" {
		return errors.New("required")
	}
	if err := checkDigits(s); err != nil {
		return err
	}
	if len(s) < 2 || len(s) > 8 {
		return errors.New("2 to 8 digits")
	}
	return nil
}

// checkOptNumber is checkNumber that also accepts nothing.
func checkOptNumber(s string) error {
	if s == "" {
		return nil
	}
	return checkNumber(s)
}

// checkDial accepts keypad characters 0-9, * and #, or nothing.
func checkDial(s string) error {
	for _, r := range s {
		if (r < '0' || r > '9') && r != '*' && r != '#' {
			return errors.New("digits, * and # only")
		}
	}
	if len(s) > 24 {
		return errors.New("at most 24 keys")
	}
	return nil
}

// checkPrefix accepts up to 8 keypad characters.
func checkPrefix(s string) error {
	if err := checkDial(s); err != nil {
		return err
	}
	if len(s) > 8 {
		return errors.New("at most 8 digits")
	}
	return nil
}

// checkID accepts a menu id: 1 to 32 of a-z, 0-9, _ and -.
func checkID(s string) error {
	if s == "" || len(s) > 32 {
		return errors.New("1 to 32 characters")
	}
	for _, r := range s {
		if (r < 'a' || r > 'z') && (r < '0' || r > '9') && r != '_' && r != '-' {
			return errors.New("a-z, 0-9, _ and - only")
		}
	}
	return nil
}

// checkOptID is checkID that also accepts nothing.
func checkOptID(s string) error {
	if s == "" {
		return nil
	}
	return checkID(s)
}

// checkPrompt accepts a prompt name: letters, digits, _ - and . .
func checkPrompt(s string) error {
	if s == "" {
		return errors.New("required")
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-' || r == '.') {
			return errors.New("letters, digits, _ - . only")
		}
	}
	return nil
}

// checkDest accepts the forms of a destination: ext:N, group:N, ivr:ID,
// voicemail:N, number:N, operator, hangup (and in menus repeat, back), or nothing.
func checkDest(s string) error {
	if s == "" {
		return nil
	}
	kind, arg, colon := strings.Cut(s, ":")
	switch kind {
	case "ext", "group", "voicemail":
		if colon {
			if err := checkNumber(arg); err == nil {
				return nil
			}
		}
		return fmt.Errorf("%s:N, N an extension number", kind)
	case "number":
		if colon && arg != "" && checkDial(arg) == nil {
			return nil
		}
		return errors.New("number:N, N a phone number")
	case "ivr":
		if colon && checkID(arg) == nil {
			return nil
		}
		return errors.New("ivr:ID, ID a menu")
	case "operator", "hangup", "repeat", "back":
		if !colon {
			return nil
		}
	}
	return errors.New("ext:N group:N ivr:ID number:N operator hangup")
}

// checkRanges accepts a day's hours: "09:00-12:00,13:00-18:00", or nothing (closed).
func checkRanges(s string) error {
	if s == "" {
		return nil
	}
	for _, r := range strings.Split(s, ",") {
		a, b, ok := strings.Cut(strings.TrimSpace(r), "-")
		ma, oka := clock(a)
		mb, okb := clock(b)
		if !ok || !oka || !okb {
			return errors.New("like 09:00-18:00")
		}
		if ma >= mb {
			return fmt.Errorf("%s ends before it starts", r)
		}
	}
	return nil
}

// clock parses "HH:MM" (00:00 to 24:00) into minutes after midnight.
func clock(s string) (int, bool) {
	if len(s) != 5 || s[2] != ':' || checkDigits(s[:2]) != nil || checkDigits(s[3:]) != nil {
		return 0, false
	}
	h, _ := strconv.Atoi(s[:2])
	m, _ := strconv.Atoi(s[3:])
	if m > 59 || h > 24 || h == 24 && m != 0 {
		return 0, false
	}
	return h*60 + m, true
}

// checkHoliday accepts a date "2026-10-01" or a range "2026-10-01..2026-10-07".
func checkHoliday(s string) error {
	a, b, rng := strings.Cut(s, "..")
	da, err := time.Parse(time.DateOnly, a)
	if err != nil || da.Format(time.DateOnly) != a {
		return fmt.Errorf("%q: like 2026-10-01", s)
	}
	if rng {
		db, err := time.Parse(time.DateOnly, b)
		if err != nil || db.Format(time.DateOnly) != b || db.Before(da) {
			return fmt.Errorf("%q: like 2026-10-01..2026-10-07", s)
		}
	}
	return nil
}

// splitList splits a comma-separated list, dropping spaces and empty items, and
// checks each item.
func splitList(s string, check func(string) error) ([]string, error) {
	var out []string
	for _, it := range strings.Split(s, ",") {
		it = strings.TrimSpace(it)
		if it == "" {
			continue
		}
		if check != nil {
			if err := check(it); err != nil {
				return nil, fmt.Errorf("%s: %w", it, err)
			}
		}
		out = append(out, it)
	}
	return out, nil
}

// parseDur reads a duration as the configuration writes it: "20s", "1m30s",
// "500ms"; a bare number is seconds; empty is 0.
func parseDur(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, nil
	}
	if checkDigits(s) == nil {
		n, err := strconv.Atoi(s)
		if err != nil {
			return 0, errors.New("too long")
		}
		return time.Duration(n) * time.Second, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 {
		return 0, errors.New("a duration like 20s or 500ms")
	}
	return d, nil
}

// formatDur writes a duration as "20s", "1m30s", "500ms"; 0 as nothing.
func formatDur(d time.Duration) string {
	switch {
	case d == 0:
		return ""
	case d%time.Second == 0:
		return strconv.FormatInt(int64(d/time.Second), 10) + "s"
	case d%time.Millisecond == 0 && d < time.Second:
		return strconv.FormatInt(int64(d/time.Millisecond), 10) + "ms"
	}
	return d.String()
}

func formatBool(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
