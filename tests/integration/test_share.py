"""Sharing and printing (spec wizard.md "Customer card and sharing", issue 16 items 2 and 3), in a real Calc:
exportValues writes .ods and .xlsx copies that a second LibreOffice WITHOUT the extension reads with the same
values (no #NAME?), the .xlsx holding no calc-crm formula, and the user's document unchanged; the schedule
prints landscape with its header repeated and a page per rep and month (PDF read back by poppler)."""
import os
import re
import shutil
import subprocess
import tempfile
import unittest
import zipfile

from common import BUILD, OfficeTestCase, ROOT, crmoffice
from crmoffice import as_dict as result_dict, props
import uno

SAMPLE = os.path.join(ROOT, "samples", "customers.ods")


def used_area(sheet):
    cursor = sheet.createCursor()
    cursor.gotoEndOfUsedArea(False)
    a = cursor.getRangeAddress()
    return sheet.getCellRangeByPosition(0, 0, a.EndColumn, a.EndRow)


def crm_formulas(sheet):
    return sum(1 for row in used_area(sheet).getFormulaArray() for f in row
               if f.startswith("=") and ("CRM_" in f.upper() or "ORG.CALCCRM." in f.upper()))


class ShareTestCase(OfficeTestCase):
    def jobs(self):
        return self.office.smgr.createInstanceWithContext("org.calccrm.CustomerJobs", self.office.ctx)

    def tmpdir(self):
        tmp = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, tmp, True)
        return tmp

    def load_sample(self):
        path = os.path.join(self.tmpdir(), "customers.ods")
        shutil.copy(SAMPLE, path)
        doc = self.office.load(path)
        self.addCleanup(self.close, doc)
        return doc


