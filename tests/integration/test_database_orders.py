"""analyze's TransactionSource (spec wizard.md "Orders from a database", issue 17 item 1): the orders read through
SDBC from a real PostgreSQL server started here on loopback (tests/cli/pg_server.py) with LibreOffice's own driver,
aggregated in the database by the core's statement. CDNOW's full log gives the same customers and tiers as crm-cli
on the same database (its last line "customers N A a B b C c" and its per-customer CSV). Refusals are plain words."""
import csv
import os
import subprocess
import sys
import tempfile
import time
import unittest

from common import BUILD, OfficeTestCase, ROOT, data
from crmoffice import as_dict, props

sys.path.insert(0, os.path.join(ROOT, "tests", "cli"))
import pg_server  # noqa: E402

import uno  # noqa: E402,F401
from com.sun.star.lang import IllegalArgumentException  # noqa: E402

PASSWORD = "Sdbc-s3cret-77"
CLI = os.path.join(BUILD, "crm-cli")


def cdnow_orders(lines):
    """CDNOW's first `lines` orders: as (id, date, cds, dollars) for a database, and as sheet rows with a header."""
    import datetime
    orders, rows = [], [["customer_id", "date", "number_of_cds", "dollar_value"]]
    with open(data("cdnow", "CDNOW_master.txt")) as f:
        next(f)
        for line in f:
            cid, day, cds, dollars = line.split()
            orders.append((cid, datetime.date(int(day[:4]), int(day[4:6]), int(day[6:])), cds, dollars))
            rows.append([cid, float(day), float(cds), float(dollars)])
            if len(orders) == lines:
                break
    return orders, rows


def table(doc, name):
    """A results sheet as ({header: column}, {customer id: row})."""
    sheet = doc.Sheets.getByName(name)
    cursor = sheet.createCursor()
    cursor.gotoEndOfUsedArea(False)
    end = cursor.getRangeAddress()
    rows = sheet.getCellRangeByPosition(0, 0, end.EndColumn, end.EndRow).getDataArray()
    col = {h: k for k, h in enumerate(rows[0])}
    return col, {r[col["ID"]]: r for r in rows[1:] if r[0] != ""}


def source(**kw):
    return props(**kw)


