"""Real order logs through the jobs in a real Calc (spec wizard.md "Order logs as shops export them", "Models on
real data", "When the period cannot hold every visit", "Distances without coordinates"): CDNOW's whole log, the
UCI Online Retail invoice lines and the Superstore export (data/), each Customers column checked against an
independent computation written here, and the visit plan's invariants read back from the schedule sheet."""
import collections
import math
import csv
import datetime
import os
import re
import shutil
import tempfile
import unittest

from common import OfficeTestCase, crmoffice, data
from crmoffice import as_dict, props
import models_reference as ref
import uno

EPOCH = datetime.date(1899, 12, 30)


def serial(day):
    return float((day - EPOCH).days)


def used_rows(sheet):
    """The sheet's used area as rows of values (getDataArray)."""
    cursor = sheet.createCursor()
    cursor.gotoEndOfUsedArea(False)
    end = cursor.getRangeAddress()
    return [list(r) for r in sheet.getCellRangeByPosition(0, 0, end.EndColumn, end.EndRow).getDataArray()]


def error_cells(sheet):
    """Formula cells of the sheet whose result is an error (Err:523, #VALUE!, …), as range addresses."""
    from com.sun.star.sheet.FormulaResult import ERROR
    found = sheet.queryFormulaCells(ERROR)
    return [found.getRangeAddresses()[i] for i in range(found.getCount())]


def column_index(header):
    return {name: i for i, name in enumerate(header) if name != ""}


def summary_by_days(orders, as_of):
    """x, t_x, T (weeks) and the mean repeat-day value of each customer from (id, date, amount) purchases, as
    lifetimes' summary_data_from_transaction_data counts them: one purchase a day."""
    days = collections.defaultdict(lambda: collections.defaultdict(float))
    for cid, day, amount in orders:
        days[cid][day] += amount
    out = {}
    for cid, per_day in days.items():
        ordered = sorted(per_day)
        first, last = ordered[0], ordered[-1]
        x = len(ordered) - 1
        repeat = [per_day[d] for d in ordered[1:]]
        out[cid] = (float(x), (last - first).days / 7.0, (as_of - first).days / 7.0, sum(repeat) / x if x else 0.0)
    return out


class RealLogTestCase(OfficeTestCase):
    def load_csv(self, path, name):
        """The file as a user opens it: Calc's CSV import, UTF-8, comma separated, numbers detected."""
        tmp = tempfile.mkdtemp(prefix="calc-crm-")
        self.addCleanup(shutil.rmtree, tmp, True)
        copy = os.path.join(tmp, name)
        shutil.copy(path, copy)
        with self.office.guard("load %s" % name, timeout=300):
            doc = self.office.desktop.loadComponentFromURL(
                uno.systemPathToFileUrl(copy), "_blank", 0,
                props(FilterName="Text - txt - csv (StarCalc)", FilterOptions="44,34,76,1,,1033,false,false"))
        self.addCleanup(self.close, doc)
        return doc

    def jobs(self):
        return self.office.smgr.createInstanceWithContext("org.calccrm.CustomerJobs", self.office.ctx)

    def check_plan(self, doc, plan, customers_without_places=True):
        """The schedule's invariants as read back from its sheets: capacity, hours, planned + unscheduled =
        wanted, no km without coordinates, the customers with missing visits listed."""
        self.assertEqual(plan["VisitsPlanned"] + plan["VisitsUnscheduled"], plan["VisitsWanted"])
        self.assertGreaterEqual(plan["RepsNeeded"], 1)
        rows = []
        for name in plan["ScheduleSheets"]:
            rows += used_rows(doc.Sheets.getByName(name))[1:]
        visits = [r for r in rows if isinstance(r[0], float)]
        self.assertEqual(len(visits), plan["VisitsPlanned"])
        per_day = collections.Counter((r[0], r[2]) for r in visits)
        self.assertLessEqual(max(per_day.values()), 6)
        minutes = {"A": 90, "B": 60, "C": 45}
        previous = None
        for r in visits:
            self.assertLessEqual(round(r[9] * 1440) + minutes[r[6]], (8.5 + 8) * 60 - 20 + 1, r)  # back by 16:30
            if customers_without_places:
                self.assertEqual(r[8], "", r)  # no made-up distance
            # A km only between two placed stops, and then the great-circle distance between their coordinates
            # (columns Latitude and Longitude of the schedule, from the gazetteer when the log has none).
            if r[12] == "":
                self.assertEqual(r[8], "", r)
            elif previous is not None and r[3] > 1 and previous[12] != "":
                self.assertAlmostEqual(r[8], haversine((previous[12], previous[13]), (r[12], r[13])), delta=0.15)
            previous = r
        if plan["VisitsUnscheduled"]:
            listed = used_rows(doc.Sheets.getByName(plan["ScheduleSheets"][0]))
            at = 17  # the schedule's 16 columns, then an empty one
            self.assertEqual(listed[0][at], "Customers with missing visits")
            self.assertEqual(listed[1][at:at + 6], ["ID", "Name", "Sales rep", "Tier", "Visits wanted", "Visits planned"])
            missing = [r for r in listed[2:] if r[at] != ""]
            self.assertEqual(len(missing), plan["UnvisitedCustomers"])
            self.assertEqual(sum(r[at + 4] - r[at + 5] for r in missing), plan["VisitsUnscheduled"])
        return visits


