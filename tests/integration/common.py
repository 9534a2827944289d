"""Shared setup of the office tests: where the built extension is, and one office per test class."""
import os
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(HERE)), "tools"))  # crmoffice.py, crmpaths.py

import crmpaths  # noqa: E402
from crmpaths import BUILD, OXT, ROOT, data  # noqa: E402,F401

# The client side of the UNO bridge must know the extension's own types, or
# receiving one of its objects (e.g. org.calccrm.Functions for diagnostics)
# disposes the bridge. Set before uno is first imported. (test_untyped_client
# runs its client in a process without this, as an outside script would.)
crmpaths.know_extension_types()

import crmoffice  # noqa: E402  (needs /usr/bin/python3 with uno)


def _keep_uno_tracebacks():
    """pyuno's exceptions refuse unittest's traceback clean-up (they cannot take
    a __traceback__ attribute), which turns a test error into a crash of the
    runner; keep the raw traceback instead."""
    original = unittest.result.TestResult._clean_tracebacks

    def clean(self, exctype, value, tb, test):
        try:
            return original(self, exctype, value, tb, test)
        except Exception:
            return tb

    unittest.result.TestResult._clean_tracebacks = clean


_keep_uno_tracebacks()


class OfficeTestCase(unittest.TestCase):
    """Starts one office with the built extension for the whole class."""

    locale = "en-US"

    @classmethod
    def setUpClass(cls):
        if not os.path.exists(OXT):
            raise unittest.SkipTest("build/calc-crm.oxt is missing: build the 'oxt' target first")
        cls.office = crmoffice.Office(oxt=OXT, locale=cls.locale)
        cls.office.__enter__()

    @classmethod
    def tearDownClass(cls):
        cls.office.__exit__(None, None, None)

    def new_sheet(self):
        """A new visible (undo-recording) spreadsheet and its first sheet."""
        doc = self.office.new_calc()
        self.addCleanup(self.close, doc)
        return doc, doc.Sheets.getByIndex(0)

    @staticmethod
    def close(doc):
        try:
            doc.setModified(False)
            doc.close(True)
        except Exception:
            pass
