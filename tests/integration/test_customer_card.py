"""The customer card (spec wizard.md "Customer card and sharing", issue 16 item 1) in a real Calc: customerCard
through org.calccrm.CustomerJobs and org.calccrm.Jobs on the sample and on CDNOW's whole log, each value checked
against an independent reading in Python of the sheets or of the data file; the refusals in plain words."""
import collections
import datetime
import os
import shutil
import tempfile
import time
import unittest

from common import OfficeTestCase, ROOT, crmoffice, data
from crmoffice import as_dict, props
from com.sun.star.beans import NamedValue
from com.sun.star.lang import IllegalArgumentException

SAMPLE = os.path.join(ROOT, "samples", "customers.ods")


def used_rows(sheet):
    cursor = sheet.createCursor()
    cursor.gotoEndOfUsedArea(False)
    a = cursor.getRangeAddress()
    return [list(r) for r in sheet.getCellRangeByPosition(0, 0, a.EndColumn, a.EndRow).getDataArray()]


def text(value):
    """A cell as the core reads an id: integers without decimals."""
    if isinstance(value, float) and value == int(value):
        return str(int(value))
    return str(value).strip()


def serial(day):
    return float((day - datetime.date(1899, 12, 30)).days)


class CardTestCase(OfficeTestCase):
    def jobs(self):
        return self.office.smgr.createInstanceWithContext("org.calccrm.CustomerJobs", self.office.ctx)

    def card(self, doc, customer, **options):
        return as_dict(self.jobs().customerCard(doc, customer, props(**options)))

    def check_orders(self, card, orders):
        """LastOrders and ProductsBought against the customer's own order rows: (day, amount, product, row)."""
        latest = sorted(orders, key=lambda o: (o[0], o[3]), reverse=True)[:10]
        self.assertEqual(card["Orders"], len(orders))
        self.assertEqual(len(card["LastOrders"]), len(latest))
        for got, want in zip(card["LastOrders"], latest):
            self.assertEqual(got[0], want[0])
            self.assertAlmostEqual(got[1], want[1], places=9)
            self.assertEqual(got[2], want[2])
        counts = collections.Counter(o[2] for o in orders if o[2])
        self.assertEqual(sorted((p, n) for p, n in card["ProductsBought"]), sorted(counts.items()))
        ranks = [n for _, n in card["ProductsBought"]]
        self.assertEqual(ranks, sorted(ranks, reverse=True))


