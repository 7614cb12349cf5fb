// Package plugintest drives a plugin through the SDK's host emulator
// (proxytest) the way Envoy would: start it with a pluginConfig, then send
// one request and its response. It keeps the plugins' test tables about
// cases rather than emulator plumbing.
//
// The emulator exists only off wasm, so everything but this comment is
// built with the !wasm tag; a wasm build of the plugins sees an empty
// package.
package plugintest
