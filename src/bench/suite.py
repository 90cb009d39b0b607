#!/usr/bin/env python3
"""The benchmark suite behind docs/PERFORMANCE.md: the exporter side by side with node_exporter's textfile collector.

Run it through src/bench/run-all.sh. Every benchmark appends its figures to RESULTS/results.json (one object per
benchmark, written after each benchmark so a failed run keeps what it measured); render.py turns that into the doc.
Processes started here are stopped on exit, ports are free ones picked by the kernel, temp files go to one temp dir.
"""
import argparse
import atexit
import http.client
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BENCH = os.path.join(REPO, "src", "bench")
APP = os.path.join(REPO, "exporter", "target", "quarkus-app")
JAR = os.path.join(APP, "quarkus-run.jar")
APP_CDS = os.path.join(APP, "app-cds.jsa")
# Ingest.java runs the exporter's ExporterEngine, which logs through JBoss Logging (in lib/boot).
CLASSPATH = ":".join(os.path.join(APP, *d, "*") for d in (("app",), ("lib", "main"), ("lib", "boot")))
IMAGE_TAR = os.path.join(REPO, "exporter", "target", "runner-metrics-exporter-image.tar")
NODE_EXPORTER = "prometheus-node-exporter"
TEXT = "text/plain; version=0.0.4"
TICK = os.sysconf("SC_CLK_TCK")

PROCS = []  # every child started, stopped at exit
WORK = tempfile.mkdtemp(prefix="runner-metrics-bench.")


def cleanup():
    signal.signal(signal.SIGTERM, signal.SIG_IGN)  # a second signal must not cut the clean-up short
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    def send(p, sig):
        try:
            os.killpg(p.pid, sig)  # servers run in their own session, with whatever they started
        except ProcessLookupError:
            try:
                os.kill(p.pid, sig)
            except ProcessLookupError:
                pass
    for p in PROCS:
        if p.poll() is None:
            send(p, signal.SIGTERM)
    for p in PROCS:
        try:
            p.wait(timeout=15)
        except subprocess.TimeoutExpired:
            send(p, signal.SIGKILL)
    shutil.rmtree(WORK, ignore_errors=True)


atexit.register(cleanup)
signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
signal.signal(signal.SIGINT, lambda *_: sys.exit(130))


def log(msg):
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def image_jvm_options():
    """The JVM flags the container image ships with (exporter/pom.xml image.jvm.options)."""
    with open(os.path.join(REPO, "exporter", "pom.xml")) as f:
        return re.search(r"<image.jvm.options>(.*?)</image.jvm.options>", f.read()).group(1).split()


IMAGE_FLAGS = image_jvm_options()
# Every size runs with the image's own flags (-Xmx64m): the read buffers are one per polling thread, not per runner
# (ManyRunnersIT starts 60 runners under them).


# Seconds after a burst of scrapes before RSS is read: the trim interval of the image's flags (10 s) plus the JVM's
# chunk pool cleaning (5 s), so memory the JVM has freed is counted as freed.
SETTLE_SECONDS = 16


def flags_for(runner_count):
    return IMAGE_FLAGS


# ---------------------------------------------------------------------------------------------------------- processes