def haversine(a, b):
    la1, lo1, la2, lo2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


class CdnowWholeLog(RealLogTestCase):
    """CDNOW's whole log (69 659 orders, 23 570 customers, 1997-01-01 to 1998-06-30) as its file is laid out:
    `customer_id date number_of_cds dollar_value`, dates as yyyymmdd numbers. Some orders are worth 0 dollars."""

    def test_the_whole_log(self):
        rows, orders = [["customer_id", "date", "number_of_cds", "dollar_value"]], []
        with open(data("cdnow", "CDNOW_master.txt")) as f:
            next(f)
            for line in f:
                cid, day, cds, dollars = line.split()
                rows.append([cid, float(day), float(cds), float(dollars)])
                orders.append((cid, datetime.date(int(day[:4]), int(day[4:6]), int(day[6:])), float(dollars)))
        self.assertEqual(len(orders), 69659)
        doc, sheet = self.new_sheet()
        sheet.Name = "CDNOW"
        crmoffice.set_data(sheet, "A1", rows)
        with self.office.guard("analyze", timeout=600):
            result = as_dict(self.jobs().analyze(doc, props()))
        self.assertEqual(result["Customers"], 23570)
        out = doc.Sheets.getByName(result["CustomersSheet"])
        table = used_rows(out)
        col = column_index(table[0])
        as_of = max(d for _, d, _ in orders)
        expected = summary_by_days(orders, as_of)
        sales = collections.defaultdict(lambda: collections.defaultdict(float))
        for cid, day, amount in orders:
            sales[cid][day.year] += amount
        body = table[1:23571]
        self.assertEqual(sorted(r[col["ID"]] for r in body), sorted(expected))
        for r in body:
            cid = r[col["ID"]]
            self.assertAlmostEqual(r[col["Sales 1998"]], sales[cid][1998], places=6)
            self.assertAlmostEqual(r[col["Sales 1997"]], sales[cid][1997], places=6)
            x, t_x, T, m = expected[cid]
            self.assertEqual(r[col["Repeat purchases (x)"]], x, cid)
            self.assertAlmostEqual(r[col["Last purchase, weeks (t_x)"]], t_x, delta=1e-9, msg=cid)
            self.assertAlmostEqual(r[col["Customer age, weeks (T)"]], T, delta=1e-9, msg=cid)
            self.assertEqual(r[col["Name"]], "")  # the log has no names: none is made up
        # The fits: BG/NBD on every customer, Gamma-Gamma without the customers whose repeat purchases are
        # worth nothing (an independent fit without them: p 5.086, q 3.995, v 21.25).
        xs, txs, Ts, ms = zip(*expected.values())
        bgnbd = ref.fit_bgnbd(xs, txs, Ts)
        got = [body[0][col[k]] for k in ("r", "alpha", "a", "b")]
        for g, e in zip(got, bgnbd):
            self.assertAlmostEqual(g, e, delta=2e-3 * e)
        gg = ref.fit_gamma_gamma(xs, ms)
        for g, e, published in zip([body[0][col[k]] for k in ("p", "q", "v")], gg, (5.086, 3.995, 21.25)):
            self.assertAlmostEqual(g, e, delta=2e-3 * e)
            self.assertAlmostEqual(g, published, delta=5e-3 * published)
        zero = sum(1 for x, _, _, m in expected.values() if x > 0 and m <= 0)
        self.assertGreater(zero, 0)
        self.assertTrue(any("spend model" in p and str(zero) in p for p in result["Problems"]), result["Problems"][:5])
        # Every model column is a number on every row: no column of errors.
        self.assertEqual(error_cells(out), [])
        for name in ("P(active)", "Expected purchases, next 52 weeks", "Expected spend per purchase",
                     "Lifetime value, next 52 weeks"):
            self.assertTrue(all(isinstance(r[col[name]], float) for r in body), name)
        # P(active) as the paper's formula gives it with the sheet's own parameters.
        for r in body[:200]:
            x, t_x, T, _ = expected[r[col["ID"]]]
            self.assertAlmostEqual(r[col["P(active)"]], ref.bgnbd_palive(x, t_x, T, *got), delta=1e-9)

        # The plan: no rep column, no coordinates, far more visits than one rep's year holds.
        with self.office.guard("planVisits", timeout=600):
            plan = as_dict(self.jobs().planVisits(doc, props(Year=1999)))
        self.check_plan(doc, plan)
        self.assertGreater(plan["VisitsUnscheduled"], 0)
        self.assertGreater(plan["RepsNeeded"], 1)
        self.assertTrue(any(p.startswith("All customers:") for p in plan["Problems"]), plan["Problems"][:5])
        self.assertFalse(any(p.startswith(": ") for p in plan["Problems"]))


