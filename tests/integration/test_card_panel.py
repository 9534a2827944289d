"""The Customer panel (issue 16, item 1) in a real Calc window under Xvfb: it says plainly that the document has no
analysis yet, then shows the card of the customer in the selected row and follows the selection from sheet to sheet
(Customers, the customer sheet, the orders, the schedule); screenshot in build/screenshots/sidebar-card.png.

Needs an X display; ctest runs it as
    xvfb-run -a -s "-screen 0 1280x1300x24" /usr/bin/python3 -m unittest -v test_card_panel
"""
import json
import os
import shutil
import subprocess
import tempfile
import time
import unittest

from common import BUILD, ROOT
from crmoffice import Office, as_dict, props, screenshot

SAMPLE = os.path.join(ROOT, "samples", "customers.ods")
SHOTS = os.path.join(BUILD, "screenshots")
SCREEN = (1280, 1300)
DECK = "CalcCrmCustomersDeck"
WIZARD = "CalcCrmCustomersPanel"
CARD = "CalcCrmCustomerCardPanel"
with open(os.path.join(ROOT, "idl", "functions.json"), encoding="utf-8") as f:
    STRINGS = json.load(f)["strings"]


def wait_for(what, condition, timeout=60.0, step=0.25):
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            last = condition()
        except Exception as e:  # not there yet
            last = e
        if last and not isinstance(last, Exception):
            return last
        time.sleep(step)
    raise AssertionError("timed out waiting for %s (last: %r)" % (what, last))


def text(value):
    if isinstance(value, float) and value == int(value):
        return str(int(value))
    return str(value)


@unittest.skipUnless(os.environ.get("DISPLAY"), "needs DISPLAY: run under xvfb-run")
class CustomerCardPanel(unittest.TestCase):
    def in_sample(self, locale, body):
        """Runs body(office, doc) on a copy of the sample in a visible office of `locale`."""
        tmp = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, tmp, True)
        path = os.path.join(tmp, "customers.ods")
        shutil.copy(SAMPLE, path)
        with Office(oxt=os.path.join(BUILD, "calc-crm.oxt"), locale=locale, visible=True) as office:
            doc = office.load(path)
            try:
                body(office, doc)
            finally:
                doc.setModified(False)
                doc.close(True)

    def test_card_follows_the_selection(self):
        self.in_sample("en-US", self.check)

    def test_french_titles_and_sentences(self):
        def french(office, doc):
            card, content = self.open_card(office, doc)
            self.assertEqual(card.getTitle(), STRINGS["card_panel_title"]["fr"])
            controller = doc.getCurrentController()
            controller.select(doc.Sheets.getByName("Customers").getCellRangeByName("B5"))
            wait_for("the French no-analysis sentence", lambda: "n'a pas encore d'analyse" in content())
        self.in_sample("fr-FR", french)

    def open_card(self, office, doc):
        """Opens the deck with the Customer panel expanded; returns the panel and a function giving its text."""
        controller = doc.getCurrentController()
        window = controller.getFrame().getContainerWindow()
        window.setPosSize(0, 0, SCREEN[0], SCREEN[1], 15)
        window.setVisible(True)
        with office.guard("open the deck"):
            sidebar = controller.getSidebar()
            sidebar.setVisible(True)
            deck = sidebar.getDecks().getByName(DECK)
            deck.activate(True)
        panels = deck.getPanels()
        self.assertIn(CARD, panels.getElementNames())
        card = wait_for("the Customer panel", lambda: panels.getByName(CARD))
        panels.getByName(WIZARD).expand(False)
        card.expand(True)
        shown = wait_for("the card's text", lambda: card.getDialog())
        return card, lambda: shown.getModel().Text

    def check(self, office, doc):
        controller = doc.getCurrentController()
        card, content = self.open_card(office, doc)
        self.assertEqual(card.getTitle(), STRINGS["card_panel_title"]["en-US"])  # an empty title: it failed to build

        # No analysis yet: said plainly.
        source = doc.Sheets.getByName("Customers")
        controller.select(source.getCellRangeByName("B5"))
        wait_for("the no-analysis sentence", lambda: "no analysis yet" in content())

        jobs = office.smgr.createInstanceWithContext("org.calccrm.CustomerJobs", office.ctx)
        run = as_dict(jobs.analyze(doc, ()))
        plan = as_dict(jobs.planVisits(doc, props(Year=2027)))
        out = doc.Sheets.getByName(run["CustomersSheet"])

        def expect(sheet, cell, cid):
            controller.setActiveSheet(sheet)
            controller.select(sheet.getCellRangeByName(cell))
            want = as_dict(jobs.customerCard(doc, cid, ()))
            first = "%s  (%s)" % (want["Name"], cid)
            return wait_for("the card of %s" % cid, lambda: content() if content().startswith(first) else None)

        # A row of the Customers sheet: the record, tier and why, model values, orders, visits, profile.
        cid = text(out.getCellRangeByName("A8").getDataArray()[0][0])
        shown_text = expect(out, "C8", cid)
        want = as_dict(jobs.customerCard(doc, cid, ()))
        self.assertIn("Tier: %s" % want["Tier"], shown_text)
        self.assertIn("Why this tier: %s" % want["TierReason"], shown_text)
        self.assertIn("P(active): %.0f %%" % (100 * want["PActive"]), shown_text)
        self.assertIn("Last orders (of %d)" % want["Orders"], shown_text)
        self.assertIn("Next visits (%d)" % want["NextVisitsCount"], shown_text)
        self.assertIn("Profile", shown_text)
        self.assertIn("Referrals: ", shown_text)
        os.makedirs(SHOTS, exist_ok=True)
        time.sleep(1.0)  # the last repaint
        full = os.path.join(SHOTS, "sidebar-card-window.png")
        screenshot(full)
        location = card.getDialog().getPeer().getAccessibleContext().getLocationOnScreen()
        x = max(location.X - 12, 0)
        crop = os.path.join(SHOTS, "sidebar-card.png")
        subprocess.run(["convert", full, "-crop", "%dx%d+%d+0" % (SCREEN[0] - x, 900, x), "+repage", crop], check=True)

        # Moving the selection: a row of the orders, of the schedule, of the customer sheet.
        tx = doc.Sheets.getByName("Transactions")
        expect(tx, "B40", text(tx.getCellRangeByName("A40").getDataArray()[0][0]))
        schedule = doc.Sheets.getByName(plan["ScheduleSheet"])
        expect(schedule, "A3", text(schedule.getCellRangeByName("E3").getDataArray()[0][0]))
        expect(source, "D12", text(source.getCellRangeByName("A12").getDataArray()[0][0]))
        # The header row holds no customer: the panel says so.
        controller.select(source.getCellRangeByName("A1"))
        wait_for("the header row's sentence", lambda: "holds no customer of the analysis" in content())


if __name__ == "__main__":
    unittest.main()