class Server:
    """A process serving /metrics on a loopback port."""

    def __init__(self, name, argv, port, env=None, cwd=None):
        self.name, self.port = name, port
        self.started = time.monotonic()
        self.log = open(os.path.join(WORK, f"{name}-{port}.log"), "w")
        self.proc = subprocess.Popen(argv, env={**os.environ, **(env or {})}, cwd=cwd, stdout=self.log,
                                     stderr=subprocess.STDOUT, start_new_session=True)
        PROCS.append(self.proc)
        self.pid = self.proc.pid

    def first_scrape(self, timeout=120):
        """Polls /metrics every 5 ms until it answers 200; returns seconds since the process was started."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                with open(self.log.name) as f:
                    tail = f.read()[-3000:]
                raise RuntimeError(f"{self.name} exited with {self.proc.returncode}; its log ends:\n{tail}")
            try:
                if get(self.port, "/metrics", timeout=2)[0] == 200:
                    return time.monotonic() - self.started
            except OSError:
                pass
            time.sleep(0.005)
        raise RuntimeError(f"{self.name} served no /metrics within {timeout} s")

    def wait_ready(self):
        """For the exporter: /q/health/ready, i.e. the first pass over all logs is done."""
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                break
            try:
                if get(self.port, "/q/health/ready", timeout=2)[0] == 200:
                    return time.monotonic() - self.started
            except OSError:
                pass
            time.sleep(0.01)
        self.log.flush()
        with open(self.log.name) as f:
            tail = f.read()[-3000:]
        raise RuntimeError(f"{self.name} not ready (exit {self.proc.poll()}); its log ends:\n{tail}")

    def cpu_seconds(self):
        with open(f"/proc/{self.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICK  # utime + stime, all threads

    def status_kib(self, key):
        with open(f"/proc/{self.pid}/status") as f:
            for line in f:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
        raise KeyError(key)

    def rss_mib(self):
        return self.status_kib("VmRSS") / 1024

    def stop(self):
        if self.proc.poll() is None:
            os.killpg(self.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.pid, signal.SIGKILL)
                self.proc.wait()
        self.log.close()


def get(port, path, timeout=10, accept=TEXT):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        c.request("GET", path, headers={"Accept": accept})
        r = c.getresponse()
        return r.status, r.read().decode()
    finally:
        c.close()


def exporter(runner_dirs, flags=None, name="exporter", multi=False):
    """The packaged exporter (java -jar) on one runner (sidecar mode, RUNNER_DIR) or several (multi-runner mode,
    RUNNERS; also for one runner with multi=True)."""
    port = free_port()
    state = tempfile.mkdtemp(dir=WORK, prefix="state.")
    env = {"METRICS_PORT": str(port), "STATE_DIR": state, "METRICS_BIND_ADDRESS": "127.0.0.1"}
    if len(runner_dirs) == 1 and not multi:
        env["RUNNER_DIR"] = runner_dirs[0]
        env["RUNNER_NAME"] = "runner-001"
    else:
        env["RUNNERS"] = ",".join(f"{d};name=runner-{i + 1:03d}" for i, d in enumerate(runner_dirs))
    # As README and run.sh run it: from its folder with the AppCDS archive `package` trained (JDK 17 uses the
    # archive only when the jar is named as in the training run); the JVM-defaults subject runs without it.
    cds = ["-XX:SharedArchiveFile=" + APP_CDS] if flags is None and os.path.exists(APP_CDS) else []
    argv = ["java"] + (IMAGE_FLAGS if flags is None else flags) + cds + ["-jar", "quarkus-run.jar"]
    return Server(name, argv, port, env=env, cwd=APP)


NODE_EXPORTER_FLAGS = ["--collector.disable-defaults", "--collector.textfile", "--web.disable-exporter-metrics",
                      "--web.max-requests=0"]


def node_exporter(textfile_dir):
    """node_exporter with only the textfile collector, without its own Go/process metrics, and without its limit of
    40 parallel scrapes (beyond it, it answers 503 at once, which would count as fast requests)."""
    port = free_port()
    argv = [NODE_EXPORTER, f"--web.listen-address=127.0.0.1:{port}",
            f"--collector.textfile.directory={textfile_dir}"] + NODE_EXPORTER_FLAGS
    return Server("node_exporter", argv, port)


def history(jobs, path=None):
    path = path or tempfile.mkdtemp(dir=WORK, prefix="runner.")
    subprocess.run(["java", os.path.join(BENCH, "History.java"), path, str(jobs)], check=True)
    return path


def runners(count, jobs):
    """COUNT runner directories with the same history of JOBS jobs (copies: generating is the slow part)."""
    first = history(jobs)
    dirs = [first]
    for _ in range(count - 1):
        d = tempfile.mkdtemp(dir=WORK, prefix="runner.")
        shutil.copytree(first, d, dirs_exist_ok=True)
        dirs.append(d)
    return dirs


def series(text):
    return sum(1 for line in text.splitlines() if line and not line.startswith("#"))


def jobs_total(text):
    return sum(float(line.rsplit(" ", 1)[1]) for line in text.splitlines()
               if line.startswith("github_runner_jobs_total{"))


def pct(values, p):
    """Nearest-rank percentile."""
    s = sorted(values)
    return s[max(0, min(len(s) - 1, int(round(p / 100 * len(s) + 0.5)) - 1))]


def wrk(port, connections, seconds):
    """wrk with one thread per core, keep-alive connections, a 10 s timeout (Prometheus' default scrape timeout)."""
    script = os.path.join(BENCH, "wrk-json.lua")
    threads = min(connections, os.cpu_count() or 1)
    out = subprocess.run(["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s",
                          "-s", script, f"http://127.0.0.1:{port}/metrics"],
                         check=True, capture_output=True, text=True).stdout
    r = json.loads(out.split("WRKJSON ", 1)[1])
    r["errors"] = sum(r[k] for k in ("err_connect", "err_read", "err_write", "err_status", "err_timeout"))
    r["req_per_s"] = r["requests"] / (r["duration_us"] / 1e6)
    return r


# --------------------------------------------------------------------------------------------------------- benchmarks

def bench_scrape(q, res):
    """Scrape latency for 1, 5 and 50 runners' worth of series; then 50 concurrent scrapers."""
    out = {"sizes": [], "concurrent": []}
    for n in q["scrape_sizes"]:
        dirs = runners(n, q["jobs_per_runner"])
        exp = exporter(dirs, flags=flags_for(n))
        exp.wait_ready()
        status, body = get(exp.port, "/metrics")
        assert status == 200
        tf = tempfile.mkdtemp(dir=WORK, prefix="textfile.")
        with open(os.path.join(tf, "runner-metrics.prom"), "w") as f:
            f.write(body)
        ne = node_exporter(tf)
        ne.first_scrape()
        ne_body = get(ne.port, "/metrics")[1]
        row = {"runners": n, "jvm_flags": " ".join(flags_for(n)), "exporter_series": series(body), "node_exporter_series": series(ne_body),
               "exporter_bytes": len(body.encode()), "node_exporter_bytes": len(ne_body.encode())}
        for who, srv in (("exporter", exp), ("node_exporter", ne)):
            wrk(srv.port, 1, 2)  # warm-up
            r = wrk(srv.port, 1, q["latency_seconds"])
            row[who] = {k: r[k] for k in ("p50_us", "p90_us", "p99_us", "max_us", "requests", "errors", "req_per_s")}
        log(f"scrape {n} runners: exporter p50 {row['exporter']['p50_us']} us, "
            f"node_exporter p50 {row['node_exporter']['p50_us']} us")
        out["sizes"].append(row)
        if n in q["concurrent_sizes"]:
            crow = {"runners": n, "connections": q["connections"], "seconds": q["concurrent_seconds"]}
            for who, srv in (("exporter", exp), ("node_exporter", ne)):
                cpu0 = srv.cpu_seconds()
                r = wrk(srv.port, q["connections"], q["concurrent_seconds"])
                r["cpu_s"] = srv.cpu_seconds() - cpu0
                r["rss_mib_after"] = srv.rss_mib()
                r["hwm_mib"] = srv.status_kib("VmHWM") / 1024
                crow[who] = r
                log(f"concurrent {n} runners {who}: {r['req_per_s']:.0f} req/s, errors {r['errors']}")
            out["concurrent"].append(crow)
        exp.stop()
        ne.stop()
    res["scrape"] = out


def bench_idle_burst(q, res):
    """Idle RSS/CPU with a 15 s scrape (exporter with the image's flags, with JVM defaults, node_exporter), then a
    burst of 1,000 jobs written to the exporter's logs at once."""
    d = history(q["jobs_per_runner"])
    d2 = tempfile.mkdtemp(dir=WORK, prefix="runner.")
    shutil.copytree(d, d2, dirs_exist_ok=True)
    exp = exporter([d])
    exp_default = exporter([d2], flags=[], name="exporter-jvm-defaults")
    exp.wait_ready()
    exp_default.wait_ready()
    tf = tempfile.mkdtemp(dir=WORK, prefix="textfile.")
    with open(os.path.join(tf, "runner-metrics.prom"), "w") as f:
        f.write(get(exp.port, "/metrics")[1])
    ne = node_exporter(tf)
    ne.first_scrape()
    subjects = (("exporter", exp), ("exporter_jvm_defaults", exp_default), ("node_exporter", ne))
    time.sleep(5)  # let start-up work settle before the window opens
    cpu0 = {k: s.cpu_seconds() for k, s in subjects}
    t0 = time.monotonic()
    scrapes = 0
    while time.monotonic() - t0 < q["idle_seconds"]:
        for _, s in subjects:
            get(s.port, "/metrics")
        scrapes += 1
        time.sleep(max(0.0, t0 + scrapes * q["scrape_interval"] - time.monotonic()))
    window = time.monotonic() - t0
    idle = {"seconds": round(window, 1), "scrape_interval_s": q["scrape_interval"], "scrapes": scrapes}
    for k, s in subjects:
        cpu = s.cpu_seconds() - cpu0[k]
        idle[k] = {"cpu_s": cpu, "cpu_percent": 100 * cpu / window, "rss_mib": s.rss_mib()}
    # Issue 13's memory goal is after 1,000 scrapes: what the scrape path leaves behind counts too. They come here
    # within seconds, not 15 s apart, so the JIT compiles the scrape path in one burst; its scratch memory goes back
    # to the system within the image's TrimNativeHeapInterval (10 s) and the JVM's chunk pool cleaning (5 s). The
    # figure is read once that has happened, and 2 s after the burst as well; then again after 4,000 more scrapes,
    # since rarely run code keeps being compiled.
    for _ in range(1000):
        get(exp.port, "/metrics")
    time.sleep(2)
    idle["exporter"]["rss_2s_after_1000_scrapes_mib"] = exp.rss_mib()
    time.sleep(SETTLE_SECONDS - 2)
    idle["exporter"]["rss_after_1000_scrapes_mib"] = exp.rss_mib()
    for _ in range(4000):
        get(exp.port, "/metrics")
    time.sleep(SETTLE_SECONDS)
    idle["exporter"]["rss_after_5000_scrapes_mib"] = exp.rss_mib()
    log(f"idle: {json.dumps(idle)}")
    res["idle"] = idle
    exp_default.stop()
    ne.stop()

    # Burst: N jobs appear in the logs at once; time until /metrics counts all of them, CPU and peak RSS meanwhile.
    before = jobs_total(get(exp.port, "/metrics")[1])
    cpu0 = exp.cpu_seconds()
    rss0 = exp.rss_mib()
    t0 = time.monotonic()
    subprocess.run(["java", os.path.join(BENCH, "History.java"), d, str(q["burst_jobs"]), "--append"], check=True)
    written = time.monotonic()
    peak = rss0
    while True:
        peak = max(peak, exp.rss_mib())
        now_total = jobs_total(get(exp.port, "/metrics")[1])
        if now_total >= before + q["burst_jobs"]:
            break
        if time.monotonic() - written > 120:
            raise RuntimeError(f"burst: counted {now_total - before} of {q['burst_jobs']} jobs after 120 s")
        time.sleep(0.05)
    counted = time.monotonic()
    time.sleep(2)
    burst = {"jobs": q["burst_jobs"], "counted": now_total - before, "write_s": written - t0,
             "written_to_counted_s": counted - written, "cpu_s": exp.cpu_seconds() - cpu0,
             "rss_before_mib": rss0, "rss_peak_sampled_mib": peak, "rss_after_mib": exp.rss_mib(),
             "hwm_mib": exp.status_kib("VmHWM") / 1024}
    log(f"burst: {json.dumps(burst)}")
    res["burst"] = burst
    exp.stop()


def idle_window(exp, q):
    """After 5 s of settling, scrapes the exporter every scrape interval for the idle window: (seconds, scrapes, CPU
    seconds used in it)."""
    time.sleep(5)
    cpu0 = exp.cpu_seconds()
    t0 = time.monotonic()
    scrapes = 0
    while time.monotonic() - t0 < q["idle_seconds"]:
        get(exp.port, "/metrics")
        scrapes += 1
        time.sleep(max(0.0, t0 + scrapes * q["scrape_interval"] - time.monotonic()))
    return time.monotonic() - t0, scrapes, exp.cpu_seconds() - cpu0


def bench_idle_many(q, res):
    """Idle CPU and RSS of one exporter watching 20 runners (multi-runner mode), scraped every 15 s."""
    dirs = runners(20, q["jobs_per_runner"])
    exp = exporter(dirs, multi=True)
    exp.wait_ready()
    window, scrapes, cpu = idle_window(exp, q)
    res["idle_many"] = {"runners": 20, "seconds": round(window, 1), "scrapes": scrapes, "cpu_s": cpu,
                        "cpu_percent": 100 * cpu / window, "rss_mib": exp.rss_mib()}
    log(f"idle, 20 runners: {res['idle_many']}")
    exp.stop()


def bench_per_runner(q, res):
    """RSS in multi-runner mode with 1, 5 and 20 runners; node_exporter serving the same series beside it."""
    rows = []
    for n in q["runner_counts"]:
        dirs = runners(n, q["jobs_per_runner"])
        exp = exporter(dirs, multi=True)
        exp.wait_ready()
        tf = tempfile.mkdtemp(dir=WORK, prefix="textfile.")
        with open(os.path.join(tf, "runner-metrics.prom"), "w") as f:
            f.write(get(exp.port, "/metrics")[1])
        ne = node_exporter(tf)
        ne.first_scrape()
        for _ in range(20):
            get(exp.port, "/metrics")
            get(ne.port, "/metrics")
        time.sleep(q["rest_seconds"])
        rows.append({"runners": n, "exporter_rss_mib": exp.rss_mib(), "node_exporter_rss_mib": ne.rss_mib()})
        log(f"per-runner: {rows[-1]}")
        exp.stop()
        ne.stop()

    def slope(key):
        xs = [r["runners"] for r in rows]
        ys = [r[key] for r in rows]
        mx, my = statistics.mean(xs), statistics.mean(ys)
        return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)

    res["per_runner"] = {"rows": rows, "exporter_slope_mib": slope("exporter_rss_mib"),
                         "node_exporter_slope_mib": slope("node_exporter_rss_mib")}



