"""The job service org.calccrm.CustomerJobs in a real Calc: analyze on the sample, one undo step, source untouched."""
import os
import random
import re
import shutil
import tempfile
import unittest

from common import OfficeTestCase, ROOT, crmoffice, crmpaths
from crmoffice import as_dict as result_dict, props
import spec_reference as spec
import uno
from com.sun.star.lang import IllegalArgumentException

SAMPLE = os.path.join(ROOT, "samples", "customers.ods")






class JobsTestCase(OfficeTestCase):
    def jobs(self):
        return self.office.smgr.createInstanceWithContext("org.calccrm.CustomerJobs", self.office.ctx)

    def load_sample(self):
        tmp = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, tmp, True)
        path = os.path.join(tmp, "customers.ods")
        shutil.copy(SAMPLE, path)
        doc = self.office.load(path)  # not hidden: undo is recorded
        self.addCleanup(self.close, doc)
        return doc


class Analyze(JobsTestCase):
    def test_analyze_the_sample(self):
        doc = self.load_sample()
        source = doc.Sheets.getByName("Customers")
        before = crmoffice.get_data(source, "A1:Q301")
        sheets_before = doc.Sheets.getElementNames()
        result = result_dict(self.jobs().analyze(doc, props(Replace=False)))
        self.assertEqual(result["Customers"], 300)
        sales = [r[0] for r in crmoffice.get_data(source, "J2:J301")]
        expected = [spec.pareto_tier(v, sales) for v in sales]
        self.assertEqual(tuple(result["TierCounts"]), tuple(expected.count(t) for t in "ABC"))
        out = doc.Sheets.getByName(result["CustomersSheet"])
        self.assertNotEqual(result["CustomersSheet"], "Customers")  # the source keeps its name
        header = crmoffice.get_data(out, "A1:H1")[0]
        self.assertEqual(header[0], "ID")
        self.assertEqual(header[7], "Tier")
        rows = crmoffice.get_data(out, "A2:H301")
        ids = [r[0] for r in crmoffice.get_data(source, "A2:A301")]
        self.assertEqual([r[0] for r in rows], ids)
        self.assertEqual([r[7] for r in rows], expected)
        # Live: the sales cell is a formula over the source.
        self.assertTrue(out.getCellRangeByName("C2").getFormula().startswith("=INDEX("))
        self.assertIn(result["SummarySheet"], doc.Sheets.getElementNames())
        summary = doc.Sheets.getByName(result["SummarySheet"])
        self.assertEqual([r[1] for r in crmoffice.get_data(summary, "A2:B4")], [expected.count(t) for t in "ABC"])
        self.assertGreaterEqual(summary.getCharts().getCount(), 1)
        # Row heights, deferred while the run wrote, are adjusted by Calc again.
        self.assertTrue(doc.getPropertyValue("IsAdjustHeightEnabled"))
        # Nothing in the source changed, and one Undo removes the whole run.
        self.assertEqual(crmoffice.get_data(source, "A1:Q301"), before)
        doc.getUndoManager().undo()
        self.assertEqual(doc.Sheets.getElementNames(), sheets_before)
        self.assertEqual(crmoffice.get_data(source, "A1:Q301"), before)

    def test_live_after_a_source_edit(self):
        doc = self.load_sample()
        result = result_dict(self.jobs().analyze(doc, props()))
        source = doc.Sheets.getByName("Customers")
        out = doc.Sheets.getByName(result["CustomersSheet"])
        source.getCellRangeByName("J2").setValue(1e9)  # customer 1 becomes the giant
        self.assertEqual(out.getCellRangeByName("H2").getString(), "A")
        sales = [r[0] for r in crmoffice.get_data(source, "J2:J301")]
        got = [r[0] for r in crmoffice.get_data(out, "H2:H301")]
        self.assertEqual(got, [spec.pareto_tier(v, sales) for v in sales])

    def test_live_formulas_over_a_sheet_name_with_quotes(self):
        # Security review: formulas the job writes name the source sheet through sheet_reference(), which
        # quotes it ($'O''Brien''s "Clients"'.); a quote in the name must neither break nor inject formula text.
        doc = self.load_sample()
        source = doc.Sheets.getByName("Customers")
        name = "O'Brien's \"Clients\"; =1+1"
        source.setName(name)
        result = result_dict(self.jobs().analyze(doc, props(CustomerSheet=name)))
        out = doc.Sheets.getByName(result["CustomersSheet"])
        formula = out.getCellRangeByName("C2").getFormula()
        self.assertIn("$'O''Brien''s \"Clients\"; =1+1'.", formula)
        sales = [r[0] for r in crmoffice.get_data(source, "J2:J301")]
        self.assertEqual([r[0] for r in crmoffice.get_data(out, "C2:C301")], sales)  # no Err:, the same numbers
        source.getCellRangeByName("J2").setValue(1e9)
        self.assertEqual(out.getCellRangeByName("C2").getValue(), 1e9)
        self.assertEqual(out.getCellRangeByName("H2").getString(), "A")

    def test_count_method_and_bad_options(self):
        doc = self.load_sample()
        result = result_dict(self.jobs().analyze(doc, props(Method="count", AShare=0.2, BShare=0.5)))
        sales = [r[0] for r in crmoffice.get_data(doc.Sheets.getByName("Customers"), "J2:J301")]
        expected = [spec.count_tier(v, sales) for v in sales]
        self.assertEqual(tuple(result["TierCounts"]), tuple(expected.count(t) for t in "ABC"))
        for bad, message in ((props(Method="magic"), 'analyze: Method must be "pareto", "count" or "growth"'),
                             (props(AShare=0.9, BShare=0.5), "analyze: AShare and BShare must satisfy 0 < AShare"),
                             (props(Colour="red"), "analyze: unknown option 'Colour'"),
                             (props(CustomerSheet="Nope"), "analyze: there is no sheet named 'Nope'")):
            with self.assertRaises(IllegalArgumentException) as caught:
                self.jobs().analyze(doc, bad)
            self.assertTrue(caught.exception.Message.startswith(message), caught.exception.Message)

    def test_sheets_without_customers_give_clear_errors(self):
        doc, sheet = self.new_sheet()
        with self.assertRaises(IllegalArgumentException) as caught:
            self.jobs().analyze(doc, props())
        self.assertIn("sales", caught.exception.Message)
        crmoffice.set_data(sheet, "A1", [["ID", "Name", "Sales 2025"]])  # headers only
        with self.assertRaises(IllegalArgumentException):
            self.jobs().analyze(doc, props())


