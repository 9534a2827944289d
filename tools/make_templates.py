#!/usr/bin/env python3
"""Writes the shareable Calc templates (samples/templates/<language>/*.ots) from fixed data, in four languages.

Run with /usr/bin/python3 after a build: it drives a headless LibreOffice with build/calc-crm.oxt installed,
so the CRM_ formulas are stored as the add-in's calls. The .ots files are committed and packed into the
extension (template/calc-crm-<language>/, see cmake/Extension.cmake); this script is how they were made and
how to remake them: the same data, formulas and texts every time (only the handle cells' tokens and the
file's save date differ from run to run).

    /usr/bin/python3 tools/make_templates.py [OUT_DIR]     (default: samples/templates)

Three templates per language:
- customer-list.ots: a customer sheet whose headers the jobs' column detection recognises, example rows,
  live CRM_ formulas (tier through a column handle, growth, profit, margin, loyalty, visits a year, next
  visit) and an Instructions sheet;
- transactions-log.ots: one row per order, and a per-customer sheet (recency, frequency, amount, the
  BG/NBD inputs) with CRM_RFM, CRM_RFM_SEGMENT, CRM_BGNBD_FIT, CRM_PALIVE and CRM_EXPECTED_PURCHASES;
- visit-plan.ots: a Next visits sheet with CRM_TIER, CRM_VISITS_PER_YEAR and CRM_NEXT_VISIT over a holidays
  list, the schedule the planVisits job writes for the example customers (run here, in an office whose UI
  language is the template's: the product's planner, not one of this script), and those customers.
Each language's templates are made in an office of that UI language (the jobs' words are the template's), and
every template shows its saved results in a LibreOffice without calc-crm, with a note on its first sheet.
The words the jobs also write (Tier, Growth, Visits 2027, …) come from idl/functions.json "strings".
"""
import datetime
import math
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import crmpaths  # noqa: E402
from crmpaths import BUILD, OXT, ROOT  # noqa: E402,F401
# The client side of the bridge must know the extension's types (see tests/integration/common.py).
crmpaths.know_extension_types()
import crmoffice  # noqa: E402
from template_words import (CITIES, FAMILIES, HOLIDAYS, INSTRUCTIONS, JOB_WORDS, PRODUCTS,  # noqa: E402,F401
                            REPS, TRADES, WORDS, word)

SEED = 20260105
LANGUAGES = ("en-US", "fr", "zh-CN", "zh-TW")
# Locale of each template's text (spelling, number formats): (language, country).
LOCALES = {"en-US": ("en", "US"), "fr": ("fr", "FR"), "zh-CN": ("zh", "CN"), "zh-TW": ("zh", "TW")}
TEMPLATES = ("customer-list", "transactions-log", "visit-plan")
WEEKDAY_LCID = {"en-US": "409", "fr": "40C", "zh-CN": "804", "zh-TW": "404"}   # Windows locale ids, in hex
AS_OF = datetime.date(2025, 12, 31)      # the last complete sales year of the examples ends here
LAST_VISITS_UNTIL = datetime.date(2026, 11, 20)   # the examples' last visits are in the year before the plan
PLAN_YEAR = 2027                         # the visit plan's year
LAST_ROW = 1000                          # ranges reach this row, so managers can add rows below the examples
TX_LAST_ROW = 20000



def serial(date):
    """Calc's date serial number (day 0 = 1899-12-30)."""
    return float((date - datetime.date(1899, 12, 30)).days)


