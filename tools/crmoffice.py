"""crmoffice: drive a real (headless or Xvfb-visible) LibreOffice 7.4 from tests.

Stdlib + python3-uno only; run with /usr/bin/python3 (the pyenv python has no uno).

    with Office(oxt="build/calc-crm.oxt", locale="fr-FR") as office:
        doc = office.new_calc()
        sheet = doc.Sheets.getByIndex(0)
        set_data(sheet, "A1", [[1], [2], [3]])
        set_formulas(sheet, "B1", [["=SUM(A1:A3)"]])
        recalc_all(doc)
        assert get_data(sheet, "B1") == [[6.0]]

Robustness rules (measured on LibreOffice 7.4.7):
- every office gets its own throwaway profile and a unique pipe name, so two
  offices never talk to each other's soffice;
- soffice runs in its own process group (own session); on exit the group is
  killed with SIGKILL whatever happened, plus an atexit fallback;
- every UNO call made through this module runs under a watchdog timer: if it
  does not return in time the office is killed (the only way to unblock a
  Python thread stuck in a UNO call) and OfficeTimeout is raised.
"""

import atexit
import contextlib
import hashlib
import itertools
import os
import re
import secrets
import shutil
import signal
import subprocess
import tempfile
import threading
import time
import weakref

import uno  # python3-uno; only importable from /usr/bin/python3

import crmpaths

PROGRAM_DIR = crmpaths.program_dir()  # as CMake detected it (BUILD/office-paths.json)
SOFFICE = PROGRAM_DIR + "/soffice"
UNOPKG = PROGRAM_DIR + "/unopkg"
NOBODY = 65534
# Where LibreOffice's osl layer puts its named pipes, whatever TMPDIR says (PIPEDEFAULTPATH in
# sal/osl/unx/pipe.cxx): the office's choice, not a file of ours.
OSL_PIPE_DIR = "/tmp"

# Function id (OpCode) of SUM in com.sun.star.sheet.FunctionDescriptions.
SUM_ID = 224
RANK_ID = 331

# Per supported UI locale: the l10n resource dir that must exist, and the
# localized built-in strings used to prove the locale took effect (measured
# on LibreOffice 7.4.7 with libreoffice-l10n-fr/-zh-cn/-zh-tw).
LOCALES = {
    "en-US": {"resource": None, "sum_name": "SUM",
              "sum_description": "Returns the sum of all arguments.",
              "sheet1": "Sheet1"},
    "fr-FR": {"resource": "fr", "sum_name": "SOMME",
              "sum_description": "Calcule la somme des arguments.",
              "sheet1": "Feuille1"},
    "zh-CN": {"resource": "zh_CN", "sum_name": "SUM",
              "sum_description": "元素汇总求和。",
              "sheet1": "工作表1"},
    "zh-TW": {"resource": "zh_TW", "sum_name": "SUM",
              "sum_description": "傳回所有引數的總和。",
              "sheet1": "工作表1"},
}

# Filters for save_as(filter=None): chosen from the file extension.
FILTERS_BY_EXT = {
    ".ods": "calc8",
    ".xlsx": "Calc MS Excel 2007 XML",
    ".xls": "MS Excel 97",
    ".csv": "Text - txt - csv (StarCalc)",
    ".pdf": "calc_pdf_Export",
}


class OfficeError(RuntimeError):
    """Anything that went wrong while starting, driving or stopping the office."""


class OfficeTimeout(OfficeError):
    """A UNO call or a start/stop step did not finish in time; soffice was killed."""


_live_offices = weakref.WeakSet()   # for the atexit fallback and helper guards
_thread_state = threading.local()   # stack of offices entered in this thread
_counter = itertools.count(1)


