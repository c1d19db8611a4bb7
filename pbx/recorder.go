package pbx

import (
	"context"
	"log/slog"
	"sync"
)

// CDRStore is where finished call records are written (pbx/store implements it).
type CDRStore interface {
	AddCDR(ctx context.Context, c *CDR) (int64, error)
}

// AsyncRecorder queues call records from the frame loop and writes them to a CDRStore
// on its own goroutine, so a slow disk never stalls the audio. A record counts as
// saved once AddCDR returned; Flush waits for that.
type AsyncRecorder struct {
	store CDRStore
	log   *slog.Logger

	mu     sync.Mutex
	cond   *sync.Cond
	queue  []CDR
	busy   bool
	closed bool
}

// NewAsyncRecorder starts the writer goroutine; Close stops it after the queue drains.
func NewAsyncRecorder(s CDRStore, log *slog.Logger) *AsyncRecorder {
	r := &AsyncRecorder{store: s, log: log}
	r.cond = sync.NewCond(&r.mu)
	go r.loop()
	return r
}

// Record queues c; it never blocks.
func (r *AsyncRecorder) Record(c CDR) {
	r.mu.Lock()
	r.queue = append(r.queue, c)
	r.mu.Unlock()
	r.cond.Broadcast()
}

// Flush waits until every queued record has been written (or failed).
func (r *AsyncRecorder) Flush() {
	r.mu.Lock()
	for len(r.queue) > 0 || r.busy {
		r.cond.Wait()
	}
	r.mu.Unlock()
}

// Close drains the queue and stops the writer.
func (r *AsyncRecorder) Close() {
	r.Flush()
	r.mu.Lock()
	r.closed = true
	r.mu.Unlock()
	r.cond.Broadcast()
}

func (r *AsyncRecorder) loop() {
	for {
		r.mu.Lock()
		for len(r.queue) == 0 && !r.closed {
			r.cond.Wait()
		}
		if len(r.queue) == 0 && r.closed {
			r.mu.Unlock()
			return
		}
		c := r.queue[0]
		r.queue = r.queue[1:]
		r.busy = true
		r.mu.Unlock()
		if _, err := r.store.AddCDR(context.Background(), &c); err != nil && r.log != nil {
			r.log.Error("call record not saved", "err", err, "from", c.From, "to", c.To)
		}
		r.mu.Lock()
		r.busy = false
		r.mu.Unlock()
		r.cond.Broadcast()
	}
}
