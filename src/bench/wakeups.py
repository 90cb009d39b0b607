#!/usr/bin/env python3
"""Per-thread wakeups (voluntary context switches) of a process over N seconds: what wakes an idle JVM."""
import os, sys, time
pid, secs = int(sys.argv[1]), float(sys.argv[2])
def snap():
    out = {}
    for t in os.listdir(f'/proc/{pid}/task'):
        try:
            name = open(f'/proc/{pid}/task/{t}/comm').read().strip()
            st = dict(l.split(':\t') for l in open(f'/proc/{pid}/task/{t}/status').read().splitlines() if ':\t' in l)
            cpu = open(f'/proc/{pid}/task/{t}/stat').read().rsplit(')', 1)[1].split()
            out[t] = (name, int(st['voluntary_ctxt_switches']), int(cpu[11]) + int(cpu[12]))
        except FileNotFoundError:
            pass
    return out
a = snap(); time.sleep(secs); b = snap()
rows = []
for t, (name, v, c) in b.items():
    v0, c0 = (a[t][1], a[t][2]) if t in a else (0, 0)
    rows.append((v - v0, c - c0, name, t))
rows.sort(reverse=True)
tot = sum(r[0] for r in rows); ticks = sum(r[1] for r in rows)
print(f"threads {len(b)}; wakeups {tot} in {secs:.0f}s = {tot/secs:.1f}/s; cpu {ticks/os.sysconf('SC_CLK_TCK')/secs*100:.2f}% of a core")
for w, c, name, t in rows:
    if w or c:
        print(f"{w/secs:7.2f}/s  {c:4d} ticks  {name}")
