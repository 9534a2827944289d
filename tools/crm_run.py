#!/usr/bin/env python3
"""The headless main job: open a customer sheet in a private office with calc-crm installed,
classify the customers with live CRM_ formulas, print the tiers, save the result under out/.

Usage: /usr/bin/python3 tools/crm_run.py [FILE.ods|.xlsx|.csv] [--out DIR]
The source file is never written: results go to DIR/<name>-crm.ods (default DIR: out/).
"""
import argparse
import collections
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tools"))
import crmoffice  # noqa: E402

OXT = os.path.join(os.environ.get("CRM_BUILD_DIR", os.path.join(ROOT, "build")), "calc-crm.oxt")
# Headers of a yearly sales column in the four languages ("Sales 2025", "CA 2025", "2025年销售额").
SALES = re.compile(r"(sales|revenue|chiffre d.affaires|\bca\b|销售额|銷售額|营业额|營業額)", re.I)
YEAR = re.compile(r"(19|20)\d\d")
ID = re.compile(r"^(id|code|n°|no\.?|customer id|code client|n° client|客户编号|客戶代號|客戶編號|编号|編號)$", re.I)
NAME = re.compile(r"^(name|nom|customer|client|raison sociale|客户|客戶|名称|名稱|客户名称|客戶名稱)$", re.I)


def find_columns(headers):
    """(id column or None, name column or None, latest-year sales column, its year)."""
    sales = [(int(YEAR.search(h).group(0)), i) for i, h in enumerate(headers)
             if isinstance(h, str) and SALES.search(h) and YEAR.search(h)]
    if not sales:
        sales = [(0, i) for i, h in enumerate(headers) if isinstance(h, str) and SALES.search(h)]
    if not sales:
        raise SystemExit("no sales column found in the header row (e.g. 'Sales 2025', 'CA 2025', '2025年销售额')")
    year, col = max(sales)
    ident = next((i for i, h in enumerate(headers) if isinstance(h, str) and ID.match(h.strip())), None)
    name = next((i for i, h in enumerate(headers) if isinstance(h, str) and NAME.match(h.strip())), None)
    return ident, name, col, year


def column_letter(index):
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def run(path, out_dir):
    if not os.path.exists(OXT):
        raise SystemExit("build/calc-crm.oxt is missing: run tools/setup.sh first")
    os.makedirs(out_dir, exist_ok=True)
    target = os.path.join(out_dir, os.path.splitext(os.path.basename(path))[0] + "-crm.ods")
    with crmoffice.Office(oxt=OXT) as office:
        doc = office.load(os.path.abspath(path))
        source = doc.Sheets.getByIndex(0)
        used = source.createCursor()
        used.gotoEndOfUsedArea(False)
        last_row = used.getRangeAddress().EndRow + 1
        last_col = used.getRangeAddress().EndColumn
        headers = crmoffice.get_data(source, "A1:%s1" % column_letter(last_col))[0]
        ident, name, sales, year = find_columns(headers)
        s = "$'%s'." % source.Name.replace("'", "''")
        sales_col = column_letter(sales)
        n = last_row - 1

        doc.Sheets.insertNewByName("Tiers", doc.Sheets.getCount())
        tiers = doc.Sheets.getByName("Tiers")
        crmoffice.set_data(tiers, "A1", [["ID", "Name", "Sales %s" % year, "Tier", "Cumulative share"]])
        tiers.getCellRangeByName("H1").setFormula("=CRM_COLUMN(%s$%s$2:$%s$%d)" % (s, sales_col, sales_col, last_row))
        id_ref = "%s%s2" % (s, column_letter(ident)) if ident is not None else "ROW()-1"
        name_ref = "%s%s2" % (s, column_letter(name)) if name is not None else "\"\""
        crmoffice.set_formulas(tiers, "A2", [["=" + id_ref, "=" + name_ref,
                                              "=%s%s2" % (s, sales_col), "=CRM_TIER(C2;$H$1)",
                                              "=CRM_PARETO_SHARE(C2;$H$1)"]])
        crmoffice.fill_down(tiers, "A2:E2", last_row)
        doc.calculateAll()
        rows = crmoffice.get_data(tiers, "A2:E%d" % last_row)
        office.save_as(doc, target)

    counts = collections.Counter(r[3] for r in rows)
    sums = collections.defaultdict(float)
    for r in rows:
        if isinstance(r[2], float) and r[2] > 0:
            sums[r[3]] += r[2]
    total = sum(sums.values()) or 1.0
    print("calc-crm: %s, %d customers, tiers by the Pareto rule on '%s' (A = top 80 %% of sales)"
          % (os.path.basename(path), n, headers[sales]))
    for t in "ABC":
        print("  tier %s: %4d customers, %5.1f %% of sales" % (t, counts.get(t, 0), 100 * sums.get(t, 0) / total))
    others = {k: v for k, v in counts.items() if k not in ("A", "B", "C")}
    if others:
        print("  not classified: %s" % dict(others))
    print("  top customers:")
    for r in sorted(rows, key=lambda r: -(r[2] if isinstance(r[2], float) else 0))[:5]:
        print("    %-8s %-28s %12.2f  %s" % (r[0], str(r[1])[:28], r[2], r[3]))
    print("wrote %s" % target)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?", default=os.path.join(ROOT, "samples", "customers.ods"))
    parser.add_argument("--out", default=os.path.join(ROOT, "out"))
    args = parser.parse_args()
    run(args.file, args.out)


if __name__ == "__main__":
    main()