def col(index):
    """Column letters of a 0-based index (0 → A, 26 → AA)."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


# ------------------------------------------------------------------ data (the same numbers in every language)
CUSTOMERS = 15


def customer_numbers(rng):
    """Per customer: city index, sales of the two years, cost, last visit, the five loyalty signals."""
    rows = []
    for i in range(CUSTOMERS):
        city = i % 6
        sales = round(math.exp(rng.gauss(10.2, 1.1)), 2)            # heavy-tailed: a few big accounts
        growth = rng.uniform(-0.25, 0.45)
        previous = round(sales / (1 + growth), 2)
        cost = round(sales * (1 - rng.uniform(0.15, 0.45)), 2)
        last_visit = LAST_VISITS_UNTIL - datetime.timedelta(days=rng.randint(5, 300))
        signals = [float(rng.randint(1, 24)), float(rng.choice([0, 0, 1, 2, 3])), float(rng.choice([0, 1, 2])),
                   float(rng.randint(1, 7)), round(rng.uniform(0.05, 0.9), 2)]
        jitter = (round(rng.uniform(-0.05, 0.05), 5), round(rng.uniform(-0.06, 0.06), 5))
        rows.append({"city": city, "sales": sales, "previous": previous, "cost": cost, "last_visit": last_visit,
                     "signals": signals, "jitter": jitter})
    return rows


def transactions(rng, customers=30):
    """Orders of customers who are acquired, buy at their own pace and may stop (the BG/NBD story)."""
    start = datetime.date(2024, 1, 1)
    out = []
    for i in range(1, customers + 1):
        cid = "C%03d" % i
        day = start + datetime.timedelta(days=rng.randint(0, 540))
        rate = rng.gammavariate(2.0, 6.0) / 365.0              # orders a day
        dropout = rng.betavariate(1.0, 6.0)
        basket = math.exp(rng.gauss(6.0, 0.8))
        margin = rng.uniform(0.15, 0.45)
        product = rng.randrange(7)
        while day <= AS_OF:
            amount = round(basket * rng.uniform(0.6, 1.4), 2)
            out.append((cid, day, amount, round(amount * (1 - margin), 2), (product + rng.randrange(3)) % 7))
            if rng.random() < dropout:
                break
            day += datetime.timedelta(days=max(1, int(rng.expovariate(rate))))
    out.sort(key=lambda t: (t[1], t[0]))
    return out


# ------------------------------------------------------------------ sheets
class Writer:
    """Formats and cells of one template document."""

    def __init__(self, office, doc, lang):
        self.office, self.doc, self.lang = office, doc, lang
        from com.sun.star.lang import Locale
        language, country = LOCALES[lang]
        self.locale = Locale(language, country, "")
        self.en = Locale("en", "US", "")

    def number_format(self, code):
        """A number format given by its en-US code, in the template's locale (French dates read JJ/MM/AAAA)."""
        formats = self.doc.getNumberFormats()
        key = formats.queryKey(code, self.en, False)
        if key < 0:
            key = formats.addNew(code, self.en)
        if self.lang == "en-US":
            return key
        return formats.getFormatForLocale(key, self.locale)

    def date_format(self):
        return self.number_format("DD/MM/YYYY" if self.lang == "fr" else "YYYY-MM-DD")

    def header(self, sheet, row, texts, first_col=0):
        crmoffice.set_data(sheet, "%s%d" % (col(first_col), row), [texts])
        rng = sheet.getCellRangeByPosition(first_col, row - 1, first_col + len(texts) - 1, row - 1)
        rng.CharWeight = 150.0
        rng.CharWeightAsian = 150.0

    def fmt(self, sheet, ref, key):
        sheet.getCellRangeByName(ref).NumberFormat = key

    def instructions(self, template):
        sheets = self.doc.Sheets
        name = word("sheet_instructions", self.lang)
        sheets.insertNewByName(name, sheets.getCount())
        sheet = sheets.getByName(name)
        lines = [line.format(year=PLAN_YEAR) for line in INSTRUCTIONS[template][self.lang]]
        crmoffice.set_data(sheet, "A1", [[line] for line in lines])
        title = sheet.getCellRangeByName("A1")
        title.CharWeight = title.CharWeightAsian = 150.0
        title.CharHeight = title.CharHeightAsian = 14.0
        column = sheet.getColumns().getByIndex(0)
        column.Width = 18000                        # 18 cm, text wrapped inside
        body = sheet.getCellRangeByName("A2:A%d" % len(lines))
        body.IsTextWrapped = True
        from com.sun.star.table.CellVertJustify import TOP  # noqa: N811
        body.VertJustify = TOP
        sheet.getRows().OptimalHeight = True

    def finish(self, template, first_sheet_names):
        doc = self.doc
        props = doc.getDocumentProperties()
        props.Title = word("title_" + template, self.lang)
        props.Subject = word("category", self.lang)
        props.Author = "calc-crm"
        props.Keywords = ("calc-crm", "CRM", self.lang)
        props.Language = self.locale
        from com.sun.star.util import DateTime
        props.CreationDate = DateTime(0, 0, 0, 0, 1, 1, 2026, True)
        if self.lang.startswith("zh"):
            doc.CharLocaleAsian = self.locale
        else:
            doc.CharLocale = self.locale
        for name in first_sheet_names:
            sheet = doc.Sheets.getByName(name)
            sheet.getColumns().OptimalWidth = True
        # Open on the first sheet, cell A1, with the header row frozen.
        controller = doc.getCurrentController()
        if controller is not None:
            first = doc.Sheets.getByIndex(0)
            controller.setActiveSheet(first)
            controller.freezeAtPosition(0, 1)
            controller.select(first.getCellRangeByName("A1"))


