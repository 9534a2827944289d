"""A plan larger than a sheet in a real Calc (spec wizard.md "When the period cannot hold every visit": a schedule
that cannot fit one sheet is split): 300 000 customers and 1 000 reps want 1.8 million visits a year and the
reps' days hold 1.3 million, more than the 1 048 576 rows of a sheet. planVisits splits the schedule into one sheet
per quarter, each within Calc's rows, the calendar export reads every part, and the office stays alive."""
import datetime
import os
import random
import shutil
import tempfile
import unittest

from common import OfficeTestCase, crmoffice
from crmoffice import as_dict, props
import uno

SHEET_ROWS = 1048576
EPOCH = datetime.date(1899, 12, 30)


def customers(n=300000, reps=1000, seed=7):
    """Customers around their reps' towns across France: ID, Name, Sales, Sales rep, Latitude, Longitude."""
    rng = random.Random(seed)
    towns = [(43 + 6 * rng.random(), -1 + 8 * rng.random()) for _ in range(reps)]
    rows = [["ID", "Name", "Sales", "Sales rep", "Latitude", "Longitude"]]
    for i in range(n):
        lat, lon = towns[i % reps]
        rows.append(["C%06d" % i, "Customer %d" % i, round(rng.lognormvariate(8, 1.2), 2), "Rep %04d" % (i % reps),
                     round(lat + rng.gauss(0, 0.05), 5), round(lon + rng.gauss(0, 0.07), 5)])
    return rows


class PlanLargerThanASheet(OfficeTestCase):
    def test_a_schedule_of_more_rows_than_a_sheet_is_split_and_the_office_lives(self):
        rows = customers()
        doc, sheet = self.new_sheet()
        sheet.Name = "Customers"
        with self.office.guard("set_data", timeout=300):
            crmoffice.set_data(sheet, "A1", rows)
        jobs = self.office.smgr.createInstanceWithContext("org.calccrm.CustomerJobs", self.office.ctx)
        with self.office.guard("planVisits", timeout=800):
            plan = as_dict(jobs.planVisits(doc, props(Year=2027)))
        self.assertTrue(self.office.is_running())
        self.assertGreater(plan["VisitsPlanned"], SHEET_ROWS - 1)
        self.assertEqual(plan["VisitsPlanned"] + plan["VisitsUnscheduled"], plan["VisitsWanted"])
        names = list(plan["ScheduleSheets"])
        self.assertEqual(names, ["Visits 2027 Q%d" % q for q in (1, 2, 3, 4)])
        total = 0
        for q, name in enumerate(names, start=1):
            part = doc.Sheets.getByName(name)
            cursor = part.createCursor()
            cursor.gotoEndOfUsedArea(False)
            last = cursor.getRangeAddress().EndRow
            self.assertLess(last, SHEET_ROWS)
            self.assertEqual(part.getCellRangeByName("A1").getString(), "Date")
            dates = [r[0] for r in part.getCellRangeByPosition(0, 1, 0, last).getDataArray() if isinstance(r[0], float)]
            total += len(dates)
            self.assertTrue(all(dates[i] <= dates[i + 1] for i in range(len(dates) - 1)), name)
            for d in (dates[0], dates[-1]):  # every visit of the part in its quarter
                month = (EPOCH + datetime.timedelta(days=int(d))).month
                self.assertEqual((month - 1) // 3 + 1, q, name)
        self.assertEqual(total, plan["VisitsPlanned"])
        # The calendar export reads every part of the latest schedule.
        tmp = tempfile.mkdtemp(prefix="calc-crm-")
        self.addCleanup(shutil.rmtree, tmp, True)
        ics = os.path.join(tmp, "visits.ics")
        with self.office.guard("exportCalendar", timeout=800):
            jobs.exportCalendar(doc, uno.systemPathToFileUrl(ics), props())
        events = 0
        with open(ics, encoding="utf-8") as f:
            for line in f:
                events += line.startswith("BEGIN:VEVENT")
        self.assertEqual(events, plan["VisitsPlanned"])
        # The office still answers and computes.
        self.close(doc)
        other, cells = self.new_sheet()
        crmoffice.set_formulas(cells, "A1", [["=SUM(1;2;3)"]])
        self.assertEqual(crmoffice.get_data(cells, "A1"), [[6.0]])


if __name__ == "__main__":
    unittest.main()
