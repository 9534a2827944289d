#!/usr/bin/env python3
"""crm-cli analyze --db on CDNOW's full log (data/cdnow/CDNOW_master.txt) in SQLite and in a real PostgreSQL
server: the same customers, sales and tiers as from the log's CSV; hostile table names are quoted, never run;
--write-table stores one row per customer; a password never appears in crm-cli's output.

usage: check_database.py CRM_CLI CDNOW_MASTER WORK_DIR sqlite|postgresql
Exit 77 (CTest's skip) with a message when the PostgreSQL server is not installed.
"""
import csv
import datetime
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pg_server  # noqa: E402

CLI, MASTER, WORK, ENGINE = sys.argv[1:5]
SKIP = 77
failures = []


def check(condition, what):
    if not condition:
        failures.append(what)
        print("FAIL:", what)


def cdnow_lines():
    """The log's orders: (customer id, ISO date, CDs, dollars), as the file holds them."""
    out = []
    with open(MASTER) as f:
        next(f)  # header
        for line in f:
            cid, day, cds, dollars = line.split()
            out.append((cid, f"{day[:4]}-{day[4:6]}-{day[6:]}", int(cds), float(dollars)))
    return out


def clv_matches_an_independent_fit(db, lines):
    """--write-table's CLV is the Customers sheet's: the next 52 weeks' BG/NBD expected purchases times the
    Gamma-Gamma expected spend. Checked against fits and formulas written from the papers with scipy
    (tests/integration/models_reference.py): FHL 2005 eq. 10 and the Gamma-Gamma conditional mean."""
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "integration"))
    import models_reference as ref
    from scipy import special
    days = {}
    for cid, day, _, dollars in lines:
        d = datetime.date.fromisoformat(day)
        days.setdefault(cid, {}).setdefault(d, 0.0)
        days[cid][d] += dollars
    as_of = max(d for per in days.values() for d in per)
    ids, x, t_x, T, m = [], [], [], [], []
    for cid, per in days.items():
        occasions = sorted(per)
        ids.append(cid)
        x.append(len(occasions) - 1)
        t_x.append((occasions[-1] - occasions[0]).days / 7)
        T.append((as_of - occasions[0]).days / 7)
        m.append(sum(per[d] for d in occasions[1:]) / (len(occasions) - 1) if len(occasions) > 1 else 0.0)
    r, alpha, a, b = ref.fit_bgnbd(x, t_x, T)
    p, q, v = ref.fit_gamma_gamma(x, m)

    def expected(t, x, t_x, T):
        z = t / (alpha + T + t)
        top = (a + b + x - 1) / (a - 1) * (
            1 - ((alpha + T) / (alpha + T + t)) ** (r + x) * special.hyp2f1(r + x, b + x, a + b + x - 1, z))
        return top / (1 + (a / (b + x - 1) * ((alpha + T) / (alpha + t_x)) ** (r + x) if x > 0 else 0))

    stored = dict(db.execute("SELECT customer_id, clv FROM crm_customers").fetchall())
    worst = 0.0
    for i in range(0, len(ids), 97):  # 243 customers spread over the log, one-time buyers and repeat buyers
        spend = m[i] if m[i] > 0 else v * p / (q - 1)
        value = (v + spend * x[i]) * p / (p * x[i] + q - 1) if x[i] > 0 else v * p / (q - 1)
        want = value * expected(52, x[i], t_x[i], T[i])
        worst = max(worst, abs(stored[ids[i]] - want) / max(want, 1e-9))
    print(f"CLV against the independent fit (r {r:.4f}, alpha {alpha:.4f}, a {a:.4f}, b {b:.4f}; p {p:.3f}, q {q:.3f}, "
          f"v {v:.2f}): worst relative gap {worst:.2e}")
    check(worst < 1e-3, f"--write-table's CLV is the expected purchases times the expected spend: gap {worst:.2e}")


def run(args, expect=0):
    done = subprocess.run([CLI] + args, capture_output=True, text=True, timeout=600)
    if done.returncode != expect:
        print("crm-cli", " ".join(args), "exited", done.returncode, done.stderr)
    check(done.returncode == expect, f"exit {expect} of crm-cli {' '.join(args[:3])}")
    return done


