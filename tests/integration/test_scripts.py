"""Scripts and macros as users write them (spec wizard.md, "Scripts without the extension's types"):
- an outside Python script that knows only the office's own types runs every job through org.calccrm.Jobs
  (samples/scripts/crm_jobs_client.py, in a separate process without URE_MORE_TYPES), with the same results
  and the same localized refusals as the typed service;
- the same client asking for the typed service loses its bridge, as the office's own notes say, and the office
  stays up (the finding that made org.calccrm.Jobs necessary);
- a Basic macro stored in a document calls the typed service from inside the office
  (samples/scripts/CalcCrm.bas)."""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

from common import OfficeTestCase, ROOT, crmoffice
from crmoffice import as_dict, props
import uno
from com.sun.star.beans import NamedValue
from com.sun.star.lang import IllegalArgumentException

SAMPLE = os.path.join(ROOT, "samples", "customers.ods")
CLIENT = os.path.join(ROOT, "samples", "scripts", "crm_jobs_client.py")
MACRO = os.path.join(ROOT, "samples", "scripts", "CalcCrm.bas")


def outside_env():
    """The environment of a script started by a user: no URE_MORE_TYPES, no test paths."""
    env = {k: v for k, v in os.environ.items() if k not in ("URE_MORE_TYPES", "PYTHONPATH")}
    return env


def events_without_stamp(path):
    with open(path, encoding="utf-8") as f:
        return [line for line in f.read().splitlines() if not line.startswith("DTSTAMP")]


class ScriptTestCase(OfficeTestCase):
    def copy_sample(self):
        tmp = tempfile.mkdtemp(prefix="calc-crm-")
        self.addCleanup(shutil.rmtree, tmp, True)
        path = os.path.join(tmp, "customers.ods")
        shutil.copy(SAMPLE, path)
        return tmp, path

    def typed_jobs(self):
        return self.office.smgr.createInstanceWithContext("org.calccrm.CustomerJobs", self.office.ctx)


class OutsideScript(ScriptTestCase):
    locale = "fr-FR"  # refusals are compared in the office's language

    def client(self, *args, timeout=300):
        return subprocess.run([sys.executable, CLIENT, "--pipe", self.office.pipe_name] + list(args),
                              capture_output=True, text=True, env=outside_env(), timeout=timeout)

    def test_every_job_through_the_untyped_service_gives_the_typed_results(self):
        tmp, path = self.copy_sample()
        # The typed service on one copy, in this process (which knows the extension's types).
        doc = self.office.load(path)
        self.addCleanup(self.close, doc)
        typed_analysis = as_dict(self.typed_jobs().analyze(doc, props()))
        typed_plan = as_dict(self.typed_jobs().planVisits(doc, props(Year=2027)))
        typed_ics = os.path.join(tmp, "typed.ics")
        self.typed_jobs().exportCalendar(doc, uno.systemPathToFileUrl(typed_ics), props())
        # The outside script on another copy.
        out = os.path.join(tmp, "out")
        run = self.client(path, "--out", out, "--year", "2027")
        self.assertEqual(run.returncode, 0, run.stderr)
        results = json.loads(run.stdout)
        for name in ("CustomersSheet", "SummarySheet", "Customers", "Problems"):
            self.assertEqual(results["analyze"][name], crmoffice_plain(typed_analysis[name]), name)
        self.assertEqual(results["analyze"]["TierCounts"], list(typed_analysis["TierCounts"]))
        for name, value in typed_plan.items():
            self.assertEqual(results["planVisits"][name], crmoffice_plain(value), name)
        self.assertGreater(results["planVisits"]["VisitsPlanned"], 0)
        self.assertEqual(events_without_stamp(os.path.join(out, "visits.ics")), events_without_stamp(typed_ics))
        self.assertTrue(os.path.getsize(os.path.join(out, "visits.csv")) > 0)
        saved = self.office.load(results["saved"])
        self.addCleanup(self.close, saved)
        self.assertIn(results["planVisits"]["ScheduleSheet"], saved.Sheets.getElementNames())
        self.assertIn(results["analyze"]["CustomersSheet"], saved.Sheets.getElementNames())

    def test_a_bad_option_is_refused_with_the_typed_message_in_the_office_language(self):
        tmp, path = self.copy_sample()
        doc = self.office.load(path)
        self.addCleanup(self.close, doc)
        with self.assertRaises(IllegalArgumentException) as typed:
            self.typed_jobs().planVisits(doc, props(Year=2027, MaxVisitsPerDay=0))
        self.assertIn("doit être un nombre entier de 1 à 100", typed.exception.Message)
        run = self.client(path, "--out", os.path.join(tmp, "out"), "--year", "2027", "--option", "MaxVisitsPerDay=0")
        self.assertEqual(run.returncode, 2, run.stdout + run.stderr)
        self.assertEqual(run.stderr.strip(), typed.exception.Message)

    def test_the_untyped_service_refuses_its_own_arguments_in_the_office_language(self):
        jobs = self.office.smgr.createInstanceWithContext("org.calccrm.Jobs", self.office.ctx)
        doc, _ = self.new_sheet()
        cases = [
            ((NamedValue("Job", "fly"), NamedValue("Document", doc)), "la tâche «\u00a0fly\u00a0» est inconnue"),
            ((NamedValue("Job", "analyze"),), "la tâche analyze demande l'argument Document"),
            ((NamedValue("Job", "analyze"), NamedValue("Document", doc), NamedValue("Colour", "red")),
             "l'argument «\u00a0Colour\u00a0» est inconnu"),
            ((NamedValue("Job", "exportCalendar"), NamedValue("Document", doc)),
             "la tâche exportCalendar demande l'argument FileUrl"),
            ((NamedValue("Job", "analyze"), NamedValue("Document", doc), NamedValue("Options", 3)),
             "Options doit être une liste"),
            ((NamedValue("Job", "analyze"), NamedValue("Document", doc),
              NamedValue("Options", (NamedValue("Colour", "red"),))), "Colour"),
        ]
        for arguments, message in cases:
            with self.subTest(message=message):
                with self.assertRaises(IllegalArgumentException) as caught:
                    jobs.execute(arguments)
                self.assertIn(message, caught.exception.Message)
        # cancel with no run in progress: nothing to stop.
        self.assertEqual(as_dict(jobs.execute((NamedValue("Job", "cancel"), NamedValue("Document", doc)))),
                         {"Cancelled": False})

    def test_the_typed_service_is_out_of_reach_of_an_untyped_client_and_the_office_survives(self):
        code = ("import sys, uno\n"
                "sys.path.insert(0, %r)\n"
                "import crm_jobs_client as c\n"
                "ctx = c.connect(pipe=%r)\n"
                "try:\n"
                "    ctx.ServiceManager.createInstanceWithContext('org.calccrm.CustomerJobs', ctx)\n"
                "except Exception as e:\n"
                "    print(type(e).__name__, e)\n"
                "    sys.exit(3)\n") % (os.path.dirname(CLIENT), self.office.pipe_name)
        run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=outside_env(),
                             timeout=120)
        self.assertEqual(run.returncode, 3, run.stdout + run.stderr)
        self.assertIn("disposed", run.stdout)
        self.assertTrue(self.office.is_running())
        doc, sheet = self.new_sheet()  # the office still answers
        crmoffice.set_data(sheet, "A1", [[1.0]])
        self.assertEqual(crmoffice.get_data(sheet, "A1"), [[1.0]])