class ColumnWidths(JobsTestCase):
    """The Customers sheet's widths are measured on a sample of its rows, not on every cell (issue 4, speed):
    no cell may be wider than its column, wherever the widest one sits."""

    def test_widths_measured_on_a_sample_fit_every_cell(self):
        doc, sheet = self.new_sheet()
        rng = random.Random(7)
        rows = [["ID", "Name", "Sales 2025", "Sales 2024", "Cost 2025"]]
        for i in range(3000):
            sales = round(rng.uniform(10, 5000), 2)
            rows.append(["C%04d" % i, "Customer %d" % i, sales, round(sales * rng.uniform(0.5, 1.5), 2),
                         round(sales * rng.uniform(0.4, 0.9), 2)])
        # The widest cells of several columns, far from the first rows and off the evenly spread ones.
        rows[1777][1] = "A customer whose name is much longer than any other, deep in the sheet"
        rows[2222][2] = 123456789.25   # sales: the most digits (and so profit)
        rows[1333][3] = 0.03           # the previous year almost nothing: the largest growth
        rows[2999][4] = 9000.0         # a cost above the sales: the lowest margin, a minus sign
        crmoffice.set_data(sheet, "A1", rows)
        result = result_dict(self.jobs().analyze(doc, props()))
        doc.calculateAll()
        out = doc.Sheets.getByName(result["CustomersSheet"])
        cursor = out.createCursor()
        cursor.gotoEndOfUsedArea(False)
        width = cursor.getRangeAddress().EndColumn + 1
        columns = out.getColumns()
        given = [columns.getByIndex(c).Width for c in range(width)]
        header = out.getCellRangeByPosition(0, 0, width - 1, 0).getDataArray()[0]
        out.getCellRangeByPosition(0, 0, width - 1, 0).getColumns().OptimalWidth = True
        optimal = [columns.getByIndex(c).Width for c in range(width)]
        for c in range(width):
            if header[c] == "Column handles":
                continue  # a handle's text changes with every computation (a new token), its width with it
            self.assertGreaterEqual(given[c], optimal[c] - 10, "column %d (%s)" % (c, header[c]))
        # Every data row as tall as Calc makes it.
        heights = {out.getRows().getByIndex(r).Height for r in range(1, 3001, 97)}
        out.getCellRangeByPosition(0, 1, 0, 3000).getRows().OptimalHeight = True
        self.assertEqual(heights, {out.getRows().getByIndex(r).Height for r in range(1, 3001, 97)})