# ------------------------------------------------------------------------------------------------------ node mode

STAMP = "%Y-%m-%d %H:%M:%SZ"
EMPTY_DIR = os.path.join("volumes", "kubernetes.io~empty-dir", "runner-diag")


def trace(t, component, message):
    return f"[{time.strftime(STAMP, time.gmtime(t))} INFO {component}] {message}\n"


class Pod:
    """One ephemeral runner pod as actions-runner-controller runs it and the kubelet lays it out: its `runner-diag`
    emptyDir is the runner's _diag; the runner starts, listens, runs one job, exits; the kubelet deletes the folder.
    The lines are the runner's own trace format (as src/bench/History.java writes them)."""

    def __init__(self, pods_dir, n, diag=None):
        self.n = n
        self.folder = os.path.join(pods_dir, f"{n:08x}-0000-4000-8000-{n:012x}")
        self.diag = diag or os.path.join(self.folder, EMPTY_DIR)
        self.started = time.time()
        self.runner_log = os.path.join(self.diag, "Runner_" + time.strftime("%Y%m%d-%H%M%S", time.gmtime())
                                       + "-utc.log")

    def create(self):
        """The kubelet makes the folders, then the runner writes its first lines."""
        os.makedirs(self.diag)
        t = time.time()
        with open(self.runner_log, "w") as f:
            f.write(trace(t, "Listener", "Runner is built for Linux (X64) - linux-x64.")
                    + trace(t, "Listener", "Version: 2.333.1")
                    + trace(t, "BrokerMessageListener", "Session created.")
                    + trace(t, "Terminal", f"WRITE LINE: {time.strftime(STAMP, time.gmtime(t))}: Listening for Jobs"))

    def run_job(self, seconds):
        """The job's Runner lines and its Worker log, the job having taken SECONDS (its timestamps say so)."""
        end = time.time()
        start = end - seconds
        job = f"{self.n:08x}-0000-4000-8000-{self.n:012x}"
        result = ("Succeeded", "Succeeded", "Succeeded", "Failed", "Canceled")[self.n % 5]
        code = 100 + {"Failed": 2, "Canceled": 3}.get(result, 0)
        worker = (trace(start, "Worker", "Version: 2.333.1") + trace(start, "Worker", "Job message:")
                  + f' {{\n  "jobId": "{job}",\n  "jobDisplayName": "build {self.n % 7}"\n}}\n'
                  + trace(start, "JobRunner", f"Job ID {job}")
                  + trace(end, "JobRunner", f"Job result after all job steps finish: {result}")
                  + trace(end, "Worker", "Job completed."))
        with open(self.runner_log, "a") as f:
            f.write(trace(start, "JobDispatcher", f"Job request 0 for plan p job {job} received.")
                    + trace(start, "BrokerMessageListener", "Received job status event. JobState: Busy")
                    + trace(start, "Terminal", f"WRITE LINE: {time.strftime(STAMP, time.gmtime(start))}: "
                                               f"Running job: build {self.n % 7}"))
        with open(os.path.join(self.diag, "Worker_" + time.strftime("%Y%m%d-%H%M%S", time.gmtime(start))
                               + "-utc.log"), "w") as f:
            f.write(worker)
        with open(self.runner_log, "a") as f:
            f.write(trace(end, "JobDispatcher", f"Worker finished for job {job}. Code: {code}")
                    + trace(end, "JobDispatcher", f"finish job request for job {job} with result: {result}")
                    + trace(end, "Terminal", f"WRITE LINE: {time.strftime(STAMP, time.gmtime(end))}: "
                                             f"Job build {self.n % 7} completed with result: {result}"))

    def delete(self):
        shutil.rmtree(self.folder)


