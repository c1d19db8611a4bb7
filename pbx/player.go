package pbx

// Prompts gives the audio of named prompts (8 kHz linear) per language. A missing prompt
// returns nil: the caller then plays a tone instead and the call goes on.
// cmd/pbxd loads it from WAV files (dsp/prompt); tests may use a map.
type Prompts interface {
	Prompt(lang, name string) []int16
}

// MapPrompts is a Prompts held in memory, keyed by "lang/name".
type MapPrompts map[string][]int16

// Prompt returns the prompt, or nil.
func (m MapPrompts) Prompt(lang, name string) []int16 { return m[lang+"/"+name] }

// player plays a queue of sample slices, one frame at a time, without allocating per frame.
type player struct {
	queue [][]int16
	pos   int
}

// play replaces the queue with clips.
func (p *player) play(clips ...[]int16) {
	p.queue = p.queue[:0]
	for _, c := range clips {
		if len(c) > 0 {
			p.queue = append(p.queue, c)
		}
	}
	p.pos = 0
}

// add appends clips to the queue.
func (p *player) add(clips ...[]int16) {
	for _, c := range clips {
		if len(c) > 0 {
			p.queue = append(p.queue, c)
		}
	}
}

// busy reports whether anything is left to play.
func (p *player) busy() bool { return len(p.queue) > 0 }

func (p *player) stop() { p.queue, p.pos = p.queue[:0], 0 }

// read fills dst with the next samples (silence after the end).
func (p *player) read(dst []int16) {
	n := 0
	for n < len(dst) && len(p.queue) > 0 {
		c := p.queue[0]
		k := copy(dst[n:], c[p.pos:])
		n += k
		p.pos += k
		if p.pos >= len(c) {
			p.queue = p.queue[1:]
			p.pos = 0
		}
	}
	clear(dst[n:])
}