@unittest.skipIf(pg_server.bin_dir() is None, "no PostgreSQL server installed (tools/setup.sh installs postgresql)")
class OrdersOnPostgresql(OfficeTestCase):
    """A loopback PostgreSQL server holding CDNOW's full log, and an office; the drivers' classes below."""

    @classmethod
    def before_office(cls):
        """The driver's settings, once the server runs and before the office starts."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="crm-sdbc-")
        os.chmod(cls.tmp, 0o755)  # psql's \copy reads the CSV as the calling user; the server never does
        cls.server_cm = pg_server.throwaway(PASSWORD)
        cls.server = cls.server_cm.__enter__()
        log = os.path.join(cls.tmp, "cdnow.csv")
        cls.days = {}
        with open(data("cdnow", "CDNOW_master.txt")) as f, open(log, "w", newline="") as out:
            w = csv.writer(out)
            w.writerow(["customer_id", "date", "quantity", "amount"])
            next(f)
            for line in f:
                cid, day, cds, dollars = line.split()
                w.writerow([cid, f"{day[:4]}-{day[4:6]}-{day[6:]}", cds, dollars])
                cls.days.setdefault(cid, set()).add(day)
        cls.server.psql(
            "-c", "CREATE TABLE orders (customer_id TEXT, date DATE, quantity INTEGER, amount NUMERIC(10,2))",
            "-c", f"\\copy orders FROM '{log}' WITH (FORMAT csv, HEADER true)",
            "-c", "CREATE TABLE odd (who TEXT, happened DATE, worth NUMERIC(10,2))",
            "-c", "INSERT INTO odd SELECT customer_id, date, amount FROM orders LIMIT 50")
        cls.url = (f"sdbc:postgresql:host=127.0.0.1 port={cls.server.port} dbname=postgres "
                   f"user={cls.server.user} password={PASSWORD}")
        try:
            cls.before_office()
            super().setUpClass()
        except BaseException:
            cls.server_cm.__exit__(None, None, None)
            raise

    @classmethod
    def tearDownClass(cls):
        try:
            super().tearDownClass()
        finally:
            cls.server_cm.__exit__(None, None, None)

    def cli_reference(self):
        out = os.path.join(self.tmp, "cli.csv")
        done = subprocess.run([CLI, "analyze", "--db", self.server.url(), "--orders", "orders", "--out", out],
                              capture_output=True, text=True, timeout=600)
        self.assertEqual(done.returncode, 0, done.stderr)
        with open(out, newline="") as f:
            rows = {r["id"]: r for r in csv.DictReader(f)}
        return done.stdout.strip().splitlines()[-1], rows

    def analyze(self, doc, **transaction_source):
        return as_dict(self.jobs().analyze(doc, props(TransactionSource=source(**transaction_source))))

    def jobs(self):
        return self.office.smgr.createInstanceWithContext("org.calccrm.CustomerJobs", self.office.ctx)

    def customers_sheet(self, doc, name):
        sheet = doc.Sheets.getByName(name)
        cursor = sheet.createCursor()
        cursor.gotoEndOfUsedArea(False)
        end = cursor.getRangeAddress()
        rows = sheet.getCellRangeByPosition(0, 0, end.EndColumn, end.EndRow).getDataArray()
        header = list(rows[0])
        return header, [r for r in rows[1:] if r[0] != ""]

    def check_same_as_cli(self, result, doc, last_line, reference):
        counts = list(result["TierCounts"])
        self.assertEqual(f"customers {result['Customers']} A {counts[0]} B {counts[1]} C {counts[2]}", last_line)
        self.assertEqual(result["Customers"], 23570)  # CDNOW's customers
        header, body = self.customers_sheet(doc, result["CustomersSheet"])
        col = {h: k for k, h in enumerate(header)}
        found = {r[col["ID"]]: r for r in body}
        self.assertEqual(set(found), set(reference))
        self.assertEqual([i for i in reference if reference[i]["tier"] != found[i][col["Tier"]]], [])
        self.assertEqual([i for i in reference if abs(float(reference[i]["sales"]) - found[i][col["Sales 1998"]]) > 1e-6], [])
        # The purchase history crossed too: repeat purchases (purchase days − 1) of every customer, counted here.
        x = col["Repeat purchases (x)"]
        self.assertEqual({i: found[i][x] for i in found}, {i: len(d) - 1 for i, d in self.days.items()})
        self.assertGreater(sum(found[i][x] for i in found), 10000)


class SameAsCli:
    """The orders table, and an SQL command renaming its columns, read through the class's URL (`self.url`,
    `self.driver` in the timing line) give crm-cli's results on the same server."""

    def test_table_as_crm_cli(self):
        last_line, reference = self.cli_reference()
        doc, _ = self.new_sheet()
        started = time.monotonic()
        with self.office.guard("analyze", timeout=600):
            result = self.analyze(doc, DatabaseURL=self.url, Command="orders", CommandType="table")
        print(f"\nanalyze through {self.driver}, CDNOW's full log: {time.monotonic() - started:.1f} s", file=sys.stderr)
        self.check_same_as_cli(result, doc, last_line, reference)

    def test_sql_command_renaming_columns(self):
        last_line, reference = self.cli_reference()
        doc, _ = self.new_sheet()
        sql = 'SELECT customer_id AS "Customer ID", date AS "Order date", amount AS "Sales" FROM orders'
        with self.office.guard("analyze", timeout=600):
            result = self.analyze(doc, DatabaseURL=self.url, Command=sql, CommandType="sql")
        self.check_same_as_cli(result, doc, last_line, reference)


