// Package conf reads and writes the configuration as text: the format of
// `pbx config export` and `pbx config import`, and of the testbench's `config FILE`
// step.
//
// # Format
//
// The file is INI-like, one section per object, documented key by key in
// docs/CONFIG.md:
//
//	# comment (a line whose first non-blank character is # or ;)
//	[system]
//	zone = us
//	access_code = 9
//	[line 1]
//	port = 5
//	[extension 801]
//	port = 1
//	forward_busy = 802
//	lines = 1,2
//	[group 600]
//	members = 801,802
//	[ivr main]
//	key 0 = operator
//	[hours]
//	mon = 09:00-18:00
//
// Keys are snake_case; durations are written like 4s or 500ms; lists are
// comma-separated; booleans are yes or no. A value runs from after the first "="
// to the end of the line, without surrounding spaces (there are no trailing
// comments). `delete = yes` in a line, extension, group or ivr section removes that
// object.
//
// # Merging
//
// Parse merges a file over a base configuration: a section's keys override that
// object's fields, a section for a new object adds it starting from the defaults of
// its kind, and the result must pass (*pbx.Config).ValidateUpdate against the base.
// Any bad line, unknown key or invalid result refuses the whole file.
//
// Export writes every key of every object in a fixed order, so that
// Export(Parse(Export(c))) == Export(c) and Parse(Export(c)) deep-equals a valid,
// canonical c (objects sorted, empty lists and maps nil).
package conf
