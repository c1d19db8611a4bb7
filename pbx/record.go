package pbx

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/analogpbx/pbx/dsp/prompt"
	"github.com/analogpbx/pbx/hal"
)

// recorder captures audio of a call: both directions mixed (call recording) or the
// caller alone (a voicemail message). Samples go into fixed one-second blocks, so the
// frame loop appends without allocating per frame.
type recorder struct {
	blocks [][]int16
	n      int      // samples in the last block
	other  *Channel // mixed with the owner's received audio; nil = owner only
	path   string
	max    int64 // frames; 0 = no limit
	frames int64
}

const recBlock = hal.SampleRate

func newRecorder(path string, other *Channel, max time.Duration) *recorder {
	return &recorder{path: path, other: other, max: hal.Frames(max)}
}

// frame appends this frame's audio of c (and its partner).
func (r *recorder) frame(c *Channel) {
	if r.max > 0 && r.frames >= r.max {
		return
	}
	r.frames++
	for i, s := range c.rx {
		v := int32(s)
		if r.other != nil {
			v += int32(r.other.rx[i])
		}
		v = min(max(v, -32768), 32767)
		if len(r.blocks) == 0 || r.n == recBlock {
			r.blocks = append(r.blocks, make([]int16, recBlock))
			r.n = 0
		}
		r.blocks[len(r.blocks)-1][r.n] = int16(v)
		r.n++
	}
}

// full reports whether the length limit was reached.
func (r *recorder) full() bool { return r.max > 0 && r.frames >= r.max }

// samples returns the recorded audio as one slice.
func (r *recorder) samples() []int16 {
	out := make([]int16, 0, len(r.blocks)*recBlock)
	for i, b := range r.blocks {
		if i == len(r.blocks)-1 {
			b = b[:r.n]
		}
		out = append(out, b...)
	}
	return out
}

// save writes the recording as a WAV file on its own goroutine (temp file, fsync,
// rename), then keeps at most keep files in its folder (0 = all).
func (r *recorder) save(e *Engine, keep int) {
	s := r.samples()
	path := r.path
	e.fileOp(func() {
		if err := writeWAV(path, s); err != nil {
			e.log.Error("recording not saved", "file", path, "err", err)
			return
		}
		if keep > 0 {
			prune(filepath.Dir(path), keep)
		}
	})
}

// writeWAV writes 8 kHz 16-bit mono PCM durably.
func writeWAV(path string, s []int16) error {
	return WriteFileDurably(path, prompt.EncodeWAV(s, prompt.PCM16))
}

// WriteFileDurably writes data to path so that a power cut leaves either the old file or
// the whole new one: a temp file, fsync, rename, then fsync of the folder.
func WriteFileDurably(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return err
	}
	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		return err
	}
	if d, err := os.Open(filepath.Dir(path)); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}

// prune deletes the oldest .wav files of dir beyond keep.
func prune(dir string, keep int) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	var names []string
	for _, e := range ents {
		if strings.HasSuffix(e.Name(), ".wav") {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	for len(names) > keep {
		os.Remove(filepath.Join(dir, names[0]))
		names = names[1:]
	}
}

// recordingOn reports whether a call between line/extension/group should be recorded.
func (e *Engine) recordingOn(cfg *Config, call *Call, parties ...*Channel) bool {
	if call.group != nil && call.group.Record {
		return true
	}
	for _, p := range parties {
		if p == nil {
			continue
		}
		if x := p.ext(cfg); p.fxs != nil && x != nil && x.Record {
			return true
		}
		if t := p.trunk(cfg); p.fxo != nil && t != nil && t.Record {
			return true
		}
	}
	return false
}

// startRecording starts recording call between a and b if the configuration asks.
func (e *Engine) startRecording(call *Call, a, b *Channel) {
	cfg := e.cfg.Load()
	if !e.recordingOn(cfg, call, a, b) {
		return
	}
	name := fmt.Sprintf("%s-%04d.wav", call.cdr.Start.Format("20060102-150405"), call.id%10000)
	dir := cfg.System.RecordDir
	if dir == "" {
		dir = filepath.Join(e.dataDir, "recordings")
	}
	call.cdr.Recording = name
	a.rec = newRecorder(filepath.Join(dir, name), b, 0)
	a.recKeep = cfg.System.RecordRetention
}

// stopRecording saves c's call recording, if any.
func (c *Channel) stopRecording() {
	if c.rec == nil {
		return
	}
	r := c.rec
	c.rec = nil
	r.save(c.e, c.recKeep)
}
