//go:build unix

package main

import "syscall"

// restrictUmask makes new files 0600 and directories 0700 (a server has no
// business creating files others can read).
func restrictUmask() { syscall.Umask(0o077) }
