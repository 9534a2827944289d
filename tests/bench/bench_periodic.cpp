// Benchmark (not a test): route quality of the periodic visit plan (issue 14, item 7).
//
// Usage: bench_periodic GAZETTEER_TSV [--customers 2000] [--reps 10] [--year 2027] [--runs 3] [--seed 14]
//                       [--radius-km 60] [--max-visits-per-day N] [--hours-per-day H] [--visit-minutes A,B,C]
//                       [--label TEXT] [--max-worst-gap-pct G]
//   GAZETTEER_TSV   data/gazetteer/gazetteer.tsv (the towns customers are drawn from)
//
// The instance (reproducible: a fixed seed, std::mt19937_64 and the bench's own draws, no <random> distribution):
// 10 reps based in the centres of Lyon, Marseille, Toulouse, Bordeaux, Nantes, Lille, Strasbourg, Rennes, Dijon
// and Clermont-Ferrand (coordinates from crm::find_place, the core's gazetteer); each rep has customers/reps
// customers placed in real French towns of the gazetteer (GeoNames points of their own, population known) within
// --radius-km of his base, a town drawn with probability proportional to its population (a customer list follows
// people), the customer at a uniform point of a disc around the town's point whose radius grows with the town
// (0.3 km to 4 km: sqrt(population) / 150 km). Tiers: exactly 20 % A, 30 % B, 50 % C per rep, shuffled.
//
// The plan: crm::plan_visits over the calendar year --year with the default options (12/4/1 visits a year,
// 90/60/45 minutes, 6 visits and 8 hours a day, 50 km/h, Monday to Friday, no holidays) unless a flag
// overrides one; timed --runs times (wall clock, the call only), the median reported; the runs must agree.
//
// Route quality: every planned day (one rep, one date) is a closed tour from the base through its stops in the
// planned order and back. For every day of at most 12 stops the bench computes the shortest such tour exactly by
// the Held-Karp dynamic programme (bitmask over the stops, base included; written here, independent of the
// core's router) over crm::haversine_km, the distances the planner measures (its great-circle chord formula
// equals haversine to rounding). The planned tour is measured with the same function. A day is optimal when
// planned <= optimum * (1 + 1e-6). Checks: the Held-Karp optimum never exceeds the planned tour, it equals a
// brute-force enumeration of the tours on every day of at most 7 stops, and the planned km of a day (the
// visits' km_from_previous plus the drive back) equal the measured tour. Baseline of the same run: the
// nearest-neighbour tour of each day's stops from the base.
//
// --max-worst-gap-pct G also fails the run when a day's planned tour is more than G % longer than its optimum
// (the quick ctest bench_periodic_quick uses 2, the routing target of BENCHMARKS.md's TSPLIB table).
//
// Output: lines "BENCH key=value ..." (tests/bench/bench_periodic.py parses them) and a markdown summary.
// Exit status 1 if a check fails.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <map>
#include <numeric>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "crm/calendar.hpp"
#include "crm/gazetteer.hpp"
#include "crm/routing.hpp"
#include "crm/schedule.hpp"

