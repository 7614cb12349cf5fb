package etcdtest

import (
	"os/exec"
	"syscall"
)

// dieWithParent has the kernel kill the member when the test process
// exits, so a shared cluster never outlives a test binary that did not
// stop it (a panic, a timeout).
func dieWithParent(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
