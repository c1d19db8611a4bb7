package pbx

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
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
