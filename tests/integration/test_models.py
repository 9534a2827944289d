"""Loyalty, BG/NBD, Gamma-Gamma, profitability and visit functions in a real headless Calc: published and spec results."""
import csv
import json
import os
import random
import unittest

from common import OfficeTestCase, ROOT, crmoffice, data  # first: it prepares the uno import
import spec_reference as spec

TABLE = json.load(open(os.path.join(ROOT, "idl", "functions.json"), encoding="utf-8"))
CDNOW = data("cdnow", "cdnow_customers_summary_with_transactions.csv")
# Published results on the CDNOW summary (data/README.md).
BGNBD = {"r": 0.2426, "alpha": 4.4135, "a": 0.7929, "b": 2.4258}
GAMMA_GAMMA = {"p": 6.25, "q": 3.74, "v": 15.44}
FIRST_TEN_SPENDS = [24.65, 18.91, 35.17, 35.17, 35.17, 71.46, 18.91, 35.17, 27.28, 35.17]
SEGMENT_KEYS = ["rfm_champions", "rfm_cant_lose_them", "rfm_at_risk", "rfm_hibernating", "rfm_need_attention",
                "rfm_loyal", "rfm_new_customers", "rfm_promising", "rfm_about_to_sleep", "rfm_potential_loyalists"]


def cdnow_rows():
    """[x, t_x, T, zbar] per customer, as numbers."""
    with open(CDNOW, newline="") as f:
        return [[float(r["x"]), float(r["t_x"]), float(r["T"]), float(r["zbar"])] for r in csv.DictReader(f)]


def column_letter(index):
    return chr(ord("A") + index)


