"""The README's main job on the bundled sample: analysis, visit plan and calendar written, the source untouched."""
import csv
import hashlib
import os
import re
import subprocess
import sys
import tempfile
import unittest

from common import OfficeTestCase, ROOT, crmoffice
import spec_reference as spec

SAMPLE = os.path.join(ROOT, "samples", "customers.ods")


def digest(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


class MainJob(OfficeTestCase):
    def test_sample_outputs(self):
        before = digest(SAMPLE)
        with tempfile.TemporaryDirectory() as out:
            run = subprocess.run([sys.executable, os.path.join(ROOT, "tools", "crm_run.py"), SAMPLE, "--out", out,
                                  "--year", "2027"], capture_output=True, text=True, timeout=900)
            self.assertEqual(run.returncode, 0, run.stdout + run.stderr)
            tiers = re.search(r"tiers: A (\d+), B (\d+), C (\d+)", run.stdout)
            visits = re.search(r"visits planned: (\d+) .*unvisited customers: (\d+), total (\d+) km", run.stdout)
            self.assertIsNotNone(tiers, run.stdout)
            self.assertIsNotNone(visits, run.stdout)
            for name in ("customers-crm.ods", "visits.ics", "visits.csv"):
                self.assertTrue(os.path.exists(os.path.join(out, name)), name)
            with open(os.path.join(out, "visits.ics"), "rb") as f:
                ics = f.read()
            with open(os.path.join(out, "visits.csv"), newline="", encoding="utf-8") as f:
                csv_rows = list(csv.reader(f))
        self.assertEqual(digest(SAMPLE), before, "the source file must not change")
        # Independent check of the tiers: the spec's rule on the sample's latest sales column.
        sample = self.office.load(SAMPLE)
        self.addCleanup(self.close, sample)
        sheet = sample.Sheets.getByIndex(0)
        self.assertEqual(crmoffice.get_data(sheet, "J1:J1")[0][0], "Sales 2025")
        sales = [r[0] for r in crmoffice.get_data(sheet, "J2:J301")]
        expected = [spec.pareto_tier(v, sales) for v in sales]
        self.assertEqual([int(g) for g in tiers.groups()], [expected.count(t) for t in "ABC"])
        # Every customer visited: 12 / 4 / 1 visits by tier, one calendar event and one CSV row each.
        planned, unvisited = int(visits.group(1)), int(visits.group(2))
        self.assertEqual(unvisited, 0)
        self.assertEqual(planned, 12 * expected.count("A") + 4 * expected.count("B") + expected.count("C"))
        self.assertEqual(ics.count(b"BEGIN:VEVENT\r\n"), planned)
        self.assertEqual(len(csv_rows), planned + 1)
        self.assertTrue(ics.startswith(b"BEGIN:VCALENDAR\r\n"))
        self.assertTrue(all(len(line) <= 75 for line in ics.split(b"\r\n")))


if __name__ == "__main__":
    unittest.main()