namespace {

constexpr std::size_t exact_limit = 12;  // Held-Karp up to this many stops a day
constexpr std::size_t brute_limit = 7;   // brute-force cross-check up to this many
constexpr double optimal_tolerance = 1e-6;

const char* const centres[] = {"Lyon",  "Marseille", "Toulouse", "Bordeaux", "Nantes",
                               "Lille", "Strasbourg", "Rennes",  "Dijon",    "Clermont-Ferrand"};

struct town {
    double lat, lon, population;
};

struct args_t {
    std::string gazetteer;
    std::size_t customers = 2000, reps = 10, runs = 3;
    int year = 2027;
    std::uint64_t seed = 14;
    double radius_km = 60;
    int max_visits_per_day = 0;  // 0: the default
    double hours_per_day = 0;
    std::vector<double> visit_minutes;
    std::string label = "defaults";
    double max_worst_gap_pct = std::numeric_limits<double>::infinity();
};

// Uniform in [0, 1) from the 53 high bits: the same numbers with every standard library.
double unit(std::mt19937_64& rng) { return static_cast<double>(rng() >> 11) * 0x1.0p-53; }

std::vector<std::string> split(const std::string& line, char sep) {
    std::vector<std::string> out;
    std::string field;
    std::istringstream in(line);
    while (std::getline(in, field, sep)) out.push_back(field);
    return out;
}

// French towns with coordinates of their own and a known population ("P" lines, point "o").
std::vector<town> read_towns(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot read " + path);
    std::vector<town> towns;
    for (std::string line; std::getline(in, line);) {
        if (line.rfind("P\tFR\t", 0) != 0) continue;
        const auto f = split(line, '\t');
        if (f.size() < 9 || f[7] != "o") continue;
        const double population = std::stod(f[6]);
        if (population > 0) towns.push_back({std::stod(f[4]), std::stod(f[5]), population});
    }
    if (towns.empty()) throw std::runtime_error(path + " holds no French town");
    return towns;
}

// A point at `km` from (lat, lon) in direction `bearing` (radians), small distances (flat approximation).
std::pair<double, double> offset(double lat, double lon, double km, double bearing) {
    const double deg = 180.0 / 3.14159265358979323846;
    const double dlat = km * std::cos(bearing) / 6371.0088 * deg;
    const double dlon = km * std::sin(bearing) / (6371.0088 * std::cos(lat / deg)) * deg;
    return {lat + dlat, lon + dlon};
}

struct instance {
    std::vector<crm::visit_customer> customers;
    std::vector<crm::rep_base> bases;
};

instance make_instance(const args_t& a, const std::vector<town>& towns) {
    std::mt19937_64 rng(a.seed);
    instance out;
    const std::size_t per_rep = a.customers / a.reps;
    for (std::size_t r = 0; r < a.reps; ++r) {
        const char* city = centres[r % std::size(centres)];
        const auto base = crm::find_place({city, "", "", "FR"});
        if (!base) throw std::runtime_error(std::string("the gazetteer has no ") + city);
        char rep[64];
        std::snprintf(rep, sizeof rep, "rep%02zu-%s", r + 1, city);
        out.bases.push_back({rep, base->latitude, base->longitude, city, "", ""});
        std::vector<const town*> near;
        std::vector<double> cumulative;
        for (const town& t : towns)
            if (crm::haversine_km(base->latitude, base->longitude, t.lat, t.lon) <= a.radius_km) {
                near.push_back(&t);
                cumulative.push_back((cumulative.empty() ? 0 : cumulative.back()) + t.population);
            }
        if (near.empty()) throw std::runtime_error(std::string("no town near ") + city);
        const std::size_t n = per_rep + (r < a.customers % a.reps ? 1 : 0);
        std::vector<char> tiers(n, 'C');
        const std::size_t na = n * 20 / 100, nb = n * 30 / 100;
        std::fill(tiers.begin(), tiers.begin() + static_cast<std::ptrdiff_t>(na), 'A');
        std::fill(tiers.begin() + static_cast<std::ptrdiff_t>(na), tiers.begin() + static_cast<std::ptrdiff_t>(na + nb), 'B');
        for (std::size_t i = n; i > 1; --i) std::swap(tiers[i - 1], tiers[rng() % i]);  // Fisher-Yates
        for (std::size_t i = 0; i < n; ++i) {
            const double u = unit(rng) * cumulative.back();
            const auto k = static_cast<std::size_t>(std::upper_bound(cumulative.begin(), cumulative.end(), u) - cumulative.begin());
            const town& t = *near[std::min(k, near.size() - 1)];
            const double radius = std::clamp(std::sqrt(t.population) / 150.0, 0.3, 4.0);
            const double rho = radius * std::sqrt(unit(rng)), bearing = 2 * 3.14159265358979323846 * unit(rng);
            const auto [lat, lon] = offset(t.lat, t.lon, rho, bearing);
            crm::visit_customer c;
            char id[32];
            std::snprintf(id, sizeof id, "C%05zu", out.customers.size() + 1);
            c.id = id, c.name = id, c.rep = rep, c.tier = tiers[i];
            c.latitude = lat, c.longitude = lon;
            out.customers.push_back(c);
        }
    }
    return out;
}

using matrix = std::vector<std::vector<double>>;  // node 0 the base, 1..n the stops

double tour_km(const std::vector<std::size_t>& order, const matrix& d) {  // order without the base
    double km = 0;
    std::size_t previous = 0;
    for (std::size_t k : order) km += d[previous][k], previous = k;
    return km + d[previous][0];
}

// Held-Karp: best[mask][j] = shortest path from the base through the stops of mask ending at stop j (in mask).
double held_karp(const matrix& d) {
    const std::size_t n = d.size() - 1;
    if (n == 0) return 0;
    const std::size_t full = (std::size_t{1} << n) - 1;
    const double inf = std::numeric_limits<double>::infinity();
    std::vector<double> best((full + 1) * n, inf);
    for (std::size_t j = 0; j < n; ++j) best[(std::size_t{1} << j) * n + j] = d[0][j + 1];
    for (std::size_t mask = 1; mask <= full; ++mask)
        for (std::size_t j = 0; j < n; ++j) {
            const double here = best[mask * n + j];
            if (!(mask >> j & 1) || here == inf) continue;
            for (std::size_t k = 0; k < n; ++k) {
                if (mask >> k & 1) continue;
                double& next = best[(mask | std::size_t{1} << k) * n + k];
                next = std::min(next, here + d[j + 1][k + 1]);
            }
        }
    double shortest = inf;
    for (std::size_t j = 0; j < n; ++j) shortest = std::min(shortest, best[full * n + j] + d[j + 1][0]);
    return shortest;
}

double brute_force(const matrix& d) {
    std::vector<std::size_t> order(d.size() - 1);
    std::iota(order.begin(), order.end(), 1);
    double shortest = std::numeric_limits<double>::infinity();
    do shortest = std::min(shortest, tour_km(order, d));
    while (std::next_permutation(order.begin(), order.end()));
    return shortest;
}

double nearest_neighbour(const matrix& d) {
    const std::size_t n = d.size() - 1;
    std::vector<bool> seen(n + 1, false);
    std::vector<std::size_t> order;
    std::size_t at = 0;
    for (std::size_t step = 0; step < n; ++step) {
        std::size_t pick = 0;
        for (std::size_t k = 1; k <= n; ++k)
            if (!seen[k] && (pick == 0 || d[at][k] < d[at][pick])) pick = k;
        seen[pick] = true, order.push_back(pick), at = pick;
    }
    return tour_km(order, d);
}

args_t parse(int argc, char** argv) {
    args_t a;
    if (argc < 2) throw std::runtime_error("usage: bench_periodic GAZETTEER_TSV [options] (see the source's header)");
    a.gazetteer = argv[1];
    for (int i = 2; i < argc; ++i) {
        const std::string flag = argv[i];
        if (i + 1 >= argc) throw std::runtime_error(flag + " needs a value");
        const std::string v = argv[++i];
        if (flag == "--customers") a.customers = std::stoul(v);
        else if (flag == "--reps") a.reps = std::stoul(v);
        else if (flag == "--year") a.year = std::stoi(v);
        else if (flag == "--runs") a.runs = std::max<std::size_t>(1, std::stoul(v));
        else if (flag == "--seed") a.seed = std::stoull(v);
        else if (flag == "--radius-km") a.radius_km = std::stod(v);
        else if (flag == "--max-visits-per-day") a.max_visits_per_day = std::stoi(v);
        else if (flag == "--hours-per-day") a.hours_per_day = std::stod(v);
        else if (flag == "--label") a.label = v;
        else if (flag == "--max-worst-gap-pct") a.max_worst_gap_pct = std::stod(v);
        else if (flag == "--visit-minutes") {
            for (const auto& m : split(v, ',')) a.visit_minutes.push_back(std::stod(m));
            if (a.visit_minutes.size() != 3) throw std::runtime_error("--visit-minutes takes A,B,C");
        } else throw std::runtime_error("unknown option " + flag);
    }
    if (a.reps == 0 || a.reps > a.customers) throw std::runtime_error("--reps must be between 1 and --customers");
    return a;
}

struct by_stops {
    std::size_t days = 0, optimal = 0;
    double gap_sum = 0, worst_gap = 0, planned_km = 0, optimum_km = 0, nn_km = 0;
};

int run(const args_t& a) {
    const instance inst = make_instance(a, read_towns(a.gazetteer));
    crm::schedule_options options;
    options.start_date = crm::serial_from_civil({a.year, 1, 1});
    options.days = static_cast<int>(crm::serial_from_civil({a.year + 1, 1, 1}) - options.start_date);
    if (a.max_visits_per_day > 0) options.max_visits_per_day = a.max_visits_per_day;
    if (a.hours_per_day > 0) options.hours_per_day = a.hours_per_day;
    for (std::size_t t = 0; t < a.visit_minutes.size(); ++t) options.visit_minutes[t] = a.visit_minutes[t];

    std::vector<double> seconds;
    crm::schedule_result result;
    bool runs_agree = true;
    for (std::size_t k = 0; k < a.runs; ++k) {
        auto customers = inst.customers;
        auto bases = inst.bases;
        const auto t0 = std::chrono::steady_clock::now();
        crm::schedule_result r = crm::plan_visits(std::move(customers), std::move(bases), options);
        seconds.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
        if (k > 0 && (r.visits.size() != result.visits.size() || r.total_km != result.total_km)) runs_agree = false;
        result = std::move(r);
    }
    std::sort(seconds.begin(), seconds.end());
    const double median = seconds[seconds.size() / 2];

    std::map<std::string, std::pair<double, double>> where;
    for (const auto& c : inst.customers) where[c.id] = {*c.latitude, *c.longitude};
    std::map<std::string, std::pair<double, double>> base_of;
    for (const auto& b : inst.bases) base_of[b.rep] = {*b.latitude, *b.longitude};

    // The days: visits are ordered by date, rep, stop.
    std::map<std::size_t, by_stops> table;
    std::map<int, std::pair<std::size_t, std::size_t>> months;  // month: {days, visits}
    std::size_t days = 0, exact_days = 0, optimal_days = 0, longer_days = 0, hk_above = 0, brute_mismatch = 0,
                km_mismatch = 0, max_stops = 0;
    double gap_sum = 0, worst_gap = 0, exact_planned = 0, exact_optimum = 0, exact_nn = 0, hk_seconds = 0;
    for (std::size_t i = 0; i < result.visits.size();) {
        std::size_t j = i;
        while (j < result.visits.size() && result.visits[j].date == result.visits[i].date && result.visits[j].rep == result.visits[i].rep) ++j;
        std::vector<std::pair<double, double>> points{base_of.at(result.visits[i].rep)};
        double reported = 0;
        for (std::size_t k = i; k < j; ++k) {
            points.push_back(where.at(result.visits[k].customer_id));
            reported += result.visits[k].km_from_previous.value_or(std::nan(""));
        }
        const std::size_t n = j - i;
        auto& month = months[crm::civil_from_serial(result.visits[i].date).month];
        ++month.first, month.second += n;
        matrix d(n + 1, std::vector<double>(n + 1, 0));
        for (std::size_t p = 0; p <= n; ++p)
            for (std::size_t q = 0; q <= n; ++q)
                d[p][q] = crm::haversine_km(points[p].first, points[p].second, points[q].first, points[q].second);
        std::vector<std::size_t> planned_order(n);
        std::iota(planned_order.begin(), planned_order.end(), 1);
        const double planned = tour_km(planned_order, d);
        reported += d[n][0];
        if (!(std::abs(reported - planned) <= 1e-9 * std::max(1.0, planned))) ++km_mismatch;
        ++days;
        max_stops = std::max(max_stops, n);
        if (n > exact_limit) {
            ++longer_days;
            i = j;
            continue;
        }
        const auto h0 = std::chrono::steady_clock::now();
        const double optimum = held_karp(d);
        hk_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - h0).count();
        if (optimum > planned * (1 + 1e-12) + 1e-12) ++hk_above;
        if (n <= brute_limit && std::abs(brute_force(d) - optimum) > 1e-9 * std::max(1.0, optimum)) ++brute_mismatch;
        const double gap = optimum > 0 ? 100.0 * (planned - optimum) / optimum : 0;
        const bool optimal = planned <= optimum * (1 + optimal_tolerance);
        const double nn = nearest_neighbour(d);
        by_stops& row = table[n];
        ++row.days, row.optimal += optimal, row.gap_sum += gap, row.worst_gap = std::max(row.worst_gap, gap);
        row.planned_km += planned, row.optimum_km += optimum, row.nn_km += nn;
        ++exact_days, optimal_days += optimal, gap_sum += gap, worst_gap = std::max(worst_gap, gap);
        exact_planned += planned, exact_optimum += optimum, exact_nn += nn;
        i = j;
    }