def node_exporter_mode(pods_dir):
    """The packaged exporter in node mode (no Kubernetes API: pods named by UID) on a kubelet-shaped folder."""
    port = free_port()
    state = tempfile.mkdtemp(dir=WORK, prefix="state.")
    env = {"METRICS_PORT": str(port), "STATE_DIR": state, "METRICS_BIND_ADDRESS": "127.0.0.1",
           "RUNNER_DISCOVERY": "kubelet", "KUBERNETES_API": "off", "KUBELET_PODS_DIR": pods_dir,
           "RUNNER_TYPE": "bench"}
    cds = ["-XX:SharedArchiveFile=" + APP_CDS] if os.path.exists(APP_CDS) else []
    return Server("exporter-node", ["java"] + IMAGE_FLAGS + cds + ["-jar", "quarkus-run.jar"], port, env=env, cwd=APP)


def series_keys(text):
    return {line.rsplit(" ", 1)[0] for line in text.splitlines() if line and not line.startswith("#")}


def bench_node(q, res):
    """Node mode: one exporter for a node whose runner pods come and go. Idle with 50 pods listening (CPU and RSS
    per runner), then a compressed day of churn (pods created, running one job, deleted; 50 at a time): jobs counted
    against jobs run, distinct series seen by frequent scrapes against what one sidecar per pod would have written."""
    pods_dir = tempfile.mkdtemp(dir=WORK, prefix="kubelet-pods.")
    n_pods = q["node_pods"]
    live = [Pod(pods_dir, i) for i in range(n_pods)]
    for p in live:
        p.create()
    exp = node_exporter_mode(pods_dir)
    exp.wait_ready()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        body = get(exp.port, "/metrics")[1]
        if sum(1 for line in body.splitlines() if line.startswith("github_runner_info{")) >= n_pods:
            break
        time.sleep(0.2)
    window, scrapes, cpu = idle_window(exp, q)
    out = {"pods": n_pods, "idle": {"seconds": round(window, 1), "scrapes": scrapes, "cpu_s": cpu,
                                    "cpu_percent": 100 * cpu / window,
                                    "cpu_percent_per_runner": 100 * cpu / window / n_pods,
                                    "rss_mib": exp.rss_mib(), "rss_mib_per_runner": exp.rss_mib() / n_pods,
                                    "series": series(get(exp.port, "/metrics")[1])}}
    log(f"node idle: {out['idle']}")

    # A day of churn, compressed: every pod runs one job and is deleted a moment after it exits; a new pod takes
    # its place. Scrapes every SCRAPE_EVERY seconds collect the distinct series, as Prometheus would over the day.
    seen = set()
    jobs_run = 0
    next_n = n_pods
    t0 = time.monotonic()
    cpu0 = exp.cpu_seconds()
    last_scrape = 0.0
    total = q["node_churn_pods"]
    while jobs_run < total:
        for i, p in enumerate(live):
            if jobs_run >= total:
                break
            p.run_job(seconds=30 + p.n % 90)
            jobs_run += 1
        time.sleep(q["node_linger_s"])  # the runner exits; the kubelet tears the pod down a moment later
        for i, p in enumerate(live):
            p.delete()
            live[i] = Pod(pods_dir, next_n)
            next_n += 1
            live[i].create()
        if time.monotonic() - last_scrape >= q["node_scrape_every_s"]:
            seen |= series_keys(get(exp.port, "/metrics")[1])
            last_scrape = time.monotonic()
        time.sleep(q["node_linger_s"])
    churn_s = time.monotonic() - t0
    deadline = time.monotonic() + 60
    counted = 0
    while time.monotonic() < deadline:
        body = get(exp.port, "/metrics")[1]
        counted = jobs_total(body)
        if counted >= jobs_run:
            break
        time.sleep(0.5)
    time.sleep(3)
    body = get(exp.port, "/metrics")[1]
    counted = jobs_total(body)
    seen |= series_keys(body)
    out["churn"] = {"pods_created": next_n, "jobs_run": jobs_run, "jobs_counted": counted, "seconds": round(churn_s, 1),
                    "cpu_s": exp.cpu_seconds() - cpu0, "rss_mib_after": exp.rss_mib(),
                    "hwm_mib": exp.status_kib("VmHWM") / 1024, "series_now": series(body),
                    "distinct_series_seen": len(seen)}
    log(f"node churn: {out['churn']}")
    exp.stop()

    # The sidecar form: one exporter per pod; what one pod's sidecar serves after its job, times the pods of the day.
    runner = tempfile.mkdtemp(dir=WORK, prefix="sidecar-runner.")
    pod = Pod(runner, 1, diag=os.path.join(runner, "_diag"))
    pod.create()
    pod.run_job(seconds=60)
    side = exporter([runner])
    side.wait_ready()
    for _ in range(20):
        get(side.port, "/metrics")
    time.sleep(q["rest_seconds"])
    per_pod = series(get(side.port, "/metrics")[1])
    out["sidecar"] = {"series_per_pod": per_pod, "series_over_the_churn": per_pod * next_n,
                      "rss_mib_per_pod": side.rss_mib()}
    log(f"sidecar form: {out['sidecar']}")
    side.stop()
    if counted != jobs_run:
        raise RuntimeError(f"node mode counted {counted} jobs of {jobs_run} run")
    res["node"] = out


