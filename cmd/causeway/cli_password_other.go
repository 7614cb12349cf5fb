//go:build !linux

package main

// withoutEcho reads as is where turning echo off is not implemented.
func withoutEcho(read func() (string, error)) (string, error) { return read() }