def _kill_group(pgid):
    """SIGKILL a whole process group; silently ignore a group that is gone."""
    try:
        os.killpg(pgid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


@atexit.register
def _kill_all_at_exit():
    for office in list(_live_offices):
        office._hard_kill()


def _tail(path, limit=3000):
    try:
        with open(path, "rb") as f:
            data = f.read()
        return data[-limit:].decode("utf-8", "replace")
    except OSError:
        return ""


def _xcu_items(locale):
    return (
        '<item oor:path="/org.openoffice.Office.Linguistic/General">'
        '<prop oor:name="UILocale" oor:op="fuse"><value>%s</value></prop></item>\n'
        '<item oor:path="/org.openoffice.Setup/L10N">'
        '<prop oor:name="ooLocale" oor:op="fuse"><value>%s</value></prop></item>\n'
        % (locale, locale))


_XCU_HEADER = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<oor:items xmlns:oor="http://openoffice.org/2001/registry" '
    'xmlns:xs="http://www.w3.org/2001/XMLSchema" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n')


def write_ui_locale(profile, locale):
    """Put UILocale and ooLocale into <profile>/user/registrymodifications.xcu.

    Merges into an existing file (unopkg creates one): previous items for the
    same two properties are removed first.
    """
    user = os.path.join(profile, "user")
    os.makedirs(user, exist_ok=True)
    path = os.path.join(user, "registrymodifications.xcu")
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            text = f.read()
        text = re.sub(r'<item oor:path="/org\.openoffice\.Office\.Linguistic/General">'
                      r'<prop oor:name="UILocale".*?</item>\s*', "", text, flags=re.S)
        text = re.sub(r'<item oor:path="/org\.openoffice\.Setup/L10N">'
                      r'<prop oor:name="ooLocale".*?</item>\s*', "", text, flags=re.S)
        if "</oor:items>" not in text:
            raise OfficeError("unexpected registrymodifications.xcu in %s" % user)
        text = text.replace("</oor:items>", _xcu_items(locale) + "</oor:items>", 1)
    else:
        text = _XCU_HEADER + _xcu_items(locale) + "</oor:items>\n"
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def props(**kw):
    """Keyword arguments as a tuple of PropertyValues (the options of UNO calls and of the jobs)."""
    from com.sun.star.beans import PropertyValue
    out = []
    for name, value in kw.items():
        pv = PropertyValue()
        pv.Name = name
        pv.Value = value
        out.append(pv)
    return tuple(out)


def as_dict(values):
    """A sequence of PropertyValues (e.g. a job's result) as a dict."""
    return {p.Name: p.Value for p in values}


