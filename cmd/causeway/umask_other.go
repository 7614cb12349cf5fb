//go:build !unix

package main

// restrictUmask does nothing where there is no umask; prepareDataDir's
// chmod still applies to the files present at start.
func restrictUmask() {}
