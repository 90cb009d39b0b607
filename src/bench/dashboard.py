"""Dashboard query time: DAYS of data for RUNNERS runners backfilled into a Prometheus TSDB, the recording rules
backfilled from it, then every query of every panel of each generated dashboard of the suite timed over the whole
range, once as the dashboard has it (recording rules) and once with each recording rule expanded into its
expression."""
import glob
import json
import os
import re
import shutil
import statistics
import subprocess
import time
import urllib.parse
import urllib.request

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
CATALOGUE_JAR = os.path.join(REPO, "src", "catalogue", "target", "runner-metrics-catalogue-0.1.0-SNAPSHOT.jar")


def generated(name, committed):
    """The file dashboards-gen wrote in this build, else the committed copy (a test keeps them equal)."""
    found = sorted(glob.glob(os.path.join(REPO, "dashboards-gen", "target", "generated", "**", name), recursive=True))
    return found[0] if found else os.path.join(REPO, committed)


# Grafana's roundInterval (seconds): an interval up to the first figure becomes the second.
ROUND = ((7.5, 5), (12.5, 10), (17.5, 15), (25, 20), (45, 30), (90, 60), (210, 120), (450, 300), (750, 600),
         (1050, 900), (1500, 1200), (2700, 1800), (5400, 3600), (12600, 7200), (27000, 18000), (45000, 36000),
         (63000, 54000), (90000, 86400))


def grafana_step(range_s, interval, max_points=1000):
    """Grafana's $__interval for a panel max_points wide: range / max data points, at least the scrape interval,
    rounded with Grafana's roundInterval."""
    raw = max(range_s / max_points, interval)
    for upto, step in ROUND:
        if raw <= upto:
            return max(step, interval)
    return 86400


def substitute(expr, range_s, step, interval):
    expr = re.sub(r'\$(job|runner_type|runner_name|repository|environment)\b', ".*", expr)  # "All": the variables' allValue is .*
    rate_interval = max(4 * interval, step + interval)
    for k, v in (("$__range_s", str(range_s)), ("$__range", f"{range_s}s"),
                 ("$__rate_interval", f"{rate_interval}s"), ("$__interval_ms", str(step * 1000)),
                 ("$__interval", f"{step}s")):
        expr = expr.replace(k, v)
    assert "$" not in expr, expr
    return expr


# A step rule's body: what each series grew since the previous evaluation (RecordingRules.stepIncrease).
STEP_BODY = re.compile(r"\((\w+)(?:\{([^}]*)\})? - last_over_time\(\1(?:\{[^}]*\})?\[\w+\] offset (\w+)\)\) >= 0 or "
                       r"\1(?:\{[^}]*\})? and on \(job, instance\) \(last_over_time\(up(?:\{[^}]*\})?\[\w+\] offset \3\) == 1\)")


def parse_rules(path):
    """record name -> (aggregation, by-labels, function or None, metric, own matchers, window) of each rule; the
    function of a step rule (the growth since its previous evaluation, every 5 minutes) is "step"."""
    rules = {}
    text = open(path).read()
    for m in re.finditer(r"- expr: \|-\n(.*?)\n    record: (\S+)", text, re.S):
        expr = " ".join(m.group(1).split())
        r = re.fullmatch(r"(sum|count) by \(([^)]*)\) \( (.*) \)", expr)
        if r is None:
            raise ValueError(f"recording rule shape not understood: {m.group(2)}: {expr}")
        body = r.group(3)
        step = STEP_BODY.fullmatch(body)
        if step:
            rules[m.group(2)] = (r.group(1), r.group(2), "step", step.group(1), step.group(2), f"[{step.group(3)}]")
            continue
        b = re.fullmatch(r"(?:(rate|increase)\()?(\w+)(?:\{([^}]*)\})?(\[\w+\])?\)?", body)
        if b is None:
            raise ValueError(f"recording rule shape not understood: {m.group(2)}: {expr}")
        rules[m.group(2)] = (r.group(1), r.group(2)) + b.groups()
    return rules


