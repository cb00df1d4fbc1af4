"""Sums `perf script -F pid,ip,dso` samples per process and, within each, per shared object.

Usage: perf script -F pid,ip,dso | python3 profile_by_process.py processes.txt
processes.txt holds `ps -eo pid=,args=` snapshots taken during the recording, to name each process.
"""
import collections
import sys


def role(args: str) -> str:
    # Names the parts of the local benchmark by what they run.
    if args.endswith(" function"):
        return args
    for marker, name in (("Governance.Functions.dll", "function program"), ("Governance.Benchmarks", "benchmark host + local stack"),
                         ("/aws ", "aws CLI"), ("sha256sum", "sha256sum")):
        if marker in args:
            return name
    return args.split()[0] if args else "?"


names = {}
with open(sys.argv[1], encoding="utf-8") as snapshots:
    for line in snapshots:
        pid, _, args = line.strip().partition(" ")
        names.setdefault(pid, role(args))

by_process = collections.Counter()
by_object = collections.defaultdict(collections.Counter)
total = 0
for line in sys.stdin:
    parts = line.split()
    if not parts:
        continue
    pid = parts[0]
    dso = line[line.find("(") + 1:line.rfind(")")] if "(" in line else "?"
    # JIT-compiled .NET code lives in anonymous double-mapped memory.
    dso = "JIT-compiled .NET code" if "doublemapper" in dso else dso
    name = "idle" if pid == "0" else f"{names.get(pid, 'other')} [{pid}]"
    by_process[name] += 1
    by_object[name][dso.rsplit("/", 1)[-1]] += 1
    total += 1

for name, count in by_process.most_common(8):
    objects = ", ".join(f"{obj} {100 * n / count:.0f}%" for obj, n in by_object[name].most_common(4))
    print(f"{100 * count / total:5.1f}%  {name}: {objects}")