class ScheduleWidths(JobsTestCase):
    """The schedule sheet's widths, and those of its list of customers with missing visits, are measured on a
    sample of rows (issue 12, speed at real size): no cell may be wider than its column."""

    def test_schedule_widths_measured_on_a_sample_fit_every_cell(self):
        doc, sheet = self.new_sheet()
        rng = random.Random(11)
        rows = [["ID", "Name", "Sales 2025", "Sales rep"]]
        for i in range(900):
            rows.append(["C%04d" % i, "Customer %d" % i, round(rng.uniform(10, 5000), 2), "Rep 1"])
        # One rep cannot hold 900 customers' visits: an A customer deep in the sheet misses some, and its name is
        # the longest of the schedule and of the list.
        rows[700][1] = "A customer whose name is much longer than any other, deep in the list"
        rows[700][2] = 100000.0
        crmoffice.set_data(sheet, "A1", rows)
        plan = result_dict(self.jobs().planVisits(doc, props(Year=2027)))
        self.assertGreater(plan["VisitsUnscheduled"], 0)
        out = doc.Sheets.getByName(plan["ScheduleSheet"])
        cursor = out.createCursor()
        cursor.gotoEndOfUsedArea(False)
        width = cursor.getRangeAddress().EndColumn + 1
        self.assertGreater(width, 17)  # the list beside the schedule's 16 columns, after an empty one
        names = [r[0] for r in out.getCellRangeByPosition(18, 2, 18, cursor.getRangeAddress().EndRow).getDataArray()]
        self.assertIn(rows[700][1], names)
        columns = out.getColumns()
        given = [columns.getByIndex(c).Width for c in range(width)]
        out.getCellRangeByPosition(0, 0, width - 1, 0).getColumns().OptimalWidth = True
        optimal = [columns.getByIndex(c).Width for c in range(width)]
        for c in range(width):
            self.assertGreaterEqual(given[c], optimal[c] - 10, "column %d" % c)


class AnalyzeInFrench(JobsTestCase):
    locale = "fr-FR"

    def test_output_names_are_french(self):
        doc = self.load_sample()
        result = result_dict(self.jobs().analyze(doc, props()))
        self.assertEqual(result["CustomersSheet"], "Clients")
        self.assertEqual(result["SummarySheet"], "Synthèse")
        out = doc.Sheets.getByName("Clients")
        self.assertEqual(crmoffice.get_data(out, "H1:H1")[0][0], "Catégorie")

    def test_weekdays_of_the_schedule_are_french(self):
        doc = self.load_sample()
        plan = result_dict(self.jobs().planVisits(doc, props(Year=2027)))
        out = doc.Sheets.getByName(plan["ScheduleSheet"])
        days = {r[1] for r in crmoffice.get_data(out, "A2:B200")}
        self.assertTrue(days <= {"lundi", "mardi", "mercredi", "jeudi", "vendredi"}, days)
        self.assertGreaterEqual(len(days), 4)

    def test_problems_are_said_in_french(self):
        doc, sheet = self.new_sheet()
        crmoffice.set_data(sheet, "A1", [
            ["ID", "Nom", "Chiffre d'affaires 2025"],
            ["C1", "Alpha", 100.0],
            ["C1", "Alpha bis", 50.0],   # row 3: duplicate id
            ["C2", "Beta", -5.0],        # row 4: negative sales
            ["C3", "Gamma", "beaucoup"],  # row 5: unreadable number
        ])
        problems = list(result_dict(self.jobs().analyze(doc, props()))["Problems"])
        self.assertIn("ligne 3 : code client en double, ajouté à la première ligne", "\n".join(problems))
        self.assertTrue(any(p.startswith("ligne 4 : chiffre d'affaires négatif") for p in problems), problems)
        self.assertTrue(any(p.startswith("ligne 5 : nombre illisible — ") and "beaucoup" in p for p in problems),
                        problems)
        self.assertFalse(any("row" in p or "unreadable" in p for p in problems), problems)

    def test_why_the_purchase_model_failed_is_said_in_french(self):
        doc, sheet = self.new_sheet()
        crmoffice.set_data(sheet, "A1", [["ID", "Nom", "Chiffre d'affaires 2025"],
                                         ["C1", "Alpha", 100.0], ["C2", "Beta", 50.0]])
        doc.Sheets.insertNewByName("Commandes", 1)
        crmoffice.set_data(doc.Sheets.getByName("Commandes"), "A1", [  # one order each: no repeat purchase
            ["Code client", "Date", "Montant"], ["C1", 45300.0, 60.0], ["C2", 45320.0, 50.0]])
        problems = list(result_dict(self.jobs().analyze(doc, props(TransactionSheet="Commandes")))["Problems"])
        self.assertIn("le modèle d'achat n'a pas pu être ajusté : aucun client n'a acheté plus d'une fois", problems)
        self.assertFalse(any("BG/NBD" in p or "repeat" in p for p in problems), problems)


