package prompt

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/analogpbx/pbx/dsp"
)

// Languages with a default prompt set.
const (
	English  = "en"
	Mandarin = "zh"
)

// Names of the default prompts (prompts/generate.sh); digits are "0".."9".
const (
	Welcome       = "welcome"         // "Welcome. Dial an extension, or 0 for the operator."
	Invalid       = "invalid"         // "That number is not valid. Please try again."
	Restricted    = "restricted"      // "Call restricted."
	AgentWord     = "agent"           // "Agent"
	AtYourService = "at-your-service" // "at your service."
	YouAreNumber  = "you-are-number"  // "You are number"
	InTheQueue    = "in-the-queue"    // "in the queue."
	PleaseHold    = "please-hold"     // "Please hold. All our agents are busy."
	Rate          = "rate"            // "Press 1 if you were satisfied, 0 if not."
	Thanks        = "thanks"          // "Thank you."
	AfterHours    = "after-hours"     // "Our office is closed. ..."
	Goodbye       = "goodbye"         // "Goodbye."
	QueueMusic    = "queue-music"     // 12 s of music, looped while callers wait
	VMGreeting    = "vm-greeting"     // "... Please leave a message after the tone."
	VMBeep        = "vm-beep"         // 1 kHz, 400 ms
	VMEnterPIN    = "vm-enter-pin"    // "Please enter your PIN, then press pound."
	VMWrongPIN    = "vm-wrong-pin"    // "Incorrect PIN."
	VMYouHave     = "vm-you-have"     // "You have"
	VMNewMessages = "vm-new-messages" // "new messages."
	VMNoMessages  = "vm-no-messages"  // "You have no new messages."
	VMMenu        = "vm-menu"         // "Press 1 to listen, 7 to delete, 9 to save, or star to exit."
	VMDeleted     = "vm-deleted"      // "Message deleted."
	VMSaved       = "vm-saved"        // "Message saved."
	VMEnd         = "vm-end"          // "End of messages."
	VMBox         = "vm-box"          // "Please enter the mailbox number, then press pound."
	VMFull        = "vm-full"         // "The mailbox is full."
	Busy          = "busy"            // "The extension you called is busy. ..."
	NoAnswer      = "noanswer"        // "There is no answer. ..."
	OtherNumber   = "other-number"    // "For urgent matters, please call"
	zhTen         = "ten"             // Mandarin 十
)

// Prompts lists every prompt of the default set, without the digits.
var Prompts = []string{Welcome, Invalid, Restricted, AgentWord, AtYourService, YouAreNumber, InTheQueue,
	PleaseHold, Rate, Thanks, AfterHours, Goodbye, QueueMusic, VMGreeting, VMBeep, VMEnterPIN, VMWrongPIN,
	VMYouHave, VMNewMessages, VMNoMessages, VMMenu, VMDeleted, VMSaved, VMEnd, VMBox, VMFull, Busy, NoAnswer,
	OtherNumber}

// ErrNotFound reports a prompt the set does not have.
var ErrNotFound = errors.New("prompt: not found")

// gap is the pause put between the clips of an announcement.
const gap = 60 * time.Millisecond

// Set is the prompts of one language in a file system (lang/name.wav), loaded on
// first use and cached. Safe for concurrent use.
type Set struct {
	fsys  fs.FS
	lang  string
	mu    sync.Mutex
	cache map[string][]int16
}

// NewSet returns the prompts of lang ("en", "zh", or any directory name) in fsys, for
// example NewSet(os.DirFS("/usr/share/pbx/prompts"), "en").
func NewSet(fsys fs.FS, lang string) *Set {
	return &Set{fsys: fsys, lang: lang, cache: map[string][]int16{}}
}

// Lang returns the set's language.
func (s *Set) Lang() string { return s.lang }

// Get returns a prompt's samples (8 kHz linear). The slice is shared: do not modify it.
// A missing file gives an error wrapping ErrNotFound; a bad one names the file.
func (s *Set) Get(name string) ([]int16, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if a, ok := s.cache[name]; ok {
		return a, nil
	}
	p := path.Join(s.lang, name+".wav")
	if name == "" || strings.ContainsAny(name, `/\`) || !fs.ValidPath(p) {
		return nil, fmt.Errorf("prompt %s: invalid name: %w", p, ErrNotFound)
	}
	f, err := s.fsys.Open(p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("prompt %s: %w", p, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("prompt %s: %w", p, err)
	}
	defer f.Close()
	a, err := ReadWAV(f, p)
	if err != nil {
		return nil, err
	}
	s.cache[name] = a
	return a, nil
}

// Concat joins the named prompts with a short pause between them.
func (s *Set) Concat(names ...string) ([]int16, error) {
	var out []int16
	pause := make([]int16, int(gap*dsp.SampleRate/time.Second))
	for i, n := range names {
		a, err := s.Get(n)
		if err != nil {
			return nil, err
		}
		if i > 0 {
			out = append(out, pause...)
		}
		out = append(out, a...)
	}
	return out, nil
}

// Digits returns the clip names that read s digit by digit ("801" → "8", "0", "1");
// other characters are skipped.
func Digits(s string) []string {
	var out []string
	for _, c := range s {
		if c >= '0' && c <= '9' {
			out = append(out, string(c))
		}
	}
	return out
}

// Number returns the clip names that say n (n ≥ 0) in lang: Mandarin says 0..99 as
// numbers (十二 for 12) and larger numbers digit by digit; English says them digit by
// digit ("one two").
func Number(lang string, n int) []string {
	if n < 0 {
		n = 0
	}
	if lang == Mandarin && n >= 10 && n < 100 {
		var out []string
		if n/10 > 1 {
			out = append(out, strconv.Itoa(n/10))
		}
		out = append(out, zhTen)
		if n%10 != 0 {
			out = append(out, strconv.Itoa(n%10))
		}
		return out
	}
	return Digits(strconv.Itoa(n))
}

// Agent returns the clips of the agent announcement for agent number agent
// ("agent eight zero one at your service" / 工号八零一为您服务).
func Agent(agent string) []string {
	out := []string{AgentWord}
	out = append(out, Digits(agent)...)
	return append(out, AtYourService)
}

// Queue returns the clips of the queue position announcement in lang ("you are number
// three in the queue" / 您排在第三位，请稍候).
func Queue(lang string, position int) []string {
	out := []string{YouAreNumber}
	out = append(out, Number(lang, position)...)
	return append(out, InTheQueue)
}
