package nacoswire

import (
	"github.com/causeway-dev/causeway/registry"
	"github.com/causeway-dev/causeway/registry/naming"
)

// Codes of a beat answer (Nacos ResponseCode.OK and
// NamingResponseCode.RESOURCE_NOT_FOUND).
const (
	BeatOK       = 10200
	BeatNotFound = 20404
)

// BeatReply is the bare object a beat answers, in Nacos's field order.
type BeatReply struct {
	ClientBeatInterval int64 `json:"clientBeatInterval"`
	Code               int   `json:"code"`
	LightBeatEnabled   bool  `json:"lightBeatEnabled"`
}

// NewBeatReply turns the outcome of Registry.Beat into the answer. A light
// beat (one without the instance) of an unknown instance is no error: it
// answers code 20404, which tells the client to register. Any other error
// is passed on.
func NewBeatReply(res naming.BeatResult, err error, light bool, sw naming.Switches) (BeatReply, error) {
	code := BeatOK
	if light && registry.KindOf(err) == registry.KindInstanceNotFound {
		code, err = BeatNotFound, nil
	}
	if err != nil {
		return BeatReply{}, err
	}
	return BeatReply{
		ClientBeatInterval: res.Interval.Milliseconds(),
		Code:               code,
		LightBeatEnabled:   sw.LightBeatEnabled,
	}, nil
}
