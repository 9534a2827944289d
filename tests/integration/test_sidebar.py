"""The Customers deck in a real Calc window under Xvfb: the panel builds, lays out, drives and cancels the jobs; screenshots.

Needs an X display; ctest runs it as
    xvfb-run -a -s "-screen 0 1280x1300x24" /usr/bin/python3 -m unittest -v test_sidebar
Screenshots are kept in build/screenshots/ (tools/screenshots.sh copies them to docs/images/ for the README).
"""
import json
import os
import re
import shutil
import subprocess
import tempfile
import threading
import time
import unittest

from common import BUILD, ROOT, crmoffice
from crmoffice import Office, as_dict, props, screenshot

SAMPLE = os.path.join(ROOT, "samples", "customers.ods")
SHOTS = os.path.join(BUILD, "screenshots")
SCREEN = (1280, 1300)  # tall enough to show the whole panel in one screenshot
DECK = "CalcCrmCustomersDeck"
PANEL = "CalcCrmCustomersPanel"
LANG = {"en-US": "en-US", "fr-FR": "fr", "zh-CN": "zh-CN", "zh-TW": "zh-TW"}
with open(os.path.join(ROOT, "idl", "functions.json"), encoding="utf-8") as f:
    STRINGS = json.load(f)["strings"]

# Accessible roles; the documents' and tables' cells (thousands of children) are not walked.
def _role(name):
    import uno
    return uno.getConstantByName("com.sun.star.accessibility.AccessibleRole." + name)


PUSH_BUTTON = _role("PUSH_BUTTON")
SCROLL_BAR = _role("SCROLL_BAR")
def _enabled_state():
    import uno
    return uno.getConstantByName("com.sun.star.accessibility.AccessibleStateType.ENABLED")


ENABLED = _enabled_state()
PRUNED_ROLES = {_role(n) for n in ("TABLE", "DOCUMENT", "DOCUMENT_SPREADSHEET", "DOCUMENT_TEXT", "DOCUMENT_PRESENTATION")}


def plain_name(name):
    """A control's name without the keyboard accelerator the dialog gives it: Chinese labels carry it as "(W)"
    ("导出日历…(Y)"), the others as an underlined letter that the name does not show."""
    return re.sub(r"\([A-Z0-9]\)$", "", name)


def say(key, locale):
    return STRINGS[key][LANG[locale]]


def wait_for(what, condition, timeout=120.0, step=0.25):
    """Polls `condition` until it returns a true value; fails the test with `what` after `timeout`."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            last = condition()
        except Exception as e:  # a control not there yet
            last = e
        if last and not isinstance(last, Exception):
            return last
        time.sleep(step)
    raise AssertionError("timed out waiting for %s (last: %r)" % (what, last))


def accessible_nodes(accessible, limit=20000):
    """The accessible tree under `accessible`, depth first, without the documents' cells."""
    stack = [accessible]
    seen = 0
    while stack and seen < limit:
        node = stack.pop()
        context = node.getAccessibleContext()
        if context is None:
            continue
        seen += 1
        yield context
        if context.getAccessibleRole() in PRUNED_ROLES:
            continue
        count = context.getAccessibleChildCount()
        for i in reversed(range(min(count, 500))):
            stack.append(context.getAccessibleChild(i))


@unittest.skipUnless(os.environ.get("DISPLAY"), "needs DISPLAY: run under xvfb-run")

def assert_drawn_charts(test, crop):
    """A screenshot crop shows drawn charts, not a blank sheet: its pixels vary and it holds colour."""
    spread = subprocess.run(["convert", crop, "-colorspace", "gray", "-format", "%[fx:standard_deviation]", "info:"],
                            stdout=subprocess.PIPE, check=True).stdout.decode()
    test.assertGreater(float(spread), 0.05, crop)
    saturation = subprocess.run(["convert", crop, "-colorspace", "HSL", "-channel", "G", "-separate", "-format",
                                 "%[fx:maxima]", "info:"], stdout=subprocess.PIPE, check=True).stdout.decode()
    test.assertGreater(float(saturation), 0.3, crop)


def press_in_background(button):
    """Presses an accessible `button` on a thread of its own (a press that opens a modal dialog returns only when the
    dialog closes), so that the test thread can fill the dialog in. Returns the thread and a dict that holds the
    press's exception as "error" if it raised one."""
    press, pressed = button.doAccessibleAction, {}  # the method looked up here, on the test thread

    def run():
        try:
            press(0)
        except Exception as e:  # reported to the test thread
            pressed["error"] = e
    presser = threading.Thread(target=run)
    presser.start()
    return presser, pressed

