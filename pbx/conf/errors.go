package conf

import (
	"strconv"
	"strings"
)

// Error is one problem in a configuration file.
type Error struct {
	File    string // the name given to Parse
	Line    int    // 1-based line number; 0 when the problem is in an object the file does not mention
	Section string // e.g. "extension 801"; "" for a line outside any section
	Key     string // e.g. "forward_busy"; "" for the whole section
	Reason  string
}

// Error returns "file:line: section: key: reason", e.g.
// `site.conf:12: extension 801: unknown key "forwrd_busy"`.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		b.WriteByte(':')
		b.WriteString(strconv.Itoa(e.Line))
	}
	b.WriteString(": ")
	if e.Section != "" {
		b.WriteString(e.Section)
		b.WriteString(": ")
	}
	if e.Key != "" {
		b.WriteString(e.Key)
		b.WriteString(": ")
	}
	b.WriteString(e.Reason)
	return b.String()
}

// Errors is every problem found in one file, in line order (problems in objects
// the file does not mention last). Parse returns it when it refuses a file.
type Errors []*Error

// Error returns one problem per line.
func (es Errors) Error() string {
	parts := make([]string, len(es))
	for i, e := range es {
		parts[i] = e.Error()
	}
	return strings.Join(parts, "\n")
}
