// Benchmark (not a test): times the core's model fits (BG/NBD, Pareto/NBD, MBG/NBD, BG/BB, Gamma-Gamma) without an office.
//
// Usage: bench_models CDNOW_SUMMARY_CSV [--donations CSV] [--max-customers N] [--runs N] [--sim-runs N]
//   CDNOW_SUMMARY_CSV   data/cdnow/cdnow_customers_summary_with_transactions.csv (ID,x,t_x,T,zbar)
//   --donations CSV     data/donations/donations.csv (default: ../donations/donations.csv beside the CDNOW file)
//   --max-customers N   largest simulated population (default 1000000; it is skipped when the
//                       100 000 fit suggests it would take more than about 20 s)
//   --runs N            runs of the CDNOW and donations fits (default 20); the median is reported
//   --sim-runs N        runs of each fit on the weekly simulated populations (default 3); the median is reported
//
// Cases: the BG/NBD fit on CDNOW (median of --runs), on simulated BG/NBD populations of 10 000,
// 100 000 and 1 000 000 customers (fixed seeds, CDNOW parameters, T = 39 weeks, continuous times; several
// populations per size, median) to show linear growth, and the Gamma-Gamma fit on CDNOW. Then every model:
// its fit on CDNOW (BG/BB: the donations), and on --max-customers customers simulated from the model with
// the published estimates and integer-week times (first purchases in weeks 0-12 of a 39-week window, purchases
// recorded to the nearest week, as weekly data is; BG/BB: 6 to 12 yearly opportunities), where equal (x, t_x, T) repeat
// and the fits group them; with the per-customer cost of one log-likelihood evaluation at the truth (the public
// function, customer by customer). Each case prints one machine-readable line:
//   BENCH case=<name> customers=<n> runs=<k> median_ms=<t> us_per_customer=<t> ...
// (plus one case=bgnbd_sim_seed line per simulated population), and a markdown table ends the output.
// tests/bench/bench_models.py parses these lines.
#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "cdnow_data.hpp"
#include "crm/bgbb.hpp"
#include "crm/bgnbd.hpp"
#include "crm/transactions.hpp"
#include "crm/error.hpp"
#include "crm/gamma_gamma.hpp"
#include "crm/mbgnbd.hpp"
#include "crm/pareto_nbd.hpp"