class SidebarPanel(unittest.TestCase):
    """One visible office per UI language, with the installed extension and the sample open."""

    def run_panel(self, locale, plan=False, sheet_switch=False, check=None):
        oxt = os.path.join(BUILD, "calc-crm.oxt")
        tmp = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, tmp, True)
        path = os.path.join(tmp, "customers.ods")
        shutil.copy(SAMPLE, path)
        with Office(oxt=oxt, locale=locale, visible=True) as office:
            doc = office.load(path)
            try:
                if check:
                    check(office, doc, locale)
                else:
                    self.check_panel(office, doc, locale, plan, sheet_switch)
            finally:
                doc.setModified(False)
                doc.close(True)

    def open_panel(self, office, doc, locale):
        """Opens the Customers deck in the document's window; returns (controller, window, panel, dialog)."""
        controller = doc.getCurrentController()
        frame = controller.getFrame()
        window = frame.getContainerWindow()
        window.setPosSize(0, 0, SCREEN[0], SCREEN[1], 15)
        window.setVisible(True)
        with office.guard("open the deck"):
            sidebar = controller.getSidebar()
            sidebar.setVisible(True)
            decks = sidebar.getDecks()
            self.assertIn(DECK, decks.getElementNames())
            deck = decks.getByName(DECK)
            deck.activate(True)
        self.assertEqual(deck.getTitle(), say("deck_title", locale))
        panel = wait_for("the panel", lambda: deck.getPanels().getByName(PANEL))
        # A panel that failed to build shows an empty title and has no window.
        self.assertEqual(panel.getTitle(), say("panel_title", locale))
        panel.expand(True)
        dialog = wait_for("the panel's window", lambda: panel.getDialog())
        return controller, window, panel, dialog

    def panel_buttons(self, dialog):
        """The panel's push buttons in the accessibility tree, by their localized names."""
        return {plain_name(context.getAccessibleName()): context for context in accessible_nodes(dialog.getPeer())
                if context.getAccessibleRole() == PUSH_BUTTON}

    def check_panel(self, office, doc, locale, plan, sheet_switch):
        controller, window, panel, dialog = self.open_panel(office, doc, locale)
        control = dialog.getControl

        # The panel shows what the job service detects on the sample.
        jobs = office.smgr.createInstanceWithContext("org.calccrm.CustomerJobs", office.ctx)
        found = as_dict(jobs.detectColumns(doc, ()))
        customer_list = control("customerSheet")
        wait_for("the sheet list", lambda: customer_list.getItemCount() == 2)
        self.assertEqual(list(customer_list.getItems()), ["Customers", "Transactions"])
        self.assertEqual(customer_list.getSelectedItem(), found["CustomerSheet"])
        self.assertEqual(control("transactionSheet").getSelectedItem(), "Transactions")
        headers = list(found["Headers"])
        for role, index in as_dict(found["ColumnHeaders"]).items():
            self.assertEqual(control("column_" + role).getSelectedItem(), index, role)
        self.assertEqual(control("column_sales").getSelectedItem(), "Sales 2025")
        self.assertEqual(list(control("column_sales").getItems()), [say("choice_none", locale)] + headers)
        self.assertEqual(control("method").getSelectedItemPos(), 0)

        # Nothing is clipped at the sidebar's width: every control inside the panel, every text fits,
        # and the panel inside the deck's visible area (no sideways scrolling).
        self.check_layout(dialog)
        self.check_panel_in_view(dialog)

        # The controls are in the accessibility tree of the window, under their localized names.
        buttons = {}
        for context in accessible_nodes(window):
            if context.getAccessibleRole() == PUSH_BUTTON:
                buttons[plain_name(context.getAccessibleName())] = context
        for key in ("button_analyze", "button_plan", "button_export", "button_cancel"):
            self.assertIn(say(key, locale), buttons)
        # Cancel is there, and disabled while no run is in progress; the run buttons are enabled.
        cancel = self.panel_buttons(dialog)[say("button_cancel", locale)]
        self.assertFalse(cancel.getAccessibleStateSet().contains(ENABLED))
        self.assertFalse(control("cancel").getModel().Enabled)
        for name in ("analyze", "plan", "export"):
            self.assertTrue(control(name).getModel().Enabled, name)

        # Choose the count method (20/30/50) and press Analyze, as a user would.
        control("method").selectItemPos(1, True)
        sheets_before = set(doc.Sheets.getElementNames())
        with office.guard("press Analyze"):
            buttons[say("button_analyze", locale)].doAccessibleAction(0)
        # New sheets with the localized names ("Customers (2)" when the source already bears the name).
        added = wait_for("the output sheets", lambda: (lambda new: new if len(new) == 2 else None)(
            set(doc.Sheets.getElementNames()) - sheets_before))
        customers_name = next(n for n in added if n.startswith(say("sheet_customers", locale)))
        summary_name = next(n for n in added if n.startswith(say("sheet_summary", locale)))
        messages = control("messages")
        summary_re = re.escape(say("msg_analyzed", locale))
        for name in ("customers", "a", "b", "c"):
            summary_re = summary_re.replace(re.escape("{%s}" % name), r"(\d+)")
        summary_re = summary_re.replace(re.escape("{customers_sheet}"), re.escape(customers_name))
        summary_re = summary_re.replace(re.escape("{summary_sheet}"), re.escape(summary_name))
        match = wait_for("the summary in the panel", lambda: re.search(summary_re, messages.getText()), timeout=60)
        counts = [int(g) for g in match.groups()]
        # The count method reached the job: the top 20 % of 300 customers are A (Pareto would give 54).
        tiers = [r[0] for r in crmoffice.get_data(doc.Sheets.getByName(customers_name), "H2:H301")]
        self.assertEqual(counts, [300, tiers.count("A"), tiers.count("B"), tiers.count("C")])
        self.assertEqual(counts[1:], [60, 90, 150])
        # The options are kept in the document, so a template remembers them.
        kept = doc.getDocumentProperties().getUserDefinedProperties().getPropertyValue("CalcCrmPanelOptions")
        self.assertIn("Method=count\n", kept)
        self.assertIn("CustomerSheet=Customers\n", kept)
        # The lists now show the new sheets, the source still selected.
        self.assertEqual(customer_list.getSelectedItem(), "Customers")
        self.assertIn(customers_name, customer_list.getItems())

        if plan:
            visits_before = set(doc.Sheets.getElementNames())
            with office.guard("press Plan visits"):
                buttons[say("button_plan", locale)].doAccessibleAction(0)
            new = wait_for("the schedule sheet", lambda: set(doc.Sheets.getElementNames()) - visits_before)
            self.assertEqual(len(new), 1)
            planned = re.escape(say("msg_planned", locale))
            for name in ("visits", "unvisited", "km"):
                planned = planned.replace(re.escape("{%s}" % name), r"(\d+)")
            planned = planned.replace(re.escape("{sheet}"), re.escape(new.pop()))
            match = wait_for("the plan summary", lambda: re.search(planned, messages.getText()), timeout=60)
            self.assertGreater(int(match.group(1)), 300)
            self.assertEqual(int(match.group(2)), 0)

        self.take_screenshots(locale, panel, dialog)

        if sheet_switch:
            # An output sheet made active is not taken as the source, and the last run's summary stays.
            summary = messages.getText()
            sheets_seen = control("customerSheet").getItemCount()
            controller.setActiveSheet(doc.Sheets.getByName(summary_name))
            time.sleep(1.0)
            self.assertEqual(control("customerSheet").getSelectedItem(), "Customers")
            self.assertEqual(messages.getText(), summary)
            self.assertEqual(control("customerSheet").getItemCount(), sheets_seen)
            self.check_active_sheet_follows(doc, controller, control)

        # A value the job service refuses: the panel says why, in the UI language, and writes nothing.
        control("HoursPerDay").setText("30")
        sheets_before = set(doc.Sheets.getElementNames())
        with office.guard("press Plan visits with 30 working hours a day"):
            buttons[say("button_plan", locale)].doAccessibleAction(0)
        refused = say("msg_failed", locale).replace(
            "{reason}", "planVisits: " + say("error_setting_hours", locale).replace("{setting}", "HoursPerDay"))
        wait_for("the refusal in the panel", lambda: messages.getText() == refused, timeout=60)
        self.assertEqual(set(doc.Sheets.getElementNames()), sheets_before)

    # Plan visits runs long enough for a press on Cancel to land while they are in progress: every customer
    # visited weekly or more, two visits a day (the reps' years overloaded), 15 600 to 60 000 visits. Each is
    # tried only if the one before finished before the cancel reached it. (Far more visits a year and the
    # plan gives up at once, with nothing planned: not a longer run.)
    LONG_PLANS = ("52", "150", "200")

    def check_cancel_button(self, office, doc, locale, attempt):
        """Presses Plan visits, then Cancel while the plan is in progress, as a user would (through the
        accessibility API): the run ends as cancelled, the panel says so, and the document is as before.
        Returns True when a run was cancelled, False when the run finished before the cancel reached it."""
        controller, window, panel, dialog = self.open_panel(office, doc, locale)
        control = dialog.getControl
        wait_for("the sheet list", lambda: control("customerSheet").getItemCount() == 2)
        messages = control("messages")
        buttons = self.panel_buttons(dialog)
        for key in ("button_analyze", "button_plan", "button_cancel"):
            self.assertIn(say(key, locale), buttons)
        models = {name: control(name).getModel() for name in ("analyze", "plan", "export", "pickHolidays", "cancel")}
        self.assertFalse(models["cancel"].Enabled)
        visits = self.LONG_PLANS[attempt]
        for name in ("VisitsA", "VisitsB", "VisitsC"):
            control(name).getModel().Text = visits
        control("MaxVisitsPerDay").getModel().Text = "2"
        before = snapshot(doc)

        # Every proxy method the two threads call is looked up here, before the thread starts: pyuno's lookup
        # of a method on a fresh proxy is not safe against a lookup on another thread.
        enabled = {name: model.getPropertyValue for name, model in models.items()}
        press_plan = buttons[say("button_plan", locale)].doAccessibleAction
        press_analyze = buttons[say("button_analyze", locale)].doAccessibleAction
        press_cancel = buttons[say("button_cancel", locale)].doAccessibleAction
        cancel_state = buttons[say("button_cancel", locale)].getAccessibleStateSet
        read_messages = messages.getText
        pressed = {}

        def press():
            started = time.monotonic()
            try:
                press_plan(0)
            except Exception as e:  # reported to the test thread
                pressed["error"] = e
            pressed["seconds"] = time.monotonic() - started

        planned = re.escape(say("msg_planned", locale))
        for name in ("visits", "unvisited", "km"):
            planned = planned.replace(re.escape("{%s}" % name), r"(\d+)")
        planned = planned.replace(re.escape("{sheet}"), ".*")
        cancelled = say("msg_cancelled", locale)

        def ended(text):
            return text == cancelled or re.match(planned, text)

        presser = threading.Thread(target=press)
        started = time.monotonic()
        presser.start()
        # The run is seen when the panel enables Cancel (the other run buttons are then disabled), unless it
        # ended first.
        seen = False
        while not seen and time.monotonic() - started < 60 and not ended(read_messages()) and "error" not in pressed:
            seen = bool(enabled["cancel"]("Enabled"))
            if not seen:
                time.sleep(0.005)
        cancel_presses = 0
        if seen:
            seen_at = time.monotonic() - started
            disabled = {name: not enabled[name]("Enabled") for name in ("analyze", "plan", "export", "pickHolidays")}
            cancel_enabled = cancel_state().contains(ENABLED)
            # Analyze pressed meanwhile starts no second run and shows no error (its press is handled before
            # the one on Cancel below, at the same step of the run or an earlier one).
            press_analyze(0)
            # Cancel pressed until the panel takes it (it then disables the button) or the run ends.
            while enabled["cancel"]("Enabled") and time.monotonic() - started < 120:
                press_cancel(0)
                cancel_presses += 1
                time.sleep(0.25)
        presser.join(120)
        self.assertFalse(presser.is_alive(), "the press on Plan visits did not return")
        self.assertNotIn("error", pressed, pressed.get("error"))
        wait_for("the run to end", lambda: enabled["plan"]("Enabled"))
        self.assertFalse(enabled["cancel"]("Enabled"))
        self.assertFalse(cancel_state().contains(ENABLED))
        final = wait_for("the run's summary in the panel",
                         lambda: (lambda text: text if ended(text) else None)(messages.getText()), timeout=60)
        print("cancel, %s visits a year: press on Plan returned in %.3f s, run seen after %.2f s, %d press(es) on "
              "Cancel, run ended after %.2f s: %s" % (visits, pressed["seconds"], seen_at if seen else -1, cancel_presses,
                                                     time.monotonic() - started, "cancelled" if final == cancelled else "finished"))
        if final != cancelled:
            self.assertTrue(cancel_presses or not seen)
            return False
        self.assertTrue(seen)
        self.assertEqual(disabled, {"analyze": True, "plan": True, "export": True, "pickHolidays": True})
        self.assertTrue(cancel_enabled)
        # Nothing was changed: the sheets, the source cells and the undo stack are as before, nothing to redo.
        self.assertEqual(snapshot(doc), before)
        self.assertFalse(doc.getUndoManager().isRedoPossible())
        self.assertEqual(messages.getText(), cancelled)
        # And the panel runs again as ever.
        for name, value in (("VisitsA", "12"), ("VisitsB", "4"), ("VisitsC", "1"), ("MaxVisitsPerDay", "6")):
            control(name).getModel().Text = value
        with office.guard("press Plan visits"):
            buttons[say("button_plan", locale)].doAccessibleAction(0)
        wait_for("a plan after the cancelled one", lambda: re.match(planned, messages.getText()), timeout=60)
        self.assertEqual(len(doc.getUndoManager().getAllUndoActionTitles()), len(before[2]) + 1)
        return True

    def check_layout(self, dialog):
        width = dialog.getPosSize().Width
        self.assertGreaterEqual(width, 180)
        for ctl in dialog.getControls():
            box = ctl.getPosSize()
            name = ctl.getModel().getPropertyValue("Name") if ctl.getModel().getPropertySetInfo().hasPropertyByName("Name") else "?"
            self.assertGreaterEqual(box.X, 0, name)
            self.assertLessEqual(box.X + box.Width, width, name)
            self.assertGreater(box.Height, 0, name)
            model = ctl.getModel()
            if model.getPropertySetInfo().hasPropertyByName("Label"):
                if "FixedText" in model.getImplementationName() or model.supportsService("com.sun.star.awt.UnoControlFixedTextModel"):
                    need = ctl.calcAdjustedSize(uno_size(box.Width, 0)).Height
                    self.assertLessEqual(need, box.Height, model.getPropertyValue("Label"))
                else:  # a button: its label fits on one line
                    self.assertLessEqual(ctl.getPreferredSize().Width, box.Width + 12, model.getPropertyValue("Label"))

    def check_panel_in_view(self, dialog):
        panel = dialog.getPeer().getAccessibleContext()
        left = panel.getLocationOnScreen().X
        width = panel.getSize().Width
        height = panel.getSize().Height
        node = panel
        while node is not None:  # the deck's viewport: the first ancestor that clips the panel or holds it wider
            parent = node.getAccessibleParent()
            node = parent.getAccessibleContext() if parent is not None else None
            if node is not None and node.getSize().Height < SCREEN[1] and node.getSize().Width > width / 2:
                if node.getSize().Height < height or node.getSize().Width > width:
                    break
        self.assertIsNotNone(node, "no viewport around the panel")
        self.assertLessEqual(left + width, node.getLocationOnScreen().X + node.getSize().Width,
                             "the panel is wider than the deck shows")
        # A vertical scroll bar of the deck (the panel taller than the screen) stands beside the panel, never
        # over it; the panel's own (its message box's) are left out.
        def box(context):
            at, size = context.getLocationOnScreen(), context.getSize()
            return (at.X, at.Y, size.Width, size.Height)
        own = {box(c) for c in accessible_nodes(dialog.getPeer()) if c.getAccessibleRole() == SCROLL_BAR}
        holder = node.getAccessibleParent()
        for context in accessible_nodes(holder if holder is not None else node):
            if context.getAccessibleRole() != SCROLL_BAR or box(context) in own:
                continue
            x, _, w, h = box(context)
            if h > w and left - 20 < x < left + width:
                self.fail("a scroll bar at x=%d covers the panel (%d..%d)" % (x, left, left + width))

    def check_active_sheet_follows(self, doc, controller, control):
        # A second customer sheet made active becomes the panel's source; an output sheet does not.
        doc.Sheets.insertNewByName("North", 0)
        north = doc.Sheets.getByName("North")
        crmoffice.set_data(north, "A1", [["Code client", "Nom", "CA 2025"], ["N1", "Alpha", 10], ["N2", "Beta", 20]])
        controller.setActiveSheet(north)
        wait_for("the panel to follow the active sheet", lambda: control("customerSheet").getSelectedItem() == "North")
        self.assertEqual(control("column_sales").getSelectedItem(), "CA 2025")
        self.assertEqual(control("column_id").getSelectedItem(), "Code client")
        controller.setActiveSheet(doc.Sheets.getByName("Customers"))
        wait_for("the panel to go back", lambda: control("customerSheet").getSelectedItem() == "Customers")
        self.assertEqual(control("column_sales").getSelectedItem(), "Sales 2025")

    def take_screenshots(self, locale, panel, dialog):
        os.makedirs(SHOTS, exist_ok=True)
        time.sleep(1.0)  # let the last repaint land
        full = os.path.join(SHOTS, "sidebar-%s-window.png" % locale)
        screenshot(full)
        # The deck alone: from the panel's left edge to the screen's right edge.
        access = dialog.getPeer().getAccessibleContext()
        left = access.getLocationOnScreen().X
        crop = os.path.join(SHOTS, "sidebar-%s.png" % locale)
        x = max(left - 12, 0)
        subprocess.run(["convert", full, "-crop", "%dx%d+%d+0" % (SCREEN[0] - x, SCREEN[1], x), "+repage", crop], check=True)
        # A built panel is not a blank area: its pixels vary.
        spread = subprocess.run(["convert", crop, "-colorspace", "gray", "-format", "%[fx:standard_deviation]", "info:"],
                                stdout=subprocess.PIPE, check=True).stdout.decode()
        self.assertGreater(float(spread), 0.05, crop)

    def test_english(self):
        self.run_panel("en-US", plan=True, sheet_switch=True)

    def test_french(self):
        self.run_panel("fr-FR")

    def test_chinese(self):
        self.run_panel("zh-CN")

    def test_cancel_button(self):
        # A run that finished before the cancel reached it proves nothing: the next, longer run is tried, in a
        # fresh copy of the sample; if none is cancelled the button does not work and the test fails.
        for attempt in range(len(self.LONG_PLANS)):
            outcome = []
            self.run_panel("fr-FR", check=lambda office, doc, locale: outcome.append(
                self.check_cancel_button(office, doc, locale, attempt)))
            if outcome == [True]:
                return
        self.fail("Cancel never stopped a Plan visits run (tried %s visits a year)" % ", ".join(self.LONG_PLANS))


