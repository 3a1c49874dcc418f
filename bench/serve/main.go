// Command serve is the load test of `netsum serve`: it builds netsum, starts
// `netsum serve` on a free loopback port, runs N concurrent clients that
// POST a mix of models (Keras JSON, .h5, ONNX; JSON, text, SVG and the
// page's view) for a fixed time, then stops the server and reports
// requests per second, latency percentiles, errors and the server's peak
// resident memory.
//
//	go run ./bench/serve                       # 200 clients, 30 s
//	go run ./bench/serve -clients 50 -duration 10s
//
// It sends traffic only to the server it started, on 127.0.0.1, and stops
// by itself: after -duration, or -max-requests requests, whichever comes
// first. It exits 1 when a request failed or p99 exceeds -max-p99.
package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// job is one kind of request in the mix.
type job struct {
	name   string
	file   string
	query  string
	weight int
	want   string // a substring of a good answer
	body   []byte
}

var mix = []*job{
	{name: "keras1 json -> json", file: "testdata/keras/seed_keras1.json", query: "format=json", weight: 35, want: `"netsum/v1"`},
	{name: "keras3 json -> text", file: "testdata/keras/seed_keras3.json", query: "format=text", weight: 20, want: "51,264"},
	{name: "tf.keras .h5 -> json", file: "testdata/h5/seed_tfkeras_full.h5", query: "format=json&name=seed.h5", weight: 20, want: `"netsum/v1"`},
	{name: "keras1 json -> view", file: "testdata/keras/seed_keras1.json", query: "format=view", weight: 15, want: `"svg":"<svg`},
	{name: "resnet50 onnx -> svg", file: "testdata/onnx/models/resnet50.onnx", query: "format=svg", weight: 10, want: "</svg>"},
}

func main() {
	clients := flag.Int("clients", 200, "concurrent clients")
	duration := flag.Duration("duration", 30*time.Second, "how long the clients send requests")
	maxRequests := flag.Int64("max-requests", 5_000_000, "stop after this many requests in all")
	maxP99 := flag.Duration("max-p99", 5*time.Second, "fail when the 99th percentile latency is above this")
	bin := flag.String("netsum", "", "netsum binary (default: go build ./cmd/netsum into a temporary directory)")
	serverArgs := flag.String("server-args", "", "more flags for netsum serve, space-separated (e.g. \"--max-concurrent 4\")")
	flag.Parse()
	if err := run(*clients, *duration, *maxRequests, *maxP99, *bin, strings.Fields(*serverArgs)); err != nil {
		fmt.Fprintln(os.Stderr, "bench/serve:", err)
		os.Exit(1)
	}
}

func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("run from inside the netsum repository")
		}
		dir = parent
	}
}

