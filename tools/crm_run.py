#!/usr/bin/env python3
"""The headless main job: open a customer sheet in a private office with calc-crm installed, run the
analysis, the yearly visit plan and the calendar export through the org.calccrm.Jobs service (standard types
only, as any outside script: samples/scripts/crm_jobs_client.py), save the result and print a short summary.

Usage: /usr/bin/python3 tools/crm_run.py [FILE.ods|.xlsx|.csv] [--out DIR] [--year YYYY]
The source file is never written: results go to DIR/<name>-crm.ods, DIR/visits.ics and DIR/visits.csv.
"""
import argparse
import datetime
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from crmpaths import OXT, ROOT  # noqa: E402
sys.path.insert(0, os.path.join(ROOT, "samples", "scripts"))
import crmoffice  # noqa: E402
from crm_jobs_client import run_job  # noqa: E402  (the README's outside-script example)
import uno  # noqa: E402

# Calc's CSV import options: comma, double quote, UTF-8 (76), from line 1, standard columns, en-US (1033),
# quoted fields as text: no, detect special numbers (dates): no.
CSV_IMPORT = "44,34,76,1,,1033,false,false"

# Fixed-date public holidays of France, where the sample's customers are (the movable feasts are left out).
FIXED_HOLIDAYS = [(1, 1), (5, 1), (5, 8), (7, 14), (8, 15), (11, 1), (11, 11), (12, 25)]


def holidays(year):
    """Calc serial dates of the fixed holidays of `year`."""
    return tuple(float((datetime.date(year, m, d) - datetime.date(1899, 12, 30)).days) for m, d in FIXED_HOLIDAYS)


def run(path, out_dir, year=None):
    if not os.path.exists(OXT):
        raise SystemExit("build/calc-crm.oxt is missing: run tools/setup.sh first")
    os.makedirs(out_dir, exist_ok=True)
    target = os.path.join(out_dir, os.path.splitext(os.path.basename(path))[0] + "-crm.ods")
    ics = os.path.join(os.path.abspath(out_dir), "visits.ics")
    csv = os.path.join(os.path.abspath(out_dir), "visits.csv")
    with crmoffice.Office(oxt=OXT) as office:
        if path.lower().endswith(".csv"):
            # A CSV file as UTF-8, comma separated, numbers read in en-US style; dates are left as text so that
            # the jobs read each date column day-first or month-first as its values decide.
            with office.guard("load %s" % path, timeout=600):
                doc = office.desktop.loadComponentFromURL(
                    uno.systemPathToFileUrl(os.path.abspath(path)), "_blank", 0,
                    crmoffice.props(FilterName="Text - txt - csv (StarCalc)", FilterOptions=CSV_IMPORT))
        else:
            doc = office.load(os.path.abspath(path))
        jobs = office.smgr.createInstanceWithContext("org.calccrm.Jobs", office.ctx)
        analysis = run_job(jobs, "analyze", doc)
        year = year or datetime.date.today().year + 1  # the service's default too: the next calendar year
        plan = run_job(jobs, "planVisits", doc, {"Year": year, "Holidays": holidays(year)})
        run_job(jobs, "exportCalendar", doc, {"CsvUrl": uno.systemPathToFileUrl(csv)},
                FileUrl=uno.systemPathToFileUrl(ics))
        office.save_as(doc, target)

    counts = dict(zip("ABC", analysis["TierCounts"]))
    print("calc-crm: %s: %d customers" % (os.path.basename(path), analysis["Customers"]))
    print("  tiers: A %d, B %d, C %d" % (counts["A"], counts["B"], counts["C"]))
    for order in analysis.get("DateOrders", ()):
        print("  dates read %s" % order.replace(": ", " "))
    print("  visits planned: %d (%s), unvisited customers: %d, total %.0f km"
          % (plan["VisitsPlanned"], plan["ScheduleSheet"], plan["UnvisitedCustomers"], plan["TotalKm"]))
    if plan["VisitsUnscheduled"]:
        print("  visits wanted: %d, not scheduled: %d, reps needed: %d"
              % (plan["VisitsWanted"], plan["VisitsUnscheduled"], plan["RepsNeeded"]))
    problems = list(analysis["Problems"]) + list(plan["Problems"])
    if problems:
        print("  problems (%d):" % len(problems))
        for line in problems[:10]:
            print("    " + line)
        if len(problems) > 10:
            print("    … and %d more" % (len(problems) - 10))
    print("wrote %s, %s, %s" % (target, ics, csv))
    return analysis, plan


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?", default=os.path.join(ROOT, "samples", "customers.ods"))
    parser.add_argument("--out", default=os.path.join(ROOT, "out"))
    parser.add_argument("--year", type=int, help="the year to plan (default: next calendar year)")
    args = parser.parse_args()
    run(args.file, args.out, args.year)


if __name__ == "__main__":
    main()