def customers_of(path):
    with open(path, newline="") as f:
        return {row["id"]: row for row in csv.DictReader(f)}


def same_customers(reference, found, what):
    check(set(reference) == set(found), f"{what}: the same customer ids ({len(reference)} vs {len(found)})")
    tiers_differ = [i for i in reference if i in found and reference[i]["tier"] != found[i]["tier"]]
    check(not tiers_differ, f"{what}: the same tier for every customer (differ: {tiers_differ[:5]})")
    sales_differ = [i for i in reference if i in found
                    and abs(float(reference[i]["sales"]) - float(found[i]["sales"])) > 1e-9 * max(1, abs(float(reference[i]["sales"])))]
    check(not sales_differ, f"{what}: the same latest-year sales (differ: {sales_differ[:5]})")
    growth_differ = [i for i in reference if i in found and (reference[i]["growth"] == "") != (found[i]["growth"] == "")]
    check(not growth_differ, f"{what}: the same growth cells (differ: {growth_differ[:5]})")


def main():
    os.makedirs(WORK, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix="crm-db-", dir=WORK)
    lines = cdnow_lines()
    check(len(lines) == 69659, f"CDNOW's full log has 69 659 orders (read {len(lines)})")
    log_csv = os.path.join(tmp, "cdnow.csv")
    with open(log_csv, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["customer_id", "date", "quantity", "amount"])
        w.writerows(lines)
    from_csv = run(["analyze", log_csv, "--out", os.path.join(tmp, "csv.csv")])
    last_csv = from_csv.stdout.strip().splitlines()[-1]
    check(last_csv.startswith("customers 23570 "), f"the CSV gives CDNOW's 23 570 customers: {last_csv}")
    reference = customers_of(os.path.join(tmp, "csv.csv"))
    print("CSV:", last_csv)
    if ENGINE == "sqlite":
        sqlite_checks(tmp, lines, last_csv, reference)
    else:
        code = postgresql_checks(tmp, log_csv, last_csv, reference)
        if code == SKIP:
            return SKIP
    shutil.rmtree(tmp, ignore_errors=True)
    if failures:
        print(len(failures), "checks failed")
        return 1
    print("all checks passed")
    return 0