class PlanVisits(JobsTestCase):
    def test_every_customer_gets_exactly_its_visits_on_working_days(self):
        doc = self.load_sample()
        sheets_before = doc.Sheets.getElementNames()
        source = doc.Sheets.getByName("Customers")
        before = crmoffice.get_data(source, "A1:Q301")
        holidays = (46753.0, 46862.0)  # 2028-01-01 is a Saturday; 2027-04-19 … any two serials in the year
        result = result_dict(self.jobs().planVisits(doc, props(Year=2027, Holidays=holidays)))
        sales = [r[0] for r in crmoffice.get_data(source, "J2:J301")]
        ids = [r[0] for r in crmoffice.get_data(source, "A2:A301")]
        tiers = dict(zip(ids, (spec.pareto_tier(v, sales) for v in sales)))
        wanted = {i: {"A": 12, "B": 4, "C": 1}[t] for i, t in tiers.items()}
        self.assertEqual(result["VisitsPlanned"], sum(wanted.values()))
        self.assertEqual(result["UnvisitedCustomers"], 0)
        self.assertGreater(result["TotalKm"], 0)
        sheet = doc.Sheets.getByName(result["ScheduleSheet"])
        self.assertEqual(result["ScheduleSheet"], "Visits 2027")
        n = result["VisitsPlanned"]
        rows = crmoffice.get_data(sheet, "A1:J%d" % (n + 1))
        self.assertEqual(list(rows[0]), ["Date", "Weekday", "Sales rep", "Stop", "ID", "Name", "Tier", "Purpose",
                                         "km from previous stop", "Arrival"])
        counts = {}
        per_day = {}
        for date, weekday, rep, stop, cid, name, tier, purpose, km, arrival in rows[1:]:
            counts[cid] = counts.get(cid, 0) + 1
            self.assertEqual(tier, tiers[cid])
            self.assertNotIn(date, holidays)
            # Calc serial 2 is a Monday: weekday = (serial - 2) % 7, Monday = 0.
            self.assertLess((int(date) - 2) % 7, 5, "visit on a weekend")
            self.assertTrue(46388 <= date < 46753, "visit outside 2027")
            per_day.setdefault((date, rep), []).append(stop)
            self.assertTrue(purpose)
            self.assertGreaterEqual(km, 0)
        self.assertEqual(counts, wanted)
        for stops in per_day.values():
            self.assertEqual(sorted(stops), list(range(1, len(stops) + 1)))
            self.assertLessEqual(len(stops), 6)
        self.assertEqual(crmoffice.get_data(source, "A1:Q301"), before)
        doc.getUndoManager().undo()
        self.assertEqual(doc.Sheets.getElementNames(), sheets_before)

    def test_impossible_capacity_is_explained(self):
        doc = self.load_sample()
        result = result_dict(self.jobs().planVisits(doc, props(Year=2027, VisitsA=200, VisitsB=100,
                                                                MaxVisitsPerDay=1)))
        problems = list(result["Problems"])
        self.assertEqual(result["VisitsPlanned"] + result["VisitsUnscheduled"], result["VisitsWanted"])
        self.assertGreater(result["VisitsUnscheduled"], 0)
        self.assertEqual(result["DaysOverCapacity"], 0)  # one visit a day, never more
        self.assertTrue(any(re.search(r"\d+ visits wanted, \d+ planned, \d+ not scheduled", p) for p in problems), problems)
        self.assertTrue(any("to fix it: add" in p and "sales reps" in p for p in problems), problems)

    def test_holidays_as_a_range_text_or_a_range_name(self):
        # The panel sends the holidays as typed: a reference or a named range, read by planVisits itself.
        doc = self.load_sample()
        doc.Sheets.insertNewByName("Fériés", 2)
        days = [46388.0 + k for k in range(4, 40)]  # 36 days of January and February 2027, weekdays among them
        crmoffice.set_data(doc.Sheets.getByName("Fériés"), "A1", [["Jour"]] + [[d] for d in days])
        by_text = result_dict(self.jobs().planVisits(doc, props(Year=2027, Holidays="$'Fériés'.A2:A37")))
        visits = crmoffice.get_data(doc.Sheets.getByName(by_text["ScheduleSheet"]), "A2:A%d" % (by_text["VisitsPlanned"] + 1))
        dates = {r[0] for r in visits}
        self.assertFalse(dates & set(days), "a visit on a listed holiday")
        self.assertTrue(any(46388 + 40 <= d < 46388 + 60 for d in dates), "no visit after the holidays either")
        # The same days as a named range give the same visit days.
        import uno
        anchor_cell = uno.createUnoStruct("com.sun.star.table.CellAddress")
        doc.NamedRanges.addNewByName("Conges", "$'Fériés'.$A$2:$A$37", anchor_cell, 0)
        by_name = result_dict(self.jobs().planVisits(doc, props(Year=2027, Holidays="Conges", Replace=True)))
        named_visits = crmoffice.get_data(doc.Sheets.getByName(by_name["ScheduleSheet"]),
                                          "A2:A%d" % (by_name["VisitsPlanned"] + 1))
        self.assertEqual(sorted(r[0] for r in named_visits), sorted(r[0] for r in visits))
        # A text that names no range is refused in plain words, before anything is written.
        names = doc.Sheets.getElementNames()
        with self.assertRaises(IllegalArgumentException) as caught:
            self.jobs().planVisits(doc, props(Year=2027, Holidays="Vacances d'été"))
        self.assertEqual(caught.exception.Message, "planVisits: the holidays 'Vacances d'été' are not a range of this "
                                                   "document (write it like $Holidays.A1:A20)")
        self.assertEqual(doc.Sheets.getElementNames(), names)

    def test_bad_options(self):
        doc = self.load_sample()
        for bad, message in ((props(TransactionSheet="Transactions"), "unknown option 'TransactionSheet'"),
                             (props(MaxVisitsPerDay=0), "MaxVisitsPerDay must be a whole number from 1 to 100"),
                             (props(HoursPerDay=30), "HoursPerDay must be more than 0 and at most 24"),
                             (props(VisitsA=1.5), "VisitsA must be a whole number from 1 to 366"),
                             (props(VisitMinutesC=0), "VisitMinutesC must be from 1 to 1440 minutes"),
                             (props(Year=10), "Year must be a year from 1900 to 9998"),
                             (props(StartDate=-5), "StartDate must be a date from 1900 to 9998"),
                             (props(Holidays=("not a date",)), "option Holidays: 'not a date' is not a date"),
                             (props(Holidays=(True,)), "option Holidays must be a list of dates"),
                             (props(SpeedKmh=-5), "SpeedKmh must be more than 0 and at most 1000 km/h"),
                             (props(Replace="yes"), "option Replace must be true or false"),
                             (props(CustomerSheet=3), "option CustomerSheet must be a text")):
            with self.assertRaises(IllegalArgumentException) as caught:
                self.jobs().planVisits(doc, bad)
            self.assertEqual(caught.exception.Message, "planVisits: " + message)


