package pbx

import (
	"strconv"
	"time"

	"github.com/analogpbx/pbx/hal"
)

// Config is the whole configuration of the PBX: what the installer edits, what SQLite
// stores and what `pbx config export` writes. The call core reads one immutable
// snapshot per call; a change is a new snapshot, so calls in progress keep theirs.
type Config struct {
	System     System
	Trunks     []Trunk     // PSTN lines, by line number
	Extensions []Extension // by extension number
	Groups     []Group     // by group number
	IVRs       []IVRMenu   // by id
	Hours      Hours
}

// Destination names where a call goes. Forms:
//
//	ext:801      an extension
//	group:600    an extension group
//	ivr:main     an IVR menu
//	operator     the operator extension
//	voicemail:801 that extension's mailbox
//	number:13800138000  an outside number, out through an allowed line
//	hangup       clear the call
//	""           nothing set (use the default)
type Destination string

// System holds the box-wide settings.
type System struct {
	Zone             string        // tone zone: us, cn, uk, de
	Language         string        // prompt language: en, zh
	Company          string        // company name, for the installer
	Operator         string        // operator extension number
	AccessCode       string        // outside line access code, e.g. "9"
	FirstDigit       time.Duration // wait for the first digit after dial tone
	InterDigit       time.Duration // wait between digits before the number counts as complete
	MaxRing          time.Duration // maximum ring time, then a missed call
	GroupRingTimeout time.Duration // ring time of a group before its overflow
	FlashMin         time.Duration // hook-flash window; 0 = the zone's
	FlashMax         time.Duration
	DNDInternal      bool        // a DND extension still takes internal calls
	DNDTransfer      bool        // a DND extension still takes transferred calls
	PickupCode       string      // "#": pickup as the first key; "#NNN" directed
	HotlineEscape    string      // "#" or "##": escape to internal dialing on a hotline phone
	ListenCode       string      // feature code + extension: listen to its call ("" = off)
	WhisperCode      string      // feature code + extension: speak to that extension only
	BargeCode        string      // feature code + extension: join its call (three-way)
	ReleaseCode      string      // feature code + extension: clear its call
	LongDistance     string      // prefix that marks a long-distance number, e.g. "0" (cn) or "1" (us)
	Incoming         Destination // where calls on a line go when the line names nothing
	AfterHoursMode   int         // 0 off, 1 announce hours, 2 announce then voicemail, 3 forward
	AfterHoursNumber string      // mode 3: where to forward; mode 1: the number announced
	RecordDir        string      // where recordings go
	RecordRetention  int         // keep at most this many recordings (0 = unlimited)
}

// Trunk is a PSTN line on an FXO port (spec §3, trunk properties).
type Trunk struct {
	Line        int         // line number 1, 2, ... (what `line2` means)
	Port        int         // physical port
	Name        string      // free text
	Hotline     string      // direct extension: incoming calls ring it; its off-hook seizes this line
	IVR         string      // incoming calls enter this IVR menu
	Group       string      // incoming calls go to this group
	Rating      bool        // operator rating after the agent hangs up
	ForwardLine bool        // may carry other lines' after-hours forwards out
	AfterHours  string      // after-hours forward number for this line ("" = the system's)
	InPrefix    string      // stripped from received caller numbers
	OutPrefix   string      // dialed before every number on this line
	IPPrefix    string      // inserted before long-distance numbers
	AutoDial    bool        // takes part in outbound campaigns
	Record      bool        // record calls on this line
	Disconnect  string      // far-end clear detection: any of "busytone,battery,polarity"
	Incoming    Destination // explicit destination; overrides Hotline/IVR/Group when set
	BusyCadence string      // learned busy tone of this line ("" = the zone's)
}