class TerritoryChart(unittest.TestCase):
    """Spec "Picture and totals": the schedule sheet's native chart of each rep's territory, in a real Calc window."""

    def test_territory_charts_are_drawn(self):
        from test_plans import CUSTOMERS, REPS
        with Office(oxt=os.path.join(BUILD, "calc-crm.oxt"), locale="en-US", visible=True) as office:
            doc = office.new_calc()
            try:
                customers = doc.Sheets.getByIndex(0)
                customers.setName("Customers")
                crmoffice.set_data(customers, "A1", CUSTOMERS)
                doc.Sheets.insertNewByName("Reps", 1)
                crmoffice.set_data(doc.Sheets.getByName("Reps"), "A1", REPS)
                jobs = office.smgr.createInstanceWithContext("org.calccrm.CustomerJobs", office.ctx)
                result = as_dict(jobs.planVisits(doc, props(Year=2027, SpeedKmh=80)))
                sheet = doc.Sheets.getByName(result["ScheduleSheet"])
                charts = sheet.getCharts()
                names = charts.getElementNames()
                self.assertEqual(len(names), 3, names)  # one per rep
                for name in names:
                    chart = charts.getByName(name).getEmbeddedObject()
                    self.assertEqual(chart.getDiagram().getDiagramType(), "com.sun.star.chart.XYDiagram")
                    self.assertIn("Territory of", chart.getTitle().String)
                # The month table adds up to the plan: visits on the total rows.
                rows = crmoffice.get_data(sheet, "Y3:AC60")
                totals = [r for r in rows if r[1] == "Total"]
                self.assertEqual(sum(r[2] for r in totals), result["VisitsPlanned"])
                self.assertAlmostEqual(sum(r[3] for r in totals), result["TotalKm"], delta=0.1 * len(totals))
                controller = doc.getCurrentController()
                window = controller.getFrame().getContainerWindow()
                window.setPosSize(0, 0, SCREEN[0], SCREEN[1], 15)
                window.setVisible(True)
                controller.setActiveSheet(sheet)
                anchor = charts.getByName(names[0]).getEmbeddedObject()
                first_chart_column = sheet.getColumns().getCount()
                x = sheet.getDrawPage().getByIndex(0).getPosition().X
                column = next(c for c in range(first_chart_column) if sheet.getColumns().getByIndex(c).Position.X + sheet.getColumns().getByIndex(c).Width > x)
                controller.setFirstVisibleColumn(max(column - 1, 0))
                controller.setFirstVisibleRow(0)
                os.makedirs(SHOTS, exist_ok=True)
                time.sleep(2.0)
                shot = os.path.join(SHOTS, "territory-window.png")
                screenshot(shot)
                crop = os.path.join(SHOTS, "territory.png")
                subprocess.run(["convert", shot, "-crop", "900x1000+0+150", "+repage", crop], check=True)
                # Drawn charts, not a blank sheet: the crop's pixels vary, and it holds colour (the tiers' points).
                assert_drawn_charts(self, crop)
                del anchor
            finally:
                doc.setModified(False)
                doc.close(True)


