"""crm-cli analyze and plan on a customer CSV, checked against an independent reading of the same file.

usage: check_jobs.py CRM_CLI FIXTURE.csv WORK_DIR [PLAN OPTION...]
Tiers by the Pareto (80/95) and count (20/50) rules are recomputed here from the raw file; the plan (with the
plan options given, e.g. a speed at which every customer is a day's drive from his rep) must give every customer
exactly 12 / 4 / 1 visits by tier, on weekdays of the year, at most 6 stops a rep-day, and the iCalendar file one
event per visit. Exit 0 when everything holds, 1 with the reasons otherwise.
"""
import collections
import csv
import datetime
import os
import re
import subprocess
import sys

cli, fixture, work, plan_options = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
os.makedirs(work, exist_ok=True)
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)


def number(text):
    """A number as a person reads it: "1 234,56 €" or "1,250,000.00"."""
    t = re.sub(r"[\s\u00a0\u202f€¥$]", "", text)
    if "," in t and "." not in t:
        t = t.replace(",", ".") if re.search(r",\d{1,2}$", t) else t.replace(",", "")
    else:
        t = t.replace(",", "")
    return float(t)


with open(fixture, encoding="utf-8-sig") as f:
    sample = f.read()
rows = list(csv.reader(sample.splitlines(), delimiter=";" if sample.count(";") > sample.count(",") else ","))
header = rows[0]
sales_col = next(i for i, h in enumerate(header) if re.search(r"2025", h))
customers = [(r[0], number(r[sales_col])) for r in rows[1:] if r]


def pareto(sales):
    total = sum(s for _, s in sales if s > 0)
    tiers = {}
    for cid, s in sales:
        greater = sum(o for _, o in sales if o > s and o > 0)
        tiers[cid] = "C" if s <= 0 else "A" if greater < 0.8 * total else "B" if greater < 0.95 * total else "C"
    return tiers


def count(sales):
    n = len(sales)
    tiers = {}
    for cid, s in sales:
        k = sum(1 for _, o in sales if o > s)
        tiers[cid] = "A" if k < 0.2 * n else "B" if k < 0.5 * n else "C"
    return tiers


def run(*args):
    done = subprocess.run([cli, *args], capture_output=True, text=True, timeout=60)
    check(done.returncode == 0, "crm-cli %s: exit %d, stderr %s" % (" ".join(args), done.returncode, done.stderr))
    return done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""


for method, expected in (("pareto", pareto(customers)), ("count", count(customers))):
    out = os.path.join(work, "analysis-%s.csv" % method)
    last = run("analyze", fixture, "--method", method, "--out", out)
    counts = collections.Counter(expected.values())
    want = "customers %d A %d B %d C %d" % (len(customers), counts["A"], counts["B"], counts["C"])
    check(last == want, "%s: last line %r, expected %r" % (method, last, want))
    with open(out, encoding="utf-8") as f:
        table = list(csv.DictReader(f))
    check(len(table) == len(customers), "%s: %d rows for %d customers" % (method, len(table), len(customers)))
    for row in table:
        check(row["tier"] == expected.get(row["id"]), "%s: %s tier %s, expected %s" % (method, row["id"], row["tier"], expected.get(row["id"])))
        check(row["visits a year"] == str({"A": 12, "B": 4, "C": 1}[row["tier"]]), "%s: %s visits a year %s" % (method, row["id"], row["visits a year"]))
    if method == "pareto":
        check(abs(sum(float(r["share"]) for r in table) - 1) < 1e-9, "shares do not add up to 1")

tiers = pareto(customers)
out, ics = os.path.join(work, "plan.csv"), os.path.join(work, "plan.ics")
last = run("plan", fixture, "--year", "2026", "--out", out, "--ics", ics, *plan_options)
visits_wanted = {cid: {"A": 12, "B": 4, "C": 1}[t] for cid, t in tiers.items()}
total = sum(visits_wanted.values())
check(re.fullmatch(r"visits %d unvisited 0 km \d+" % total, last) is not None, "plan: last line %r, expected %d visits" % (last, total))
with open(out, encoding="utf-8") as f:
    reader = csv.reader(f)
    head = next(reader)
    plan = list(reader)
# The schedule sheet's columns in English, as the planVisits job writes them in an English office.
check(head == ["Date", "Weekday", "Sales rep", "Stop", "ID", "Name", "Tier", "Purpose", "km from previous stop", "Arrival",
              "Done", "Location", "Latitude", "Longitude", "Why this tier", "Last order"],
      "plan header %r" % head)
got = collections.Counter(r[4] for r in plan)
for cid, n in visits_wanted.items():
    check(got[cid] == n, "plan: %s has %d visits, expected %d" % (cid, got[cid], n))
per_day = collections.Counter((r[0], r[2]) for r in plan)
check(max(per_day.values()) <= 6, "plan: a rep-day has more than 6 stops")
for r in plan:
    day = datetime.date.fromisoformat(r[0])
    check(day.year == 2026 and day.weekday() < 5 and r[1] == day.strftime("%A"), "plan: bad day %s %s" % (r[0], r[1]))
    check(re.fullmatch(r"\d\d:\d\d", r[9]) is not None and r[6] == tiers[r[4]], "plan: bad row %r" % r)

# Holidays (--holidays): the same plan with every Monday of March and 1 May as holidays has no visit on them
# and still every visit.
holidays = [datetime.date(2026, 3, d) for d in (2, 9, 16, 23, 30)] + [datetime.date(2026, 5, 1)]
out_h = os.path.join(work, "plan-holidays.csv")
last = run("plan", fixture, "--year", "2026", "--holidays", ",".join(d.isoformat() for d in holidays), "--out", out_h,
           *plan_options)
check(re.fullmatch(r"visits %d unvisited 0 km \d+" % total, last) is not None, "plan --holidays: last line %r" % last)
with open(out_h, encoding="utf-8") as f:
    dates = {r[0] for r in list(csv.reader(f))[1:]}
check(not dates & {d.isoformat() for d in holidays}, "plan --holidays: visits on %s" % sorted(dates & {d.isoformat() for d in holidays}))

with open(ics, encoding="utf-8", newline="") as f:
    calendar = f.read()
check(calendar.count("BEGIN:VEVENT") == total, "ics: %d events for %d visits" % (calendar.count("BEGIN:VEVENT"), total))
check("\r\n" in calendar and "\n" not in calendar.replace("\r\n", ""), "ics: lines do not end in CRLF")

for line in failures:
    print(line)
print("%s: %s" % (os.path.basename(fixture), "FAILED" if failures else "all checks passed"))
sys.exit(1 if failures else 0)
