package conf

import (
	"bytes"
	"cmp"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/analogpbx/pbx/pbx"
)

// FormatVersion is the version of the canonical text that Export writes. It goes
// up whenever Export's output for an unchanged configuration changes (a new key),
// so that a checksum stored over an older export is not taken for damage.
const FormatVersion = 2

const header = `# PBX configuration, as written by pbx config export.
# Every key is documented in docs/CONFIG.md. Lines starting with # are comments;
# durations are written like 4s or 500ms, lists are comma-separated, booleans are
# yes or no. Import this file with pbx config import.
`

// Export writes c in the canonical text form: a header, then [system], the lines
// by number, the extensions and groups by number, the IVR menus by id and [hours],
// each section with a short comment and every key, keys in a fixed order. It does
// not change c; a nil c is written as an empty configuration. Free text holding line breaks (which Validate refuses) is written
// with spaces instead.
func Export(c *pbx.Config) []byte {
	if c == nil {
		c = &pbx.Config{}
	}
	var b bytes.Buffer
	b.WriteString(header)

	writeSection(&b, "System settings: tone zone, language, dialing and timers.", "system")
	writeFields(&b, &c.System, systemFields)

	for _, t := range sorted(c.Trunks, cmpTrunk) {
		writeSection(&b, "PSTN line "+strconv.Itoa(t.Line)+portNote(t.Port)+".", "line "+strconv.Itoa(t.Line))
		writeFields(&b, &t, trunkFields)
	}
	for _, e := range sorted(c.Extensions, cmpExtension) {
		writeSection(&b, "Extension "+e.Number+portNote(e.Port)+".", "extension "+e.Number)
		writeFields(&b, &e, extensionFields)
	}
	for _, g := range sorted(c.Groups, cmpGroup) {
		writeSection(&b, "Extension group "+g.Number+".", "group "+g.Number)
		writeFields(&b, &g, groupFields)
	}
	for _, m := range sorted(c.IVRs, cmpIVR) {
		writeSection(&b, "IVR menu "+m.ID+": key N = where that key goes.", "ivr "+m.ID)
		writeFields(&b, &m, ivrFields)
		for _, k := range sortedKeys(m.Keys) {
			writeKV(&b, "key "+k, string(m.Keys[k]))
		}
	}
	writeSection(&b, "Working hours (local time; empty = closed all day) and holidays.", "hours")
	writeFields(&b, &c.Hours, hoursFields())
	return b.Bytes()
}

func portNote(p int) string {
	if p == 0 {
		return ", no card port"
	}
	return " on port " + strconv.Itoa(p)
}

func writeSection(b *bytes.Buffer, comment, name string) {
	b.WriteString("\n# ")
	b.WriteString(oneLine(comment))
	b.WriteString("\n[")
	b.WriteString(oneLine(name))
	b.WriteString("]\n")
}

func writeFields[T any](b *bytes.Buffer, o *T, fields []field[T]) {
	for _, f := range fields {
		writeKV(b, f.key, f.get(o))
	}
}

func writeKV(b *bytes.Buffer, key, value string) {
	b.WriteString(key)
	b.WriteString(" =")
	if v := oneLine(value); v != "" {
		b.WriteByte(' ')
		b.WriteString(v)
	}
	b.WriteByte('\n')
}

// oneLine keeps a value on its line: line breaks become spaces.
func oneLine(s string) string {
	if !strings.ContainsAny(s, "\r\n") {
		return s
	}
	return strings.NewReplacer("\r", " ", "\n", " ").Replace(s)
}

// sortedKeys returns the menu keys in keypad order: 0-9, *, #, then any others.
func sortedKeys(m map[string]pbx.Destination) []string {
	keys := slices.Collect(maps.Keys(m))
	rank := func(k string) int {
		if len(k) == 1 {
			if i := strings.IndexByte(ivrKeys, k[0]); i >= 0 {
				return i
			}
		}
		return len(ivrKeys)
	}
	slices.SortFunc(keys, func(a, b string) int {
		if c := cmp.Compare(rank(a), rank(b)); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	return keys
}