class OnlineRetailLines(RealLogTestCase):
    """The first 182 lines of the UCI Online Retail log, opened as a user opens the CSV: invoice lines, amount =
    Quantity × UnitPrice, a cancellation, and four broken lines (no comma after the description)."""

    def test_invoice_lines(self):
        path = data("online-retail", "online_retail_first_rows.csv")
        sales, broken = collections.defaultdict(float), []
        with open(path, encoding="utf-8") as f:
            for row, line in enumerate(csv.reader(f), start=1):
                if row == 1:
                    continue
                if len(line) != 8:
                    broken.append(row)
                    continue
                sales[line[6]] += float(line[3]) * float(line[5])
        doc = self.load_csv(path, "online_retail.csv")
        result = as_dict(self.jobs().analyze(doc, props()))
        self.assertEqual(result["Customers"], len(sales))
        for row in broken:
            self.assertTrue(any(re.match(r"row %d: unreadable number — Quantity: 12/1/10" % row, p) for p in result["Problems"]),
                            (row, result["Problems"]))
        self.assertTrue(any("return or cancellation lines netted" in p for p in result["Problems"]))
        table = used_rows(doc.Sheets.getByName(result["CustomersSheet"]))
        col = column_index(table[0])
        for r in table[1:len(sales) + 1]:
            self.assertAlmostEqual(r[col["Sales 2010"]], sales[r[col["ID"]]], places=6)


class SuperstoreExport(RealLogTestCase):
    """Tableau's Superstore export (9 994 order lines, 793 customers, 2014-2017; no coordinates, no rep column):
    customer names, cities, states, postal codes and profit carried to the Customers sheet."""

    def test_the_store_export(self):
        path = data("superstore", "superstore.csv")
        lines = []
        with open(path, encoding="utf-8") as f:
            for i, r in enumerate(csv.DictReader(f)):
                lines.append((i, r))
        latest_year = max(int(r["Order Date"][:4]) for _, r in lines)
        sales = collections.defaultdict(float)
        profit = collections.defaultdict(float)
        latest = {}
        for i, r in lines:
            cid = r["Customer ID"]
            if int(r["Order Date"][:4]) == latest_year:
                sales[cid] += float(r["Sales"])
                profit[cid] += float(r["Profit"])
            key = (r["Order Date"], i)
            if cid not in latest or key > latest[cid][0]:
                latest[cid] = (key, r)
        doc = self.load_csv(path, "superstore.csv")
        result = as_dict(self.jobs().analyze(doc, props()))
        self.assertEqual(result["Customers"], 793)
        table = used_rows(doc.Sheets.getByName(result["CustomersSheet"]))
        col = column_index(table[0])
        body = table[1:794]
        for r in body:
            cid = r[col["ID"]]
            last = latest[cid][1]
            self.assertEqual(r[col["Name"]], last["Customer Name"])
            self.assertEqual(r[col["City"]], last["City"])
            self.assertEqual(r[col["Region"]], last["State"])
            self.assertEqual(str(r[col["Postal code"]]).replace(".0", ""), last["Postal Code"])
            self.assertAlmostEqual(r[col["Sales %d" % latest_year]], sales[cid], places=6)
            self.assertAlmostEqual(r[col["Profit"]], profit[cid], places=6)
            if sales[cid] > 0:
                self.assertAlmostEqual(r[col["Margin"]], profit[cid] / sales[cid], places=9)
        out = doc.Sheets.getByName(result["CustomersSheet"])
        self.assertEqual(error_cells(out), [])  # a degenerate fit refitted with a penalty: no column of errors
        self.assertIn("Lifetime profit, next 52 weeks", col)
        with self.office.guard("planVisits", timeout=600):
            plan = as_dict(self.jobs().planVisits(doc, props(Year=2018)))
        # The store export has postal codes and towns but no coordinates: the gazetteer places them (spec "Plans the
        # reps can use"), the Customers sheet says the coordinates are approximate, and the km follow from them.
        placed = [r for r in body if r[col["Coordinates"]] == "approximate (postal code)"]
        self.assertGreater(len(placed), 0.95 * len(body))
        self.check_plan(doc, plan, customers_without_places=False)
        self.assertTrue(any(p.startswith("All customers:") for p in plan["Problems"]), plan["Problems"][:5])


if __name__ == "__main__":
    unittest.main()
