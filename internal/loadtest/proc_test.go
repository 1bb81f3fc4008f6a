package loadtest

import (
	"encoding/binary"
	"os"
	"strings"
	"testing"
)

func TestParseStatTicks(t *testing.T) {
	// A command name with a space and a ')' in it: fields are counted from
	// the last ')'.
	line := "4242 (on board) ) S 1 4242 4242 0 -1 4194560 1201 0 0 0 734 266 0 0 20 0 9 0 1234 1000000 5000 18446744073709551615\n"
	got, err := parseStatTicks([]byte(line))
	if err != nil {
		t.Fatal(err)
	}
	if got != 734+266 {
		t.Errorf("got %d ticks, want utime+stime = 1000", got)
	}
	if _, err := parseStatTicks([]byte("4242 (x) S 1 2")); err == nil {
		t.Error("a truncated line parsed")
	}
}

func TestParseStatusMemory(t *testing.T) {
	status := "Name:\tonboard\nVmPeak:\t 1300000 kB\nVmHWM:\t   30720 kB\nVmRSS:\t   20480 kB\n" +
		"RssAnon:\t    5120 kB\nRssFile:\t   15360 kB\nThreads:\t9\n"
	got, err := parseStatusMemory([]byte(status))
	if err != nil {
		t.Fatal(err)
	}
	if got.rss != 20<<20 || got.hwm != 30<<20 || got.anon != 5<<20 || got.file != 15<<20 {
		t.Errorf("got rss %d hwm %d anon %d file %d, want 20, 30, 5 and 15 MiB", got.rss, got.hwm, got.anon, got.file)
	}
	if _, err := parseStatusMemory([]byte("Name:\tx\n")); err == nil {
		t.Error("a status without VmRSS parsed")
	}
}

func TestAuxvValue(t *testing.T) {
	var b []byte
	for _, kv := range [][2]uint64{{6, 4096}, {atClkTck, 250}, {0, 0}, {atClkTck, 1}} {
		b = binary.NativeEndian.AppendUint64(b, kv[0])
		b = binary.NativeEndian.AppendUint64(b, kv[1])
	}
	if v, ok := auxvValue(b, atClkTck); !ok || v != 250 {
		t.Errorf("got %d %v, want 250 (and nothing after AT_NULL)", v, ok)
	}
	if _, ok := auxvValue(b, 99); ok {
		t.Error("found a key that is not there")
	}
}

// On this machine the real files parse and agree with what the process is.
func TestProcOfThisProcess(t *testing.T) {
	if _, err := os.Stat("/proc/self/stat"); err != nil {
		t.Skip("no /proc")
	}
	if hz, src := clockTicks(); hz <= 0 || src != "auxv" {
		t.Errorf("clock ticks %d from %s, want a positive value from auxv", hz, src)
	}
	if _, err := cpuTicks(os.Getpid()); err != nil {
		t.Error(err)
	}
	m, err := readMemory(os.Getpid())
	if err != nil {
		t.Fatal(err)
	}
	if m.hwm < m.rss {
		t.Errorf("VmHWM %d below VmRSS %d", m.hwm, m.rss)
	}
}

func TestExpandCPUList(t *testing.T) {
	for list, want := range map[string]string{"0-1": "0 1", "0": "0", "0,2-4,7": "0 2 3 4 7", "x": ""} {
		if got := strings.Join(expandCPUList(list), " "); got != want {
			t.Errorf("expandCPUList(%q) = %q, want %q", list, got, want)
		}
	}
}
