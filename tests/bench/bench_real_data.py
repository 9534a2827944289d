#!/usr/bin/env python3
"""Times the jobs on CDNOW's whole log in a real Calc (69 659 orders, 23 570 customers, data/cdnow): analyze +
planVisits + the recalculation they leave, against the floor of reading and writing the same cells through UNO,
in one run; and the core's BG/NBD and Gamma-Gamma fits on the same customers (bench_models --cdnow-master).

Usage: /usr/bin/python3 tests/bench/bench_real_data.py [--runs 3] [--write BENCHMARKS.md]
"""
import argparse
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tests", "integration"))
sys.path.insert(0, HERE)
import common  # noqa: E402  (tools/ on the path, the extension's types known to the bridge)
import crmoffice  # noqa: E402
from crmoffice import as_dict, props  # noqa: E402
from bench_jobs import floor  # noqa: E402  (the same floor as the generated-data bench)
from bench_tiering import machine, write_section  # noqa: E402

TITLE = "Real data: CDNOW's whole log in Calc"


def cdnow_rows():
    rows = [["customer_id", "date", "number_of_cds", "dollar_value"]]
    with open(common.data("cdnow", "CDNOW_master.txt")) as f:
        next(f)
        for line in f:
            cid, day, cds, dollars = line.split()
            rows.append([cid, float(day), float(cds), float(dollars)])
    return rows


def new_document(office, rows):
    doc = office.new_calc()
    sheet = doc.Sheets.getByIndex(0)
    sheet.Name = "CDNOW"
    crmoffice.set_data(sheet, "A1", rows)
    return doc


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--write")
    args = parser.parse_args()
    rows = cdnow_rows()
    runs = []
    with crmoffice.Office(oxt=common.OXT, call_timeout=900) as office:
        jobs = office.smgr.createInstanceWithContext("org.calccrm.CustomerJobs", office.ctx)
        for _ in range(args.runs):
            doc = new_document(office, rows)
            start = time.perf_counter()
            analysis = as_dict(jobs.analyze(doc, props()))
            t_analyze = time.perf_counter() - start
            start = time.perf_counter()
            plan = as_dict(jobs.planVisits(doc, props(Year=1999)))
            t_plan = time.perf_counter() - start
            start = time.perf_counter()
            doc.calculate()
            t_settle = time.perf_counter() - start
            out = doc.Sheets.getByName(analysis["CustomersSheet"])
            cursor = out.createCursor()
            cursor.gotoEndOfUsedArea(False)
            width = cursor.getRangeAddress().EndColumn + 1
            doc.setModified(False)
            doc.close(True)
            doc = new_document(office, rows)
            t_floor = floor(doc, (analysis["Customers"] + 1, width), plan["VisitsPlanned"] + 1, sources=("CDNOW",))
            doc.setModified(False)
            doc.close(True)
            runs.append((t_analyze, t_plan, t_settle, t_floor))
            print("run: analyze %.2f s, plan %.2f s, settle %.2f s, floor %.2f s" % runs[-1], flush=True)
    t_analyze, t_plan, t_settle, t_floor = (statistics.median(r[k] for r in runs) for k in range(4))
    ratios = sorted((r[0] + r[1] + r[2]) / r[3] for r in runs)
    total = t_analyze + t_plan + t_settle
    fits = subprocess.run([os.path.join(common.BUILD, "tests", "bench", "bench_models"), "--cdnow-master",
                           common.data("cdnow", "CDNOW_master.txt")], capture_output=True, text=True, check=True).stdout
    body = ("`tests/bench/bench_real_data.py` on %s, %s: CDNOW's whole log (%d orders, %d customers, no rep column, no "
            "coordinates) in a real headless Calc through `org.calccrm.CustomerJobs`; median of %d runs, the jobs and "
            "the floor interleaved.\n\n"
            "| step | time |\n|---|---|\n"
            "| analyze (Customers and Summary sheets, the fits in the core and as live formulas) | %.2f s |\n"
            "| planVisits (%d visits planned of %d wanted: one rep cannot hold them; %d reps needed) | %.2f s |\n"
            "| recalculation of what is left dirty (`calculate()`) | %.2f s |\n"
            "| **analyze + planVisits + that recalculation** | **%.2f s** |\n"
            "| floor: read the log and write blocks the size of the outputs through UNO | %.2f s |\n"
            "| ratio to the floor (target ≤ 2×) | %.2f× (each run: %s) |\n\n"
            "The core's fits on the same %d customers (`bench_models --cdnow-master`, target < 50 ms each):\n\n%s"
            % (machine(), time.strftime("%Y-%m-%d"), len(rows) - 1, analysis["Customers"], len(runs), t_analyze,
               plan["VisitsPlanned"], plan["VisitsWanted"], plan["RepsNeeded"], t_plan, t_settle, total, t_floor,
               total / t_floor, ", ".join("%.2f×" % r for r in ratios), analysis["Customers"], fits))
    print(body)
    if args.write:
        write_section(args.write, TITLE, body)


if __name__ == "__main__":
    main()
