"""The shareable templates in a real Calc: each opens as a new document with no formula error, its CRM_
results agree with the spec, the jobs read it, regenerating it gives the same sheets, and File > New >
Templates lists every one of them once the extension is installed."""
import datetime
import glob
import hashlib
import math
import os
import subprocess
import sys
import tempfile
import unittest
import xml.etree.ElementTree as ET
from urllib.parse import unquote

from common import OfficeTestCase, ROOT, crmoffice
import spec_reference as spec
import make_templates as tpl   # tools/: the generator's tables of words, languages and templates
import uno

TEMPLATE_DIR = os.path.join(ROOT, "samples", "templates")
EXTENSION_ID = "org.calccrm.extension"
SPREADSHEET_TEMPLATE = "application/vnd.oasis.opendocument.spreadsheet-template"
FORMULA_ERROR = 4          # com.sun.star.sheet.FormulaResult.ERROR
FORMULA_CELLS = 16         # com.sun.star.sheet.CellFlags.FORMULA
JOB_WORDS = tpl.JOB_WORDS
# The schedule sheet's columns (src/core/schedule_sheet.cpp, schedule_header_keys).
SCHEDULE_KEYS = ("head_date", "head_weekday", "head_rep", "head_stop", "head_id", "head_name", "head_tier", "head_purpose",
                 "head_km", "head_arrival", "head_done", "head_location", "head_latitude", "head_longitude", "head_why",
                 "head_last_order")
LANG_OF_LOCALE = {"en-US": "en-US", "fr-FR": "fr", "zh-CN": "zh-CN", "zh-TW": "zh-TW"}
WEEKDAYS = {"en-US": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"],
            "fr": ["lundi", "mardi", "mercredi", "jeudi", "vendredi"],
            "zh-CN": ["星期一", "星期二", "星期三", "星期四", "星期五"],
            "zh-TW": ["星期一", "星期二", "星期三", "星期四", "星期五"]}


def template_path(lang, template):
    return os.path.join(TEMPLATE_DIR, lang, template + ".ots")


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def used_range(sheet):
    cursor = sheet.createCursor()
    cursor.gotoEndOfUsedArea(False)
    end = cursor.getRangeAddress()
    return sheet.getCellRangeByPosition(0, 0, end.EndColumn, end.EndRow)


def formula_errors(doc):
    """Every formula cell whose result is an error, as 'Sheet.A1: Err:502' texts."""
    found = []
    for sheet in doc.Sheets:
        ranges = used_range(sheet).queryFormulaCells(FORMULA_ERROR)
        for address in ranges.getRangeAddresses():
            for row in range(address.StartRow, address.EndRow + 1):
                for column in range(address.StartColumn, address.EndColumn + 1):
                    cell = sheet.getCellByPosition(column, row)
                    found.append("%s.%s%d: %s %s" % (sheet.Name, tpl.col(column), row + 1, cell.getString(),
                                                     cell.getFormula()))
    return found


def crm_formula_count(sheet):
    """Cells of a sheet whose formula calls the add-in (stored as ORG.CALCCRM.FUNCTIONS.CRM...)."""
    return sum(1 for row in used_range(sheet).getFormulaArray() for f in row
               if f.startswith("=") and "ORG.CALCCRM.FUNCTIONS." in f.upper())


def table(sheet):
    """The used area's values, row by row."""
    return [list(r) for r in used_range(sheet).getDataArray()]


def column_of(header_row, text):
    if text not in header_row:
        raise AssertionError("no column headed %r in %r" % (text, header_row))
    return header_row.index(text)


class TemplateOpening:
    def open_template(self, path):
        with self.office.guard("open template %s" % path):
            doc = self.office.desktop.loadComponentFromURL(uno.systemPathToFileUrl(path), "_blank", 0,
                                                           crmoffice.props(AsTemplate=True))
        self.assertIsNotNone(doc, path)
        self.addCleanup(self.close, doc)
        return doc


