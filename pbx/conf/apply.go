package conf

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/analogpbx/pbx/pbx"
)

// apply merges one section into c.
func (p *parser) apply(c *pbx.Config, s *section) {
	switch s.kind {
	case "":
		return // refused header
	case "system":
		applyFields(p, s, &c.System, systemFields, nil)
		return
	case "hours":
		applyFields(p, s, &c.Hours, hoursFields(), nil)
		return
	}
	if del, ok := p.deletion(s); !ok {
		return
	} else if del {
		p.remove(c, s)
		return
	}
	s.entries = slices.DeleteFunc(s.entries, func(e entry) bool { return e.key == "delete" })
	switch s.kind {
	case "line":
		line, _ := strconv.Atoi(s.id)
		i := slices.IndexFunc(c.Trunks, func(t pbx.Trunk) bool { return t.Line == line })
		if i < 0 {
			c.Trunks = append(c.Trunks, newTrunk(line))
			i = len(c.Trunks) - 1
		}
		applyFields(p, s, &c.Trunks[i], trunkFields, nil)
	case "extension":
		i := slices.IndexFunc(c.Extensions, func(e pbx.Extension) bool { return e.Number == s.id })
		if i < 0 {
			c.Extensions = append(c.Extensions, newExtension(s.id))
			i = len(c.Extensions) - 1
		}
		applyFields(p, s, &c.Extensions[i], extensionFields, nil)
	case "group":
		i := slices.IndexFunc(c.Groups, func(g pbx.Group) bool { return g.Number == s.id })
		if i < 0 {
			c.Groups = append(c.Groups, newGroup(s.id))
			i = len(c.Groups) - 1
		}
		applyFields(p, s, &c.Groups[i], groupFields, nil)
	case "ivr":
		i := slices.IndexFunc(c.IVRs, func(m pbx.IVRMenu) bool { return m.ID == s.id })
		if i < 0 {
			c.IVRs = append(c.IVRs, newMenu(s.id))
			i = len(c.IVRs) - 1
		}
		m := &c.IVRs[i]
		applyFields(p, s, m, ivrFields, func(key, value string) bool {
			k, ok := strings.CutPrefix(key, "key ")
			if !ok || len(k) != 1 || !strings.Contains(ivrKeys, k) {
				return false
			}
			if value == "" {
				delete(m.Keys, k)
				return true
			}
			if m.Keys == nil {
				m.Keys = map[string]pbx.Destination{}
			}
			m.Keys[k] = pbx.Destination(value)
			return true
		})
	}
}

// newTrunk, newExtension, newGroup and newMenu are the defaults of an object that
// a file adds (docs/CONFIG.md lists them).
func newTrunk(line int) pbx.Trunk {
	return pbx.Trunk{Line: line, Disconnect: "busytone,battery,polarity"}
}

func newExtension(number string) pbx.Extension {
	return pbx.Extension{Number: number, LongDistance: true, CallWaiting: true}
}

func newGroup(number string) pbx.Group {
	return pbx.Group{Number: number, Strategy: "ringall"}
}

func newMenu(id string) pbx.IVRMenu {
	return pbx.IVRMenu{ID: id, Prompt: id, Timeout: 5 * time.Second, Retries: 1, Default: "operator"}
}

// applyFields sets each entry of s on o; extra handles keys outside fields and
// reports whether it knew the key.
func applyFields[T any](p *parser, s *section, o *T, fields []field[T], extra func(key, value string) bool) {
	for _, e := range s.entries {
		if f, ok := lookup(fields, e.key); ok {
			if err := f.set(o, e.value); err != nil {
				p.errorAt(e.line, s.name, e.key, err.Error())
			}
			continue
		}
		if extra == nil || !extra(e.key, e.value) {
			p.errorAt(e.line, s.name, "", fmt.Sprintf("unknown key %q", e.key))
		}
	}
}

// deletion reports whether s deletes its object; ok is false when its delete key is refused.
func (p *parser) deletion(s *section) (del, ok bool) {
	i := slices.IndexFunc(s.entries, func(e entry) bool { return e.key == "delete" })
	if i < 0 {
		return false, true
	}
	e := s.entries[i]
	del, err := parseBool(e.value)
	switch {
	case err != nil:
		p.errorAt(e.line, s.name, "delete", err.Error())
		return false, false
	case del && len(s.entries) > 1:
		p.errorAt(e.line, s.name, "delete", "delete = yes cannot be combined with other keys")
		return false, false
	}
	return del, true
}

// remove deletes the object that s names.
func (p *parser) remove(c *pbx.Config, s *section) {
	n := 0
	switch s.kind {
	case "line":
		line, _ := strconv.Atoi(s.id)
		n = len(c.Trunks)
		c.Trunks = slices.DeleteFunc(c.Trunks, func(t pbx.Trunk) bool { return t.Line == line })
		n -= len(c.Trunks)
	case "extension":
		n = len(c.Extensions)
		c.Extensions = slices.DeleteFunc(c.Extensions, func(e pbx.Extension) bool { return e.Number == s.id })
		n -= len(c.Extensions)
	case "group":
		n = len(c.Groups)
		c.Groups = slices.DeleteFunc(c.Groups, func(g pbx.Group) bool { return g.Number == s.id })
		n -= len(c.Groups)
	case "ivr":
		n = len(c.IVRs)
		c.IVRs = slices.DeleteFunc(c.IVRs, func(m pbx.IVRMenu) bool { return m.ID == s.id })
		n -= len(c.IVRs)
	}
	if n == 0 {
		p.errorAt(s.line, s.name, "delete", "there is no "+s.name+" to delete")
	}
}
