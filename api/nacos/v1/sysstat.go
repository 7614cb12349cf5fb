package v1

import (
	"bufio"
	"bytes"
	"os"
	"strconv"
	"strings"
	"sync"
)

// The host figures of operator/metrics, read from /proc as Nacos reads them
// from the JVM's OperatingSystemMXBean. Where /proc is missing they are 0.

// cpuSampler answers the share of CPU time the machine spent busy since the
// previous call (since boot on the first), without sleeping in a request.
type cpuSampler struct {
	mu          sync.Mutex
	busy, total uint64
}

func newCPUSampler() *cpuSampler { return &cpuSampler{} }

func (c *cpuSampler) usage() float64 {
	busy, total, ok := readCPUTimes()
	if !ok {
		return 0
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	dBusy, dTotal := busy-c.busy, total-c.total
	if busy < c.busy || total <= c.total {
		dBusy, dTotal = busy, total // counters reset or no time passed
	}
	c.busy, c.total = busy, total
	if dTotal == 0 {
		return 0
	}
	return float64(dBusy) / float64(dTotal)
}

// readCPUTimes reads the aggregate "cpu" line of /proc/stat: idle and
// iowait count as idle, everything else as busy.
func readCPUTimes() (busy, total uint64, ok bool) {
	data, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 0, 0, false
	}
	line, _, _ := bytes.Cut(data, []byte("\n"))
	fields := strings.Fields(string(line))
	if len(fields) < 5 || fields[0] != "cpu" {
		return 0, 0, false
	}
	var idle uint64
	for i, f := range fields[1:] {
		n, err := strconv.ParseUint(f, 10, 64)
		if err != nil {
			return 0, 0, false
		}
		total += n
		if i == 3 || i == 4 { // idle, iowait
			idle += n
		}
	}
	return total - idle, total, true
}

// loadAverage is the one-minute load average.
func loadAverage() float64 {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return 0
	}
	fields := strings.Fields(string(data))
	if len(fields) == 0 {
		return 0
	}
	v, err := strconv.ParseFloat(fields[0], 64)
	if err != nil {
		return 0
	}
	return v
}

// memoryUsage is the share of physical memory in use (1 - available/total).
func memoryUsage() float64 {
	f, err := os.Open("/proc/meminfo")
	if err != nil {
		return 0
	}
	defer f.Close()
	var total, avail float64
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) < 2 {
			continue
		}
		v, err := strconv.ParseFloat(fields[1], 64)
		if err != nil {
			continue
		}
		switch fields[0] {
		case "MemTotal:":
			total = v
		case "MemAvailable:":
			avail = v
		}
	}
	if total <= 0 || avail > total {
		return 0
	}
	return 1 - avail/total
}
