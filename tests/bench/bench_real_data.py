#!/usr/bin/env python3
"""Times the jobs on CDNOW's whole log in a real Calc (69 659 orders, 23 570 customers, data/cdnow): analyze +
planVisits + the recalculation they leave, against the floor of reading and writing the same cells through UNO,
in one run; and the core's BG/NBD and Gamma-Gamma fits on the same customers (bench_models --cdnow-master).

Usage: /usr/bin/python3 tests/bench/bench_real_data.py [--runs 3] [--save RUN.json] [--before RUN.json]
       [--write BENCHMARKS.md]
--save keeps this run's medians; --before adds the medians an earlier run saved (another build, same machine)
as a "before" column, each ratio against the floor measured in its own run.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
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


def step_times(path):
    """The jobs' step times of one run ({"analyze read": seconds, ...}; src/uno/shared/step_times.hxx), then cleared."""
    steps = {}
    with open(path) as f:
        for line in f:
            job, step, seconds = line.split()
            steps["%s %s" % (job, step)] = steps.get("%s %s" % (job, step), 0.0) + float(seconds)
    open(path, "w").close()
    return steps


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--write")
    parser.add_argument("--save", help="write this run's medians to a JSON file")
    parser.add_argument("--before", help="a JSON file --save wrote with an earlier build: a before column")
    args = parser.parse_args()
    rows = cdnow_rows()
    runs, steps = [], []
    # The jobs write their step times to this file (the office inherits the environment).
    times = tempfile.NamedTemporaryFile(prefix="crm-steps-", suffix=".txt", delete=False)
    times.close()
    os.environ["CRM_STEP_TIMES"] = times.name
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
            steps.append(step_times(times.name))
            doc = new_document(office, rows)
            t_floor = floor(doc, (analysis["Customers"] + 1, width), plan["VisitsPlanned"] + 1, sources=("CDNOW",))
            doc.setModified(False)
            doc.close(True)
            runs.append((t_analyze, t_plan, t_settle, t_floor))
            print("run: analyze %.2f s, plan %.2f s, settle %.2f s, floor %.2f s" % runs[-1], flush=True)
            print("  steps: " + ", ".join("%s %.2f" % kv for kv in steps[-1].items()), flush=True)
    os.unlink(times.name)
    t_analyze, t_plan, t_settle, t_floor = (statistics.median(r[k] for r in runs) for k in range(4))
    ratios = sorted((r[0] + r[1] + r[2]) / r[3] for r in runs)
    total = t_analyze + t_plan + t_settle
    now = {"analyze": t_analyze, "plan": t_plan, "settle": t_settle, "total": total, "floor": t_floor,
           "ratio": total / t_floor, "ratios": ratios, "runs": len(runs),
           "steps": {name: statistics.median(run.get(name, 0.0) for run in steps) for name in steps[0]}}
    if args.save:
        with open(args.save, "w") as f:
            json.dump(now, f, indent=1)
    before = None
    if args.before:
        with open(args.before) as f:
            before = json.load(f)

    def cells(key, fmt, bold=False):
        value = (lambda d: d[key]) if isinstance(key, str) else key
        texts = ([fmt % value(before)] if before else []) + [fmt % value(now)]
        return " | ".join("**%s**" % t if bold else t for t in texts)

    head = "| step | before | after |\n|---|---|---|\n" if before else "| step | time |\n|---|---|\n"
    each = lambda d: "%.2f× (each run: %s)" % (d["ratio"], ", ".join("%.2f×" % r for r in d["ratios"]))
    names = list(now["steps"]) + [n for n in (before or {}).get("steps", {}) if n not in now["steps"]]
    step_rows = "".join("| %s | %s |\n" % (name, " | ".join(
        ["%.3f s" % d["steps"][name] if name in d["steps"] else "—" for d in ([before] if before else []) + [now]]))
        for name in names)
    fits = subprocess.run([os.path.join(common.BUILD, "tests", "bench", "bench_models"), "--cdnow-master",
                           common.data("cdnow", "CDNOW_master.txt")], capture_output=True, text=True, check=True).stdout
    body = ("`tests/bench/bench_real_data.py` on %s, %s: CDNOW's whole log (%d orders, %d customers, no rep column, no "
            "coordinates) in a real headless Calc through `org.calccrm.CustomerJobs`; median of %d runs, the jobs and "
            "the floor interleaved.%s\n\n"
            "%s"
            "| analyze (Customers and Summary sheets, the fits in the core and as live formulas) | %s |\n"
            "| planVisits (%d visits planned of %d wanted: one rep cannot hold them; %d reps needed) | %s |\n"
            "| recalculation of what is left dirty (`calculate()`) | %s |\n"
            "| **analyze + planVisits + that recalculation** | %s |\n"
            "| floor: read the log and write blocks the size of the outputs through UNO | %s |\n"
            "| ratio to the floor (target ≤ 2×) | %s |\n\n"
            "Inside the jobs (`CRM_STEP_TIMES`, median of the runs; a step's time includes the formulas Calc computes "
            "to answer it):\n\n%s%s\n"
            "The core's fits on the same %d customers (`bench_models --cdnow-master`, target < 50 ms each):\n\n%s"
            % (machine(), time.strftime("%Y-%m-%d"), len(rows) - 1, analysis["Customers"], len(runs),
               (" Before: %d runs of the previous build, saved with `--save` and given with `--before`, on the same "
                "machine earlier the same day; each ratio is against the floor of its own run." % before["runs"]) if before else "",
               head, cells("analyze", "%.2f s"), plan["VisitsPlanned"], plan["VisitsWanted"], plan["RepsNeeded"],
               cells("plan", "%.2f s"), cells("settle", "%.2f s"), cells("total", "%.2f s", True),
               cells("floor", "%.2f s"), cells(each, "%s"), head.replace("| step |", "| job step |"), step_rows,
               analysis["Customers"], fits))
    print(body)
    if args.write:
        write_section(args.write, TITLE, body)


if __name__ == "__main__":
    main()