def bench_ingest(q, res):
    """Lines/s of the exporter's tail+parse+model classes on one core, against grep -c over the same files."""
    d = history(q["ingest_jobs"])
    diag = os.path.join(d, "_diag")
    out = {"jobs": q["ingest_jobs"], "bytes": sum(os.path.getsize(os.path.join(diag, f)) for f in os.listdir(diag)),
           "files": len(os.listdir(diag))}
    for label, flags in (("image_flags", IMAGE_FLAGS), ("jvm_defaults", [])):
        r = subprocess.run(["taskset", "-c", "0", "java"] + flags + ["-cp", CLASSPATH,
                            os.path.join(BENCH, "Ingest.java"), diag, str(q["ingest_passes"])],
                           check=True, capture_output=True, text=True).stdout
        out[label] = json.loads(r)
        log(f"ingest {label}: {out[label]}")
    hf = os.path.join(WORK, "hyperfine.json")
    subprocess.run(["hyperfine", "--shell=sh", "--warmup", "2", "--runs", str(q["grep_runs"]),
                    "--export-json", hf, f"taskset -c 0 grep -c '' {diag}/* >/dev/null"],
                   check=True, capture_output=True)
    with open(hf) as f:
        h = json.load(f)["results"][0]
    lines = out["image_flags"]["lines"]
    out["grep"] = {"median_s": h["median"], "min_s": h["min"], "runs": len(h["times"]),
                   "lines_per_s_median": lines / h["median"]}
    log(f"ingest grep: {out['grep']}")
    res["ingest"] = out