class PostgresqlThroughSdbc(SameAsCli, OrdersOnPostgresql):
    driver = "SDBC"

    def test_wrong_roles_are_refused_in_plain_words(self):
        doc, _ = self.new_sheet()
        with self.assertRaises(IllegalArgumentException) as refused:
            self.analyze(doc, DatabaseURL=self.url, Command="odd", CommandType="table")
        message = refused.exception.Message
        self.assertIn("no column that reads as a customer id", message)
        self.assertIn("who, happened, worth", message)

    def test_driver_errors_are_refusals_without_the_password(self):
        doc, _ = self.new_sheet()
        with self.assertRaises(IllegalArgumentException) as refused:
            self.analyze(doc, DatabaseURL=self.url, Command="no_such_table", CommandType="table")
        self.assertIn("the database refused to read the orders", refused.exception.Message)
        wrong = self.url.replace(PASSWORD, "Wrong-pa55word")
        with self.assertRaises(IllegalArgumentException) as refused:
            self.analyze(doc, DatabaseURL=wrong, Command="orders")
        self.assertIn("cannot connect to the database", refused.exception.Message)
        self.assertNotIn("Wrong-pa55word", refused.exception.Message)
        with self.assertRaises(IllegalArgumentException) as refused:
            self.analyze(doc, Command="orders")
        self.assertIn("TransactionSource needs DataSourceName", refused.exception.Message)


ODBC_DRIVER = "/usr/lib/x86_64-linux-gnu/odbc/psqlodbca.so"  # Debian's odbc-postgresql (psqlODBC, ANSI)
ODBC_MANAGER = "/usr/lib/x86_64-linux-gnu/libodbc.so.2"  # Debian's unixodbc, which LibreOffice's ODBC driver loads


@unittest.skipIf(not (os.path.exists(ODBC_DRIVER) and os.path.exists(ODBC_MANAGER)),
                 "no ODBC driver manager or psqlODBC (tools/setup.sh installs unixodbc and odbc-postgresql)")
class OdbcThroughSdbc(SameAsCli, OrdersOnPostgresql):
    """The same server through ODBC: LibreOffice's ODBC driver (sdbc:odbc:DSN), unixODBC and psqlODBC, with a DSN
    of this test's own odbc.ini / odbcinst.ini (ODBCSYSINI, ODBCINI in the office's environment)."""
    driver = "ODBC"

    @classmethod
    def before_office(cls):
        with open(os.path.join(cls.tmp, "odbcinst.ini"), "w") as f:
            f.write(f"[psqlODBC]\nDriver={ODBC_DRIVER}\n")
        with open(os.path.join(cls.tmp, "odbc.ini"), "w") as f:
            f.write(f"[crm_orders]\nDriver=psqlODBC\nServername=127.0.0.1\nPort={cls.server.port}\n"
                    f"Database=postgres\nUsername={cls.server.user}\nPassword={PASSWORD}\n")
        cls.saved_env = {k: os.environ.get(k) for k in ("ODBCSYSINI", "ODBCINI")}
        os.environ["ODBCSYSINI"] = cls.tmp  # the office inherits the test's environment (crmoffice.Office)
        os.environ["ODBCINI"] = os.path.join(cls.tmp, "odbc.ini")
        cls.url = "sdbc:odbc:crm_orders"

    @classmethod
    def tearDownClass(cls):
        try:
            super().tearDownClass()
        finally:
            for k, v in cls.saved_env.items():
                os.environ.pop(k, None) if v is None else os.environ.__setitem__(k, v)

    def test_odbc_refusals(self):
        doc, _ = self.new_sheet()
        with self.assertRaises(IllegalArgumentException) as refused:
            self.analyze(doc, DatabaseURL=self.url, Command="no_such_table", CommandType="table")
        self.assertIn("the database refused to read the orders", refused.exception.Message)
        with self.assertRaises(IllegalArgumentException) as refused:
            self.analyze(doc, DatabaseURL="sdbc:odbc:no_such_dsn", Command="orders")
        self.assertIn("cannot connect to the database", refused.exception.Message)