class Office:
    """A private soffice process on a throwaway profile, as a context manager.

    oxt: extension installed with unopkg (as nobody when root) before start.
    locale: en-US, fr-FR, zh-CN or zh-TW; written into the profile's
      registrymodifications.xcu before start and verified after it.
    visible: no --headless/--invisible; needs DISPLAY (xvfb-run).
    profile_dir: use this UserInstallation dir instead of a temp one; it is
      deleted at exit only if this Office created it (and keep is False).
    keep: leave the profile on disk (the soffice temp dir always goes).
    start_timeout / call_timeout / exit_timeout: seconds before the office
      is declared dead or hung and killed.

    Attributes after __enter__: ctx, smgr, desktop, pid, pipe_name, profile,
    timings (dict of seconds: 'unopkg', 'start'), locale.
    """

    def __init__(self, oxt=None, locale="en-US", visible=False, profile_dir=None,
                 keep=False, start_timeout=60.0, call_timeout=120.0,
                 exit_timeout=20.0, verify_locale=True):
        if locale not in LOCALES:
            raise ValueError("unsupported locale %r; use one of %s"
                             % (locale, ", ".join(sorted(LOCALES))))
        self.oxt = os.path.abspath(oxt) if oxt else None
        self.locale = locale
        self.visible = visible
        self.keep = keep
        self.start_timeout = start_timeout
        self.call_timeout = call_timeout
        self.exit_timeout = exit_timeout
        self.verify_locale = verify_locale
        self._given_profile = os.path.abspath(profile_dir) if profile_dir else None
        self._tmp_base = None
        self._owns_profile = False
        self._connected = False
        self._soffice_tmp = None
        self.profile = None
        self.pipe_name = "crmoffice_%d_%d_%s" % (os.getpid(), next(_counter),
                                                 secrets.token_hex(4))
        self.proc = None
        self.pid = None
        self.ctx = self.smgr = self.desktop = None
        self.timings = {}
        self.log_path = None
        self._killed_by_watchdog = None
        self._lock = threading.Lock()

    # ------------------------------------------------------------ lifecycle
    def __enter__(self):
        try:
            self._start()
        except BaseException:
            self._shutdown()
            raise
        _live_offices.add(self)
        stack = getattr(_thread_state, "stack", None)
        if stack is None:
            stack = _thread_state.stack = []
        stack.append(self)
        return self

    def __exit__(self, *exc):
        stack = getattr(_thread_state, "stack", [])
        if self in stack:
            stack.remove(self)
        self._shutdown()
        return False

    def _start(self):
        for tool in (SOFFICE, UNOPKG):
            if not os.access(tool, os.X_OK):
                raise OfficeError("LibreOffice not found: %s" % tool)
        res = LOCALES[self.locale]["resource"]
        if res and not os.path.isdir(os.path.join(PROGRAM_DIR, "resource", res)):
            raise OfficeError("UI locale %s needs the libreoffice-l10n package "
                              "(missing %s/resource/%s)" % (self.locale, PROGRAM_DIR, res))
        if self.visible and not os.environ.get("DISPLAY"):
            raise OfficeError("visible=True needs an X display: run under "
                              "xvfb-run -a -s '-screen 0 1280x800x24'")
        if self._given_profile:
            self.profile = self._given_profile
            # A directory the caller already had is theirs: never deleted.
            self._owns_profile = not os.path.exists(self.profile)
            os.makedirs(self.profile, exist_ok=True)
        else:
            self._tmp_base = tempfile.mkdtemp(prefix="crmoffice-")
            self.profile = os.path.join(self._tmp_base, "profile")
            os.makedirs(self.profile)
        self.log_path = os.path.join(self._tmp_base or self.profile, "soffice.log")

        if self.oxt:
            self._install_oxt()
        write_ui_locale(self.profile, self.locale)
        self._launch_and_connect()
        if self.verify_locale:
            self._verify_locale()

    def _install_oxt(self):
        if not os.path.isfile(self.oxt):
            raise OfficeError("extension not found: %s" % self.oxt)
        # unopkg refuses to run as root without --shared: run it as nobody,
        # on a profile nobody owns, with a copy of the .oxt nobody can read.
        stage = os.path.join(self.profile, "oxt-staging")
        os.makedirs(stage, exist_ok=True)
        oxt_copy = os.path.join(stage, os.path.basename(self.oxt))
        shutil.copyfile(self.oxt, oxt_copy)
        unopkg_tmp = os.path.join(stage, "tmp")   # unopkg leaves lu*.tmp dirs
        os.makedirs(unopkg_tmp, exist_ok=True)
        if os.geteuid() == 0:
            for root, dirs, files in os.walk(self.profile):
                for name in dirs + files:
                    os.lchown(os.path.join(root, name), NOBODY, NOBODY)
            os.chown(self.profile, NOBODY, NOBODY)
            # nobody must be able to reach the profile through its parents
            os.chmod(self._tmp_base or self.profile, 0o755)
            # URE_MORE_TYPES is the client's (the extension's types for a script's bridge): unopkg reads it too,
            # and crashed (SIGSEGV) when nobody could not read a clone's build tree inside a 0700 folder.
            cmd = ["setpriv", "--reuid=%d" % NOBODY, "--regid=%d" % NOBODY,
                   "--clear-groups", "env", "-u", "URE_MORE_TYPES", "HOME=" + self.profile,
                   "TMPDIR=" + unopkg_tmp, UNOPKG]
        else:
            cmd = ["env", "-u", "URE_MORE_TYPES", "HOME=" + self.profile, "TMPDIR=" + unopkg_tmp, UNOPKG]
        cmd += ["add", "-s", "-env:UserInstallation=file://" + self.profile, oxt_copy]
        t0 = time.monotonic()
        try:
            # unopkg's script returns to the caller's directory, which nobody may not be allowed to
            # enter (a clone inside a 0700 temporary folder): it runs from the profile instead.
            r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               timeout=120, start_new_session=True, cwd=self.profile)
        except subprocess.TimeoutExpired as e:
            raise OfficeTimeout("unopkg add %s hung for 120 s; output:\n%s"
                                % (self.oxt, (e.output or b"").decode("utf-8", "replace")))
        self.timings["unopkg"] = time.monotonic() - t0
        out = r.stdout.decode("utf-8", "replace")
        if r.returncode != 0 or "ERROR" in out:
            raise OfficeError("unopkg add %s failed (exit %d):\n%s"
                              % (self.oxt, r.returncode, out.strip()))
        self.unopkg_output = out

    def _launch_and_connect(self):
        cmd = [SOFFICE]
        if not self.visible:
            cmd += ["--headless", "--invisible"]
        cmd += ["--norestore", "--nologo", "--nodefault", "--nolockcheck",
                "-env:UserInstallation=file://" + self.profile,
                "--accept=pipe,name=%s;urp;" % self.pipe_name]
        env = dict(os.environ)
        env.pop("URE_MORE_TYPES", None)  # the client's type list, not the office's (it has the extension installed)
        # soffice's own temp files (lu*.tmp dirs, left behind when it is
        # killed) go to a private dir removed at exit, even with keep=True.
        self._soffice_tmp = tempfile.mkdtemp(prefix="crmoffice-tmp-")
        env["TMPDIR"] = self._soffice_tmp
        if not self.visible:
            env.pop("DISPLAY", None)
        t0 = time.monotonic()
        with open(self.log_path, "ab") as log:
            self.proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=log,
                                         stderr=log, env=env, start_new_session=True)
        self.pid = self.proc.pid  # also the process group id
        _live_offices.add(self)   # atexit fallback from now on

        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext(
            "com.sun.star.bridge.UnoUrlResolver", local)
        url = "uno:pipe,name=%s;urp;StarOffice.ComponentContext" % self.pipe_name
        deadline = t0 + self.start_timeout
        last = None
        while True:
            code = self.proc.poll()
            if code is not None:
                raise OfficeError(
                    "soffice exited with code %s before accepting connections "
                    "(profile %s in use by another office?); log:\n%s"
                    % (code, self.profile, _tail(self.log_path)))
            try:
                self.ctx = resolver.resolve(url)
                self._connected = True
                break
            except Exception as e:  # NoConnectException while starting
                last = e
            if time.monotonic() > deadline:
                raise OfficeTimeout("soffice did not accept %s within %.0f s "
                                    "(last error: %s); log:\n%s"
                                    % (url, self.start_timeout, last,
                                       _tail(self.log_path)))
            time.sleep(0.1)
        self.smgr = self.ctx.ServiceManager
        self.desktop = self.smgr.createInstanceWithContext(
            "com.sun.star.frame.Desktop", self.ctx)
        self.timings["start"] = time.monotonic() - t0

    def _verify_locale(self):
        want = LOCALES[self.locale]
        got = self.config_value("/org.openoffice.Office.Linguistic/General", "UILocale")
        if got != self.locale:
            raise OfficeError("UI locale did not take effect: UILocale is %r, wanted %r"
                              % (got, self.locale))
        info = self.function_by_id(SUM_ID)
        if info["Description"] != want["sum_description"] or info["Name"] != want["sum_name"]:
            raise OfficeError(
                "UI locale %s did not take effect: SUM shows as %r / %r, expected %r / %r"
                % (self.locale, info["Name"], info["Description"],
                   want["sum_name"], want["sum_description"]))

    def _shutdown(self):
        """Close documents, terminate, then kill the process group for sure."""
        try:
            if self.desktop is not None and self.proc is not None and self.proc.poll() is None:
                self._close_all_documents()
                self._terminate_desktop()
        except Exception:
            pass  # the process group is killed below anyway
        finally:
            self._hard_kill()
            self.ctx = self.smgr = self.desktop = None
            _live_offices.discard(self)
            if self._soffice_tmp:
                shutil.rmtree(self._soffice_tmp, ignore_errors=True)
            if not self.keep:
                target = self._tmp_base or (self.profile if self._owns_profile else None)
                if target:
                    shutil.rmtree(target, ignore_errors=True)

    def _close_all_documents(self):
        def close_all():
            docs = []
            enum = self.desktop.getComponents().createEnumeration()
            while enum.hasMoreElements():
                docs.append(enum.nextElement())
            for doc in docs:
                try:
                    if hasattr(doc, "setModified"):
                        doc.setModified(False)
                    doc.close(True)
                except Exception:
                    try:
                        doc.dispose()
                    except Exception:
                        pass
        self._run_with_timeout(close_all, self.exit_timeout / 2, "closing documents")

    def _terminate_desktop(self):
        try:
            self._run_with_timeout(self.desktop.terminate, self.exit_timeout / 2,
                                   "desktop.terminate()")
        except Exception:
            pass  # DisposedException is normal: the bridge goes away
        try:
            self.proc.wait(timeout=self.exit_timeout / 2)
        except subprocess.TimeoutExpired:
            pass

    @staticmethod
    def _run_with_timeout(fn, timeout, what):
        """Run fn in a daemon thread; OfficeTimeout if it does not return in time."""
        box = {}

        def runner():
            try:
                box["value"] = fn()
            except BaseException as e:  # re-raised in the caller
                box["error"] = e
        t = threading.Thread(target=runner, daemon=True, name="crmoffice:" + what)
        t.start()
        t.join(timeout)
        if t.is_alive():
            raise OfficeTimeout("%s did not return within %.0f s" % (what, timeout))
        if "error" in box:
            raise box["error"]
        return box.get("value")

    def _hard_kill(self):
        proc = self.proc
        if proc is None:
            return
        _kill_group(proc.pid)
        # soffice.bin is in our session/group; kill any stray by pipe name too.
        try:
            r = subprocess.run(["pgrep", "-f", self.pipe_name], stdout=subprocess.PIPE,
                               timeout=10)
            for pid in r.stdout.split():
                try:
                    os.kill(int(pid), signal.SIGKILL)
                except (ProcessLookupError, ValueError):
                    pass
        except (OSError, subprocess.TimeoutExpired):
            pass
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass
        # A killed soffice leaves its pipe sockets in OSL_PIPE_DIR: the --accept one
        # and the per-profile single-instance one, named after the MD5 of the
        # UTF-16LE UserInstallation URL, bytes as unpadded hex
        # (desktop/source/app/officeipcthread.cxx, checked on 7.4.7).
        names = [self.pipe_name]
        if self.profile and self._connected:  # else it may be another office's
            digest = hashlib.md5(("file://" + self.profile).encode("utf-16-le")).digest()
            names.append("SingleOfficeIPC_" + "".join("%x" % b for b in digest))
        for name in names:
            with contextlib.suppress(OSError):
                os.unlink(os.path.join(OSL_PIPE_DIR, "OSL_PIPE_%d_%s" % (os.getuid(), name)))

    def is_running(self):
        return self.proc is not None and self.proc.poll() is None

    # --------------------------------------------------------------- guard
    @contextlib.contextmanager
    def guard(self, what, timeout=None):
        """Run a block of UNO calls; kill soffice and raise if it takes too long.

        Any UNO exception is re-raised as OfficeError naming `what`.
        """
        timeout = self.call_timeout if timeout is None else timeout
        fired = []

        def on_timeout():
            fired.append(True)
            self._killed_by_watchdog = what
            _kill_group(self.pid)
        timer = threading.Timer(timeout, on_timeout)
        timer.daemon = True
        timer.start()
        try:
            yield
        except OfficeError:
            raise
        except Exception as e:
            if fired:
                raise OfficeTimeout("%s did not finish within %.0f s; soffice was killed"
                                    % (what, timeout)) from e
            if self.proc is not None and self.proc.poll() is not None:
                raise OfficeError("%s failed: soffice is dead (exit %s): %s: %s"
                                  % (what, self.proc.returncode, type(e).__name__, e)) from e
            raise OfficeError("%s failed: %s: %s" % (what, type(e).__name__,
                                                      getattr(e, "Message", e) or e)) from e
        finally:
            timer.cancel()
        if fired:
            raise OfficeTimeout("%s did not finish within %.0f s; soffice was killed"
                                % (what, timeout))

    # ------------------------------------------------------------ documents
    def _require_running(self):
        if self.desktop is None or not self.is_running():
            raise OfficeError("office is not running (pipe %s%s)" % (
                self.pipe_name, "; killed by watchdog during %s" % self._killed_by_watchdog
                if self._killed_by_watchdog else ""))

    def new_calc(self, hidden=False):
        """A new spreadsheet. Keep hidden=False: hidden documents record no undo."""
        self._require_running()
        args = props(Hidden=True) if hidden else ()
        with self.guard("new_calc"):
            doc = self.desktop.loadComponentFromURL("private:factory/scalc", "_blank", 0, args)
        if doc is None:
            raise OfficeError("new_calc: loadComponentFromURL returned nothing")
        return doc

    def load(self, path, hidden=False):
        self._require_running()
        path = os.path.abspath(path)
        if not os.path.isfile(path):
            raise OfficeError("load: no such file %s" % path)
        args = props(Hidden=True) if hidden else ()
        with self.guard("load %s" % path):
            doc = self.desktop.loadComponentFromURL(uno.systemPathToFileUrl(path),
                                                    "_blank", 0, args)
        if doc is None:
            raise OfficeError("load: LibreOffice could not open %s" % path)
        return doc

    def save_as(self, doc, path, filter="calc8"):
        """Store doc at path (overwriting). filter=None picks one from the extension."""
        self._require_running()
        path = os.path.abspath(path)
        if filter is None:
            ext = os.path.splitext(path)[1].lower()
            if ext not in FILTERS_BY_EXT:
                raise OfficeError("save_as: no filter known for %r" % ext)
            filter = FILTERS_BY_EXT[ext]
        if not os.path.isdir(os.path.dirname(path)):
            raise OfficeError("save_as: directory does not exist: %s" % os.path.dirname(path))
        with self.guard("save_as %s (%s)" % (path, filter)):
            doc.storeAsURL(uno.systemPathToFileUrl(path),
                           props(FilterName=filter, Overwrite=True))
        return path

    def documents(self):
        self._require_running()
        with self.guard("documents"):
            enum = self.desktop.getComponents().createEnumeration()
            out = []
            while enum.hasMoreElements():
                out.append(enum.nextElement())
        return out

    # -------------------------------------------------------- configuration
    def config_value(self, nodepath, prop):
        self._require_running()
        with self.guard("read config %s/%s" % (nodepath, prop)):
            cp = self.smgr.createInstanceWithContext(
                "com.sun.star.configuration.ConfigurationProvider", self.ctx)
            node = cp.createInstanceWithArguments(
                "com.sun.star.configuration.ConfigurationAccess", props(nodepath=nodepath))
            return node.getByName(prop)

    def function_descriptions(self):
        """All Calc functions (built-in and add-in) as the UI shows them:
        list of dicts Id, Category, Name, Description, Arguments[(name, desc)]."""
        self._require_running()
        with self.guard("FunctionDescriptions"):
            fd = self.smgr.createInstanceWithContext(
                "com.sun.star.sheet.FunctionDescriptions", self.ctx)
            out = []
            for i in range(fd.getCount()):
                d = {pv.Name: pv.Value for pv in fd.getByIndex(i)}
                d["Arguments"] = [(a.Name, a.Description) for a in (d.get("Arguments") or ())]
                out.append(d)
        return out

    def extensions(self):
        """Installed extensions as (identifier, version) pairs."""
        self._require_running()
        with self.guard("list extensions"):
            pip = self.ctx.getValueByName(
                "/singletons/com.sun.star.deployment.PackageInformationProvider")
            return [tuple(e) for e in pip.getExtensionList()]

    def function_by_id(self, function_id):
        for d in self.function_descriptions():
            if d["Id"] == function_id:
                return d
        raise OfficeError("no function with id %r" % function_id)


# The cell helpers live in crmsheets.py; re-exported here, where the tests look for them.
from crmsheets import (cell, cell_error, cell_text, fill_down, get_data, get_formulas,  # noqa: E402,F401
                       recalc_all, screenshot, set_data, set_formulas)