class ModelsOnCdnow(OfficeTestCase):
    """The CDNOW summary in A2:D{n+1} (x, t_x, T, zbar), fits as array formulas, as a manager would."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rows = cdnow_rows()
        n = len(cls.rows)
        cls.doc = cls.office.new_calc()
        sheet = cls.sheet = cls.doc.Sheets.getByIndex(0)
        crmoffice.set_data(sheet, "A1", [["x", "t_x", "T", "zbar"]] + cls.rows)
        last = n + 1
        sheet.getCellRangeByName("F1:I1").setArrayFormula(
            "=CRM_BGNBD_FIT(A2:A%d;B2:B%d;C2:C%d)" % (last, last, last))
        sheet.getCellRangeByName("F2:H2").setArrayFormula("=CRM_GG_FIT(A2:A%d;D2:D%d)" % (last, last))
        crmoffice.recalc_all(cls.doc)

    @classmethod
    def tearDownClass(cls):
        cls.close(cls.doc)
        super().tearDownClass()

    def test_bgnbd_fit_gives_the_published_estimates(self):
        got = crmoffice.get_data(self.sheet, "F1:I1")[0]
        for value, (name, published) in zip(got, BGNBD.items()):
            self.assertIsInstance(value, float, name)
            self.assertLess(abs(value - published) / published, 0.001, "%s = %r" % (name, value))

    def test_expected_purchases_and_palive(self):
        crmoffice.set_formulas(self.sheet, "K1", [
            ["=CRM_EXPECTED_PURCHASES(39;2;30.43;38.86;F1;G1;H1;I1)"],
            ["=CRM_EXPECTED_PURCHASES(39;2;30.43;38.86;0.2426;4.4135;0.7929;2.4258)"],
            ["=CRM_PALIVE(0;0;38.86;F1;G1;H1;I1)"],
            ["=CRM_PALIVE(2;30.43;38.86;F1;G1;H1;I1)"],
            ["=CRM_PALIVE(2;5;38.86;F1;G1;H1;I1)"],
            ["=CRM_EXPECTED_PURCHASES(0;2;30.43;38.86;F1;G1;H1;I1)"]])
        got = [r[0] for r in crmoffice.get_data(self.sheet, "K1:K6")]
        self.assertAlmostEqual(got[0], 1.226, delta=0.0005)
        self.assertAlmostEqual(got[1], 1.226, delta=0.0005)
        self.assertEqual(got[2], 1.0)  # x = 0: P(alive) is 1, a property of the model
        self.assertTrue(0 < got[4] < got[3] < 1, got)  # a long silence since the last purchase lowers P(alive)
        self.assertEqual(got[5], 0.0)

    def test_gamma_gamma_fit_and_the_published_spends(self):
        got = crmoffice.get_data(self.sheet, "F2:H2")[0]
        for value, (name, published) in zip(got, GAMMA_GAMMA.items()):
            self.assertAlmostEqual(value, published, delta=0.01, msg=name)
        crmoffice.set_formulas(self.sheet, "L2", [["=CRM_EXPECTED_VALUE(A2;D2;$F$2;$G$2;$H$2)"]])
        crmoffice.fill_down(self.sheet, "L2", 11)
        spends = [r[0] for r in crmoffice.get_data(self.sheet, "L2:L11")]
        for i, (value, published) in enumerate(zip(spends, FIRST_TEN_SPENDS)):
            self.assertAlmostEqual(value, published, delta=0.01, msg="customer %d" % (i + 1))
            x, _, _, zbar = self.rows[i]
            self.assertAlmostEqual(value, spec.expected_value(x, zbar, *got), places=9)

    def test_model_lifetime_value_adds_up_the_two_models(self):
        crmoffice.set_formulas(self.sheet, "N1", [
            ["=CRM_CLV_MODEL(39;2;30.43;38.86;22.35;F1;G1;H1;I1;F2;G2;H2)"],
            ["=CRM_EXPECTED_PURCHASES(39;2;30.43;38.86;F1;G1;H1;I1)*CRM_EXPECTED_VALUE(2;22.35;F2;G2;H2)"],
            ["=CRM_CLV_MODEL(39;2;30.43;38.86;22.35;F1;G1;H1;I1;F2;G2;H2;0.01;13)"]])
        undiscounted, product, discounted = [r[0] for r in crmoffice.get_data(self.sheet, "N1:N3")]
        self.assertAlmostEqual(undiscounted, product, places=9)  # no discounting: the steps add up to E(39)
        self.assertLess(discounted, undiscounted)


class LoyaltyInCalc(OfficeTestCase):

    def test_rfm_plain_and_handle_forms_follow_the_spec(self):
        rng = random.Random(5)
        n = 150
        recency = [float(rng.randint(0, 60)) for _ in range(n)]
        frequency = [float(rng.choice([1, 1, 2, 3, 5, 8, rng.randint(1, 30)])) for _ in range(n)]
        monetary = [float(rng.randint(1, 40) * 25) for _ in range(n)]
        doc, sheet = self.new_sheet()
        # Rows 2..n+1 are customers; below them a blank and a text cell inside the ranges (not customers).
        crmoffice.set_data(sheet, "A2", [list(r) for r in zip(recency, frequency, monetary)] +
                           [["", "", ""], ["n/a", "n/a", "n/a"]])
        last = n + 3
        ranges = ["%s$2:%s$%d" % (c, c, last) for c in "ABC"]
        crmoffice.set_formulas(sheet, "J1", [["=CRM_COLUMN(%s)" % r for r in ranges]])
        crmoffice.set_formulas(sheet, "D2", [[
            "=CRM_RFM(A2;B2;C2;%s;%s;%s)" % tuple(ranges),
            "=CRM_RFM(A2;B2;C2;$J$1;$K$1;$L$1)",
            "=CRM_RFM(A2;B2;C2;%s;$K$1;%s;3)" % (ranges[0], ranges[2]),
            "=CRM_RFM(A2;B2;C2;$J$1;$K$1;$L$1;3)",
            "=CRM_RFM_SEGMENT(VALUE(MID(D2;1;1));VALUE(MID(D2;2;1)))"]])
        crmoffice.fill_down(sheet, "D2:H2", n + 1)
        crmoffice.recalc_all(doc)
        cells = [recency + ["", "n/a"], frequency + ["", "n/a"], monetary + ["", "n/a"]]
        got = crmoffice.get_data(sheet, "D2:H%d" % (n + 1))
        for i, row in enumerate(got):
            expected = spec.rfm(recency[i], frequency[i], monetary[i], *cells)
            expected3 = spec.rfm(recency[i], frequency[i], monetary[i], *cells, bins=3)
            self.assertEqual(row[0], expected, "plain, row %d" % (i + 2))
            self.assertEqual(row[1], expected, "handle, row %d" % (i + 2))
            self.assertEqual(row[2], expected3, "mixed, row %d" % (i + 2))
            self.assertEqual(row[3], expected3, "handle 3 bins, row %d" % (i + 2))
            self.assertEqual(row[4], spec.rfm_segment(int(expected[0]), int(expected[1])), "segment, row %d" % (i + 2))
        # Every score level is used: the test is not vacuous.
        self.assertEqual({r[0][0] for r in got}, set("12345"))

    def test_rfm_with_handles_is_fast_per_row(self):
        """Spec "Column handles": per-row calls on a handle are O(log n), so 20 000 rows recalculate in moments."""
        rng = random.Random(11)
        n = 20000
        rows = [[float(rng.randint(0, 365)), float(rng.randint(1, 40)), float(rng.randint(10, 5000))] for _ in range(n)]
        doc, sheet = self.new_sheet()
        crmoffice.set_data(sheet, "A2", rows)
        crmoffice.set_formulas(sheet, "J1", [["=CRM_COLUMN(%s$2:%s$%d)" % (c, c, n + 1) for c in "ABC"]])
        crmoffice.set_formulas(sheet, "D2", [["=CRM_RFM(A2;B2;C2;$J$1;$K$1;$L$1)"]])
        crmoffice.fill_down(sheet, "D2", n + 1)
        seconds = crmoffice.recalc_all(doc)
        self.assertLess(seconds, 5.0)
        got = crmoffice.get_data(sheet, "D2:D%d" % (n + 1))
        columns = [[r[j] for r in rows] for j in range(3)]
        for i in rng.sample(range(n), 40):
            self.assertEqual(got[i][0], spec.rfm(*rows[i], *columns), "row %d" % (i + 2))

    def test_every_segment_in_english(self):
        doc, sheet = self.new_sheet()
        crmoffice.set_formulas(sheet, "A1", [["=CRM_RFM_SEGMENT(%d;%d)" % (r, f) for f in range(1, 6)]
                                            for r in range(1, 6)])
        got = crmoffice.get_data(sheet, "A1:E5")
        for r in range(1, 6):
            for f in range(1, 6):
                self.assertEqual(got[r - 1][f - 1], spec.rfm_segment(r, f), (r, f))

    def test_loyalty_plain_and_handle_forms_follow_the_spec(self):
        rng = random.Random(8)
        n, k = 80, 5
        table = [[float(rng.randint(0, 6)) for _ in range(k)] for _ in range(n)]
        table[3][1] = ""      # a blank signal: left out for that customer, not a number in the column
        table[7][4] = "n/a"   # a text signal
        doc, sheet = self.new_sheet()
        crmoffice.set_data(sheet, "A2", table)
        crmoffice.set_data(sheet, "P1", [[1.0, 2.0, 0.0, 1.0, 3.0]])
        tbl = "$A$2:$E$%d" % (n + 1)
        crmoffice.cell(sheet, "N1").setFormula("=CRM_COLUMN(%s)" % tbl)
        crmoffice.cell(sheet, "O1").setFormula("=CRM_COLUMN($A$2:$A$%d)" % (n + 1))
        crmoffice.set_formulas(sheet, "G2", [[
            "=CRM_LOYALTY(A2:E2;%s)" % tbl, "=CRM_LOYALTY(A2:E2;$N$1)",
            "=CRM_LOYALTY(A2:E2;%s;$P$1:$T$1)" % tbl, "=CRM_LOYALTY(A2:E2;$N$1;$P$1:$T$1)",
            "=CRM_LOYALTY(A2;$A$2:$A$%d)" % (n + 1), "=CRM_LOYALTY(A2;$O$1)"]])
        crmoffice.fill_down(sheet, "G2:L2", n + 1)
        crmoffice.recalc_all(doc)
        columns = [[row[j] for row in table] for j in range(k)]
        weights = [1.0, 2.0, 0.0, 1.0, 3.0]
        got = crmoffice.get_data(sheet, "G2:L%d" % (n + 1))
        for i, row in enumerate(got):
            equal = spec.loyalty(table[i], columns)
            weighted = spec.loyalty(table[i], columns, weights)
            single = spec.loyalty(table[i][:1], columns[:1])
            self.assertAlmostEqual(row[0], equal, places=9, msg="row %d" % (i + 2))
            self.assertEqual(row[1], row[0], "handle, row %d" % (i + 2))
            self.assertAlmostEqual(row[2], weighted, places=9, msg="row %d" % (i + 2))
            self.assertEqual(row[3], row[2], "handle, row %d" % (i + 2))
            self.assertAlmostEqual(row[4], single, places=9)
            self.assertEqual(row[5], row[4])


class ProfitabilityAndVisitsInCalc(OfficeTestCase):

    def test_values_follow_the_spec(self):
        doc, sheet = self.new_sheet()
        crmoffice.set_data(sheet, "A1", [[45000.0], [45002.0], [45003.0], ["text"], [""]])
        cases = [
            ("=CRM_CLV(5000;1;0;10)", spec.clv(5000, 1, 0, 10)),   # the seed's example: 50 000
            ("=CRM_CLV(100;0.8;0.1)", spec.clv(100, 0.8, 0.1)),
            ("=CRM_CLV(100;0.8;0.1;5)", spec.clv(100, 0.8, 0.1, 5)),
            ("=CRM_CLV(100;0.8;0.1;)", spec.clv(100, 0.8, 0.1)),  # an empty slot is an omitted argument
            ("=CRM_CLV(100;0;0.1;3)", spec.clv(100, 0, 0.1, 3)),
            ("=CRM_MARGIN(200;150)", spec.margin(200, 150)),
            ("=CRM_MARGIN(200;260)", spec.margin(200, 260)),
            ("=CRM_PROFIT(1000;600)", spec.profit(1000, 600)),
            ("=CRM_PROFIT(1000;600;50;20;400)", spec.profit(1000, 600, 50, 20, 400)),
            ("=CRM_RETENTION(100;90;10)", spec.retention(100, 90, 10)),
            ("=CRM_CHURN(100;90;10)", spec.churn(100, 90, 10)),
            ("=CRM_VISITS_PER_YEAR(\"A\")", 12.0),
            ("=CRM_VISITS_PER_YEAR(\"b\")", 4.0),
            ("=CRM_VISITS_PER_YEAR(\"C\";24;6;2)", 2.0),
            ("=CRM_NEXT_VISIT(45000;\"A\")", spec.next_visit(45000, "A")),
            ("=CRM_NEXT_VISIT(45000.75;\"B\")", spec.next_visit(45000.75, "B")),
            ("=CRM_NEXT_VISIT(44998;\"A\";A1:A5)", spec.next_visit(44998, "A", [45000.0, 45002.0, 45003.0, "text", ""])),
            ("=CRM_NEXT_VISIT(45000;\"C\";;12;4;2)", spec.next_visit(45000, "C", (), c=2)),
            ("=CRM_NEXT_VISIT(45000;\"A\";A1:A5;52)", spec.next_visit(45000, "A", [45000.0, 45002.0, 45003.0], a=52)),
        ]
        crmoffice.set_formulas(sheet, "C1", [[f] for f, _ in cases])
        crmoffice.recalc_all(doc)
        got = [r[0] for r in crmoffice.get_data(sheet, "C1:C%d" % len(cases))]
        self.assertEqual(got[0], 50000.0)
        for (formula, expected), value in zip(cases, got):
            self.assertIsInstance(value, float, formula)
            self.assertAlmostEqual(value, expected, places=9, msg=formula)
        # The next visit never falls on a weekend: check the day in Calc itself.
        visits = [i + 1 for i, (formula, _) in enumerate(cases) if "NEXT_VISIT" in formula]
        crmoffice.set_formulas(sheet, "D1", [["=WEEKDAY(C%d;2)" % row] for row in visits])
        for row in crmoffice.get_data(sheet, "D1:D%d" % len(visits)):
            self.assertLessEqual(row[0], 5)

    def test_every_error_the_spec_lists_is_err502(self):
        doc, sheet = self.new_sheet()
        crmoffice.set_data(sheet, "A1", [[5.0, 1.0, 100.0], [3.0, 2.0, 50.0], [1.0, 3.0, 20.0]])
        crmoffice.cell(sheet, "E1").setFormula("=CRM_COLUMN(A1:C3)")
        cases = [
            # Loyalty: RFM
            "=CRM_RFM(1;1;1;Z1:Z9;B1:B3;C1:C3)",          # an empty range
            "=CRM_RFM(1;1;1;A1:A3;B1:B3;Z1:Z9)",
            "=CRM_RFM(1;1;1;A1:A3;B1:B3;C1:C3;2.5)",      # bins not an integer
            "=CRM_RFM(1;1;1;A1:A3;B1:B3;C1:C3;1)",        # bins outside 2..9
            "=CRM_RFM(1;1;1;A1:A3;B1:B3;C1:C3;10)",
            "=CRM_RFM(1;1;1;\"CRM column · 3 values · #0123456789ab\";B1:B3;C1:C3)",  # a handle never issued
            "=CRM_RFM_SEGMENT(0;3)",                       # scores not integers in 1..5
            "=CRM_RFM_SEGMENT(3;6)",
            "=CRM_RFM_SEGMENT(2.5;3)",
            # Loyalty index
            "=CRM_LOYALTY(A1:B1;A1:C3)",                   # shapes that do not match
            "=CRM_LOYALTY(A1:C1;E1;{1;1})",                # weights of another shape (handle form)
            "=CRM_LOYALTY(Z1:AB1;A1:C3)",                  # no numeric signal
            "=CRM_LOYALTY(A1:C1;A1:C3;{1;-1;1})",          # a negative weight
            "=CRM_LOYALTY(A1:C1;E1;{0;0;0})",              # all weights zero
            "=CRM_LOYALTY(A1:B1;E1)",                      # shapes that do not match (handle form)
            # Retention and churn
            "=CRM_RETENTION(0;10;1)", "=CRM_RETENTION(-5;10;1)", "=CRM_RETENTION(10;-1;0)",
            "=CRM_RETENTION(10;5;-1)", "=CRM_RETENTION(10;5;6)", "=CRM_CHURN(0;10;1)", "=CRM_CHURN(10;5;6)",
            # BG/NBD
            "=CRM_BGNBD_FIT(A1:A3;B1:B2;C1:C3)",           # ranges of different sizes
            "=CRM_BGNBD_FIT(Z1:Z3;Z1:Z3;Z1:Z3)",           # no customer
            "=CRM_PALIVE(2;30;39;0;4.4;0.79;2.4)",         # a parameter <= 0
            "=CRM_PALIVE(2;40;39;0.24;4.4;0.79;2.4)",      # t_x > T
            "=CRM_PALIVE(1.5;30;39;0.24;4.4;0.79;2.4)",    # x not a whole number
            "=CRM_EXPECTED_PURCHASES(-1;2;30;39;0.24;4.4;0.79;2.4)",  # t < 0
            "=CRM_EXPECTED_PURCHASES(39;2;30;39;0.24;-4.4;0.79;2.4)",
            # Gamma-Gamma
            "=CRM_GG_FIT({0;0;0};{0;0;0})",                # no customer with x > 0
            "=CRM_GG_FIT(A1:A3;B1:B2)",
            "=CRM_EXPECTED_VALUE(2;30;6;1;15)",            # q <= 1: spend undefined
            "=CRM_EXPECTED_VALUE(2;30;6;0.5;15)",
            "=CRM_EXPECTED_VALUE(0;0;6;1;15)",
            # Profitability
            "=CRM_MARGIN(0;5)", "=CRM_MARGIN(-10;5)",
            "=CRM_CLV(100;1.1;0.1;5)", "=CRM_CLV(100;-0.1;0.1;5)",   # retention outside [0, 1]
            "=CRM_CLV(100;0.8;-1;5)",                      # discount_rate <= -1
            "=CRM_CLV(100;0.8;0.1;0)", "=CRM_CLV(100;0.8;0.1;2.5)", "=CRM_CLV(100;0.8;0.1;-3)",  # periods
            "=CRM_CLV(100;0.8;0.1;Z99)",                   # a blank cell for periods counts as 0
            "=CRM_CLV(100;1;0)",                           # infinite sum with retention >= 1 + discount_rate
            "=CRM_CLV(100;0.9;-0.2)",
            "=CRM_CLV_MODEL(10;2;30;39;20;0.24;4.4;0.79;2.4;6;4;15;0;3)",  # horizon not a whole number of steps
            "=CRM_CLV_MODEL(10;2;30;39;20;0.24;4.4;0.79;2.4;6;1;15)",      # q <= 1
            # Visits
            "=CRM_VISITS_PER_YEAR(\"D\")", "=CRM_VISITS_PER_YEAR(\"AB\")", "=CRM_VISITS_PER_YEAR(\"\")",
            "=CRM_NEXT_VISIT(45000;\"X\")",
        ]
        crmoffice.set_formulas(sheet, "G1", [[f] for f in cases])
        crmoffice.recalc_all(doc)
        for i, formula in enumerate(cases):
            self.assertEqual(crmoffice.cell_error(crmoffice.cell(sheet, "G%d" % (i + 1))), 502, formula)
        # Calc itself refuses text for a number (#VALUE!) and an error cell inside a range (Err:504).
        crmoffice.cell(sheet, "A5").setFormula("=1/0")
        crmoffice.set_formulas(sheet, "H1", [["=CRM_RFM(\"x\";1;1;A1:A3;B1:B3;C1:C3)"],
                                             ["=CRM_RFM(1;1;1;A1:A5;B1:B3;C1:C3)"]])
        crmoffice.recalc_all(doc)
        self.assertEqual(crmoffice.cell_error(crmoffice.cell(sheet, "H1")), 519)
        self.assertEqual(crmoffice.cell_error(crmoffice.cell(sheet, "H2")), 504)


class FrenchSegments(OfficeTestCase):
    locale = "fr-FR"

    def test_segment_names_follow_the_ui_language(self):
        doc, sheet = self.new_sheet()
        self.assertEqual(sheet.Name, crmoffice.LOCALES[self.locale]["sheet1"])  # the UI really is French
        crmoffice.set_formulas(sheet, "A1", [["=CRM_RFM_SEGMENT(%d;%d)" % (r, f) for f in range(1, 6)]
                                            for r in range(1, 6)])
        got = crmoffice.get_data(sheet, "A1:E5")
        english_to_key = dict(zip(spec.RFM_SEGMENTS, SEGMENT_KEYS))
        for r in range(1, 6):
            for f in range(1, 6):
                key = english_to_key[spec.rfm_segment(r, f)]
                self.assertEqual(got[r - 1][f - 1], TABLE["strings"][key]["fr"], (r, f))
        self.assertEqual(got[4][4], "Champions")
        self.assertEqual(got[0][0], "En hibernation")


if __name__ == "__main__":
    unittest.main()
