package prompt

// Player plays samples frame by frame, once or looped. The zero value is idle. Read
// allocates nothing. Not safe for concurrent use.
type Player struct {
	buf  []int16
	pos  int
	loop bool
}

// Play starts samples from the beginning (looped when loop). The slice is read, not
// copied.
func (p *Player) Play(samples []int16, loop bool) {
	p.buf, p.pos, p.loop = samples, 0, loop && len(samples) > 0
}

// Stop ends playback.
func (p *Player) Stop() { p.buf, p.pos = nil, 0 }

// Playing reports whether samples remain.
func (p *Player) Playing() bool { return p.pos < len(p.buf) }

// Read fills dst with the next samples (silence after the end) and reports whether the
// prompt has ended.
func (p *Player) Read(dst []int16) (done bool) {
	i := 0
	for i < len(dst) && p.pos < len(p.buf) {
		n := copy(dst[i:], p.buf[p.pos:])
		i += n
		p.pos += n
		if p.pos == len(p.buf) && p.loop {
			p.pos = 0
		}
	}
	clear(dst[i:])
	return p.pos >= len(p.buf)
}
