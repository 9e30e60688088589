package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"time"
)

// measureSpec is what a runner is asked to do: run each command runs
// times, after warmup runs that are not counted, the commands taking
// turns and the first of each round alternating.
type measureSpec struct {
	Runs   int        `json:"runs"`
	Warmup int        `json:"warmup"`
	Cmds   [][]string `json:"cmds"`
}

// measurement is a runner's answer: per command, its wall times in
// milliseconds and the largest peak RSS of its runs in KiB.
type measurement struct {
	Millis [][]float64 `json:"millis"`
	MaxRSS []int64     `json:"max_rss_kib"`
}

// runMeasure is the runner: it reads a measureSpec on stdin and prints a
// measurement. It allocates next to nothing, so that what it passes on to
// the commands' peak RSS (see bench.measure) is small.
func runMeasure(in io.Reader, out io.Writer) error {
	var spec measureSpec
	if err := json.NewDecoder(in).Decode(&spec); err != nil {
		return err
	}
	devnull, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	defer devnull.Close()
	m := measurement{Millis: make([][]float64, len(spec.Cmds)), MaxRSS: make([]int64, len(spec.Cmds))}
	for round := -spec.Warmup; round < spec.Runs; round++ {
		for k := range spec.Cmds {
			i := k
			if round%2 != 0 {
				i = len(spec.Cmds) - 1 - k
			}
			ms, rss, err := timeRun(spec.Cmds[i], devnull)
			if err != nil {
				return err
			}
			if round >= 0 {
				m.Millis[i] = append(m.Millis[i], ms)
				m.MaxRSS[i] = max(m.MaxRSS[i], rss)
			}
		}
	}
	return json.NewEncoder(out).Encode(m)
}

// timeRun runs argv with its output thrown away and returns the wall time
// in milliseconds and the peak RSS in KiB. A command that fails is an
// error: its time would not be the work's.
func timeRun(argv []string, devnull *os.File) (float64, int64, error) {
	run := exec.Command(argv[0], argv[1:]...)
	run.Stdout = devnull
	var stderr bytes.Buffer
	run.Stderr = &stderr
	start := time.Now()
	err := run.Run()
	elapsed := time.Since(start)
	if err != nil {
		return 0, 0, fmt.Errorf("%s: %v: %s", strings.Join(argv, " "), err, strings.TrimSpace(stderr.String()))
	}
	var rss int64
	if ru, ok := run.ProcessState.SysUsage().(*syscall.Rusage); ok {
		rss = ru.Maxrss // KiB on Linux
	}
	return float64(elapsed.Microseconds()) / 1000, rss, nil
}