class ShareAsValues(ShareTestCase):
    def test_copies_read_the_same_without_the_extension(self):
        doc = self.load_sample()
        run = result_dict(self.jobs().analyze(doc, ()))
        run_sheets = [run["CustomersSheet"], run["SummarySheet"]]
        live = doc.Sheets.getByName(run["CustomersSheet"])
        self.assertGreater(crm_formulas(live), 100)  # the analysis really holds calc-crm formulas
        originals = {name: used_area(doc.Sheets.getByName(name)) for name in doc.Sheets.getElementNames()}
        values = {name: r.getDataArray() for name, r in originals.items()}
        formulas = {name: r.getFormulaArray() for name, r in originals.items()}
        doc.setModified(False)
        tmp = self.tmpdir()
        whole_ods, whole_xlsx, run_xlsx = (os.path.join(tmp, n) for n in ("whole.ods", "whole.xlsx", "run.xlsx"))
        for path, options in ((whole_ods, ()), (whole_xlsx, ()), (run_xlsx, props(Sheets=tuple(run_sheets)))):
            with self.office.guard("exportValues", timeout=300):
                out = result_dict(self.jobs().exportValues(doc, uno.systemPathToFileUrl(path), options))
            self.assertGreater(out["FormulasConverted"], 100)
            self.assertTrue(os.path.getsize(path) > 1000, path)
        # The user's document is untouched: same formulas, not modified, no sheet added.
        self.assertFalse(doc.isModified())
        self.assertEqual(sorted(doc.Sheets.getElementNames()), sorted(values))
        for name, r in originals.items():
            self.assertEqual(used_area(doc.Sheets.getByName(name)).getFormulaArray(), formulas[name], name)
        # The .xlsx holds no calc-crm formula in any sheet.
        for path in (whole_xlsx, run_xlsx):
            with zipfile.ZipFile(path) as z:
                for member in z.namelist():
                    if member.startswith("xl/worksheets/") and member.endswith(".xml"):
                        xml = z.read(member).decode("utf-8")
                        self.assertNotIn("CRM_", xml.upper(), member)
                        self.assertNotIn("calccrm", xml.lower(), member)
        with zipfile.ZipFile(run_xlsx) as z:
            self.assertEqual(len([m for m in z.namelist() if re.match(r"xl/worksheets/sheet\d+\.xml$", m)]), 2)
        # A LibreOffice without the extension, recalculating everything, shows the same values.
        with crmoffice.Office(oxt=None) as plain:
            for path, names in ((whole_ods, list(values)), (whole_xlsx, list(values)), (run_xlsx, run_sheets)):
                copy = plain.load(path, hidden=True)
                try:
                    with plain.guard("calculateAll"):
                        copy.calculateAll()
                    if path == run_xlsx:
                        self.assertEqual(sorted(copy.Sheets.getElementNames()), sorted(run_sheets))
                    for name in names:
                        sheet = copy.Sheets.getByName(name)
                        self.assertEqual(crm_formulas(sheet), 0, (path, name))
                        got = used_area(sheet).getDataArray()
                        self.assert_same_values(values[name], got, "%s %s" % (os.path.basename(path), name))
                        shown = [c for row in got for c in row if isinstance(c, str) and ("#NAME" in c or c.startswith("Err:"))]
                        self.assertEqual(shown, [], (path, name))
                    # The Summary's charts travel with the copy.
                    summary = copy.Sheets.getByName(run["SummarySheet"])
                    original_charts = doc.Sheets.getByName(run["SummarySheet"]).getCharts().getCount()
                    if path != run_xlsx or original_charts:
                        self.assertEqual(summary.getCharts().getCount(), original_charts, path)
                finally:
                    copy.close(True)

    def assert_same_values(self, want, got, what):
        # Trailing empty rows/columns may be trimmed by a format; every original cell must read the same.
        for r, row in enumerate(want):
            for c, v in enumerate(row):
                g = got[r][c] if r < len(got) and c < len(got[r]) else ""
                if isinstance(v, str) and v.startswith("CRM column ·"):
                    # A column handle names the office's internal copy of a column (its hash differs from one
                    # load to the next): the copy keeps the handle's text, which means nothing without calc-crm.
                    self.assertEqual(v.rsplit("#", 1)[0], g.rsplit("#", 1)[0], "%s R%dC%d" % (what, r + 1, c + 1))
                elif isinstance(v, float) and isinstance(g, float):
                    self.assertAlmostEqual(v, g, delta=1e-9 * max(1.0, abs(v)), msg="%s R%dC%d" % (what, r + 1, c + 1))
                else:
                    self.assertEqual(v, g, "%s R%dC%d" % (what, r + 1, c + 1))

    def test_refusals_are_worded(self):
        doc = self.load_sample()
        tmp = self.tmpdir()
        from com.sun.star.lang import IllegalArgumentException
        with self.assertRaises(IllegalArgumentException) as bad:
            self.jobs().exportValues(doc, uno.systemPathToFileUrl(os.path.join(tmp, "x.txt")), ())
        self.assertIn(".ods or .xlsx", bad.exception.Message)
        self.assertIn(".pdf", bad.exception.Message)
        # The PDF of the schedule: refused, worded, when there is no schedule, when it holds no visit, and for a
        # rep or a month it does not hold; nothing is written.
        pdf = uno.systemPathToFileUrl(os.path.join(tmp, "x.pdf"))
        with self.assertRaises(IllegalArgumentException) as bad:
            self.jobs().exportValues(doc, pdf, ())
        self.assertIn("no visit schedule in this document", bad.exception.Message)
        empty = doc.Sheets.insertNewByName("Visits 2030", doc.Sheets.getCount())
        doc.Sheets.getByName("Visits 2030").getCellByPosition(0, 0).setString("Date")
        with self.assertRaises(IllegalArgumentException) as bad:
            self.jobs().exportValues(doc, pdf, ())
        self.assertIn("the schedule Visits 2030 holds no visit to print", bad.exception.Message)
        doc.Sheets.removeByName("Visits 2030")
        self.jobs().planVisits(doc, props(Year=2027, PrintByRep=True))
        with self.assertRaises(IllegalArgumentException) as bad:
            self.jobs().exportValues(doc, pdf, props(Rep="Nobody Here"))
        self.assertIn("no visit for the rep 'Nobody Here'", bad.exception.Message)
        with self.assertRaises(IllegalArgumentException) as bad:
            self.jobs().exportValues(doc, pdf, props(Month="2031-05"))
        self.assertIn("no visit in May 2031", bad.exception.Message)
        self.assertIn("January 2027 to December 2027", bad.exception.Message)
        with self.assertRaises(IllegalArgumentException) as bad:
            self.jobs().exportValues(doc, pdf, props(Month="2027-13"))
        self.assertIn("option Month", bad.exception.Message)
        self.assertFalse(os.path.exists(os.path.join(tmp, "x.pdf")))
        with self.assertRaises(IllegalArgumentException) as bad:
            self.jobs().exportValues(doc, uno.systemPathToFileUrl(os.path.join(tmp, "x.ods")), props(Sheets=("Nope",)))
        self.assertIn("no sheet named 'Nope'", bad.exception.Message)
        self.assertFalse(os.path.exists(os.path.join(tmp, "x.ods")))


