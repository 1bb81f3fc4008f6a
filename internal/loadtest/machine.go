package loadtest

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
)

// machine is what the numbers were measured on.
type machine struct {
	cpus      int    // CPUs this process may use (nproc)
	model     string // /proc/cpuinfo "model name"
	goVersion string
	clkTck    int
	clkSource string // "auxv" or "assumed"
	loadStart string // /proc/loadavg's 1, 5 and 15 minute averages
	loadEnd   string
}

func describeMachine() machine {
	hz, src := clockTicks()
	return machine{cpus: runtime.NumCPU(), model: cpuModel(), goVersion: runtime.Version(),
		clkTck: hz, clkSource: src, loadStart: loadAverage()}
}

func cpuModel() string {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return "unknown"
	}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		if k, v, ok := strings.Cut(sc.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return "unknown"
}

func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if f := strings.Fields(string(b)); err == nil && len(f) >= 3 {
		return strings.Join(f[:3], " ")
	}
	return "unknown"
}

// pinning puts the servers on one CPU and the load generator (this
// process) on another, so that neither steals the other's time and the
// server's CPU time is its own work. Go sizes GOMAXPROCS from the
// affinity it starts with, so each server runs with GOMAXPROCS=1: the
// one-vCPU instance a Chat app usually gets.
type pinning struct {
	server, generator string // taskset CPU lists; "" when not pinned
	all               string // what this process may use, to restore
	note              string // why not pinned, or how
}

func planPinning(want bool) pinning {
	if !want {
		return pinning{note: "not pinned (-pin=false)"}
	}
	if _, err := exec.LookPath("taskset"); err != nil {
		return pinning{note: "not pinned (no taskset)"}
	}
	cpus, all := allowedCPUs()
	if len(cpus) < 2 {
		return pinning{note: "not pinned (fewer than 2 CPUs)"}
	}
	p := pinning{server: cpus[0], generator: cpus[1], all: all}
	p.note = fmt.Sprintf("servers pinned to CPU %s, load generator to CPU %s (taskset)", p.server, p.generator)
	return p
}

// allowedCPUs reads Cpus_allowed_list ("0-1,4") from /proc/self/status.
func allowedCPUs() (cpus []string, list string) {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return nil, ""
	}
	for line := range strings.Lines(string(b)) {
		v, ok := strings.CutPrefix(line, "Cpus_allowed_list:")
		if !ok {
			continue
		}
		list = strings.TrimSpace(v)
		return expandCPUList(list), list
	}
	return nil, ""
}

func expandCPUList(list string) []string {
	var out []string
	for part := range strings.SplitSeq(list, ",") {
		lo, hi, isRange := strings.Cut(part, "-")
		if !isRange {
			hi = lo
		}
		a, err1 := strconv.Atoi(lo)
		b, err2 := strconv.Atoi(hi)
		if err1 != nil || err2 != nil {
			return nil
		}
		for c := a; c <= b; c++ {
			out = append(out, strconv.Itoa(c))
		}
	}
	return out
}

// generatorOnly moves every thread of this process to the generator's CPU
// (threads started later inherit it); restore undoes it, so that token
// minting between runs may use every CPU.
func (p pinning) generatorOnly() error { return p.setSelf(p.generator) }
func (p pinning) restore() error       { return p.setSelf(p.all) }

func (p pinning) setSelf(cpus string) error {
	if p.server == "" {
		return nil
	}
	out, err := exec.Command("taskset", "-a", "-p", "-c", cpus, strconv.Itoa(os.Getpid())).CombinedOutput()
	if err != nil {
		return fmt.Errorf("taskset -a -p -c %s: %v: %s", cpus, err, out)
	}
	return nil
}