class SampleCard(CardTestCase):
    def test_card_of_the_sample(self):
        tmp = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, tmp, True)
        path = os.path.join(tmp, "customers.ods")
        shutil.copy(SAMPLE, path)
        doc = self.office.load(path)
        self.addCleanup(self.close, doc)

        # No analysis yet: said plainly (the sample's own sheet is called Customers, and is no analysis).
        with self.assertRaises(IllegalArgumentException) as refused:
            self.jobs().customerCard(doc, "1001", ())
        self.assertIn("no analysis yet: run Analyze first", refused.exception.Message)

        run = as_dict(self.jobs().analyze(doc, ()))
        plan = as_dict(self.jobs().planVisits(doc, props(Year=2027)))
        self.assertEqual(run["CustomersSheet"], "Customers (2)")
        customers = used_rows(doc.Sheets.getByName(run["CustomersSheet"]))
        head = customers[0]
        col = {h: i for i, h in enumerate(head)}
        source = used_rows(doc.Sheets.getByName("Customers"))
        source_col = {h: i for i, h in enumerate(source[0])}
        orders = collections.defaultdict(list)
        tx = used_rows(doc.Sheets.getByName("Transactions"))
        tx_col = {h: i for i, h in enumerate(tx[0])}
        for r, row in enumerate(tx[1:], start=2):
            if row[tx_col["Customer ID"]] != "":
                orders[text(row[tx_col["Customer ID"]])].append(
                    (float(int(row[tx_col["Date"]])), row[tx_col["Amount"]], row[tx_col["Product"]], r))
        schedule = used_rows(doc.Sheets.getByName(plan["ScheduleSheet"]))
        today = serial(datetime.date(2027, 7, 1))
        visits = collections.defaultdict(list)
        for row in schedule[1:]:
            if isinstance(row[0], float) and row[4] != "":
                visits[text(row[4])].append((row[0], row[10]))

        rows = customers[1:run["Customers"] + 1]
        for row in rows[::37] + [rows[-1]]:
            cid = text(row[col["ID"]])
            card = self.card(doc, cid, Today=today)
            self.assertEqual(card["Id"], cid)
            for key, header in (("Name", "Name"), ("Tier", "Tier"), ("TierReason", "Why this tier"),
                                ("PActive", "P(active)"), ("RFM", "RFM"), ("Segment", "RFM segment"),
                                ("Action", "Recommended action"), ("Profit", "Profit")):
                if header in col:
                    self.assertEqual(card[key], row[col[header]] if row[col[header]] != "" else None, (cid, key))
            self.assertIn(card["Tier"], ("A", "B", "C"))
            self.assertIsInstance(card["PActive"], float)
            self.assertIsInstance(card["LifetimeValue"], float)
            self.assertTrue(card["Action"])
            # The profile columns of the customer sheet that the Customers sheet does not carry, under their header.
            details = {p.Name: p.Value for p in card["Details"]}
            src = next(s for s in source[1:] if text(s[source_col["ID"]]) == cid)
            for header in ("Referrals", "Share of wallet", "Orders per year"):
                self.assertEqual(details[header], src[source_col[header]], (cid, header))
            self.assertNotIn("Source row", details)
            self.assertNotIn("Column handles", details)
            self.check_orders(card, orders[cid])
            done = sorted((d for d, mark in visits[cid] if d < today), reverse=True)
            coming = sorted(d for d, mark in visits[cid] if d >= today)
            self.assertEqual(card["VisitsDoneCount"], len(done))
            self.assertEqual(card["NextVisitsCount"], len(coming))
            self.assertEqual(list(card["VisitsDone"]), done[:10])
            self.assertEqual(list(card["NextVisits"]), coming[:10])
            self.assertGreater(len(done) + len(coming), 0)

        # The customer of a selected row: on the orders, the schedule and the customer sheet.
        cid = text(tx[5][tx_col["Customer ID"]])
        self.assertEqual(self.card(doc, "", Sheet="Transactions", Row=5)["Id"], cid)
        self.assertEqual(self.card(doc, "", Sheet=plan["ScheduleSheet"], Row=1)["Id"], text(schedule[1][4]))
        self.assertEqual(self.card(doc, "", Sheet="Customers", Row=3)["Id"], text(source[3][source_col["ID"]]))
        with self.assertRaises(IllegalArgumentException) as refused:
            self.card(doc, "", Sheet=run["SummarySheet"], Row=3)
        self.assertIn("holds no customer of the analysis", refused.exception.Message)

        # An unknown id, and a card asked with nothing to find it by.
        with self.assertRaises(IllegalArgumentException) as refused:
            self.card(doc, "no-such-customer")
        self.assertIn("no customer 'no-such-customer' on the sheet Customers (2)", refused.exception.Message)
        with self.assertRaises(IllegalArgumentException) as refused:
            self.card(doc, "")
        self.assertIn("needs a customer id", refused.exception.Message)

        # The card follows the document: a note typed in the source, and a name typed in the Customers sheet, show
        # at once (the index is read again).
        first = text(source[1][source_col["ID"]])
        self.card(doc, first)
        doc.Sheets.getByName("Customers").getCellByPosition(source_col["Referrals"], 1).setString("two, by phone")
        self.assertEqual({p.Name: p.Value for p in self.card(doc, first)["Details"]}["Referrals"], "two, by phone")
        doc.Sheets.getByName(run["CustomersSheet"]).getCellByPosition(col["Name"], 1).setString("Renamed & Co")
        self.assertEqual(self.card(doc, first)["Name"], "Renamed & Co")

        # Through org.calccrm.Jobs, the same card.
        untyped = self.office.smgr.createInstanceWithContext("org.calccrm.Jobs", self.office.ctx)
        got = untyped.execute((NamedValue("Job", "customerCard"), NamedValue("Document", doc),
                               NamedValue("CustomerId", first), NamedValue("Options", (NamedValue("Today", today),))))
        got = {v.Name: v.Value for v in got}
        self.assertEqual(got["Name"], "Renamed & Co")
        self.assertEqual(got["Orders"], len(orders[first]))


