"""Scale benchmark of crm-cli analyze and plan: 100 000 customers, 2 000 000 orders, wall time and peak memory.

Generates (fixed seed) a customer CSV of 100 000 customers spread over 1 000 reps (100 each, so the year holds
every visit) and the same customers over 10 reps (10 000 each, to show the capacity account), plus an order log
of 2 000 000 orders (a customer file of its own: crm-cli reads its customers from the orders, one rep, no
coordinates); times `crm-cli analyze` and `crm-cli plan` under /usr/bin/time -v and,
with --write, replaces the section "## Scale: crm-cli" of the benchmarks file.
usage: /usr/bin/python3 tests/bench/bench_scale.py [--customers 100000] [--orders 2000000] [--write BENCHMARKS.md]
"""
import argparse
import math
import os
import random
import re
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
from bench_tiering import machine, write_section  # noqa: E402  (same machine line, same section writer)

BUILD = os.environ.get("CRM_BUILD_DIR", os.path.join(ROOT, "build"))
CLI = os.path.join(BUILD, "crm-cli")
TITLE = "Scale: crm-cli"


def write_customers(path, n, reps, seed):
    """n customers, reps territories of n / reps customers clustered around a centre in France."""
    rng = random.Random(seed)
    centres = [(rng.uniform(43.5, 50.5), rng.uniform(-1.0, 7.0)) for _ in range(reps)]
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write("Customer ID,Name,Sales 2025,Sales 2024,Cost,City,Rep,Latitude,Longitude\n")
        for i in range(n):
            r = i % reps
            lat, lon = centres[r]
            sales = round(math.exp(rng.gauss(8.5, 1.4)), 2)
            previous = round(sales / math.exp(rng.gauss(0.05, 0.2)), 2)
            f.write("C%06d,Customer %d,%.2f,%.2f,%.2f,Town %d,Rep %04d,%.5f,%.5f\n" % (
                i + 1, i + 1, sales, previous, sales * rng.uniform(0.5, 0.9), r * 7 + rng.randrange(7), r,
                lat + rng.gauss(0, 0.15), lon + rng.gauss(0, 0.2)))


def write_transactions(path, n_orders, n_customers, seed):
    """n_orders orders of 2024-2025 over the customers (a few customers buy much more often)."""
    rng = random.Random(seed)
    start = 45292  # 2024-01-01 as a Calc serial date
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write("Customer ID,Date,Amount\n")
        lines = []
        for k in range(n_orders):
            c = min(n_customers, int(rng.paretovariate(1.2))) if k % 2 else rng.randrange(1, n_customers + 1)
            serial = start + rng.randrange(731)
            y, m, d = civil(serial)
            lines.append("C%06d,%04d-%02d-%02d,%.2f\n" % (c, y, m, d, math.exp(rng.gauss(5, 1))))
            if len(lines) >= 100000:
                f.writelines(lines)
                lines = []
        f.writelines(lines)


def civil(serial):
    import datetime
    d = datetime.date(1899, 12, 30) + datetime.timedelta(days=serial)
    return d.year, d.month, d.day


def run(args):
    """(wall seconds, peak RSS in MB, last stdout line, stderr line count) of one crm-cli run."""
    t0 = time.perf_counter()
    done = subprocess.run(["/usr/bin/time", "-v", CLI, *args], capture_output=True, text=True)
    wall = time.perf_counter() - t0
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)
    lines = [l for l in done.stderr.splitlines() if not l.startswith("\t") and "Command being timed" not in l]
    if done.returncode != 0:
        raise SystemExit("crm-cli %s failed (%d):\n%s" % (" ".join(args), done.returncode, done.stderr[-2000:]))
    last = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""
    return wall, int(rss.group(1)) / 1024 if rss else float("nan"), last, lines


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=100000)
    parser.add_argument("--orders", type=int, default=2000000)
    parser.add_argument("--write", help="benchmarks file to update (e.g. BENCHMARKS.md)")
    args = parser.parse_args()
    n = args.customers
    with tempfile.TemporaryDirectory(prefix="crm-scale-") as work:
        many, few = os.path.join(work, "customers-1000-reps.csv"), os.path.join(work, "customers-10-reps.csv")
        orders = os.path.join(work, "orders.csv")
        t0 = time.perf_counter()
        write_customers(many, n, 1000, 2026)
        write_customers(few, n, 10, 2026)
        write_transactions(orders, args.orders, n, 2027)
        print("generated in %.1f s (%.0f MB of orders)" % (time.perf_counter() - t0, os.path.getsize(orders) / 1e6))
        out = os.path.join(work, "out.csv")
        cases = [
            ("analyze, 1 000 reps", ["analyze", many, "--out", out]),
            ("plan, 1 000 reps", ["plan", many, "--year", "2026", "--out", out, "--ics", os.path.join(work, "v.ics")]),
            # An order log is a customer file of its own (crm-cli reads its customers from the orders): one rep,
            # no coordinates, so the year holds a small part of the visits.
            ("plan from the %s-order log (one rep)" % format(args.orders, ",").replace(",", " "),
             ["plan", orders, "--year", "2026", "--out", out]),
            ("plan, 10 reps (over capacity)", ["plan", few, "--year", "2026", "--out", out]),
        ]
        rows, notes = [], []
        for label, cli_args in cases:
            wall, rss, last, err = run(cli_args)
            print("%-40s %7.2f s %7.0f MB  %s" % (label, wall, rss, last))
            rows.append("| %s | %.2f | %.0f | `%s` |" % (label, wall, rss, last))
            if "10 reps" in label:
                # crm-cli's shortfall lines (schedule_sheet.cpp, "shortfall_visits"): "Rep 0001: N visits wanted, …"
                notes = [l for l in err if " visits wanted, " in l][:2]
                shortfalls = sum(1 for l in err if " visits wanted, " in l)
    body = "\n".join([
        "`tests/bench/bench_scale.py`: crm-cli on %s customers (fixed seed; lognormal sales, Pareto 80/95, "
        "12/4/1 visits, 6 a day, 8 h, year 2026) and %s orders; wall time and peak resident memory from "
        "`/usr/bin/time -v`, input reading and output writing included. %s" % (
            format(n, ",").replace(",", " "), format(args.orders, ",").replace(",", " "), machine()),
        "",
        "| run | wall s | peak MB | last line |",
        "|---|---:|---:|---|",
        *rows,
        "",
        "With 10 reps (%s customers each) the year cannot hold the visits; crm-cli plans them anyway and states, "
        "for each of the %d reps, the shortfall and its fixes, e.g.:" % (format(n // 10, ",").replace(",", " "), shortfalls),
        "",
        *["> %s" % l for l in notes[:1]],
    ])
    if args.write:
        write_section(args.write, TITLE, body)
        print("wrote section '%s' of %s" % (TITLE, args.write))


if __name__ == "__main__":
    main()