def sqlite_checks(tmp, lines, last_csv, reference):
    path = os.path.join(tmp, "orders.db")
    hostile = 'orders"; DROP TABLE orders; --'
    with sqlite3.connect(path) as db:
        for table in ("orders", hostile):
            quoted = '"' + table.replace('"', '""') + '"'
            db.execute(f"CREATE TABLE {quoted} (customer_id TEXT, date TEXT, quantity INTEGER, amount REAL)")
            db.executemany(f"INSERT INTO {quoted} VALUES (?, ?, ?, ?)", lines)
    url = "sqlite:" + path
    out = os.path.join(tmp, "db.csv")
    done = run(["analyze", "--db", url, "--orders", "orders", "--out", out, "--write-table", "crm_customers"])
    last = done.stdout.strip().splitlines()[-1]
    print("SQLite:", last)
    check(last == last_csv, f"SQLite's last line is the CSV's: {last} vs {last_csv}")
    same_customers(reference, customers_of(out), "SQLite")
    with sqlite3.connect(path) as db:
        rows = db.execute("SELECT tier, COUNT(*), MIN(p_active), MAX(p_active), COUNT(next_visit) FROM crm_customers"
                          " GROUP BY tier ORDER BY tier").fetchall()
        stored = dict((r[0], r[1]) for r in rows)
        check(sum(stored.values()) == 23570, f"--write-table stores one row per customer: {stored}")
        counts = last_csv.split()
        check(stored == {"A": int(counts[3]), "B": int(counts[5]), "C": int(counts[7])},
              f"the stored tiers are the printed ones: {stored} vs {last_csv}")
        check(all(0 <= r[2] <= r[3] <= 1 for r in rows), f"P(active) lies in [0, 1]: {rows}")
        check(all(r[4] == r[1] for r in rows), "every customer has a next visit")
        # From the log: 00002 ordered twice on 1997-01-12 (one occasion, $89); 00003 on six days ($156.46 in all).
        two = db.execute("SELECT frequency, monetary, recency_days FROM crm_customers WHERE customer_id = '00002'").fetchone()
        check(two is not None and two[0] == 1 and abs(two[1] - 89.0) < 1e-9 and two[2] == 534,
              f"customer 00002: one occasion of $89, 534 days before 1998-06-30: {two}")
        three = db.execute("SELECT frequency, monetary, recency_days, tier FROM crm_customers WHERE customer_id = '00003'").fetchone()
        check(three is not None and three[0] == 6 and abs(three[1] - 156.46 / 6) < 1e-9 and three[2] == 33
              and three[3] == reference["00003"]["tier"], f"customer 00003: six occasions, last 1998-05-28: {three}")
        clv_matches_an_independent_fit(db, lines)
    # A second run replaces the rows of its own table; a table of the user's is never replaced.
    run(["analyze", "--db", url, "--orders", "orders", "--out", out, "--write-table", "crm_customers"])
    with sqlite3.connect(path) as db:
        check(db.execute("SELECT COUNT(*) FROM crm_customers").fetchone()[0] == 23570, "a second run keeps one row per customer")
    refused = run(["analyze", "--db", url, "--orders", "orders", "--out", out, "--write-table", "orders"], expect=2)
    check("exists with other columns" in refused.stderr, f"the orders table is not overwritten: {refused.stderr}")

    # Hostile names: quoted as identifiers, never run as SQL.
    done = run(["analyze", "--db", url, "--orders", hostile, "--out", out, "--write-table", 'x"); DROP TABLE orders; --'])
    check(done.stdout.strip().splitlines()[-1] == last_csv, "a hostile table name reads as a table")
    with sqlite3.connect(path) as db:
        names = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    check("orders" in names and 'x"); DROP TABLE orders; --' in names, f"no table was dropped: {sorted(names)}")
    refused = run(["analyze", "--db", url, "--orders", "orders\n; DROP TABLE orders", "--out", out], expect=2)
    check("control character" in refused.stderr, f"a name with a line break is refused: {refused.stderr}")
    refused = run(["analyze", "--db", url, "--orders", "no_such_table", "--out", out], expect=2)
    check("no_such_table" in refused.stderr, f"a missing table is named: {refused.stderr}")
    # The user's own SQL, and a table whose columns have no order roles.
    done = run(["analyze", "--db", url, "--orders-sql", "SELECT * FROM orders WHERE customer_id <> '00001';", "--out", out])
    check(done.stdout.startswith("") and "23569" in done.stdout.strip().splitlines()[-1], f"--orders-sql: {done.stdout[-60:]}")
    refused = run(["analyze", "--db", url, "--orders", "sqlite_master", "--out", out], expect=2)
    check("no column of the orders reads as" in refused.stderr, f"a table without order columns is refused: {refused.stderr}")
    refused = run(["analyze", "--db", "sqlite:" + os.path.join(tmp, "none.db"), "--orders", "orders"], expect=2)
    check("cannot open the SQLite database" in refused.stderr, f"a missing database file: {refused.stderr}")
    refused = run(["analyze", "--db", url], expect=2)
    check("--orders TABLE" in refused.stderr, f"--db alone asks for --orders: {refused.stderr}")
    superstore_checks(tmp, path, url)
    # plan reads the same customers.
    done = run(["plan", "--db", url, "--orders", "orders", "--year", "1999", "--out", os.path.join(tmp, "plan.csv")])
    check(done.stdout.strip().splitlines()[-1].startswith("visits "), f"plan --db: {done.stdout[-80:]}")


