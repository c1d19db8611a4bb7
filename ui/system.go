package ui

import (
	"strconv"

	"github.com/analogpbx/pbx/pbx"
	"github.com/analogpbx/pbx/pbx/conf"
)

// Choices of the system settings.
var (
	zones           = []string{"us", "cn", "uk", "de"}
	languages       = []string{"en", "zh"}
	afterHoursModes = []string{"off", "announce", "voicemail", "forward"}
	escapes         = []string{"#", "##"}
)

func newSystem(a *App) screen {
	s := newSettingsScreen(a, "System", "System settings")
	s.rows = func(cfg *pbx.Config) [][2]string {
		y := cfg.System
		return [][2]string{
			{"Tone zone", y.Zone}, {"Language", y.Language}, {"Company", y.Company},
			{"Operator", y.Operator}, {"Access code", y.AccessCode}, {"Pickup code", y.PickupCode},
			{"Hotline escape", y.HotlineEscape}, {"Long-distance prefix", y.LongDistance},
			{"Max ring time", formatDur(y.MaxRing)}, {"Group ring time", formatDur(y.GroupRingTimeout)},
			{"First digit / between", formatDur(y.FirstDigit) + " / " + formatDur(y.InterDigit)},
			{"DND takes internal", formatBool(y.DNDInternal)}, {"DND takes transfers", formatBool(y.DNDTransfer)},
			{"Line calls go to", string(y.Incoming)},
			{"After hours", afterHoursModes[min(max(y.AfterHoursMode, 0), 3)] + " " + y.AfterHoursNumber},
			{"Recordings", y.RecordDir + " (keep " + keepText(y.RecordRetention) + ")"},
		}
	}
	s.edit = func() { systemForm(a).open() }
	return s
}

func keepText(n int) string {
	if n == 0 {
		return "all"
	}
	return strconv.Itoa(n)
}

// systemForm edits the box-wide settings.
func systemForm(a *App) *editForm {
	y := a.cfg.System
	incoming := string(y.Incoming)
	mode := afterHoursModes[min(max(y.AfterHoursMode, 0), 3)]
	f := newEditForm(a, "System settings", "system")
	f.choice("Tone zone", "zone", zones, &y.Zone)
	f.choice("Language", "language", languages, &y.Language)
	f.str("Company name", "company", &y.Company, nil)
	f.str("Operator extension", "operator", &y.Operator, checkOptNumber)
	f.str("Line access code", "access_code", &y.AccessCode, checkDigits)
	f.str("Pickup code", "pickup_code", &y.PickupCode, checkDial)
	f.str("Listen code", "listen_code", &y.ListenCode, checkDial)
	f.str("Whisper code", "whisper_code", &y.WhisperCode, checkDial)
	f.str("Barge code", "barge_code", &y.BargeCode, checkDial)
	f.str("Force-release code", "release_code", &y.ReleaseCode, checkDial)
	f.choice("Hotline escape", "hotline_escape", escapes, &y.HotlineEscape)
	f.str("Long-distance prefix", "long_distance", &y.LongDistance, checkDigits)
	f.dur("Max ring time", "max_ring", &y.MaxRing)
	f.dur("Group ring time", "group_ring_timeout", &y.GroupRingTimeout)
	f.dur("First digit wait", "first_digit", &y.FirstDigit)
	f.dur("Between digits", "inter_digit", &y.InterDigit)
	f.dur("Hook flash min", "flash_min", &y.FlashMin)
	f.dur("Hook flash max", "flash_max", &y.FlashMax)
	f.checkbox("DND takes internal", "dnd_internal", &y.DNDInternal)
	f.checkbox("DND takes transfers", "dnd_transfer", &y.DNDTransfer)
	f.str("Line calls go to", "incoming", &incoming, checkDest)
	f.choice("After hours", "after_hours", afterHoursModes, &mode)
	f.str("After-hours number", "after_hours_number", &y.AfterHoursNumber, checkDial)
	f.str("Recording folder", "record_dir", &y.RecordDir, nil)
	f.num("Keep recordings", "record_retention", &y.RecordRetention, true)
	f.buttons(nil)
	f.text = func() ([]byte, error) {
		y.Incoming = pbx.Destination(incoming)
		for i, m := range afterHoursModes {
			if m == mode {
				y.AfterHoursMode = i
			}
		}
		c := conf.Clone(a.cfg)
		c.System = y
		return sectionOf(c, "system"), nil
	}
	f.saved = func() { a.say("saved the system settings") }
	return f
}