def bench_event_latency(q, res):
    """Completion line appended -> counted in /metrics; the peer: .prom file renamed into place -> served."""
    d = history(5)
    exp = exporter([d])
    exp.wait_ready()
    runner_log = sorted(f for f in os.listdir(os.path.join(d, "_diag")) if f.startswith("Runner_"))[-1]
    runner_log = os.path.join(d, "_diag", runner_log)
    conn = http.client.HTTPConnection("127.0.0.1", exp.port, timeout=10)

    def scrape(c):
        c.request("GET", "/metrics", headers={"Accept": TEXT})
        return c.getresponse().read().decode()

    samples = []
    for i in range(q["latency_samples"]):
        before = jobs_total(scrape(conn))
        stamp = time.strftime("%Y-%m-%d %H:%M:%SZ", time.gmtime())
        job = f"{i:08x}-1a7e-4000-8000-{i:012x}"
        t0 = time.monotonic()
        with open(runner_log, "a") as f:
            f.write(f"[{stamp} INFO JobDispatcher] Job request 0 for plan p job {job} received.\n"
                    f"[{stamp} INFO JobDispatcher] finish job request for job {job} with result: Succeeded\n")
        while jobs_total(scrape(conn)) == before:
            if time.monotonic() - t0 > 10:
                raise RuntimeError("event latency: job not counted within 10 s")
            time.sleep(0.005)
        samples.append(time.monotonic() - t0)
        time.sleep(0.05 + (i % 7) * 0.031)  # spread the writes in time
    conn.close()
    exp.stop()

    tf = tempfile.mkdtemp(dir=WORK, prefix="textfile.")
    prom = os.path.join(tf, "jobs.prom")

    def write_prom(v):
        with open(prom + ".tmp", "w") as f:
            f.write(f"# TYPE github_runner_jobs_total counter\ngithub_runner_jobs_total{{result=\"success\"}} {v}\n")
        os.rename(prom + ".tmp", prom)

    write_prom(0)
    ne = node_exporter(tf)
    ne.first_scrape()
    conn = http.client.HTTPConnection("127.0.0.1", ne.port, timeout=10)
    peer = []
    for i in range(q["latency_samples"]):
        t0 = time.monotonic()
        write_prom(i + 1)
        while jobs_total(scrape(conn)) != i + 1:
            time.sleep(0.005)
        peer.append(time.monotonic() - t0)
    conn.close()
    ne.stop()
    stat = lambda s: {"samples": len(s), "p50_ms": 1000 * pct(s, 50), "p99_ms": 1000 * pct(s, 99),
                      "max_ms": 1000 * max(s), "min_ms": 1000 * min(s)}
    res["event_latency"] = {"exporter": stat(samples), "node_exporter": stat(peer)}
    log(f"event latency: {res['event_latency']}")


