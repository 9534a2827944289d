#!/usr/bin/env python3
"""Times analyze + planVisits through org.calccrm.CustomerJobs in a real Calc on 5 000 customers,
200 000 orders and 10 reps, against the floor of merely reading and writing the same cells through UNO.

Usage: /usr/bin/python3 tests/bench/bench_jobs.py [--customers 5000] [--orders 200000] [--reps 10] [--write BENCHMARKS.md]
"""
import argparse
import math
import os
import random
import statistics
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tests", "integration"))
sys.path.insert(0, HERE)
import common  # noqa: E402  (tools/ on the path, the extension's types known to the bridge)
import crmoffice  # noqa: E402
from crmoffice import as_dict, props  # noqa: E402
from bench_tiering import machine, write_section  # noqa: E402

TITLE = "Scale: jobs in Calc"


def make_data(customers, orders, reps, seed=2027):
    """A customer sheet and an order log. Orders follow the purchase process the models assume (Fader, Hardie
    & Lee 2005): each customer buys at his own Poisson rate (gamma across customers) until he drops out (after
    each purchase, with his own beta-distributed probability), and spends around his own gamma-distributed
    mean; so the BG/NBD and Gamma-Gamma fits converge as on real order logs (uniform random orders gave every
    customer the same behaviour, and both fits then rightly failed). About `orders` orders in all."""
    rng = random.Random(seed)
    centres = [(rng.uniform(43.5, 50.5), rng.uniform(-1.0, 7.0)) for _ in range(reps)]
    rows = [["ID", "Name", "Sales 2025", "Sales 2024", "Cost 2025", "City", "Sales rep", "Latitude", "Longitude"]]
    for i in range(customers):
        lat, lon = centres[i % reps]
        sales = round(math.exp(rng.gauss(8.5, 1.4)), 2)
        rows.append(["C%05d" % i, "Customer %d" % i, sales, round(sales / math.exp(rng.gauss(0.05, 0.2)), 2),
                     round(sales * rng.uniform(0.5, 0.9), 2), "Town %d" % (i % reps), "Rep %02d" % (i % reps),
                     round(lat + rng.gauss(0, 0.15), 5), round(lon + rng.gauss(0, 0.2), 5)])
    first_day, last_day = 45292, 46386  # 2024-01-01 .. 2026-12-31
    # Mean purchases a customer would make over the whole span if he never dropped out; the dropout
    # probability (beta(1, 40), mean 1/41) cuts that: the rate is aimed so that about `orders` remain.
    span = last_day - first_day
    target = orders / customers
    mean_rate = 2.7 * target / span  # per day, before dropout
    tx = [["Customer ID", "Date", "Amount"]]
    for i in range(customers):
        rate = rng.gammavariate(1.5, mean_rate / 1.5)
        drop = rng.betavariate(1.0, 40.0)
        nu = rng.gammavariate(4.0, 1.0 / 160.0)  # Gamma-Gamma: q = 4, gamma = 160 (orders average 160)
        day = first_day + rng.random() * span * 0.5
        while day <= last_day:
            tx.append(["C%05d" % i, float(int(day)), round(rng.gammavariate(3.0, 1.0 / nu), 2)])  # p = 3
            if rng.random() < drop or rate <= 0:
                break
            day += rng.expovariate(rate)
    return rows, tx


def new_document(office, customers, transactions):
    doc = office.new_calc()
    sheet = doc.Sheets.getByIndex(0)
    sheet.Name = "Clients"
    doc.Sheets.insertNewByName("Orders", 1)
    crmoffice.set_data(sheet, "A1", customers)
    crmoffice.set_data(doc.Sheets.getByName("Orders"), "A1", transactions)
    return doc


