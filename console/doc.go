// Package console serves Causeway's web console at /console/: a Preact
// single-page application whose source is in src/ and whose build (dist/,
// made by `make console`) is committed and embedded, so that building the
// binary needs Go alone.
//
// The assets are public: they hold no data. The console reads and writes
// through the public APIs (Nacos v1 login, the Nacos v3 admin API and
// /causeway/v1), each call carrying the token of the user who logged in, so
// it can do nothing that user could not do with curl.
package console
