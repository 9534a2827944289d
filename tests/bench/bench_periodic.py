#!/usr/bin/env python3
"""Route quality of the year's visit plan: runs bench_periodic and writes its table to BENCHMARKS.md (issue 14).

Usage: /usr/bin/python3 tests/bench/bench_periodic.py [--runs 3] [--customers 2000] [--reps 10] [--write BENCHMARKS.md]
Runs build/tests/bench/bench_periodic (the C++ core only, no office) on two scenarios of the same instance
(2 000 customers in real French towns around 10 reps' bases, tiers 20/30/50 % A/B/C, fixed seed, year 2027):
the default options, and long days (30-minute visits, up to 12 a day, 10 hours) so that days of 7 to 12 stops
occur. For each: total km, km per visit, planning time (median of --runs), visits planned/wanted, and every
day's planned tour against its exact optimum (Held-Karp in the bench) and a nearest-neighbour tour of the
same stops, all measured in the same run. The bench exits non-zero when one of its checks fails.
"""
import argparse
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
from bench_tiering import machine, write_section  # noqa: E402  (same machine line, same section writer)

BUILD = os.environ.get("CRM_BUILD_DIR", os.path.join(ROOT, "build"))
EXE = os.path.join(BUILD, "tests", "bench", "bench_periodic")
GAZETTEER = os.path.join(ROOT, "data", "gazetteer", "gazetteer.tsv")
TITLE = "Routing: the year's plan, day by day against the optimum (issue 14)"

SCENARIOS = [
    ("defaults", "default options (12/4/1 visits, 90/60/45 min, 6 a day, 8 h, 50 km/h)", []),
    ("long days", "30-min visits, up to 12 a day, 10 h", ["--visit-minutes", "30,30,30", "--max-visits-per-day", "12",
                                                         "--hours-per-day", "10"]),
]


