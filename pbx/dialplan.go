package pbx

import "strings"

// Match is what a dialed string means so far.
type Match uint8

const (
	// More: a prefix of something valid; keep collecting.
	More Match = iota
	// Complete: a full number; route it now.
	Complete
	// MaybeComplete: valid as it is, but a longer number is possible; route on timeout or '#'.
	MaybeComplete
	// Invalid: nothing starts like this.
	Invalid
)

// Dialed is a classified number.
type Dialed struct {
	Kind    string // "ext", "group", "outside", "pickup", "feature", "listen", "whisper", "barge", "release", ""
	Number  string // the extension/group number, or the outside number without the access code
	Line    int    // outside: a specific line (hotline), 0 = any allowed
	Match   Match
	EndHash bool // the number was ended with '#'
}

// Plan classifies dialed digits against a configuration snapshot.
type Plan struct {
	cfg *Config
}

// NewPlan returns the dial plan of cfg.
func NewPlan(cfg *Config) Plan { return Plan{cfg: cfg} }

// Classify says what digits mean so far. digits may end with '#', which ends a number.
func (p Plan) Classify(digits string) Dialed {
	end := strings.HasSuffix(digits, "#") && len(digits) > 1
	if end {
		digits = strings.TrimSuffix(digits, "#")
	}
	sys := &p.cfg.System
	// Pickup: '#' as the first key.
	if sys.PickupCode != "" && strings.HasPrefix(digits, sys.PickupCode) {
		rest := strings.TrimPrefix(digits, sys.PickupCode)
		if rest == "" {
			if end {
				return Dialed{Kind: "pickup", Match: Complete}
			}
			return Dialed{Kind: "pickup", Match: MaybeComplete}
		}
		d := p.internal(rest, end)
		d.Kind = "pickup"
		return d
	}
	if d, ok := p.monitorCode(digits, end); ok {
		return d
	}
	if strings.HasPrefix(digits, "*") {
		if len(digits) >= 3 || end {
			return Dialed{Kind: "feature", Number: digits, Match: Complete}
		}
		return Dialed{Kind: "feature", Number: digits, Match: More}
	}
	if ac := sys.AccessCode; ac != "" && strings.HasPrefix(digits, ac) {
		num := strings.TrimPrefix(digits, ac)
		d := Dialed{Kind: "outside", Number: num, EndHash: end}
		switch {
		case num == "":
			d.Match = More
		case end:
			d.Match = Complete
		default:
			d.Match = OutsideComplete(sys.Zone, sys.LongDistance, num)
		}
		return d
	}
	return p.internal(digits, end)
}

func (p Plan) internal(digits string, end bool) Dialed {
	exact, longer := "", false
	kind := ""
	check := func(n, k string) {
		if n == digits {
			exact, kind = n, k
		} else if strings.HasPrefix(n, digits) {
			longer = true
		}
	}
	for i := range p.cfg.Extensions {
		check(p.cfg.Extensions[i].Number, "ext")
	}
	for i := range p.cfg.Groups {
		check(p.cfg.Groups[i].Number, "group")
	}
	switch {
	case exact != "" && (!longer || end):
		return Dialed{Kind: kind, Number: exact, Match: Complete, EndHash: end}
	case exact != "":
		return Dialed{Kind: kind, Number: exact, Match: MaybeComplete}
	case longer && !end:
		return Dialed{Match: More}
	}
	return Dialed{Number: digits, Match: Invalid}
}

// OutsideComplete applies the zone's number-length rules to an outside number
// (without access code): complete at the longest length the zone allows for its
// prefix, maybe complete at a shorter valid length.
func OutsideComplete(zone, longDistance, num string) Match {
	n := len(num)
	switch zone {
	case "cn":
		switch {
		case strings.HasPrefix(num, "00"): // international
			if n >= 15 {
				return Complete
			}
			return More
		case strings.HasPrefix(num, "0"): // long distance: 0 + area + local, 11 or 12 digits
			if n >= 12 {
				return Complete
			}
			if n == 11 {
				return MaybeComplete
			}
		case num == "110" || num == "119" || num == "120" || num == "122": // emergency
			return Complete
		case strings.HasPrefix(num, "1"): // mobiles and service numbers
			if n >= 11 {
				return Complete
			}
			if n == 3 || n == 5 {
				return MaybeComplete
			}
		default: // local 7-8 digits
			if n >= 8 {
				return Complete
			}
			if n == 7 {
				return MaybeComplete
			}
		}
	case "uk":
		switch {
		case num == "999" || num == "112":
			return Complete
		case strings.HasPrefix(num, "00"): // international: '#' or the timeout ends it
			if n >= 15 {
				return Complete
			}
		case strings.HasPrefix(num, "0"): // national: 0 + 9 or 10 digits
			if n >= 11 {
				return Complete
			}
			if n == 10 {
				return MaybeComplete
			}
		default: // local, without the area code
			if n >= 8 {
				return Complete
			}
			if n >= 6 {
				return MaybeComplete
			}
		}
	case "de":
		switch {
		case num == "110" || num == "112":
			return Complete
		case strings.HasPrefix(num, "00"):
			if n >= 15 {
				return Complete
			}
		case strings.HasPrefix(num, "0"): // national: area codes and numbers vary in length
			if n >= 12 {
				return Complete
			}
			if n >= 9 {
				return MaybeComplete
			}
		default:
			if n >= 8 {
				return Complete
			}
			if n >= 3 {
				return MaybeComplete
			}
		}
	default: // NANP
		switch {
		case strings.HasPrefix(num, "011"):
			if n >= 15 {
				return Complete
			}
		case strings.HasPrefix(num, "1"):
			if n >= 11 {
				return Complete
			}
		case len(num) == 3 && (strings.HasSuffix(num, "11")):
			return Complete // 911, 411, ...
		default:
			if n >= 10 {
				return Complete
			}
			if n == 7 {
				return MaybeComplete
			}
		}
	}
	return More
}

// IsLongDistance reports whether an outside number is long distance for the zone.
func IsLongDistance(longDistance, num string) bool {
	return longDistance != "" && strings.HasPrefix(num, longDistance)
}
