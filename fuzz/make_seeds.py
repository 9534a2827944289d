#!/usr/bin/python3
"""Writes the fuzz targets' seed corpora into OUT/<target>/ from the project's own inputs: samples/customers.ods
(every sheet as CSV), tests/cli/data, and data/ (CDNOW, TSPLIB). Small: a few hundred files, well under
a megabyte, so nothing large is committed. Usage: make_seeds.py PROJECT_DIR OUT_DIR"""
import hashlib
import pathlib
import struct
import sys
import xml.etree.ElementTree as ET
import zipfile

project = pathlib.Path(sys.argv[1])
out = pathlib.Path(sys.argv[2])
shared = project / "data"  # the reference data committed with the project

NS = {
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
}


def write(target, data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    d = out / target
    d.mkdir(parents=True, exist_ok=True)
    (d / hashlib.sha1(data).hexdigest()[:16]).write_bytes(data)


def ods_sheets(path, max_rows=60, max_columns=40):
    """Each sheet of an .ods as CSV text (';' separated, quoted), at most max_rows rows."""
    with zipfile.ZipFile(path) as z:
        root = ET.fromstring(z.read("content.xml"))
    sheets = []
    for sheet in root.iter("{%s}table" % NS["table"]):
        rows = []
        for row in sheet.iter("{%s}table-row" % NS["table"]):
            cells = []
            for cell in row:
                if not cell.tag.endswith("table-cell") and not cell.tag.endswith("covered-table-cell"):
                    continue
                repeat = min(int(cell.get("{%s}number-columns-repeated" % NS["table"], "1")), max_columns)
                text = "\n".join("".join(p.itertext()) for p in cell.findall("text:p", NS))
                cells.extend([text] * repeat)
            while cells and not cells[-1]:
                cells.pop()
            if cells:
                rows.append(cells[:max_columns])
            if len(rows) >= max_rows:
                break
        if rows:
            sheets.append("\n".join(";".join('"%s"' % c.replace('"', '""') if any(ch in c for ch in ';"\n') else c
                                              for c in r) for r in rows) + "\n")
    return sheets


csv_texts = []
ods = project / "samples" / "customers.ods"
if ods.is_file():
    csv_texts += ods_sheets(ods)
for f in sorted((project / "tests" / "cli" / "data").glob("*.csv")):
    csv_texts.append(f.read_text(encoding="utf-8", errors="replace"))
cdnow_summary = shared / "cdnow" / "cdnow_customers_summary_with_transactions.csv"
cdnow_orders = shared / "cdnow" / "CDNOW_sample.txt"
summary_rows = []
if cdnow_summary.is_file():
    lines = cdnow_summary.read_text().splitlines()
    csv_texts.append("\n".join(lines[:80]) + "\n")
    for line in lines[1:]:
        parts = line.split(",")
        summary_rows.append(tuple(float(v) for v in parts[1:]))
orders = []
if cdnow_orders.is_file():
    for line in cdnow_orders.read_text().splitlines()[:240]:
        w = line.split()
        if len(w) == 5:
            orders.append((w[0], w[2], w[4]))

# CSV reader: the files as they are, with a BOM and CRLF variant of the first.
for text in csv_texts:
    write("csv", text)
if csv_texts:
    write("csv", "\ufeff" + csv_texts[0].replace("\n", "\r\n"))

# Columns: flags byte (decimal comma, day first, overrides, kind) + two override bytes + the sheet.
for i, text in enumerate(csv_texts):
    write("columns", bytes([i % 4, 0, 2]) + text.encode())
    write("columns", bytes([(i % 4) | 4 | 8, 1, 3]) + text.encode())
write("columns", bytes([0, 0, 0]) + b"N\xc2\xb0 Client;Chiffre d'affaires 2025;CA 2024\nC1;#E503;#D7ff8000000000000\nTotal;12;13\n")

# Transactions: flags, analysis date and time unit as doubles, then one row per order in several date styles.
def tx(flags, as_of, unit, text):
    write("transactions", bytes([flags]) + struct.pack("<dd", as_of, unit) + text.encode())

if orders:
    iso = "customer_id;date;amount\n" + "".join("%s;%s-%s-%s;%s\n" % (c, d[:4], d[4:6], d[6:], a) for c, d, a in orders)
    fr = "Code client;Date;Montant\n" + "".join('%s;%s/%s/%s;"%s €"\n' % (c, d[6:], d[4:6], d[:4], a.replace(".", ","))
                                                for c, d, a in orders)
    zh = "客户编号,日期,金额\n" + "".join("%s,%s年%d月%d日,%s\n" % (c, d[:4], int(d[4:6]), int(d[6:]), a) for c, d, a in orders)
    tx(8, 0, 7, iso)
    tx(1 | 2 | 8, 0, 7, fr)
    tx(0, 35885.0, 1, zh)  # 1998-03-31 in Calc serial days
for text in csv_texts[:3]:
    tx(8, 0, 7, text)

# Text values: every cell text of the sheets, and the forms the spec names.
cells = set()
for text in csv_texts:
    for line in text.splitlines():
        for c in line.replace(",", ";").split(";"):
            c = c.strip('"')
            if c:
                cells.add(c)
cells.update(["1 234,56 €", "1,234.56", "(12)", "12 %", "−3", "１２３４", "2025-03-01", "01/03/2025",
              "2025年3月1日", "1.3.2025", "2025/3/1", "2025-03-01T10:30:00", "$1,000", "-0,5", "1e308", "NaN",
              "31/02/2025", "29.02.2024", "¥12,000", "12 345 678,9", "0012"])
for c in sorted(cells)[:400]:
    write("text_values", c)

# Availability: the visit days, opening hours and days off the spec and the tests name, and the Reps files.
for text in ["Mon-Thu", "lun.-jeu.", "周一至周四", "1-4", "Mon-Fri except Wed", "mardi, jeudi", "周二、周四", "Fri-Mon",
             "weekdays", "tous les jours", "09:00-12:00", "9h-12h, 14h-18h30", "09:00–12:00 / 14:00–18:00", "9点-12点",
             "2027-07-01..2027-07-31; 24/12/2027", "2027-08-02 - 2027-08-20", "✓", "oui", "已完成"]:
    write("availability", text)
for name in ("towns-reps.csv", "reps-no-names.csv"):
    write("availability", (project / "tests" / "cli" / "data" / name).read_bytes())

# TSPLIB: the instances and tours, and the CLI test's broken files.
for d in (shared / "tsplib", project / "tests" / "cli" / "data"):
    for f in sorted(d.glob("*.tsp")) + sorted(d.glob("*.tour")):
        write("tsplib", f.read_bytes())

# BG/NBD: mode (bit 0: fit; bits 1-6: customers; bit 7: raw doubles), params, x, t_x, T, t, then customers.
params = struct.pack("<dddd", 0.243, 4.414, 0.793, 2.426)  # the CDNOW fit of FHL 2005
for i in range(0, min(len(summary_rows), 120), 12):
    chunk = summary_rows[i:i + 12]
    x, t_x, T, _ = chunk[0]
    head = params + struct.pack("<dddd", x, t_x, T, 39.0)
    small = b"".join(bytes([int(T) % 64, int(x) % 16, int(100 * t_x / T) if T else 0]) for x, t_x, T, _ in chunk)
    raw = b"".join(struct.pack("<ddd", x, t_x, T) for x, t_x, T, _ in chunk)
    write("bgnbd", bytes([1 | (len(chunk) - 1) << 1]) + head + small)
    write("bgnbd", bytes([0x81 | (len(chunk) - 1) << 1]) + head + raw)
write("bgnbd", bytes([0]) + params + struct.pack("<dddd", 0, 0, 38.86, 39.0))

# Gamma-Gamma: mode (bit 0: raw doubles), params, x, m, then customers.
gg = struct.pack("<ddd", 6.25, 3.74, 15.44)  # the CDNOW fit of FHL 2005b
for i in range(0, min(len(summary_rows), 160), 16):
    chunk = [r for r in summary_rows[i:i + 16]]
    x, _, _, m = chunk[0]
    raw = b"".join(struct.pack("<dd", r[0], r[3]) for r in chunk)
    small = b"".join(bytes([int(r[0]) % 20, min(255, int(r[3] / 0.75)), 0]) for r in chunk)
    write("gamma_gamma", bytes([1 | (len(chunk) - 1) << 1]) + gg + struct.pack("<dd", x, m) + raw)
    write("gamma_gamma", bytes([(len(chunk) - 1) << 1]) + gg + struct.pack("<dd", x, m) + small)

# Exports: flags, a date, then texts separated by 0x1F (rep, customer, summary, location, description, ...).
texts = [c for c in sorted(cells) if not c.replace(".", "").replace(",", "").isdigit()][:60]
for i in range(0, len(texts), 10):
    write("icalendar", bytes([0]) + struct.pack("<d", 45000) + "\x1f".join(texts[i:i + 10]).encode())
risky = ["=HYPERLINK(\"http://x\";\"y\")", "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx", "-12,5",
         "a\\b;c,d\r\ne\nf", "上海市浦东新区世纪大道" * 12, "é" * 80, "x" * 200]
write("icalendar", bytes([0]) + struct.pack("<d", 45000) + "\x1f".join(risky).encode())
write("icalendar", bytes([7]) + struct.pack("<d", 1e300) + "\x1f".join(risky[:5]).encode())

for target in sorted(p.name for p in out.iterdir()):
    print("fuzz seeds: %-12s %4d inputs" % (target, len(list((out / target).iterdir()))))
