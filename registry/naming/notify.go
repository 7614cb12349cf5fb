package naming

import "github.com/causeway-dev/causeway/registry/feed"

// Listener receives the keys of changed services, after the index applied
// the change.
type Listener = feed.Listener[ServiceKey]

// Listen subscribes to service changes; Close the listener when done.
func (r *Registry) Listen() *Listener { return r.idx.feed.Listen() }