class PanelModelCheckAndSharing(unittest.TestCase):
    """Issues 15 and 16 in the panel: the model check's holdout and the discount rate, the Model check sheet's
    charts pictured; Share as values through the panel's own save dialog."""

    def office(self):
        return Office(oxt=os.path.join(BUILD, "calc-crm.oxt"), locale="en-US", visible=True)

    def test_holdout_and_discount_rate_from_the_panel(self):
        from test_model_check import cdnow_sample
        with self.office() as office:
            doc = office.new_calc()
            try:
                orders = doc.Sheets.getByIndex(0)
                orders.setName("Orders")
                crmoffice.set_data(orders, "A1", cdnow_sample())
                controller, window, panel, dialog = SidebarPanel.open_panel(self, office, doc, "en-US")
                control = dialog.getControl
                wait_for("the sheet list", lambda: control("customerSheet").getSelectedItem() == "Orders")
                self.assertEqual(control("HoldoutWeeks").getText(), "")  # empty: no model check
                buttons = SidebarPanel.panel_buttons(self, dialog)
                shown = {plain_name(c.getAccessibleName()) for c in accessible_nodes(dialog.getPeer())}
                for key in ("label_holdout_weeks", "label_discount_rate"):
                    self.assertIn(say(key, "en-US"), shown)
                messages = control("messages")
                # Bad values: the job's own refusal in the panel, nothing written.
                sheets_before = set(doc.Sheets.getElementNames())
                for holdout, rate, error in (("-3", "", "error_holdout_option"), ("39", "1.5", "error_discount_rate_option")):
                    control("HoldoutWeeks").setText(holdout)
                    control("DiscountRate").setText(rate)
                    with office.guard("press Analyze with a bad option"):
                        buttons[say("button_analyze", "en-US")].doAccessibleAction(0)
                    refused = say("msg_failed", "en-US").replace("{reason}", "analyze: " + say(error, "en-US"))
                    wait_for("the refusal (%s)" % error, lambda: messages.getText() == refused, timeout=60)
                    self.assertEqual(set(doc.Sheets.getElementNames()), sheets_before)
                # The CDNOW sample's 39-week holdout, 10 % a year.
                control("HoldoutWeeks").setText("39")
                control("DiscountRate").setText("0.1")
                with office.guard("press Analyze", timeout=600):
                    buttons[say("button_analyze", "en-US")].doAccessibleAction(0)
                check_name = say("sheet_model_check", "en-US")
                wait_for("the Model check sheet", lambda: doc.Sheets.hasByName(check_name), timeout=300)
                # The run's summary names the CDNOW sample's 2357 customers.
                wait_for("the run's summary", lambda: "2357" in messages.getText(), timeout=300)
                check = doc.Sheets.getByName(check_name)
                self.assertEqual(check.getCellByPosition(1, 1).getValue(), 39.0)  # Holdout (weeks), as typed
                self.assertEqual(check.getCharts().getCount(), 2)
                for name in check.getCharts().getElementNames():  # each with its legend: the actual and each model
                    self.assertTrue(check.getCharts().getByName(name).getEmbeddedObject().HasLegend, name)
                # The rate reached the job: the Summary states it.
                summary = doc.Sheets.getByName(say("sheet_summary", "en-US"))
                texts = [c for row in crmoffice.get_data(summary, "A1:H80") for c in row if isinstance(c, str)]
                stated = say("note_lifetime_discounted", "en-US").split("{rate}")[0]
                self.assertTrue(any(stated in t for t in texts), texts)
                kept = doc.getDocumentProperties().getUserDefinedProperties().getPropertyValue("CalcCrmPanelOptions")
                self.assertIn("HoldoutWeeks=39\n", kept)
                self.assertIn("DiscountRate=0.1\n", kept)
                self.picture_charts(controller, window, check)
            finally:
                doc.setModified(False)
                doc.close(True)

    def picture_charts(self, controller, window, check):
        """The Model check sheet's two charts on screen, cropped to them: build/screenshots/model-check.png."""
        controller.getSidebar().setVisible(False)
        controller.setActiveSheet(check)
        shapes = [check.getDrawPage().getByIndex(i) for i in range(check.getDrawPage().getCount())]
        left = min(s.Position.X for s in shapes)
        top = min(s.Position.Y for s in shapes)
        columns, rows = check.getColumns(), check.getRows()
        column = next(c for c in range(columns.getCount()) if columns.getByIndex(c).Position.X + columns.getByIndex(c).Width > left)
        row = next(r for r in range(rows.getCount()) if rows.getByIndex(r).Position.Y + rows.getByIndex(r).Height > top)
        controller.setFirstVisibleColumn(column)
        controller.setFirstVisibleRow(row)
        time.sleep(2.0)
        # The charts' places on screen, from the sheet's accessible shapes.
        grid = next(c for c in accessible_nodes(window) if c.getAccessibleRole() == _role("DOCUMENT_SPREADSHEET"))
        boxes = []
        for i in range(min(grid.getAccessibleChildCount(), 50)):
            child = grid.getAccessibleChild(i).getAccessibleContext()
            if child.getAccessibleRole() in (_role("EMBEDDED_OBJECT"), _role("SHAPE")):
                at, size = child.getLocationOnScreen(), child.getSize()
                boxes.append((at.X, at.Y, at.X + size.Width, at.Y + size.Height))
        self.assertEqual(len(boxes), len(shapes))
        x, y = min(b[0] for b in boxes) - 8, min(b[1] for b in boxes) - 8
        w, h = max(b[2] for b in boxes) + 8 - x, max(b[3] for b in boxes) + 8 - y
        os.makedirs(SHOTS, exist_ok=True)
        full = os.path.join(SHOTS, "model-check-window.png")
        screenshot(full)
        crop = os.path.join(SHOTS, "model-check.png")
        subprocess.run(["convert", full, "-crop", "%dx%d+%d+%d" % (w, h, max(x, 0), max(y, 0)), "+repage", crop], check=True)
        size = subprocess.run(["identify", "-format", "%w %h", crop], stdout=subprocess.PIPE, check=True).stdout.decode()
        self.assertEqual([int(v) for v in size.split()], [w, h], "the charts are not all on screen")
        # Drawn charts: the pixels vary, and coloured lines and bars are there.
        assert_drawn_charts(self, crop)

    def test_share_as_values_button(self):
        import uno
        tmp = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, tmp, True)
        path = os.path.join(tmp, "customers.ods")
        shutil.copy(SAMPLE, path)
        target = os.path.join(tmp, "shared.xlsx")
        with self.office() as office:
            doc = office.load(path)
            try:
                jobs = office.smgr.createInstanceWithContext("org.calccrm.CustomerJobs", office.ctx)
                with office.guard("analyze", timeout=300):
                    jobs.analyze(doc, ())
                controller, window, panel, dialog = SidebarPanel.open_panel(self, office, doc, "en-US")
                buttons = SidebarPanel.panel_buttons(self, dialog)
                share = buttons[say("button_share", "en-US")]
                self.assertTrue(dialog.getControl("shareValues").getModel().Enabled)
                toolkit = office.smgr.createInstanceWithContext("com.sun.star.awt.Toolkit", office.ctx)
                # The button's press blocks while its save dialog is open: it runs on a thread of its own, the
                # dialog is filled in here through the accessibility API, as a user would.
                presser, pressed = press_in_background(share)
                def save_dialog():
                    for i in range(toolkit.getTopWindowCount()):
                        nodes = list(accessible_nodes(toolkit.getTopWindow(i)))
                        if any(c.getAccessibleRole() == PUSH_BUTTON and plain_name(c.getAccessibleName()) == "Save" for c in nodes):
                            return nodes
                nodes = wait_for("the save dialog", save_dialog, timeout=60)
                # The two formats offered, in the filter list.
                items = {c.getAccessibleName() for c in nodes if c.getAccessibleRole() == _role("LIST_ITEM")}
                self.assertLessEqual({say("filter_ods", "en-US"), say("filter_xlsx", "en-US")}, items)
                entry = next(c for c in nodes if c.getAccessibleRole() == _role("TEXT") and c.getAccessibleName() == "File name:")
                entry.setText(target)
                # The name says the format: the dialog's automatic extension (the .ods filter's) is turned off.
                automatic = next(c for c in nodes if c.getAccessibleRole() == _role("CHECK_BOX") and
                                 c.getAccessibleName() == "Automatic file name extension")
                if automatic.getAccessibleStateSet().contains(uno.getConstantByName(
                        "com.sun.star.accessibility.AccessibleStateType.CHECKED")):
                    automatic.doAccessibleAction(0)
                save = next(c for c in nodes if c.getAccessibleRole() == PUSH_BUTTON and plain_name(c.getAccessibleName()) == "Save")
                save.doAccessibleAction(0)
                presser.join(300)
                self.assertFalse(presser.is_alive(), "the press on Share as values did not return")
                self.assertNotIn("error", pressed, pressed.get("error"))
                messages = dialog.getControl("messages")
                shared = re.escape(say("msg_shared", "en-US")).replace(re.escape("{file}"), ".*").replace(re.escape("{count}"), r"(\d+)")
                match = wait_for("the summary of the share", lambda: re.match(shared, messages.getText()), timeout=120)
                self.assertGreater(int(match.group(1)), 0)
                self.assertTrue(os.path.isfile(target), os.listdir(tmp))
                import zipfile
                with zipfile.ZipFile(target) as xlsx:
                    sheets = [n for n in xlsx.namelist() if n.startswith("xl/worksheets/") and n.endswith(".xml")]
                    self.assertGreater(len(sheets), 2)
                    for name in sheets:
                        self.assertNotIn("CRM_", xlsx.read(name).decode("utf-8").upper(), name)
            finally:
                doc.setModified(False)
                doc.close(True)


def snapshot(doc):
    """What a cancelled run must leave unchanged: sheet names, source cells, the undo stack."""
    source = doc.Sheets.getByName("Customers")
    undo = doc.getUndoManager()
    return (doc.Sheets.getElementNames(), crmoffice.get_data(source, "A1:Q301"), tuple(undo.getAllUndoActionTitles()))


def uno_size(width, height):
    import uno
    return uno.createUnoStruct("com.sun.star.awt.Size", width, height)


if __name__ == "__main__":
    unittest.main()
