module github.com/analogpbx/pbx

go 1.26

require (
	github.com/gdamore/tcell/v2 v2.13.10
	github.com/gen2brain/alsa v0.6.0
	github.com/mattn/go-sqlite3 v1.14.53
	github.com/rivo/tview v0.42.0
	github.com/zaf/g711 v1.4.0
	periph.io/x/conn/v3 v3.7.2
	periph.io/x/host/v3 v3.8.5
)

require (
	github.com/gdamore/encoding v1.0.1 // indirect
	github.com/lucasb-eyer/go-colorful v1.3.0 // indirect
	github.com/rivo/uniseg v0.4.7 // indirect
	golang.org/x/sys v0.38.0 // indirect
	golang.org/x/term v0.37.0 // indirect
	golang.org/x/text v0.31.0 // indirect
)
