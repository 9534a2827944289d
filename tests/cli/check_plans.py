"""crm-cli plan with a Reps file, towns only, per-rep calendars and a re-plan (spec "Plans the reps can use").

usage: check_plans.py CRM_CLI DATA_DIR WORK_DIR
The customers of towns.csv have towns and countries but no coordinates: the gazetteer places them, the first km
of each day is from the rep's home of towns-reps.csv (checked here by haversine from reference coordinates),
visit days and days off are kept, one calendar per rep is written and parsed by python3-icalendar, and a re-plan
from 1 July with the first schedule keeps its first half-year. Exit 0 when everything holds, 1 otherwise.
"""
import csv
import datetime
import math
import os
import subprocess
import sys

import icalendar

cli, data, work = sys.argv[1:4]
os.makedirs(work, exist_ok=True)
failures = []
KM, REP = "km from previous stop", "Sales rep"
HOMES = {"Anne": (45.748, 4.847), "王芳": (31.222, 121.458), "Bob": (37.775, -122.419)}  # Lyon, 上海, San Francisco


def check(condition, message):
    if not condition:
        failures.append(message)


def haversine(a, b):
    la1, lo1, la2, lo2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


def plan(out, *extra):
    run = subprocess.run([cli, "plan", os.path.join(data, "towns.csv"), "--year", "2027", "--speed", "80", "--reps",
                          os.path.join(data, "towns-reps.csv"), "--out", out, *extra],
                         capture_output=True, text=True, timeout=120)
    check(run.returncode == 0, "plan failed: %s" % run.stderr)
    with open(out, encoding="utf-8") as f:
        return list(csv.DictReader(f)), run


schedule_path = os.path.join(work, "schedule.csv")
ics = os.path.join(work, "visits.ics")
for name in os.listdir(work):
    if name.endswith(".ics"):
        os.remove(os.path.join(work, name))
visits, run = plan(schedule_path, "--ics", ics)
check(run.stdout.strip().splitlines()[-1].startswith("visits "), "last line: %r" % run.stdout)
check(all(v[KM] for v in visits), "a km left empty although every town is known")
for v in visits:
    if v["Stop"] == "1":
        expected = haversine(HOMES[v[REP]], (float(v["Latitude"]), float(v["Longitude"])))
        check(abs(float(v[KM]) - expected) < 3, "first km of %s from %s: %s, not %.1f" % (v["ID"], v[REP], v[KM], expected))
    day = datetime.date.fromisoformat(v["Date"])
    if v[REP] == "Anne":
        check(day.month != 7, "Anne works on her July days off: %s" % v)
    allowed = {"F2": {0, 1, 2, 3}, "F5": {1, 3}, "C2": {1, 3}, "U2": {0, 1, 2}}.get(v["ID"])
    if allowed:
        check(day.weekday() in allowed, "%s visited on a day not among his visit days: %s" % (v["ID"], v["Date"]))
at = {v["ID"]: (float(v["Latitude"]), float(v["Longitude"])) for v in visits}
check(abs(haversine(HOMES["Anne"], at["F1"]) - 95) < 6, "Lyon → Grenoble is not about 95 km")
check(abs(haversine(HOMES["王芳"], at["C1"]) - 165) < 10, "上海 → 杭州 is not about 165 km")

files = sorted(n for n in os.listdir(work) if n.endswith(".ics"))
check(files == sorted(["visits.ics", "visits-Anne.ics", "visits-Bob.ics", "visits-王芳.ics"]), "calendars: %s" % files)
events_per_rep = 0
for name in files:
    with open(os.path.join(work, name), "rb") as f:
        cal = icalendar.Calendar.from_ical(f.read())
    check(bool(str(cal.get("X-WR-CALNAME"))), "%s has no X-WR-CALNAME" % name)
    for e in cal.walk("VEVENT"):
        check(e.decoded("DTSTART").second == 0, "%s: a time not in whole minutes" % name)
        check(e.get("GEO") is not None and str(e.get("LOCATION")), "%s: an event without GEO or LOCATION" % name)
        check("Why this tier:" in str(e.get("DESCRIPTION")), "%s: a description without the tier's reason" % name)
        events_per_rep += name != "visits.ics"
check(events_per_rep == len(visits), "the reps' calendars hold %d events, the plan %d" % (events_per_rep, len(visits)))

# Re-plan from 1 July with the first schedule: its first half-year stays as it was.
replanned, _ = plan(os.path.join(work, "replan.csv"), "--from", "2027-07-01", "--previous", schedule_path)
first_half = lambda rows: sorted((r["Date"], r[REP], r["ID"], r["Arrival"]) for r in rows if r["Date"] < "2027-07-01")
check(first_half(replanned) == first_half(visits), "the re-plan changed the first half-year")
check(len(replanned) == len(visits), "the re-plan has %d visits, the plan %d" % (len(replanned), len(visits)))

if failures:
    print("\n".join(failures))
    sys.exit(1)
print("all checks passed")