namespace {

using summary = crm::test::cdnow_summary;
summary read_cdnow(const std::string& path) { return crm::test::read_cdnow_summary_file(path); }

// A BG/NBD population observed for T weeks after each customer's first purchase: lambda ~ Gamma(r, 1/alpha),
// p ~ Beta(a, b); exponential inter-purchase times at rate lambda; after each repeat purchase the customer
// drops out with probability p. x = repeat purchases in (0, T], t_x = time of the last one (0 if none).
summary simulate_bgnbd(std::size_t n, const crm::bgnbd_params& truth, double T, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::gamma_distribution<double> rate(truth.r, 1.0 / truth.alpha);
    std::gamma_distribution<double> beta_a(truth.a, 1.0);
    std::gamma_distribution<double> beta_b(truth.b, 1.0);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    summary s;
    s.x.reserve(n);
    s.t_x.reserve(n);
    s.T.assign(n, T);
    for (std::size_t i = 0; i < n; ++i) {
        const double lambda = rate(rng);
        const double ga = beta_a(rng), gb = beta_b(rng);
        const double p = ga / (ga + gb);
        double t = 0.0, t_x = 0.0;
        int x = 0;
        for (;;) {
            if (!(lambda > 0.0)) break;
            t += -std::log1p(-unit(rng)) / lambda;  // exponential waiting time at rate lambda
            if (t > T) break;
            ++x;
            t_x = t;
            if (unit(rng) < p) break;  // drops out after this purchase
        }
        s.x.push_back(x);
        s.t_x.push_back(t_x);
    }
    return s;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    const std::size_t m = v.size() / 2;
    return v.size() % 2 ? v[m] : 0.5 * (v[m - 1] + v[m]);
}

// Runs fn `runs` times and returns the median wall time in milliseconds.
double time_ms(int runs, const std::function<void()>& fn) {
    std::vector<double> ms;
    for (int k = 0; k < runs; ++k) {
        const auto start = std::chrono::steady_clock::now();
        fn();
        ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
    }
    return median(ms);
}

void report_bgnbd(const char* name, std::size_t n, int runs, double ms, const crm::bgnbd_fit_result& fit) {
    std::printf("BENCH case=%s customers=%zu runs=%d median_ms=%.3f us_per_customer=%.4f iterations=%d "
                "r=%.5f alpha=%.5f a=%.5f b=%.5f loglik=%.3f\n",
                name, n, runs, ms, 1000.0 * ms / static_cast<double>(n), fit.iterations, fit.params.r,
                fit.params.alpha, fit.params.a, fit.params.b, fit.log_likelihood);
    std::fflush(stdout);
}


// ---- Every model, on its published data and on weekly simulated populations.

// Customers observed weekly: the first purchase in week 0-12 of a 39-week window (T = 27..39 whole weeks),
// repeat purchases recorded to the nearest week (t_x a whole number of weeks, at most T).
struct weekly_clock {
    std::uniform_int_distribution<int> entry{0, 12};
    double T(std::mt19937_64& rng) { return 39.0 - entry(rng); }
    static double week_of(double t) { return std::round(t); }
};

// BG/NBD (bgnbd = true) or MBG/NBD (false, a dropout chance after the first purchase too).
summary simulate_weekly_bg(std::size_t n, double r, double alpha, double a, double b, bool bgnbd, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::gamma_distribution<double> rate(r, 1.0 / alpha), beta_a(a, 1.0), beta_b(b, 1.0);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    std::exponential_distribution<double> wait(1.0);
    weekly_clock clock;
    summary s;
    for (std::size_t i = 0; i < n; ++i) {
        const double lambda = rate(rng), ga = beta_a(rng), gb = beta_b(rng), p = ga / (ga + gb), T = clock.T(rng);
        double t = 0.0, t_x = 0.0;
        int x = 0;
        bool alive = bgnbd || unit(rng) >= p;
        while (alive && lambda > 0.0) {
            t += wait(rng) / lambda;
            if (t > T) break;
            ++x;
            t_x = weekly_clock::week_of(t);
            alive = unit(rng) >= p;
        }
        s.x.push_back(x);
        s.t_x.push_back(t_x);
        s.T.push_back(T);
    }
    return s;
}

summary simulate_weekly_pareto(std::size_t n, const crm::pareto_nbd_params& truth, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::gamma_distribution<double> rate(truth.r, 1.0 / truth.alpha), death(truth.s, 1.0 / truth.beta);
    std::exponential_distribution<double> wait(1.0);
    weekly_clock clock;
    summary s;
    for (std::size_t i = 0; i < n; ++i) {
        const double lambda = rate(rng), mu = death(rng), T = clock.T(rng);
        const double end = std::min(T, wait(rng) / mu);
        double t = 0.0, t_x = 0.0;
        int x = 0;
        while (lambda > 0.0) {
            t += wait(rng) / lambda;
            if (t > end) break;
            ++x;
            t_x = weekly_clock::week_of(t);
        }
        s.x.push_back(x);
        s.t_x.push_back(t_x);
        s.T.push_back(T);
    }
    return s;
}

// Mean spend of each customer's x purchases under Gamma-Gamma (zbar ~ Gamma(p x, nu x), nu ~ Gamma(q, v)).
std::vector<double> simulate_spend(const std::vector<double>& x, const crm::gamma_gamma_params& g, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::gamma_distribution<double> nu_dist(g.q, 1.0 / g.v);
    std::vector<double> zbar(x.size(), 0.0);
    for (std::size_t i = 0; i < x.size(); ++i) {
        const double nu = nu_dist(rng);
        if (x[i] > 0) zbar[i] = std::gamma_distribution<double>(g.p * x[i], 1.0 / (nu * x[i]))(rng);
    }
    return zbar;
}

// BG/BB donors, one row each: n = 6..12 opportunities; at each, alive with chance 1 - theta, then transacting
// with chance p (Fader, Hardie & Shang 2010).
struct donors {
    std::vector<double> x, t_x, n;
};

donors simulate_bgbb(std::size_t count, const crm::bgbb_params& truth, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::gamma_distribution<double> ga(truth.alpha, 1.0), gb(truth.beta, 1.0), gg(truth.gamma, 1.0), gd(truth.delta, 1.0);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    std::uniform_int_distribution<int> horizon(6, 12);
    donors d;
    for (std::size_t i = 0; i < count; ++i) {
        const double a = ga(rng), b = gb(rng), g = gg(rng), dd = gd(rng);
        const double p = a / (a + b), theta = g / (g + dd);
        const int n = horizon(rng);
        int x = 0, t_x = 0;
        for (int t = 1; t <= n; ++t) {
            if (unit(rng) < theta) break;
            if (unit(rng) < p) {
                ++x;
                t_x = t;
            }
        }
        d.x.push_back(x);
        d.t_x.push_back(t_x);
        d.n.push_back(n);
    }
    return d;
}

// Distinct (x, t_x, T) rows of a population: what a fit's grouped likelihood evaluates each step.
std::size_t distinct_patterns(const std::vector<double>& x, const std::vector<double>& t_x, const std::vector<double>& T) {
    std::vector<std::array<double, 3>> rows(x.size());
    for (std::size_t i = 0; i < x.size(); ++i) rows[i] = {x[i], x[i] > 0 ? t_x[i] : 0.0, T[i]};
    std::sort(rows.begin(), rows.end());
    return static_cast<std::size_t>(std::unique(rows.begin(), rows.end()) - rows.begin());
}

// Distinct x > 0: the groups Gamma-Gamma's likelihood computes its log-gamma terms for (its customers stay
// one by one, each with an own mean spend).
std::size_t distinct_spender_counts(const std::vector<double>& x) {
    std::vector<double> v;
    for (double e : x)
        if (e > 0) v.push_back(e);
    std::sort(v.begin(), v.end());
    return static_cast<std::size_t>(std::unique(v.begin(), v.end()) - v.begin());
}

// One row of the closing markdown table.
struct table_row {
    std::string model, data;
    double customers = 0;
    std::size_t patterns = 0;
    int runs = 0;
    double median_ms = 0;
    int iterations = 0;
    std::string estimates;
    double loglik_ns = 0;  // per customer used, one evaluation of the public log-likelihood
};

std::vector<table_row> table;

template <std::size_t N>
std::string estimates_of(const crm::model_fit<N>& fit, const char* const (&names)[N]) {
    std::string out;
    char buffer[64];
    for (std::size_t k = 0; k < N; ++k) {
        std::snprintf(buffer, sizeof buffer, "%s%s %.4g", k ? ", " : "", names[k], fit.parameters[k]);
        out += buffer;
    }
    return out;
}

// Times `fit` (median of `runs`) and one evaluation of `loglik` (median of 3), prints the BENCH line, adds a row.
template <class Fit, class LogLik, std::size_t N>
void bench_case(const char* name, const char* model, const char* data, std::size_t patterns, int runs, Fit fit,
                LogLik loglik, const char* const (&names)[N]) {
    decltype(fit()) result{};
    const double ms = time_ms(runs, [&] { result = fit(); });
    const double eval_ns = 1e6 * time_ms(3, [&] { (void)loglik(); }) / result.customers;
    std::printf("BENCH case=%s customers=%.0f patterns=%zu runs=%d median_ms=%.3f us_per_customer=%.4f iterations=%d "
                "left_out=%zu loglik=%.3f loglik_ns_per_customer=%.2f",
                name, result.customers, patterns, runs, ms, 1000.0 * ms / result.customers, result.iterations,
                result.left_out, result.log_likelihood, eval_ns);
    for (std::size_t k = 0; k < N; ++k) std::printf(" %s=%.5f", names[k], result.parameters[k]);
    if (result.standard_errors)
        for (std::size_t k = 0; k < N; ++k) std::printf(" se_%s=%.5f", names[k], (*result.standard_errors)[k]);
    std::printf("\n");
    std::fflush(stdout);
    table.push_back({model, data, result.customers, patterns, runs, ms, result.iterations, estimates_of(result, names),
                     eval_ns});
}

std::string cpu_name() {
    std::ifstream in("/proc/cpuinfo");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("model name", 0) == 0) return line.substr(line.find(':') + 2);
    return "unknown CPU";
}