class ExportCalendar(JobsTestCase):
    def test_ics_and_csv_of_the_schedule(self):
        doc = self.load_sample()
        with tempfile.TemporaryDirectory() as tmp:
            never = os.path.join(tmp, "never.ics")
            with self.assertRaises(IllegalArgumentException):  # nothing planned yet
                self.jobs().exportCalendar(doc, uno.systemPathToFileUrl(never), props())
            self.assertFalse(os.path.exists(never))
        # A customer name that would be a formula elsewhere.
        doc.Sheets.getByName("Customers").getCellRangeByName("B2").setString("=HYPERLINK(\"http://x\";\"y\")")
        plan = result_dict(self.jobs().planVisits(doc, props(Year=2027)))
        with tempfile.TemporaryDirectory() as tmp:
            ics_path, csv_path = os.path.join(tmp, "v.ics"), os.path.join(tmp, "v.csv")
            self.jobs().exportCalendar(doc, uno.systemPathToFileUrl(ics_path),
                                       props(CsvUrl=uno.systemPathToFileUrl(csv_path)))
            with open(ics_path, "rb") as f:
                ics = f.read()
            with open(csv_path, "rb") as f:
                csv_text = f.read().decode("utf-8")
        self.assertEqual(ics.count(b"BEGIN:VEVENT\r\n"), plan["VisitsPlanned"])
        self.assertNotIn(b"\n", ics.replace(b"\r\n", b""))  # every line ends with CRLF
        self.assertTrue(all(len(line) <= 75 for line in ics.split(b"\r\n")))
        uids = [line for line in ics.replace(b"\r\n ", b"").split(b"\r\n") if line.startswith(b"UID:")]
        self.assertEqual(len(set(uids)), plan["VisitsPlanned"])
        self.assertIn("'=HYPERLINK", csv_text)
        self.assertNotIn(",=HYPERLINK", csv_text)


