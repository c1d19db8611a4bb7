package pbx

import "strings"

// maxHops bounds the forwards and overflows one call follows. Configuration validation
// refuses loops; this bound stops a call that meets one anyway (a configuration changed
// in between, or set without validation), and the call is recorded as failed.
const maxHops = 8

// forwardLoop reports whether delivering call to extension n meets a forwarding loop:
// its forward-always chain comes back to an extension already on it or is longer than
// maxHops, or the call has already followed maxHops forwards. The call is then marked to
// be recorded as failed.
func (e *Engine) forwardLoop(cfg *Config, call *Call, n string) bool {
	call.hops++
	loop := call.hops > maxHops
	var seen [maxHops + 1]string
	for k := 0; !loop; k++ {
		x := cfg.ext(n)
		if x == nil || x.ForwardAlways == "" || cfg.ext(x.ForwardAlways) == nil {
			break
		}
		if k == len(seen) {
			loop = true
			break
		}
		seen[k] = n
		for _, s := range seen[:k+1] {
			loop = loop || s == x.ForwardAlways
		}
		n = x.ForwardAlways
	}
	if loop {
		e.markLoop(call, "forward-loop")
	}
	return loop
}

// overflowLoop counts an overflow of call and reports whether it went past maxHops (a
// group overflowing to itself, directly or through others).
func (e *Engine) overflowLoop(call *Call) bool {
	call.hops++
	if call.hops <= maxHops {
		return false
	}
	e.markLoop(call, "overflow-loop")
	return true
}

func (e *Engine) markLoop(call *Call, what string) {
	call.loop = true
	if !strings.Contains(call.cdr.Route, what) {
		call.cdr.Route = strings.TrimSpace(call.cdr.Route + " " + what)
	}
	e.log.Warn("call stopped at a loop", "call", call.id, "route", call.cdr.Route)
}
