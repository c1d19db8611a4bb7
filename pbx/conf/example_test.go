package conf_test

import (
	"fmt"
	"os"
	"strings"

	"github.com/analogpbx/pbx/hal"
	"github.com/analogpbx/pbx/pbx"
	"github.com/analogpbx/pbx/pbx/conf"
)

// A scenario's configuration merged over the factory default of a 2 FXS + 1 FXO card.
func ExampleParse() {
	base := pbx.Default(hal.Kinds(2, 1))
	file := `
[extension 801]
forward_busy = 802
[extension 802]
forwrd_busy = 801
`
	_, err := conf.Parse(strings.NewReader(file), "site.conf", base)
	fmt.Println(err)

	c, err := conf.Parse(strings.NewReader(strings.Replace(file, "forwrd", "forward", 1)), "site.conf", base)
	fmt.Println(c, err)
	// Output:
	// site.conf:5: extension 802: unknown key "forwrd_busy"
	// <nil> site.conf:3: extension 801: forward_busy: forward loop 801 → 802 → 801
}

// The canonical text of the factory default for one phone and one line.
func ExampleExport() {
	os.Stdout.Write(conf.Export(pbx.Default([]hal.Kind{hal.KindFXS, hal.KindFXO})))
}
