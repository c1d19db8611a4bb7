package conf

import (
	"strings"
	"testing"

	"github.com/analogpbx/pbx/hal"
	"github.com/analogpbx/pbx/pbx"
)

// Deleting an extension that an IVR key still points to is refused at save, naming the key.
func TestDeleteExtensionUsedByIVRKey(t *testing.T) {
	base := pbx.Default(hal.Kinds(4, 1))
	c, err := Parse(strings.NewReader("[ivr main]\nkey 4 = ext:804\n"), "a.conf", base)
	if err != nil {
		t.Fatal(err)
	}
	_, err = Parse(strings.NewReader("[extension 804]\ndelete = yes\n"), "b.conf", c)
	if err == nil {
		t.Fatal("deleting extension 804 while ivr main key 4 points to it was accepted")
	}
	if !strings.Contains(err.Error(), "ivr main: key 4") {
		t.Errorf("error %q does not name the IVR key", err)
	}
}
