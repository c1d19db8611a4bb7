package dtmf

// Low group (rows) and high group (columns) frequencies in Hz (ITU-T Q.23).
var (
	rowFreqs = [4]float64{697, 770, 852, 941}
	colFreqs = [4]float64{1209, 1336, 1477, 1633}
	keypad   = [4][4]byte{
		{'1', '2', '3', 'A'},
		{'4', '5', '6', 'B'},
		{'7', '8', '9', 'C'},
		{'*', '0', '#', 'D'},
	}
)

// Freqs returns the low-group and high-group frequency in Hz of key d ('0'-'9', '*',
// '#', 'A'-'D'; lower-case a-d too). ok is false for any other byte.
func Freqs(d byte) (lo, hi float64, ok bool) {
	if d >= 'a' && d <= 'd' {
		d -= 'a' - 'A'
	}
	for r := range keypad {
		for c := range keypad[r] {
			if keypad[r][c] == d {
				return rowFreqs[r], colFreqs[c], true
			}
		}
	}
	return 0, 0, false
}
