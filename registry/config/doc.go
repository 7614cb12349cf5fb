// Package config is Causeway's config centre: configs keyed by namespace
// (tenant), group and dataId, each publish and delete recorded in a history,
// and long polling that wakes a waiting client as soon as a config it
// listens to changes.
//
// Writes go to the store in one guarded transaction (the config and its
// history record together); reads come from an in-memory view fed by the
// store's watch, and a write returns only once the view shows it, so a
// client that publishes and then reads sees its own write.
//
// A tenant's namespace (a CSE engine's) holds at most its limit of
// configs: Publish, and so every dialect and the import, refuses a new
// one past it (quota.go).
package config
