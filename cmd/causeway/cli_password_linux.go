package main

import (
	"os"
	"syscall"
	"unsafe"
)

// The ioctls pass a Termios by address, as the kernel's TCGETS and TCSETS
// want; the standard library has no other way (golang.org/x/term would be a
// new dependency for four lines).

// withoutEcho runs read with the terminal on stdin not echoing, so that a
// typed password is not shown; when stdin is no terminal it just reads.
func withoutEcho(read func() (string, error)) (string, error) {
	fd := os.Stdin.Fd()
	var old syscall.Termios
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, fd, syscall.TCGETS, uintptr(unsafe.Pointer(&old))); e != 0 { //nolint:gosec // G103: see above
		return read() // not a terminal
	}
	quiet := old
	quiet.Lflag &^= syscall.ECHO
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, fd, syscall.TCSETS, uintptr(unsafe.Pointer(&quiet))); e != 0 { //nolint:gosec // G103: see above
		return read()
	}
	defer func() {
		_, _, _ = syscall.Syscall(syscall.SYS_IOCTL, fd, syscall.TCSETS, uintptr(unsafe.Pointer(&old))) //nolint:gosec // G103: see above
		os.Stderr.WriteString("\n")                                                                     // the Enter the user typed was not echoed either
	}()
	return read()
}
