package testbench

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

// Step is one line of a scenario.
type Step struct {
	Line   int      // line number in the file, from 1
	Text   string   // the line as written (without comment)
	Actor  string   // "801", "fxs3", "line2", "fxo2", or "" for wait/set/config/board
	Verb   string   // offhook, onhook, flash, dial, dialpulse, call, answer, hangup, giveup, wait, set-clock, config, board, fault, expect
	Args   []string // the remaining words
	Expect *Expect  // for Verb "expect"
	Dur    time.Duration
}

// Expect is a parsed expectation.
type Expect struct {
	Not    bool
	Actor  string
	What   string   // hears, rings, quiet, talks, offhook, onhook, dialed, faulty, ok, cdr
	Args   []string // the word after What (hears-word, number, ...), or cdr field=value pairs
	Nth    int      // cdr#N: 1 = newest
	Within time.Duration
}

// Scenario is a parsed scenario file.
type Scenario struct {
	File  string
	Steps []Step
}

// ParseFile reads and parses a scenario file.
func ParseFile(path string) (*Scenario, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return Parse(f, path)
}

// Parse parses scenario text. Errors name the file and line: "x.tb:3: unknown step \"ofhook\"".
func Parse(r io.Reader, name string) (*Scenario, error) {
	sc := &Scenario{File: name}
	s := bufio.NewScanner(r)
	n := 0
	actions := false
	for s.Scan() {
		n++
		text := stripComment(s.Text())
		if text == "" {
			continue
		}
		st, err := parseLine(text)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %v", name, n, err)
		}
		st.Line, st.Text = n, text
		switch st.Verb {
		case "board", "config":
			if actions {
				return nil, fmt.Errorf("%s:%d: %s must come before the first action", name, n, st.Verb)
			}
		default:
			actions = true
		}
		sc.Steps = append(sc.Steps, st)
	}
	if err := s.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return sc, nil
}

// stripComment removes a '#' comment that starts a line or follows white space. The
// digits of a dial step are never a comment, so "803 dial #804" dials the pickup code.
func stripComment(line string) string {
	start := 0
	if w := strings.Fields(line); len(w) >= 3 && w[1] == "dial" {
		start = strings.Index(line, " dial ") + len(" dial ")
		for start < len(line) && (line[start] == ' ' || line[start] == '\t') {
			start++
		}
		for start < len(line) && line[start] != ' ' && line[start] != '\t' {
			start++
		}
	}
	for i := start; i < len(line); i++ {
		if line[i] == '#' && (i == 0 || line[i-1] == ' ' || line[i-1] == '\t') {
			line = line[:i]
			break
		}
	}
	return strings.TrimSpace(line)
}

// ParseDuration reads "500ms", "2s", "1m".
func ParseDuration(s string) (time.Duration, error) {
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 {
		return 0, fmt.Errorf("bad duration %q (use 500ms, 2s, 1m)", s)
	}
	return d, nil
}

var hearsWords = map[string]bool{"dialtone": true, "ringback": true, "busy": true, "congestion": true,
	"callwaiting": true, "stutter": true, "silence": true, "voice": true, "beep": true}

var faultKinds = map[string]bool{"spi-errors": true, "chip-dead": true, "chip-reset": true, "power-alarm": true,
	"battery-loss": true, "hook-bounce": true, "stuck-ring": true, "clear": true}

func parseLine(text string) (Step, error) {
	w := strings.Fields(text)
	st := Step{}
	switch w[0] {
	case "wait":
		if len(w) != 2 {
			return st, fmt.Errorf("wait takes one duration: wait 2s")
		}
		d, err := ParseDuration(w[1])
		st.Verb, st.Dur = "wait", d
		return st, err
	case "set":
		if len(w) != 3 || w[1] != "clock" {
			return st, fmt.Errorf("set takes: set clock 2026-11-23T20:00")
		}
		if _, err := parseClock(w[2]); err != nil {
			return st, err
		}
		st.Verb, st.Args = "set-clock", w[2:]
		return st, nil
	case "config", "board":
		if len(w) != 2 {
			return st, fmt.Errorf("%s takes one argument", w[0])
		}
		st.Verb, st.Args = w[0], w[1:]
		return st, nil
	case "fault":
		if len(w) != 3 {
			return st, fmt.Errorf("fault takes a port and a kind: fault fxs3 chip-dead")
		}
		if !isPortActor(w[1]) {
			return st, fmt.Errorf("fault: %q is not a port (fxsN or fxoN)", w[1])
		}
		if !faultKinds[w[2]] {
			return st, fmt.Errorf("fault: unknown kind %q", w[2])
		}
		st.Verb, st.Actor, st.Args = "fault", w[1], w[2:]
		return st, nil
	case "expect":
		e, err := parseExpect(w[1:])
		st.Verb, st.Expect = "expect", e
		return st, err
	}
	if len(w) < 2 {
		return st, fmt.Errorf("unknown step %q", text)
	}
	st.Actor, st.Verb, st.Args = w[0], w[1], w[2:]
	if !isActor(st.Actor) {
		return st, fmt.Errorf("unknown step %q", text)
	}
	line := strings.HasPrefix(st.Actor, "line")
	switch st.Verb {
	case "offhook", "onhook", "flash":
		if line || len(st.Args) != 0 {
			return st, fmt.Errorf("%s: %s takes no arguments and needs a phone", st.Actor, st.Verb)
		}
	case "dial":
		if len(st.Args) != 1 || !validDigits(st.Args[0]) {
			return st, fmt.Errorf("%s dial: give the digits (0-9 * # A-D and ',' for a pause)", st.Actor)
		}
	case "dialpulse":
		if line || len(st.Args) != 1 || strings.Trim(st.Args[0], "0123456789,") != "" {
			return st, fmt.Errorf("%s dialpulse: a phone and digits 0-9", st.Actor)
		}
	case "call":
		if !line {
			return st, fmt.Errorf("%s: only a line can call in", st.Actor)
		}
		if len(st.Args) != 0 && (len(st.Args) != 2 || st.Args[0] != "from") {
			return st, fmt.Errorf("%s call: use 'call' or 'call from NUMBER'", st.Actor)
		}
	case "answer", "giveup":
		if !line || len(st.Args) != 0 {
			return st, fmt.Errorf("%s: %s is a line step without arguments", st.Actor, st.Verb)
		}
	case "hangup":
		if !line {
			return st, fmt.Errorf("%s: hangup is a line step (phones use onhook)", st.Actor)
		}
		if len(st.Args) != 0 {
			if len(st.Args) != 2 || st.Args[0] != "by" || !map[string]bool{"battery": true, "polarity": true, "busytone": true}[st.Args[1]] {
				return st, fmt.Errorf("%s hangup: use 'hangup by battery|polarity|busytone'", st.Actor)
			}
		}
	default:
		return st, fmt.Errorf("unknown step %q", text)
	}
	return st, nil
}

