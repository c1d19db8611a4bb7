package conf

import (
	"bytes"
	"github.com/analogpbx/pbx/hal"
	"reflect"
	"strings"
	"testing"

	"github.com/analogpbx/pbx/pbx"
)

// FuzzParse checks that Parse never panics and that whatever it accepts survives
// a round trip: Export(c) parses back to c, and exports to the same bytes.
func FuzzParse(f *testing.F) {
	f.Add([]byte(sample))
	f.Add(Export(pbx.Default(hal.Kinds(4, 4))))
	f.Add(Export(rich()))
	f.Add([]byte("[extension 801]\nforward_busy = 802\n[extension 802]\nforward_busy = 801\n"))
	f.Add([]byte("[ivr sub]\nkey 1 = ivr:main\nkey # = back\ndefault = ivr:main\n[extension 804]\ndelete = yes\n"))
	f.Add([]byte("\ufeff[ line 01 ]\r\nname = x\r\n[hours]\nmon = 09:00-12:00, 13:00-18:00\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		base := pbx.Default(hal.Kinds(4, 4))
		c, err := Parse(bytes.NewReader(data), "fuzz.conf", base)
		if err != nil {
			if c != nil {
				t.Fatalf("Parse returned a config and error %v", err)
			}
			if !strings.HasPrefix(err.Error(), "fuzz.conf") {
				t.Fatalf("error %q does not name the file", err)
			}
			return
		}
		text := Export(c)
		c2, err := Parse(bytes.NewReader(text), "export.conf", nil)
		if err != nil {
			t.Fatalf("Parse(Export(Parse(x))) = %v\n%s", err, text)
		}
		if !reflect.DeepEqual(c, c2) {
			t.Fatalf("Parse(Export(c)) != c:\n%s", text)
		}
		if again := Export(c2); !bytes.Equal(again, text) {
			t.Fatalf("export not stable:\n%s\nthen\n%s", text, again)
		}
	})
}
