package cid

import (
	"errors"
	"fmt"
	"time"
)

// Message types (first byte).
const (
	TypeSDMF    = 0x04 // SDMF caller ID
	TypeSDMFMWI = 0x06 // SDMF message waiting
	TypeMDMF    = 0x80 // MDMF caller ID
	TypeMDMFMWI = 0x82 // MDMF message waiting
)

// MDMF parameter types.
const (
	paramDateTime     = 0x01
	paramNumber       = 0x02
	paramDialled      = 0x03
	paramNumberAbsent = 0x04
	paramName         = 0x07
	paramNameAbsent   = 0x08
	paramMWI          = 0x0B
)

// Reasons a number or name is absent.
const (
	Unavailable = 'O' // out of area / unavailable
	Private     = 'P' // withheld by the caller
)

// Message is a caller ID or message-waiting message.
type Message struct {
	// Number and Name of the caller ("" when absent).
	Number, Name string
	// Time is the month, day, hour and minute the message carries (local time of the
	// network; the year is not sent, Decode sets year 0). The zero Time sends none.
	Time time.Time
	// NumberAbsent and NameAbsent give the reason a field is missing: 'O'
	// (unavailable), 'P' (private) or 0.
	NumberAbsent, NameAbsent byte
	// MWI is the message-waiting indication: -1 none, 0 off, 1 on. A message with MWI
	// 0 or 1 is a message-waiting message, not caller ID.
	MWI int
}

// maxField is the longest number or name a message carries.
const maxField = 64

// ErrChecksum reports a message whose checksum does not add up.
var ErrChecksum = errors.New("cid: bad checksum")

func checksum(b []byte) byte {
	var s byte
	for _, c := range b {
		s += c
	}
	return -s
}

// finish appends the checksum after setting the length byte.
func finish(b []byte) []byte {
	b[1] = byte(len(b) - 2)
	return append(b, checksum(b))
}

func clip(s string) string {
	if len(s) > maxField {
		return s[:maxField]
	}
	return s
}

func stamp(t time.Time) []byte {
	if t.IsZero() {
		return []byte("01010000")
	}
	return fmt.Appendf(nil, "%02d%02d%02d%02d", int(t.Month()), t.Day(), t.Hour(), t.Minute())
}

// EncodeSDMF returns the single-data-message-format bytes for m: type, length, body,
// checksum. Caller ID: MMDDHHMM then the number, or 'O'/'P' when absent (the name is
// not sent). With MWI 0 or 1 it is a message-waiting message (0x06).
func EncodeSDMF(m Message) []byte {
	if m.MWI == 0 || m.MWI == 1 {
		v := byte(0x6F)
		if m.MWI == 1 {
			v = 0x42
		}
		return finish([]byte{TypeSDMFMWI, 0, v, v, v})
	}
	b := append([]byte{TypeSDMF, 0}, stamp(m.Time)...)
	switch {
	case m.Number != "":
		b = append(b, clip(m.Number)...)
	case m.NumberAbsent == Private:
		b = append(b, Private)
	default:
		b = append(b, Unavailable)
	}
	return finish(b)
}

// EncodeMDMF returns the multiple-data-message-format bytes for m: type, length, the
// parameters (date and time when set, number or reason absent, name or reason
// absent), checksum. With MWI 0 or 1 it is a message-waiting message (0x82).
func EncodeMDMF(m Message) []byte {
	if m.MWI == 0 || m.MWI == 1 {
		v := byte(0)
		if m.MWI == 1 {
			v = 0xFF
		}
		return finish([]byte{TypeMDMFMWI, 0, paramMWI, 1, v})
	}
	b := []byte{TypeMDMF, 0}
	if !m.Time.IsZero() {
		b = append(b, paramDateTime, 8)
		b = append(b, stamp(m.Time)...)
	}
	param := func(t byte, v string) {
		b = append(b, t, byte(len(v)))
		b = append(b, v...)
	}
	switch {
	case m.Number != "":
		param(paramNumber, clip(m.Number))
	case m.NumberAbsent != 0:
		param(paramNumberAbsent, string(m.NumberAbsent))
	}
	switch {
	case m.Name != "":
		param(paramName, clip(m.Name))
	case m.NameAbsent != 0:
		param(paramNameAbsent, string(m.NameAbsent))
	}
	return finish(b)
}

// Decode parses an SDMF or MDMF message (type, length, body, checksum) and checks its
// checksum. Bytes after the checksum are ignored. Unknown MDMF parameters are skipped.
func Decode(b []byte) (Message, error) {
	m := Message{MWI: -1}
	if len(b) < 3 {
		return m, fmt.Errorf("cid: message of %d bytes is too short", len(b))
	}
	n := int(b[1])
	if len(b) < n+3 {
		return m, fmt.Errorf("cid: message truncated: length %d, %d bytes of body", n, len(b)-2)
	}
	b = b[:n+3]
	if checksum(b[:n+2]) != b[n+2] {
		return m, ErrChecksum
	}
	body := b[2 : n+2]
	switch b[0] {
	case TypeSDMF:
		if len(body) < 8 {
			return m, fmt.Errorf("cid: sdmf body of %d bytes has no date", len(body))
		}
		m.Time = parseStamp(body[:8])
		num := string(body[8:])
		if num == "O" || num == "P" {
			m.NumberAbsent = num[0]
		} else {
			m.Number = num
		}
	case TypeSDMFMWI:
		if len(body) < 1 {
			return m, errors.New("cid: empty message-waiting message")
		}
		m.MWI = 0
		if body[0] == 0x42 {
			m.MWI = 1
		}
	case TypeMDMF, TypeMDMFMWI:
		if err := decodeParams(&m, body); err != nil {
			return m, err
		}
	default:
		return m, fmt.Errorf("cid: unknown message type %#02x", b[0])
	}
	return m, nil
}

func decodeParams(m *Message, body []byte) error {
	for len(body) > 0 {
		if len(body) < 2 || len(body) < 2+int(body[1]) {
			return fmt.Errorf("cid: mdmf parameter %#02x truncated", body[0])
		}
		t, v := body[0], body[2:2+int(body[1])]
		body = body[2+int(body[1]):]
		switch t {
		case paramDateTime:
			if len(v) == 8 {
				m.Time = parseStamp(v)
			}
		case paramNumber:
			m.Number = string(v)
		case paramNumberAbsent:
			if len(v) > 0 {
				m.NumberAbsent = v[0]
			}
		case paramName:
			m.Name = string(v)
		case paramNameAbsent:
			if len(v) > 0 {
				m.NameAbsent = v[0]
			}
		case paramMWI:
			if len(v) > 0 {
				m.MWI = 0
				if v[0] != 0 {
					m.MWI = 1
				}
			}
		}
	}
	return nil
}

// parseStamp reads MMDDHHMM; fields that are not digits give the zero Time.
func parseStamp(v []byte) time.Time {
	var f [4]int
	for i := range f {
		a, b := v[2*i], v[2*i+1]
		if a < '0' || a > '9' || b < '0' || b > '9' {
			return time.Time{}
		}
		f[i] = int(a-'0')*10 + int(b-'0')
	}
	if f[0] < 1 || f[0] > 12 || f[1] < 1 || f[1] > 31 || f[2] > 23 || f[3] > 59 {
		return time.Time{}
	}
	return time.Date(0, time.Month(f[0]), f[1], f[2], f[3], 0, 0, time.UTC)
}
