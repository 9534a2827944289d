"""detectColumns and the Columns option of the job service, in a real Calc: what the panel shows and changes."""
import unittest

from common import crmoffice
from crmoffice import as_dict, props
import spec_reference as spec
from com.sun.star.lang import IllegalArgumentException
from test_jobs import JobsTestCase

ROLES = ["id", "name", "sales", "sales_previous", "sales_before", "cost", "rep", "region", "city", "postal_code",
         "country", "latitude", "longitude", "last_visit", "orders", "visit_days", "opening_hours"]


class ColumnsTestCase(JobsTestCase):
    def columns(self, **roles):
        """The Columns option: role → header text or index."""
        return props(**roles)


class DetectColumns(ColumnsTestCase):
    def test_the_sample_sheet(self):
        doc = self.load_sample()
        found = as_dict(self.jobs().detectColumns(doc, ()))
        self.assertEqual(found["CustomerSheet"], "Customers")
        self.assertEqual(found["TransactionSheet"], "Transactions")
        self.assertEqual(tuple(found["Sheets"]), ("Customers", "Transactions"))
        self.assertTrue(found["HasCustomers"])
        self.assertEqual(found["HeaderRow"], 0)
        headers = crmoffice.get_data(doc.Sheets.getByName("Customers"), "A1:Q1")[0]
        self.assertEqual(list(found["Headers"]), headers)
        self.assertEqual(list(found["Roles"]), ROLES)
        columns = as_dict(found["Columns"])
        expected = {"id": "ID", "name": "Name", "city": "City", "region": "Region", "latitude": "Latitude",
                    "longitude": "Longitude", "rep": "Sales rep", "sales": "Sales 2025", "sales_previous": "Sales 2024",
                    "sales_before": "Sales 2023", "cost": "Cost 2025", "last_visit": "Last visit",
                    "orders": "Orders per year"}
        self.assertEqual({role: headers[index] for role, index in columns.items()}, expected)
        self.assertEqual(as_dict(found["ColumnHeaders"]), expected)
        tx = as_dict(found["TransactionColumns"])
        self.assertEqual((tx["customer_id"], tx["date"], tx["amount"]), (0, 1, 2))
        self.assertEqual(tuple(found["Problems"]), ())

    def test_a_named_sheet_and_overrides_and_no_transactions(self):
        doc = self.load_sample()
        found = as_dict(self.jobs().detectColumns(doc, props(
            CustomerSheet="Customers", TransactionSheet="",
            Columns=self.columns(sales="Sales 2024", cost="", city=-1, region=2))))
        self.assertEqual(found["TransactionSheet"], "")
        columns = as_dict(found["Columns"])
        self.assertEqual(columns["sales"], 8)  # "Sales 2024" is column I
        self.assertEqual(columns["region"], 2)
        self.assertNotIn("cost", columns)
        self.assertNotIn("city", columns)

    def test_a_sheet_without_customers_is_shown_not_refused(self):
        doc = self.load_sample()
        doc.Sheets.insertNewByName("Notes", 2)
        crmoffice.set_data(doc.Sheets.getByName("Notes"), "A1", [["Who", "What"], ["Ann", "call back"]])
        found = as_dict(self.jobs().detectColumns(doc, props(CustomerSheet="Notes")))
        self.assertEqual(found["CustomerSheet"], "Notes")
        self.assertFalse(found["HasCustomers"])
        self.assertEqual(list(found["Headers"]), ["Who", "What"])
        self.assertNotIn("sales", as_dict(found["Columns"]))
        self.assertTrue(any("sales" in p for p in found["Problems"]), found["Problems"])
        with self.assertRaises(IllegalArgumentException):
            self.jobs().detectColumns(doc, props(CustomerSheet="Nope"))
        with self.assertRaises(IllegalArgumentException):
            self.jobs().detectColumns(doc, props(Colour="red"))

    def test_an_empty_document(self):
        doc, _ = self.new_sheet()
        found = as_dict(self.jobs().detectColumns(doc, ()))
        self.assertFalse(found["HasCustomers"])
        self.assertEqual(tuple(found["Headers"]), ())
        self.assertEqual(as_dict(found["Columns"]), {})