def bench_startup(q, res):
    """Process start -> first 200 from /metrics (polled every 5 ms), repeated; exporter jar with a 1,000-job
    history, node_exporter with the equivalent .prom file; the image through podman when its tar is there."""
    d = history(1000)
    out = {}
    runs = {"exporter": [], "exporter_ready": [], "node_exporter": []}
    tf = tempfile.mkdtemp(dir=WORK, prefix="textfile.")
    for i in range(q["startup_runs"]):
        exp = exporter([d])
        runs["exporter"].append(exp.first_scrape())
        runs["exporter_ready"].append(exp.wait_ready())
        if i == 0:
            with open(os.path.join(tf, "runner-metrics.prom"), "w") as f:
                f.write(get(exp.port, "/metrics")[1])
        exp.stop()
    for _ in range(q["startup_runs"]):
        ne = node_exporter(tf)
        runs["node_exporter"].append(ne.first_scrape())
        ne.stop()
    if q["podman"] and os.path.exists(IMAGE_TAR) and shutil.which("podman"):
        runs["image"] = startup_image(d, q["startup_runs"])
    for k, v in runs.items():
        out[k] = {"runs": len(v), "median_ms": 1000 * statistics.median(v), "min_ms": 1000 * min(v),
                  "max_ms": 1000 * max(v)}
    if "image" not in runs:
        out["image"] = {"skipped": "no image tar (build without -Dimage.skip=true) or no podman" if q["podman"]
                        else "--quick"}
    log(f"startup: {out}")
    res["startup"] = out


def startup_image(runner_dir, count):
    """As ImageIT and image.sh run it: private podman storage, runc, host network, explicit ulimits."""
    store = tempfile.mkdtemp(prefix="rmpod.")  # short: podman refuses a runroot path over 50 characters
    pod = ["podman", "--root", os.path.join(store, "root"), "--runroot", os.path.join(store, "run")]
    times = []
    try:
        out = subprocess.run(pod + ["load", "-q", "-i", IMAGE_TAR], check=True, capture_output=True, text=True).stdout
        image = re.search(r"Loaded image(?:\(s\))?: (\S+)", out).group(1).split(",")[0]
        for i in range(count):
            port = free_port()
            state = tempfile.mkdtemp(dir=WORK, prefix="state.")
            os.chmod(state, 0o777)
            t0 = time.monotonic()
            subprocess.run(pod + ["--runtime", "runc", "run", "-d", "--name", f"bench{i}", "--network", "host",
                                  "--ulimit", "nofile=20000:20000", "--ulimit", "nproc=4096:4096",
                                  "-e", f"METRICS_PORT={port}", "-v", f"{runner_dir}:/runner:ro",
                                  "-v", f"{state}:/var/lib/runner-metrics", image], check=True, capture_output=True)
            while True:
                try:
                    if get(port, "/metrics", timeout=2)[0] == 200:
                        break
                except OSError:
                    pass
                if time.monotonic() - t0 > 120:
                    raise RuntimeError("image: no /metrics within 120 s")
                time.sleep(0.005)
            times.append(time.monotonic() - t0)
            subprocess.run(pod + ["rm", "-f", "-t", "10", f"bench{i}"], capture_output=True)
    finally:
        subprocess.run(pod + ["rm", "-af"], capture_output=True)
        subprocess.run(pod + ["rmi", "-af"], capture_output=True)
        shutil.rmtree(store, ignore_errors=True)
        if os.path.exists(store):
            subprocess.run(["podman", "unshare", "rm", "-rf", store], capture_output=True)
    return times


def bench_dashboard(q, res):
    sys.path.insert(0, BENCH)
    sys.dont_write_bytecode = True  # no __pycache__ left in src/bench
    import dashboard
    res["dashboard"] = dashboard.run(q, WORK, log, free_port, PROCS.append)


