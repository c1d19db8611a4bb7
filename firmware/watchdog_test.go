package firmware

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestWatchdogFeedsWhileAliveAndDisarmsOnStop(t *testing.T) {
	dev := filepath.Join(t.TempDir(), "watchdog")
	os.WriteFile(dev, nil, 0o600)
	w := &Watchdog{Path: dev, Every: 5 * time.Millisecond, Stale: time.Second}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Millisecond)
	defer cancel()
	err := w.Run(ctx, Beat{"frames", time.Now})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(dev)
	if len(b) < 5 || !strings.HasSuffix(string(b), "V") {
		t.Errorf("device got %q: want several feeds and the magic close", b)
	}
}

func TestWatchdogStopsFeedingWhenAHeartbeatIsStale(t *testing.T) {
	dev := filepath.Join(t.TempDir(), "watchdog")
	os.WriteFile(dev, nil, 0o600)
	var last atomic.Int64
	last.Store(time.Now().UnixNano())
	w := &Watchdog{Path: dev, Every: 5 * time.Millisecond, Stale: 30 * time.Millisecond}
	start := time.Now()
	err := w.Run(context.Background(), Beat{"api", time.Now},
		Beat{"frames", func() time.Time { return time.Unix(0, last.Load()) }}) // frames stop at once
	if err == nil || !strings.Contains(err.Error(), "frames") {
		t.Fatalf("err = %v, want the stale subsystem named", err)
	}
	if el := time.Since(start); el > time.Second {
		t.Errorf("stale heartbeat noticed after %v", el)
	}
	b, _ := os.ReadFile(dev)
	if strings.Contains(string(b), "V") {
		t.Error("the device was disarmed although the call core is wedged")
	}
}

func TestWatchdogMissingDevice(t *testing.T) {
	w := &Watchdog{Path: filepath.Join(t.TempDir(), "none")}
	if err := w.Run(context.Background()); err == nil || !strings.Contains(err.Error(), "watchdog") {
		t.Errorf("err = %v", err)
	}
}
