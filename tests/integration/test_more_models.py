"""Pareto/NBD, MBG/NBD and BG/BB cell functions in a real headless Calc: the published results (data/README.md) and
an independent computation from the papers' formulas (models_reference, scipy), never the extension's code."""
import csv
import unittest

from common import OfficeTestCase, crmoffice, data  # first: it prepares the uno import
import models_reference as ref

CDNOW = data("cdnow", "cdnow_customers_summary_with_transactions.csv")
DONATIONS = data("donations", "donations.csv")
# Published results (data/README.md): lifetimes, CLVTools and BTYDplus on the CDNOW sample's 39-week summary.
PNBD = [0.553, 10.578, 0.606, 11.669]
PNBD_LOG_LIKELIHOOD = -9594.98
PNBD_STANDARD_ERRORS = [0.0476, 0.8427, 0.1873, 6.2105]  # CLVTools
MBGNBD = [0.525, 6.183, 0.891, 1.614]                     # Batislam et al. 2007
BGBB = [1.204, 0.750, 0.657, 2.783]                       # Fader, Hardie & Shang 2010, donations


def relative(value, expected):
    return abs(value - expected) / abs(expected)


def cdnow_columns():
    with open(CDNOW, newline="") as f:
        rows = [[float(r["x"]), float(r["t_x"]), float(r["T"])] for r in csv.DictReader(f)]
    return rows, [list(c) for c in zip(*rows)]


def donations():
    with open(DONATIONS, newline="") as f:
        rows = [[float(r[k]) for k in ("frequency", "recency", "periods", "weights")] for r in csv.DictReader(f)]
    return rows, [list(c) for c in zip(*rows)]