class BadSheets(JobsTestCase):
    """Spec issue 4, "Bad input": each case gives a clear message and never a crash."""

    def test_a_refusal_in_a_background_document_leaves_nothing(self):
        # A script working on two documents: the refused run's sheets go, and the next run works.
        doc, sheet = self.new_sheet()
        crmoffice.set_data(sheet, "A1", [["ID", "Name", "Sales 2025"], ["C1", "Alpha", 1000.0], ["C2", "Beta", 500.0]])
        doc.Sheets.insertNewByName("Empty", 1)
        before = doc.Sheets.getElementNames()
        self.new_sheet()  # a second document, now the active one
        with self.assertRaises(IllegalArgumentException):
            self.jobs().analyze(doc, props(TransactionSheet="Empty"))
        self.assertEqual(doc.Sheets.getElementNames(), before)
        result = result_dict(self.jobs().analyze(doc, props()))
        self.assertEqual(result["Customers"], 2)

    def test_messy_customer_sheet_is_read_with_every_problem_reported(self):
        doc, sheet = self.new_sheet()
        rows = [
            ["ID", "Nom", "Chiffre d'affaires 2025", "Chiffre d'affaires 2024", "Commercial", "Latitude", "Longitude"],
            ["C1", "Alpha", "1 234,56 €", 1000.0, "Ana", 48.85, 2.35],
            ["C2", "Beta", 500.0, 400.0, "Ana", 48.86, 2.34],
            ["C2", "Beta bis", 250.0, 100.0, "Ana", 48.86, 2.34],      # duplicate id: aggregated, reported
            ["C3", "Gamma", -80.0, 50.0, "Ana", "", ""],               # negative sales, no coordinates
            ["C4", "Delta", "n/a", 10.0, "Ana", 48.8, 2.3],            # unreadable sales
            ["C5", "Epsilon", 300.0, 200.0, "Ana", 48.9, 2.4],
        ]
        crmoffice.set_data(sheet, "A1", rows)
        sheet.getCellRangeByName("C8").setFormula("=1/0")               # an error cell
        sheet.getCellRangeByName("A8").setString("C6")
        sheet.getCellRangeByName("A1:B1").merge(True)                   # merged header cells
        before = crmoffice.get_data(sheet, "A1:G8")
        result = result_dict(self.jobs().analyze(doc, props()))
        problems = "\n".join(result["Problems"])
        for row in ("row 4", "row 5", "row 6", "row 8"):
            self.assertIn(row, problems)
        self.assertEqual(result["Customers"], 4)  # C1, C2 (aggregated), C3, C5
        out = doc.Sheets.getByName(result["CustomersSheet"])
        got = {r[0]: r[2] for r in crmoffice.get_data(out, "A2:C5")}
        self.assertAlmostEqual(got["C1"], 1234.56)
        self.assertEqual(got["C2"], 750.0)
        plan = result_dict(self.jobs().planVisits(doc, props(Year=2027)))
        self.assertEqual(plan["UnvisitedCustomers"], 0)
        self.assertEqual(crmoffice.get_data(sheet, "A1:G8"), before)

    def test_a_year_without_working_days(self):
        doc, sheet = self.new_sheet()
        crmoffice.set_data(sheet, "A1", [["ID", "Name", "Sales"], ["C1", "Alpha", 100.0], ["C2", "Beta", 50.0]])
        holidays = tuple(float(d) for d in range(46388, 46753))  # every day of 2027; both customers are A: 24 visits
        plan = result_dict(self.jobs().planVisits(doc, props(Year=2027, Holidays=holidays)))
        self.assertEqual(plan["VisitsPlanned"], 0)
        self.assertEqual(plan["UnvisitedCustomers"], 2)
        self.assertTrue(any("the period has no working day for the 24 visits wanted" in p for p in plan["Problems"]),
                        plan["Problems"])