def source_table(lang, data):
    """The customer sheet's own columns (the ones the jobs read): its headers and the example rows."""
    heads = [word("id", lang), word("name", lang), word("city", lang), word("region", lang), word("latitude", lang),
             word("longitude", lang), word("rep", lang), word("sales_year", lang, year=AS_OF.year - 1),
             word("sales_year", lang, year=AS_OF.year), word("cost_year", lang, year=AS_OF.year),
             word("last_visit", lang), word("orders", lang), word("referrals", lang), word("suggestions", lang),
             word("product_lines", lang), word("wallet", lang)]
    rep_of_city = {c: name for name, cities in REPS[lang] for c in cities}
    rows = []
    for i, c in enumerate(data):
        city, region, lat, lon = CITIES[lang][c["city"]]
        rows.append(["C%03d" % (i + 1), customer_name(lang, i), city, region, round(lat + c["jitter"][0], 5),
                     round(lon + c["jitter"][1], 5), rep_of_city[c["city"]], c["previous"], c["sales"], c["cost"],
                     serial(c["last_visit"])] + c["signals"])
    return heads, rows


def write_source(w, sheet, heads, rows):
    """The customer sheet's own columns, formatted."""
    w.header(sheet, 1, heads)
    crmoffice.set_data(sheet, "A2", rows)
    n = len(rows) + 1
    w.fmt(sheet, "E2:F%d" % n, w.number_format("0.00000"))
    w.fmt(sheet, "H2:J%d" % n, w.number_format("#,##0.00"))
    w.fmt(sheet, "K2:K%d" % n, w.date_format())
    w.fmt(sheet, "P2:P%d" % n, w.number_format("0%"))


def customer_list(w, data):
    lang, doc = w.lang, w.doc
    sheet = doc.Sheets.getByIndex(0)
    sheet.Name = word("sheet_customers", lang)
    heads, rows = source_table(lang, data)
    computed = [word("head_tier", lang), word("head_cumulative", lang), word("head_growth", lang),
                word("head_profit", lang), word("head_margin", lang), word("loyalty", lang),
                word("head_visits_per_year", lang), word("head_next_visit", lang)]
    handles_col = len(heads) + len(computed) + 1           # one empty column between the table and the handles
    write_source(w, sheet, heads, rows)
    w.header(sheet, 1, computed, len(heads))
    w.header(sheet, 1, [word("head_handle", lang)], handles_col)
    n = len(rows) + 1                                       # last example row
    # Letters of the source columns.
    sales_prev, sales, cost, last_visit = col(7), col(8), col(9), col(10)
    first_signal, last_signal = col(11), col(15)
    h = col(handles_col)
    sales_handle, signals_handle = "$%s$2" % h, "$%s$3" % h
    crmoffice.set_formulas(sheet, "%s2" % h, [
        ["=CRM_COLUMN(%s$2:%s$%d)" % (sales, sales, LAST_ROW)],
        ["=CRM_COLUMN(%s$2:%s$%d)" % (first_signal, last_signal, LAST_ROW)]])
    crmoffice.set_data(sheet, "%s2" % col(handles_col + 1), [
        [word("handle_of", lang, what=heads[8])], [word("handle_of", lang, what=word("signals", lang))]])
    first = len(heads)
    crmoffice.set_formulas(sheet, "%s2" % col(first), [[
        "=CRM_TIER({s}2;{hs})".format(s=sales, hs=sales_handle),
        "=CRM_PARETO_SHARE({s}2;{hs})".format(s=sales, hs=sales_handle),
        "=IF({p}2>0;CRM_GROWTH({s}2;{p}2);\"\")".format(s=sales, p=sales_prev),
        "=CRM_PROFIT({s}2;{c}2)".format(s=sales, c=cost),
        "=IF({s}2>0;CRM_MARGIN({s}2;{c}2);\"\")".format(s=sales, c=cost),
        "=CRM_LOYALTY({a}2:{b}2;{hl})".format(a=first_signal, b=last_signal, hl=signals_handle),
        "=CRM_VISITS_PER_YEAR({t}2)".format(t=col(first)),
        "=CRM_NEXT_VISIT({v}2;{t}2)".format(v=last_visit, t=col(first)),
    ]])
    crmoffice.fill_down(sheet, "%s2:%s2" % (col(first), col(first + len(computed) - 1)), n)
    money = w.number_format("#,##0.00")
    percent = w.number_format("0.0%")
    w.fmt(sheet, "%s2:%s%d" % (col(first + 1), col(first + 2), n), percent)
    w.fmt(sheet, "%s2:%s%d" % (col(first + 3), col(first + 3), n), money)
    w.fmt(sheet, "%s2:%s%d" % (col(first + 4), col(first + 4), n), percent)
    w.fmt(sheet, "%s2:%s%d" % (col(first + 5), col(first + 6), n), w.number_format("0"))
    w.fmt(sheet, "%s2:%s%d" % (col(first + 7), col(first + 7), n), w.date_format())
    w.instructions("customer-list")
    w.finish("customer-list", [sheet.Name])