class CdnowCard(CardTestCase):
    """CDNOW's whole log (69 659 orders, 23 570 customers), as test_real_data lays it out in a sheet."""

    def test_card_on_the_whole_log(self):
        rows, orders = [["customer_id", "date", "number_of_cds", "dollar_value"]], collections.defaultdict(list)
        with open(data("cdnow", "CDNOW_master.txt")) as f:
            next(f)
            for line in f:
                cid, day, cds, dollars = line.split()
                rows.append([cid, float(day), float(cds), float(dollars)])
                d = datetime.date(int(day[:4]), int(day[4:6]), int(day[6:]))
                orders[cid].append((serial(d), float(dollars), "", len(rows)))
        self.assertEqual(len(orders), 23570)
        doc, sheet = self.new_sheet()
        sheet.Name = "CDNOW"
        crmoffice.set_data(sheet, "A1", rows)
        with self.office.guard("analyze", timeout=600):
            run = as_dict(self.jobs().analyze(doc, props()))
        self.assertEqual(run["Customers"], 23570)

        start = time.perf_counter()
        with self.office.guard("customerCard", timeout=300):
            self.card(doc, "00001")
        first = time.perf_counter() - start
        biggest = max(orders, key=lambda c: len(orders[c]))
        ids = [biggest] + sorted(orders)[::1000]
        times = []
        for cid in ids:
            start = time.perf_counter()
            card = self.card(doc, cid)
            times.append(time.perf_counter() - start)
            self.assertEqual(card["Id"], cid)
            self.check_orders(card, orders[cid])
            self.assertEqual(card["ProductsBought"], ())  # the log has no product column: none is made up
            self.assertEqual(card["Name"], None)
            self.assertIn(card["Tier"], ("A", "B", "C"))
        times.sort()
        print("customerCard on CDNOW: first call (reads and indexes the sheets) %.2f s; then median %.1f ms, "
              "slowest %.1f ms over %d cards" % (first, 1000 * times[len(times) // 2], 1000 * times[-1], len(times)))
        # A selected row of the log.
        self.assertEqual(self.card(doc, "", Sheet="CDNOW", Row=69658)["Id"], rows[69658][0])


class LocalizedRefusals(CardTestCase):
    """The refusals in the office's language (the strings table's French and Chinese)."""

    def check_refusals(self, no_analysis, unknown):
        doc, sheet = self.new_sheet()
        crmoffice.set_data(sheet, "A1", [["ID", "Name", "Sales 2025"], ["K1", "Kappa", 100.0], ["K2", "Lambda", 50.0]])
        with self.assertRaises(IllegalArgumentException) as refused:
            self.card(doc, "K1")
        self.assertIn(no_analysis, refused.exception.Message)
        self.jobs().analyze(doc, ())
        self.assertEqual(self.card(doc, "K1")["Name"], "Kappa")
        with self.assertRaises(IllegalArgumentException) as refused:
            self.card(doc, "K9")
        self.assertIn(unknown, refused.exception.Message)


class FrenchRefusals(LocalizedRefusals):
    locale = "fr-FR"

    def test_french(self):
        self.check_refusals("ce document n'a pas encore d'analyse", "aucun client « K9 » sur la feuille Clients")


class ChineseRefusals(LocalizedRefusals):
    locale = "zh-CN"

    def test_chinese(self):
        self.check_refusals("本文档还没有分析结果", "工作表 客户 中没有客户“K9”")


if __name__ == "__main__":
    unittest.main()