def pdf_pages(path):
    info = subprocess.run(["pdfinfo", path], check=True, capture_output=True, text=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    w, h = map(float, re.search(r"^Page size:\s+([\d.]+) x ([\d.]+)", info, re.M).groups())
    return pages, w, h


def page_text(path, page):
    return subprocess.run(["pdftotext", "-layout", "-f", str(page), "-l", str(page), path, "-"],
                          check=True, capture_output=True, text=True).stdout


def read_pgm(path):
    with open(path, "rb") as f:
        data = f.read()
    magic, w, h, maxval, rest = re.match(rb"(P5)\s+(\d+)\s+(\d+)\s+(\d+)\s(.*)", data, re.S).groups()
    return int(w), int(h), rest


MONTHS = {"en-US": ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                    "October", "November", "December"],
          "fr-FR": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
                    "novembre", "décembre"]}
FOOTER = re.compile(r"^\s*(\S.*?) · (\S+) (\d{4}) · (\S+) (\d+) / (\d+)\s*$", re.M)


def month_of(serial):
    import datetime
    d = datetime.date(1899, 12, 30) + datetime.timedelta(days=int(serial))
    return (d.year, d.month)


@unittest.skipUnless(shutil.which("pdftoppm"), "poppler-utils (pdftoppm) is missing: tools/setup.sh installs it")
class PrintThePlan(ShareTestCase):
    def plan(self, doc):
        plan = result_dict(self.jobs().planVisits(doc, props(Year=2027, PrintByRep=True)))
        sheet = doc.Sheets.getByName(plan["ScheduleSheet"])
        n = plan["VisitsPlanned"]
        rows = crmoffice.get_data(sheet, "A2:C%d" % (n + 1))
        # The dates as the sheet shows them (and the PDF prints them), a visit row a line starting with its date.
        shown = [sheet.getCellByPosition(0, r + 1).getString() for r in range(n)]
        groups = {}
        for (date, _, rep), text in zip(rows, shown):
            groups.setdefault((rep, month_of(date)), []).append(text)
        return plan, sheet, rows, shown, groups

    def read_pdf(self, path, groups, shown, months):
        """Every page of the PDF: its footer's rep, month and page numbers, and its visit rows, checked to be
        the footer's rep's visits of the footer's month alone. Returns the (rep, month) of each page and the
        number of visit rows printed."""
        pages, w, h = pdf_pages(path)
        self.assertGreater(w, h)  # landscape
        all_dates = set(shown)
        reps = sorted({g[0] for g in groups})
        per_page, printed = [], 0
        for p in range(1, pages + 1):
            text = page_text(path, p)
            footers = FOOTER.findall(text)
            self.assertEqual(len(footers), 1, "page %d: footer %r in\n%s" % (p, footers, text[-400:]))
            rep, month_name, year, word, number, count = footers[0]
            self.assertEqual((int(number), int(count)), (p, pages), "page %d" % p)
            month = (int(year), months.index(month_name) + 1)
            self.assertIn((rep, month), groups, "page %d" % p)
            per_page.append(((rep, month), word))
            # The repeated header, then rows of this rep and month alone.
            self.assertIn(self.header[5], text, "page %d has no header" % p)
            on_page = [r for r in reps if re.search(r"(^|\s)%s(\s|$)" % re.escape(r), text.replace(footers[0][0], "", 1), re.M)]
            self.assertEqual(on_page, [rep], "page %d" % p)
            lines = [l.split()[0] for l in text.splitlines() if l.split() and l.split()[0] in all_dates]
            self.assertTrue(lines, "page %d has no visit" % p)
            wanted = set(groups[(rep, month)])
            self.assertEqual([d for d in lines if d not in wanted], [], "page %d: dates of another rep-month" % p)
            printed += len(lines)
        return per_page, printed

    def test_schedule_prints_a_page_per_rep_and_month(self):
        doc = self.load_sample()
        plan, sheet, rows, shown, groups = self.plan(doc)
        name = plan["ScheduleSheet"]
        n = plan["VisitsPlanned"]
        self.header = crmoffice.get_data(sheet, "A1:P1")[0]
        # PrintByRep: the rows come by rep, then date: each (rep, month) is one contiguous block.
        runs = []
        for date, _, rep in rows:
            if not runs or runs[-1] != (rep, month_of(date)):
                runs.append((rep, month_of(date)))
        self.assertEqual(len(runs), len(set(runs)))
        reps = sorted({g[0] for g in groups})
        self.assertGreater(len(reps), 1)
        self.assertGreater(len(groups), 12)
        # The sheet's own print setup: its landscape page style, the header row repeated, the schedule's columns.
        style = doc.StyleFamilies.getByName("PageStyles").getByName(sheet.PageStyle)
        self.assertEqual(sheet.PageStyle, "CRM schedule")
        self.assertTrue(style.IsLandscape)
        self.assertGreater(style.Width, style.Height)
        self.assertTrue(sheet.getPrintTitleRows())
        self.assertEqual((sheet.getTitleRows().StartRow, sheet.getTitleRows().EndRow), (0, 0))
        self.assertEqual(sheet.getPrintAreas()[0].EndColumn, 15)

        # exportValues to .pdf: the schedule as reps print it, the user's document untouched.
        names = doc.Sheets.getElementNames()
        data = sheet.getCellRangeByName("A1:P%d" % (n + 1)).getDataArray()
        doc.setModified(False)
        tmp = self.tmpdir()
        pdf = os.path.join(tmp, "schedule.pdf")
        with self.office.guard("exportValues pdf", timeout=300):
            out = result_dict(self.jobs().exportValues(doc, uno.systemPathToFileUrl(pdf), ()))
        self.assertEqual(out["Groups"], len(groups))
        self.assertEqual(out["VisitsPrinted"], n)
        self.assertEqual(list(out["Sheets"]), [name])
        per_page, printed = self.read_pdf(pdf, groups, shown, MONTHS["en-US"])
        pages = len(per_page)
        self.assertGreaterEqual(pages, len(groups))  # a page break at each change of rep and month, never fewer
        self.assertEqual(printed, n)  # every visit printed once
        order = []
        for g, word in per_page:
            self.assertEqual(word, "page")
            if not order or order[-1] != g:
                order.append(g)
        self.assertEqual(order, sorted(groups))  # by rep, then month, each rep-month one run of pages
        self.assertFalse(doc.isModified())
        self.assertEqual(doc.Sheets.getElementNames(), names)
        self.assertEqual(sheet.getCellRangeByName("A1:P%d" % (n + 1)).getDataArray(), data)
        self.assertEqual(sheet.PageStyle, "CRM schedule")

        # One rep's month (Rep and Month), as the rep takes it: only his visits of that month.
        rep, (year, month) = sorted(groups)[0]
        month_pdf = os.path.join(tmp, "month.pdf")
        with self.office.guard("exportValues pdf month", timeout=300):
            out = result_dict(self.jobs().exportValues(doc, uno.systemPathToFileUrl(month_pdf),
                                                       props(Rep=rep, Month="%04d-%02d" % (year, month))))
        self.assertEqual((out["Groups"], out["VisitsPrinted"]), (1, len(groups[(rep, (year, month))])))
        month_pages, printed = self.read_pdf(month_pdf, groups, shown, MONTHS["en-US"])
        self.assertEqual({g for g, _ in month_pages}, {(rep, (year, month))})
        self.assertEqual(printed, len(groups[(rep, (year, month))]))
        self.assertIn("%s · %s %d · page 1 / %d" % (rep, MONTHS["en-US"][month - 1], year, len(month_pages)),
                      page_text(month_pdf, 1))
        # Through org.calccrm.Jobs, another rep's month named by a date in it.
        other_rep, (oy, om) = [g for g in sorted(groups) if g[0] != rep][0]
        untyped = self.office.smgr.createInstanceWithContext("org.calccrm.Jobs", self.office.ctx)
        other_pdf = os.path.join(tmp, "other.pdf")
        NamedValue = uno.getClass("com.sun.star.beans.NamedValue")
        with self.office.guard("Jobs exportValues pdf", timeout=300):
            got = untyped.execute((NamedValue("Job", "exportValues"), NamedValue("Document", doc),
                                   NamedValue("FileUrl", uno.systemPathToFileUrl(other_pdf)),
                                   NamedValue("Options", (NamedValue("Rep", other_rep),
                                                          NamedValue("Month", "%04d-%02d-15" % (oy, om))))))
        got = {v.Name: v.Value for v in got}
        self.assertEqual(got["VisitsPrinted"], len(groups[(other_rep, (oy, om))]))
        other_pages, printed = self.read_pdf(other_pdf, groups, shown, MONTHS["en-US"])
        self.assertEqual({g for g, _ in other_pages}, {(other_rep, (oy, om))})
        self.assertFalse(doc.isModified())
        self.assertEqual(doc.Sheets.getElementNames(), names)

        # Page 1 of the rep's month, pictured (not blank).
        subprocess.run(["pdftoppm", "-r", "60", "-gray", "-f", "1", "-l", "1", month_pdf, os.path.join(tmp, "page")], check=True)
        pgm = [f for f in os.listdir(tmp) if f.startswith("page") and f.endswith(".pgm")][0]
        pw, ph, pixels = read_pgm(os.path.join(tmp, pgm))
        self.assertGreater(pw, ph)
        ink = sum(1 for b in pixels if b < 128) / float(len(pixels))
        self.assertGreater(ink, 0.002)  # not blank (a blank page has none)
        print("schedule PDF: %d pages for %d rep-months, %d visits; %s's %04d-%02d: %d page(s); page 1 ink %.4f"
              % (pages, len(groups), n, rep, year, month, len(month_pages), ink))
        shots = os.path.join(BUILD, "screenshots")
        os.makedirs(shots, exist_ok=True)
        subprocess.run(["pdftoppm", "-r", "80", "-png", "-singlefile", "-f", "1", "-l", "1", month_pdf,
                        os.path.join(shots, "schedule-print")], check=True)


