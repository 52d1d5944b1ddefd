package symbols

import (
	"strings"
	"testing"
)

func TestWrongTypeSaysWhatIsWanted(t *testing.T) {
	_, err := ParseFile("s.toml", []byte("[US30m]\npreset = \"index\"\nvolume_min = \"a\"\n"))
	if err == nil || !strings.Contains(err.Error(), "s.toml:3:") || !strings.Contains(err.Error(), "volume_min: want a number, got a TOML string") {
		t.Fatalf("err = %v, want the line and \"volume_min: want a number, got a TOML string\"", err)
	}
}