def machine():
    def first(cmd):
        try:
            return subprocess.run(cmd, capture_output=True, text=True, shell=True).stdout.strip().splitlines()[0]
        except (IndexError, OSError):
            return "unknown"
    cpu = first("grep -m1 'model name' /proc/cpuinfo | cut -d: -f2-").strip()
    with open("/proc/meminfo") as f:
        mem = int(f.readline().split()[1]) / 1024 / 1024
    return {"cpu": cpu, "cores": os.cpu_count(), "ram_gib": round(mem, 1), "kernel": platform.release(),
            "os": first(". /etc/os-release && echo \"$PRETTY_NAME\""),
            "java": first("java -version 2>&1"), "java_vm": first("java -version 2>&1 | tail -1"),
            "node_exporter": first(f"{NODE_EXPORTER} --version 2>&1"),
            "prometheus": first("prometheus --version 2>&1"), "promtool": first("promtool --version 2>&1"),
            "wrk": first("wrk -v 2>&1"), "hyperfine": first("hyperfine --version"),
            "podman": first("podman --version 2>/dev/null") or "none",
            "commit": first(f"git -C {REPO} rev-parse --short HEAD") + (
                " (with local changes)" if first(f"git -C {REPO} status --porcelain | head -1") != "unknown" else ""),
            "load_before": open("/proc/loadavg").read().split()[:3]}


FULL = {"scrape_sizes": [1, 5, 50], "concurrent_sizes": [1, 50], "jobs_per_runner": 200, "latency_seconds": 10,
        "connections": 50, "concurrent_seconds": 60, "idle_seconds": 120, "scrape_interval": 15, "burst_jobs": 1000,
        "runner_counts": [1, 5, 20], "rest_seconds": 5, "ingest_jobs": 5000, "ingest_passes": 9, "grep_runs": 20,
        "latency_samples": 100, "startup_runs": 10, "podman": True,
        "dash_runners": 100, "dash_days": 7, "dash_interval": 60, "query_runs": 3,
        "node_pods": 50, "node_churn_pods": 7200, "node_linger_s": 0.5, "node_scrape_every_s": 1}
QUICK = {**FULL, "concurrent_sizes": [50], "jobs_per_runner": 50, "latency_seconds": 3, "concurrent_seconds": 5,
         "idle_seconds": 30, "burst_jobs": 1000, "rest_seconds": 2, "ingest_jobs": 500, "ingest_passes": 3,
         "grep_runs": 5, "latency_samples": 10, "startup_runs": 2, "podman": True,
         "dash_runners": 10, "dash_days": 1, "query_runs": 2, "node_churn_pods": 500}
BENCHES = {"scrape": bench_scrape, "idle_burst": bench_idle_burst, "idle_many": bench_idle_many,
           "per_runner": bench_per_runner, "node": bench_node,
           "ingest": bench_ingest, "event_latency": bench_event_latency, "startup": bench_startup,
           "dashboard": bench_dashboard}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--out", required=True)
    ap.add_argument("--only", nargs="*", choices=list(BENCHES),
                    help="run these benchmarks; the others' figures already in OUT/results.json are kept")
    a = ap.parse_args()
    q = QUICK if a.quick else FULL
    mode = "quick" if a.quick else "full"
    os.makedirs(a.out, exist_ok=True)
    path = os.path.join(a.out, "results.json")
    now = lambda: time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime())
    load = lambda: open("/proc/loadavg").read().split()[:3]
    res = {"mode": mode, "parameters": q, "machine": machine(), "image_jvm_flags": " ".join(IMAGE_FLAGS),
           "node_exporter_flags": " ".join(NODE_EXPORTER_FLAGS), "runs": {}}
    if a.only and os.path.exists(path):
        with open(path) as f:
            old = json.load(f)
        if old.get("mode") == mode:
            kept = [k for k in BENCHES if k not in a.only and k in old.get("runs", {})]
            res["runs"] = {k: old["runs"][k] for k in kept}
            for k in kept:
                for key in RESULT_KEYS[k]:
                    if key in old:
                        res[key] = old[key]
            log(f"keeping {', '.join(kept) or 'nothing'} from {path}")
    for name, fn in BENCHES.items():
        if a.only and name not in a.only:
            continue
        log(f"== {name}")
        run = {"started": now(), "load_before": load(), "commit": res["machine"]["commit"]}
        t0 = time.monotonic()
        fn(q, res)
        run.update(seconds=round(time.monotonic() - t0, 1), finished=now(), load_after=load())
        res["runs"][name] = run
        with open(path, "w") as f:
            json.dump(res, f, indent=1)
    log(f"results: {path}")


# The keys of results.json each benchmark writes.
RESULT_KEYS = {"scrape": ["scrape"], "idle_burst": ["idle", "burst"], "idle_many": ["idle_many"],
               "per_runner": ["per_runner"], "node": ["node"],
               "ingest": ["ingest"], "event_latency": ["event_latency"], "startup": ["startup"],
               "dashboard": ["dashboard"]}


if __name__ == "__main__":
    main()