func run(clients int, duration time.Duration, maxRequests int64, maxP99 time.Duration, bin string, serverArgs []string) error {
	root, err := repoRoot()
	if err != nil {
		return err
	}
	if bin == "" {
		tmp, err := os.MkdirTemp("", "netsum-bench-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		bin = filepath.Join(tmp, "netsum")
		build := exec.Command("go", "build", "-o", bin, "./cmd/netsum")
		build.Dir, build.Stdout, build.Stderr = root, os.Stderr, os.Stderr
		if err := build.Run(); err != nil {
			return fmt.Errorf("go build: %v", err)
		}
	}
	total := 0
	for _, j := range mix {
		if j.body, err = os.ReadFile(filepath.Join(root, j.file)); err != nil {
			return err
		}
		total += j.weight
	}
	// The server, on a free loopback port.
	args := append([]string{"serve", "--addr", "127.0.0.1:0", "--max-queue", strconv.Itoa(clients + 56)}, serverArgs...)
	srv := exec.Command(bin, args...)
	stderr, err := srv.StderrPipe()
	if err != nil {
		return err
	}
	if err := srv.Start(); err != nil {
		return err
	}
	defer srv.Process.Kill()
	base, err := waitListening(stderr)
	if err != nil {
		return err
	}
	u, err := url.Parse(base)
	if err != nil {
		return err
	}
	if ip := net.ParseIP(u.Hostname()); ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("the server listens on %s, not on loopback; refusing to load it", u.Host)
	}
	var serverLog bytes.Buffer
	var logMu sync.Mutex
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			logMu.Lock()
			serverLog.WriteString(sc.Text() + "\n")
			logMu.Unlock()
		}
	}()
	// Sample the server's memory while the clients run.
	pid := srv.Process.Pid
	var peakRSS atomic.Int64
	stopSampling := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		t := time.NewTicker(50 * time.Millisecond)
		defer t.Stop()
		for {
			if kb := procStatus(pid, "VmRSS"); kb > peakRSS.Load() {
				peakRSS.Store(kb)
			}
			select {
			case <-stopSampling:
				return
			case <-t.C:
			}
		}
	}()
	cpu0 := procCPU(pid)

	fmt.Printf("netsum serve at %s; %d clients for %v (%d CPUs)\n", base, clients, duration, runtime.NumCPU())
	ctx, cancel := context.WithTimeout(context.Background(), duration)
	defer cancel()
	transport := &http.Transport{MaxIdleConns: clients, MaxIdleConnsPerHost: clients, MaxConnsPerHost: clients, IdleConnTimeout: time.Minute}
	client := &http.Client{Transport: transport, Timeout: 2 * time.Minute}
	type stat struct {
		lat   []time.Duration
		errs  map[string]int
		byJob map[string][]time.Duration
	}
	stats := make([]stat, clients)
	var sent atomic.Int64
	var wg sync.WaitGroup
	start := time.Now()
	for c := 0; c < clients; c++ {
		wg.Add(1)
		go func(c int) {
			defer wg.Done()
			st := &stats[c]
			st.errs = map[string]int{}
			st.byJob = map[string][]time.Duration{}
			for i := c; ; i++ {
				if ctx.Err() != nil || sent.Add(1) > maxRequests {
					return
				}
				// Pick by weight, spread over the clients.
				k := (i * 7919) % total
				var j *job
				for _, m := range mix {
					if k < m.weight {
						j = m
						break
					}
					k -= m.weight
				}
				t0 := time.Now()
				kind, err := do(ctx, client, base, j)
				el := time.Since(t0)
				if err != nil {
					if ctx.Err() != nil {
						return // cut off at the end of the run
					}
					st.errs[kind]++
					continue
				}
				st.lat = append(st.lat, el)
				st.byJob[j.name] = append(st.byJob[j.name], el)
			}
		}(c)
	}
	wg.Wait()
	elapsed := time.Since(start)
	close(stopSampling)
	<-sampled
	cpu := procCPU(pid) - cpu0
	hwm := procStatus(pid, "VmHWM")
	threads := procStatus(pid, "Threads")
	srv.Process.Signal(syscall.SIGTERM)
	waitErr := make(chan error, 1)
	go func() { waitErr <- srv.Wait() }()
	select {
	case err := <-waitErr:
		if err != nil {
			fmt.Printf("server exit: %v\n", err)
		}
	case <-time.After(10 * time.Second):
		srv.Process.Kill()
		fmt.Println("server did not stop within 10 s of SIGTERM; killed")
	}

	// Report.
	var all []time.Duration
	errs := map[string]int{}
	byJob := map[string][]time.Duration{}
	for _, st := range stats {
		all = append(all, st.lat...)
		for k, v := range st.errs {
			errs[k] += v
		}
		for k, v := range st.byJob {
			byJob[k] = append(byJob[k], v...)
		}
	}
	nerr := 0
	for _, v := range errs {
		nerr += v
	}
	slices.Sort(all)
	fmt.Printf("requests: %d ok, %d failed in %.1f s: %.0f req/s\n", len(all), nerr, elapsed.Seconds(), float64(len(all))/elapsed.Seconds())
	fmt.Printf("latency:  p50 %v  p90 %v  p99 %v  max %v\n", pct(all, 50), pct(all, 90), pct(all, 99), pct(all, 100))
	for _, j := range mix {
		l := byJob[j.name]
		slices.Sort(l)
		fmt.Printf("  %-22s %7d  p50 %-10v p99 %v\n", j.name, len(l), pct(l, 50), pct(l, 99))
	}
	fmt.Printf("server:   peak RSS %.1f MiB (VmHWM %.1f MiB), CPU %.1f s (%.0f%% of %d cores), %d threads at the end\n",
		float64(peakRSS.Load())/1024, float64(hwm)/1024, cpu.Seconds(), 100*cpu.Seconds()/elapsed.Seconds()/float64(runtime.NumCPU()), runtime.NumCPU(), threads)
	if nerr > 0 {
		keys := make([]string, 0, len(errs))
		for k := range errs {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			fmt.Printf("errors:   %d × %s\n", errs[k], k)
		}
		logMu.Lock()
		fmt.Printf("server log:\n%s", tail(serverLog.String(), 20))
		logMu.Unlock()
		return fmt.Errorf("%d requests failed", nerr)
	}
	if p := pct(all, 99); p > maxP99 {
		return fmt.Errorf("p99 %v is above -max-p99 %v", p, maxP99)
	}
	if len(all) == 0 {
		return errors.New("no request completed")
	}
	fmt.Println("PASS")
	return nil
}