def parse(output):
    """{case: [dict, ...]} of the BENCH lines."""
    cases = {}
    for line in output.splitlines():
        if line.startswith("BENCH "):
            fields = dict(re.findall(r"(\w+)=(\S+)", line[6:]))
            cases.setdefault(fields["case"], []).append(fields)
    return cases


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", default="3")
    parser.add_argument("--customers", default="2000")
    parser.add_argument("--reps", default="10")
    parser.add_argument("--write", help="benchmarks file to update (e.g. BENCHMARKS.md)")
    args = parser.parse_args()
    summary = ["| scenario | visits planned / wanted | total km | km per visit | planning time (median of %s) | days "
               "| days ≤ 12 stops | provably optimal | mean gap | worst gap | nearest-neighbour km of the same days |"
               % args.runs, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    details = []
    threads = "?"
    packing = []  # (label, total km, days, days of 1 or 2 stops, visits)
    for key, label, extra in SCENARIOS:
        done = subprocess.run([EXE, GAZETTEER, "--runs", args.runs, "--customers", args.customers, "--reps", args.reps,
                               "--label", key.replace(" ", "_")] + extra, capture_output=True, text=True)
        sys.stdout.write(done.stdout)
        sys.stderr.write(done.stderr)
        if done.returncode != 0:
            sys.exit("bench_periodic failed (%d) on %s" % (done.returncode, key))
        cases = parse(done.stdout)
        plan, exact = cases["plan"][0], cases["exact"][0]
        threads = plan["threads"]
        visits, exact_days = int(plan["visits"]), int(exact["exact_days"])
        summary.append("| %s | %s / %s | %.0f | %.2f | %.2f s | %s | %d | %s (%.1f %%) | %.3f %% | %.3f %% | %.0f (%+.1f %%) |" % (
            label, plan["visits"], plan["wanted"], float(plan["total_km"]), float(plan["km_per_visit"]),
            float(plan["median_s"]), plan["days"], exact_days, exact["optimal_days"],
            100.0 * int(exact["optimal_days"]) / max(1, exact_days), float(exact["mean_gap_pct"]),
            float(exact["worst_gap_pct"]), float(exact["nn_km"]),
            100.0 * (float(exact["nn_km"]) - float(exact["planned_km"])) / float(exact["planned_km"])))
        short = sum(int(s["days"]) for s in cases.get("stops", []) if int(s["stops"]) <= 2)
        packing.append((label, float(plan["total_km"]), int(plan["days"]), short, visits))
        rows = ["| stops a day | days | provably optimal | mean gap | worst gap | planned km | optimum km |",
                "|---:|---:|---:|---:|---:|---:|---:|"]
        for s in cases.get("stops", []):
            rows.append("| %s | %s | %s | %.3f %% | %.3f %% | %.0f | %.0f |" % (
                s["stops"], s["days"], s["optimal"], float(s["mean_gap_pct"]), float(s["worst_gap_pct"]),
                float(s["planned_km"]), float(s["optimum_km"])))
        per_month = ", ".join("%s" % m["visits"] for m in cases.get("month", []))
        details.append("**%s**: %s customers without all their visits, %s spacing violations; visits a month, January "
                       "to December: %s; the Held-Karp programme took %.2f s for the %d days.\n\n%s" % (
                           label, plan["unvisited_customers"], plan["spacing_violations"], per_month,
                           float(exact["held_karp_s"]), exact_days, "\n".join(rows)))
    (base_label, base_km, base_days, base_short, base_visits) = packing[0]
    reading = ["Reading the table: where a day has at most 12 stops, its gap to the optimum says how good the route "
               "of that day is; the km of the year also depend on how the visits are grouped into days, which no "
               "day's optimum measures."]
    for label, km, days, short, visits in packing:
        reading.append("- %s: %.2f visits a day on average; %d of %d days (%.0f %%) hold one or two stops; %.0f km "
                       "(%.3f× the first scenario's km)." % (label, visits / days, short, days, 100.0 * short / days,
                                                            km, km / base_km))
    body = """`tests/bench/bench_periodic.py` (runs `bench_periodic`, C++, no office). %s; the planner used %s threads.

The instance (fixed seed 14): %s customers, %s reps based in the centres of Lyon, Marseille, Toulouse, Bordeaux, Nantes, Lille,
Strasbourg, Rennes, Dijon and Clermont-Ferrand (the list repeats beyond 10; coordinates from `crm::find_place`); each rep's customers are in
real French towns of the gazetteer (`data/gazetteer/gazetteer.tsv`, GeoNames points) within 60 km of his base,
a town drawn with probability proportional to its population and the customer placed in a disc of 0.3 to 4 km
around the town's point; exactly 20 %% A, 30 %% B and 50 %% C customers per rep. The plan: `crm::plan_visits` over
2027 (Monday to Friday, no holidays). Planning time: the call only, median of %s runs (the runs must agree).

Each planned day (one rep, one date) is a closed tour from the base through its stops in the planned order and
back. For every day of at most 12 stops the bench computes the shortest such tour exactly (Held-Karp dynamic
programme over the stops and the base, written in the bench, independent of the core's router) over
`crm::haversine_km`, the distance the planner measures; a day is *provably optimal* when its planned tour is
within 10⁻⁶ (relative) of that optimum. The gap is (planned − optimum) / optimum per day. The bench checks that
the optimum never exceeds the planned tour, that it equals a brute-force enumeration on every day of up to 7
stops, and that the planned km (the visits' km from the previous stop plus the drive back) equal the measured
tour; it fails otherwise. Baseline of the same run: a nearest-neighbour tour of the same stops from the base.

%s

%s

%s

Rerun: `cmake --build build -j2 --target bench_periodic && /usr/bin/python3 tests/bench/bench_periodic.py --write BENCHMARKS.md`
(a few seconds). One scenario alone, with other sizes: `build/tests/bench/bench_periodic data/gazetteer/gazetteer.tsv
--customers 2000 --reps 10 --runs 3` (flags in the header of `tests/bench/bench_periodic.cpp`).""" % (
        machine(), threads, args.customers, args.reps, args.runs, "\n".join(summary), reading[0] + "\n\n" + "\n".join(reading[1:]), "\n\n".join(details))
    print(body)
    if args.write:
        write_section(args.write, TITLE, body)


if __name__ == "__main__":
    main()
