// Package ui is the installer's terminal UI: a live dashboard of the ports, list and
// form screens for every part of the configuration, the call records with ratings
// per agent, a first-boot wizard and, on the simulated board, a testbench panel that
// lifts handsets, dials and rings exchange lines.
//
// The UI is a client of the daemon's control API (pbx/api): it never touches the
// call core directly, so `pbx ui` attaches to a running pbxd and leaves it running
// on exit, and `pbxd -ui` runs the same UI over its own socket.
//
// # Screens and keys
//
// The tab bar on the second line names the screens; outside a form the digit keys
// switch between them (1 dashboard ... 0 testbench). Every screen ends with a key
// help bar. In a list, Enter edits the selected row, a adds, d deletes; in a form,
// Tab and the arrow keys move between fields, Ctrl-S saves and Esc cancels. q (outside
// a form), F10 and Ctrl-C quit. docs/UI.md shows captures of each screen.
//
// # Saving
//
// A form edits a copy of one object. Each field is checked as it is typed (digits,
// durations, times) and its message is shown next to it. Save sends only that
// object's section of the configuration text to the daemon, which validates the
// whole result and applies it in one transaction or refuses it with the field's
// reason; that reason is then shown next to the field as well.
package ui