class TemplateChecks(TemplateOpening):
    """What every office checks on the templates (mixed into one test class per UI language)."""


    def test_every_template_opens_as_a_new_document_without_formula_errors(self):
        minimum_crm_cells = {"customer-list": 8 * tpl.CUSTOMERS + 2, "transactions-log": 30,
                             "visit-plan": 2 * tpl.CUSTOMERS}
        for lang in tpl.LANGUAGES:
            for template in tpl.TEMPLATES:
                with self.subTest(lang=lang, template=template):
                    doc = self.open_template(template_path(lang, template))
                    # Opened as a template: an untitled new document, the template file stays untouched.
                    self.assertEqual(doc.getURL(), "")
                    self.assertTrue(doc.supportsService("com.sun.star.sheet.SpreadsheetDocument"))
                    self.assertEqual(doc.getDocumentProperties().Title, tpl.word("title_" + template, lang))
                    self.assertEqual(formula_errors(doc), [], "as loaded")
                    with self.office.guard("calculateAll"):
                        doc.calculateAll()
                    self.assertEqual(formula_errors(doc), [], "after a hard recalculation")
                    crm_cells = sum(crm_formula_count(s) for s in doc.Sheets)
                    self.assertGreaterEqual(crm_cells, minimum_crm_cells[template], "live CRM_ formulas")
                    # The last sheet is the instructions, in the template's language.
                    names = doc.Sheets.getElementNames()
                    self.assertEqual(names[-1], tpl.word("sheet_instructions", lang))
                    lines = [r[0] for r in table(doc.Sheets.getByName(names[-1])) if r[0]]
                    self.assertGreaterEqual(len(lines), 5)
                    self.assertEqual(lines, [line.format(year=tpl.PLAN_YEAR)
                                             for line in tpl.INSTRUCTIONS[template][lang]])
                    doc.close(True)

    def jobs(self):
        return self.office.smgr.createInstanceWithContext("org.calccrm.CustomerJobs", self.office.ctx)

    def test_visit_plan_schedule_exports_and_next_visits_follow_the_spec(self):
        for lang in tpl.LANGUAGES:
            with self.subTest(lang=lang):
                doc = self.open_template(template_path(lang, "visit-plan"))
                # It opens on the Next visits sheet (its formulas are the live part), the schedule beside it.
                self.assertEqual(list(doc.Sheets.getElementNames()), [tpl.word(k, lang, year=tpl.PLAN_YEAR) for k in (
                    "sheet_next_visits", "sheet_visits", "sheet_customers", "sheet_instructions")])
                schedule = doc.Sheets.getByName(tpl.word("sheet_visits", lang, year=tpl.PLAN_YEAR))
                rows = table(schedule)
                # The columns of the planVisits job's schedule sheet (spec wizard.md), in its order.
                self.assertEqual(rows[0][:len(SCHEDULE_KEYS)], [tpl.word(k, lang) for k in SCHEDULE_KEYS])
                visits = [r for r in rows[1:] if r[0] != ""]
                # A year's plan of the example customers: each one's visits a year by the tier of his sales.
                source = table(doc.Sheets.getByName(tpl.word("sheet_customers", lang)))
                sales_at = column_of(source[0], tpl.word("sales_year", lang, year=tpl.AS_OF.year))
                sales = [r[sales_at] for r in source[1:] if r[0]]
                self.assertEqual(len(sales), tpl.CUSTOMERS)
                tiers = [spec.pareto_tier(v, sales) for v in sales]
                self.assertEqual(len(visits), sum(spec.visits_per_year(t) for t in tiers))
                for r in visits:
                    day = datetime.date(1899, 12, 30) + datetime.timedelta(days=int(r[0]))
                    self.assertEqual(day.year, tpl.PLAN_YEAR)
                    self.assertLess(day.weekday(), 5, "a working day")
                    self.assertIn(r[6], ("A", "B", "C"))
                    self.assertTrue(0 < r[9] < 1, "arrival is a time of day")
                # The weekday is written in the template's language, whatever the office's locale.
                self.assertEqual([r[1] for r in visits],
                                 [WEEKDAYS[lang][(datetime.date(1899, 12, 30) + datetime.timedelta(days=int(r[0])))
                                                 .weekday()] for r in visits])
                # exportCalendar finds this sheet by its name and makes one event per visit row.
                with tempfile.TemporaryDirectory() as out:
                    ics = os.path.join(out, "visits.ics")
                    self.jobs().exportCalendar(doc, uno.systemPathToFileUrl(ics), ())
                    with open(ics, "rb") as f:
                        events = f.read().count(b"BEGIN:VEVENT\r\n")
                self.assertEqual(events, len(visits))
                # Next visits: visits a year by tier, and the due date moved past weekends and the holidays.
                nxt = table(doc.Sheets.getByName(tpl.word("sheet_next_visits", lang)))
                holidays_at = column_of(nxt[0], tpl.word("holidays", lang))
                holidays = [r[holidays_at] for r in nxt[1:] if r[holidays_at] != ""]
                self.assertEqual(len(holidays), len(tpl.HOLIDAYS[lang]))
                self.assertTrue(all((datetime.date(1899, 12, 30) + datetime.timedelta(days=int(h))).year
                                    == tpl.PLAN_YEAR for h in holidays))
                customers = [r for r in nxt[1:] if r[0]]
                self.assertEqual(len(customers), tpl.CUSTOMERS)
                self.assertEqual([r[2] for r in customers], tiers)   # CRM_TIER on the Customers sheet's sales
                for r in customers:
                    self.assertEqual(r[4], spec.visits_per_year(r[2]))
                    self.assertEqual(r[5], spec.next_visit(r[3], r[2], holidays))
                # A day off added below the list moves the visit that fell on it.
                sheet = doc.Sheets.getByName(tpl.word("sheet_next_visits", lang))
                due = customers[0][5]
                sheet.getCellByPosition(holidays_at, len(holidays) + 1).setValue(due)
                moved = sheet.getCellByPosition(5, 1).getValue()
                self.assertGreater(moved, due)
                self.assertEqual(moved, spec.next_visit(customers[0][3], customers[0][2], holidays + [due]))
                self.assertEqual(formula_errors(doc), [])
                doc.close(True)

    def localized_segments(self):
        """The RFM segment names CRM_RFM_SEGMENT gives in this office's UI language."""
        lang = LANG_OF_LOCALE[self.locale]
        english = dict(zip(spec.RFM_SEGMENTS, ["rfm_champions", "rfm_cant_lose_them", "rfm_at_risk",
                                               "rfm_hibernating", "rfm_need_attention", "rfm_loyal",
                                               "rfm_new_customers", "rfm_promising", "rfm_about_to_sleep",
                                               "rfm_potential_loyalists"]))
        return {name: JOB_WORDS[key][lang] for name, key in english.items()}

    def test_transactions_log_per_customer_figures(self):
        segments = self.localized_segments()
        for lang in tpl.LANGUAGES:
            with self.subTest(lang=lang):
                doc = self.open_template(template_path(lang, "transactions-log"))
                with self.office.guard("calculateAll"):
                    doc.calculateAll()
                orders = table(doc.Sheets.getByName(tpl.word("sheet_transactions", lang)))[1:]
                per = table(doc.Sheets.getByName(tpl.word("sheet_per_customer", lang)))
                as_of = per[0][1]
                self.assertEqual(as_of, tpl.serial(tpl.AS_OF))
                head = per[2]
                rows = [r for r in per[3:] if r[0]]
                # Every customer of the orders is listed once, with the figures of an independent aggregation.
                self.assertEqual(sorted(r[0] for r in rows), sorted({o[0] for o in orders}))
                c = {key: column_of(head, tpl.word(key, lang)) for key in (
                    "head_frequency", "first_order", "last_order", "total_amount", "head_recency", "head_x",
                    "head_tx", "head_T", "head_rfm", "head_segment", "head_palive", "head_expected_purchases")}
                for r in rows:
                    mine = [o for o in orders if o[0] == r[0]]
                    first, last = min(o[1] for o in mine), max(o[1] for o in mine)
                    self.assertEqual(r[c["head_frequency"]], len(mine))
                    self.assertEqual((r[c["first_order"]], r[c["last_order"]]), (first, last))
                    self.assertAlmostEqual(r[c["total_amount"]], math.fsum(o[2] for o in mine), places=6)
                    self.assertEqual(r[c["head_recency"]], as_of - last)
                    self.assertEqual(r[c["head_x"]], len(mine) - 1)
                    self.assertAlmostEqual(r[c["head_tx"]], (last - first) / 7, places=9)
                    self.assertAlmostEqual(r[c["head_T"]], (as_of - first) / 7, places=9)
                recency = [r[c["head_recency"]] for r in rows]
                frequency = [r[c["head_frequency"]] for r in rows]
                money = [r[c["total_amount"]] for r in rows]
                for r in rows:
                    expected = spec.rfm(r[c["head_recency"]], r[c["head_frequency"]], r[c["total_amount"]],
                                        recency, frequency, money)
                    self.assertEqual(r[c["head_rfm"]], expected, r[0])
                    self.assertEqual(r[c["head_segment"]],
                                     segments[spec.rfm_segment(int(expected[0]), int(expected[1]))], r[0])
                # The BG/NBD fit converged to four positive parameters; P(active) and purchases are plausible.
                fit_at = column_of(head, tpl.word("bgnbd_fit", lang)) + 1
                self.assertEqual(head[fit_at:fit_at + 4], ["r", "alpha", "a", "b"])
                params = per[3][fit_at:fit_at + 4]
                self.assertTrue(all(isinstance(p, float) and 0 < p < 1e6 for p in params), params)
                palive = [r[c["head_palive"]] for r in rows]
                self.assertTrue(all(0 <= p <= 1 for p in palive), palive)
                for r in rows:
                    if r[c["head_x"]] == 0:
                        self.assertEqual(r[c["head_palive"]], 1.0)   # the model's property at x = 0
                    self.assertGreaterEqual(r[c["head_expected_purchases"]], 0)
                self.assertLess(min(palive), 0.5, "some example customers look lost")
                self.assertGreater(max(palive), 0.9, "some example customers are surely active")
                doc.close(True)


