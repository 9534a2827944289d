"""Orders in PostgreSQL (issue 17): crm-cli analyze --db against the bare aggregation query and against
exporting the lines to CSV and reading that; wall time and peak resident memory (/usr/bin/time -v).

Starts a throwaway PostgreSQL server on loopback (tests/cli/pg_server.py), generates the order lines in SQL
(generate_series, setseed: the same lines every run): L lines of L / 10 customers over 2023-01-01 … 2026-06-30,
amounts 5 … 200. Per size: the generation, `crm-cli analyze --db … --orders orders`, the same aggregation
statement alone (the text crm-cli --show-sql prints, PREPAREd and EXECUTEd by psql, rows to /dev/null),
`\\copy orders TO file.csv` and `crm-cli analyze file.csv`. With --write, replaces the section
"## Scale: orders in PostgreSQL" of the benchmarks file.
usage: /usr/bin/python3 tests/bench/bench_database.py [--lines 1000000,10000000] [--write BENCHMARKS.md]
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(ROOT, "tests", "cli"))
import pg_server  # noqa: E402
from bench_report import machine, write_section  # noqa: E402

BUILD = os.environ.get("CRM_BUILD_DIR", os.path.join(ROOT, "build"))
CLI = os.path.join(BUILD, "crm-cli")
TITLE = "Scale: orders in PostgreSQL"
SETTINGS = ("work_mem=256MB", "shared_buffers=512MB")


def timed(command, env=None):
    """Runs command under /usr/bin/time -v: (wall seconds, peak MB, stdout, stderr)."""
    start = time.perf_counter()
    done = subprocess.run(["/usr/bin/time", "-v"] + command, capture_output=True, text=True, env=env)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"{command[0]} failed: {done.stderr[-2000:]}")
    peak = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr).group(1)) / 1024
    return wall, peak, done.stdout, done.stderr


def last_line(text):
    return text.strip().splitlines()[-1]


def bench(server, lines, tmp):
    customers = lines // 10
    start = time.perf_counter()
    server.psql("-c", "DROP TABLE IF EXISTS orders", "-c", "SELECT setseed(0.2026)",
                "-c", "CREATE TABLE orders AS SELECT 'C' || lpad((g %% %d)::text, 7, '0') AS customer_id, "
                      "DATE '2023-01-01' + floor(random() * 1277)::int AS date, "
                      "round((5 + 195 * random() ^ 2)::numeric, 2) AS amount "
                      "FROM generate_series(0, %d) AS g" % (customers, lines - 1),
                "-c", "ANALYZE orders", capture_output=True)
    generated = time.perf_counter() - start
    rows = {}
    # The password through libpq's PGPASSWORD, not on the command line (where ps shows it).
    url = server.url().replace(":" + server.password + "@", "@")
    wall, peak, out, err = timed([CLI, "analyze", "--db", url, "--orders", "orders", "--show-sql", "--out", os.devnull],
                                 env=server.env)
    rows["crm-cli analyze --db"] = (wall, peak, last_line(out))
    shown = re.search(r"-- crm-cli: the per-customer aggregation; parameters ([^\n]*)\n(.*?);\n", err, re.S)
    parameters = [p.split("=", 1)[1] for p in shown.group(1).split()]
    script = os.path.join(tmp, "bare.sql")
    with open(script, "w") as f:
        f.write("PREPARE aggregation(%s) AS %s;\n\\o /dev/null\nEXECUTE aggregation(%s);\n"
                % (", ".join(["integer"] * len(parameters)), shown.group(2), ", ".join(parameters)))
    wall, peak, _, _ = timed(["psql", "-h", "127.0.0.1", "-p", str(server.port), "-U", server.user, "-d", "postgres",
                              "-v", "ON_ERROR_STOP=1", "-q", "-f", script], env=server.env)
    rows["the aggregation statement alone (psql)"] = (wall, peak, "")
    exported = os.path.join(tmp, "orders.csv")
    wall_export, peak_export, _, _ = timed(
        ["psql", "-h", "127.0.0.1", "-p", str(server.port), "-U", server.user, "-d", "postgres", "-v", "ON_ERROR_STOP=1",
         "-q", "-c", f"\\copy orders TO '{exported}' WITH (FORMAT csv, HEADER true)"], env=server.env)
    wall_read, peak_read, out, _ = timed([CLI, "analyze", exported, "--out", os.devnull])
    os.remove(exported)
    rows["\\copy to CSV, then crm-cli analyze file.csv"] = (wall_export + wall_read, max(peak_export, peak_read),
                                                          last_line(out))
    return generated, rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", default="1000000,10000000")
    parser.add_argument("--write", help="benchmarks file to update (e.g. BENCHMARKS.md)")
    args = parser.parse_args()
    sizes = [int(s) for s in args.lines.split(",")]
    results = {}
    with tempfile.TemporaryDirectory(prefix="crm-bench-db-") as tmp, \
            pg_server.throwaway("bench-Pa55", SETTINGS) as server:
        version = server.psql("-At", "-c", "SHOW server_version", capture_output=True, text=True).stdout.strip()
        for n in sizes:
            results[n] = bench(server, n, tmp)
            generated, rows = results[n]
            print(f"{n} lines: generated in {generated:.1f} s")
            for name, (wall, peak, last) in rows.items():
                print(f"  {name}: {wall:.2f} s, {peak:.0f} MB {last}")
    lines = ["| lines (customers) | run | wall s | × the statement | peak MB | last line |", "|---|---|---:|---:|---:|---|"]
    for n, (generated, rows) in results.items():
        bare = rows["the aggregation statement alone (psql)"][0]
        for name, (wall, peak, last) in rows.items():
            lines.append(f"| {n:,} ({n // 10:,}) | ".replace(",", " ") + f"{name} | {wall:.2f} | {wall / bare:.2f} | {peak:.0f} | "
                         + (f"`{last}`" if last else "") + " |")
    text = "\n".join(lines)
    print(text)
    if args.write:
        body = (f"`tests/bench/bench_database.py`: PostgreSQL {version} started by the script on loopback "
                f"({', '.join(SETTINGS)}, fsync off), one run each. {machine()}\n\n{text}\n")
        write_section(args.write, TITLE, body)


if __name__ == "__main__":
    main()
