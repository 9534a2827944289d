"""The README's main job on the bundled sample: tiers printed and saved, the source file untouched."""
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
    return hashlib.sha256(open(path, "rb").read()).hexdigest()


class MainJob(OfficeTestCase):
    def test_sample_tiers_are_printed_and_saved(self):
        before = digest(SAMPLE)
        with tempfile.TemporaryDirectory() as out:
            run = subprocess.run([sys.executable, os.path.join(ROOT, "tools", "crm_run.py"), SAMPLE, "--out", out],
                                 capture_output=True, text=True, timeout=600)
            self.assertEqual(run.returncode, 0, run.stderr)
            printed = {m.group(1): int(m.group(2)) for m in re.finditer(r"tier ([ABC]):\s+(\d+) customers", run.stdout)}
            result = os.path.join(out, "customers-crm.ods")
            self.assertTrue(os.path.exists(result))
            doc = self.office.load(result)
            self.addCleanup(self.close, doc)
            tiers = doc.Sheets.getByName("Tiers")
            saved = crmoffice.get_data(tiers, "C2:D301")
        self.assertEqual(digest(SAMPLE), before, "the source file must not change")
        # Independent check: the spec's rule on the sample's latest sales column.
        sample = self.office.load(SAMPLE)
        self.addCleanup(self.close, sample)
        sheet = sample.Sheets.getByIndex(0)
        self.assertEqual(crmoffice.get_data(sheet, "J1:J1")[0][0], "Sales 2025")
        sales = [r[0] for r in crmoffice.get_data(sheet, "J2:J301")]
        expected = [spec.pareto_tier(v, sales) for v in sales]
        self.assertEqual([r[1] for r in saved], expected)
        self.assertEqual(printed, {t: expected.count(t) for t in "ABC"})


if __name__ == "__main__":
    unittest.main()
