package tone

import (
	"github.com/analogpbx/pbx/dsp/prompt"
)

func loadPrompt(lang, name string) ([]int16, error) {
	return prompt.Load("../../prompts/" + lang + "/" + name + ".wav")
}