class ContinuousModelsOnCdnow(OfficeTestCase):
    """The CDNOW summary in A2:C2358 (x, t_x, T); the fits entered over two rows, as a manager would."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rows, (cls.x, cls.t_x, cls.T) = cdnow_columns()
        last = len(cls.rows) + 1
        cls.doc = cls.office.new_calc()
        sheet = cls.sheet = cls.doc.Sheets.getByIndex(0)
        crmoffice.set_data(sheet, "A1", [["x", "t_x", "T"]] + cls.rows)
        ranges = "A2:A%d;B2:B%d;C2:C%d" % (last, last, last)
        sheet.getCellRangeByName("F1:I2").setArrayFormula("=CRM_PNBD_FIT(%s)" % ranges)
        sheet.getCellRangeByName("F4:I5").setArrayFormula("=CRM_MBGNBD_FIT(%s)" % ranges)
        sheet.getCellRangeByName("F7:I7").setArrayFormula("=CRM_PNBD_FIT(%s;0.01)" % ranges)
        sheet.getCellRangeByName("F9:J11").setArrayFormula("=CRM_MBGNBD_FIT(%s)" % ranges)  # beyond: #N/A
        crmoffice.recalc_all(cls.doc)

    @classmethod
    def tearDownClass(cls):
        cls.close(cls.doc)
        super().tearDownClass()

    def log_likelihood(self, params):
        return ref.pnbd_log_likelihood(params, self.x, self.t_x, self.T)

    def test_pareto_nbd_fit_gives_the_published_estimates_and_likelihood(self):
        got = crmoffice.get_data(self.sheet, "F1:I1")[0]
        for value, published in zip(got, PNBD):
            self.assertIsInstance(value, float)
            self.assertLess(relative(value, published), 0.005, got)
        self.assertAlmostEqual(self.log_likelihood(got), PNBD_LOG_LIKELIHOOD, delta=0.01)
        independent = ref.fit_pnbd(self.x, self.t_x, self.T)
        for value, other in zip(got, independent):
            self.assertLess(relative(value, other), 2e-3, (got, independent))
        # The independent maximum is no higher than Calc's: Calc's estimate is the maximum.
        self.assertGreater(self.log_likelihood(got), self.log_likelihood(independent) - 1e-4)

    def test_pareto_nbd_standard_errors_are_the_published_ones(self):
        estimates, errors = crmoffice.get_data(self.sheet, "F1:I2")
        independent = ref.standard_errors(self.log_likelihood, list(estimates))
        for k, published in enumerate(PNBD_STANDARD_ERRORS):
            self.assertIsInstance(errors[k], float)
            self.assertLess(relative(errors[k], published), 0.02, errors)
            self.assertLess(relative(errors[k], independent[k]), 0.01, (errors, independent))

    def test_pareto_nbd_penalty_shrinks_as_an_independent_penalised_fit(self):
        got = crmoffice.get_data(self.sheet, "F7:I7")[0]
        independent = ref.fit_pnbd(self.x, self.t_x, self.T, penalty=0.01)
        plain = crmoffice.get_data(self.sheet, "F1:I1")[0]
        for value, other in zip(got, independent):
            self.assertLess(relative(value, other), 5e-3, (got, independent))
        self.assertLess(sum(v * v for v in got), sum(v * v for v in plain))

    def test_pareto_nbd_published_p_alive_and_expectations(self):
        hardie = "0.5534;10.5802;0.6061;11.6562"
        rounded = "0.55;10.58;0.61;11.67"
        crmoffice.set_formulas(self.sheet, "L1", [
            ["=CRM_PNBD_PALIVE(26;30.86;31;%s)" % hardie],
            ["=CRM_PNBD_EXPECTED_PURCHASES(52;26;30.86;31;F1;G1;H1;I1)"],
            ["=CRM_PNBD_EXPECTED_PURCHASES(10;132;200;200;%s)" % rounded],
            ["=CRM_PNBD_EXPECTED_PURCHASES(10;133;200;200;%s)" % rounded],
            ["=CRM_PNBD_PALIVE(0;0;38.86;F1;G1;H1;I1)"],
            ["=CRM_PNBD_PALIVE(2;5;38.86;F1;G1;H1;I1)"]])
        got = [r[0] for r in crmoffice.get_data(self.sheet, "L1:L6")]
        fitted = crmoffice.get_data(self.sheet, "F1:I1")[0]
        self.assertAlmostEqual(got[0], 0.9979, delta=5e-5)
        self.assertAlmostEqual(got[1], 25.46, delta=0.01)
        self.assertAlmostEqual(got[2], 6.206, delta=5e-4)
        self.assertAlmostEqual(got[3], 6.253, delta=5e-4)
        self.assertAlmostEqual(got[0], ref.pnbd_palive(26, 30.86, 31, 0.5534, 10.5802, 0.6061, 11.6562), places=9)
        self.assertAlmostEqual(got[1], ref.pnbd_expected_purchases(52, 26, 30.86, 31, *fitted), places=8)
        for value, x in zip(got[2:4], (132, 133)):
            self.assertAlmostEqual(value, ref.pnbd_expected_purchases(10, x, 200, 200, 0.55, 10.58, 0.61, 11.67),
                                   places=8)
        self.assertAlmostEqual(got[4], ref.pnbd_palive(0, 0, 38.86, *fitted), places=9)
        self.assertLess(got[4], 1.0)  # unlike BG/NBD, a customer without repeat purchases may have dropped out
        self.assertAlmostEqual(got[5], ref.pnbd_palive(2, 5, 38.86, *fitted), places=9)

    def test_pareto_nbd_is_smooth_where_naive_terms_overflow(self):
        xs = list(range(120, 146))
        crmoffice.set_formulas(self.sheet, "N1", [["=CRM_PNBD_EXPECTED_PURCHASES(10;%d;200;200;0.55;10.58;0.61;11.67)"
                                                   % x, "=CRM_PNBD_EXPECTED_PURCHASES(10;%d;150;200;0.55;10.58;0.61;11.67)"
                                                   % x] for x in xs])
        got = crmoffice.get_data(self.sheet, "N1:O%d" % len(xs))
        for (at_end, silent), x in zip(got, xs):
            self.assertAlmostEqual(at_end, ref.pnbd_expected_purchases(10, x, 200, 200, 0.55, 10.58, 0.61, 11.67),
                                   places=8)
            self.assertTrue(0 <= silent < at_end, (x, silent, at_end))  # 50 silent weeks lower the expectation
        steps = [b[0] - a[0] for a, b in zip(got, got[1:])]
        self.assertTrue(all(0.04 < s < 0.055 for s in steps), steps)  # one purchase more: a steady increase

    def test_mbgnbd_fit_gives_the_published_estimates(self):
        estimates, errors = crmoffice.get_data(self.sheet, "F4:I5")
        for value, published in zip(estimates, MBGNBD):
            self.assertLess(relative(value, published), 0.005, estimates)
        independent = ref.fit_mbgnbd(self.x, self.t_x, self.T)
        for value, other in zip(estimates, independent):
            self.assertLess(relative(value, other), 2e-3, (estimates, independent))
        observed = ref.standard_errors(lambda p: ref.mbgnbd_log_likelihood(p, self.x, self.t_x, self.T),
                                       list(estimates))
        for value, other in zip(errors, observed):
            self.assertIsInstance(value, float)
            self.assertLess(relative(value, other), 0.01, (errors, observed))

    def test_a_third_row_and_a_fifth_column_are_na(self):
        block = crmoffice.get_data(self.sheet, "F9:I10")
        self.assertEqual(block, crmoffice.get_data(self.sheet, "F4:I5"))
        for name in ("F11", "I11", "J9", "J10"):
            self.assertEqual(crmoffice.cell_text(crmoffice.cell(self.sheet, name)), "#N/A", name)

    def test_mbgnbd_p_alive_and_expectations(self):
        fitted = crmoffice.get_data(self.sheet, "F4:I4")[0]
        cases = [(0, 0, 38.86), (2, 30.43, 38.86), (2, 5, 38.86), (26, 30.86, 31), (7, 35.0, 38.0)]
        crmoffice.set_formulas(self.sheet, "Q1", [[
            "=CRM_MBGNBD_PALIVE(%r;%r;%r;$F$4;$G$4;$H$4;$I$4)" % c,
            "=CRM_MBGNBD_EXPECTED_PURCHASES(39;%r;%r;%r;$F$4;$G$4;$H$4;$I$4)" % c] for c in cases])
        got = crmoffice.get_data(self.sheet, "Q1:R%d" % len(cases))
        for (alive, expected), case in zip(got, cases):
            self.assertAlmostEqual(alive, ref.mbgnbd_palive(*case, *fitted), places=9, msg=case)
            self.assertAlmostEqual(expected, ref.mbgnbd_expected_purchases(39, *case, *fitted), places=8, msg=case)
        self.assertLess(got[0][0], 1.0)  # MBG/NBD: dropping out right after the first purchase is possible

    def test_errors_are_err502(self):
        cases = [
            "=CRM_PNBD_PALIVE(2;40;39;0.55;10.58;0.61;11.67)",               # t_x > T
            "=CRM_PNBD_PALIVE(-1;0;39;0.55;10.58;0.61;11.67)",               # a negative count
            "=CRM_PNBD_PALIVE(2;30;39;0.55;0;0.61;11.67)",                   # a parameter <= 0
            "=CRM_PNBD_EXPECTED_PURCHASES(-1;2;30;39;0.55;10.58;0.61;11.67)",  # t < 0
            "=CRM_PNBD_FIT(A2:A10;B2:B9;C2:C10)",                            # ranges of different sizes
            "=CRM_PNBD_FIT(Z1:Z3;Z1:Z3;Z1:Z3)",                              # no customer
            "=CRM_PNBD_FIT(A2:A10;B2:B10;C2:C10;-1)",                        # a negative penalty
            "=CRM_MBGNBD_PALIVE(2;40;39;0.52;6.18;0.89;1.61)",
            "=CRM_MBGNBD_EXPECTED_PURCHASES(39;2;30;39;0.52;6.18;-0.89;1.61)",
            "=CRM_MBGNBD_FIT(A2:A10;B2:B10;C2:C9)",
        ]
        crmoffice.set_formulas(self.sheet, "T1", [[f] for f in cases])
        for i, formula in enumerate(cases):
            self.assertEqual(crmoffice.cell_error(crmoffice.cell(self.sheet, "T%d" % (i + 1))), 502, formula)


class BgbbOnDonations(OfficeTestCase):
    """The donations patterns in A2:D23 (x, t_x, n, donors), BG/BB with counts."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rows, (cls.x, cls.t_x, cls.n, cls.counts) = donations()
        last = len(cls.rows) + 1
        cls.doc = cls.office.new_calc()
        sheet = cls.sheet = cls.doc.Sheets.getByIndex(0)
        crmoffice.set_data(sheet, "A1", [["x", "t_x", "n", "donors"]] + cls.rows)
        sheet.getCellRangeByName("F1:I2").setArrayFormula(
            "=CRM_BGBB_FIT(A2:A%d;B2:B%d;C2:C%d;D2:D%d)" % (last, last, last, last))
        sheet.getCellRangeByName("F4:I4").setArrayFormula(
            "=CRM_BGBB_FIT(A2:A%d;B2:B%d;C2:C%d;D2:D%d;0.01)" % (last, last, last, last))
        cls.last = last
        crmoffice.recalc_all(cls.doc)

    @classmethod
    def tearDownClass(cls):
        cls.close(cls.doc)
        super().tearDownClass()

    def test_fit_with_counts_gives_the_published_estimates(self):
        estimates, errors = crmoffice.get_data(self.sheet, "F1:I2")
        for value, published in zip(estimates, BGBB):
            self.assertLess(relative(value, published), 0.005, estimates)
        independent = ref.fit_bgbb(self.x, self.t_x, self.n, self.counts)
        for value, other in zip(estimates, independent):
            self.assertLess(relative(value, other), 2e-3, (estimates, independent))
        observed = ref.standard_errors(lambda p: ref.bgbb_log_likelihood(p, self.x, self.t_x, self.n, self.counts),
                                       list(estimates))
        for value, other in zip(errors, observed):
            self.assertIsInstance(value, float)
            self.assertLess(relative(value, other), 0.01, (errors, observed))

    def test_penalised_fit_matches_an_independent_one(self):
        got = crmoffice.get_data(self.sheet, "F4:I4")[0]
        independent = ref.fit_bgbb(self.x, self.t_x, self.n, self.counts, penalty=0.01)
        for value, other in zip(got, independent):
            self.assertLess(relative(value, other), 5e-3, (got, independent))

    def test_one_row_per_donor_is_the_same_fit_as_counts(self):
        """Without count_range each row is one customer: 300 donors written out give the fit of their counts."""
        doc, sheet = self.new_sheet()
        patterns = [(0, 0, 6, 120), (1, 1, 6, 40), (2, 5, 6, 30), (3, 6, 6, 35), (6, 6, 6, 45), (4, 4, 6, 30)]
        crmoffice.set_data(sheet, "A1", [[float(x), float(t), float(n)] for x, t, n, c in patterns for _ in range(c)])
        crmoffice.set_data(sheet, "E1", [[float(v) for v in p] for p in patterns])
        sheet.getCellRangeByName("J1:M1").setArrayFormula("=CRM_BGBB_FIT(A1:A300;B1:B300;C1:C300)")
        sheet.getCellRangeByName("J2:M2").setArrayFormula("=CRM_BGBB_FIT(E1:E6;F1:F6;G1:G6;H1:H6)")
        crmoffice.recalc_all(doc)
        rows, counted = crmoffice.get_data(sheet, "J1:M2")
        independent = ref.fit_bgbb(*[[float(p[k]) for p in patterns] for k in range(4)])
        for a, b, c in zip(rows, counted, independent):
            self.assertLess(relative(a, b), 1e-6, (rows, counted))
            self.assertLess(relative(a, c), 5e-3, (rows, independent))

    def test_published_p_alive_and_expected_transactions(self):
        crmoffice.set_formulas(self.sheet, "K1", [
            ["=CRM_BGBB_PALIVE(0;0;6;1.204;0.750;0.657;2.783)"],
            ["=CRM_BGBB_PALIVE(2;4;6;1.204;0.750;0.657;2.783)"],
            ["=CRM_BGBB_PALIVE(6;6;6;1.204;0.750;0.657;2.783)"]])
        crmoffice.set_formulas(self.sheet, "L2", [["=D2*CRM_BGBB_EXPECTED_PURCHASES(5;A2;B2;C2;$F$1;$G$1;$H$1;$I$1)"]])
        crmoffice.fill_down(self.sheet, "L2", self.last)
        crmoffice.cell(self.sheet, "M1").setFormula("=SUM(L2:L%d)" % self.last)
        crmoffice.recalc_all(self.doc)
        alive = [r[0] for r in crmoffice.get_data(self.sheet, "K1:K3")]
        for value, published, (x, t_x) in zip(alive, (0.11, 0.59, 0.93), ((0, 0), (2, 4), (6, 6))):
            self.assertAlmostEqual(value, published, delta=0.005)
            self.assertAlmostEqual(value, ref.bgbb_palive(x, t_x, 6, 1.204, 0.750, 0.657, 2.783), places=9)
        total = crmoffice.get_data(self.sheet, "M1")[0][0]
        self.assertAlmostEqual(total, 12884.2, delta=0.5)
        fitted = crmoffice.get_data(self.sheet, "F1:I1")[0]
        per_row = [r[0] for r in crmoffice.get_data(self.sheet, "L2:L%d" % self.last)]
        for value, (x, t_x, n, c) in zip(per_row, self.rows):
            self.assertAlmostEqual(value, c * ref.bgbb_expected_purchases(5, x, t_x, n, *fitted), places=6)

    def test_errors_are_err502(self):
        doc, sheet = self.new_sheet()
        cases = [
            "=CRM_BGBB_PALIVE(1.5;3;6;1.2;0.75;0.66;2.78)",    # x not a whole number
            "=CRM_BGBB_PALIVE(2;4;6.5;1.2;0.75;0.66;2.78)",    # n not a whole number
            "=CRM_BGBB_PALIVE(7;7;6;1.2;0.75;0.66;2.78)",      # x > n
            "=CRM_BGBB_PALIVE(2;1;6;1.2;0.75;0.66;2.78)",      # t_x < x
            "=CRM_BGBB_PALIVE(-1;0;6;1.2;0.75;0.66;2.78)",     # a negative count
            "=CRM_BGBB_PALIVE(2;4;6;1.2;0;0.66;2.78)",         # a parameter <= 0
            "=CRM_BGBB_EXPECTED_PURCHASES(-1;2;4;6;1.2;0.75;0.66;2.78)",
            "=CRM_BGBB_FIT({1;2};{1;2;3};{6;6;6})",            # ranges of different sizes
            "=CRM_BGBB_FIT({1;2;3};{1;2;3};{6;6;6};{1;1})",    # counts of another size
            "=CRM_BGBB_FIT({1;2;3};{1;2;3};{6;6;6};;-0.5)",    # a negative penalty
        ]
        crmoffice.set_formulas(sheet, "A1", [[f] for f in cases])
        crmoffice.recalc_all(doc)
        for i, formula in enumerate(cases):
            self.assertEqual(crmoffice.cell_error(crmoffice.cell(sheet, "A%d" % (i + 1))), 502, formula)


if __name__ == "__main__":
    unittest.main()
