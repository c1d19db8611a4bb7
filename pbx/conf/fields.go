package conf

import (
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/analogpbx/pbx/pbx"
)

// field is one key of a section: how to write it and how to read it into a T.
type field[T any] struct {
	key string
	get func(*T) string
	set func(*T, string) error
}

func strField[T any](key string, p func(*T) *string) field[T] {
	return field[T]{key,
		func(o *T) string { return *p(o) },
		func(o *T, s string) error { *p(o) = s; return nil }}
}

func destField[T any](key string, p func(*T) *pbx.Destination) field[T] {
	return field[T]{key,
		func(o *T) string { return string(*p(o)) },
		func(o *T, s string) error { *p(o) = pbx.Destination(s); return nil }}
}

func boolField[T any](key string, p func(*T) *bool) field[T] {
	return field[T]{key,
		func(o *T) string { return formatBool(*p(o)) },
		func(o *T, s string) (err error) { *p(o), err = parseBool(s); return err }}
}

func durField[T any](key string, p func(*T) *time.Duration) field[T] {
	return field[T]{key,
		func(o *T) string { return formatDur(*p(o)) },
		func(o *T, s string) (err error) { *p(o), err = parseDur(s); return err }}
}

func intField[T any](key string, p func(*T) *int) field[T] {
	return field[T]{key,
		func(o *T) string { return strconv.Itoa(*p(o)) },
		func(o *T, s string) (err error) { *p(o), err = parseInt(s); return err }}
}

// optIntField writes 0 as an empty value ("none").
func optIntField[T any](key string, p func(*T) *int) field[T] {
	return field[T]{key,
		func(o *T) string {
			if *p(o) == 0 {
				return ""
			}
			return strconv.Itoa(*p(o))
		},
		func(o *T, s string) (err error) {
			if s == "" {
				*p(o) = 0
				return nil
			}
			*p(o), err = parseInt(s)
			return err
		}}
}

// joinedField is a string field holding a comma-separated list; spaces around
// commas are dropped when read.
func joinedField[T any](key string, p func(*T) *string) field[T] {
	return field[T]{key,
		func(o *T) string { return *p(o) },
		func(o *T, s string) error {
			items, err := parseList(s)
			*p(o) = strings.Join(items, ",")
			return err
		}}
}

func listField[T any](key string, p func(*T) *[]string) field[T] {
	return field[T]{key,
		func(o *T) string { return strings.Join(*p(o), ",") },
		func(o *T, s string) (err error) { *p(o), err = parseList(s); return err }}
}

func intListField[T any](key string, p func(*T) *[]int) field[T] {
	return field[T]{key,
		func(o *T) string {
			parts := make([]string, len(*p(o)))
			for i, n := range *p(o) {
				parts[i] = strconv.Itoa(n)
			}
			return strings.Join(parts, ",")
		},
		func(o *T, s string) error {
			items, err := parseList(s)
			if err != nil {
				return err
			}
			var ns []int
			for _, it := range items {
				n, err := parseInt(it)
				if err != nil {
					return err
				}
				ns = append(ns, n)
			}
			*p(o) = ns
			return nil
		}}
}

// afterHoursModes are the words of System.AfterHoursMode 0..3.
var afterHoursModes = []string{"off", "announce", "voicemail", "forward"}