def floor(doc, customers_cells, schedule_rows, sources=("Clients", "Orders")):
    """Read the source sheets in bulk and write blocks the size of the outputs: what any job must do."""
    start = time.perf_counter()
    for name in sources:
        sheet = doc.Sheets.getByName(name)
        cursor = sheet.createCursor()
        cursor.gotoEndOfUsedArea(False)
        end = cursor.getRangeAddress()
        sheet.getCellRangeByPosition(0, 0, end.EndColumn, end.EndRow).getDataArray()
    doc.Sheets.insertNewByName("floor1", 2)
    doc.Sheets.insertNewByName("floor2", 3)
    rows, cols = customers_cells
    block = tuple(tuple(float(c) for c in range(cols)) for _ in range(rows))
    doc.Sheets.getByName("floor1").getCellRangeByPosition(0, 0, cols - 1, rows - 1).setDataArray(block)
    block = tuple(tuple(float(c) for c in range(10)) for _ in range(schedule_rows))
    doc.Sheets.getByName("floor2").getCellRangeByPosition(0, 0, 9, schedule_rows - 1).setDataArray(block)
    doc.calculateAll()
    return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=5000)
    parser.add_argument("--orders", type=int, default=200000)
    parser.add_argument("--reps", type=int, default=10)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--write")
    args = parser.parse_args()
    customers, transactions = make_data(args.customers, args.orders, args.reps)
    runs = []  # (analyze, plan, settle, floor) of each run, the jobs and the floor interleaved
    with crmoffice.Office(oxt=common.OXT) as office:
        jobs = office.smgr.createInstanceWithContext("org.calccrm.CustomerJobs", office.ctx)
        for _ in range(args.runs):
            doc = new_document(office, customers, transactions)
            start = time.perf_counter()
            analysis = as_dict(jobs.analyze(doc, props()))
            t_analyze = time.perf_counter() - start
            start = time.perf_counter()
            plan = as_dict(jobs.planVisits(doc, props(Year=2027)))
            t_plan = time.perf_counter() - start
            # Whatever is still to compute, computed, as the user will see it: Calc marks every formula dirty
            # when a sheet is inserted, so the Customers sheet's live formulas are computed again after planVisits.
            start = time.perf_counter()
            doc.calculate()
            t_settle = time.perf_counter() - start
            out = doc.Sheets.getByName(analysis["CustomersSheet"])
            cursor = out.createCursor()
            cursor.gotoEndOfUsedArea(False)
            width = cursor.getRangeAddress().EndColumn + 1
            doc.setModified(False)
            doc.close(True)
            doc = new_document(office, customers, transactions)
            t_floor = floor(doc, (args.customers + 1, width), plan["VisitsPlanned"] + 1)
            doc.setModified(False)
            doc.close(True)
            runs.append((t_analyze, t_plan, t_settle, t_floor))
            print("run: analyze %.2f s, plan %.2f s, settle %.2f s, floor %.2f s" % runs[-1], flush=True)
    t_analyze, t_plan, t_settle, t_floor = (statistics.median(r[k] for r in runs) for k in range(4))
    ratios = sorted((r[0] + r[1] + r[2]) / r[3] for r in runs)
    total = t_analyze + t_plan + t_settle
    body = ("`tests/bench/bench_jobs.py` on %s, %s: %d customers, %d orders, %d reps, in a real headless Calc "
            "through `org.calccrm.CustomerJobs` (orders simulated from the BG/NBD and Gamma-Gamma purchase process, "
            "so the model fits converge); median of %d runs, the jobs and the floor interleaved.\n\n"
            "| step | time |\n|---|---|\n"
            "| analyze (Customers and Summary sheets written; widths and heights measured on sampled rows) | %.2f s |\n"
            "| planVisits (%d visits, %d unvisited, %d days over capacity) | %.2f s |\n"
            "| recalculation of what is left dirty (`calculate()`: the Customers formulas, computed once, after the sheet planVisits inserts) | %.2f s |\n"
            "| **analyze + planVisits + that recalculation** | **%.2f s** |\n"
            "| floor: read both source sheets and write blocks the size of the outputs through UNO | %.2f s |\n"
            "| ratio to the floor (target ≤ 2×) | %.2f× (each run: %s) |\n"
            % (machine(), time.strftime("%Y-%m-%d"), args.customers, len(transactions) - 1, args.reps, len(runs), t_analyze,
               plan["VisitsPlanned"], plan["UnvisitedCustomers"], plan["DaysOverCapacity"], t_plan, t_settle, total, t_floor,
               total / t_floor, ", ".join("%.2f×" % r for r in ratios)))
    print(body)
    if args.write:
        write_section(args.write, TITLE, body)


if __name__ == "__main__":
    main()