@unittest.skipUnless(shutil.which("pdftoppm"), "poppler-utils (pdftoppm) is missing: tools/setup.sh installs it")
class PrintThePlanInFrench(PrintThePlan):
    locale = "fr-FR"

    def test_schedule_prints_a_page_per_rep_and_month(self):
        doc = self.load_sample()
        plan, sheet, rows, shown, groups = self.plan(doc)
        self.header = crmoffice.get_data(sheet, "A1:P1")[0]
        rep, (year, month) = sorted(groups)[0]
        pdf = os.path.join(self.tmpdir(), "mois.pdf")
        with self.office.guard("exportValues pdf", timeout=300):
            self.jobs().exportValues(doc, uno.systemPathToFileUrl(pdf), props(Rep=rep, Month="%04d-%02d" % (year, month)))
        per_page, printed = self.read_pdf(pdf, groups, shown, MONTHS["fr-FR"])
        self.assertEqual(printed, len(groups[(rep, (year, month))]))
        self.assertEqual({w for _, w in per_page}, {"page"})
        self.assertIn("%s · %s %d · page 1 / %d" % (rep, MONTHS["fr-FR"][month - 1], year, len(per_page)), page_text(pdf, 1))
        for english in MONTHS["en-US"]:
            self.assertNotIn(" · %s " % english, page_text(pdf, 1))


if __name__ == "__main__":
    unittest.main()