JDBC_JAR = "/usr/share/java/postgresql.jar"  # Debian's libpostgresql-jdbc-java


@unittest.skipIf(not os.path.exists(JDBC_JAR), "no PostgreSQL JDBC driver (tools/setup.sh installs libpostgresql-jdbc-java)")
class JdbcThroughSdbc(OrdersOnPostgresql):
    """The same server through JDBC: a data source (an .odb built here) whose URL is jdbc:postgresql://… with the
    driver's class and jar in its Info, as Base's "Connect to an existing database: JDBC" stores it."""

    def build_odb(self):
        folder = tempfile.mkdtemp(prefix="crm-jdbc-")
        self.addCleanup(__import__("shutil").rmtree, folder, True)
        url = uno.systemPathToFileUrl(os.path.join(folder, "orders.odb"))
        databases = self.office.smgr.createInstanceWithContext("com.sun.star.sdb.DatabaseContext", self.office.ctx)
        ds = databases.createInstance()
        ds.URL = f"jdbc:postgresql://127.0.0.1:{self.server.port}/postgres?user={self.server.user}&password={PASSWORD}"
        ds.Info = props(JavaDriverClass="org.postgresql.Driver", JavaDriverClassPath=uno.systemPathToFileUrl(JDBC_JAR))
        ds.DatabaseDocument.storeAsURL(url, ())
        return url

    def test_table_through_jdbc_as_crm_cli(self):
        last_line, reference = self.cli_reference()
        url = self.build_odb()
        doc, _ = self.new_sheet()
        started = time.monotonic()
        with self.office.guard("analyze", timeout=600):
            result = self.analyze(doc, DataSourceName=url, Command="orders", CommandType="table")
        print(f"\nanalyze through JDBC, CDNOW's full log: {time.monotonic() - started:.1f} s", file=sys.stderr)
        self.check_same_as_cli(result, doc, last_line, reference)


