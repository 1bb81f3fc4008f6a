package loadtest

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"fmt"
	"os"
	"strconv"
	"strings"
)

// The kernel reports a process's CPU time in clock ticks of USER_HZ
// (proc(5), /proc/PID/stat fields 14 and 15). USER_HZ is what
// sysconf(_SC_CLK_TCK) returns; Go has no sysconf without cgo, but the
// kernel hands every process the same value in its auxiliary vector
// (AT_CLKTCK), which /proc/self/auxv exposes. It is 100 on every Linux
// we know of; reading it costs nothing and says so when it is not.
const atClkTck = 17 // AT_CLKTCK in <elf.h>

// clockTicks returns USER_HZ and where it came from.
func clockTicks() (hz int, source string) {
	b, err := os.ReadFile("/proc/self/auxv")
	if err == nil {
		if v, ok := auxvValue(b, atClkTck); ok && v > 0 {
			return int(v), "auxv"
		}
	}
	return 100, "assumed"
}

// auxvValue finds key in an auxiliary vector of native-endian 64-bit
// (type, value) pairs ending with AT_NULL.
func auxvValue(b []byte, key uint64) (uint64, bool) {
	for len(b) >= 16 {
		k, v := binary.NativeEndian.Uint64(b), binary.NativeEndian.Uint64(b[8:])
		if k == 0 {
			break
		}
		if k == key {
			return v, true
		}
		b = b[16:]
	}
	return 0, false
}

// cpuTicks is utime+stime of pid, in clock ticks.
func cpuTicks(pid int) (uint64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	return parseStatTicks(b)
}

// parseStatTicks reads utime (field 14) and stime (field 15) of a
// /proc/PID/stat line. The command name (field 2) is in parentheses and may
// hold spaces and parentheses itself, so fields are counted after the last
// ')'.
func parseStatTicks(b []byte) (uint64, error) {
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return 0, fmt.Errorf("stat: no command name")
	}
	f := strings.Fields(string(b[i+1:]))
	// f[0] is field 3 (state), so field n is f[n-3].
	if len(f) < 13 {
		return 0, fmt.Errorf("stat: %d fields after the name, want at least 13", len(f))
	}
	utime, err1 := strconv.ParseUint(f[11], 10, 64)
	stime, err2 := strconv.ParseUint(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, fmt.Errorf("stat: utime %q stime %q", f[11], f[12])
	}
	return utime + stime, nil
}

// memory is what /proc/PID/status says about resident memory, in bytes:
// now (VmRSS) and the most ever (VmHWM); and of VmRSS, the anonymous
// pages (heap, stacks: RssAnon) and the pages of mapped files (mostly the
// executable itself: RssFile).
type memory struct{ rss, hwm, anon, file uint64 }

func readMemory(pid int) (memory, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return memory{}, err
	}
	return parseStatusMemory(b)
}

func parseStatusMemory(b []byte) (memory, error) {
	var m memory
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		name, rest, ok := strings.Cut(sc.Text(), ":")
		field := map[string]*uint64{"VmRSS": &m.rss, "VmHWM": &m.hwm, "RssAnon": &m.anon, "RssFile": &m.file}[name]
		if !ok || field == nil {
			continue
		}
		f := strings.Fields(rest) // "  12345 kB"
		if len(f) != 2 || f[1] != "kB" {
			return memory{}, fmt.Errorf("status: %s: %q", name, rest)
		}
		kb, err := strconv.ParseUint(f[0], 10, 64)
		if err != nil {
			return memory{}, fmt.Errorf("status: %s: %w", name, err)
		}
		*field = kb << 10
	}
	if m.rss == 0 || m.hwm == 0 {
		return memory{}, fmt.Errorf("status: no VmRSS or VmHWM")
	}
	return m, nil
}