def customer_name(lang, i):
    trade, family = TRADES[lang][i], FAMILIES[lang][(i * 7) % 15]
    if lang == "en-US":
        return "%s %s" % (family, trade)
    if lang == "fr":
        return "%s %s" % (trade, family)
    return family + trade


def transactions_log(w, orders):
    lang, doc = w.lang, w.doc
    tx = doc.Sheets.getByIndex(0)
    tx.Name = word("sheet_transactions", lang)
    w.header(tx, 1, [word("customer_id", lang), word("date", lang), word("amount", lang), word("cost", lang),
                     word("product", lang)])
    crmoffice.set_data(tx, "A2", [[cid, serial(day), amount, cost, PRODUCTS[lang][p]]
                                  for cid, day, amount, cost, p in orders])
    last = len(orders) + 1
    w.fmt(tx, "B2:B%d" % last, w.date_format())
    w.fmt(tx, "C2:D%d" % last, w.number_format("#,##0.00"))

    name = word("sheet_per_customer", lang)
    doc.Sheets.insertNewByName(name, 1)
    per = doc.Sheets.getByName(name)
    crmoffice.set_data(per, "A1", [[word("as_of", lang), serial(AS_OF)]])
    per.getCellRangeByName("A1").CharWeight = per.getCellRangeByName("A1").CharWeightAsian = 150.0
    w.fmt(per, "B1", w.date_format())
    heads = [word("customer_id", lang), word("head_frequency", lang), word("first_order", lang),
             word("last_order", lang), word("total_amount", lang), word("head_recency", lang), word("head_x", lang),
             word("head_tx", lang), word("head_T", lang), word("head_rfm", lang), word("head_segment", lang),
             word("head_palive", lang), word("head_expected_purchases", lang)]
    w.header(per, 3, heads)
    fit_col = len(heads) + 1
    w.header(per, 3, [word("bgnbd_fit", lang), "r", "alpha", "a", "b"], fit_col)
    ids = sorted({o[0] for o in orders})
    crmoffice.set_data(per, "A4", [[cid] for cid in ids])
    first, n = 4, len(ids) + 3
    q = "'%s'" % tx.Name.replace("'", "''")
    ids_range = "$%s.$A$2:$A$%d" % (q, TX_LAST_ROW)
    dates = "$%s.$B$2:$B$%d" % (q, TX_LAST_ROW)
    amounts = "$%s.$C$2:$C$%d" % (q, TX_LAST_ROW)
    r = lambda c: "%s$%d:%s$%d" % (c, first, c, 500)  # noqa: E731  (a column of this sheet's table)
    fit = ["$%s$4" % col(fit_col + k) for k in range(1, 5)]
    crmoffice.set_formulas(per, "B4", [[
        "=COUNTIF(%s;A4)" % ids_range,
        "=MINIFS(%s;%s;A4)" % (dates, ids_range),
        "=MAXIFS(%s;%s;A4)" % (dates, ids_range),
        "=SUMIF(%s;A4;%s)" % (ids_range, amounts),
        "=$B$1-D4",
        "=B4-1",
        "=(D4-C4)/7",
        "=($B$1-C4)/7",
        "=CRM_RFM(F4;B4;E4;%s;%s;%s)" % (r("F"), r("B"), r("E")),
        "=CRM_RFM_SEGMENT(VALUE(LEFT(J4;1));VALUE(MID(J4;2;1)))",
        "=CRM_PALIVE(G4;H4;I4;%s)" % ";".join(fit),
        "=CRM_EXPECTED_PURCHASES(52;G4;H4;I4;%s)" % ";".join(fit),
    ]])
    crmoffice.fill_down(per, "B4:M4", n)
    # One parameter a cell (INDEX of the fit), not an array formula over four cells: Calc recomputes an array
    # formula when it loads a file, so a LibreOffice without calc-crm would show #NAME? instead of the saved fit.
    crmoffice.set_formulas(per, "%s4" % col(fit_col + 1), [[
        "=INDEX(CRM_BGNBD_FIT(%s;%s;%s);1;%d)" % (r("G"), r("H"), r("I"), k) for k in range(1, 5)]])
    w.fmt(per, "C4:D%d" % n, w.date_format())
    w.fmt(per, "E4:E%d" % n, w.number_format("#,##0.00"))
    w.fmt(per, "F4:G%d" % n, w.number_format("0"))          # days and counts (a date difference is no date)
    w.fmt(per, "H4:I%d" % n, w.number_format("0.0"))
    w.fmt(per, "L4:L%d" % n, w.number_format("0%"))
    w.fmt(per, "M4:M%d" % n, w.number_format("0.00"))
    w.fmt(per, "%s4:%s4" % (col(fit_col + 1), col(fit_col + 4)), w.number_format("0.0000"))
    w.instructions("transactions-log")
    w.finish("transactions-log", [tx.Name, per.Name])


