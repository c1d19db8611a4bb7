// Package decode is the technician's `testbench decode` command: it reads a WAV
// recording and prints the DTMF keys, the caller ID message, or a timeline of the
// call-progress tones in it.
//
//	testbench decode dtmf FILE.wav              the keys, on one line
//	testbench decode cid [-std S] FILE.wav      the caller ID message (S: auto, bell202, v23, dtmf)
//	testbench decode tones [-zone Z] FILE.wav   a timeline of tones (Z: auto, us, cn, uk, de)
package decode

import (
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/analogpbx/pbx/dsp"
	"github.com/analogpbx/pbx/dsp/cid"
	"github.com/analogpbx/pbx/dsp/dtmf"
	"github.com/analogpbx/pbx/dsp/prompt"
	"github.com/analogpbx/pbx/dsp/tone"
)

const usage = `usage:
  testbench decode dtmf FILE.wav             print the DTMF keys found, on one line
  testbench decode cid [-std S] FILE.wav     print the caller ID message (S: auto, bell202, v23, dtmf)
  testbench decode tones [-zone Z] FILE.wav  print a timeline of call-progress tones (Z: auto, us, cn, uk, de)
`

// Run executes `testbench decode` with args (the words after "decode"), writing
// results to stdout and errors to stderr. It returns the exit status: 0 done, 1 the
// file could not be read or held nothing to decode (cid), 2 bad usage.
func Run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	kind := args[0]
	fs := flag.NewFlagSet("decode "+kind, flag.ContinueOnError)
	fs.SetOutput(stderr)
	zone := fs.String("zone", "auto", "tone zone: auto, "+strings.Join(tone.Names(), ", "))
	std := fs.String("std", "auto", "caller ID standard: auto, bell202, v23, dtmf")
	switch kind {
	case "dtmf", "cid", "tones":
	default:
		fmt.Fprintf(stderr, "testbench decode: unknown kind %q\n%s", kind, usage)
		return 2
	}
	if err := fs.Parse(args[1:]); err != nil {
		return 2
	}
	if fs.NArg() != 1 {
		fmt.Fprintf(stderr, "testbench decode %s: give one WAV file\n%s", kind, usage)
		return 2
	}
	file := fs.Arg(0)
	pcm, err := prompt.Load(file)
	if err != nil {
		fmt.Fprintf(stderr, "testbench decode %s: %v\n", kind, err)
		return 1
	}
	switch kind {
	case "dtmf":
		fmt.Fprintln(stdout, Keys(pcm))
		return 0
	case "cid":
		return printCID(pcm, *std, file, stdout, stderr)
	default:
		return printTones(pcm, *zone, stdout, stderr)
	}
}

// Keys returns the DTMF keys in pcm (8 kHz linear), in order.
func Keys(pcm []int16) string {
	d := dtmf.NewDetector()
	var out []byte
	for i := 0; i < len(pcm); i += dsp.FrameSize {
		if k, ok := d.Process(pcm[i:min(i+dsp.FrameSize, len(pcm))]); ok {
			out = append(out, k)
		}
	}
	return string(out)
}

var standards = map[string]tone.CIDStandard{"bell202": tone.Bell202, "v23": tone.V23, "dtmf": tone.DTMFCID}

// CallerID returns the first caller ID message in pcm with the standard it was sent
// in; std "auto" tries Bell 202, V.23 and DTMF.
func CallerID(pcm []int16, std string) (msg []byte, found tone.CIDStandard, err error) {
	try := []tone.CIDStandard{tone.Bell202, tone.V23, tone.DTMFCID}
	if std != "auto" {
		s, ok := standards[std]
		if !ok {
			return nil, 0, fmt.Errorf("unknown caller ID standard %q (want auto, bell202, v23, dtmf)", std)
		}
		try = []tone.CIDStandard{s}
	}
	for _, s := range try {
		d := cid.NewDemodulator(s)
		for i := 0; i < len(pcm); i += dsp.FrameSize {
			d.Feed(pcm[i:min(i+dsp.FrameSize, len(pcm))])
			if m, ok := d.Message(); ok {
				return append([]byte(nil), m...), s, nil
			}
		}
	}
	return nil, 0, nil
}

func printCID(pcm []int16, std, file string, stdout, stderr io.Writer) int {
	raw, s, err := CallerID(pcm, std)
	if err != nil {
		fmt.Fprintf(stderr, "testbench decode cid: %v\n", err)
		return 2
	}
	if raw == nil {
		fmt.Fprintf(stderr, "testbench decode cid: %s: no caller ID message found\n", file)
		return 1
	}
	m, err := cid.Decode(raw)
	if err != nil {
		fmt.Fprintf(stderr, "testbench decode cid: %s: %v\n", file, err)
		return 1
	}
	format := "sdmf"
	if raw[0]&0x80 != 0 {
		format = "mdmf"
	}
	fmt.Fprintf(stdout, "standard: %s\nformat: %s (type %#02x)\n", s, format, raw[0])
	if !m.Time.IsZero() {
		fmt.Fprintf(stdout, "time: %02d-%02d %02d:%02d\n", int(m.Time.Month()), m.Time.Day(), m.Time.Hour(), m.Time.Minute())
	}
	field := func(label, v string, absent byte) {
		switch {
		case v != "":
			fmt.Fprintf(stdout, "%s: %s\n", label, v)
		case absent == cid.Private:
			fmt.Fprintf(stdout, "%s: (private)\n", label)
		case absent == cid.Unavailable:
			fmt.Fprintf(stdout, "%s: (unavailable)\n", label)
		}
	}
	field("number", m.Number, m.NumberAbsent)
	field("name", m.Name, m.NameAbsent)
	if m.MWI >= 0 {
		fmt.Fprintf(stdout, "message waiting: %s\n", map[int]string{0: "off", 1: "on"}[m.MWI])
	}
	return 0
}

// Tones returns the timeline of pcm for zone ("auto": the zone whose tones explain the
// most of the recording).
func Tones(pcm []int16, zone string) (*tone.Zone, []tone.Span, error) {
	names := tone.Names()
	if zone != "auto" {
		names = []string{zone}
	}
	var bestZ *tone.Zone
	var best []tone.Span
	bestScore := -1.0
	for _, n := range names {
		z, err := tone.Lookup(n)
		if err != nil {
			return nil, nil, err
		}
		spans := tone.Timeline(z, pcm)
		var score float64
		for _, s := range spans {
			switch s.Name {
			case "silence", "sound", "tone":
			default:
				score += (s.End - s.Start).Seconds()
			}
		}
		if score > bestScore {
			bestZ, best, bestScore = z, spans, score
		}
	}
	return bestZ, best, nil
}

func printTones(pcm []int16, zone string, stdout, stderr io.Writer) int {
	z, spans, err := Tones(pcm, zone)
	if err != nil {
		fmt.Fprintf(stderr, "testbench decode tones: %v\n", err)
		return 2
	}
	fmt.Fprintf(stdout, "zone %s\n", z.Name)
	for _, s := range spans {
		fmt.Fprintf(stdout, "%8.2fs %8.2fs  %s\n", s.Start.Seconds(), s.End.Seconds(), s.Name)
	}
	return 0
}
