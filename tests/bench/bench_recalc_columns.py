#!/usr/bin/env python3
"""Where the recalculation of analyze's Customers sheet goes, on CDNOW's whole log in a real Calc: each formula
column recalculated alone (a copy of the sheet as values, that one column as analyze wrote it), against a column
of the most trivial native formula on the same rows; and what inserting a sheet (as planVisits does) costs the
formulas already computed.

Usage: /usr/bin/python3 tests/bench/bench_recalc_columns.py [--runs 3] [--write BENCHMARKS.md]
"""
import argparse
import statistics
import sys
import time
import os

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tests", "integration"))
sys.path.insert(0, HERE)
import common  # noqa: E402  (tools/ on the path, the extension's types known to the bridge)
import crmoffice  # noqa: E402
import uno  # noqa: E402  (after common, which prepares the bridge)
from crmoffice import as_dict, props  # noqa: E402
from bench_real_data import cdnow_rows, new_document  # noqa: E402
from bench_tiering import machine, write_section  # noqa: E402
from bench_models import timed_recalc  # noqa: E402  (median of calculateAll)

TITLE = "Real data: where the Customers sheet's recalculation goes"
ADDIN = "ORG.CALCCRM.FUNCTIONS."


def copy_as_values(office, values, formulas, handle_column, empty_column):
    """A new document whose Customers sheet holds analyze's values, the column handles as formulas (a handle's
    copy belongs to its document) and one empty column."""
    doc = office.new_calc()
    sheet = doc.Sheets.getByIndex(0)
    sheet.Name = "Customers"
    rows = [list(r) for r in values]
    for r in rows[1:]:
        r[empty_column] = None
    crmoffice.set_data(sheet, "A1", rows)
    for r, row in enumerate(formulas):
        if row[handle_column].startswith("="):
            sheet.getCellByPosition(handle_column, r).setFormula(row[handle_column])
    return doc, sheet


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--write")
    args = parser.parse_args()
    rows = cdnow_rows()
    results = []  # (header, formula of row 2, seconds)
    with crmoffice.Office(oxt=common.OXT, call_timeout=900) as office:
        jobs = office.smgr.createInstanceWithContext("org.calccrm.CustomerJobs", office.ctx)
        doc = new_document(office, rows)
        analysis = as_dict(jobs.analyze(doc, props()))
        n = analysis["Customers"]
        sheet = doc.Sheets.getByName(analysis["CustomersSheet"])
        cursor = sheet.createCursor()
        cursor.gotoEndOfUsedArea(False)
        width = cursor.getRangeAddress().EndColumn + 1
        block = sheet.getCellRangeByPosition(0, 0, width - 1, n)
        formulas, values = block.getFormulaArray(), block.getDataArray()
        heads = values[0]
        handle_column = next(c for c in range(width) if ADDIN + "CRMCOLUMN(" in formulas[1][c])
        whole = timed_recalc(doc, args.runs)
        doc.calculate()
        insert = []
        for k in range(args.runs):  # planVisits inserts its schedule sheet: what that costs what was computed
            doc.Sheets.insertNewByName("inserted %d" % k, doc.Sheets.Count)
            start = time.perf_counter()
            doc.calculate()
            insert.append(time.perf_counter() - start)
        doc.setModified(False)
        doc.close(True)
        columns = [c for c in range(width) if c != handle_column and formulas[1][c].startswith("=")]
        # The reference: the most trivial native formula over the same rows, in the same kind of copy.
        columns.append(None)
        for c in columns:
            target = c if c is not None else columns[0]
            copy, out = copy_as_values(office, values, formulas, handle_column, target)
            base = timed_recalc(copy, args.runs)
            cells = out.getCellRangeByPosition(target, 1, target, n)
            formula = formulas[1][c] if c is not None else "=C2*2"  # C: the sales column
            # As the job writes a column (fill_formula_column): the first cell, then fillAuto down (one formula group).
            cells.getCellByPosition(0, 0).setFormula(formula)
            cells.fillAuto(uno.Enum("com.sun.star.sheet.FillDirection", "TO_BOTTOM"), 1)
            seconds = max(0.0, timed_recalc(copy, args.runs) - base)
            copy.setModified(False)
            copy.close(True)
            name = heads[c] if c is not None else "(reference: `=C2*2`, native)"
            results.append((name, formula, seconds))
            print("%-40s %.3f s  %s" % (name, seconds, formula[:90]), flush=True)
    native = results[-1][2]
    calls = lambda f: f.count(ADDIN)
    body = ("`tests/bench/bench_recalc_columns.py` on %s, %s: analyze's Customers sheet for CDNOW's whole log (%d "
            "customers) in a real headless Calc. Each formula column recalculated alone (`calculateAll` of a copy of the "
            "sheet as values with that one column as analyze wrote it, minus the copy's own recalculation), median of "
            "%d runs.\n\n| column | formula (row 2) | add-in calls a row | recalculation | per row |\n|---|---|---|---|---|\n"
            % (machine(), time.strftime("%Y-%m-%d"), n, args.runs))
    for name, formula, seconds in results:
        shown = formula.replace(ADDIN, "").replace("|", "\\|")
        body += "| %s | `%s` | %d | %.3f s | %.2f µs |\n" % (name, shown if len(shown) <= 70 else shown[:67] + "…",
                                                           calls(formula), seconds, seconds / n * 1e6)
    total_calls = sum(calls(f) for _, f, _ in results)
    body += ("\n- The columns alone add up to %.3f s; the whole sheet (with the Summary's formulas) recalculates in "
             "%.3f s (`calculateAll`, median).\n"
             "- %d add-in calls a row. One add-in call costs Calc %.1f–%.1f µs more than the native reference "
             "(%.2f µs a row): Calc looks the function up by name and calls it through UNO reflection on every cell. "
             "The add-in's own work is a few per cent of it (`perf record` on soffice: about 3.5 %% of the samples in "
             "libcalccrm).\n"
             "- Inserting a sheet makes Calc mark every formula of the document dirty: after a sheet is inserted "
             "(planVisits inserts its schedule), `calculate()` recomputes them all again in %.3f s (median).\n"
             % (sum(s for _, _, s in results[:-1]), whole, total_calls,
                min((s - native) / n * 1e6 for _, f, s in results[:-1] if calls(f) == 1),
                max((s - native) / n * 1e6 for _, f, s in results[:-1] if calls(f) == 1),
                native / n * 1e6, statistics.median(insert)))
    print(body)
    if args.write:
        write_section(args.write, TITLE, body)


if __name__ == "__main__":
    main()