class AnalyzeWithTransactions(JobsTestCase):
    def test_history_columns_models_and_segments(self):
        doc = self.load_sample()
        result = result_dict(self.jobs().analyze(doc, props()))
        out = doc.Sheets.getByName(result["CustomersSheet"])
        header = list(crmoffice.get_data(out, "A1:AZ1")[0])
        col = {name: i for i, name in enumerate(header)}
        for name in ("RFM", "RFM segment", "P(active)", "Expected purchases, next 52 weeks",
                     "Expected spend per purchase", "Lifetime value, next 52 weeks", "r", "alpha", "a", "b", "p", "q", "v"):
            self.assertIn(name, col)
        rows = crmoffice.get_data(out, "A2:AZ301")
        params = [rows[0][col[k]] for k in ("r", "alpha", "a", "b", "p", "q", "v")]
        self.assertTrue(all(isinstance(v, float) and v > 0 for v in params), params)
        segments = {"Champions", "Can't lose them", "At risk", "Hibernating", "Need attention", "Loyal",
                    "New customers", "Promising", "About to sleep", "Potential loyalists"}
        with_history = 0
        for r in rows:
            if r[col["RFM"]] == "":
                continue
            with_history += 1
            self.assertRegex(r[col["RFM"]], r"^[1-5]{3}$")
            self.assertIn(r[col["RFM segment"]], segments)
            self.assertTrue(0.0 <= r[col["P(active)"]] <= 1.0)
            self.assertGreaterEqual(r[col["Expected purchases, next 52 weeks"]], 0.0)
            self.assertGreater(r[col["Expected spend per purchase"]], 0.0)
            # Undiscounted, the next 52 weeks' value is the expected purchases times the expected spend.
            self.assertAlmostEqual(r[col["Lifetime value, next 52 weeks"]],
                                   r[col["Expected purchases, next 52 weeks"]] * r[col["Expected spend per purchase"]],
                                   delta=1e-9 * max(1.0, r[col["Lifetime value, next 52 weeks"]]))
        self.assertEqual(with_history, 300)  # every sample customer has orders
        summary = doc.Sheets.getByName(result["SummarySheet"])
        table = crmoffice.get_data(summary, "A9:E18")
        self.assertEqual({r[0] for r in table}, segments)
        self.assertEqual(sum(r[4] for r in table), 300)
        tiers = crmoffice.get_data(out, "H2:H301")
        for c, letter in enumerate("ABC", start=1):
            self.assertEqual(sum(r[c] for r in table), sum(1 for t in tiers if t[0] == letter))
        self.assertEqual(summary.getCharts().getCount(), 3)


