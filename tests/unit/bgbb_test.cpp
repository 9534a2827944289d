// Tests of the BG/BB model: published donation results, standard errors (second differences and simulation),
// the likelihood from Beta functions, gradient, expectations, penalty, counts, left-out patterns, errors.
#include "crm/bgbb.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <iostream>
#include <random>
#include <vector>

#include "crm/error.hpp"
#include "fit_checks.hpp"

namespace {

using crm::bgbb_params;

double relative_error(double value, double expected) { return std::abs(value - expected) / std::abs(expected); }

double beta_fn(double u, double v) { return std::exp(std::lgamma(u) + std::lgamma(v) - std::lgamma(u + v)); }

// FHS 2010's likelihood written out with Beta functions (no recursion).
double likelihood_direct(const bgbb_params& p, double x, double t_x, double n) {
    const double bab = beta_fn(p.alpha, p.beta), bgd = beta_fn(p.gamma, p.delta);
    double l = beta_fn(p.alpha + x, p.beta + n - x) / bab * beta_fn(p.gamma, p.delta + n) / bgd;
    for (double i = 0; i <= n - t_x - 1; ++i)
        l += beta_fn(p.alpha + x, p.beta + t_x - x + i) / bab * beta_fn(p.gamma + 1, p.delta + t_x + i) / bgd;
    return l;
}

crm::bgbb_fit_result donations_fit() {
    const auto d = crm::test::read_donations();
    return crm::fit_bgbb(d.x, d.t_x, d.n, d.count);
}

TEST(bgbb, donations_fit_matches_published_estimates) {
    const auto d = crm::test::read_donations();
    const auto start = std::chrono::steady_clock::now();
    const crm::bgbb_fit_result fit = crm::fit_bgbb(d.x, d.t_x, d.n, d.count);
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    std::cout << "[ timing ] donations BG/BB fit: " << ms << " ms, " << fit.iterations << " iterations; alpha "
              << fit.params.alpha << " beta " << fit.params.beta << " gamma " << fit.params.gamma << " delta "
              << fit.params.delta << " LL " << fit.log_likelihood << "\n";
    EXPECT_LT(relative_error(fit.params.alpha, 1.204), 5e-3);
    EXPECT_LT(relative_error(fit.params.beta, 0.750), 5e-3);
    EXPECT_LT(relative_error(fit.params.gamma, 0.657), 5e-3);
    EXPECT_LT(relative_error(fit.params.delta, 2.783), 5e-3);
    EXPECT_EQ(fit.customers, 11104.0);
    EXPECT_EQ(fit.left_out, 0u);
    EXPECT_EQ(fit.parameters[1], fit.params.beta);
    EXPECT_NEAR(crm::bgbb_log_likelihood(fit.params, d.x, d.t_x, d.n, d.count), fit.log_likelihood, 1e-8);
    for (int k = 0; k < 4; ++k)
        for (double factor : {0.99, 1.01}) {
            bgbb_params p = fit.params;
            double* field[4] = {&p.alpha, &p.beta, &p.gamma, &p.delta};
            *field[k] *= factor;
            EXPECT_LT(crm::bgbb_log_likelihood(p, d.x, d.t_x, d.n, d.count), fit.log_likelihood);
        }
}

TEST(bgbb, donations_published_predictions) {
    const auto d = crm::test::read_donations();
    const auto fit = donations_fit();
    // P(alive in the next year, 2002) of three donation histories over 1996-2001.
    EXPECT_NEAR(crm::bgbb_probability_alive(0, 0, 6, fit.params), 0.11, 0.005);
    EXPECT_NEAR(crm::bgbb_probability_alive(2, 4, 6, fit.params), 0.59, 0.005);
    EXPECT_NEAR(crm::bgbb_probability_alive(6, 6, 6, fit.params), 0.93, 0.005);
    // Repeat donations of all donors over the next 5 years.
    double total = 0;
    for (std::size_t i = 0; i < d.x.size(); ++i)
        total += d.count[i] * crm::bgbb_expected_transactions(5, d.x[i], d.t_x[i], d.n[i], fit.params);
    EXPECT_NEAR(total, 12884.2, 0.5);
    // Donors expected with 0 and with 6 repeat donations in the first 6 years.
    EXPECT_NEAR(fit.customers * crm::bgbb_probability_of_transactions(6, 0, fit.params), 3454.9, 0.5);
    EXPECT_NEAR(fit.customers * crm::bgbb_probability_of_transactions(6, 6, fit.params), 1253.1, 0.5);
}

TEST(bgbb, donations_fit_is_fast) {
    const auto d = crm::test::read_donations();
    double best = 1e300;
    for (int rep = 0; rep < 5; ++rep) {
        const auto start = std::chrono::steady_clock::now();
        (void)crm::fit_bgbb(d.x, d.t_x, d.n, d.count);
        best = std::min(best, std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
    }
    std::cout << "[ timing ] donations BG/BB fit, best of 5: " << best << " ms\n";
    EXPECT_LT(best, 50.0);
}

TEST(bgbb, standard_errors_match_the_observed_information) {
    const auto d = crm::test::read_donations();
    const auto fit = donations_fit();
    ASSERT_TRUE(fit.standard_errors);
    const std::vector<double> at(fit.parameters.begin(), fit.parameters.end());
    const auto observed = crm::test::standard_errors_by_value_hessian(
        [&](const std::vector<double>& p) {
            return crm::bgbb_log_likelihood({p[0], p[1], p[2], p[3]}, d.x, d.t_x, d.n, d.count);
        },
        at);
    ASSERT_EQ(observed.size(), 4u);
    for (int k = 0; k < 4; ++k) {
        std::cout << "[ se ] " << k << ": " << (*fit.standard_errors)[k] << " (second differences " << observed[k]
                  << ")\n";
        EXPECT_NEAR((*fit.standard_errors)[k] / observed[k], 1.0, 2e-3) << k;
    }
}

// Simulates donors over n = 6 opportunities: p ~ Beta(alpha, beta) a chance to transact at each opportunity,
// theta ~ Beta(gamma, delta) a chance to die after each, the first opportunity after the initial one being 1.
crm::test::donation_patterns simulate(const bgbb_params& p, int donors, int n, std::mt19937_64& rng) {
    std::gamma_distribution<double> ga(p.alpha, 1.0), gb(p.beta, 1.0), gg(p.gamma, 1.0), gd(p.delta, 1.0);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    std::vector<double> counts((n + 1) * (n + 1), 0.0);  // by (x, t_x)
    for (int i = 0; i < donors; ++i) {
        const double a = ga(rng), b = gb(rng), g = gg(rng), dd = gd(rng);
        const double transact = a / (a + b), die = g / (g + dd);
        int x = 0, t_x = 0;
        for (int t = 1; t <= n; ++t) {
            if (u(rng) < die) break;  // dead before opportunity t
            if (u(rng) < transact) {
                ++x;
                t_x = t;
            }
        }
        counts[x * (n + 1) + t_x] += 1;
    }
    crm::test::donation_patterns d;
    for (int x = 0; x <= n; ++x)
        for (int t = 0; t <= n; ++t)
            if (counts[x * (n + 1) + t] > 0) {
                d.x.push_back(x);
                d.t_x.push_back(t);
                d.n.push_back(n);
                d.count.push_back(counts[x * (n + 1) + t]);
            }
    return d;
}

// The standard errors are the spread of the estimates over samples like the data: fitted on 200 simulated
// donor bases of the same size, drawn from the donation estimates, the estimates scatter by about the
// standard errors (within the 10 % or so that 200 samples leave, plus the curvature of the likelihood).
TEST(bgbb, standard_errors_are_the_spread_of_simulated_estimates) {
    const auto fit = donations_fit();
    std::mt19937_64 rng(2010);
    double sum[4] = {0, 0, 0, 0}, sum2[4] = {0, 0, 0, 0};
    const int samples = 200;
    for (int k = 0; k < samples; ++k) {
        const auto d = simulate(fit.params, 11104, 6, rng);
        const auto sample_fit = crm::fit_bgbb(d.x, d.t_x, d.n, d.count);
        for (int j = 0; j < 4; ++j) {
            sum[j] += sample_fit.parameters[j];
            sum2[j] += sample_fit.parameters[j] * sample_fit.parameters[j];
        }
    }
    ASSERT_TRUE(fit.standard_errors);
    for (int j = 0; j < 4; ++j) {
        const double mean = sum[j] / samples, sd = std::sqrt(sum2[j] / samples - mean * mean);
        std::cout << "[ se ] " << j << ": " << (*fit.standard_errors)[j] << ", spread of " << samples
                  << " simulated fits " << sd << " around " << mean << "\n";
        EXPECT_NEAR(sd / (*fit.standard_errors)[j], 1.0, 0.2) << j;
        EXPECT_NEAR(mean, fit.parameters[j], 4 * (*fit.standard_errors)[j] / std::sqrt(samples) + 0.02 * fit.parameters[j])
            << j;
    }
}

TEST(bgbb, likelihood_matches_beta_functions_and_sums_to_one) {
    const bgbb_params params[] = {{1.204, 0.750, 0.657, 2.783}, {0.3, 2.0, 3.0, 0.5}, {5.0, 5.0, 1.0, 1.0}};
    for (const auto& p : params) {
        for (double n : {1.0, 6.0, 15.0}) {
            // Every binary history of n opportunities has probability L(x, t_x, n) (it depends on the history
            // through x and t_x only); C(t_x - 1, x - 1) histories share (x, t_x), one has x = 0. They add up to 1.
            double total = 0;
            for (double x = 0; x <= n; ++x)
                for (double t = x; t <= n; ++t) {
                    if (x == 0 && t > 0) break;
                    const double ll = crm::bgbb_log_likelihood(p, x, t, n);
                    EXPECT_NEAR(ll, std::log(likelihood_direct(p, x, t, n)), 1e-12) << n << " " << x << " " << t;
                    const double histories =
                        x == 0 ? 1.0 : std::exp(std::lgamma(t) - std::lgamma(x) - std::lgamma(t - x + 1));
                    total += histories * std::exp(ll);
                }
            EXPECT_NEAR(total, 1.0, 1e-12) << n;
        }
    }
}

TEST(bgbb, probability_of_transactions_sums_the_likelihood_over_histories) {
    const bgbb_params p{1.204, 0.750, 0.657, 2.783};
    for (double n : {0.0, 1.0, 6.0, 20.0}) {
        double total = 0, mean = 0;
        for (double x = 0; x <= n; ++x) {
            // P(X(n) = x) = sum over t_x of the C(t_x - 1, x - 1) histories with x transactions, the last at t_x.
            double by_histories = 0;
            for (double t = x; t <= n; ++t) {
                if (x == 0 && t > 0) break;
                const double histories = x == 0 ? 1.0 : std::exp(std::lgamma(t) - std::lgamma(x) - std::lgamma(t - x + 1));
                by_histories += histories * std::exp(crm::bgbb_log_likelihood(p, x, t, n));
            }
            const double px = crm::bgbb_probability_of_transactions(n, x, p);
            EXPECT_NEAR(px, by_histories, 1e-13) << n << " " << x;
            total += px;
            mean += x * px;
        }
        EXPECT_NEAR(total, 1.0, 1e-12) << n;
        // FHS 2010: E[X(n)] = alpha/(alpha+beta) delta/(gamma-1) [1 - G(gamma+delta) G(1+delta+n) /
        // (G(gamma+delta+n) G(1+delta))].
        const double expected = p.alpha / (p.alpha + p.beta) * p.delta / (p.gamma - 1) *
                                (1 - std::exp(std::lgamma(p.gamma + p.delta) + std::lgamma(1 + p.delta + n) -
                                              std::lgamma(p.gamma + p.delta + n) - std::lgamma(1 + p.delta)));
        EXPECT_NEAR(mean, expected, 1e-11) << n;
    }
    EXPECT_EQ(crm::bgbb_probability_of_transactions(3, 4, p), 0.0);
}

// FHS 2010's closed forms, written out in the test.
double alive_direct(const bgbb_params& p, double x, double t_x, double n) {
    return beta_fn(p.alpha + x, p.beta + n - x) / beta_fn(p.alpha, p.beta) * beta_fn(p.gamma, p.delta + n + 1) /
           beta_fn(p.gamma, p.delta) / likelihood_direct(p, x, t_x, n);
}

double expected_direct(const bgbb_params& p, double n_star, double x, double t_x, double n) {
    return beta_fn(p.alpha + x + 1, p.beta + n - x) / beta_fn(p.alpha, p.beta) * p.delta / (p.gamma - 1) *
           std::exp(std::lgamma(p.gamma + p.delta) - std::lgamma(1 + p.delta)) *
           (std::exp(std::lgamma(1 + p.delta + n) - std::lgamma(p.gamma + p.delta + n)) -
            std::exp(std::lgamma(1 + p.delta + n + n_star) - std::lgamma(p.gamma + p.delta + n + n_star))) /
           likelihood_direct(p, x, t_x, n);
}

TEST(bgbb, p_alive_and_expectations_match_the_closed_forms) {
    const bgbb_params params[] = {{1.204, 0.750, 0.657, 2.783}, {0.3, 2.0, 3.0, 0.5}, {5.0, 5.0, 1.5, 1.0}};
    const double patterns[][3] = {{0, 0, 6}, {2, 4, 6}, {6, 6, 6}, {1, 1, 10}, {3, 9, 10}};
    for (const auto& p : params)
        for (const auto& c : patterns) {
            EXPECT_NEAR(crm::bgbb_probability_alive(c[0], c[1], c[2], p), alive_direct(p, c[0], c[1], c[2]), 1e-13);
            for (double n_star : {1.0, 5.0, 30.0, 1000.0}) {
                const double e = crm::bgbb_expected_transactions(n_star, c[0], c[1], c[2], p);
                EXPECT_NEAR(e, expected_direct(p, n_star, c[0], c[1], c[2]), 1e-10 * (1 + e)) << n_star;
            }
        }
    // Past 10^7 opportunities the sum is taken in closed form: continuous across the switch, and at gamma = 1.
    const bgbb_params p{1.204, 0.750, 0.657, 2.783};
    const double below = crm::bgbb_expected_transactions(1e7, 2, 4, 6, p);
    const double above = crm::bgbb_expected_transactions(1e7 + 1, 2, 4, 6, p);
    // The step adds the last opportunity's term: B(alpha+x+1, beta+n-x) B(gamma, delta+n+n*) / (B B L).
    const double last = beta_fn(p.alpha + 3, p.beta + 4) / beta_fn(p.alpha, p.beta) *
                        std::exp(std::lgamma(p.gamma) + std::lgamma(p.delta + 6 + 1e7 + 1) -
                                 std::lgamma(p.gamma + p.delta + 6 + 1e7 + 1) - std::log(beta_fn(p.gamma, p.delta))) /
                        likelihood_direct(p, 2, 4, 6);
    EXPECT_NEAR(above - below, last, 1e-10 * above);
    // (The direct closed form's log-gamma differences of size 10^8 leave it good to about 1e-7 here.)
    EXPECT_NEAR(above, expected_direct(p, 1e7 + 1, 2, 4, 6), 1e-7 * above);
    const bgbb_params one{1.204, 0.750, 1.0, 2.783}, near_one{1.204, 0.750, 1.0 + 1e-7, 2.783};
    EXPECT_NEAR(crm::bgbb_expected_transactions(2e7, 2, 4, 6, one), crm::bgbb_expected_transactions(2e7, 2, 4, 6, near_one),
                1e-5 * crm::bgbb_expected_transactions(2e7, 2, 4, 6, one));
    EXPECT_NEAR(crm::bgbb_expected_transactions(1e7, 2, 4, 6, one), crm::bgbb_expected_transactions(1e7 + 1, 2, 4, 6, one),
                1e-6 * crm::bgbb_expected_transactions(1e7, 2, 4, 6, one));
    EXPECT_EQ(crm::bgbb_expected_transactions(0, 2, 4, 6, p), 0.0);
}

TEST(bgbb, gradient_matches_finite_differences) {
    const double patterns[][3] = {{0, 0, 6}, {1, 1, 6}, {2, 4, 6}, {6, 6, 6}, {3, 5, 20}, {0, 0, 1}};
    for (const bgbb_params& p : {bgbb_params{1.204, 0.750, 0.657, 2.783}, bgbb_params{0.3, 2.0, 3.0, 0.5}}) {
        for (const auto& c : patterns) {
            double g[4];
            crm::detail::bgbb_log_likelihood_gradient(p, c[0], c[1], c[2], g);
            for (int k = 0; k < 4; ++k) {
                bgbb_params up = p, down = p;
                double* u[4] = {&up.alpha, &up.beta, &up.gamma, &up.delta};
                double* d[4] = {&down.alpha, &down.beta, &down.gamma, &down.delta};
                const double h = 1e-6 * *u[k];
                *u[k] += h;
                *d[k] -= h;
                const double numeric = (crm::bgbb_log_likelihood(up, c[0], c[1], c[2]) -
                                        crm::bgbb_log_likelihood(down, c[0], c[1], c[2])) / (2 * h);
                EXPECT_NEAR(g[k], numeric, 1e-6 * (1 + std::abs(numeric))) << "param " << k;
            }
        }
    }
}

TEST(bgbb, penalty_zero_is_the_plain_fit_and_a_penalty_shrinks) {
    const auto d = crm::test::read_donations();
    const auto plain = crm::fit_bgbb(d.x, d.t_x, d.n, d.count);
    const auto zero = crm::fit_bgbb(d.x, d.t_x, d.n, d.count, 0.0);
    EXPECT_EQ(zero.parameters, plain.parameters);
    EXPECT_EQ(zero.log_likelihood, plain.log_likelihood);
    double previous_squares = 1e300, previous_ll = plain.log_likelihood + 1e-9;
    for (double lambda : {0.0, 1e-3, 1e-2, 1e-1}) {
        const auto fit = crm::fit_bgbb(d.x, d.t_x, d.n, d.count, lambda);
        EXPECT_EQ(fit.penalty, lambda);
        EXPECT_TRUE(fit.standard_errors);
        double squares = 0;
        for (double p : fit.parameters) squares += p * p;
        EXPECT_LT(squares, previous_squares) << lambda;
        EXPECT_LT(fit.log_likelihood, previous_ll) << lambda;
        previous_squares = squares;
        previous_ll = fit.log_likelihood;
        // (1/N) sum count dLL/dtheta_k = 2 lambda theta_k at the estimates.
        double mean[4] = {0, 0, 0, 0}, scale[4] = {0, 0, 0, 0};
        for (std::size_t i = 0; i < d.x.size(); ++i) {
            double g[4];
            crm::detail::bgbb_log_likelihood_gradient(fit.params, d.x[i], d.t_x[i], d.n[i], g);
            for (int k = 0; k < 4; ++k) {
                mean[k] += d.count[i] * g[k] / fit.customers;
                scale[k] += d.count[i] * std::abs(g[k]) / fit.customers;
            }
        }
        for (int k = 0; k < 4; ++k) EXPECT_NEAR(mean[k], 2 * lambda * fit.parameters[k], 1e-6 * scale[k]) << k;
    }
}

TEST(bgbb, counts_are_customers_and_bad_patterns_are_left_out) {
    const auto d = crm::test::read_donations();
    const auto fit = crm::fit_bgbb(d.x, d.t_x, d.n, d.count);
    // One row per donor, no counts: the same patterns, the same fit.
    std::vector<double> x, tx, n;
    for (std::size_t i = 0; i < d.x.size(); ++i)
        for (double k = 0; k < d.count[i]; ++k) {
            x.push_back(d.x[i]);
            tx.push_back(d.t_x[i]);
            n.push_back(d.n[i]);
        }
    const auto donors = crm::fit_bgbb(x, tx, n);
    EXPECT_EQ(donors.customers, 11104.0);
    EXPECT_EQ(donors.parameters, fit.parameters);
    // Patterns the model cannot produce, or with a count that is no count, are left out; a count of 0 adds nothing.
    auto bx = d.x, btx = d.t_x, bn = d.n, bc = d.count;
    const double bad[][4] = {{3, 2, 6, 5},  {1, 7, 6, 5},  {0, 2, 6, 5},   {1.5, 2, 6, 5}, {-1, 0, 6, 5},
                             {1, 1, 6, -2}, {1, 1, 6, NAN}, {NAN, 1, 6, 5}, {1, 1, INFINITY, 5}, {2, 3, 6, 0}};
    for (const auto& b : bad) {
        bx.push_back(b[0]);
        btx.push_back(b[1]);
        bn.push_back(b[2]);
        bc.push_back(b[3]);
    }
    const auto with_bad = crm::fit_bgbb(bx, btx, bn, bc);
    EXPECT_EQ(with_bad.left_out, 9u);
    EXPECT_EQ(with_bad.customers, 11104.0);
    EXPECT_EQ(with_bad.parameters, fit.parameters);
    EXPECT_EQ(with_bad.log_likelihood, fit.log_likelihood);
}

TEST(bgbb, fit_recovers_simulated_parameters_with_other_horizons) {
    const bgbb_params truth{0.8, 2.0, 0.4, 3.0};
    std::mt19937_64 rng(99);
    const auto d = simulate(truth, 50000, 20, rng);
    const auto fit = crm::fit_bgbb(d.x, d.t_x, d.n, d.count);
    ASSERT_TRUE(fit.standard_errors);
    const double truth_k[4] = {truth.alpha, truth.beta, truth.gamma, truth.delta};
    for (int k = 0; k < 4; ++k) EXPECT_LT(std::abs(fit.parameters[k] - truth_k[k]), 4 * (*fit.standard_errors)[k]) << k;
}

TEST(bgbb, argument_errors) {
    using crm::illegal_argument;
    const bgbb_params p{1.204, 0.750, 0.657, 2.783};
    for (const bgbb_params& bad : {bgbb_params{0, 1, 1, 1}, bgbb_params{1, -1, 1, 1}, bgbb_params{1, 1, 0, 1},
                                   bgbb_params{1, 1, 1, NAN}, bgbb_params{INFINITY, 1, 1, 1}}) {
        EXPECT_THROW(crm::bgbb_probability_alive(1, 1, 6, bad), illegal_argument);
        EXPECT_THROW(crm::bgbb_expected_transactions(5, 1, 1, 6, bad), illegal_argument);
        EXPECT_THROW(crm::bgbb_probability_of_transactions(6, 1, bad), illegal_argument);
        EXPECT_THROW(crm::bgbb_log_likelihood(bad, 1, 1, 6), illegal_argument);
    }
    for (const auto& c : {std::array<double, 3>{3, 2, 6}, {1, 7, 6}, {0, 2, 6}, {1.5, 2, 6}, {-1, 0, 6},
                          {1, 1, NAN}, {1, 1, 2e7}}) {
        EXPECT_THROW(crm::bgbb_probability_alive(c[0], c[1], c[2], p), illegal_argument);
        EXPECT_THROW(crm::bgbb_expected_transactions(1, c[0], c[1], c[2], p), illegal_argument);
        EXPECT_THROW(crm::bgbb_log_likelihood(p, c[0], c[1], c[2]), illegal_argument);
    }
    EXPECT_THROW(crm::bgbb_expected_transactions(-1, 1, 1, 6, p), illegal_argument);
    EXPECT_THROW(crm::bgbb_expected_transactions(2.5, 1, 1, 6, p), illegal_argument);
    EXPECT_THROW(crm::bgbb_probability_of_transactions(-1, 0, p), illegal_argument);
    EXPECT_THROW(crm::bgbb_probability_of_transactions(6, 0.5, p), illegal_argument);
    const std::vector<double> x{1, 2}, tx{1, 2}, n{6};
    EXPECT_THROW(crm::bgbb_log_likelihood(p, x, tx, n), illegal_argument);
    EXPECT_THROW(crm::fit_bgbb(x, tx, n), illegal_argument);
    EXPECT_THROW(crm::fit_bgbb(x, tx, std::vector<double>{6, 6}, std::vector<double>{1}), illegal_argument);
    EXPECT_THROW(crm::fit_bgbb({}, {}, {}), illegal_argument);
    EXPECT_THROW(crm::fit_bgbb(std::vector<double>{0}, std::vector<double>{0}, std::vector<double>{6}),
                 illegal_argument);  // no repeat transaction
    EXPECT_THROW(crm::fit_bgbb(x, tx, std::vector<double>{6, 6}, std::vector<double>{0, 0}), illegal_argument);
    EXPECT_THROW(crm::fit_bgbb(x, tx, std::vector<double>{6, 6}, {}, -1.0), illegal_argument);
}

}  // namespace
