package pbx

import (
	"strconv"
	"time"
)

// CDR is one call record. Field names in CDRFields are those of `pbx cdr --csv` and of
// the testbench's `expect cdr` step.
type CDR struct {
	ID          int64
	Start       time.Time // when the call began (off-hook or incoming seizure)
	Answer      time.Time // zero if never answered
	End         time.Time
	From        string // caller's extension, or the caller ID received on a line
	To          string // the extension finally reached, or the outside number as sent (no access code)
	Line        int    // line number used, 0 for internal calls
	Port        int    // physical port where the call started
	Route       string // how it was routed, e.g. "group:600 tried=801,802 answered=802" or "ivr:main keys=1"
	Agent       string // extension that talked to an outside caller
	Disposition string // answered, busy, noanswer, abandoned, failed, voicemail, afterhours
	Rating      string // "1", "0" or ""
	Recording   string // recording file name, or ""
}

// Dispositions of a call record (spec §6).
const (
	Answered   = "answered"
	Busy       = "busy"
	NoAnswer   = "noanswer"
	Abandoned  = "abandoned"
	Failed     = "failed"
	Voicemail  = "voicemail"
	AfterHours = "afterhours"
)

// CDRFields are the call-record field names, in CSV column order.
var CDRFields = []string{"id", "start", "answer", "end", "duration", "billsec", "from", "to", "line",
	"port", "route", "agent", "disposition", "rating", "recording"}

// Duration is the whole seconds from start to end.
func (c *CDR) Duration() int {
	if c.End.IsZero() {
		return 0
	}
	return int(c.End.Sub(c.Start) / time.Second)
}

// Billsec is the whole seconds from answer to end (0 if not answered).
func (c *CDR) Billsec() int {
	if c.Answer.IsZero() || c.End.IsZero() {
		return 0
	}
	return int(c.End.Sub(c.Answer) / time.Second)
}

// Field returns the named field as text (RFC 3339 times, whole seconds, empty for unset).
func (c *CDR) Field(name string) (string, bool) {
	ts := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.Format(time.RFC3339)
	}
	switch name {
	case "id":
		return strconv.FormatInt(c.ID, 10), true
	case "start":
		return ts(c.Start), true
	case "answer":
		return ts(c.Answer), true
	case "end":
		return ts(c.End), true
	case "duration":
		return strconv.Itoa(c.Duration()), true
	case "billsec":
		return strconv.Itoa(c.Billsec()), true
	case "from":
		return c.From, true
	case "to":
		return c.To, true
	case "line":
		if c.Line == 0 {
			return "", true
		}
		return strconv.Itoa(c.Line), true
	case "port":
		if c.Port == 0 {
			return "", true
		}
		return strconv.Itoa(c.Port), true
	case "route":
		return c.Route, true
	case "agent":
		return c.Agent, true
	case "disposition":
		return c.Disposition, true
	case "rating":
		return c.Rating, true
	case "recording":
		return c.Recording, true
	}
	return "", false
}

// Row returns every field in CDRFields order.
func (c *CDR) Row() []string {
	r := make([]string, len(CDRFields))
	for i, f := range CDRFields {
		r[i], _ = c.Field(f)
	}
	return r
}