class AnalyzeAnOrderLogAlone(JobsTestCase):
    """Spec: "a customer sheet and/or a transactions sheet". The CDNOW order log (public data: the 2 357
    customers' orders of the 39-week calibration period, 1997-01-01 to 1997-09-30) alone: its customers are
    aggregated from the orders, and their x, t_x and T are the published calibration summary (Fader,
    Hardie & Lee 2005, the summary in data/cdnow)."""

    def test_the_cdnow_order_log(self):
        data = crmpaths.data("cdnow")
        rows = [["Customer ID", "Date", "Amount"]]
        with open(os.path.join(data, "CDNOW_sample.txt")) as f:
            for line in f:
                _, cid, day, _, amount = line.split()  # master id, customer id (1..2357), date, CDs, dollars
                if day <= "19970930":
                    rows.append([cid, "%s-%s-%s" % (day[:4], day[4:6], day[6:]), float(amount)])
        summary = {}
        with open(os.path.join(data, "cdnow_customers_summary_with_transactions.csv")) as f:
            next(f)
            for line in f:
                i, x, t_x, T, _ = line.strip().split(",")
                summary["%04d" % int(i)] = (float(x), float(t_x), float(T))
        doc, sheet = self.new_sheet()
        sheet.Name = "Orders"
        crmoffice.set_data(sheet, "A1", rows)
        before = crmoffice.get_data(sheet, "A1:C%d" % len(rows))
        result = result_dict(self.jobs().analyze(doc, props()))
        self.assertEqual(result["Customers"], 2357)
        self.assertFalse(any("duplicate" in p for p in result["Problems"]), result["Problems"][:3])
        out = doc.Sheets.getByName(result["CustomersSheet"])
        header = list(crmoffice.get_data(out, "A1:AZ1")[0])
        col = {name: i for i, name in enumerate(header)}
        self.assertIn("Sales 1997", col)  # the log's latest year is the sales
        table = crmoffice.get_data(out, "A2:AZ2358")
        sales = {}  # each customer's orders, summed here from the raw file
        for cid, day, amount in rows[1:]:
            sales[cid] = sales.get(cid, 0.0) + amount
        for r in table:
            cid = r[col["ID"]]
            self.assertAlmostEqual(r[col["Sales 1997"]], sales[cid], places=6)
            x, t_x, T = summary[cid]
            self.assertEqual(r[col["Repeat purchases (x)"]], x, cid)
            self.assertAlmostEqual(r[col["Last purchase, weeks (t_x)"]], t_x, delta=0.006, msg=cid)
            self.assertAlmostEqual(r[col["Customer age, weeks (T)"]], T, delta=0.006, msg=cid)
        self.assertEqual(sorted(r[col["ID"]] for r in table), sorted(summary))
        # The live BG/NBD fit over these histories is the published one (r, alpha, a, b).
        fit = [table[0][col[k]] for k in ("r", "alpha", "a", "b")]
        for got, published in zip(fit, (0.2426, 4.4135, 0.7929, 2.4258)):
            self.assertAlmostEqual(got, published, delta=0.001 * published)
        self.assertEqual(crmoffice.get_data(sheet, "A1:C%d" % len(rows)), before)
        # One rep (no rep column) cannot visit 2 357 customers in a year: capacity is kept, the first visits of
        # A customers come first, and what is left out is counted and listed.
        plan = result_dict(self.jobs().planVisits(doc, props(Year=1998)))
        self.assertEqual(plan["VisitsPlanned"] + plan["VisitsUnscheduled"], plan["VisitsWanted"])
        self.assertEqual(plan["DaysOverCapacity"], 0)
        self.assertGreater(plan["RepsNeeded"], 1)
        tier_of = {r[col["ID"]]: r[col["Tier"]] for r in table}
        schedule = doc.Sheets.getByName(plan["ScheduleSheet"])
        visited = {r[0] for r in crmoffice.get_data(schedule, "E2:E%d" % (plan["VisitsPlanned"] + 1))}
        self.assertEqual({c for c, t in tier_of.items() if t == "A"} - visited, set())


if __name__ == "__main__":
    unittest.main()