class ColumnsOption(ColumnsTestCase):
    def test_analyze_reads_the_chosen_sales_column(self):
        doc = self.load_sample()
        source = doc.Sheets.getByName("Customers")
        before = crmoffice.get_data(source, "A1:Q301")
        # By header text (folded: case does not matter) and by index: the same choice.
        for chosen in ("sales 2024", 8):
            result = as_dict(self.jobs().analyze(doc, props(Columns=self.columns(sales=chosen))))
            out = doc.Sheets.getByName(result["CustomersSheet"])
            got = [r[0] for r in crmoffice.get_data(out, "C2:C301")]
            previous = [r[0] for r in crmoffice.get_data(source, "I2:I301")]
            self.assertEqual(got, previous)
            expected = [spec.pareto_tier(v, previous) for v in previous]
            self.assertEqual(tuple(result["TierCounts"]), tuple(expected.count(t) for t in "ABC"))
            self.assertEqual([r[0] for r in crmoffice.get_data(out, "H2:H301")], expected)
        self.assertEqual(crmoffice.get_data(source, "A1:Q301"), before)

    def test_a_role_set_to_none_is_not_read(self):
        doc = self.load_sample()
        with_cost = as_dict(self.jobs().analyze(doc, props(TransactionSheet="")))
        without = as_dict(self.jobs().analyze(doc, props(TransactionSheet="", Columns=self.columns(cost=""))))
        profit = lambda name: [r[0] for r in crmoffice.get_data(doc.Sheets.getByName(name), "L2:L301")]
        self.assertTrue(all(isinstance(v, float) for v in profit(with_cost["CustomersSheet"])))
        self.assertEqual(set(profit(without["CustomersSheet"])), {""})
        # TransactionSheet "" means no purchase history: the RFM columns stay empty.
        rfm = crmoffice.get_data(doc.Sheets.getByName(without["CustomersSheet"]), "Y2:Y301")
        self.assertEqual({r[0] for r in rfm}, {""})

    def test_plan_visits_takes_columns_too(self):
        doc = self.load_sample()
        # Without a rep column every customer belongs to one rep: the schedule names no rep of the sheet.
        result = as_dict(self.jobs().planVisits(doc, props(Year=2027, VisitsA=1, VisitsB=1, VisitsC=1,
                                                           Columns=self.columns(rep=""))))
        schedule = doc.Sheets.getByName(result["ScheduleSheet"])
        reps = {r[0] for r in crmoffice.get_data(schedule, "C2:C%d" % (result["VisitsPlanned"] + 1))}
        source_reps = {r[0] for r in crmoffice.get_data(doc.Sheets.getByName("Customers"), "G2:G301")}
        # One rep from one base cannot reach customers all over France within a working day: those are
        # named as too far, the others planned once each.
        self.assertEqual(result["VisitsPlanned"] + result["VisitsUnscheduled"], 300)
        self.assertGreater(result["VisitsPlanned"], 0)
        self.assertTrue(any("too far from the start location" in p for p in result["Problems"]), result["Problems"])
        self.assertEqual(len(reps), 1)
        self.assertFalse(reps & source_reps)

    def test_bad_columns_are_refused_in_plain_words(self):
        doc = self.load_sample()
        cases = [
            (self.columns(bogus="ID"), "'bogus' is not a column role"),
            (self.columns(sales="Turnover"), "no column headed 'Turnover'"),
            (self.columns(sales=99), "column 99 for sales is outside the sheet 'Customers' (0 to 16)"),
            (self.columns(sales=1.5), "column 1.5 for sales"),
            (self.columns(sales=True), "must be a header text or a column number"),
            ("sales", "must be a list of named values"),
        ]
        for columns, message in cases:
            for job in (self.jobs().analyze, self.jobs().planVisits, self.jobs().detectColumns):
                with self.subTest(columns=columns, job=job):
                    with self.assertRaises(IllegalArgumentException) as caught:
                        job(doc, props(CustomerSheet="Customers", Columns=columns))
                    self.assertIn(message, caught.exception.Message)


class ColumnsOptionInFrench(ColumnsTestCase):
    locale = "fr-FR"

    def test_bad_columns_are_refused_in_french(self):
        doc = self.load_sample()
        with self.assertRaises(IllegalArgumentException) as caught:
            self.jobs().analyze(doc, props(Columns=self.columns(ventes="CA")))
        self.assertIn("« ventes » n'est pas un rôle de colonne", caught.exception.Message)
        with self.assertRaises(IllegalArgumentException) as caught:
            self.jobs().analyze(doc, props(CustomerSheet="Customers", Columns=self.columns(sales="CA 2030")))
        self.assertIn("la feuille « Customers » n'a pas de colonne intitulée « CA 2030 »", caught.exception.Message)


if __name__ == "__main__":
    unittest.main()