var systemFields = []field[pbx.System]{
	strField("zone", func(s *pbx.System) *string { return &s.Zone }),
	strField("language", func(s *pbx.System) *string { return &s.Language }),
	strField("company", func(s *pbx.System) *string { return &s.Company }),
	strField("operator", func(s *pbx.System) *string { return &s.Operator }),
	strField("access_code", func(s *pbx.System) *string { return &s.AccessCode }),
	strField("pickup_code", func(s *pbx.System) *string { return &s.PickupCode }),
	strField("hotline_escape", func(s *pbx.System) *string { return &s.HotlineEscape }),
	strField("listen_code", func(s *pbx.System) *string { return &s.ListenCode }),
	strField("whisper_code", func(s *pbx.System) *string { return &s.WhisperCode }),
	strField("barge_code", func(s *pbx.System) *string { return &s.BargeCode }),
	strField("release_code", func(s *pbx.System) *string { return &s.ReleaseCode }),
	strField("long_distance", func(s *pbx.System) *string { return &s.LongDistance }),
	durField("first_digit", func(s *pbx.System) *time.Duration { return &s.FirstDigit }),
	durField("inter_digit", func(s *pbx.System) *time.Duration { return &s.InterDigit }),
	durField("max_ring", func(s *pbx.System) *time.Duration { return &s.MaxRing }),
	durField("group_ring_timeout", func(s *pbx.System) *time.Duration { return &s.GroupRingTimeout }),
	durField("flash_min", func(s *pbx.System) *time.Duration { return &s.FlashMin }),
	durField("flash_max", func(s *pbx.System) *time.Duration { return &s.FlashMax }),
	boolField("dnd_internal", func(s *pbx.System) *bool { return &s.DNDInternal }),
	boolField("dnd_transfer", func(s *pbx.System) *bool { return &s.DNDTransfer }),
	destField("incoming", func(s *pbx.System) *pbx.Destination { return &s.Incoming }),
	{"after_hours",
		func(s *pbx.System) string {
			if s.AfterHoursMode >= 0 && s.AfterHoursMode < len(afterHoursModes) {
				return afterHoursModes[s.AfterHoursMode]
			}
			return strconv.Itoa(s.AfterHoursMode)
		},
		func(s *pbx.System, v string) error {
			for i, w := range afterHoursModes {
				if v == w {
					s.AfterHoursMode = i
					return nil
				}
			}
			return errors.New(strconv.Quote(v) + " is not a mode (off, announce, voicemail, forward)")
		}},
	strField("after_hours_number", func(s *pbx.System) *string { return &s.AfterHoursNumber }),
	strField("record_dir", func(s *pbx.System) *string { return &s.RecordDir }),
	intField("record_retention", func(s *pbx.System) *int { return &s.RecordRetention }),
}

var trunkFields = []field[pbx.Trunk]{
	intField("port", func(t *pbx.Trunk) *int { return &t.Port }),
	strField("name", func(t *pbx.Trunk) *string { return &t.Name }),
	strField("hotline", func(t *pbx.Trunk) *string { return &t.Hotline }),
	strField("ivr", func(t *pbx.Trunk) *string { return &t.IVR }),
	strField("group", func(t *pbx.Trunk) *string { return &t.Group }),
	destField("incoming", func(t *pbx.Trunk) *pbx.Destination { return &t.Incoming }),
	boolField("rating", func(t *pbx.Trunk) *bool { return &t.Rating }),
	boolField("forward_line", func(t *pbx.Trunk) *bool { return &t.ForwardLine }),
	strField("after_hours", func(t *pbx.Trunk) *string { return &t.AfterHours }),
	strField("in_prefix", func(t *pbx.Trunk) *string { return &t.InPrefix }),
	strField("out_prefix", func(t *pbx.Trunk) *string { return &t.OutPrefix }),
	strField("ip_prefix", func(t *pbx.Trunk) *string { return &t.IPPrefix }),
	boolField("auto_dial", func(t *pbx.Trunk) *bool { return &t.AutoDial }),
	boolField("record", func(t *pbx.Trunk) *bool { return &t.Record }),
	joinedField("disconnect", func(t *pbx.Trunk) *string { return &t.Disconnect }),
	joinedField("busy_cadence", func(t *pbx.Trunk) *string { return &t.BusyCadence }),
}

var extensionFields = []field[pbx.Extension]{
	intField("port", func(e *pbx.Extension) *int { return &e.Port }),
	strField("name", func(e *pbx.Extension) *string { return &e.Name }),
	strField("forward_always", func(e *pbx.Extension) *string { return &e.ForwardAlways }),
	strField("forward_busy", func(e *pbx.Extension) *string { return &e.ForwardBusy }),
	strField("forward_noanswer", func(e *pbx.Extension) *string { return &e.ForwardNoAnswer }),
	durField("noanswer_time", func(e *pbx.Extension) *time.Duration { return &e.NoAnswerTime }),
	optIntField("hotline", func(e *pbx.Extension) *int { return &e.Hotline }),
	boolField("announce_agent", func(e *pbx.Extension) *bool { return &e.AnnounceAgent }),
	boolField("voicemail_busy", func(e *pbx.Extension) *bool { return &e.VoicemailBusy }),
	boolField("voicemail_noanswer", func(e *pbx.Extension) *bool { return &e.VoicemailNoAns }),
	boolField("long_distance", func(e *pbx.Extension) *bool { return &e.LongDistance }),
	intListField("lines", func(e *pbx.Extension) *[]int { return &e.Lines }),
	listField("may_monitor", func(e *pbx.Extension) *[]string { return &e.MayMonitor }),
	boolField("dnd", func(e *pbx.Extension) *bool { return &e.DND }),
	strField("pin", func(e *pbx.Extension) *string { return &e.PIN }),
	boolField("record", func(e *pbx.Extension) *bool { return &e.Record }),
	boolField("call_waiting", func(e *pbx.Extension) *bool { return &e.CallWaiting }),
}

