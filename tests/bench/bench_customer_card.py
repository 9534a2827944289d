#!/usr/bin/env python3
"""The customer card's lookup on CDNOW's whole log (issue 16): runs bench_customer_card and writes its table to
BENCHMARKS.md.

Usage: /usr/bin/python3 tests/bench/bench_customer_card.py [--runs 3] [--lookups 200] [--write BENCHMARKS.md]
Runs build/tests/bench/bench_customer_card (the C++ core only, no office) on data/cdnow/CDNOW_master.txt (23 570
customers, 69 659 orders): the index of the run's tables built once, then one card per lookup (median and slowest
over --lookups customers spread through the log), against the baseline of a card made without an index (every
table scanned for the customer's rows), measured in the same run. Median of --runs runs.
"""
import argparse
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
from bench_report import machine, write_section  # noqa: E402

BUILD = os.environ.get("CRM_BUILD_DIR", os.path.join(ROOT, "build"))
EXE = os.path.join(BUILD, "tests", "bench", "bench_customer_card")
DATA = os.path.join(ROOT, "data", "cdnow", "CDNOW_master.txt")
TITLE = "Customer card: a lookup on CDNOW's whole log (issue 16)"


def run_once(lookups):
    out = subprocess.run([EXE, DATA, "--lookups", str(lookups)], capture_output=True, text=True, check=True).stdout
    line = next(l for l in out.splitlines() if l.startswith("BENCH "))
    return {k: float(v) for k, v in re.findall(r"(\w+)=(\S+)", line[6:])}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--lookups", type=int, default=200)
    parser.add_argument("--write", default=os.path.join(ROOT, "BENCHMARKS.md"))
    args = parser.parse_args()
    runs = [run_once(args.lookups) for _ in range(args.runs)]

    def med(key):
        values = sorted(r[key] for r in runs)
        return values[len(values) // 2]

    r = runs[0]
    body = "\n".join([
        "`tests/bench/bench_customer_card.py` (with `bench_customer_card`, the core only), median of %d runs; %s."
        % (args.runs, machine()),
        "",
        "%d customers, %d orders; the tables as the job service reads them (Customers sheet, order log)." % (r["customers"], r["orders"]),
        "",
        "| step | time |",
        "|---|---|",
        "| index the tables (once, after reading the sheets) | %.1f ms |" % med("index_ms"),
        "| **one card from the index** (median of %d customers) | **%.3f ms** |" % (r["lookups"], med("lookup_median_ms")),
        "| one card from the index, slowest | %.3f ms |" % med("lookup_max_ms"),
        "| baseline: one card without an index (every table scanned) | %.1f ms |" % med("scan_median_ms"),
        "| speed-up of the indexed lookup over the baseline | %.0f× |" % (med("scan_median_ms") / med("lookup_median_ms")),
        "",
        "The spec asks for a card in under 100 ms once the sheets are read. Through the job service in a real Calc",
        "(`tests/integration/test_customer_card.py`, the UNO bridge included) a card takes a few milliseconds once",
        "the index is built; the first call reads and indexes the sheets (about 2 to 4 s on this log).",
    ])
    write_section(args.write, TITLE, body)
    print(body)


if __name__ == "__main__":
    main()
