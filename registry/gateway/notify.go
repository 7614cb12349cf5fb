package gateway

import "github.com/causeway-dev/causeway/registry/feed"

// Subscription receives the keys of changed gateways (the gateway record or
// any of its routes), after the view has applied the change.
type Subscription = feed.Listener[Key]