def superstore_checks(tmp, path, url):
    """Superstore's export (invoices as Order ID, a profit column, names, cities, regions, two date columns):
    the texts, the profit-derived cost and the invoice occasions read from SQLite as from the CSV."""
    source = os.path.join(os.path.dirname(os.path.dirname(MASTER)), "superstore", "superstore.csv")
    with open(source, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))

    def value(text):
        for kind in (int, float):
            try:
                return kind(text)
            except ValueError:
                pass
        return text
    with sqlite3.connect(path) as db:
        names = ", ".join('"%s"' % n for n in rows[0])
        db.execute(f"CREATE TABLE superstore ({names})")
        db.executemany(f"INSERT INTO superstore VALUES ({', '.join('?' * len(rows[0]))})",
                       [[value(v) for v in r] for r in rows[1:]])
    from_csv = run(["analyze", source, "--out", os.path.join(tmp, "ss-csv.csv")])
    from_db = run(["analyze", "--db", url, "--orders", "superstore", "--out", os.path.join(tmp, "ss-db.csv")])
    check(last_line(from_db.stdout) == last_line(from_csv.stdout),
          f"Superstore: SQLite's last line is the CSV's: {last_line(from_db.stdout)} vs {last_line(from_csv.stdout)}")
    reference, found = customers_of(os.path.join(tmp, "ss-csv.csv")), customers_of(os.path.join(tmp, "ss-db.csv"))
    same_customers(reference, found, "Superstore")
    for column in ("name", "profit"):
        differ = [i for i in reference if i in found and (reference[i][column] != found[i][column] if column == "name"
                  else abs(float(reference[i][column] or 0) - float(found[i][column] or 0)) > 1e-6)]
        check(not differ, f"Superstore: the same {column} for every customer (differ: {differ[:5]})")
    print("Superstore:", last_line(from_db.stdout))


def last_line(text):
    return text.strip().splitlines()[-1]


def postgresql_checks(tmp, log_csv, last_csv, reference):
    if pg_server.bin_dir() is None:
        print("SKIP: no PostgreSQL server installed (initdb not found; tools/setup.sh installs postgresql)")
        return SKIP
    password = "s3cr3t-Pa55"
    with pg_server.throwaway(password) as server:
        hostile = 'orders"; DROP TABLE orders; --'
        quoted = '"' + hostile.replace('"', '""') + '"'
        server.psql("-c", "CREATE TABLE orders (customer_id TEXT, date DATE, quantity INTEGER, amount NUMERIC(10,2))",
                    "-c", f"\\copy orders FROM '{log_csv}' WITH (FORMAT csv, HEADER true)",
                    "-c", f"CREATE TABLE {quoted} AS SELECT * FROM orders")
        url = server.url()
        out = os.path.join(tmp, "pg.csv")
        done = run(["analyze", "--db", url, "--orders", "orders", "--out", out, "--write-table", "crm_customers", "--show-sql"])
        last = done.stdout.strip().splitlines()[-1]
        print("PostgreSQL:", last)
        check(last == last_csv, f"PostgreSQL's last line is the CSV's: {last} vs {last_csv}")
        same_customers(reference, customers_of(out), "PostgreSQL")
        check("-- crm-cli: the per-customer aggregation; parameters $1=" in done.stderr, "--show-sql shows the statements")
        stored = server.psql("-At", "-c", "SELECT tier || ' ' || COUNT(*) FROM crm_customers GROUP BY tier ORDER BY tier",
                             capture_output=True, text=True).stdout.split()
        counts = last_csv.split()
        check(stored == ["A", counts[3], "B", counts[5], "C", counts[7]], f"--write-table's tiers: {stored} vs {last_csv}")
        check(password not in done.stdout + done.stderr, "the password is not printed")
        done = run(["analyze", "--db", url, "--orders", hostile, "--out", out])
        check(done.stdout.strip().splitlines()[-1] == last_csv, "a hostile table name reads as a table")
        left = server.psql("-At", "-c", "SELECT COUNT(*) FROM orders", check=False, capture_output=True, text=True)
        check(left.stdout.strip() == "69659", f"the orders table is still there: {left.stdout} {left.stderr}")
        wrong = run(["analyze", "--db", url.replace(password, "wrong-" + password), "--orders", "orders"], expect=2)
        check("cannot connect to PostgreSQL" in wrong.stderr and password not in wrong.stderr,
              f"a refused password is not echoed: {wrong.stderr}")
        bad = run(["analyze", "--db", url, "--orders-sql", "SELECT nonsense FROM orders"], expect=2)
        check("PostgreSQL:" in bad.stderr and password not in bad.stderr, f"the server's error is shown: {bad.stderr}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