    const double km_per_visit = result.visits.empty() ? 0 : result.total_km / static_cast<double>(result.visits.size());
    std::printf("BENCH case=plan label=%s customers=%zu reps=%zu year=%d threads=%u runs=%zu median_s=%.3f min_s=%.3f "
                "max_s=%.3f visits=%zu wanted=%zu unvisited_customers=%zu spacing_violations=%zu total_km=%.1f "
                "km_per_visit=%.3f days=%zu max_stops=%zu runs_agree=%d\n",
                a.label.c_str(), inst.customers.size(), a.reps, a.year, std::max(1u, std::thread::hardware_concurrency()),
                a.runs, median, seconds.front(), seconds.back(), result.visits.size(), result.visits_wanted,
                result.unvisited_customers, result.spacing_violations, result.total_km, km_per_visit, days, max_stops,
                runs_agree ? 1 : 0);
    std::printf("BENCH case=exact label=%s days=%zu exact_days=%zu optimal_days=%zu longer_days=%zu mean_gap_pct=%.4f "
                "worst_gap_pct=%.4f planned_km=%.1f optimum_km=%.1f nn_km=%.1f held_karp_s=%.3f hk_above_planned=%zu "
                "brute_mismatch=%zu km_mismatch=%zu\n",
                a.label.c_str(), days, exact_days, optimal_days, longer_days, exact_days ? gap_sum / exact_days : 0, worst_gap,
                exact_planned, exact_optimum, exact_nn, hk_seconds, hk_above, brute_mismatch, km_mismatch);
    for (const auto& [n, row] : table)
        std::printf("BENCH case=stops label=%s stops=%zu days=%zu optimal=%zu mean_gap_pct=%.4f worst_gap_pct=%.4f "
                    "planned_km=%.1f optimum_km=%.1f nn_km=%.1f\n",
                    a.label.c_str(), n, row.days, row.optimal, row.gap_sum / row.days, row.worst_gap, row.planned_km,
                    row.optimum_km, row.nn_km);

    for (const auto& [m, count] : months)
        std::printf("BENCH case=month label=%s month=%d days=%zu visits=%zu\n", a.label.c_str(), m, count.first, count.second);
    std::printf("\n| stops a day | days | optimal | mean gap | worst gap | planned km | optimum km | nearest-neighbour km |\n"
                "|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (const auto& [n, row] : table)
        std::printf("| %zu | %zu | %zu | %.3f %% | %.3f %% | %.0f | %.0f | %.0f |\n", n, row.days, row.optimal,
                    row.gap_sum / row.days, row.worst_gap, row.planned_km, row.optimum_km, row.nn_km);
    const bool ok = runs_agree && hk_above == 0 && brute_mismatch == 0 && km_mismatch == 0 && exact_days > 0 &&
                    worst_gap <= a.max_worst_gap_pct;
    if (!ok)
        std::fprintf(stderr, "bench_periodic: a check failed (runs_agree, hk_above_planned, brute_mismatch, km_mismatch, "
                             "exact_days > 0, worst_gap_pct <= %g)\n", a.max_worst_gap_pct);
    return ok ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
    try {
        return run(parse(argc, argv));
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_periodic: %s\n", e.what());
        return 2;
    }
}
