//go:build !linux

package etcdtest

import "os/exec"

// dieWithParent has no portable form; elsewhere a shared cluster relies on
// Stop.
func dieWithParent(*exec.Cmd) {}