def chart_ranges(sheet):
    """The cells each chart of a sheet draws from (the bounding box of its ranges: a saved file splits the range the
    job gave into the header and the data), sorted."""
    charts = sheet.getCharts()
    boxes = []
    for n in charts.getElementNames():
        ranges = charts.getByName(n).getRanges()
        boxes.append((min(a.StartColumn for a in ranges), min(a.StartRow for a in ranges),
                      max(a.EndColumn for a in ranges), max(a.EndRow for a in ranges)))
    return sorted(boxes)


def shown_values(doc):
    """Every sheet's used area as the cells show it (text), and as values, by sheet name."""
    out = {}
    for sheet in doc.Sheets:
        area = used_range(sheet)
        a = area.getRangeAddress()
        shown = [[sheet.getCellByPosition(c, r).getString() for c in range(a.EndColumn + 1)]
                 for r in range(a.EndRow + 1)]
        out[sheet.Name] = (shown, [list(r) for r in area.getDataArray()])
    return out


def same_value(want, got):
    if isinstance(want, str) and want.startswith(HANDLE_PREFIXES):
        # A column handle names the office's copy of a column, whose hash differs from one load to the next.
        return isinstance(got, str) and want.rsplit("#", 1)[0] == got.rsplit("#", 1)[0]
    if isinstance(want, float) and isinstance(got, float):
        return abs(want - got) <= 1e-9 * max(1.0, abs(want))
    return want == got


