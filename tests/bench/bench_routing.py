#!/usr/bin/env python3
"""Times `crm-cli route` on the TSPLIB instances and writes the gaps to the optima to BENCHMARKS.md.

Usage: /usr/bin/python3 tests/bench/bench_routing.py [--repeat 3] [--quick-seconds 0.05] [--write BENCHMARKS.md]
Runs build/crm-cli only (no office): for every instance of data/tsplib/optimal-lengths.txt, once with
crm-cli's default time budget and once with --quick-seconds, --repeat runs each. Times are the median wall
time of the whole process (reading the file included); the length is the longest of the runs (the search is
stopped by the clock, so runs may differ) and the gap is measured against the published optimum.
"""
import argparse
import os
import platform
import re
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
from bench_tiering import write_section  # noqa: E402  (the one section writer of BENCHMARKS.md)

BUILD = os.environ.get("CRM_BUILD_DIR", os.path.join(ROOT, "build"))
CLI = os.path.join(BUILD, "crm-cli")
TSPLIB = os.path.join(ROOT, "data", "tsplib")
TITLE = "Routing: TSPLIB"


def optima():
    """(name, optimum) of every "name : length" line of optimal-lengths.txt, by name."""
    pairs = re.findall(r"^(\w+)\s*:\s*(\d+)\s*$", open(os.path.join(TSPLIB, "optimal-lengths.txt")).read(), re.M)
    return sorted((name, int(length)) for name, length in pairs)


def dimension(name):
    return int(re.search(r"^DIMENSION\s*:\s*(\d+)", open(os.path.join(TSPLIB, name + ".tsp")).read(), re.M).group(1))


def run_route(name, extra, repeat):
    """Median wall time and longest tour of `repeat` runs of crm-cli route."""
    times, lengths = [], []
    for _ in range(repeat):
        start = time.perf_counter()
        done = subprocess.run([CLI, "route", os.path.join(TSPLIB, name + ".tsp")] + extra,
                              capture_output=True, text=True, check=True)
        times.append(time.perf_counter() - start)
        lengths.append(int(re.fullmatch(r"length (\d+)", done.stdout.strip().splitlines()[-1]).group(1)))
    return statistics.median(times), max(lengths)


def machine():
    cpu = re.search(r"^model name\s*:\s*(.+)$", open("/proc/cpuinfo").read(), re.M)
    compiler = subprocess.run(["c++", "--version"], capture_output=True, text=True).stdout.splitlines()
    return "%s, %d cores, %s, %s" % (cpu.group(1) if cpu else "unknown CPU", os.cpu_count(), platform.platform(),
                                     compiler[0] if compiler else "unknown compiler")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--quick-seconds", default="0.05", help="the shorter time budget (crm-cli --seconds)")
    parser.add_argument("--write", help="benchmarks file to update (e.g. BENCHMARKS.md)")
    args = parser.parse_args()
    budgets = [("0.5 s (default)", []), ("%s s" % args.quick_seconds, ["--seconds", args.quick_seconds])]
    header = "| instance | n | optimum |" + "".join(" length at %s | gap | time |" % label for label, _ in budgets)
    lines = [header, "|---|---:|---:|" + "---:|---:|---:|" * len(budgets)]
    worst = {label: 0.0 for label, _ in budgets}
    slowest = 0.0
    for name, optimum in optima():
        cells = [name, str(dimension(name)), str(optimum)]
        for label, extra in budgets:
            seconds, length = run_route(name, extra, args.repeat)
            gap = 100.0 * (length - optimum) / optimum
            worst[label] = max(worst[label], gap)
            slowest = max(slowest, seconds)
            cells += [str(length), "%.2f %%" % gap, "%.2f s" % seconds]
            print("%-10s %-24s length %7d  gap %5.2f %%  %.3f s" % (name, label, length, gap, seconds), flush=True)
        lines.append("| " + " | ".join(cells) + " |")
    summary = ("Worst gap: %s; slowest run %.2f s. Target: every instance within 2 %% (goal 1 %%) in under a "
               "second." % (", ".join("%.2f %% at %s" % (worst[label], label) for label, _ in budgets), slowest))
    body = ("`crm-cli route FILE.tsp` (route_day: nearest neighbour, 2-opt and Or-opt, double-bridge iterated local "
            "search) on the TSPLIB instances of `data/tsplib`, TSPLIB's rounded distances, gap to the proven "
            "optimum. Time: median wall time of the whole process over %d runs; length: the longest of those runs. "
            "Measured by `tests/bench/bench_routing.py` on %s, %s.\n\n%s\n\n%s\n"
            % (args.repeat, machine(), time.strftime("%Y-%m-%d"), "\n".join(lines), summary))
    print(body)
    if args.write:
        write_section(args.write, TITLE, body)


if __name__ == "__main__":
    main()
