// Package cluster is what the Causeway nodes sharing one store know of each
// other, and how they divide the work that only one of them may do.
//
// Every node holds a member record under cluster/members/<id>, attached to
// a lease it keeps alive: the members are the records present, so a node
// that dies (or loses the store) leaves the list when its lease runs out,
// and every node learns it from the watch. A node's id is the address its
// HTTP APIs are reached at (host:port), as a Nacos member's is.
//
// The one job that must be divided is checking HTTP clients' beats: a
// Nacos 1.x SDK sends each beat to any node of its server list, and the
// node that marks an instance unhealthy must have seen every beat. Each
// HTTP client belongs to one node, chosen by rendezvous hashing of the
// client's id over the live members (Owner): a node that receives a beat
// for a client it does not own relays it to the owner (Relay), in batches,
// over the owner's HTTP port, signed with a secret kept in the store. When
// members come or go, only the clients of the changed node move, and a
// node that takes a client over starts its beat clock afresh (the naming
// registry does), so instances are taken over, never expired en masse.
//
// Data needs nothing of this: every node reads every write through the
// store's watch.
package cluster
