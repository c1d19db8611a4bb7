package ui

import (
	"os"
	"testing"
	"time"

	"github.com/gdamore/tcell/v2"
)

func TestDebugDump(t *testing.T) {
	if os.Getenv("DUMP") == "" {
		t.Skip()
	}
	d := startDaemon(t, true, nil)
	u := startUI(t, d.c)
	u.waitFor("804")
	for _, k := range os.Getenv("DUMP") {
		switch k {
		case 'E':
			u.key(tcell.KeyEnter)
		case 'T':
			u.key(tcell.KeyTab)
		case 'X':
			u.key(tcell.KeyEscape)
		case 'S':
			u.key(tcell.KeyCtrlS)
		default:
			u.typeText(string(k))
		}
		time.Sleep(100 * time.Millisecond)
		t.Log(string(k) + "\n" + u.text())
	}
}
