package main

import (
	"net/http"
	"net/http/pprof"
)

// profiler serves Go's profiles, for measuring the real binary under load
// (issue 16's curves were found this way). It has no authentication, so
// --debug-addr is off by default and meant for loopback.
func profiler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	return mux
}
