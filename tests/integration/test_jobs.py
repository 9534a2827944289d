"""The job service org.calccrm.CustomerJobs in a real Calc: analyze on the sample, one undo step, source untouched."""
import os
import shutil
import tempfile
import unittest

from common import OfficeTestCase, ROOT, crmoffice
import spec_reference as spec
import uno
from com.sun.star.lang import IllegalArgumentException

SAMPLE = os.path.join(ROOT, "samples", "customers.ods")


def props(**kw):
    out = []
    for name, value in kw.items():
        p = uno.createUnoStruct("com.sun.star.beans.PropertyValue")
        p.Name = name
        p.Value = value
        out.append(p)
    return tuple(out)


def result_dict(values):
    return {p.Name: p.Value for p in values}


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

    def test_count_method_and_bad_options(self):
        doc = self.load_sample()
        result = result_dict(self.jobs().analyze(doc, props(Method="count", AShare=0.2, BShare=0.5)))
        sales = [r[0] for r in crmoffice.get_data(doc.Sheets.getByName("Customers"), "J2:J301")]
        expected = [spec.count_tier(v, sales) for v in sales]
        self.assertEqual(tuple(result["TierCounts"]), tuple(expected.count(t) for t in "ABC"))
        for bad in (props(Method="magic"), props(AShare=0.9, BShare=0.5), props(Colour="red"),
                    props(CustomerSheet="Nope")):
            with self.assertRaises(IllegalArgumentException):
                self.jobs().analyze(doc, bad)

    def test_sheets_without_customers_give_clear_errors(self):
        doc, sheet = self.new_sheet()
        with self.assertRaises(IllegalArgumentException) as caught:
            self.jobs().analyze(doc, props())
        self.assertIn("sales", caught.exception.Message)
        crmoffice.set_data(sheet, "A1", [["ID", "Name", "Sales 2025"]])  # headers only
        with self.assertRaises(IllegalArgumentException):
            self.jobs().analyze(doc, props())


class AnalyzeInFrench(JobsTestCase):
    locale = "fr-FR"

    def test_output_names_are_french(self):
        doc = self.load_sample()
        result = result_dict(self.jobs().analyze(doc, props()))
        self.assertEqual(result["CustomersSheet"], "Clients")
        self.assertEqual(result["SummarySheet"], "Synthèse")
        out = doc.Sheets.getByName("Clients")
        self.assertEqual(crmoffice.get_data(out, "H1:H1")[0][0], "Catégorie")


if __name__ == "__main__":
    unittest.main()
