package conf

import (
	"cmp"
	"maps"
	"slices"

	"github.com/analogpbx/pbx/pbx"
)

// Clone returns a deep copy of c: no slice or map is shared with c. Nil and empty
// slices and maps stay as they were.
func Clone(c *pbx.Config) *pbx.Config {
	if c == nil {
		return nil
	}
	n := *c
	n.Trunks = slices.Clone(c.Trunks)
	n.Extensions = slices.Clone(c.Extensions)
	for i := range n.Extensions {
		n.Extensions[i].Lines = slices.Clone(n.Extensions[i].Lines)
		n.Extensions[i].MayMonitor = slices.Clone(n.Extensions[i].MayMonitor)
	}
	n.Groups = slices.Clone(c.Groups)
	for i := range n.Groups {
		n.Groups[i].Members = slices.Clone(n.Groups[i].Members)
	}
	n.IVRs = slices.Clone(c.IVRs)
	for i := range n.IVRs {
		n.IVRs[i].Keys = maps.Clone(n.IVRs[i].Keys)
	}
	n.Hours.Holidays = slices.Clone(c.Hours.Holidays)
	return &n
}

// Canonical puts c in the canonical form that Parse returns and Export writes:
// lines sorted by number, extensions and groups by number (numerically), IVR menus
// by id; empty lists and key maps nil. It changes c in place; a nil c is left alone.
func Canonical(c *pbx.Config) {
	if c == nil {
		return
	}
	slices.SortStableFunc(c.Trunks, cmpTrunk)
	slices.SortStableFunc(c.Extensions, cmpExtension)
	slices.SortStableFunc(c.Groups, cmpGroup)
	slices.SortStableFunc(c.IVRs, cmpIVR)
	c.Trunks = nilIfEmpty(c.Trunks)
	c.Extensions = nilIfEmpty(c.Extensions)
	c.Groups = nilIfEmpty(c.Groups)
	c.IVRs = nilIfEmpty(c.IVRs)
	for i := range c.Extensions {
		c.Extensions[i].Lines = nilIfEmpty(c.Extensions[i].Lines)
		c.Extensions[i].MayMonitor = nilIfEmpty(c.Extensions[i].MayMonitor)
	}
	for i := range c.Groups {
		c.Groups[i].Members = nilIfEmpty(c.Groups[i].Members)
	}
	for i := range c.IVRs {
		if len(c.IVRs[i].Keys) == 0 {
			c.IVRs[i].Keys = nil
		}
	}
	c.Hours.Holidays = nilIfEmpty(c.Hours.Holidays)
}

func nilIfEmpty[T any](s []T) []T {
	if len(s) == 0 {
		return nil
	}
	return s
}

// cmpNumber orders numbers numerically: shorter first, then by digits.
func cmpNumber(a, b string) int {
	if c := cmp.Compare(len(a), len(b)); c != 0 {
		return c
	}
	return cmp.Compare(a, b)
}

func cmpTrunk(a, b pbx.Trunk) int         { return cmp.Compare(a.Line, b.Line) }
func cmpExtension(a, b pbx.Extension) int { return cmpNumber(a.Number, b.Number) }
func cmpGroup(a, b pbx.Group) int         { return cmpNumber(a.Number, b.Number) }
func cmpIVR(a, b pbx.IVRMenu) int         { return cmp.Compare(a.ID, b.ID) }

// sorted returns a sorted copy of s.
func sorted[T any](s []T, f func(a, b T) int) []T {
	out := slices.Clone(s)
	slices.SortStableFunc(out, f)
	return out
}
