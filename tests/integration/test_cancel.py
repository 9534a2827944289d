"""Cancelling a running job, and a run that fails part way, in a real Calc: the document is left as it was.

The spec (wizard.md, "The sidebar panel"): long runs can be cancelled. XCustomerJobs.cancel(document) asks the
run in progress on a document to stop at its next step; the run then undoes what it wrote and returns the
single result Cancelled = true. A run is started on one thread and cancelled from another, at many moments;
whatever the moment, the run either finished normally or left the sheets, the source cells and the undo stack
exactly as they were.
"""
import threading
import time
import unittest

from common import OfficeTestCase, crmoffice
from crmoffice import as_dict as result_dict, props
from com.sun.star.lang import IllegalArgumentException
from test_jobs import JobsTestCase


def snapshot(doc):
    """What a cancelled run must leave unchanged: sheet names, source cells, the undo stack, and Calc's
    row-height adjustment (which a run defers while it writes)."""
    source = doc.Sheets.getByName("Customers")
    undo = doc.getUndoManager()
    return (doc.Sheets.getElementNames(), crmoffice.get_data(source, "A1:Q301"),
            tuple(undo.getAllUndoActionTitles()), doc.getPropertyValue("IsAdjustHeightEnabled"))


class Cancel(JobsTestCase):
    def run_and_cancel(self, doc, job, options, delay):
        """Starts `job` on a thread, calls cancel after `delay` seconds (retrying until the run is seen);
        returns (result or exception, whether cancel found the run in progress)."""
        # Both proxies and their methods are looked up here, before the thread starts: pyuno's lookup of a
        # method on a fresh proxy is not safe against the same lookup on another thread.
        start, cancel = getattr(self.jobs(), job), self.jobs().cancel  # cancel: another instance, per document
        outcome = {}

        def run():
            try:
                outcome["result"] = result_dict(start(doc, options))
            except Exception as e:  # reported to the test thread
                outcome["error"] = e

        worker = threading.Thread(target=run)
        worker.start()
        time.sleep(delay)
        seen = False
        while worker.is_alive() and not seen:
            seen = bool(cancel(doc))
            if not seen:
                time.sleep(0.005)
        worker.join(120)
        self.assertFalse(worker.is_alive(), "%s did not end after cancel" % job)
        self.assertNotIn("error", outcome, outcome.get("error"))
        return outcome["result"], seen

    def check_cancel_leaves_nothing(self, job, options, result_key):
        doc = self.load_sample()
        before = snapshot(doc)
        # How long a whole run takes, then that run undone: the moments to cancel at spread over it.
        started = time.monotonic()
        whole = result_dict(getattr(self.jobs(), job)(doc, options))
        duration = time.monotonic() - started
        self.assertIn(result_key, whole)
        doc.getUndoManager().undo()
        doc.getUndoManager().clearRedo()
        self.assertEqual(snapshot(doc), before)
        cancelled = 0
        for k in range(8):
            result, seen = self.run_and_cancel(doc, job, options, duration * k / 8)
            if result.get("Cancelled"):
                cancelled += 1
                self.assertTrue(seen)
                self.assertEqual(set(result), {"Cancelled"})
                self.assertEqual(snapshot(doc), before, "%s cancelled at %d/8 left something" % (job, k))
                self.assertFalse(doc.getUndoManager().isRedoPossible())
            else:  # the run ended before the cancel reached a step: a whole run, one undo step
                self.assertIn(result_key, result)
                self.assertEqual(len(doc.getUndoManager().getAllUndoActionTitles()), len(before[2]) + 1)
                doc.getUndoManager().undo()
                doc.getUndoManager().clearRedo()
                self.assertEqual(snapshot(doc), before)
        # Cancelled at once (k = 0) the run stops at its first step; later ones may come after the last step.
        self.assertGreaterEqual(cancelled, 1, "%s: no run was cancelled" % job)
        print("%s: %d of 8 runs cancelled (a whole run %.2f s)" % (job, cancelled, duration))
        # After all that, a run works as ever.
        self.assertIn(result_key, result_dict(getattr(self.jobs(), job)(doc, options)))

    def test_cancel_analyze(self):
        self.check_cancel_leaves_nothing("analyze", props(), "CustomersSheet")

    def test_cancel_plan_visits(self):
        self.check_cancel_leaves_nothing("planVisits", props(Year=2027), "ScheduleSheet")

    def test_cancel_without_a_run_does_nothing(self):
        doc = self.load_sample()
        self.assertFalse(self.jobs().cancel(doc))
        result = result_dict(self.jobs().analyze(doc, props()))  # not cancelled by the earlier call
        self.assertNotIn("Cancelled", result)
        self.assertEqual(result["Customers"], 300)

    def test_a_second_run_on_the_same_document_is_refused(self):
        doc = self.load_sample()
        # A first run that lasts (every customer visited weekly, one rep's year overloaded), so that the
        # second ones surely meet it, whatever the machine's load.
        options = props(Year=2027, VisitsA=52, VisitsB=52, VisitsC=52, MaxVisitsPerDay=2)
        before = snapshot(doc)
        results, errors = [], []
        first, second = self.jobs().planVisits, self.jobs().planVisits  # looked up before the thread starts

        def first_run():
            # Until it starts: a second run that got in first refuses it the same way, which is right too.
            while True:
                try:
                    results.append(result_dict(first(doc, options)))
                    return
                except IllegalArgumentException as e:
                    if "another run is in progress" not in e.Message:
                        errors.append(e)
                        return
                except Exception as e:  # reported to the test thread
                    errors.append(e)
                    return

        worker = threading.Thread(target=first_run)
        worker.start()
        # Second runs that could never write anything (their customer sheet does not exist): while the first
        # run is in progress they are refused as such, else they fail on the missing sheet.
        messages = []
        while worker.is_alive():
            try:
                second(doc, props(CustomerSheet="No such sheet"))
                self.fail("a run on a missing sheet succeeded")
            except IllegalArgumentException as e:
                messages.append(e.Message)
        worker.join(120)
        self.assertEqual(errors, [])
        refused = [m for m in messages if "another run is in progress" in m]
        self.assertTrue(refused, "no second run was refused while the first one ran: %s" % messages[:3])
        self.assertEqual(len(results), 1)
        self.assertIn("ScheduleSheet", results[0])  # the first run went on undisturbed
        self.assertEqual(len(doc.getUndoManager().getAllUndoActionTitles()), len(before[2]) + 1)
        doc.getUndoManager().undo()
        self.assertEqual(snapshot(doc), before)


if __name__ == "__main__":
    unittest.main()