HANDLE_PREFIXES = tuple(text.split("{")[0] for text in JOB_WORDS["column_handle"].values())
ERROR_TEXTS = ("#NAME?", "#NOM?", "Err:", "#VALUE!", "#VALEUR!", "#REF!", "#N/A", "#DIV/0!")


class OwnLanguageChecks(TemplateOpening):
    """What each office checks on the templates of its own UI language: the jobs write their words in it."""

    def test_the_schedule_is_the_planners(self):
        """The example schedule is what planVisits gives for the template's customers, cell by cell."""
        lang = LANG_OF_LOCALE[self.locale]
        doc = self.open_template(template_path(lang, "visit-plan"))
        name = tpl.word("sheet_visits", lang, year=tpl.PLAN_YEAR)
        saved = table(doc.Sheets.getByName(name))
        saved_charts = chart_ranges(doc.Sheets.getByName(name))
        jobs = self.office.smgr.createInstanceWithContext("org.calccrm.CustomerJobs", self.office.ctx)
        with self.office.guard("planVisits", timeout=300):
            plan = crmoffice.as_dict(jobs.planVisits(doc, crmoffice.props(
                CustomerSheet=tpl.word("sheet_customers", lang), Replace=True, **tpl.plan_options(lang))))
        self.assertEqual(plan["ScheduleSheet"], name)
        self.assertEqual(plan["UnvisitedCustomers"], 0)
        planned = table(doc.Sheets.getByName(name))
        self.assertEqual(plan["VisitsPlanned"], len([r for r in planned[1:] if r[0] != ""]))
        self.assertGreater(plan["VisitsPlanned"], tpl.CUSTOMERS)
        self.assertEqual(len(planned), len(saved))
        for i, (want, got) in enumerate(zip(saved, planned)):
            self.assertEqual(len(want), len(got))
            bad = [(j, w, g) for j, (w, g) in enumerate(zip(want, got)) if not same_value(w, g)]
            self.assertEqual(bad, [], "row %d" % (i + 1))
        # The same territory charts (a chart's name is not kept by a file; its data ranges are).
        self.assertEqual(chart_ranges(doc.Sheets.getByName(name)), saved_charts)
        self.assertGreater(len(saved_charts), 0)

    def test_without_the_extension_the_saved_results_show(self):
        """A LibreOffice without calc-crm shows each template's results as saved (no #NAME?), with the note on the
        first sheet; this office, with calc-crm, computes the same results live."""
        lang = LANG_OF_LOCALE[self.locale]
        plain_view = {}
        with crmoffice.Office(oxt=None, locale=self.locale) as plain:
            self.assertEqual([e for e in plain.extensions() if e[0] == EXTENSION_ID], [])
            for template in tpl.TEMPLATES:
                path = template_path(lang, template)
                with plain.guard("open %s" % path):
                    doc = plain.desktop.loadComponentFromURL(uno.systemPathToFileUrl(path), "_blank", 0,
                                                             crmoffice.props(AsTemplate=True))
                try:
                    with plain.guard("read %s" % path):
                        plain_view[template] = shown_values(doc)
                        first = doc.Sheets.getByIndex(0)
                        notes = [(n.getPosition().Column, n.getPosition().Row, n.getString(), n.getIsVisible())
                                 for n in first.getAnnotations()]
                        crm_cells = sum(crm_formula_count(s) for s in doc.Sheets)
                finally:
                    doc.close(True)
                with self.subTest(template=template):
                    self.assertEqual(notes, [(0, 0, tpl.word("note_needs_calc_crm", lang), True)])
                    shown = [(sheet, r + 1, c + 1, text) for sheet, (cells, _) in plain_view[template].items()
                             for r, row in enumerate(cells) for c, text in enumerate(row)
                             if text.startswith(ERROR_TEXTS)]
                    self.assertEqual(shown, [])
                    self.assertGreater(crm_cells, 0, "the calc-crm formulas are kept, not turned into values")
        for template in tpl.TEMPLATES:
            with self.subTest(template=template, office="with calc-crm"):
                doc = self.open_template(template_path(lang, template))
                with self.office.guard("calculateAll"):
                    doc.calculateAll()
                self.assertEqual(formula_errors(doc), [])
                live = shown_values(doc)
                self.assertEqual(sorted(live), sorted(plain_view[template]))
                for sheet, (_, values) in live.items():
                    saved = plain_view[template][sheet][1]
                    self.assertEqual(len(values), len(saved), sheet)
                    for r, (want, got) in enumerate(zip(saved, values)):
                        bad = [(c + 1, w, g) for c, (w, g) in enumerate(zip(want, got)) if not same_value(w, g)]
                        self.assertEqual(bad, [], "%s row %d" % (sheet, r + 1))
                doc.close(True)