def crmoffice_plain(value):
    return [crmoffice_plain(v) for v in value] if isinstance(value, tuple) else value


class BasicMacro(ScriptTestCase):
    def test_a_macro_stored_in_the_document_runs_the_typed_service(self):
        tmp, path = self.copy_sample()
        # Expected: the typed service from this process, on its own copy.
        doc = self.office.load(path)
        analysis = as_dict(self.typed_jobs().analyze(doc, props(Method="pareto")))
        plan = as_dict(self.typed_jobs().planVisits(doc, props(Year=2027)))
        self.close(doc)
        expected = "customers %d A %d B %d C %d visits %d unvisited %d sheet %s" % (
            (analysis["Customers"],) + tuple(analysis["TierCounts"]) +
            (plan["VisitsPlanned"], plan["UnvisitedCustomers"], plan["ScheduleSheet"]))
        # The macro goes into a fresh copy's Standard library, saved with the document.
        macro_doc = os.path.join(tmp, "with-macro.ods")
        shutil.copy(SAMPLE, macro_doc)
        doc = self.office.load(macro_doc)
        libraries = doc.BasicLibraries
        if not libraries.hasByName("Standard"):
            libraries.createLibrary("Standard")
        with open(MACRO, encoding="utf-8") as f:
            libraries.getByName("Standard").insertByName("CalcCrm", f.read())
        self.office.save_as(doc, macro_doc)
        self.close(doc)
        # Reopened as a user opens a file whose macros he trusts.
        with self.office.guard("load with macros"):
            doc = self.office.desktop.loadComponentFromURL(uno.systemPathToFileUrl(macro_doc), "_blank", 0,
                                                           props(MacroExecutionMode=4))
        self.addCleanup(self.close, doc)
        self.assertIn("CalcCrm", doc.BasicLibraries.getByName("Standard").getElementNames())
        provider = doc.getScriptProvider()

        def macro(name):
            return provider.getScript("vnd.sun.star.script:Standard.CalcCrm.%s?language=Basic&location=document" % name)

        ics = os.path.join(tmp, "macro.ics")
        with self.office.guard("RunCalcCrm", timeout=300):
            # A Basic Long: pyuno passes a Python int as a 64-bit hyper, which Basic reads as 0.
            line = uno.invoke(macro("RunCalcCrm"), "invoke",
                              ((uno.Any("long", 2027), uno.systemPathToFileUrl(ics)), (), ()))[0]
        self.assertEqual(line, expected)
        with open(ics, encoding="utf-8") as f:
            self.assertEqual(f.read().count("BEGIN:VEVENT"), plan["VisitsPlanned"])
        with self.office.guard("RefusalOf"):
            refusal = uno.invoke(macro("RefusalOf"), "invoke", ((uno.Any("long", 0),), (), ()))[0]
        self.assertIn("planVisits: MaxVisitsPerDay must be a whole number from 1 to 100", refusal)
        with self.office.guard("RefusalOf"):
            self.assertEqual(uno.invoke(macro("RefusalOf"), "invoke", ((uno.Any("long", 6),), (), ()))[0], "")


if __name__ == "__main__":
    unittest.main()
