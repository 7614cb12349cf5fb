package governance

import "github.com/causeway-dev/causeway/registry/feed"

// Subscription receives the projects whose rules changed (a rule or a
// service's route rules), after the view has applied the change; the
// control plane then takes a new Snapshot.
type Subscription = feed.Listener[string]