// do sends one request and checks the answer; kind names a failure.
func do(ctx context.Context, client *http.Client, base string, j *job) (kind string, err error) {
	req, err := http.NewRequestWithContext(ctx, "POST", base+"/api/summary?"+j.query, bytes.NewReader(j.body))
	if err != nil {
		return "request", err
	}
	req.Header.Set("Content-Type", "application/octet-stream")
	res, err := client.Do(req)
	if err != nil {
		return "transport: " + shortErr(err), err
	}
	body, err := io.ReadAll(res.Body)
	res.Body.Close()
	if err != nil {
		return "read: " + shortErr(err), err
	}
	if res.StatusCode != 200 {
		return fmt.Sprintf("HTTP %d on %s", res.StatusCode, j.name), fmt.Errorf("%d", res.StatusCode)
	}
	if !bytes.Contains(body, []byte(j.want)) {
		return "wrong answer on " + j.name, errors.New("wrong answer")
	}
	return "", nil
}

func shortErr(err error) string {
	s := err.Error()
	if i := strings.LastIndex(s, ": "); i >= 0 {
		s = s[i+2:]
	}
	return s
}

var listening = regexp.MustCompile(`listening on (http://[^/ ]+)/`)

func waitListening(r io.Reader) (string, error) {
	sc := bufio.NewScanner(r)
	found := make(chan string, 1)
	go func() {
		for sc.Scan() {
			if m := listening.FindStringSubmatch(sc.Text()); m != nil {
				found <- m[1]
				return
			}
		}
		close(found)
	}()
	select {
	case base, ok := <-found:
		if !ok {
			return "", errors.New("the server stopped before listening")
		}
		return base, nil
	case <-time.After(30 * time.Second):
		return "", errors.New("the server did not start within 30 s")
	}
}

// pct is the p-th percentile of sorted durations.
func pct(sorted []time.Duration, p int) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := (len(sorted)*p + 99) / 100
	i = min(max(i-1, 0), len(sorted)-1)
	return sorted[i].Round(time.Microsecond * 100)
}

// procStatus reads a kB (or count) field of /proc/PID/status; 0 if absent.
func procStatus(pid int, field string) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, field+":"); ok {
			f := strings.Fields(v)
			if len(f) > 0 {
				n, _ := strconv.ParseInt(f[0], 10, 64)
				return n
			}
		}
	}
	return 0
}

// procCPU is the user+system CPU time of a process so far.
func procCPU(pid int) time.Duration {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	s := string(b)
	if i := strings.LastIndexByte(s, ')'); i >= 0 {
		s = s[i+2:]
	}
	f := strings.Fields(s)
	if len(f) < 13 {
		return 0
	}
	ut, _ := strconv.ParseInt(f[11], 10, 64)
	st, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(ut+st) * time.Second / 100 // USER_HZ
}

func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n") + "\n"
}