class TemplatesInEnglish(OwnLanguageChecks, TemplateChecks, OfficeTestCase):
    locale = "en-US"

    def test_template_files_and_category_names(self):
        for lang in tpl.LANGUAGES:
            for template in tpl.TEMPLATES:
                self.assertTrue(os.path.isfile(template_path(lang, template)), (lang, template))
        self.assertEqual(sorted(os.listdir(TEMPLATE_DIR)), sorted(list(tpl.LANGUAGES) + ["groupuinames.xml"]))
        self.assertTrue(os.path.isfile(os.path.join(ROOT, "samples", "customers.ods")))
        root = ET.parse(os.path.join(TEMPLATE_DIR, "groupuinames.xml")).getroot()
        ns = "{http://openoffice.org/2006/groupuinames}"
        names = {g.get(ns + "name"): g.get(ns + "default-ui-name") for g in root}
        self.assertEqual(names, {"calc-crm-" + lang: tpl.WORDS["category"][lang] for lang in tpl.LANGUAGES})
        self.assertEqual(len(set(names.values())), 4)

    def test_customer_list_formulas_follow_the_spec_and_the_jobs_read_it(self):
        for lang in tpl.LANGUAGES:
            with self.subTest(lang=lang):
                doc = self.open_template(template_path(lang, "customer-list"))
                sheet = doc.Sheets.getByIndex(0)
                self.assertEqual(sheet.Name, tpl.word("sheet_customers", lang))
                rows = table(sheet)
                head = rows[0]
                data = [r for r in rows[1:] if r[0]]
                self.assertEqual(len(data), tpl.CUSTOMERS)
                w = lambda key, **kw: column_of(head, tpl.word(key, lang, **kw))  # noqa: E731
                sales, previous, cost = (w("sales_year", year=tpl.AS_OF.year),
                                         w("sales_year", year=tpl.AS_OF.year - 1), w("cost_year", year=tpl.AS_OF.year))
                tier, share, growth = w("head_tier"), w("head_cumulative"), w("head_growth")
                profit, margin, loyalty = w("head_profit"), w("head_margin"), w("loyalty")
                visits, next_visit, last_visit = w("head_visits_per_year"), w("head_next_visit"), w("last_visit")
                signals = [w(k) for k in ("orders", "referrals", "suggestions", "product_lines", "wallet")]
                values = [r[sales] for r in data]
                tiers = [r[tier] for r in data]
                self.assertEqual(tiers, [spec.pareto_tier(v, values) for v in values])
                self.assertEqual(set(tiers), {"A", "B", "C"}, "the examples show all three tiers")
                columns = [[r[k] for r in data] for k in signals]
                for r in data:
                    self.assertAlmostEqual(r[share], spec.pareto_share(r[sales], values), places=12)
                    self.assertAlmostEqual(r[growth], spec.growth(r[sales], r[previous]), places=12)
                    self.assertAlmostEqual(r[profit], spec.profit(r[sales], r[cost]), places=6)
                    self.assertAlmostEqual(r[margin], spec.margin(r[sales], r[cost]), places=12)
                    self.assertAlmostEqual(r[loyalty], spec.loyalty([r[k] for k in signals], columns), places=9)
                    self.assertEqual(r[visits], spec.visits_per_year(r[tier]))
                    self.assertEqual(r[next_visit], spec.next_visit(r[last_visit], r[tier]))
                # The jobs' column detection reads every example row: no problem, the same tiers.
                result = crmoffice.as_dict(self.jobs().analyze(doc, ()))
                self.assertEqual(result["Customers"], tpl.CUSTOMERS)
                self.assertEqual(tuple(result["Problems"]), ())
                self.assertEqual(list(result["TierCounts"]), [tiers.count(t) for t in "ABC"])
                plan = crmoffice.as_dict(self.jobs().planVisits(doc, crmoffice.props(Year=tpl.PLAN_YEAR)))
                self.assertEqual(plan["UnvisitedCustomers"], 0)
                self.assertEqual(plan["VisitsPlanned"], sum(spec.visits_per_year(t) for t in tiers))
                # Editing a sale moves the tiers at once through the column handle, still without any error.
                smallest = min(range(len(data)), key=lambda i: values[i])
                self.assertNotEqual(tiers[smallest], "A")
                sheet.getCellByPosition(sales, smallest + 1).setValue(10 * math.fsum(values))
                self.assertEqual(sheet.getCellByPosition(tier, smallest + 1).getString(), "A")
                self.assertEqual(formula_errors(doc), [])
                doc.close(True)

    def test_template_manager_lists_the_installed_templates(self):
        ctx, smgr = self.office.ctx, self.office.smgr
        with self.office.guard("template paths"):
            location = ctx.getValueByName("/singletons/com.sun.star.deployment.PackageInformationProvider") \
                .getPackageLocation(EXTENSION_ID)
            paths = ctx.getValueByName("/singletons/com.sun.star.util.thePathSettings") \
                .getPropertyValue("Template_internal")
            expander = ctx.getValueByName("/singletons/com.sun.star.util.theMacroExpander")
            expanded = [expander.expandMacros(unquote(p[len("vnd.sun.star.expand:"):]))
                        if p.startswith("vnd.sun.star.expand:") else p for p in paths]
        self.assertTrue(location, "the extension is installed")
        # Paths.xcu added the extension's template/ folder to the office's template paths.
        self.assertIn(location + "/template", expanded)
        folder = uno.fileUrlToSystemPath(location + "/template")
        # The installed files are the committed ones, one folder per language.
        with self.office.guard("list the template folder"):
            sfa = smgr.createInstanceWithContext("com.sun.star.ucb.SimpleFileAccess", ctx)
            listed = sorted(u.rsplit("/", 1)[1] for u in sfa.getFolderContents(location + "/template", True))
        self.assertEqual(listed, sorted(["calc-crm-" + lang for lang in tpl.LANGUAGES] + ["groupuinames.xml"]))
        for lang in tpl.LANGUAGES:
            for template in tpl.TEMPLATES:
                installed = os.path.join(folder, "calc-crm-" + lang, template + ".ots")
                self.assertEqual(sha256(installed), sha256(template_path(lang, template)), installed)
        # The template manager (what File > New > Templates shows): one category per language, named in it,
        # holding the three templates under their titles, pointing at the installed files.
        with self.office.guard("DocumentTemplates"):
            templates = smgr.createInstanceWithContext("com.sun.star.frame.DocumentTemplates", ctx)
            templates.update()
            root = templates.getContent().getIdentifier().getContentIdentifier()
            groups = {unquote(g.rsplit("/", 1)[1]): g for g in sfa.getFolderContents(root, True)}
            listing = {}
            for lang in tpl.LANGUAGES:
                group = groups.get(tpl.WORDS["category"][lang])
                if group is None:
                    continue
                listing[lang] = sorted(self.template_entry(e) for e in sfa.getFolderContents(group, True))
        self.assertEqual(sorted(listing), sorted(tpl.LANGUAGES), "one category per language: %s" % sorted(groups))
        for lang in tpl.LANGUAGES:
            expected = sorted((tpl.word("title_" + t, lang),
                               uno.systemPathToFileUrl(os.path.join(folder, "calc-crm-" + lang, t + ".ots")),
                               SPREADSHEET_TEMPLATE) for t in tpl.TEMPLATES)
            self.assertEqual(listing[lang], expected)

    def template_entry(self, url):
        """(Title, TargetURL, TypeDescription) of a template manager entry."""
        from com.sun.star.beans import Property
        from com.sun.star.ucb import Command
        ucb = self.office.smgr.createInstanceWithArgumentsAndContext(
            "com.sun.star.ucb.UniversalContentBroker", (), self.office.ctx)
        content = ucb.queryContent(ucb.createContentIdentifier(url))
        wanted = []
        for name in ("Title", "TargetURL", "TypeDescription"):
            p = Property()
            p.Name, p.Handle = name, -1
            wanted.append(p)
        row = content.execute(Command("getPropertyValues", -1,
                                      uno.Any("[]com.sun.star.beans.Property", tuple(wanted))), 0, None)
        return tuple(row.getString(i) for i in (1, 2, 3))

    def test_regenerating_gives_the_same_templates(self):
        with tempfile.TemporaryDirectory() as out:
            run = subprocess.run([sys.executable, os.path.join(ROOT, "tools", "make_templates.py"), out],
                                 capture_output=True, text=True, timeout=600)
            self.assertEqual(run.returncode, 0, run.stdout + run.stderr)
            with open(os.path.join(out, "groupuinames.xml"), "rb") as a, \
                    open(os.path.join(TEMPLATE_DIR, "groupuinames.xml"), "rb") as b:
                self.assertEqual(a.read(), b.read())
            for lang in tpl.LANGUAGES:
                for template in tpl.TEMPLATES:
                    with self.subTest(lang=lang, template=template):
                        self.assertEqual(self.contents(os.path.join(out, lang, template + ".ots")),
                                         self.contents(template_path(lang, template)))

    def contents(self, path):
        """Title, sheet names and every cell's formula or constant: what a template is made of."""
        doc = self.open_template(path)
        with self.office.guard("read %s" % path):
            sheets = [(s.Name, [list(r) for r in used_range(s).getFormulaArray()]) for s in doc.Sheets]
            title = doc.getDocumentProperties().Title
        doc.close(True)
        return title, sheets


class TemplatesInFrench(OwnLanguageChecks, TemplateChecks, OfficeTestCase):
    locale = "fr-FR"


class TemplatesInChinese(OwnLanguageChecks, TemplateChecks, OfficeTestCase):
    locale = "zh-CN"


class TemplatesInTraditionalChinese(OwnLanguageChecks, OfficeTestCase):
    locale = "zh-TW"


if __name__ == "__main__":
    unittest.main()
