"""The tiering functions in a real headless Calc: spec results, errors, the three forms, handles after edits."""
import os
import random
import re
import tempfile
import unittest

from common import OfficeTestCase, crmoffice  # first: it prepares the uno import
import uno
from com.sun.star.table import CellAddress
import spec_reference as spec

N = 200  # customers in the test column: rows 2..N+1


def random_column(seed, n=N):
    """Sales with ties, zeros, negatives, a blank and a text cell, as managers' sheets have."""
    rng = random.Random(seed)
    cells = [float(rng.choice([rng.randint(1, 50) * 10, rng.randint(1, 5000), 0, -rng.randint(1, 99)]))
             for _ in range(n)]
    cells[rng.randrange(n)] = ""          # blank
    cells[rng.randrange(n)] = "n/a"       # text
    for _ in range(10):                   # ties
        cells[rng.randrange(n)] = cells[rng.randrange(n)]
    return cells


def error_cells(sheet, area):
    """(column letter, row) of every formula cell in `area` whose result is an error, in one query."""
    from com.sun.star.sheet.FormulaResult import ERROR
    found = set()
    ranges = sheet.getCellRangeByName(area).queryFormulaCells(ERROR)
    for address in ranges.getRangeAddresses():
        for row in range(address.StartRow, address.EndRow + 1):
            for col in range(address.StartColumn, address.EndColumn + 1):
                found.add((chr(ord("A") + col), row + 1))
    return found