def holidays_range(lang):
    """The Holidays option of the example plan: the holidays listed on the Next visits sheet (a range text)."""
    return "$'%s'.$H$2:$H$60" % word("sheet_next_visits", lang).replace("'", "''")


def plan_options(lang):
    """The options the example schedule was planned with (test_templates.py plans again with them)."""
    return {"Year": PLAN_YEAR, "Holidays": holidays_range(lang)}


def visit_plan(w, data):
    """The schedule sheet is what the planVisits job writes for the Customers sheet's example customers, in the
    office's language (this office's UI locale is the template's): the product's own planner, not a copy of it."""
    lang, doc = w.lang, w.doc
    sheets = doc.Sheets
    customers = sheets.getByIndex(0)
    customers.Name = word("sheet_customers", lang)
    heads, rows = source_table(lang, data)
    write_source(w, customers, heads, rows)
    sales = col(8)

    name = word("sheet_next_visits", lang)
    sheets.insertNewByName(name, 0)
    nxt = sheets.getByName(name)
    w.header(nxt, 1, [word("head_id", lang), word("head_name", lang), word("head_tier", lang),
                      word("last_visit", lang), word("head_visits_per_year", lang), word("head_next_visit", lang)])
    w.header(nxt, 1, [word("holidays", lang), word("holiday", lang)], 7)
    crmoffice.set_data(nxt, "A2", [[r[0], r[1]] for r in rows])
    crmoffice.set_data(nxt, "D2", [[r[10]] for r in rows])
    m = len(data) + 1
    # The tier of the customer's sales, by the same rule as the plan (CRM_TIER, the Pareto default).
    src = "$'%s'." % customers.Name.replace("'", "''")
    crmoffice.set_formulas(nxt, "C2", [["=CRM_TIER(%s%s2;%s$%s$2:$%s$%d)" % (src, sales, src, sales, sales, LAST_ROW)]])
    crmoffice.set_formulas(nxt, "E2", [["=CRM_VISITS_PER_YEAR(C2)", "=CRM_NEXT_VISIT(D2;C2;$H$2:$H$60)"]])
    crmoffice.fill_down(nxt, "C2", m)
    crmoffice.fill_down(nxt, "E2:F2", m)
    holidays = HOLIDAYS[lang]
    crmoffice.set_data(nxt, "H2", [[serial(datetime.date(PLAN_YEAR, mo, d)), label] for mo, d, label in holidays])
    w.fmt(nxt, "D2:D%d" % m, w.date_format())
    w.fmt(nxt, "E2:E%d" % m, w.number_format("0"))
    w.fmt(nxt, "F2:F%d" % m, w.date_format())
    w.fmt(nxt, "H2:H%d" % (len(holidays) + 1), w.date_format())

    jobs = w.office.smgr.createInstanceWithContext("org.calccrm.CustomerJobs", w.office.ctx)
    plan = crmoffice.as_dict(jobs.planVisits(doc, crmoffice.props(CustomerSheet=customers.Name, **plan_options(lang))))
    if plan["UnvisitedCustomers"] or tuple(plan["Problems"]):
        raise RuntimeError("the example plan (%s) left customers unvisited: %s" % (lang, tuple(plan["Problems"])))
    # The schedule's dates in the template's date format, like its other sheets (the job takes the office's
    # default locale, the machine's here): the same values, shown as a reader of the template's language expects.
    schedule = sheets.getByName(plan["ScheduleSheet"])
    visits = plan["VisitsPlanned"] + 1
    w.fmt(schedule, "A2:A%d" % visits, w.date_format())
    w.fmt(schedule, "P2:P%d" % visits, w.date_format())
    sheets.moveByName(schedule.Name, 1)
    w.instructions("visit-plan")
    w.finish("visit-plan", [nxt.Name, customers.Name])


