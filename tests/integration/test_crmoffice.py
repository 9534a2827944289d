"""Tests for crmoffice against a real LibreOffice: /usr/bin/python3 -m unittest -v test_crmoffice

The visible test needs an X display:
    xvfb-run -a -s "-screen 0 1280x800x24" /usr/bin/python3 -m unittest -v test_crmoffice.VisibleTest
"""

import hashlib
import os
import signal
import subprocess
import tempfile
import threading
import time
import unittest

import common  # noqa: F401  (puts tools/ on the path and prepares uno)
import crmoffice
from crmoffice import (Office, OfficeError, OfficeTimeout, cell, cell_error,
                       cell_text, fill_down, get_data, get_formulas, recalc_all,
                       screenshot, set_data, set_formulas)

HERE = os.path.dirname(os.path.abspath(__file__))
TRIVIAL_OXT = common.OXT  # the harness is tested with the real extension
ARTIFACTS = os.path.join(common.BUILD, "artifacts")


def pids_of(pipe_name):
    r = subprocess.run(["pgrep", "-f", pipe_name], stdout=subprocess.PIPE, text=True)
    return [int(p) for p in r.stdout.split()]


def soffice_bin_pid(pipe_name):
    r = subprocess.run(["pgrep", "-f", "soffice.bin.*" + pipe_name],
                       stdout=subprocess.PIPE, text=True)
    pids = [int(p) for p in r.stdout.split()]
    assert len(pids) == 1, pids
    return pids[0]


