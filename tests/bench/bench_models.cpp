// Benchmark (not a test): times crm::fit_bgnbd and crm::fit_gamma_gamma in the core, without an office.
//
// Usage: bench_models CDNOW_SUMMARY_CSV [--max-customers N] [--runs N]
//   CDNOW_SUMMARY_CSV   data/cdnow/cdnow_customers_summary_with_transactions.csv (ID,x,t_x,T,zbar)
//   --max-customers N   largest simulated population (default 1000000; it is skipped when the
//                       100 000 fit suggests it would take more than about 20 s)
//   --runs N            runs of the CDNOW fits (default 20); the median is reported
//
// Cases: the BG/NBD fit on CDNOW (median of --runs), on simulated BG/NBD populations of 10 000,
// 100 000 and 1 000 000 customers (fixed seeds, CDNOW parameters, T = 39 weeks; several populations
// per size, median) to show linear growth, and the Gamma-Gamma fit on CDNOW. Each case prints one
// machine-readable line:
//   BENCH case=<name> customers=<n> runs=<k> median_ms=<t> us_per_customer=<t> ...
// (plus one case=bgnbd_sim_seed line per simulated population).
// tests/bench/bench_models.py parses these lines.
#include <algorithm>
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
#include <vector>

#include "cdnow_data.hpp"
#include "crm/bgnbd.hpp"
#include "crm/error.hpp"
#include "crm/gamma_gamma.hpp"

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

}  // namespace

int main(int argc, char** argv) {
    std::string path;
    std::size_t max_customers = 1000000;
    int runs = 20;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--max-customers" && i + 1 < argc) {
            max_customers = std::strtoull(argv[++i], nullptr, 10);
        } else if (arg == "--runs" && i + 1 < argc) {
            runs = std::max(1, std::atoi(argv[++i]));
        } else if (!arg.empty() && arg[0] != '-' && path.empty()) {
            path = arg;
        } else {
            std::fprintf(stderr, "usage: %s CDNOW_SUMMARY_CSV [--max-customers N] [--runs N]\n", argv[0]);
            return 2;
        }
    }
    if (path.empty()) {
        std::fprintf(stderr, "usage: %s CDNOW_SUMMARY_CSV [--max-customers N] [--runs N]\n", argv[0]);
        return 2;
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
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_models: %s\n", e.what());
        return 1;
    }
    return 0;
}