class TieringInCalc(OfficeTestCase):

    def column_sheet(self, cells, handle_cell="H1"):
        """Column A holds the data (A2:A{N+1}); B plain form, C handle form, D echo of the row's value."""
        doc, sheet = self.new_sheet()
        n = len(cells)
        crmoffice.set_data(sheet, "A2", [[c] for c in cells])
        crmoffice.cell(sheet, handle_cell).setFormula("=CRM_COLUMN(A$2:A$%d)" % (n + 1))
        crmoffice.set_formulas(sheet, "B2", [["=CRM_TIER(A2;A$2:A$%d)" % (n + 1),
                                              "=CRM_TIER(A2;$%s)" % handle_cell.replace("H", "H$"),
                                              "=A2"]])
        crmoffice.fill_down(sheet, "B2:D2", n + 1)
        return doc, sheet

    def assert_forms_exact(self, sheet, what):
        """Without any recalc call: what Calc shows after an edit must equal the spec on the current data.

        Reads in bulk (formulas, values, and the set of error cells), as a
        sheet of this size should be read."""
        handle_formula = crmoffice.cell(sheet, "H1").getFormula()
        m = re.search(r"\(A\$(\d+):A\$(\d+)\)", handle_formula)
        self.assertIsNotNone(m, handle_formula)
        first, last = int(m.group(1)), int(m.group(2))
        column = [row[0] for row in crmoffice.get_data(sheet, "A%d:A%d" % (first, last))]
        area = "B1:D%d" % (last + 10)
        formulas = crmoffice.get_formulas(sheet, area)
        rows = crmoffice.get_data(sheet, area)
        errors = error_cells(sheet, area)
        checked = 0
        for r, ((plain, handle, echo), (f_plain, _, _)) in enumerate(zip(rows, formulas), start=1):
            if r == 1 or not f_plain.startswith("="):
                continue
            if isinstance(echo, str) and echo != "":
                self.assertIn(("B", r), errors, "%s: text value must be an error, row %d" % (what, r))
                self.assertIn(("C", r), errors, "%s: text value must be an error, row %d" % (what, r))
            else:
                value = echo if isinstance(echo, float) else 0.0
                expected = spec.pareto_tier(value, column)
                self.assertEqual(plain, expected, "%s: plain form, row %d" % (what, r))
                self.assertEqual(handle, expected, "%s: handle form, row %d" % (what, r))
                self.assertNotIn(("C", r), errors, what)
            checked += 1
        self.assertGreater(checked, N // 2, what)

    def test_every_tiering_function_follows_the_spec(self):
        cells = random_column(1)
        doc, sheet = self.new_sheet()
        n = len(cells)
        crmoffice.set_data(sheet, "A2", [[c] for c in cells])
        rng = "A$2:A$%d" % (n + 1)
        crmoffice.cell(sheet, "M1").setFormula("=CRM_COLUMN(%s)" % rng)
        crmoffice.set_formulas(sheet, "B2", [[
            "=CRM_TIER(A2;%s)" % rng, "=CRM_TIER(A2;$M$1)", "=CRM_TIER(A2;%s;0.5;0.7)" % rng,
            "=CRM_TIER_COUNT(A2;%s)" % rng, "=CRM_TIER_COUNT(A2;$M$1;0.1;0.3)",
            "=CRM_PARETO_SHARE(A2;%s)" % rng, "=CRM_PARETO_SHARE(A2;$M$1)"]])
        crmoffice.fill_down(sheet, "B2:H2", n + 1)
        sheet.getCellRangeByName("I2:I%d" % (n + 1)).setArrayFormula("=CRM_TIERS(%s)" % rng)
        sheet.getCellRangeByName("J2:J%d" % (n + 1)).setArrayFormula("=CRM_TIERS(%s;0.5;0.7)" % rng)
        crmoffice.recalc_all(doc)
        got = crmoffice.get_data(sheet, "B2:J%d" % (n + 1))
        for i, c in enumerate(cells):
            row = got[i]
            if isinstance(c, str):
                # Blank and text cells get no tier in the array form.
                self.assertEqual(row[7], "")
                self.assertEqual(row[8], "")
                continue
            self.assertEqual(row[0], spec.pareto_tier(c, cells), "row %d" % (i + 2))
            self.assertEqual(row[1], row[0])
            self.assertEqual(row[2], spec.pareto_tier(c, cells, 0.5, 0.7))
            self.assertEqual(row[3], spec.count_tier(c, cells))
            self.assertEqual(row[4], spec.count_tier(c, cells, 0.1, 0.3))
            self.assertAlmostEqual(row[5], spec.pareto_share(c, cells), places=12)
            self.assertEqual(row[6], row[5])
            self.assertEqual(row[7], row[0])
            self.assertEqual(row[8], row[2])
        # Blank value counts as 0 -> C; a text value is refused by Calc (#VALUE!).
        blank = cells.index("") + 2
        text = cells.index("n/a") + 2
        self.assertEqual(crmoffice.cell_text(crmoffice.cell(sheet, "B%d" % blank)), "C")
        self.assertEqual(crmoffice.cell_text(crmoffice.cell(sheet, "C%d" % blank)), "C")
        self.assertEqual(crmoffice.cell_text(crmoffice.cell(sheet, "B%d" % text)), "#VALUE!")

    def test_growth_functions(self):
        doc, sheet = self.new_sheet()
        cases = [(0.25, 0.0, 0.0), (0.1, 0.1, 0.5), (0.1, 0.1, 0.49), (0.15, 0.05, 0.9), (-0.3, 0.4, 1.0)]
        crmoffice.set_data(sheet, "A1", [list(c) for c in cases])
        crmoffice.set_formulas(sheet, "D1", [["=CRM_TIER_GROWTH(A1;B1;C1)", "=CRM_TIER_GROWTH(A1;B1;C1;0.3;0.05;0.8)"]])
        crmoffice.fill_down(sheet, "D1:E1", len(cases))
        crmoffice.set_formulas(sheet, "G1", [["=CRM_GROWTH(120;100)", "=CRM_CAGR(100;121;2)", "=CRM_CAGR(100;0;3)",
                                              "=CRM_GROWTH(0;50)"]])
        crmoffice.recalc_all(doc)
        got = crmoffice.get_data(sheet, "D1:E%d" % len(cases))
        for (last, prev, loyalty), row in zip(cases, got):
            self.assertEqual(row[0], spec.growth_tier(last, prev, loyalty))
            self.assertEqual(row[1], spec.growth_tier(last, prev, loyalty, 0.3, 0.05, 0.8))
        g = crmoffice.get_data(sheet, "G1:J1")[0]
        self.assertAlmostEqual(g[0], spec.growth(120, 100), places=14)
        self.assertAlmostEqual(g[1], spec.cagr(100, 121, 2), places=14)
        self.assertEqual(g[2], -1.0)
        self.assertEqual(g[3], -1.0)

    def test_errors_show_as_the_spec_says(self):
        doc, sheet = self.new_sheet()
        crmoffice.set_data(sheet, "A1", [[100.0], [50.0], ["text"], [""], [-5.0]])
        crmoffice.cell(sheet, "A7").setFormula("=1/0")
        crmoffice.cell(sheet, "A9").setValue(7)  # A9 alone: a one-cell range
        cases = {
            "=CRM_TIER(5;A1:A5;0.9;0.8)": 502,          # a_share > b_share
            "=CRM_TIER(5;A1:A5;0;0.5)": 502,            # a_share = 0
            "=CRM_TIER(5;A1:A5;0.8;1.5)": 502,          # b_share > 1
            "=CRM_TIER(5;A1:A5;\"x\")": 502,            # text where a number is required
            "=CRM_TIER(5;A1:A5;A11:A12)": 502,          # a range where a number is required
            "=CRM_TIER(5;Z1:Z9)": 502,                  # empty range: S = 0
            "=CRM_TIER(5;A3:A5)": 502,                  # only text, blank, negative: S = 0
            "=CRM_TIER(\"x\";A1:A5)": 519,              # text value: Calc's #VALUE!
            "=CRM_TIER(5;A1:A7)": 504,                  # an error cell in the range: Calc refuses the range
            "=CRM_TIER(5;A1:A5;1/0)": 532,              # an error argument propagates
            "=CRM_TIER(5)": 502,                        # the range is missing
            "=CRM_TIER_COUNT(5;Z1:Z9)": 502,            # n = 0
            "=CRM_TIER_COUNT(5;A1:A5;0.6;0.5)": 502,
            "=CRM_PARETO_SHARE(5;Z1:Z9)": 502,
            "=CRM_GROWTH(5;0)": 502,
            "=CRM_GROWTH(5;-1)": 502,
            "=CRM_CAGR(0;5;1)": 502,
            "=CRM_CAGR(5;-1;1)": 502,
            "=CRM_CAGR(5;10;0)": 502,
            "=CRM_CAGR(1E-300;1E300;0.001)": 502,       # not finite
            "=CRM_TIERS(Z1:Z9)": 502,
            "=CRM_TIER(5;\"CRM column · 3 values · #0123456789ab\")": 502,  # a handle this office never issued
        }
        formulas = list(cases.items())
        crmoffice.set_formulas(sheet, "C1", [[f] for f, _ in formulas])
        crmoffice.recalc_all(doc)
        for i, (formula, code) in enumerate(formulas):
            c = crmoffice.cell(sheet, "C%d" % (i + 1))
            self.assertEqual(crmoffice.cell_error(c), code, formula)
        # Not errors: blank optional counts as 0 -> 0 share is illegal, a one-cell range is a column of one.
        crmoffice.set_formulas(sheet, "E1", [["=CRM_TIER(7;A9)"], ["=CRM_TIER(5;{100;50;5})"],
                                             ["=CRM_TIER(5;A1:A5;A11)"]])
        crmoffice.recalc_all(doc)
        self.assertEqual(crmoffice.cell_text(crmoffice.cell(sheet, "E1")), "A")
        self.assertEqual(crmoffice.cell_text(crmoffice.cell(sheet, "E2")), spec.pareto_tier(5, [100.0, 50.0, 5.0]))
        self.assertEqual(crmoffice.cell_error(crmoffice.cell(sheet, "E3")), 502)

    def test_handle_stays_exact_through_edits(self):
        doc, sheet = self.column_sheet(random_column(2))
        self.assert_forms_exact(sheet, "initial")
        rng = random.Random(3)

        crmoffice.cell(sheet, "A7").setValue(99999)
        self.assert_forms_exact(sheet, "cell edit")

        crmoffice.set_data(sheet, "A2", [[float(rng.randint(1, 900))] for _ in range(100)])
        self.assert_forms_exact(sheet, "setDataArray")

        undo = doc.getUndoManager()
        crmoffice.cell(sheet, "A40").setValue(123456)
        self.assert_forms_exact(sheet, "before undo")
        undo.undo()
        self.assert_forms_exact(sheet, "undo")
        undo.redo()
        self.assert_forms_exact(sheet, "redo")

        # copyRange and a paste through the clipboard.
        crmoffice.set_data(sheet, "K2", [[float(v)] for v in (5000, 4000, 3000, 1, 2, 3, 4, 5, 6, 7, 8)])
        dest = CellAddress(Sheet=0, Column=0, Row=9)
        sheet.copyRange(dest, sheet.getCellRangeByName("K2:K12").getRangeAddress())
        self.assert_forms_exact(sheet, "copyRange")
        crmoffice.set_data(sheet, "K2", [[float(v)] for v in (7, 70000, 7, 7, 7)])
        self.paste(doc, sheet, "K2:K6", "A60")
        self.assert_forms_exact(sheet, "paste")

        # moveRange: part of the column moves below the range; rows follow their cells.
        sheet.moveRange(CellAddress(Sheet=0, Column=0, Row=N + 3),
                        sheet.getCellRangeByName("A190:A195").getRangeAddress())
        self.assert_forms_exact(sheet, "moveRange")

        sheet.Rows.insertByIndex(50, 2)
        crmoffice.cell(sheet, "A51").setValue(88888)
        self.assert_forms_exact(sheet, "insert rows")
        sheet.Rows.removeByIndex(30, 3)
        self.assert_forms_exact(sheet, "delete rows")

        # Sort the data column (formulas stay in place, values move).
        first_last = re.search(r"A\$(\d+):A\$(\d+)", crmoffice.cell(sheet, "H1").getFormula())
        data = sheet.getCellRangeByName("A%s:A%s" % first_last.groups())
        desc = data.createSortDescriptor()
        for prop in desc:
            if prop.Name == "SortFields":
                field = uno.createUnoStruct("com.sun.star.table.TableSortField")
                field.Field = 0
                field.IsAscending = False
                prop.Value = uno.Any("[]com.sun.star.table.TableSortField", (field,))
        data.sort(desc)
        self.assert_forms_exact(sheet, "sort")

        # A volatile cell inside the column: every recalculation changes it.
        crmoffice.cell(sheet, "A12").setFormula("=RANDBETWEEN(1;100000)")
        self.assert_forms_exact(sheet, "volatile set")
        for i in range(3):
            doc.calculate()
            self.assert_forms_exact(sheet, "volatile recalc %d" % i)

    def paste(self, doc, sheet, source, target):
        controller = doc.getCurrentController()
        dispatcher = self.office.smgr.createInstanceWithContext("com.sun.star.frame.DispatchHelper", self.office.ctx)
        frame = controller.getFrame()
        controller.select(sheet.getCellRangeByName(source))
        dispatcher.executeDispatch(frame, ".uno:Copy", "", 0, ())
        controller.select(sheet.getCellRangeByName(target))
        dispatcher.executeDispatch(frame, ".uno:Paste", "", 0, ())

    def test_two_documents_with_the_same_addresses(self):
        doc1, sheet1 = self.column_sheet(random_column(4))
        doc2, sheet2 = self.column_sheet(random_column(5))
        self.assert_forms_exact(sheet1, "document 1")
        self.assert_forms_exact(sheet2, "document 2")
        crmoffice.cell(sheet1, "A2").setValue(1e6)
        self.assert_forms_exact(sheet2, "document 2 after editing document 1")
        self.assert_forms_exact(sheet1, "document 1 after its edit")
        # Document 1's handle text typed into document 2 never answers there.
        foreign = crmoffice.cell(sheet1, "H1").getString()
        crmoffice.cell(sheet2, "M1").setString(foreign)
        crmoffice.cell(sheet2, "M2").setFormula("=CRM_TIER(5;M1)")
        self.assertEqual(crmoffice.cell_error(crmoffice.cell(sheet2, "M2")), 502)

    def test_handle_deleted_or_pointing_at_another_column(self):
        doc, sheet = self.column_sheet(random_column(6))
        other = random_column(7)
        crmoffice.set_data(sheet, "F2", [[c] for c in other])
        crmoffice.cell(sheet, "H1").setFormula("=CRM_COLUMN(F$2:F$%d)" % (N + 1))
        got = crmoffice.get_data(sheet, "C2:D%d" % (N + 1))
        for handle, echo in got:
            value = echo if isinstance(echo, float) else 0.0
            if not (isinstance(echo, str) and echo):
                self.assertEqual(handle, spec.pareto_tier(value, other))
        crmoffice.cell(sheet, "H1").setString("")
        self.assertEqual(crmoffice.cell_error(crmoffice.cell(sheet, "C3")), 502)
        sheet.Columns.removeByIndex(7, 1)  # the handle's column H: rows show #REF!
        self.assertEqual(crmoffice.cell_text(crmoffice.cell(sheet, "C3")), "#REF!")

    def test_closing_a_document_frees_its_handles(self):
        diagnostics = self.office.smgr.createInstanceWithContext("org.calccrm.Functions", self.office.ctx)
        before = diagnostics.cachedColumns()
        doc, sheet = self.column_sheet(random_column(8))
        crmoffice.cell(sheet, "H2").setFormula("=CRM_COLUMN(A2:A50)")
        crmoffice.recalc_all(doc)
        self.assertGreaterEqual(diagnostics.cachedColumns(), before + 2)
        self.assertGreater(diagnostics.cachedColumnBytes(), 0)
        self.close(doc)
        self.assertEqual(diagnostics.cachedColumns(), before)

    def test_save_reload_recalc(self):
        cells = random_column(9)
        doc, sheet = self.column_sheet(cells)
        sheet.getCellRangeByName("E2:E%d" % (N + 1)).setArrayFormula("=CRM_TIERS(A2:A%d)" % (N + 1))
        crmoffice.recalc_all(doc)
        before = crmoffice.get_data(sheet, "B2:E%d" % (N + 1))
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "tiers.ods")
            self.office.save_as(doc, path)
            self.close(doc)
            with open(path, "rb") as f:
                import zipfile
                content = zipfile.ZipFile(f).read("content.xml").decode("utf-8")
            self.assertIn("of:=ORG.CALCCRM.FUNCTIONS.CRMTIER(", content)
            self.assertIn("of:=ORG.CALCCRM.FUNCTIONS.CRMCOLUMN(", content)
            doc2 = self.office.load(path)
            self.addCleanup(self.close, doc2)
            sheet2 = doc2.Sheets.getByIndex(0)
            self.assertEqual(crmoffice.get_data(sheet2, "B2:E%d" % (N + 1)), before)
            crmoffice.recalc_all(doc2)
            self.assertEqual(crmoffice.get_data(sheet2, "B2:E%d" % (N + 1)), before)
            self.assert_forms_exact(sheet2, "after reload")
            crmoffice.cell(sheet2, "A3").setValue(50000)
            self.assert_forms_exact(sheet2, "edit after reload")


if __name__ == "__main__":
    unittest.main()
