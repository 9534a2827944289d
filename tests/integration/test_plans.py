"""Plans the reps can use (spec wizard.md "Plans the reps can use", issue 14), in a real Calc: a customer list with
towns only (France, China, the United States) placed by the gazetteer, a Reps sheet with each rep's home, day
start and days off, visit days and opening hours, one calendar per rep read by two independent parsers, and a
re-plan from 1 July that keeps the first half-year."""
import datetime
import json
import math
import os
import shutil
import subprocess
import tempfile
import unittest

from common import OfficeTestCase, ROOT, crmoffice
from crmoffice import as_dict as result_dict, props
import uno

EPOCH = datetime.date(1899, 12, 30)  # Calc serial 0

# Independent reference coordinates (GeoNames town centres, rounded), for the distances the test checks.
LYON = (45.748, 4.847)
GRENOBLE = (45.166, 5.716)
SHANGHAI = (31.222, 121.458)
HANGZHOU = (30.294, 120.161)
SAN_FRANCISCO = (37.775, -122.419)


def serial(d):
    return float((d - EPOCH).days)


def day_of(s):
    return EPOCH + datetime.timedelta(days=int(s))


def haversine(a, b):
    la1, lo1, la2, lo2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


CUSTOMERS = [
    ["ID", "Name", "Sales", "City", "Country", "Rep", "Visit days", "Opening hours"],
    ["F1", "Alpes Outillage", 90000.0, "Grenoble", "France", "Anne", "", ""],
    ["F2", "Savoie Bois", 40000.0, "Chambéry", "France", "Anne", "lun.-jeu.", ""],
    ["F3", "Drôme Agri", 30000.0, "Valence", "France", "Anne", "", "09:00-12:00, 14:00-18:00"],
    ["F4", "Forez Métal", 12000.0, "Saint-Étienne", "France", "Anne", "", ""],
    ["F5", "Lac Annecy SARL", 8000.0, "Annecy", "France", "Anne", "mardi, jeudi", ""],
    ["F6", "Bourg Négoce", 3000.0, "Bourg-en-Bresse", "France", "Anne", "", ""],
    ["C1", "杭州贸易", 80000.0, "杭州", "中国", "王芳", "", ""],
    ["C2", "苏州电子", 35000.0, "苏州", "中国", "王芳", "周二、周四", ""],
    ["C3", "宁波港务", 20000.0, "宁波", "中国", "王芳", "", "09:00-12:00, 13:30-17:30"],
    ["C4", "嘉兴纺织", 9000.0, "嘉兴", "中国", "王芳", "", ""],
    ["C5", "无锡机械", 2500.0, "无锡", "中国", "王芳", "", ""],
    ["U1", "Bay Tools", 70000.0, "Oakland", "United States", "Bob", "", ""],
    ["U2", "Valley Farms", 25000.0, "Sacramento", "United States", "Bob", "Mon-Wed", ""],
    ["U3", "Silicon Parts", 15000.0, "San Jose", "United States", "Bob", "", ""],
    ["U4", "Marin Supply", 4000.0, "San Rafael", "United States", "Bob", "", ""],
]
REPS = [
    ["Rep", "Start location", "Country", "Day start", "Days off"],
    ["Anne", "Lyon", "France", "08:00", "2027-07-01..2027-07-31"],
    ["王芳", "上海", "中国", "08:30", ""],
    ["Bob", "San Francisco", "United States", "", ""],
]


def ical_js():
    """The directory of an ical.js install (npm), made once into the build tree; None when npm is unavailable."""
    build = os.environ.get("CRM_BUILD_DIR", os.path.join(ROOT, "build"))
    target = os.path.join(build, "npm-ical")
    if os.path.exists(os.path.join(target, "node_modules", "ical.js")):
        return target
    if not shutil.which("npm") or not shutil.which("node"):
        return None
    os.makedirs(target, exist_ok=True)
    subprocess.run(["npm", "install", "--silent", "--no-audit", "--no-fund", "--prefix", target, "ical.js@2"],
                   check=True, timeout=600, stdout=subprocess.DEVNULL)
    return target


