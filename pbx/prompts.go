package pbx

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/analogpbx/pbx/hal"
)

// LoadPrompts reads every prompt under dir/<lang>/<name>.wav into memory (8 kHz 16-bit
// mono). Files that are not readable prompts are reported in the returned error but do
// not stop the others from loading: a call then plays a tone where that prompt belongs.
func LoadPrompts(dir string, decode func(path string) ([]int16, error)) (MapPrompts, error) {
	m := MapPrompts{}
	langs, err := os.ReadDir(dir)
	if err != nil {
		return m, fmt.Errorf("prompts: %w", err)
	}
	var bad []string
	for _, l := range langs {
		if !l.IsDir() {
			continue
		}
		files, err := os.ReadDir(filepath.Join(dir, l.Name()))
		if err != nil {
			bad = append(bad, err.Error())
			continue
		}
		for _, f := range files {
			name, ok := strings.CutSuffix(f.Name(), ".wav")
			if !ok {
				continue
			}
			s, err := decode(filepath.Join(dir, l.Name(), f.Name()))
			if err != nil {
				bad = append(bad, err.Error())
				continue
			}
			m[l.Name()+"/"+name] = s
		}
	}
	if len(bad) > 0 {
		return m, fmt.Errorf("prompts: %s", strings.Join(bad, "; "))
	}
	return m, nil
}

// SetPrompt replaces (or adds) prompt name of language lang for every new use: an
// installer's own recording. samples is 8 kHz linear audio.
func (e *Engine) SetPrompt(lang, name string, samples []int16) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.custom[lang+"/"+name] = samples
}

// PromptInfo describes one prompt for the installer.
type PromptInfo struct {
	Lang    string  `json:"lang"`
	Name    string  `json:"name"`
	Seconds float64 `json:"seconds"`
	Custom  bool    `json:"custom"` // the installer's own recording replaces the shipped one
}

// PromptList lists the shipped and custom prompts, by language and name.
func (e *Engine) PromptList() []PromptInfo {
	e.mu.Lock()
	defer e.mu.Unlock()
	seen := map[string]PromptInfo{}
	if m, ok := e.prompts.(MapPrompts); ok {
		for k, v := range m {
			lang, name, _ := strings.Cut(k, "/")
			seen[k] = PromptInfo{Lang: lang, Name: name, Seconds: float64(len(v)) / 8000}
		}
	}
	for k, v := range e.custom {
		lang, name, _ := strings.Cut(k, "/")
		seen[k] = PromptInfo{Lang: lang, Name: name, Seconds: float64(len(v)) / 8000, Custom: true}
	}
	out := make([]PromptInfo, 0, len(seen))
	for _, p := range seen {
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Name != out[j].Name {
			return out[i].Name < out[j].Name
		}
		return out[i].Lang < out[j].Lang
	})
	return out
}

// PlayPrompt rings extension ext; when it answers, it hears prompt name in lang (the
// installer checking a recording), then busy tone. No call record is written.
func (e *Engine) PlayPrompt(ext, lang, name string) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	cfg := e.cfg.Load()
	s := e.channelByExt(cfg, ext)
	if s == nil || s.fxs == nil {
		return fmt.Errorf("pbx: no extension %s on an analog port", ext)
	}
	if s.state != Idle {
		return fmt.Errorf("pbx: extension %s is %s", ext, s.state)
	}
	audio := e.custom[lang+"/"+name]
	if audio == nil && e.prompts != nil {
		audio = e.prompts.Prompt(lang, name)
	}
	if len(audio) == 0 {
		return fmt.Errorf("pbx: no prompt %s in %s", name, lang)
	}
	e.seq++
	call := &Call{id: e.seq, playback: audio, done: true}
	s.ring(call, "", "")
	s.setTimer(tMaxRing, hal.Frames(cfg.System.MaxRing))
	return nil
}