var groupFields = []field[pbx.Group]{
	strField("name", func(g *pbx.Group) *string { return &g.Name }),
	strField("strategy", func(g *pbx.Group) *string { return &g.Strategy }),
	boolField("last_agent_first", func(g *pbx.Group) *bool { return &g.LastAgentFirst }),
	listField("members", func(g *pbx.Group) *[]string { return &g.Members }),
	durField("member_timeout", func(g *pbx.Group) *time.Duration { return &g.MemberTimeout }),
	durField("timeout", func(g *pbx.Group) *time.Duration { return &g.Timeout }),
	destField("overflow", func(g *pbx.Group) *pbx.Destination { return &g.Overflow }),
	boolField("queue", func(g *pbx.Group) *bool { return &g.Queue }),
	durField("queue_max_wait", func(g *pbx.Group) *time.Duration { return &g.QueueMaxWait }),
	boolField("record", func(g *pbx.Group) *bool { return &g.Record }),
}

// ivrFields are the fixed keys of a menu; "key X" lines set Keys.
var ivrFields = []field[pbx.IVRMenu]{
	strField("prompt", func(m *pbx.IVRMenu) *string { return &m.Prompt }),
	boolField("dial_ext", func(m *pbx.IVRMenu) *bool { return &m.DialExt }),
	durField("timeout", func(m *pbx.IVRMenu) *time.Duration { return &m.Timeout }),
	intField("retries", func(m *pbx.IVRMenu) *int { return &m.Retries }),
	destField("default", func(m *pbx.IVRMenu) *pbx.Destination { return &m.Default }),
}

// ivrKeys are the keypad keys in the order Export writes them.
const ivrKeys = "0123456789*#"

// weekdayKeys are the hours keys in the order Export writes them, with their
// index in Hours.Weekly (0 = Sunday).
var weekdayKeys = []struct {
	key string
	day int
}{{"mon", 1}, {"tue", 2}, {"wed", 3}, {"thu", 4}, {"fri", 5}, {"sat", 6}, {"sun", 0}}

func hoursFields() []field[pbx.Hours] {
	f := []field[pbx.Hours]{boolField("enabled", func(h *pbx.Hours) *bool { return &h.Enabled })}
	for _, w := range weekdayKeys {
		f = append(f, joinedField(w.key, func(h *pbx.Hours) *string { return &h.Weekly[w.day] }))
	}
	return append(f, listField("holidays", func(h *pbx.Hours) *[]string { return &h.Holidays }))
}

func lookup[T any](fields []field[T], key string) (field[T], bool) {
	for _, f := range fields {
		if f.key == key {
			return f, true
		}
	}
	return field[T]{}, false
}

func formatBool(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func parseBool(s string) (bool, error) {
	switch s {
	case "yes":
		return true, nil
	case "no":
		return false, nil
	}
	return false, errors.New(strconv.Quote(s) + " is not yes or no")
}

// formatDur writes whole seconds as "4s", whole milliseconds as "500ms".
func formatDur(d time.Duration) string {
	switch {
	case d%time.Second == 0:
		return strconv.FormatInt(int64(d/time.Second), 10) + "s"
	case d%time.Millisecond == 0:
		return strconv.FormatInt(int64(d/time.Millisecond), 10) + "ms"
	}
	return d.String()
}

func parseDur(s string) (time.Duration, error) {
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 {
		return 0, errors.New(strconv.Quote(s) + " is not a duration (e.g. 4s, 500ms, 1m30s)")
	}
	return d, nil
}

func parseInt(s string) (int, error) {
	n, err := strconv.Atoi(s)
	if err != nil || n < -1e6 || n > 1e6 {
		return 0, errors.New(strconv.Quote(s) + " is not a whole number")
	}
	return n, nil
}

// parseList splits a comma-separated list; an empty value is the empty (nil) list.
func parseList(s string) ([]string, error) {
	if s == "" {
		return nil, nil
	}
	items := strings.Split(s, ",")
	for i := range items {
		items[i] = strings.TrimSpace(items[i])
		if items[i] == "" {
			return nil, errors.New(strconv.Quote(s) + " has an empty list item")
		}
	}
	return items, nil
}
