package api

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"regexp"

	"github.com/analogpbx/pbx/dsp/prompt"
	"github.com/analogpbx/pbx/pbx"
)

// promptName is what a prompt may be called: it becomes a file name.
var promptName = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,40}$`)

// maxPrompt is the largest prompt file accepted (about 5 minutes of 16-bit audio).
const maxPrompt = 5 << 20

func (s *Server) listPrompts(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, s.Eng.PromptList())
}

// putPrompt validates a WAV file and makes it prompt {name} of language {lang}: saved
// under PromptDir (temp file, fsync, rename) and used by every new call at once.
func (s *Server) putPrompt(w http.ResponseWriter, r *http.Request) {
	lang, name := r.PathValue("lang"), r.PathValue("name")
	if lang != "en" && lang != "zh" {
		httpError(w, http.StatusBadRequest, fmt.Errorf("prompt %s: language %q: use en or zh", name, lang))
		return
	}
	if !promptName.MatchString(name) {
		httpError(w, http.StatusBadRequest, fmt.Errorf("prompt %q: a name is lower-case letters, digits and '-'", name))
		return
	}
	b, err := io.ReadAll(io.LimitReader(r.Body, maxPrompt+1))
	if err != nil {
		httpError(w, http.StatusBadRequest, err)
		return
	}
	if len(b) > maxPrompt {
		httpError(w, http.StatusBadRequest, fmt.Errorf("prompt %s: larger than %d bytes", name, maxPrompt))
		return
	}
	samples, err := prompt.ParseWAV(b, name)
	if err != nil {
		httpError(w, http.StatusBadRequest, err)
		return
	}
	if len(samples) < 800 {
		httpError(w, http.StatusBadRequest, fmt.Errorf("prompt %s: only %d ms of audio", name, len(samples)/8))
		return
	}
	if s.PromptDir == "" {
		httpError(w, http.StatusInternalServerError, errors.New("no folder for custom prompts"))
		return
	}
	path := filepath.Join(s.PromptDir, lang, name+".wav")
	if err := pbx.WriteFileDurably(path, prompt.EncodeWAV(samples, prompt.PCM16)); err != nil {
		httpError(w, http.StatusInternalServerError, err)
		return
	}
	s.Eng.SetPrompt(lang, name, samples)
	w.WriteHeader(http.StatusNoContent)
}

// Prompts lists the prompts with their lengths.
func (c *Client) Prompts(ctx context.Context) ([]pbx.PromptInfo, error) {
	var out []pbx.PromptInfo
	return out, c.do(ctx, "GET", "/v1/prompts", nil, &out)
}

// ImportPrompt sends a WAV file to become prompt name of language lang; the daemon
// refuses a file that is not a readable prompt, with the reason.
func (c *Client) ImportPrompt(ctx context.Context, lang, name string, wav []byte) error {
	return c.do(ctx, "PUT", "/v1/prompts/"+lang+"/"+name, bytes.NewReader(wav), nil)
}

// playPrompt rings the extension in the ?ext= parameter and plays the prompt when it answers.
func (s *Server) playPrompt(w http.ResponseWriter, r *http.Request) {
	ext := r.URL.Query().Get("ext")
	if ext == "" {
		httpError(w, http.StatusBadRequest, fmt.Errorf("play: which extension? (?ext=801)"))
		return
	}
	if err := s.Eng.PlayPrompt(ext, r.PathValue("lang"), r.PathValue("name")); err != nil {
		httpError(w, http.StatusBadRequest, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// PlayPrompt rings extension ext, which hears prompt name of language lang when it answers.
func (c *Client) PlayPrompt(ctx context.Context, lang, name, ext string) error {
	return c.do(ctx, "POST", "/v1/prompts/"+lang+"/"+name+"/play?ext="+url.QueryEscape(ext), nil, nil)
}
