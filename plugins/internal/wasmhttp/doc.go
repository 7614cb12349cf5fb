// Package wasmhttp holds the HTTP pieces the shipped plugins share, so
// they answer and validate alike: local JSON answers, and header name and
// value checks for configurations.
package wasmhttp