void print_table() {
    std::printf("\n%s, %u hardware threads\n\n", cpu_name().c_str(), std::thread::hardware_concurrency());
    std::printf("| model | data | customers | distinct patterns | fit, median | runs | iterations | estimates | "
                "one log-likelihood, per customer |\n|---|---|---|---|---|---|---|---|---|\n");
    for (const table_row& row : table) {
        std::printf("| %s | %s | %.0f | %zu | %.1f ms | %d | %d | %s | ", row.model.c_str(), row.data.c_str(), row.customers,
                    row.patterns, row.median_ms, row.runs, row.iterations, row.estimates.c_str());
        std::printf("%.1f ns |\n", row.loglik_ns);
    }
    std::fflush(stdout);
}

const char* const bgnbd_names[4] = {"r", "alpha", "a", "b"};
const char* const pareto_names[4] = {"r", "alpha", "s", "beta"};
const char* const bgbb_names[4] = {"alpha", "beta", "gamma", "delta"};
const char* const gg_names[3] = {"p", "q", "v"};

// Every model on its published data and on `n` weekly simulated customers.
void bench_every_model(const summary& cdnow, const std::string& donations_path, std::size_t n, int runs, int sim_runs) {
    // Published data.
    bench_case("bgnbd_cdnow_all", "BG/NBD", "CDNOW", distinct_patterns(cdnow.x, cdnow.t_x, cdnow.T), runs,
               [&] { return crm::fit_bgnbd(cdnow.x, cdnow.t_x, cdnow.T); },
               [&] { return crm::bgnbd_log_likelihood({0.2426, 4.4135, 0.7929, 2.4258}, cdnow.x, cdnow.t_x, cdnow.T); },
               bgnbd_names);
    bench_case("pnbd_cdnow", "Pareto/NBD", "CDNOW", distinct_patterns(cdnow.x, cdnow.t_x, cdnow.T), runs,
               [&] { return crm::fit_pareto_nbd(cdnow.x, cdnow.t_x, cdnow.T); },
               [&] {
                   return crm::pareto_nbd_log_likelihood({0.55315, 10.57633, 0.60625, 11.67150}, cdnow.x, cdnow.t_x,
                                                         cdnow.T);
               },
               pareto_names);
    bench_case("mbgnbd_cdnow", "MBG/NBD", "CDNOW", distinct_patterns(cdnow.x, cdnow.t_x, cdnow.T), runs,
               [&] { return crm::fit_mbgnbd(cdnow.x, cdnow.t_x, cdnow.T); },
               [&] { return crm::mbgnbd_log_likelihood({0.525, 6.183, 0.891, 1.614}, cdnow.x, cdnow.t_x, cdnow.T); },
               bgnbd_names);
    bench_case("gg_cdnow_all", "Gamma-Gamma", "CDNOW (x > 0; patterns: distinct x)", distinct_spender_counts(cdnow.x), runs,
               [&] { return crm::fit_gamma_gamma(cdnow.x, cdnow.zbar); },
               [&] { return crm::gamma_gamma_log_likelihood({6.25, 3.74, 15.44}, cdnow.x, cdnow.zbar); }, gg_names);
    const crm::bgbb_params donation_truth{1.204, 0.750, 0.657, 2.783};
    {
        std::ifstream in(donations_path);
        if (!in) throw std::runtime_error("cannot open " + donations_path);
        std::string line;
        std::getline(in, line);
        std::vector<double> x, t_x, periods, count;
        while (std::getline(in, line)) {
            std::istringstream fields(line);
            std::string f[4];
            for (auto& field : f) std::getline(fields, field, ',');
            if (f[3].empty()) continue;
            x.push_back(std::stod(f[0]));
            t_x.push_back(std::stod(f[1]));
            periods.push_back(std::stod(f[2]));
            count.push_back(std::stod(f[3]));
        }
        bench_case("bgbb_donations", "BG/BB", "donations (22 patterns with counts)", x.size(), runs,
                   [&] { return crm::fit_bgbb(x, t_x, periods, count); },
                   [&] { return crm::bgbb_log_likelihood(donation_truth, x, t_x, periods, count); }, bgbb_names);
    }
    if (n == 0) return;
    // Weekly simulated populations of n customers.
    char label[64];
    std::snprintf(label, sizeof label, "simulated, weekly (%zu)", n);
    const summary bg = simulate_weekly_bg(n, 0.2426, 4.4135, 0.7929, 2.4258, true, 4242);
    bench_case("bgnbd_weekly", "BG/NBD", label, distinct_patterns(bg.x, bg.t_x, bg.T), sim_runs,
               [&] { return crm::fit_bgnbd(bg.x, bg.t_x, bg.T); },
               [&] { return crm::bgnbd_log_likelihood({0.2426, 4.4135, 0.7929, 2.4258}, bg.x, bg.t_x, bg.T); },
               bgnbd_names);
    const crm::pareto_nbd_params pareto_truth{0.553, 10.578, 0.606, 11.669};
    const summary pareto = simulate_weekly_pareto(n, pareto_truth, 4343);
    bench_case("pnbd_weekly", "Pareto/NBD", label, distinct_patterns(pareto.x, pareto.t_x, pareto.T), sim_runs,
               [&] { return crm::fit_pareto_nbd(pareto.x, pareto.t_x, pareto.T); },
               [&] { return crm::pareto_nbd_log_likelihood(pareto_truth, pareto.x, pareto.t_x, pareto.T); },
               pareto_names);
    const summary mbg = simulate_weekly_bg(n, 0.525, 6.183, 0.891, 1.614, false, 4444);
    bench_case("mbgnbd_weekly", "MBG/NBD", label, distinct_patterns(mbg.x, mbg.t_x, mbg.T), sim_runs,
               [&] { return crm::fit_mbgnbd(mbg.x, mbg.t_x, mbg.T); },
               [&] { return crm::mbgnbd_log_likelihood({0.525, 6.183, 0.891, 1.614}, mbg.x, mbg.t_x, mbg.T); },
               bgnbd_names);
    const crm::gamma_gamma_params spend_truth{6.25, 3.74, 15.44};
    const std::vector<double> zbar = simulate_spend(bg.x, spend_truth, 4545);
    bench_case("gg_weekly", "Gamma-Gamma", "the BG/NBD population's x > 0 (patterns: distinct x)",
               distinct_spender_counts(bg.x), sim_runs, [&] { return crm::fit_gamma_gamma(bg.x, zbar); },
               [&] { return crm::gamma_gamma_log_likelihood(spend_truth, bg.x, zbar); }, gg_names);
    const donors d = simulate_bgbb(n, donation_truth, 4646);
    std::snprintf(label, sizeof label, "simulated, one row a donor (%zu)", n);
    bench_case("bgbb_simulated", "BG/BB", label, distinct_patterns(d.x, d.t_x, d.n), sim_runs,
               [&] { return crm::fit_bgbb(d.x, d.t_x, d.n); },
               [&] { return crm::bgbb_log_likelihood(donation_truth, d.x, d.t_x, d.n); }, bgbb_names);
}

