"""The panel's "Orders from a database…" (issue 17 item 1) in a real Calc window under Xvfb: with no data source
registered it says so; a source that refuses the connection is said in the dialog and the panel; a table with the
wrong columns gives the job's refusal; the orders of a registered embedded Firebird .odb give the same customers as
the same orders analyzed from a sheet. The dialog is driven through the accessibility API, as a user would; its
picture goes to build/screenshots/database-dialog.png.

Needs an X display; ctest runs it as
    xvfb-run -a -s "-screen 0 1280x1300x24" /usr/bin/python3 -m unittest -v test_database_panel
"""
import os
import shutil
import subprocess
import tempfile
import time
import unittest

from common import BUILD, crmoffice, data
from crmoffice import Office, as_dict, props, screenshot
from test_database_orders import cdnow_orders, table
import test_sidebar as ui  # its helpers; a module import, so that its own test classes do not run here
from test_sidebar import PUSH_BUTTON, SHOTS, _role, accessible_nodes, plain_name, say, wait_for

LINES = 600
SOURCE = "CRM test orders"
UNREACHABLE = "CRM unreachable"


@unittest.skipUnless(os.environ.get("DISPLAY"), "needs DISPLAY: run under xvfb-run")
class OrdersFromDatabaseButton(unittest.TestCase):
    def build_odb(self, office, folder, orders):
        import uno
        databases = office.smgr.createInstanceWithContext("com.sun.star.sdb.DatabaseContext", office.ctx)
        ds = databases.createInstance()
        ds.URL = "sdbc:embedded:firebird"
        ds.DatabaseDocument.storeAsURL(uno.systemPathToFileUrl(os.path.join(folder, "orders.odb")), ())
        connection = ds.getConnection("", "")
        statement = connection.createStatement()
        statement.execute('CREATE TABLE "orders" ("customer_id" VARCHAR(10), "order_date" DATE, "cds" INTEGER, '
                          '"amount" NUMERIC(10,2))')
        statement.execute('CREATE TABLE "odd" ("who" VARCHAR(10), "happened" DATE, "worth" NUMERIC(10,2))')
        for cid, day, cds, dollars in orders:
            statement.execute(f"INSERT INTO \"orders\" VALUES ('{int(cid):05d}', DATE '{day.isoformat()}', "
                              f"{int(cds)}, {float(dollars)!r})")
        statement.execute("INSERT INTO \"odd\" VALUES ('1', DATE '1997-01-01', 1.5)")
        if not connection.AutoCommit:
            connection.commit()
        query = ds.QueryDefinitions.createInstance()
        query.Command = 'SELECT * FROM "orders" WHERE "order_date" < DATE \'1998-01-01\''
        ds.QueryDefinitions.insertByName("orders 1997", query)
        ds.DatabaseDocument.store()
        connection.close()
        databases.registerObject(SOURCE, ds)
        # A source whose server refuses the connection (nothing listens on that loopback port).
        refused = databases.createInstance()
        refused.URL = "sdbc:postgresql:host=127.0.0.1 port=9 dbname=none connect_timeout=5"
        refused.DatabaseDocument.storeAsURL(uno.systemPathToFileUrl(os.path.join(folder, "refused.odb")), ())
        databases.registerObject(UNREACHABLE, refused)

    def test_orders_from_a_registered_data_source(self):
        tmp = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, tmp, True)
        orders, rows = cdnow_orders(LINES)
        with Office(oxt=os.path.join(BUILD, "calc-crm.oxt"), locale="en-US", visible=True) as office:
            jobs = office.smgr.createInstanceWithContext("org.calccrm.CustomerJobs", office.ctx)
            # The reference: the same orders analyzed from a sheet.
            sheet_doc = office.new_calc()
            crmoffice.set_data(sheet_doc.Sheets.getByIndex(0), "A1", rows)
            with office.guard("analyze the sheet", timeout=300):
                from_sheet = as_dict(jobs.analyze(sheet_doc, props()))
            col_s, by_sheet = table(sheet_doc, from_sheet["CustomersSheet"])
            doc = office.new_calc()
            try:
                self.check(office, doc, tmp, orders, col_s, by_sheet)
            finally:
                for d in (doc, sheet_doc):
                    d.setModified(False)
                    d.close(True)

    def press_with_dialog(self, office, button, drive):
        """Presses `button` on a thread (its press blocks while the modal dialog is open) and calls drive(find)
        with a function giving the dialog's accessible nodes afresh."""
        toolkit = office.smgr.createInstanceWithContext("com.sun.star.awt.Toolkit", office.ctx)
        presser, pressed = ui.press_in_background(button)
        title = say("db_dialog_title", "en-US")

        def find():
            for i in range(toolkit.getTopWindowCount()):
                nodes = list(accessible_nodes(toolkit.getTopWindow(i)))
                if any(c.getAccessibleName() == title for c in nodes):
                    return nodes
        try:
            drive(lambda: wait_for("the database dialog", find, timeout=60))
        finally:
            presser.join(300)
        self.assertFalse(presser.is_alive(), "the press did not return")
        self.assertNotIn("error", pressed, pressed.get("error"))

    @staticmethod
    def lists(nodes):
        """The dialog's two lists: (sources, commands), each as (context, item names)."""
        found = []
        for c in nodes:
            if c.getAccessibleRole() == _role("LIST"):
                names = [c.getAccessibleChild(i).getAccessibleContext().getAccessibleName()
                         for i in range(c.getAccessibleChildCount())]
                found.append((c, names))
        sources = next(f for f in found if SOURCE in f[1])
        commands = next(f for f in found if f is not sources)
        return sources, commands

    @staticmethod
    def button(nodes, key):
        return next(c for c in nodes if c.getAccessibleRole() == PUSH_BUTTON
                    and plain_name(c.getAccessibleName()) == say(key, "en-US"))

    def check(self, office, doc, tmp, orders, col_s, by_sheet):
        controller, window, panel, dialog = ui.SidebarPanel.open_panel(self, office, doc, "en-US")
        messages = dialog.getControl("messages")
        button = ui.SidebarPanel.panel_buttons(self, dialog)[say("button_from_database", "en-US")]
        databases = office.smgr.createInstanceWithContext("com.sun.star.sdb.DatabaseContext", office.ctx)
        # No data source registered (the throwaway profile's Bibliography revoked): said plainly, nothing else.
        for name in databases.getElementNames():
            databases.revokeObject(name)
        sheets_before = set(doc.Sheets.getElementNames())
        with office.guard("press with no data source"):
            button.doAccessibleAction(0)
        wait_for("the no-data-source message", lambda: messages.getText() == say("msg_no_data_source", "en-US"), timeout=30)
        self.assertEqual(set(doc.Sheets.getElementNames()), sheets_before)

        self.build_odb(office, tmp, orders)

        # A source that refuses the connection: said in the dialog, and in the panel once cancelled.
        def refused(find):
            (src, names), _ = self.lists(find())
            src.selectAccessibleChild(names.index(UNREACHABLE))
            wait_for("the connection refusal in the dialog", lambda: any(
                "cannot connect to the database of '%s'" % UNREACHABLE in c.getAccessibleName() for c in find()), timeout=60)
            self.button(find(), "button_cancel").doAccessibleAction(0)
        self.press_with_dialog(office, button, refused)
        wait_for("the refusal in the panel", lambda: messages.getText().startswith(
            "Not done: cannot connect to the database of '%s'" % UNREACHABLE), timeout=30)
        self.assertEqual(set(doc.Sheets.getElementNames()), sheets_before)

        # The tables and the query of the .odb; a table without the roles: the job's refusal in the panel.
        def odd(find):
            (src, names), _ = self.lists(find())
            src.selectAccessibleChild(names.index(SOURCE))
            _, (cmds, items) = wait_for("the tables", lambda: (lambda l: l if "orders" in l[1][1] else None)(self.lists(find())))
            self.assertEqual(sorted(items), ["odd", "orders", "orders 1997 (query)"])
            cmds.selectAccessibleChild(items.index("odd"))
            self.button(find(), "button_ok").doAccessibleAction(0)
        self.press_with_dialog(office, button, odd)
        wait_for("the roles refusal", lambda: "have no column that reads as a customer id" in messages.getText(), timeout=120)
        self.assertIn("Not done: analyze: the orders of '%s: odd'" % SOURCE, messages.getText())
        self.assertEqual(set(doc.Sheets.getElementNames()), sheets_before)
        kept = doc.getDocumentProperties().getUserDefinedProperties().getPropertyValue("CalcCrmPanelOptions")
        self.assertIn("DataSource=%s\n" % SOURCE, kept)
        self.assertIn("DataCommand=odd\n", kept)

        # The orders table: the source and the table last chosen are preselected; OK runs analyze on them.
        def good(find):
            (src, names), (cmds, items) = wait_for("the tables", lambda: (lambda l: l if "orders" in l[1][1] else None)(self.lists(find())))
            selected = [names[i] for i in range(len(names)) if src.isAccessibleChildSelected(i)]
            self.assertEqual(selected, [SOURCE])
            self.assertEqual([items[i] for i in range(len(items)) if cmds.isAccessibleChildSelected(i)], ["odd"])
            cmds.selectAccessibleChild(items.index("orders"))
            time.sleep(1.0)
            os.makedirs(SHOTS, exist_ok=True)
            full = os.path.join(SHOTS, "database-dialog-window.png")
            screenshot(full)
            box = next(c for c in find() if c.getAccessibleName() == say("db_dialog_title", "en-US"))
            at, size = box.getLocationOnScreen(), box.getSize()
            subprocess.run(["convert", full, "-crop", "%dx%d+%d+%d" % (size.Width, size.Height, at.X, at.Y), "+repage",
                            os.path.join(SHOTS, "database-dialog.png")], check=True)
            self.button(find(), "button_ok").doAccessibleAction(0)
        self.press_with_dialog(office, button, good)
        added = wait_for("the output sheets", lambda: (lambda new: new if len(new) == 2 else None)(
            set(doc.Sheets.getElementNames()) - sheets_before), timeout=300)
        customers = say("sheet_customers", "en-US")
        self.assertIn(customers, added)
        wait_for("the run's summary", lambda: "customers analysed" in messages.getText(), timeout=120)
        col_o, by_odb = table(doc, customers)
        self.assertGreater(len(by_odb), 100)
        self.assertEqual(set(by_odb), set(by_sheet))
        self.assertIn("%d customers analysed" % len(by_sheet), messages.getText())
        for cid, r in by_sheet.items():
            o = by_odb[cid]
            self.assertEqual(o[col_o["Tier"]], r[col_s["Tier"]], cid)
            for name in ("Sales 1997", "Repeat purchases (x)"):
                self.assertAlmostEqual(o[col_o[name]], r[col_s[name]], delta=1e-6, msg=f"{cid} {name}")
        kept = doc.getDocumentProperties().getUserDefinedProperties().getPropertyValue("CalcCrmPanelOptions")
        self.assertIn("DataCommand=orders\n", kept)
        self.assertIn("DataCommandType=table\n", kept)


if __name__ == "__main__":
    unittest.main()