class CalcTest(unittest.TestCase):
    """One en-US office with the built calc-crm extension installed, shared by the tests."""

    @classmethod
    def setUpClass(cls):
        cls.office = Office(oxt=TRIVIAL_OXT)
        cls.office.__enter__()
        print("\n  timings: %s" % {k: round(v, 2) for k, v in cls.office.timings.items()})

    @classmethod
    def tearDownClass(cls):
        pipe = cls.office.pipe_name
        cls.office.__exit__(None, None, None)
        assert pids_of(pipe) == [], "soffice left behind"

    def setUp(self):
        self.doc = self.office.new_calc()
        self.sheet = self.doc.Sheets.getByIndex(0)

    def tearDown(self):
        self.doc.setModified(False)
        self.doc.close(True)

    def test_extension_installed(self):
        ids = [e[0] for e in self.office.extensions()]
        self.assertIn("org.calccrm.extension", ids)

    def test_english_ui(self):
        self.assertEqual(self.sheet.Name, "Sheet1")
        self.assertEqual(self.office.function_by_id(crmoffice.SUM_ID)["Name"], "SUM")

    def test_sum_and_rank(self):
        set_data(self.sheet, "A1", [[30], [10], [20], [40]])
        set_formulas(self.sheet, "B1", [["=RANK(A1;$A$1:$A$4)"], ["=RANK(A2;$A$1:$A$4)"],
                                         ["=RANK(A3;$A$1:$A$4)"], ["=RANK(A4;$A$1:$A$4)"]])
        set_formulas(self.sheet, "C1", [["=SUM(A1:A4)", "=SUM(B1:B4)"]])
        t = recalc_all(self.doc)
        self.assertGreaterEqual(t, 0.0)
        self.assertEqual(get_data(self.sheet, "A1:B4"),
                         [[30.0, 2.0], [10.0, 4.0], [20.0, 3.0], [40.0, 1.0]])
        self.assertEqual(get_data(self.sheet, "C1:D1"), [[100.0, 10.0]])
        self.assertEqual(get_formulas(self.sheet, "C1"), [["=SUM(A1:A4)"]])
        # values change after an edit and a recalc
        set_data(self.sheet, "A2", [[50]])
        recalc_all(self.doc)
        self.assertEqual(get_data(self.sheet, "B2"), [[1.0]])
        self.assertEqual(get_data(self.sheet, "C1"), [[140.0]])

    def test_error_codes(self):
        set_formulas(self.sheet, "A1", [["=1/0", "=MOD(1)", "=ROUND()", "=NOSUCHFUNC(1)", "=1+1"]])
        recalc_all(self.doc)
        self.assertEqual(cell_error(cell(self.sheet, "A1")), 532)
        self.assertEqual(cell_text(cell(self.sheet, "A1")), "#DIV/0!")
        # a built-in called with a missing argument: Err:511 "missing variable"
        # (an add-in with a missing argument gives Err:504, see uno-notes.md)
        self.assertEqual(cell_error(cell(self.sheet, "B1")), 511)
        self.assertEqual(cell_text(cell(self.sheet, "B1")), "Err:511")
        self.assertEqual(cell_error(cell(self.sheet, "C1")), 511)
        self.assertEqual(cell_error(cell(self.sheet, "D1")), 525)   # #NAME?
        self.assertEqual(cell_error(cell(self.sheet, "E1")), 0)
        self.assertEqual(cell_text(cell(self.sheet, "E1")), "2")

    def test_fill_down(self):
        n = 2000
        set_data(self.sheet, "A1", [[i] for i in range(1, n + 1)])
        set_formulas(self.sheet, "B1", [["=A1*2", "=A1+C$1"]])
        fill_down(self.sheet, "B1:C1", n)
        recalc_all(self.doc)
        self.assertEqual(get_formulas(self.sheet, "B%d:C%d" % (n, n)),
                         [["=A%d*2" % n, "=A%d+C$1" % n]])
        col = get_data(self.sheet, "B1:B%d" % n)
        self.assertEqual([r[0] for r in col], [2.0 * i for i in range(1, n + 1)])
        self.assertEqual(get_data(self.sheet, "B%d" % (n + 1)), [[""]])

    def test_save_and_reload(self):
        set_data(self.sheet, "A1", [[1.5], [2.5], ["text"]])
        set_formulas(self.sheet, "B1", [["=SUM(A1:A2)"], ["=RANK(A1;A1:A2)"], ["=1/0"]])
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "saved.ods")
            self.office.save_as(self.doc, path)
            self.assertTrue(os.path.getsize(path) > 0)
            doc2 = self.office.load(path)
            try:
                s2 = doc2.Sheets.getByIndex(0)
                self.assertEqual(get_formulas(s2, "B1:B3"),
                                 [["=SUM(A1:A2)"], ["=RANK(A1;A1:A2)"], ["=1/0"]])
                self.assertEqual(get_data(s2, "A1:B2"), [[1.5, 4.0], [2.5, 2.0]])
                self.assertEqual(get_data(s2, "A3"), [["text"]])
                self.assertEqual(cell_error(cell(s2, "B3")), 532)
            finally:
                doc2.close(True)
            # filter chosen from the extension
            xlsx = self.office.save_as(self.doc, os.path.join(d, "saved.xlsx"), filter=None)
            self.assertTrue(os.path.getsize(xlsx) > 0)

    def test_clear_errors(self):
        with self.assertRaisesRegex(OfficeError, "no such file"):
            self.office.load("/nonexistent/x.ods")
        with self.assertRaisesRegex(OfficeError, "rows have different lengths"):
            set_formulas(self.sheet, "A1", [["=1", "=2"], ["=3"]])
        with self.assertRaisesRegex(OfficeError, "get_data NOT_A_RANGE failed"):
            get_data(self.sheet, "NOT_A_RANGE")
        with self.assertRaisesRegex(OfficeError, "directory does not exist"):
            self.office.save_as(self.doc, "/nonexistent/dir/x.ods")
        with self.assertRaises(ValueError):
            Office(locale="de-DE")


class LocaleTest(unittest.TestCase):
    def check_locale(self, locale, sheet1, sum_name, sum_description):
        with Office(locale=locale) as office:
            self.assertEqual(office.config_value("/org.openoffice.Office.Linguistic/General",
                                                 "UILocale"), locale)
            # soffice rewrites ooLocale to the installed UI language it matched
            # ("fr" for fr-FR, "zh-CN" for zh-CN)
            self.assertTrue(locale.startswith(
                office.config_value("/org.openoffice.Setup/L10N", "ooLocale")))
            info = office.function_by_id(crmoffice.SUM_ID)
            self.assertEqual(info["Name"], sum_name)
            self.assertEqual(info["Description"], sum_description)
            doc = office.new_calc()
            sheet = doc.Sheets.getByIndex(0)
            self.assertEqual(sheet.Name, sheet1)
            # the API keeps English function names whatever the UI language
            set_formulas(sheet, "A1", [["1", "2", "=SUM(A1:B1)"]])
            recalc_all(doc)
            self.assertEqual(get_data(sheet, "C1"), [[3.0]])
            self.assertEqual(get_formulas(sheet, "C1"), [["=SUM(A1:B1)"]])

    def test_french(self):
        self.check_locale("fr-FR", "Feuille1", "SOMME", "Calcule la somme des arguments.")

    def test_simplified_chinese(self):
        self.check_locale("zh-CN", "工作表1", "SUM", "元素汇总求和。")

    def test_traditional_chinese(self):
        self.check_locale("zh-TW", "工作表1", "SUM", "傳回所有引數的總和。")


