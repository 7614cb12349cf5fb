// Package e2e holds the end-to-end tests: they build the real causeway
// binary, start it on free loopback ports with its own data directory, and
// drive it with real client libraries and plain HTTP.
package e2e