def note_for_offices_without_calc_crm(doc, lang):
    """A comment on the first sheet's A1, shown, in an empty part of the sheet (below a short table, else right of
    it): the example results are saved values, the CRM_ formulas need calc-crm. A LibreOffice without the extension
    shows the saved results, as long as Calc does not recompute a CRM_ cell on load: it does for a number with the
    General format (to choose a format) and for an array formula, so the templates have neither."""
    from com.sun.star.awt import Point, Size
    from com.sun.star.table import CellAddress
    sheet = doc.Sheets.getByIndex(0)
    sheet.getAnnotations().insertNew(CellAddress(0, 0, 0), word("note_needs_calc_crm", lang))
    note = sheet.getCellByPosition(0, 0).getAnnotation()
    note.setIsVisible(True)
    cursor = sheet.createCursor()
    cursor.gotoEndOfUsedArea(False)
    end = cursor.getRangeAddress()
    short = end.EndRow < 30
    anchor = sheet.getCellByPosition(0, end.EndRow + 2) if short else sheet.getCellByPosition(end.EndColumn + 2, 1)
    caption = note.getAnnotationShape()
    at = anchor.Position
    caption.setPosition(Point(at.X + 200, at.Y))
    caption.setSize(Size(16000 if short else 10000, 1800 if short else 3200))


GROUP_FOLDER = "calc-crm-{lang}"     # folder of a language's templates inside the extension's template/ dir


def write_group_names(path):
    """template/groupuinames.xml: the category name the Templates dialog shows for each language's folder."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<groupuinames:template-group-list xmlns:groupuinames="http://openoffice.org/2006/groupuinames">']
    for lang in LANGUAGES:
        lines.append('  <groupuinames:template-group groupuinames:name="%s" groupuinames:default-ui-name="%s"/>'
                     % (GROUP_FOLDER.format(lang=lang), WORDS["category"][lang]))
    lines.append("</groupuinames:template-group-list>")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


# The office's UI locale for each template language: the jobs write their words (the schedule's headers, purposes
# and weekdays, RFM segments, the column handles' text) in it, so each language's templates are made in its own.
OFFICE_LOCALES = {"en-US": "en-US", "fr": "fr-FR", "zh-CN": "zh-CN", "zh-TW": "zh-TW"}


def main(out_dir=os.path.join(ROOT, "samples", "templates")):
    if not os.path.exists(OXT):
        sys.exit("make_templates: %s is missing: build first (bash tools/setup.sh)" % OXT)
    data = customer_numbers(random.Random(SEED))
    orders = transactions(random.Random(SEED + 1))
    makers = {"customer-list": lambda w: customer_list(w, data), "transactions-log": lambda w: transactions_log(w, orders),
              "visit-plan": lambda w: visit_plan(w, data)}
    for lang in LANGUAGES:
        with crmoffice.Office(oxt=OXT, locale=OFFICE_LOCALES[lang]) as office:
            os.makedirs(os.path.join(out_dir, lang), exist_ok=True)
            for template in TEMPLATES:
                doc = office.new_calc()
                with office.guard("%s/%s" % (lang, template)):
                    makers[template](Writer(office, doc, lang))
                    doc.calculateAll()
                    note_for_offices_without_calc_crm(doc, lang)
                path = os.path.join(out_dir, lang, template + ".ots")
                office.save_as(doc, path, filter="calc8_template")
                doc.close(True)
                print("wrote %s" % os.path.relpath(path, ROOT))
    write_group_names(os.path.join(out_dir, "groupuinames.xml"))
    print("wrote %s" % os.path.relpath(os.path.join(out_dir, "groupuinames.xml"), ROOT))


if __name__ == "__main__":
    main(*sys.argv[1:])