def step_sums(expr, rules):
    """Each sum of a step rule's samples over a window (sum_over_time(rec{...}[w] offset 1ms), what the panels do)
    becomes the increase of the raw series over the window: what the panel claims to show, and what one would query
    without the rules. The samples in a window are the growth up to the last evaluation in it, which the backfill
    makes on the window grid (every rule interval from the hour): one interval before the window's end, hence the
    offset (in a live Prometheus the lag is anywhere from 0 to the interval)."""
    def repl(m):
        agg, by, fn, metric, own, window = rules[m.group(1)]
        matchers = ", ".join(x for x in (own or "", m.group(2)) if x)
        return f"({agg} by ({by}) (increase({metric}{{{matchers}}}[{m.group(3)}] offset {window.strip('[]')})))"
    steps = "|".join(re.escape(r) for r, v in rules.items() if v[2] == "step")
    if not steps:
        return expr
    return re.sub(rf"sum_over_time\(({steps})\{{([^}}]*)\}}\[(\w+)\](?: offset \w+)?\)", repl, expr)


def expand(expr, rules):
    """Replaces each recording rule series with the rule's own expression, keeping the panel's matchers; a rule
    series under a range ([600s]) becomes a subquery at the rule's evaluation interval; a sum of a step rule's
    samples becomes the raw increase over its window (step_sums)."""
    expr = step_sums(expr, rules)

    def repl(m):
        agg, by, fn, metric, own, window = rules[m.group(1)]
        matchers = ", ".join(x for x in (own or "", m.group(2)) if x)
        inner = f"{metric}{{{matchers}}}{window or ''}"
        out = f"({agg} by ({by}) ({fn}({inner})))" if fn else f"({agg} by ({by}) ({inner}))"
        if m.group(3):
            out += f"[{m.group(3)}:1m]"
        return out
    names = "|".join(re.escape(r) for r, v in rules.items() if v[2] != "step")
    return re.sub(rf"\b({names})\{{([^}}]*)\}}(?:\[(\w+)\])?", repl, expr)


def reference(expr, rules):
    """The panel's query on the raw series: each sum of a step rule's samples becomes the increase of the raw counter
    over its window (what the panel claims to show), each other recorded series its own expression."""
    return expand(expr, rules)


# A panel's figure (mean of each series over the range) may differ this much from the same figure on the raw series:
# both extrapolate counter increases to their windows' edges, at different windows.
CHECK_TOLERANCE = 0.02
# The jobs Jobs per Hour shows over the range, against the simulation's true count.
JOBS_TOLERANCE = 0.01

# The suite's dashboards, the overview first (its figures stay at the top level of the results, as before).
DASHBOARDS = ("github-runners.json", "github-runners-dora.json", "github-runners-jobs.json",
              "github-runners-capacity.json")