class Plans(OfficeTestCase):
    def jobs(self):
        return self.office.smgr.createInstanceWithContext("org.calccrm.CustomerJobs", self.office.ctx)

    def planned_document(self, **options):
        doc, customers = self.new_sheet()
        customers.setName("Customers")
        crmoffice.set_data(customers, "A1", CUSTOMERS)
        doc.Sheets.insertNewByName("Reps", 1)
        crmoffice.set_data(doc.Sheets.getByName("Reps"), "A1", REPS)
        result = result_dict(self.jobs().planVisits(doc, props(Year=2027, SpeedKmh=80, **options)))
        return doc, result

    def schedule(self, doc, result):
        sheet = doc.Sheets.getByName(result["ScheduleSheet"])
        rows = crmoffice.get_data(sheet, "A1:P%d" % (result["VisitsPlanned"] + 1))
        header, visits = rows[0], rows[1:]
        return header, [dict(zip(header, r)) for r in visits]

    def test_towns_only_get_real_km_from_each_reps_home(self):
        doc, result = self.planned_document()
        self.assertEqual(result["VisitsUnscheduled"], 0, result["Problems"])
        header, visits = self.schedule(doc, result)
        self.assertEqual(header[10:16], ["Done", "Location", "Latitude", "Longitude", "Why this tier", "Last order"])
        self.assertEqual({v["Sales rep"] for v in visits}, {"Anne", "王芳", "Bob"})
        self.assertTrue(all(v["km from previous stop"] != "" for v in visits), "every town is known: no km is left empty")
        # The first km of a day is from the rep's home: Lyon → Grenoble about 95 km, 上海 → 杭州 about 165 km.
        home = {"Anne": LYON, "王芳": SHANGHAI, "Bob": SAN_FRANCISCO}
        for v in visits:
            if v["Stop"] == 1:
                self.assertAlmostEqual(v["km from previous stop"], haversine(home[v["Sales rep"]], (v["Latitude"], v["Longitude"])), delta=3, msg=v)
        at = {v["ID"]: (v["Latitude"], v["Longitude"]) for v in visits}
        self.assertAlmostEqual(haversine(LYON, at["F1"]), 95, delta=6)
        self.assertAlmostEqual(haversine(at["F1"], GRENOBLE), 0, delta=3)
        self.assertAlmostEqual(haversine(SHANGHAI, at["C1"]), 165, delta=10)
        self.assertAlmostEqual(haversine(at["C1"], HANGZHOU), 0, delta=5)
        # Where and why, for the calendars.
        f1 = next(v for v in visits if v["ID"] == "F1")
        self.assertIn("Grenoble", f1["Location"])
        self.assertAlmostEqual(f1["Latitude"], GRENOBLE[0], delta=0.1)
        self.assertEqual(f1["Why this tier"], "top 80 % of sales")
        # Day start, days off, visit days and opening hours.
        anne = [v for v in visits if v["Sales rep"] == "Anne"]
        self.assertFalse([v for v in anne if day_of(v["Date"]).month == 7], "Anne is off in July")
        # Her day starts at 08:00 (the Reps sheet), not at the plan's 08:30: a first stop is reached after the drive.
        for v in anne:
            if v["Stop"] == 1 and v["ID"] != "F3":
                self.assertAlmostEqual(v["Arrival"] * 1440, 8 * 60 + v["km from previous stop"] / 80 * 60, delta=1, msg=v)
        allowed = {"F2": {0, 1, 2, 3}, "F5": {1, 3}, "C2": {1, 3}, "U2": {0, 1, 2}}
        for v in visits:
            if v["ID"] in allowed:
                self.assertIn(day_of(v["Date"]).weekday(), allowed[v["ID"]], v)
        windows = {"F3": [(9 * 60, 12 * 60), (14 * 60, 18 * 60)], "C3": [(9 * 60, 12 * 60), (13.5 * 60, 17.5 * 60)]}
        lengths = {"A": 90, "B": 60, "C": 45}
        for v in visits:
            if v["ID"] in windows:
                arrival = round(v["Arrival"] * 1440)
                self.assertTrue(any(o <= arrival and arrival + lengths[v["Tier"]] <= c for o, c in windows[v["ID"]]), v)
        # Arrivals in whole minutes.
        for v in visits:
            self.assertAlmostEqual(v["Arrival"] * 1440, round(v["Arrival"] * 1440), places=6)

    def test_the_customers_sheet_marks_town_coordinates_approximate(self):
        doc, customers = self.new_sheet()
        crmoffice.set_data(customers, "A1", CUSTOMERS)
        result = result_dict(self.jobs().analyze(doc, props()))
        out = doc.Sheets.getByName(result["CustomersSheet"])
        width = out.getColumns().getCount()
        header = crmoffice.get_data(out, "A1:AZ1")[0]
        at = {h: i for i, h in enumerate(header) if h}
        rows = crmoffice.get_data(out, "A2:AZ%d" % len(CUSTOMERS))
        for r in rows:
            self.assertEqual(r[at["Coordinates"]], "approximate (town centre)", r[0])
            self.assertNotEqual(r[at["Latitude"]], "")
        hangzhou = next(r for r in rows if r[0] == "C1")
        self.assertAlmostEqual(hangzhou[at["Latitude"]], HANGZHOU[0], delta=0.1)
        self.assertAlmostEqual(hangzhou[at["Longitude"]], HANGZHOU[1], delta=0.1)
        self.assertGreater(width, 0)

    def test_one_calendar_per_rep_read_by_two_parsers(self):
        import icalendar  # Debian's python3-icalendar: an independent parser
        doc, result = self.planned_document()
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "visits.ics")
            self.jobs().exportCalendar(doc, uno.systemPathToFileUrl(path), props())
            names = sorted(os.listdir(tmp))
            self.assertEqual(names, sorted(["visits.ics", "visits-Anne.ics", "visits-Bob.ics", "visits-王芳.ics"]))
            uids, total = {}, 0
            for name in names:
                with open(os.path.join(tmp, name), "rb") as f:
                    cal = icalendar.Calendar.from_ical(f.read())
                self.assertTrue(str(cal.get("X-WR-CALNAME")))
                events = [c for c in cal.walk("VEVENT")]
                for e in events:
                    start = e.decoded("DTSTART")
                    self.assertEqual(start.second, 0)
                    self.assertTrue(str(e.get("LOCATION")))
                    self.assertIsNotNone(e.get("GEO"))
                    self.assertIn(e.get("CATEGORIES").to_ical().decode(), ("A", "B", "C"))
                    self.assertIn("Why this tier:", str(e.get("DESCRIPTION")))
                uids[name] = {str(e.get("UID")) for e in events}
                if name != "visits.ics":
                    total += len(events)
                    self.assertIn(name[len("visits-"):-len(".ics")], str(cal.get("X-WR-CALNAME")))
            self.assertEqual(total, result["VisitsPlanned"])  # the reps' calendars share the whole one out
            self.assertEqual(set().union(*(u for n, u in uids.items() if n != "visits.ics")), uids["visits.ics"])
            # UIDs are stable from one export to the next.
            self.jobs().exportCalendar(doc, uno.systemPathToFileUrl(path), props())
            with open(path, "rb") as f:
                again = {str(e.get("UID")) for e in icalendar.Calendar.from_ical(f.read()).walk("VEVENT")}
            self.assertEqual(again, uids["visits.ics"])
            # The second parser: ical.js (Mozilla's, used by Thunderbird's web calendars), run by node.
            install = ical_js()
            if install is None:
                self.fail("node and npm are needed for the ical.js check (tools/setup.sh installs them)")
            script = (
                "const m = require(process.argv[1]); const ICAL = m.default || m; const fs = require('fs');"
                "const comp = new ICAL.Component(ICAL.parse(fs.readFileSync(process.argv[2], 'utf8')));"
                "const events = comp.getAllSubcomponents('vevent').map(v => { const e = new ICAL.Event(v);"
                " const g = v.getFirstPropertyValue('geo');"
                " return {uid: e.uid, location: e.location, geo: g, minute: e.startDate.second,"
                " category: v.getFirstPropertyValue('categories')}; });"
                "console.log(JSON.stringify({name: comp.getFirstPropertyValue('x-wr-calname'), events}));")
            out = subprocess.run(["node", "-e", script, os.path.join(install, "node_modules", "ical.js"),
                                  os.path.join(tmp, "visits-王芳.ics")], check=True, capture_output=True,
                                 text=True, timeout=120).stdout
            parsed = json.loads(out)
            self.assertIn("王芳", parsed["name"])
            self.assertEqual({e["uid"] for e in parsed["events"]}, uids["visits-王芳.ics"])
            for e in parsed["events"]:
                self.assertTrue(e["location"])
                self.assertEqual(e["minute"], 0)
                self.assertEqual(len(e["geo"]), 2)
                self.assertAlmostEqual(e["geo"][0], 30.5, delta=1.5)  # the Yangtze delta

    def test_a_replan_from_july_keeps_the_first_half_year(self):
        doc, first = self.planned_document()
        _, visits = self.schedule(doc, first)
        july = serial(datetime.date(2027, 7, 1))
        before = sorted((v["Date"], v["Sales rep"], v["ID"]) for v in visits if v["Date"] < july)
        self.assertTrue(before)
        # The rep ticks a visit of September as made (a Done mark in the schedule).
        sheet = doc.Sheets.getByName(first["ScheduleSheet"])
        september = next(i for i, v in enumerate(visits) if day_of(v["Date"]).month == 9)
        sheet.getCellByPosition(10, september + 1).setString("✓")
        done = visits[september]
        again = result_dict(self.jobs().planVisits(doc, props(Year=2027, SpeedKmh=80, From=july, Replace=True)))
        self.assertEqual(again["ScheduleSheet"], first["ScheduleSheet"])
        _, replanned = self.schedule(doc, again)
        self.assertEqual(sorted((v["Date"], v["Sales rep"], v["ID"]) for v in replanned if v["Date"] < july), before)
        kept_done = [v for v in replanned if (v["Date"], v["ID"]) == (done["Date"], done["ID"])]
        self.assertEqual(len(kept_done), 1)
        self.assertEqual(kept_done[0]["Done"], "✓")
        self.assertEqual(again["VisitsKept"], len(before) + 1)
        self.assertEqual(again["VisitsUnscheduled"], 0, again["Problems"])
        # Each customer keeps his yearly count: 12, 4 or 1 visits (tiers A, B, C).
        per_customer = {}
        for v in replanned:
            per_customer.setdefault(v["ID"], []).append(v)
        for cid, vs in per_customer.items():
            self.assertEqual(len(vs), {"A": 12, "B": 4, "C": 1}[vs[0]["Tier"]], cid)

    def test_a_from_outside_the_year_is_refused_in_words(self):
        doc, _ = self.planned_document()
        from com.sun.star.lang import IllegalArgumentException
        with self.assertRaises(IllegalArgumentException) as caught:
            self.jobs().planVisits(doc, props(Year=2027, From=serial(datetime.date(2030, 1, 1)), Replace=True))
        self.assertIn("From must be a date within the planned period", caught.exception.Message)


if __name__ == "__main__":
    unittest.main()
