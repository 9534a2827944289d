#!/usr/bin/env python3
"""Times full recalculation of per-row tiering in a real Calc and writes the table to BENCHMARKS.md.

Usage: /usr/bin/python3 tests/bench/bench_tiering.py [--sizes 10000,100000] [--repeat 3] [--write BENCHMARKS.md]
One office, one document per case; each case is timed as doc.calculateAll() (full recalculation),
median of --repeat runs. Ratios compare cases measured in the same run on the same machine.
"""
import argparse
import os
import random
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tests", "integration"))
import common  # noqa: E402  (tools/ on the path, uno prepared)
import crmoffice  # noqa: E402
import crmpaths  # noqa: E402
import bench_report  # noqa: E402
from bench_report import write_section  # noqa: E402

# Each case: (key, label, per-row formula or None, array formula or None, sizes it runs at).
CASES = [
    ("mul", "`=A1*2` (Calc, trivial)", "=A1*2", None),
    ("trivial", "trivial add-in call `=CRM_GROWTH(A1;1)`", "=CRM_GROWTH(A1;1)", None),
    ("handle", "`=CRM_TIER(A1;$H$1)`, handle form", "=CRM_TIER(A1;$H$1)", None),
    ("array", "`{=CRM_TIERS(A1:An)}`, array form", None, "=CRM_TIERS(A1:A%(n)d)"),
    ("rank", "`=RANK(A1;A$1:A$n)` (Calc, per row)", "=RANK(A1;A$1:A$%(n)d)", None),
    ("plain", "`=CRM_TIER(A1;A$1:A$n)`, plain form", "=CRM_TIER(A1;A$1:A$%(n)d)", None),
]
QUADRATIC = {"rank", "plain"}  # O(n) per row: only at the smallest size


def time_case(office, n, per_row, array, repeat, rng):
    doc = office.new_calc()
    try:
        sheet = doc.Sheets.getByIndex(0)
        crmoffice.set_data(sheet, "A1", [[float(rng.randint(1, 1_000_000) / 100)] for _ in range(n)])
        sheet.getCellRangeByName("H1").setFormula("=CRM_COLUMN(A$1:A$%d)" % n)
        if per_row:
            sheet.getCellRangeByName("B1").setFormula(per_row % {"n": n})
            crmoffice.fill_down(sheet, "B1", n)
        else:
            sheet.getCellRangeByName("B1:B%d" % n).setArrayFormula(array % {"n": n})
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            doc.calculateAll()
            times.append(time.perf_counter() - start)
        first = sheet.getCellRangeByName("B1")
        if first.getError():
            raise RuntimeError("case gave an error: %s" % first.getString())
        return statistics.median(times)
    finally:
        doc.setModified(False)
        doc.close(True)


def machine():
    lo = subprocess.run([os.path.join(crmpaths.program_dir(), "soffice"), "--version"], capture_output=True,
                        text=True).stdout
    return bench_report.machine(lo.strip() or "LibreOffice")


def table(results, sizes):
    lines = ["| case | " + " | ".join("%d rows" % n for n in sizes) + " |",
             "|---|" + "---|" * len(sizes)]
    for key, label, _, _ in CASES:
        cells = []
        for n in sizes:
            t = results.get((key, n))
            cells.append("—" if t is None else "%.3f s" % t)
        lines.append("| %s | %s |" % (label, " | ".join(cells)))
    lines.append("")
    lines.append("| ratio (same run) | " + " | ".join("%d rows" % n for n in sizes) + " | target |")
    lines.append("|---|" + "---|" * len(sizes) + "---|")
    ratios = [("handle form / trivial add-in call", "handle", "trivial", "≤ 2"),
              ("array form / trivial add-in call", "array", "trivial", "—"),
              ("plain form / RANK", "plain", "rank", "≤ 3")]
    for label, a, b, target in ratios:
        cells = []
        for n in sizes:
            ta, tb = results.get((a, n)), results.get((b, n))
            cells.append("—" if ta is None or tb is None else "%.2f×" % (ta / tb))
        lines.append("| %s | %s | %s |" % (label, " | ".join(cells), target))
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--write", help="benchmarks file to update (e.g. BENCHMARKS.md)")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    rng = random.Random(2026)
    results = {}
    with crmoffice.Office(oxt=common.OXT) as office:
        for n in sizes:
            for key, label, per_row, array in CASES:
                if key in QUADRATIC and n != min(sizes):
                    continue
                repeat = 1 if key in QUADRATIC else args.repeat
                results[(key, n)] = time_case(office, n, per_row, array, repeat, rng)
                print("%-8s %7d rows  %.3f s" % (key, n, results[(key, n)]), flush=True)
    body = ("Full recalculation (`calculateAll`) of one column of per-row formulas, median of %d runs "
            "(the O(n)-per-row cases once), measured by `tests/bench/bench_tiering.py` on %s, %s.\n\n%s\n"
            % (args.repeat, machine(), time.strftime("%Y-%m-%d"), table(results, sizes)))
    print(body)
    if args.write:
        write_section(args.write, "Tiering: per-row forms in Calc", body)


if __name__ == "__main__":
    main()
