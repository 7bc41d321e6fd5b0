package main

import (
	"sync"

	"github.com/emiago/sipgo/sip"
)

// answerWaiters routes responses to the requests Dialtone originates
// outside calls (OPTIONS pings, REGISTER to providers) to whoever waits
// for them, by Call-ID; the waiter checks branch and CSeq.
type answerWaiters struct {
	method sip.RequestMethod
	mu     sync.Mutex
	m      map[string]chan *sip.Response
}

func newAnswerWaiters(method sip.RequestMethod) *answerWaiters {
	return &answerWaiters{method: method, m: map[string]chan *sip.Response{}}
}

// wait starts taking responses on callID; done stops it.
func (w *answerWaiters) wait(callID string) (answers <-chan *sip.Response, done func()) {
	ch := make(chan *sip.Response, 4)
	w.mu.Lock()
	w.m[callID] = ch
	w.mu.Unlock()
	return ch, func() {
		w.mu.Lock()
		delete(w.m, callID)
		w.mu.Unlock()
	}
}

// deliver hands res to its waiter and reports whether it had one.
func (w *answerWaiters) deliver(res *sip.Response) bool {
	cid, cseq := res.CallID(), res.CSeq()
	if cid == nil || cseq == nil || cseq.MethodName != w.method {
		return false
	}
	w.mu.Lock()
	ch, ok := w.m[cid.Value()]
	w.mu.Unlock()
	if !ok {
		return false
	}
	select {
	case ch <- res:
	default: // a burst of retransmitted answers: one is enough
	}
	return true
}

// len is how many requests are waiting for an answer.
func (w *answerWaiters) len() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return len(w.m)
}
