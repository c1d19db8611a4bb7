package pbx

import "testing"

func TestOutsideComplete(t *testing.T) {
	tests := []struct {
		zone, num string
		want      Match
	}{
		{"us", "5551234", MaybeComplete},
		{"us", "2125551234", Complete},
		{"us", "12125551234", Complete},
		{"us", "911", Complete},
		{"us", "212555", More},
		{"cn", "13800138000", Complete},
		{"cn", "110", Complete},
		{"cn", "01012345678", MaybeComplete},
		{"cn", "075512345678", Complete},
		{"cn", "8888888", MaybeComplete},
		{"cn", "88888888", Complete},
		{"uk", "02079460000", Complete},
		{"uk", "0207946000", MaybeComplete},
		{"uk", "999", Complete},
		{"uk", "946000", MaybeComplete},
		{"de", "03012345678", MaybeComplete},
		{"de", "030123456789", Complete},
		{"de", "112", Complete},
		{"de", "0030", More},
	}
	for _, tt := range tests {
		t.Run(tt.zone+"/"+tt.num, func(t *testing.T) {
			if got := OutsideComplete(tt.zone, "", tt.num); got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}
