package index

import (
	"sync"

	"github.com/causeway-dev/causeway/registry/naming"
)

// A changed service enters a snapshot unread: its instances are read from
// the registry when a translator first asks for it, once per snapshot
// however many nodes translate it, and never when no node does. Reading a
// service copies its sorted instance list, and during a burst of
// registrations spread over many large services the index used to read
// every changed service each time it woke: the service's size per change,
// and all of it wasted without connected nodes. The read may see changes
// newer than the snapshot: they are in the feed already, and the next
// snapshot reads the service again.
type lazyRead struct {
	once sync.Once
	reg  *naming.Registry
}

// lazyService answers service k, to be read on first use.
func (x *Index) lazyService(k naming.ServiceKey) *Service {
	return &Service{Key: k, lazy: &lazyRead{reg: x.reg}}
}

// read fills a lazy service on first use and answers it (nil-safe). A
// service gone meanwhile reads as one without instances.
func (s *Service) read() *Service {
	if s == nil || s.lazy == nil {
		return s
	}
	s.lazy.once.Do(func() {
		v, err := s.lazy.reg.GetService(s.Key)
		if err != nil {
			return
		}
		s.Version, s.Metadata, s.ProtectThreshold, s.Instances = v.Version, v.Service.Metadata,
			v.Service.ProtectThreshold, v.Instances
	})
	return s
}