// Extension is an analog phone on an FXS port (spec §3, extension properties).
type Extension struct {
	Number          string
	Port            int // physical port
	Name            string
	ForwardAlways   string // extension or outside number
	ForwardBusy     string
	ForwardNoAnswer string
	NoAnswerTime    time.Duration // ring time before forward on no answer (0 = system's max ring)
	Hotline         int           // line number seized on off-hook (0 = none)
	AnnounceAgent   bool
	VoicemailBusy   bool
	VoicemailNoAns  bool
	LongDistance    bool     // long distance allowed
	Lines           []int    // allowed outbound lines (empty = all)
	MayMonitor      []string // extensions it may listen to, whisper, barge or force-release
	DND             bool
	PIN             string // voicemail/agent PIN
	Record          bool
	CallWaiting     bool
}

// Group is an extension group: a hunt group or call-center queue.
type Group struct {
	Number         string
	Name           string
	Strategy       string // priority, roundrobin, ringall, leastrecent, fewestcalls
	LastAgentFirst bool
	Members        []string      // extension numbers, in priority order
	MemberTimeout  time.Duration // ring time per member (hunting strategies)
	Timeout        time.Duration // ring time of the whole group (0 = system's)
	Overflow       Destination   // where the call goes when nobody answers
	Queue          bool          // callers wait in a queue when all members are busy
	QueueMaxWait   time.Duration // then overflow
	Record         bool
}

// IVRMenu is one menu of the auto attendant.
type IVRMenu struct {
	ID      string
	Prompt  string                 // prompt name, e.g. "welcome"
	Keys    map[string]Destination // "0".."9","*","#" → where; also "ivr:sub", "repeat", "back"
	DialExt bool                   // dialing an extension number during the prompt
	Timeout time.Duration          // wait for a key after the prompt
	Retries int                    // invalid/timeout retries before Default
	Default Destination            // no input / too many invalid
}

// Hours is the weekly working schedule and the holidays.
type Hours struct {
	Enabled  bool
	Weekly   [7]string // per weekday (0 = Sunday): "09:00-18:00" (comma-separated ranges), "" = closed
	Holidays []string  // "2026-10-01" or "2026-10-01..2026-10-07"
}

// Default returns the factory configuration for a card whose positions hold kinds
// (index 0 = physical port 1): FXS ports in physical order are extensions 801, 802, ...;
// FXO ports are lines 1, 2, ...; access code 9; operator 801; group 600 of all
// extensions ringing all; calls on every line go to the auto attendant.
func Default(kinds []hal.Kind) *Config {
	c := &Config{
		System: System{
			Zone:             "us",
			Language:         "en",
			Company:          "",
			Operator:         "801",
			AccessCode:       "9",
			FirstDigit:       10 * time.Second,
			InterDigit:       4 * time.Second,
			MaxRing:          60 * time.Second,
			GroupRingTimeout: 20 * time.Second,
			DNDInternal:      true,
			DNDTransfer:      true,
			PickupCode:       "#",
			HotlineEscape:    "#",
			ListenCode:       "*81",
			WhisperCode:      "*82",
			BargeCode:        "*83",
			ReleaseCode:      "*84",
			LongDistance:     "1",
			Incoming:         "ivr:main",
			RecordDir:        "var/recordings",
		},
	}
	ext, line := 801, 1
	var members []string
	for i, k := range kinds {
		switch k {
		case hal.KindFXS:
			n := strconv.Itoa(ext)
			c.Extensions = append(c.Extensions, Extension{Number: n, Port: i + 1, LongDistance: true, CallWaiting: true})
			members = append(members, n)
			ext++
		case hal.KindFXO:
			c.Trunks = append(c.Trunks, Trunk{Line: line, Port: i + 1, Disconnect: "busytone,battery,polarity"})
			line++
		}
	}
	if len(members) == 0 {
		c.System.Operator = ""
	} else {
		c.Groups = []Group{{Number: "600", Name: "all", Strategy: "ringall", Members: members}}
	}
	c.IVRs = []IVRMenu{{
		ID: "main", Prompt: "welcome", DialExt: true,
		Keys:    map[string]Destination{"0": "operator"},
		Timeout: 5 * time.Second, Retries: 1, Default: "operator",
	}}
	return c
}
