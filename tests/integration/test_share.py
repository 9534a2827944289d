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
            self.jobs().exportValues(doc, uno.systemPathToFileUrl(os.path.join(tmp, "x.pdf")), ())
        self.assertIn(".ods or .xlsx", bad.exception.Message)
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


@unittest.skipUnless(shutil.which("pdftoppm"), "poppler-utils (pdftoppm) is missing: tools/setup.sh installs it")
class PrintThePlan(ShareTestCase):
    def test_schedule_prints_a_page_per_rep_and_month(self):
        doc = self.load_sample()
        plan = result_dict(self.jobs().planVisits(doc, props(Year=2027, PrintByRep=True)))
        name = plan["ScheduleSheet"]
        sheet = doc.Sheets.getByName(name)
        n = plan["VisitsPlanned"]
        rows = crmoffice.get_data(sheet, "A2:C%d" % (n + 1))
        header = crmoffice.get_data(sheet, "A1:P1")[0]
        # The rows come by rep, then date: each (rep, month) is one contiguous block.
        groups = []
        for date, _, rep in rows:
            month = self.month_of(date)
            if not groups or groups[-1] != (rep, month):
                groups.append((rep, month))
        self.assertEqual(len(groups), len(set(groups)))
        reps = sorted({g[0] for g in groups})
        self.assertGreater(len(groups), 12)
        # The print setup: its own landscape page style, the header row repeated, the schedule's columns only.
        style = doc.StyleFamilies.getByName("PageStyles").getByName(sheet.PageStyle)
        self.assertEqual(sheet.PageStyle, "CRM schedule")
        self.assertTrue(style.IsLandscape)
        self.assertGreater(style.Width, style.Height)
        self.assertTrue(sheet.getPrintTitleRows())
        self.assertEqual((sheet.getTitleRows().StartRow, sheet.getTitleRows().EndRow), (0, 0))
        self.assertEqual(sheet.getPrintAreas()[0].EndColumn, 15)
        # The PDF of the schedule alone (the other sheets removed from this throwaway copy).
        for other in doc.Sheets.getElementNames():
            if other != name:
                doc.Sheets.removeByName(other)
        tmp = self.tmpdir()
        pdf = os.path.join(tmp, "schedule.pdf")
        with self.office.guard("pdf", timeout=300):
            doc.storeToURL(uno.systemPathToFileUrl(pdf), props(FilterName="calc_pdf_Export"))
        pages, w, h = pdf_pages(pdf)
        self.assertGreater(w, h)  # landscape
        self.assertGreaterEqual(pages, len(groups))
        # Every page holds one rep's visits of one month alone, under the repeated header, with the footer.
        seen = []
        for p in range(1, pages + 1):
            text = page_text(pdf, p)
            self.assertIn(header[5], text, "page %d has no header" % p)
            on_page = [r for r in reps if re.search(r"(^|\s)%s(\s|$)" % re.escape(r), text, re.M)]
            self.assertEqual(len(on_page), 1, "page %d: %s" % (p, on_page))
            self.assertIn("%s · page %d / %d" % (name, p, pages), text)
            if not seen or seen[-1] != on_page[0]:
                seen.append(on_page[0])
        self.assertEqual(seen, reps)  # the reps in order, each on his own run of pages
        # The first rep's first month alone, as the rep takes it: one PDF, pictured.
        first = [r for r in rows if (r[2], self.month_of(r[0])) == groups[0]]
        month_pdf = os.path.join(tmp, "month.pdf")
        with self.office.guard("pdf month", timeout=300):
            doc.storeToURL(uno.systemPathToFileUrl(month_pdf), props(
                FilterName="calc_pdf_Export",
                FilterData=uno.Any("[]com.sun.star.beans.PropertyValue", props(PageRange="1"))))
        month_pages, mw, mh = pdf_pages(month_pdf)
        self.assertEqual(month_pages, 1)
        self.assertGreater(mw, mh)
        text = page_text(month_pdf, 1)
        self.assertIn(first[0][2], text)
        subprocess.run(["pdftoppm", "-r", "60", "-gray", "-f", "1", "-l", "1", month_pdf, os.path.join(tmp, "page")], check=True)
        pgm = [f for f in os.listdir(tmp) if f.startswith("page") and f.endswith(".pgm")][0]
        pw, ph, pixels = read_pgm(os.path.join(tmp, pgm))
        self.assertGreater(pw, ph)
        ink = sum(1 for b in pixels if b < 128) / float(len(pixels))
        self.assertGreater(ink, 0.002)  # not blank (a blank page has none; this one measured 0.6 % at 60 dpi)
        print("schedule PDF: %d pages for %d rep-months; page 1 ink %.4f" % (pages, len(groups), ink))
        shots = os.path.join(BUILD, "screenshots")
        os.makedirs(shots, exist_ok=True)
        subprocess.run(["pdftoppm", "-r", "80", "-png", "-singlefile", month_pdf, os.path.join(shots, "schedule-print")], check=True)

    @staticmethod
    def month_of(serial):
        import datetime
        d = datetime.date(1899, 12, 30) + datetime.timedelta(days=int(serial))
        return (d.year, d.month)


if __name__ == "__main__":
    unittest.main()
