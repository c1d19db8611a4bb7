package conf

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/analogpbx/pbx/pbx"
)

const (
	maxFileSize = 4 << 20 // bytes; a full configuration is a few tens of kB
	maxErrors   = 50      // problems reported before giving up
)

type entry struct {
	key, value string
	line       int
}

type section struct {
	kind, id string // id is "" for system and hours
	name     string // canonical, as in FieldError.Section: "line 1", "extension 801"
	line     int
	entries  []entry
}

type parser struct {
	file     string
	errs     Errors
	headers  map[string]int // section name → line of its header
	keyLines map[string]int // section name + "\x00" + key → line
}

// Parse reads a configuration file named name (for messages) from r and merges it
// over a deep copy of base: a section's keys override that object's fields; a
// section for an object base lacks adds it, starting from the defaults of its
// kind (see docs/CONFIG.md); `delete = yes` removes the object. With a nil base
// the file is a whole configuration: it starts from the factory system settings
// and no lines, extensions, groups or menus, and existing 4-digit PINs are
// accepted (a restore). The result is in canonical form (Canonical) and has passed
// ValidateUpdate(base). On any problem Parse returns a nil config and an Errors
// listing every problem with its line; base is never changed.
func Parse(r io.Reader, name string, base *pbx.Config) (*pbx.Config, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("conf: read %s: %w", name, err)
	}
	p := &parser{file: name, headers: map[string]int{}, keyLines: map[string]int{}}
	if len(data) > maxFileSize {
		return nil, Errors{{File: name, Reason: "file larger than 4 MiB"}}
	}
	secs := p.scan(data)
	if len(p.errs) > 0 {
		return nil, p.errs
	}
	var c *pbx.Config
	if base == nil {
		c = &pbx.Config{System: pbx.Default(nil).System}
	} else {
		c = Clone(base)
	}
	for i := range secs {
		p.apply(c, &secs[i])
	}
	if len(p.errs) > 0 {
		return nil, p.errs
	}
	Canonical(c)
	if err := c.ValidateUpdate(base); err != nil {
		var ve *pbx.ValidationError
		if !errors.As(err, &ve) {
			return nil, fmt.Errorf("conf: %s: %w", name, err)
		}
		for _, it := range ve.Items {
			p.errorAt(p.lineOf(it.Section, it.Field), it.Section, it.Field, it.Reason)
		}
		slices.SortStableFunc(p.errs, func(a, b *Error) int {
			if (a.Line == 0) != (b.Line == 0) {
				return cmp.Compare(b.Line, a.Line) // unknown lines last
			}
			return cmp.Compare(a.Line, b.Line)
		})
		return nil, p.errs
	}
	return c, nil
}

// lineOf returns the line that set section's key, else the section's header line, else 0.
func (p *parser) lineOf(section, key string) int {
	if n, ok := p.keyLines[section+"\x00"+key]; ok {
		return n
	}
	return p.headers[section]
}

func (p *parser) errorAt(line int, section, key, reason string) {
	if len(p.errs) == maxErrors {
		p.errs = append(p.errs, &Error{File: p.file, Line: line, Reason: "too many errors"})
	}
	if len(p.errs) > maxErrors {
		return
	}
	p.errs = append(p.errs, &Error{File: p.file, Line: line, Section: section, Key: key, Reason: reason})
}

// scan splits the file into sections of key = value entries.
func (p *parser) scan(data []byte) []section {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	var secs []section
	for i, raw := range strings.Split(string(data), "\n") {
		n := i + 1
		line := strings.TrimSpace(raw)
		switch {
		case line == "" || line[0] == '#' || line[0] == ';':
			continue
		case line[0] == '[':
			if s, ok := p.header(line, n); ok {
				secs = append(secs, s)
			} else {
				secs = append(secs, section{line: n}) // keep its keys out of the previous section
			}
			continue
		}
		key, value, ok := strings.Cut(line, "=")
		key = strings.Join(strings.Fields(key), " ")
		value = strings.TrimSpace(value)
		switch {
		case len(secs) == 0:
			p.errorAt(n, "", "", "key outside any section (start one with [system], [extension 801], ...)")
		case secs[len(secs)-1].name == "":
			// a refused header: its error is already reported
		case !ok || key == "":
			p.errorAt(n, secs[len(secs)-1].name, "", fmt.Sprintf("%q is not key = value", line))
		default:
			s := &secs[len(secs)-1]
			k := s.name + "\x00" + key
			if first, dup := p.keyLines[k]; dup {
				p.errorAt(n, s.name, key, fmt.Sprintf("repeated (first at line %d)", first))
				continue
			}
			p.keyLines[k] = n
			s.entries = append(s.entries, entry{key, value, n})
		}
	}
	return secs
}

// header parses "[kind id]".
func (p *parser) header(line string, n int) (section, bool) {
	inner, ok := strings.CutSuffix(line[1:], "]")
	f := strings.Fields(inner)
	if !ok || len(f) == 0 {
		p.errorAt(n, "", "", fmt.Sprintf("%q is not a section header like [extension 801]", line))
		return section{}, false
	}
	s := section{kind: f[0], line: n}
	switch {
	case (s.kind == "system" || s.kind == "hours") && len(f) == 1:
		s.name = s.kind
	case (s.kind == "line" || s.kind == "extension" || s.kind == "group" || s.kind == "ivr") && len(f) == 2:
		s.id = f[1]
		s.name = s.kind + " " + s.id
		if s.kind == "line" {
			num, err := strconv.Atoi(s.id)
			if err != nil || num < 1 || num > 999 {
				p.errorAt(n, "", "", fmt.Sprintf("[line %s]: line number is not 1 to 999", s.id))
				return section{}, false
			}
			s.id = strconv.Itoa(num)
			s.name = "line " + s.id
		}
	default:
		p.errorAt(n, "", "", fmt.Sprintf("unknown section %q (system, line N, extension N, group N, ivr ID, hours)", line))
		return section{}, false
	}
	if first, dup := p.headers[s.name]; dup {
		p.errorAt(n, s.name, "", fmt.Sprintf("section repeated (first at line %d)", first))
		return section{}, false
	}
	p.headers[s.name] = n
	return s, true
}
