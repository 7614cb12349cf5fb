package xds

import (
	"strings"
	"time"
)

// Nack is a node's refusal of one version of one type: the version (for a
// delta stream, the response nonce) it refused, its error text and when.
type Nack struct {
	Version string    `json:"version"`
	Error   string    `json:"error"`
	At      time.Time `json:"at"`
}

// request is what one discovery request says of the type it names:
// applied is the version (delta: nonce) the node now runs, nonce the
// response it answers, nack its error when it refused that response, less
// the surrounding white space (Envoy ends its messages with a newline).
type request struct {
	typeURL, applied, nonce, nack string
}

// sotwRequest reads a state-of-the-world request. Its version_info is the
// version the node runs, also in a NACK, so the refused version is the one
// of the response the nonce names.
func sotwRequest(typeURL, version, nonce, nack string) request {
	return request{typeURL: typeURL, applied: version, nonce: nonce, nack: strings.TrimSpace(nack)}
}

// deltaRequest reads a delta request: its nonce is both what it ACKs and,
// in a NACK, what it refused.
func deltaRequest(typeURL, nonce, nack string) request {
	applied, nack := nonce, strings.TrimSpace(nack)
	if nack != "" {
		applied = ""
	}
	return request{typeURL: typeURL, applied: applied, nonce: nonce, nack: nack}
}

// note records r in st: a NACK per type, kept until the type is ACKed at a
// version the node did not run before (neither the one refused nor the one
// it kept running); a request naming a version it already runs, such as a
// state-of-the-world resubscription after a NACK, clears nothing. A NACK of
// a response since superseded by another (its nonce is not the last sent)
// says nothing of the version in flight and is left out of Nacks.
func (st *nodeState) note(r request, at time.Time) {
	s := &st.status
	if r.nack != "" {
		s.LastNack = r.typeURL + ": " + r.nack
		if r.nonce == st.sentNonce[r.typeURL] {
			s.Nacks[r.typeURL] = Nack{Version: s.Sent[r.typeURL], Error: r.nack, At: at}
		}
		return
	}
	if r.applied == "" {
		return
	}
	if n, ok := s.Nacks[r.typeURL]; ok && r.applied != n.Version && r.applied != s.Acked[r.typeURL] {
		delete(s.Nacks, r.typeURL)
	}
	s.Acked[r.typeURL] = r.applied
}

// sent records a response: its version (delta: nonce) and nonce.
func (st *nodeState) sent(typeURL, version, nonce string) {
	st.status.Sent[typeURL] = version
	st.sentNonce[typeURL] = nonce
}