class IsolationAndCleanupTest(unittest.TestCase):
    def test_one_after_another(self):
        seen = []
        for _ in range(2):
            with Office() as office:
                self.assertEqual(len(pids_of(office.pipe_name)), 2)  # oosplash + soffice.bin
                seen.append((office.pipe_name, office.pid, office.profile))
                self.assertEqual(office.documents(), [])
                office.new_calc()
            self.assertEqual(pids_of(seen[-1][0]), [])
            self.assertFalse(os.path.exists(seen[-1][2]), "profile not removed")
        self.assertNotEqual(seen[0][0], seen[1][0])
        self.assertNotEqual(seen[0][1], seen[1][1])

    def test_concurrent_nested(self):
        with Office() as a, Office(locale="fr-FR") as b:
            self.assertNotEqual(a.pipe_name, b.pipe_name)
            doc_a = a.new_calc()
            set_data(doc_a.Sheets.getByIndex(0), "A1", [[1]])
            self.assertEqual(len(a.documents()), 1)
            self.assertEqual(b.documents(), [])          # b sees nothing of a
            doc_b = b.new_calc()
            self.assertEqual(doc_b.Sheets.getByIndex(0).Name, "Feuille1")
            self.assertEqual(doc_a.Sheets.getByIndex(0).Name, "Sheet1")
            self.assertEqual(len(a.documents()), 1)
            pa, pb = set(pids_of(a.pipe_name)), set(pids_of(b.pipe_name))
            self.assertTrue(pa and pb and not (pa & pb))
        self.assertEqual(pids_of(a.pipe_name) + pids_of(b.pipe_name), [])

    def test_concurrent_threads(self):
        results, errors = {}, []

        def work(i):
            try:
                with Office() as office:
                    doc = office.new_calc()
                    sheet = doc.Sheets.getByIndex(0)
                    set_data(sheet, "A1", [[i], [i]])
                    set_formulas(sheet, "A3", [["=SUM(A1:A2)"]])
                    recalc_all(doc)
                    results[i] = (get_data(sheet, "A3")[0][0], len(office.documents()),
                                  office.pipe_name)
            except Exception as e:  # reported below
                errors.append(e)
        threads = [threading.Thread(target=work, args=(i,)) for i in (1, 2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(180)
        self.assertEqual(errors, [])
        self.assertEqual(results[1][:2], (2.0, 1))
        self.assertEqual(results[2][:2], (4.0, 1))
        self.assertEqual(pids_of(results[1][2]) + pids_of(results[2][2]), [])

    def test_gone_after_exception_in_block(self):
        with self.assertRaises(ZeroDivisionError):
            with Office() as office:
                pipe, profile = office.pipe_name, office.profile
                doc = office.new_calc()
                set_data(doc.Sheets.getByIndex(0), "A1", [[1]])   # modified document
                1 / 0
        self.assertEqual(pids_of(pipe), [])
        self.assertFalse(os.path.exists(profile))

    def test_no_pipe_file_left_after_kill(self):
        with Office() as office:
            pipe = office.pipe_name
            digest = hashlib.md5(("file://" + office.profile).encode("utf-16-le")).digest()
            ipc = "OSL_PIPE_%d_SingleOfficeIPC_%s" % (os.getuid(),
                                                      "".join("%x" % b for b in digest))
            pipes = crmoffice.OSL_PIPE_DIR  # the office's own pipe directory
            self.assertTrue(os.path.exists(os.path.join(pipes, ipc)))
            self.assertTrue(os.path.exists(os.path.join(pipes, "OSL_PIPE_%d_%s" % (os.getuid(), pipe))))
            os.kill(soffice_bin_pid(pipe), signal.SIGKILL)
        self.assertEqual([f for f in os.listdir(pipes) if pipe in f or f == ipc], [])

    def test_hung_office_call_times_out_and_exit_kills(self):
        office = Office(call_timeout=3, exit_timeout=4)
        with office:
            pipe = office.pipe_name
            os.kill(soffice_bin_pid(pipe), signal.SIGSTOP)   # simulate a hang
            t0 = time.monotonic()
            with self.assertRaisesRegex(OfficeTimeout, "new_calc did not finish within 3 s"):
                office.new_calc()
            self.assertLess(time.monotonic() - t0, 10)
            with self.assertRaisesRegex(OfficeError, "not running.*killed by watchdog"):
                office.new_calc()
        self.assertEqual(pids_of(pipe), [])

    def test_hung_office_at_exit_is_killed(self):
        t0 = time.monotonic()
        with Office(exit_timeout=4) as office:
            pipe = office.pipe_name
            office.new_calc()
            os.kill(soffice_bin_pid(pipe), signal.SIGSTOP)
            t0 = time.monotonic()
        self.assertLess(time.monotonic() - t0, 15)
        self.assertEqual(pids_of(pipe), [])

    def test_dead_office_is_reported(self):
        with Office() as office:
            os.kill(soffice_bin_pid(office.pipe_name), signal.SIGKILL)
            time.sleep(1)
            with self.assertRaises(OfficeError):
                office.new_calc()

    def test_keep_and_busy_profile(self):
        with tempfile.TemporaryDirectory() as d:
            prof = os.path.join(d, "p")
            with Office(profile_dir=prof, keep=True) as first:
                self.assertEqual(first.profile, prof)
                # a second office on a busy profile hands over and exits: clear error
                with self.assertRaisesRegex(OfficeError, "exited with code"):
                    with Office(profile_dir=prof):
                        pass
                self.assertTrue(first.is_running())
                self.assertEqual(first.documents(), [])
            self.assertTrue(os.path.isdir(os.path.join(prof, "user")))  # kept

    def test_bad_oxt_reports_unopkg_output(self):
        with tempfile.NamedTemporaryFile(suffix=".oxt") as f:
            f.write(b"not a zip")
            f.flush()
            with self.assertRaisesRegex(OfficeError, "(?s)unopkg add .* failed.*Zip"):
                with Office(oxt=f.name):
                    pass
        with self.assertRaisesRegex(OfficeError, "extension not found"):
            with Office(oxt="/nonexistent.oxt"):
                pass


@unittest.skipUnless(os.environ.get("DISPLAY"), "needs DISPLAY: run under xvfb-run")
class VisibleTest(unittest.TestCase):
    def test_visible_calc_window_screenshot(self):
        self.check_screenshot("en-US", "visible_calc.png")

    def test_visible_french_calc_window_screenshot(self):
        self.check_screenshot("fr-FR", "visible_calc_fr.png")

    def check_screenshot(self, locale, name):
        os.makedirs(ARTIFACTS, exist_ok=True)
        path = os.path.join(ARTIFACTS, name)
        with Office(visible=True, locale=locale) as office:
            doc = office.new_calc()
            sheet = doc.Sheets.getByIndex(0)
            set_data(sheet, "A1", [["crmoffice"], [1], [2]])
            set_formulas(sheet, "A4", [["=SUM(A2:A3)"]])
            window = doc.getCurrentController().getFrame().getContainerWindow()
            window.setPosSize(0, 0, 1280, 800, 15)
            self.assertTrue(window.isVisible())
            time.sleep(3)   # let the window paint
            screenshot(path)
        self.assertGreater(os.path.getsize(path), 10000)
        r = subprocess.run(["identify", "-format", "%w %h %[fx:standard_deviation]", path],
                           stdout=subprocess.PIPE, text=True, check=True)
        w, h, sd = r.stdout.split()
        self.assertEqual((w, h), ("1280", "800"))
        self.assertGreater(float(sd), 0.01)   # not a blank screen

    def test_screenshot_needs_display(self):
        saved = os.environ.pop("DISPLAY")
        try:
            with self.assertRaisesRegex(OfficeError, "needs DISPLAY"):
                with tempfile.TemporaryDirectory() as tmp:
                    screenshot(os.path.join(tmp, "never.png"))
        finally:
            os.environ["DISPLAY"] = saved


if __name__ == "__main__":
    unittest.main()