// CDNOW's whole log (69 659 orders, 23 570 customers), read and aggregated as the jobs do (one purchase a day,
// weeks up to the last order), then the two fits analyze runs on it: a markdown table of medians.
int cdnow_master(const std::string& path, int runs) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot open " + path);
    crm::table t;
    std::string line;
    std::getline(in, line);
    t.push_back({std::string("customer_id"), std::string("date"), std::string("number_of_cds"), std::string("dollar_value")});
    while (std::getline(in, line)) {
        std::istringstream fields(line);
        std::string id;
        double day = 0, cds = 0, dollars = 0;
        if (fields >> id >> day >> cds >> dollars) t.push_back({id, day, cds, dollars});
    }
    crm::transactions_read orders;
    const double as_of = *crm::latest_order_date(t);
    const double aggregate = time_ms(runs, [&] { orders = crm::aggregate_transactions(t, as_of); });
    std::vector<double> x, t_x, T, m;
    for (const auto& h : orders.customers) x.push_back(h.x), t_x.push_back(h.t_x), T.push_back(h.T), m.push_back(h.monetary);
    crm::bgnbd_fit_result purchases;
    crm::gamma_gamma_fit_result spend;
    const double bgnbd = time_ms(runs, [&] { purchases = crm::fit_bgnbd(x, t_x, T); });
    const double gg = time_ms(runs, [&] { spend = crm::fit_gamma_gamma(x, m); });
    std::printf("| step on %zu orders, %zu customers | median of %d | result |\n|---|---|---|\n", t.size() - 1, x.size(), runs);
    std::printf("| aggregation into (x, t_x, T, spend) | %.1f ms | |\n", aggregate);
    std::printf("| BG/NBD fit | %.1f ms | r %.4f, alpha %.4f, a %.4f, b %.4f |\n", bgnbd, purchases.params.r,
                purchases.params.alpha, purchases.params.a, purchases.params.b);
    std::printf("| Gamma-Gamma fit (%zu customers left out: repeat purchases worth 0) | %.1f ms | p %.3f, q %.3f, v %.2f |\n",
                spend.left_out, gg, spend.params.p, spend.params.q, spend.params.v);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc >= 3 && std::string(argv[1]) == "--cdnow-master") {
        try {
            return cdnow_master(argv[2], argc >= 5 && std::string(argv[3]) == "--runs" ? std::max(1, std::atoi(argv[4])) : 20);
        } catch (const std::exception& e) {
            std::fprintf(stderr, "bench_models: %s\n", e.what());
            return 1;
        }
    }
    std::string path, donations;
    std::size_t max_customers = 1000000;
    int runs = 20, sim_runs = 3;
    const char* usage = "usage: %s CDNOW_SUMMARY_CSV [--donations CSV] [--max-customers N] [--runs N] [--sim-runs N]\n";
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--max-customers" && i + 1 < argc) {
            max_customers = std::strtoull(argv[++i], nullptr, 10);
        } else if (arg == "--runs" && i + 1 < argc) {
            runs = std::max(1, std::atoi(argv[++i]));
        } else if (arg == "--sim-runs" && i + 1 < argc) {
            sim_runs = std::max(1, std::atoi(argv[++i]));
        } else if (arg == "--donations" && i + 1 < argc) {
            donations = argv[++i];
        } else if (!arg.empty() && arg[0] != '-' && path.empty()) {
            path = arg;
        } else {
            std::fprintf(stderr, usage, argv[0]);
            return 2;
        }
    }
    if (path.empty()) {
        std::fprintf(stderr, usage, argv[0]);
        return 2;
    }
    if (donations.empty()) {  // data/cdnow/<file> -> data/donations/donations.csv
        const std::size_t slash = path.find_last_of('/');
        donations = (slash == std::string::npos ? std::string(".") : path.substr(0, slash)) + "/../donations/donations.csv";
    }
    try {
        const summary cdnow = read_cdnow(path);

        // BG/NBD on CDNOW.
        crm::bgnbd_fit_result fit;
        double ms = time_ms(runs, [&] { fit = crm::fit_bgnbd(cdnow.x, cdnow.t_x, cdnow.T); });
        report_bgnbd("bgnbd_cdnow", cdnow.x.size(), runs, ms, fit);

        // Gamma-Gamma on CDNOW.
        crm::gamma_gamma_fit_result gg;
        ms = time_ms(runs, [&] { gg = crm::fit_gamma_gamma(cdnow.x, cdnow.zbar); });
        std::printf("BENCH case=gg_cdnow customers=%zu runs=%d median_ms=%.3f us_per_customer=%.4f iterations=%d "
                    "p=%.4f q=%.4f v=%.4f loglik=%.3f\n",
                    static_cast<std::size_t>(gg.customers), runs, ms, 1000.0 * ms / gg.customers, gg.iterations,
                    gg.params.p, gg.params.q, gg.params.v, gg.log_likelihood);
        std::fflush(stdout);

        // BG/NBD on simulated populations: linear growth in the number of customers. The fit's time
        // depends on the optimizer's path (iterations, a start that fails and is retried), which varies
        // with the sample, so each size is fitted on several seeded populations and the median is
        // reported, together with one log-likelihood evaluation (the per-customer work of each step).
        const crm::bgnbd_params truth{0.2426, 4.4135, 0.7929, 2.4258};
        double last_ms = 0.0;
        std::size_t last_n = 0;
        for (std::size_t n : {std::size_t{10000}, std::size_t{100000}, std::size_t{1000000}}) {
            if (n > max_customers) break;
            const double projected = last_ms * static_cast<double>(n) / static_cast<double>(last_n ? last_n : 1);
            if (last_n && projected > 20000.0) {
                std::printf("BENCH case=bgnbd_sim customers=%zu skipped=projected_%.0f_ms\n", n, projected);
                break;
            }
            const int seeds = n <= 10000 ? 5 : n <= 100000 ? 3 : 2;
            std::vector<double> fit_ms, eval_ms;
            int failed = 0;
            for (int k = 0; k < seeds; ++k) {
                const std::uint64_t seed = 20260000 + n + static_cast<std::uint64_t>(k);
                const summary sim = simulate_bgnbd(n, truth, 39.0, seed);
                eval_ms.push_back(time_ms(3, [&] { (void)crm::bgnbd_log_likelihood(truth, sim.x, sim.t_x, sim.T); }));
                const auto start = std::chrono::steady_clock::now();
                const char* status = "ok";
                try {
                    fit = crm::fit_bgnbd(sim.x, sim.t_x, sim.T);
                } catch (const crm::no_convergence&) {
                    status = "no_convergence";
                    ++failed;
                }
                const double ms_fit =
                    std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
                fit_ms.push_back(ms_fit);
                std::printf("BENCH case=bgnbd_sim_seed customers=%zu seed=%llu status=%s fit_ms=%.3f loglik_eval_ms=%.3f",
                            n, static_cast<unsigned long long>(seed), status, ms_fit, eval_ms.back());
                if (status[0] == 'o')
                    std::printf(" iterations=%d r=%.5f alpha=%.5f a=%.5f b=%.5f", fit.iterations, fit.params.r,
                                fit.params.alpha, fit.params.a, fit.params.b);
                std::printf("\n");
                std::fflush(stdout);
            }
            ms = median(fit_ms);
            const double ev = median(eval_ms);
            std::printf("BENCH case=bgnbd_sim customers=%zu runs=%d median_ms=%.3f us_per_customer=%.4f "
                        "min_ms=%.3f max_ms=%.3f no_convergence=%d loglik_eval_ms=%.3f loglik_ns_per_customer=%.2f\n",
                        n, seeds, ms, 1000.0 * ms / static_cast<double>(n),
                        *std::min_element(fit_ms.begin(), fit_ms.end()),
                        *std::max_element(fit_ms.begin(), fit_ms.end()), failed, ev,
                        1e6 * ev / static_cast<double>(n));
            std::fflush(stdout);
            last_ms = *std::max_element(fit_ms.begin(), fit_ms.end());
            last_n = n;
        }

        // Every model on its published data and on weekly simulated populations, then the table.
        bench_every_model(cdnow, donations, max_customers, runs, sim_runs);
        print_table();
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_models: %s\n", e.what());
        return 1;
    }
    return 0;
}
