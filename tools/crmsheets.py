"""crmsheets: the cell helpers of crmoffice (write and read blocks, fill down, recalculate, screenshot).

crmoffice re-exports them (crmoffice.set_data, ...), which is how the tests call them. Each helper runs under
the watchdog of the office entered last in this thread (crmoffice.Office.guard), or of the only live office.
"""
import contextlib
import os
import subprocess
import time

import crmoffice

def _office_for_helpers():
    """The office entered last in this thread, else the only live one (the helpers run under its guard)."""
    stack = getattr(crmoffice._thread_state, "stack", None)
    if stack:
        return stack[-1]
    live = list(crmoffice._live_offices)
    return live[0] if len(live) == 1 else None


@contextlib.contextmanager
def _guarded(what):
    office = _office_for_helpers()
    if office is None:
        try:
            yield
        except crmoffice.OfficeError:
            raise
        except Exception as e:
            raise crmoffice.OfficeError("%s failed: %s: %s" % (what, type(e).__name__, e)) from e
    else:
        with office.guard(what):
            yield


def _block(sheet, top_left, rows, what):
    rows = [list(r) for r in rows]
    if not rows or not rows[0]:
        raise crmoffice.OfficeError("%s: empty block" % what)
    width = len(rows[0])
    if any(len(r) != width for r in rows):
        raise crmoffice.OfficeError("%s: rows have different lengths" % what)
    addr = sheet.getCellRangeByName(top_left).getRangeAddress()
    rng = sheet.getCellRangeByPosition(addr.StartColumn, addr.StartRow,
                                       addr.StartColumn + width - 1,
                                       addr.StartRow + len(rows) - 1)
    return rng, rows


def cell(sheet, name):
    """The cell object at a name such as "B3"."""
    with _guarded("cell %s" % name):
        return sheet.getCellRangeByName(name).getCellByPosition(0, 0)


def set_formulas(sheet, top_left, rows):
    """Write a small block of formulas/values (strings, English function names)
    starting at top_left, via setFormulaArray. For long columns use fill_down."""
    with _guarded("set_formulas at %s" % top_left):
        rng, rows = _block(sheet, top_left, rows, "set_formulas")
        rng.setFormulaArray(tuple(tuple("" if v is None else str(v) for v in r)
                                  for r in rows))


def _data_value(v):
    if v is None:
        return ""
    if isinstance(v, bool):
        return float(v)
    if isinstance(v, (int, float)):
        return float(v)
    return str(v)


def set_data(sheet, top_left, rows):
    """Write a block of numbers/strings (None → empty) via setDataArray."""
    with _guarded("set_data at %s" % top_left):
        rng, rows = _block(sheet, top_left, rows, "set_data")
        rng.setDataArray(tuple(tuple(_data_value(v) for v in r) for r in rows))


def get_data(sheet, ref):
    """Values of a range as a list of lists (numbers as float, text as str)."""
    with _guarded("get_data %s" % ref):
        return [list(r) for r in sheet.getCellRangeByName(ref).getDataArray()]


def get_formulas(sheet, ref):
    """Formulas of a range (English names, ';'-free API syntax) as lists."""
    with _guarded("get_formulas %s" % ref):
        return [list(r) for r in sheet.getCellRangeByName(ref).getFormulaArray()]


def cell_error(c):
    """Calc error code of a cell (0 = none; 502, 504, 523, 532 for #DIV/0!, ...)."""
    with _guarded("cell_error"):
        return c.getError()


def cell_text(c):
    """What the cell shows (formatted string, e.g. 'Err:504' or '#DIV/0!')."""
    with _guarded("cell_text"):
        return c.getString()


def fill_down(sheet, start, last_row):
    """Copy the formula(s) in `start` ("B2" or "B2:D2") down to 1-based row
    `last_row` inclusive, with fillAuto(TO_BOTTOM, 1): fast for 100 000 rows."""
    from com.sun.star.sheet.FillDirection import TO_BOTTOM
    with _guarded("fill_down %s to row %d" % (start, last_row)):
        a = sheet.getCellRangeByName(start).getRangeAddress()
        if last_row - 1 < a.EndRow:
            raise crmoffice.OfficeError("fill_down: last_row %d is above %s" % (last_row, start))
        rng = sheet.getCellRangeByPosition(a.StartColumn, a.StartRow,
                                           a.EndColumn, last_row - 1)
        rng.fillAuto(TO_BOTTOM, a.EndRow - a.StartRow + 1)


def recalc_all(doc):
    """Hard recalculation of every formula; returns the wall time in seconds."""
    with _guarded("calculateAll"):
        t0 = time.perf_counter()
        doc.calculateAll()
        return time.perf_counter() - t0


def screenshot(path, timeout=30):
    """PNG of the X root window (ImageMagick import); needs DISPLAY (xvfb-run)."""
    if not os.environ.get("DISPLAY"):
        raise crmoffice.OfficeError("screenshot needs DISPLAY (run under xvfb-run)")
    try:
        r = subprocess.run(["import", "-window", "root", path], stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, timeout=timeout)
    except FileNotFoundError:
        raise crmoffice.OfficeError("screenshot: ImageMagick 'import' is not installed")
    except subprocess.TimeoutExpired:
        raise crmoffice.OfficeTimeout("screenshot: import hung for %d s" % timeout)
    if r.returncode != 0 or not os.path.isfile(path):
        raise crmoffice.OfficeError("screenshot failed (exit %d): %s"
                          % (r.returncode, r.stdout.decode("utf-8", "replace")))
    return path