class FirebirdOdb(OfficeTestCase):
    """An .odb file with LibreOffice Base's default embedded Firebird, built here through the office's own API,
    holding CDNOW's first 2 000 orders: analyze on it gives what analyze gives on the same orders in a sheet."""

    LINES = 2000

    def jobs(self):
        return self.office.smgr.createInstanceWithContext("org.calccrm.CustomerJobs", self.office.ctx)

    def build_odb(self, orders):
        folder = tempfile.mkdtemp(prefix="crm-odb-")
        self.addCleanup(__import__("shutil").rmtree, folder, True)
        url = uno.systemPathToFileUrl(os.path.join(folder, "orders.odb"))
        databases = self.office.smgr.createInstanceWithContext("com.sun.star.sdb.DatabaseContext", self.office.ctx)
        ds = databases.createInstance()
        ds.URL = "sdbc:embedded:firebird"
        ds.DatabaseDocument.storeAsURL(url, ())
        connection = ds.getConnection("", "")
        connection.createStatement().execute(
            'CREATE TABLE "orders" ("customer_id" VARCHAR(10), "order_date" DATE, "cds" INTEGER, "amount" NUMERIC(10,2))')
        # The file's numbers as SQL literals (LibreOffice 7.4's Firebird driver scales a NUMERIC set by setString).
        statement = connection.createStatement()
        for cid, day, cds, dollars in orders:
            statement.execute(f"INSERT INTO \"orders\" VALUES ('{int(cid):05d}', DATE '{day.isoformat()}', "
                              f"{int(cds)}, {float(dollars)!r})")
        if not connection.AutoCommit:
            connection.commit()
        # A query of the .odb (CommandType "query"): the orders of 1997 only.
        query = ds.QueryDefinitions.createInstance()
        query.Command = 'SELECT * FROM "orders" WHERE "order_date" < DATE \'1998-01-01\''
        ds.QueryDefinitions.insertByName("orders 1997", query)
        ds.DatabaseDocument.store()  # while connected: the embedded database is written into the .odb
        connection.close()
        return url

    def test_odb_as_the_same_orders_in_a_sheet(self):
        orders, rows = cdnow_orders(self.LINES)
        url = self.build_odb(orders)
        sheet_doc, sheet = self.new_sheet()
        import crmoffice
        crmoffice.set_data(sheet, "A1", rows)
        with self.office.guard("analyze", timeout=600):
            from_sheet = as_dict(self.jobs().analyze(sheet_doc, props()))
        odb_doc, _ = self.new_sheet()
        with self.office.guard("analyze", timeout=600):
            from_odb = as_dict(self.jobs().analyze(odb_doc, props(TransactionSource=source(
                DataSourceName=url, Command="orders", CommandType="table"))))
        self.assertEqual(from_odb["Customers"], from_sheet["Customers"])
        col_s, by_sheet = table(sheet_doc, from_sheet["CustomersSheet"])
        col_o, by_odb = table(odb_doc, from_odb["CustomersSheet"])
        differ = [(c, r[col_s["Sales 1998"]], by_odb[c][col_o["Sales 1998"]], r[col_s["Tier"]], by_odb[c][col_o["Tier"]])
                  for c, r in by_sheet.items() if c in by_odb and r[col_s["Tier"]] != by_odb[c][col_o["Tier"]]]
        self.assertEqual(list(from_odb["TierCounts"]), list(from_sheet["TierCounts"]), differ[:8])
        self.assertEqual(set(by_odb), set(by_sheet))
        self.assertGreater(len(by_odb), 100)
        for cid, r in by_sheet.items():
            o = by_odb[cid]
            self.assertEqual(o[col_o["Tier"]], r[col_s["Tier"]], cid)
            for name in ("Sales 1997", "Repeat purchases (x)", "Last purchase, weeks (t_x)", "Customer age, weeks (T)"):
                self.assertAlmostEqual(o[col_o[name]], r[col_s[name]], delta=1e-6, msg=f"{cid} {name}")
        # The query reads the customers who bought in 1997 (every one of this part of the log: CDNOW's cohort).
        query_doc, _ = self.new_sheet()
        with self.office.guard("analyze", timeout=600):
            from_query = as_dict(self.jobs().analyze(query_doc, props(TransactionSource=source(
                DataSourceName=url, Command="orders 1997", CommandType="query"))))
        in_1997 = {cid for cid, day, _, _ in orders if day.year == 1997}
        self.assertEqual(from_query["Customers"], len(in_1997))
        col_q, by_query = table(query_doc, from_query["CustomersSheet"])
        self.assertEqual(set(by_query), in_1997)
        self.assertIn("Sales 1997", col_q)  # the latest year is the query's


class RefusalsInFrench(OfficeTestCase):
    """The refusals are in the office's language (strings in idl/functions.json, four languages)."""

    locale = "fr-FR"

    def test_bad_source_in_french(self):
        doc, _ = self.new_sheet()
        jobs = self.office.smgr.createInstanceWithContext("org.calccrm.CustomerJobs", self.office.ctx)
        with self.assertRaises(IllegalArgumentException) as refused:
            jobs.analyze(doc, props(TransactionSource=source(Command="orders")))
        self.assertIn("l'option TransactionSource demande DataSourceName", refused.exception.Message)
        with self.assertRaises(IllegalArgumentException) as refused:
            jobs.analyze(doc, props(TransactionSource=source(DataSourceName="Pas enregistrée", Command="orders")))
        self.assertIn("aucune source de données nommée « Pas enregistrée »", refused.exception.Message)


if __name__ == "__main__":
    unittest.main()