def run(q, work, log, free_port, register):
    dash_path = generated("github-runners.json", "deployment/grafana/dashboards/github-runners.json")
    rules_path = generated("github-runners-recording.yml", "deployment/prometheus/rules/github-runners-recording.yml")
    runners, days, interval = q["dash_runners"], q["dash_days"], q["dash_interval"]
    end = (int(time.time()) - 3600) // 3600 * 3600  # an hour back, so the blocks stay clear of Prometheus' head
    start = end - days * 86400
    data = os.path.join(work, "tsdb")
    out = {"dashboard": os.path.relpath(dash_path, REPO), "rules": os.path.relpath(rules_path, REPO),
           "runners": runners, "days": days, "scrape_interval_s": interval}

    # 1. The raw series: one file per day from one simulation, then promtool on two days at a time (it parses on
    # one core and keeps a whole input in memory).
    t0 = time.monotonic()
    om = os.path.join(work, "backfill")
    r = subprocess.run(["java", "-cp", CATALOGUE_JAR, os.path.join(REPO, "src", "bench", "Backfill.java"), om,
                        str(runners), str(days), str(interval), str(end)], check=True, capture_output=True, text=True)
    stats = json.loads(r.stdout)
    log(f"dashboard: generated {stats['samples']:,} samples in {time.monotonic() - t0:.0f} s")
    pending = [os.path.join(om, f"day-{d}.om") for d in range(days)]
    running = []
    while pending or running:
        while pending and len(running) < 2:
            f = pending.pop(0)
            running.append((f, subprocess.Popen(["promtool", "tsdb", "create-blocks-from", "openmetrics", "-q",
                                                 "--max-block-duration=24h", f, data],
                                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)))
            register(running[-1][1])
        f, p = running.pop(0)
        if p.wait() != 0:
            raise RuntimeError(f"promtool failed on {f}: {p.stderr.read().decode()[-2000:]}")
        os.remove(f)
        log(f"dashboard: backfilled {os.path.basename(f)}")
    out.update(samples=stats["samples"], jobs=stats["jobs"], jobs_in_range=stats["jobs_in_range"],
               backfill_s=time.monotonic() - t0)

    # 2. Prometheus on that TSDB; the recording rules backfilled from it by promtool; restart to load their blocks.
    port = free_port()
    config = os.path.join(work, "prometheus.yml")
    with open(config, "w") as f:
        f.write("global:\n  evaluation_interval: 1m\n")

    def prometheus():
        log_file = open(os.path.join(work, "prometheus.log"), "a")
        p = subprocess.Popen(["prometheus", f"--config.file={config}", f"--storage.tsdb.path={data}",
                              "--storage.tsdb.retention.time=60d", f"--web.listen-address=127.0.0.1:{port}",
                              "--query.max-samples=200000000"],
                             stdout=log_file, stderr=subprocess.STDOUT, start_new_session=True)
        register(p)  # stopped by the suite at exit if still running
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            try:
                if urllib.request.urlopen(f"http://127.0.0.1:{port}/-/ready", timeout=2).status == 200:
                    return p
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("prometheus not ready: " + open(log_file.name).read()[-2000:])

    def stop(p):
        p.terminate()
        p.wait(timeout=60)

    prom = prometheus()
    t0 = time.monotonic()
    rules_out = os.path.join(work, "rules-blocks")
    subprocess.run(["promtool", "tsdb", "create-blocks-from", "rules", "-q", f"--start={start}", f"--end={end}",
                    f"--url=http://127.0.0.1:{port}", f"--output-dir={rules_out}", "--eval-interval=60s", rules_path],
                   check=True, capture_output=True)
    out["rules_backfill_s"] = time.monotonic() - t0
    stop(prom)
    for block in os.listdir(rules_out):
        shutil.move(os.path.join(rules_out, block), os.path.join(data, block))
    blocks = lambda: sum(1 for b in os.listdir(data) if os.path.exists(os.path.join(data, b, "meta.json")))
    out["blocks_loaded"] = blocks()
    prom = prometheus()
    # promtool writes the rules in 2 h blocks; a running Prometheus compacts small blocks into bigger ones (its
    # first compaction comes a minute after start). Query what it would serve after that, not 84 small blocks.
    t0, first, last, stable = time.monotonic(), blocks(), blocks(), time.monotonic()
    while time.monotonic() - t0 < 300 and (last == first or time.monotonic() - stable < 30):
        time.sleep(5)
        if blocks() != last:
            last, stable = blocks(), time.monotonic()
    out.update(blocks_compacted=last, compaction_wait_s=time.monotonic() - t0)
    log(f"dashboard: {out['blocks_loaded']} blocks, {last} after compaction")
    out["tsdb_bytes"] = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(data) for f in fs)

    def values(expr, instant, step):
        """label set -> list of (time, value) of the query's result."""
        params = {"query": expr}
        if instant:
            path, params["time"] = "query", str(end)
        else:
            path = "query_range"
            params.update(start=str(start), end=str(end), step=str(step))
        url = f"http://127.0.0.1:{port}/api/v1/{path}?" + urllib.parse.urlencode(params)
        body = json.load(urllib.request.urlopen(url, timeout=600))
        if body["status"] != "success":
            raise RuntimeError(f"query failed: {expr}: {body}")
        out = {}
        for r in body["data"]["result"]:
            key = tuple(sorted(r["metric"].items()))
            pts = r.get("values") or [r["value"]]
            out[key] = [(float(t), float(v)) for t, v in pts]
        return out

    def query(expr, instant, step):
        params = {"query": expr}
        if instant:
            path, params["time"] = "query", str(end)
        else:
            path = "query_range"
            params.update(start=str(start), end=str(end), step=str(step))
        url = f"http://127.0.0.1:{port}/api/v1/{path}?" + urllib.parse.urlencode(params)
        t = time.monotonic()
        body = json.load(urllib.request.urlopen(url, timeout=300))
        elapsed = time.monotonic() - t
        if body["status"] != "success":
            raise RuntimeError(f"query failed: {expr}: {body}")
        return elapsed, len(body["data"]["result"])

    rules = parse_rules(rules_path)
    range_s = end - start
    step = grafana_step(range_s, interval)
    out.update(range_s=range_s, step_s=step, dashboards=[])

    def panel_step(panel):
        """Grafana's $__interval for the panel: the dashboard's, at least the panel's min interval ("5m")."""
        m = re.fullmatch(r"(\d+)([smh])", panel.get("interval") or "0s")
        return max(step, int(m.group(1)) * {"s": 1, "m": 60, "h": 3600}[m.group(2)])

    def check(expr, instant, step):
        """The panel's figure against the same figure on the raw series: for each series, its mean over the range
        (its value for an instant query), relative to the reference's."""
        ref = reference(expr, rules)
        got, want = values(expr, instant, step), values(ref, instant, step)
        worst, missing = 0.0, 0
        for key, pts in want.items():
            w = [v for _, v in pts if v == v]
            g = [v for _, v in got.get(key, []) if v == v]
            if not w:
                continue
            if not g:
                missing += 1
                continue
            mw, mg = sum(w) / len(w), sum(g) / len(g)
            if mw != 0 or mg != 0:
                worst = max(worst, abs(mg - mw) / max(abs(mw), 1e-9))
        return {"reference": ref, "series": len(want), "missing": missing, "extra": len(set(got) - set(want)),
                "max_rel_dev": worst, "ok": missing == 0 and worst <= CHECK_TOLERANCE}

    def time_panels(path):
        dash = json.load(open(path))
        timed = {"dashboard": os.path.relpath(path, REPO), "title": dash["title"], "uid": dash["uid"], "panels": []}
        for panel in dash["panels"]:
            if panel.get("type") == "row":
                continue
            row = {"title": panel["title"], "type": panel["type"], "queries": len(panel.get("targets", []))}
            step = panel_step(panel)
            row["step_s"] = step
            for mode in ("with_rules", "without_rules"):
                total, series_count, instant_all = 0.0, 0, True
                for target in panel.get("targets", []):
                    expr = substitute(target["expr"], range_s, step, interval)
                    if mode == "without_rules":
                        expr = expand(expr, rules)
                    instant = bool(target.get("instant")) and not target.get("range")
                    instant_all &= instant
                    warm, _ = query(expr, instant, step)
                    times = []
                    for _ in range(q["query_runs"] if warm <= 5 else 1):  # keep the suite's time bounded
                        elapsed, n = query(expr, instant, step)
                        times.append(elapsed)
                    total += statistics.median(times)
                    series_count += n
                    row.setdefault("exprs", {}).setdefault(mode, []).append(expr)
                    if mode == "with_rules":
                        row.setdefault("checks", []).append(check(expr, instant, step))
                row[mode] = {"ms": 1000 * total, "series": series_count}
            row["kind"] = "instant" if instant_all else "range"
            timed["panels"].append(row)
            log(f"dashboard: {dash['uid']}: {row['title']}: {row['with_rules']['ms']:.1f} ms with rules, "
                f"{row['without_rules']['ms']:.1f} ms without ({row['with_rules']['series']} series)")
        timed["total_with_rules_ms"] = sum(p["with_rules"]["ms"] for p in timed["panels"])
        timed["total_without_rules_ms"] = sum(p["without_rules"]["ms"] for p in timed["panels"])
        return timed

    for name in DASHBOARDS:
        timed = time_panels(generated(name, "deployment/grafana/dashboards/" + name))
        out["dashboards"].append(timed)
    # Jobs per Hour over the whole range, each point (jobs per hour over the step that ends at it) times its step,
    # the points after the start (their steps make up the range): the jobs that finished in the range.
    jph = next(p for p in out["dashboards"][0]["panels"] if p["title"] == "Jobs per Hour")
    shown = sum(v for pts in values(jph["exprs"]["with_rules"][0], False, jph["step_s"]).values() for t, v in pts
                if t > start) * jph["step_s"] / 3600
    true = stats["jobs_in_range"]
    out["jobs_check"] = {"panel": "Jobs per Hour", "shown": shown, "true": true,
                         "rel_dev": abs(shown - true) / true, "tolerance": JOBS_TOLERANCE}
    log(f"dashboard: Jobs per Hour shows {shown:,.0f} jobs over the range, {true:,} finished in it")
    overview = out["dashboards"][0]
    out.update(panels=overview["panels"], total_with_rules_ms=overview["total_with_rules_ms"],
               total_without_rules_ms=overview["total_without_rules_ms"])
    stop(prom)
    return out