func parseExpect(w []string) (*Expect, error) {
	e := &Expect{Nth: 1}
	if len(w) >= 2 && w[len(w)-2] == "within" {
		d, err := ParseDuration(w[len(w)-1])
		if err != nil {
			return nil, err
		}
		e.Within = d
		w = w[:len(w)-2]
	}
	if len(w) > 0 && w[0] == "not" {
		e.Not = true
		w = w[1:]
	}
	if len(w) == 0 {
		return nil, fmt.Errorf("expect what?")
	}
	if w[0] == "cdr" || strings.HasPrefix(w[0], "cdr#") {
		if n := strings.TrimPrefix(w[0], "cdr#"); n != w[0] {
			if _, err := fmt.Sscanf(n, "%d", &e.Nth); err != nil || e.Nth < 1 {
				return nil, fmt.Errorf("expect %s: use cdr#2 for the record before the newest", w[0])
			}
		}
		e.What = "cdr"
		for _, kv := range w[1:] {
			if !strings.Contains(kv, "=") {
				return nil, fmt.Errorf("expect cdr: %q is not field=value", kv)
			}
			e.Args = append(e.Args, kv)
		}
		if len(e.Args) == 0 {
			return nil, fmt.Errorf("expect cdr: give at least one field=value")
		}
		return e, nil
	}
	if len(w) < 2 {
		return nil, fmt.Errorf("expect %s: what about it?", w[0])
	}
	e.Actor, e.What, e.Args = w[0], w[1], w[2:]
	if !isActor(e.Actor) {
		return nil, fmt.Errorf("expect: unknown actor %q", e.Actor)
	}
	switch e.What {
	case "hears":
		if len(e.Args) != 1 || !hearsWords[e.Args[0]] {
			return nil, fmt.Errorf("expect %s hears: one of dialtone ringback busy congestion callwaiting stutter silence voice beep", e.Actor)
		}
	case "rings":
		if len(e.Args) != 0 && (len(e.Args) != 2 || e.Args[0] != "from") {
			return nil, fmt.Errorf("expect %s rings: use 'rings' or 'rings from NUMBER'", e.Actor)
		}
	case "talks":
		if len(e.Args) != 1 || !isActor(e.Args[0]) {
			return nil, fmt.Errorf("expect %s talks: name the other party", e.Actor)
		}
	case "dialed":
		if len(e.Args) != 1 {
			return nil, fmt.Errorf("expect %s dialed: give the digits", e.Actor)
		}
	case "quiet", "offhook", "onhook", "faulty", "ok":
		if len(e.Args) != 0 {
			return nil, fmt.Errorf("expect %s %s takes no arguments", e.Actor, e.What)
		}
	default:
		return nil, fmt.Errorf("expect: unknown check %q", e.What)
	}
	return e, nil
}

func isActor(a string) bool {
	if a == "" {
		return false
	}
	if isPortActor(a) {
		return true
	}
	for _, p := range []string{"line"} {
		if rest, ok := strings.CutPrefix(a, p); ok {
			return isNumber(rest)
		}
	}
	return isNumber(a)
}

func isPortActor(a string) bool {
	for _, p := range []string{"fxs", "fxo"} {
		if rest, ok := strings.CutPrefix(a, p); ok {
			return isNumber(rest)
		}
	}
	return false
}

func isNumber(s string) bool {
	return s != "" && strings.Trim(s, "0123456789") == ""
}

func validDigits(s string) bool {
	return s != "" && strings.Trim(s, "0123456789*#ABCD,") == ""
}

func parseClock(s string) (time.Time, error) {
	for _, layout := range []string{"2006-01-02T15:04", "2006-01-02T15:04:05", "2006-01-02"} {
		if t, err := time.ParseInLocation(layout, s, time.Local); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("set clock: %q is not a local time like 2026-11-23T20:00", s)
}
