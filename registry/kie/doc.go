// Package kie is Causeway's ServiceComb kie config store: key-value pairs
// ("kvs") scoped by project, each with up to six labels, a value type and a
// status, found by label (contains-all or exact), by key (exact,
// beginWith, wildcard) and status, with a per-project revision that list
// requests compare and long polls wait on.
//
// Writes go to the store in one guarded transaction (the kv, its
// key+labels uniqueness marker and the project's revision marker
// together); reads come from an in-memory view fed by the store's watch,
// and a write returns only once the view shows it, so a client that writes
// and then lists sees its own write. Import and export move many kvs at
// once with kie's override modes (force, abort, skip).
package kie
