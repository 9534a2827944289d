// Tests of the BG/NBD model: published CDNOW results, analytic gradient, 2F1, edge cases, simulated fits.
#include "crm/bgnbd.hpp"
#include "crm/jobs.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <fstream>
#include <iostream>
#include <random>
#include <vector>

#include <boost/math/special_functions/gamma.hpp>  // hypergeometric_pFq.hpp uses lgamma without including it
#include <boost/math/special_functions/hypergeometric_pFq.hpp>

#include "cdnow_data.hpp"
#include "crm/csv.hpp"
#include "crm/error.hpp"
#include "crm/transactions.hpp"
#include "fit_checks.hpp"

namespace {

using crm::bgnbd_params;

// Fader, Hardie & Lee (2005) on CDNOW, as published (data/README.md).
const bgnbd_params published{0.2426, 4.4135, 0.7929, 2.4258};
// The same estimates rounded to three decimals, as used by the R package BTYD for its reference
// values (0.5737864 and the PMF below are BTYD outputs reproduced by the lifetimes test-suite).
const bgnbd_params btyd{0.243, 4.414, 0.793, 2.426};

double relative_error(double value, double expected) { return std::abs(value - expected) / std::abs(expected); }

TEST(bgnbd, cdnow_fit_matches_published_estimates) {
    const auto data = crm::test::read_cdnow_summary();
    ASSERT_EQ(data.x.size(), 2357u);
    const auto start = std::chrono::steady_clock::now();
    const crm::bgnbd_fit_result fit = crm::fit_bgnbd(data.x, data.t_x, data.T);
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    std::cout << "[ timing ] CDNOW BG/NBD fit (2357 customers): " << ms << " ms, " << fit.iterations
              << " iterations\n";
    EXPECT_LT(relative_error(fit.params.r, 0.2426), 1e-3);
    EXPECT_LT(relative_error(fit.params.alpha, 4.4135), 1e-3);
    EXPECT_LT(relative_error(fit.params.a, 0.7929), 1e-3);
    EXPECT_LT(relative_error(fit.params.b, 2.4258), 1e-3);
    EXPECT_NEAR(fit.log_likelihood, -9582.43, 0.01);
    EXPECT_NEAR(crm::bgnbd_log_likelihood(fit.params, data.x, data.t_x, data.T), fit.log_likelihood, 1e-9);
}

TEST(bgnbd, cdnow_fit_is_a_local_maximum) {
    const auto data = crm::test::read_cdnow_summary();
    const crm::bgnbd_fit_result fit = crm::fit_bgnbd(data.x, data.t_x, data.T);
    for (int k = 0; k < 4; ++k)
        for (double factor : {0.99, 1.01}) {
            bgnbd_params p = fit.params;
            double* field[4] = {&p.r, &p.alpha, &p.a, &p.b};
            *field[k] *= factor;
            EXPECT_LT(crm::bgnbd_log_likelihood(p, data.x, data.t_x, data.T), fit.log_likelihood);
        }
}

TEST(bgnbd, cdnow_fit_is_fast) {
    const auto data = crm::test::read_cdnow_summary();
    double best = 1e300;
    for (int rep = 0; rep < 5; ++rep) {
        const auto start = std::chrono::steady_clock::now();
        (void)crm::fit_bgnbd(data.x, data.t_x, data.T);
        best = std::min(best, std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
    }
    std::cout << "[ timing ] CDNOW BG/NBD fit, best of 5: " << best << " ms\n";
    EXPECT_LT(best, 50.0);
}

TEST(bgnbd, published_log_likelihood) {
    const auto data = crm::test::read_cdnow_summary();
    EXPECT_NEAR(crm::bgnbd_log_likelihood(published, data.x, data.t_x, data.T), -9582.43, 0.01);
}

TEST(bgnbd, published_conditional_expectation) {
    EXPECT_NEAR(crm::expected_purchases(39, 2, 30.43, 38.86, published), 1.226, 0.0005);
}

TEST(bgnbd, btyd_reference_probabilities) {
    EXPECT_NEAR(crm::probability_of_purchases(39, 0, btyd), 0.5737864, 1e-6);
    EXPECT_NEAR(crm::probability_of_purchases(2, 10, btyd) / 1.07869e-07, 1.0, 1e-4);
    const double pmf[10] = {0.0019995214, 0.0015170236, 0.0011633150, 0.0009003148, 0.0007023638,
                            0.0005517902, 0.0004361913, 0.0003467171, 0.0002769613, 0.0002222260};
    for (int n = 11; n <= 20; ++n) EXPECT_NEAR(crm::probability_of_purchases(30, n, btyd), pmf[n - 11], 1e-10) << n;
}

TEST(bgnbd, probabilities_of_purchases_sum_to_one_and_give_the_mean) {
    for (const bgnbd_params& p : {published, bgnbd_params{2.0, 10.0, 1.5, 3.0}, bgnbd_params{0.5, 2.0, 0.3, 0.4}}) {
        for (double t : {1.0, 39.0, 200.0}) {
            double total = 0, mean = 0;
            for (int n = 0; n < 20000; ++n) {
                const double pn = crm::probability_of_purchases(t, n, p);
                total += pn;
                mean += n * pn;
            }
            EXPECT_NEAR(total, 1.0, 1e-9) << t;
            // a + b < 1 in the last set: E[X(t)] is computed by the integral form, here cross-checked.
            if (p.a > 1 || t < 100) {
                EXPECT_NEAR(crm::expected_purchases_new_customer(t, p), mean, 1e-6 * (1 + mean)) << t;
            }
        }
    }
}

TEST(bgnbd, new_customer_expectation_is_the_conditional_one_at_time_zero) {
    // E[X(t)] (eq. 7) equals eq. 10 with x = 0 and T -> 0.
    EXPECT_NEAR(crm::expected_purchases_new_customer(39, published), crm::expected_purchases(39, 0, 0, 1e-12, published),
                1e-9);
    EXPECT_EQ(crm::expected_purchases_new_customer(0, published), 0.0);
}

TEST(bgnbd, gradient_matches_finite_differences) {
    const double customers[][3] = {{0, 0, 38.86}, {1, 1.71, 38.86}, {7, 29.43, 38.86}, {2, 38.0, 38.0}, {40, 3.5, 50}};
    for (const bgnbd_params& p : {published, bgnbd_params{1.7, 0.3, 3.2, 0.6}}) {
        for (const auto& c : customers) {
            double g[4];
            crm::detail::bgnbd_log_likelihood_gradient(p, c[0], c[1], c[2], g);
            for (int k = 0; k < 4; ++k) {
                bgnbd_params up = p, down = p;
                double* u[4] = {&up.r, &up.alpha, &up.a, &up.b};
                double* d[4] = {&down.r, &down.alpha, &down.a, &down.b};
                const double h = 1e-6 * *u[k];
                *u[k] += h;
                *d[k] -= h;
                const double numeric = (crm::bgnbd_log_likelihood(up, c[0], c[1], c[2]) -
                                        crm::bgnbd_log_likelihood(down, c[0], c[1], c[2])) / (2 * h);
                EXPECT_NEAR(g[k], numeric, 1e-6 * (1 + std::abs(numeric))) << "param " << k << " x " << c[0];
            }
        }
    }
}

TEST(bgnbd, likelihood_of_one_customer_matches_eq6) {
    // Direct evaluation of FHL 2005 eq. 6 with Beta and Gamma functions.
    const bgnbd_params p{0.9, 3.0, 1.2, 2.5};
    const double x = 3, tx = 10, T = 20;
    const double B = std::tgamma(p.a) * std::tgamma(p.b) / std::tgamma(p.a + p.b);
    const double b1 = std::tgamma(p.a) * std::tgamma(p.b + x) / std::tgamma(p.a + p.b + x) / B;
    const double b2 = std::tgamma(p.a + 1) * std::tgamma(p.b + x - 1) / std::tgamma(p.a + p.b + x) / B;
    const double g = std::tgamma(p.r + x) * std::pow(p.alpha, p.r) / std::tgamma(p.r);
    const double l = b1 * g / std::pow(p.alpha + T, p.r + x) + b2 * g / std::pow(p.alpha + tx, p.r + x);
    EXPECT_NEAR(crm::bgnbd_log_likelihood(p, x, tx, T), std::log(l), 1e-12);
    EXPECT_NEAR(crm::bgnbd_log_likelihood(p, 0, 0, T), p.r * std::log(p.alpha / (p.alpha + T)), 1e-14);
}

TEST(bgnbd, hypergeometric_series_matches_closed_forms) {
    for (double z : {0.0, 1e-8, 0.1, 0.5, 0.9, 0.99, 0.999}) {
        if (z > 0) {
            EXPECT_NEAR(std::exp(crm::detail::log_hyp2f1_series(1, 1, 2, z)), -std::log1p(-z) / z,
                        1e-12 * (1 - std::log1p(-z) / z));
        }
        // 2F1(a, b; b; z) = (1 - z)^-a
        EXPECT_NEAR(crm::detail::log_hyp2f1_series(2.5, 3.0, 3.0, z), -2.5 * std::log1p(-z), 1e-12 * (1 + std::abs(std::log1p(-z))));
    }
    // Against Boost's generic pFq on the argument range used by eq. 10.
    const double cases[][4] = {{2.2426, 4.4258, 3.2187, 0.474}, {0.5, 0.25, 1.5, 0.3}, {12.3, 14.1, 15.0, 0.8}};
    for (const auto& c : cases) {
        const double boost = boost::math::hypergeometric_pFq({c[0], c[1]}, {c[2]}, c[3]);
        EXPECT_NEAR(std::exp(crm::detail::log_hyp2f1_series(c[0], c[1], c[2], c[3])) / boost, 1.0, 1e-12);
    }
    // Large parameters: the terms would overflow a plain sum; the log-scaled sum must stay finite.
    const double big = crm::detail::log_hyp2f1_series(5e4, 5e4, 5e4, 0.5);
    EXPECT_NEAR(big, -5e4 * std::log(0.5), 1e-6 * 5e4);
    EXPECT_TRUE(std::isnan(crm::detail::log_hyp2f1_series(1, 1, 2, 1.0)));
    EXPECT_TRUE(std::isnan(crm::detail::log_hyp2f1_series(1e7, 1e7, 1e7, 0.9, 1000)));
}

TEST(bgnbd, closed_form_matches_integral_form) {
    const bgnbd_params params[] = {published, {2.0, 10.0, 1.5, 3.0}, {0.5, 1.0, 0.3, 0.4}, {1.0, 5.0, 4.0, 20.0}};
    const double customers[][3] = {{0, 0, 38.86}, {2, 30.43, 38.86}, {7, 29.43, 38.86}, {30, 5, 40}, {500, 39, 40}};
    for (const auto& p : params)
        for (const auto& c : customers)
            for (double t : {0.5, 10.0, 39.0, 150.0}) {
                const double closed = crm::expected_purchases(t, c[0], c[1], c[2], p);
                const double integral = crm::detail::expected_purchases_by_integration(t, c[0], c[1], c[2], p);
                EXPECT_NEAR(closed, integral, 1e-8 * (1 + integral)) << "x " << c[0] << " t " << t;
            }
}

TEST(bgnbd, a_equal_to_one_is_continuous) {
    bgnbd_params p = published;
    p.a = 1.0;
    const double at_one = crm::expected_purchases(39, 2, 30.43, 38.86, p);
    p.a = 1.0 + 1e-4;
    const double above = crm::expected_purchases(39, 2, 30.43, 38.86, p);
    p.a = 1.0 - 1e-4;
    const double below = crm::expected_purchases(39, 2, 30.43, 38.86, p);
    EXPECT_TRUE(std::isfinite(at_one));
    EXPECT_NEAR(at_one, 0.5 * (above + below), 1e-6);
}

TEST(bgnbd, probability_alive_rules) {
    EXPECT_EQ(crm::probability_alive(0, 0, 38.86, published), 1.0);
    EXPECT_EQ(crm::probability_alive(0, 0, 1e9, published), 1.0);
    // T = t_x: the ratio term is 1, so P(alive) = 1 / (1 + a / (b + x - 1)).
    EXPECT_NEAR(crm::probability_alive(3, 20, 20, published), 1 / (1 + published.a / (published.b + 2)), 1e-15);
    EXPECT_NEAR(crm::probability_alive(2, 30.43, 38.86, published), 0.7266, 1e-4);
    // Falls with the time since the last purchase.
    double previous = 1.0;
    for (double tx = 38; tx >= 0; tx -= 2) {
        const double p = crm::probability_alive(4, tx, 38.86, published);
        EXPECT_LT(p, previous);
        EXPECT_GE(p, 0.0);
        previous = p;
    }
}

TEST(bgnbd, huge_counts_stay_finite) {
    for (double x : {1e3, 1e5, 1e7, 1e9}) {
        const double alive = crm::probability_alive(x, 38, 38.86, published);
        EXPECT_TRUE(alive >= 0 && alive <= 1) << x;
        EXPECT_EQ(crm::probability_alive(x, 1, 38.86, published), 0.0) << x;
        const double same_day = crm::probability_alive(x, 38.86, 38.86, published);
        EXPECT_GT(same_day, 0.99) << x;
        for (double t : {1.0, 39.0, 1000.0}) {
            const double e = crm::expected_purchases(t, x, 38.86, 38.86, published);
            EXPECT_TRUE(std::isfinite(e) && e > 0) << x << " " << t;
            // An active customer buying at rate ~ x/T expects about that rate times t (minus dropouts).
            EXPECT_LT(e, 1.01 * x * t / 38.86) << x << " " << t;
        }
        EXPECT_TRUE(std::isfinite(crm::bgnbd_log_likelihood(published, x, 30, 38.86)));
    }
    // A customer who just bought, over a short horizon: about the posterior mean rate (r+x)/(alpha+T)
    // times t, less the few who drop out (dropout chance per purchase ~ a/(a+b+x)).
    const double rate = (published.r + 1e6) / (published.alpha + 38.86);
    EXPECT_NEAR(crm::expected_purchases(1, 1e6, 38.86, 38.86, published) / rate, 0.99, 0.01);
    // Series (summed in log scale) and integral agree for large counts too.
    EXPECT_NEAR(crm::expected_purchases(1, 1e5, 38.86, 38.86, published) /
                    crm::detail::expected_purchases_by_integration(1, 1e5, 38.86, 38.86, published),
                1.0, 1e-6);
}

TEST(bgnbd, expected_purchases_grow_with_time) {
    double previous = 0;
    for (double t = 1; t <= 520; t *= 2) {
        const double e = crm::expected_purchases(t, 2, 30.43, 38.86, published);
        EXPECT_GT(e, previous);
        previous = e;
    }
    EXPECT_EQ(crm::expected_purchases(0, 2, 30.43, 38.86, published), 0.0);
}

TEST(bgnbd, argument_errors) {
    using crm::illegal_argument;
    EXPECT_THROW(crm::probability_alive(-1, 0, 10, published), illegal_argument);
    EXPECT_THROW(crm::probability_alive(1.5, 1, 10, published), illegal_argument);
    EXPECT_THROW(crm::probability_alive(1, 11, 10, published), illegal_argument);
    EXPECT_THROW(crm::probability_alive(1, -1, 10, published), illegal_argument);
    EXPECT_THROW(crm::probability_alive(0, 0, 0, published), illegal_argument);
    EXPECT_THROW(crm::probability_alive(NAN, 0, 10, published), illegal_argument);
    EXPECT_THROW(crm::probability_alive(1, 1, INFINITY, published), illegal_argument);
    for (const bgnbd_params& bad : {bgnbd_params{0, 1, 1, 1}, bgnbd_params{1, -1, 1, 1}, bgnbd_params{1, 1, 0, 1},
                                    bgnbd_params{1, 1, 1, NAN}, bgnbd_params{INFINITY, 1, 1, 1}}) {
        EXPECT_THROW(crm::probability_alive(1, 1, 10, bad), illegal_argument);
        EXPECT_THROW(crm::expected_purchases(1, 1, 1, 10, bad), illegal_argument);
        EXPECT_THROW(crm::expected_purchases_new_customer(1, bad), illegal_argument);
        EXPECT_THROW(crm::probability_of_purchases(1, 0, bad), illegal_argument);
    }
    EXPECT_THROW(crm::expected_purchases(-1, 1, 1, 10, published), illegal_argument);
    EXPECT_THROW(crm::expected_purchases(NAN, 1, 1, 10, published), illegal_argument);
    EXPECT_THROW(crm::probability_of_purchases(1, 0.5, published), illegal_argument);
    EXPECT_THROW(crm::probability_of_purchases(1, -1, published), illegal_argument);
    EXPECT_THROW(crm::probability_of_purchases(-1, 0, published), illegal_argument);
    const std::vector<double> x{1, 2}, tx{1, 2}, T{3};
    EXPECT_THROW(crm::bgnbd_log_likelihood(published, x, tx, T), illegal_argument);
    EXPECT_THROW(crm::fit_bgnbd(x, tx, T), illegal_argument);
    EXPECT_THROW(crm::fit_bgnbd({}, {}, {}), illegal_argument);
}

TEST(bgnbd, fit_without_repeat_purchases_is_an_argument_error) {
    const std::vector<double> x(50, 0.0), tx(50, 0.0), T(50, 30.0);
    EXPECT_THROW(crm::fit_bgnbd(x, tx, T), crm::illegal_argument);
}

TEST(bgnbd, degenerate_samples_have_no_interior_maximum_and_the_penalised_fit_answers) {
    // One customer, identical customers who all bought on their last day, a repeat buyer beside a one-timer:
    // the likelihood rises without bound along some direction, so the plain fit says so (no made-up maximum),
    // and the smallest penalty of fit_that_answers gives a finite fit that it names.
    const std::vector<std::vector<std::vector<double>>> samples = {
        {{3}, {20}, {30}},
        {{2, 2, 2}, {30, 30, 30}, {30, 30, 30}},
        {{1, 0}, {5, 0}, {30, 30}},
    };
    for (const auto& s : samples) {
        SCOPED_TRACE(testing::Message() << "x[0] = " << s[0][0] << ", " << s[0].size() << " customers");
        EXPECT_THROW(crm::fit_bgnbd(s[0], s[1], s[2]), crm::no_convergence);
        const auto fit = crm::fit_that_answers([&](double penalty) { return crm::fit_bgnbd(s[0], s[1], s[2], penalty); });
        EXPECT_GT(fit.penalty, 0.0);
        EXPECT_TRUE(std::isfinite(fit.log_likelihood));
        for (double v : {fit.params.r, fit.params.alpha, fit.params.a, fit.params.b}) EXPECT_TRUE(std::isfinite(v) && v > 0);
        EXPECT_TRUE(fit.at_limit);  // a dropout parameter vanishes: the limit, without standard errors
        EXPECT_FALSE(fit.standard_errors.has_value());
        // Its predictions are numbers a sheet can show.
        for (std::size_t i = 0; i < s[0].size(); ++i) {
            const double alive = crm::probability_alive(s[0][i], s[1][i], s[2][i], fit.params);
            EXPECT_TRUE(alive >= 0 && alive <= 1) << alive;
            EXPECT_TRUE(std::isfinite(crm::expected_purchases(52, s[0][i], s[1][i], s[2][i], fit.params)));
        }
    }
}

// Simulates a BG/NBD population: rate ~ Gamma(r, alpha), dropout p ~ Beta(a, b); after each repeat
// purchase the customer drops out with probability p (FHL 2005 section 3), observed for T.
struct population {
    std::vector<double> x, t_x, T;
};

population simulate(const bgnbd_params& p, std::size_t customers, unsigned seed) {
    std::mt19937_64 rng(seed);
    std::gamma_distribution<double> rate(p.r, 1.0 / p.alpha), ga(p.a, 1.0), gb(p.b, 1.0);
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    std::uniform_int_distribution<int> entry(0, 26);
    population pop;
    for (std::size_t i = 0; i < customers; ++i) {
        const double lambda = rate(rng);
        const double u = ga(rng), v = gb(rng);
        const double dropout = u / (u + v);
        const double T = 52.0 - entry(rng);  // first purchases spread over half a year
        double t = 0, tx = 0, x = 0;
        while (lambda > 0) {
            t += -std::log1p(-uniform(rng)) / lambda;
            if (t > T) break;
            x += 1;
            tx = t;
            if (uniform(rng) < dropout) break;
        }
        pop.x.push_back(x);
        pop.t_x.push_back(tx);
        pop.T.push_back(T);
    }
    return pop;
}

TEST(bgnbd, fit_recovers_simulated_parameters) {
    const bgnbd_params truths[] = {{0.25, 4.0, 0.8, 2.5}, {1.0, 10.0, 0.5, 5.0}, {2.0, 5.0, 1.5, 3.0}};
    unsigned seed = 2024;
    for (const auto& truth : truths) {
        const population pop = simulate(truth, 5000, seed++);
        const crm::bgnbd_fit_result fit = crm::fit_bgnbd(pop.x, pop.t_x, pop.T);
        // The maximum is at least as likely as the truth, and close to it.
        EXPECT_GE(fit.log_likelihood, crm::bgnbd_log_likelihood(truth, pop.x, pop.t_x, pop.T));
        EXPECT_LT(relative_error(fit.params.r, truth.r), 0.25) << truth.r;
        EXPECT_LT(relative_error(fit.params.alpha, truth.alpha), 0.35) << truth.r;
        EXPECT_LT(relative_error(fit.params.r / fit.params.alpha, truth.r / truth.alpha), 0.1) << truth.r;
        EXPECT_LT(relative_error(fit.params.a / (fit.params.a + fit.params.b), truth.a / (truth.a + truth.b)), 0.25)
            << truth.r;
        std::cout << "[ fit ] truth r=" << truth.r << " alpha=" << truth.alpha << " a=" << truth.a << " b=" << truth.b
                  << " -> r=" << fit.params.r << " alpha=" << fit.params.alpha << " a=" << fit.params.a
                  << " b=" << fit.params.b << "\n";
    }
}

TEST(bgnbd, fit_scales_to_100000_customers) {
    const bgnbd_params truth{0.25, 4.0, 0.8, 2.5};
    const population pop = simulate(truth, 100000, 7);
    const auto start = std::chrono::steady_clock::now();
    const crm::bgnbd_fit_result fit = crm::fit_bgnbd(pop.x, pop.t_x, pop.T);
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    std::cout << "[ timing ] BG/NBD fit of 100000 simulated customers: " << ms << " ms\n";
    EXPECT_LT(relative_error(fit.params.r, truth.r), 0.1);
    EXPECT_LT(relative_error(fit.params.alpha, truth.alpha), 0.1);
    EXPECT_LT(relative_error(fit.params.a, truth.a), 0.2);
    EXPECT_LT(relative_error(fit.params.b, truth.b), 0.2);
}

TEST(bgnbd, fit_does_not_depend_on_the_time_unit) {
    const auto data = crm::test::read_cdnow_summary();
    std::vector<double> tx_days, T_days;
    for (double v : data.t_x) tx_days.push_back(7 * v);
    for (double v : data.T) T_days.push_back(7 * v);
    const auto weeks = crm::fit_bgnbd(data.x, data.t_x, data.T);
    const auto days = crm::fit_bgnbd(data.x, tx_days, T_days);
    EXPECT_NEAR(days.params.r, weeks.params.r, 1e-6);
    EXPECT_NEAR(days.params.alpha / 7, weeks.params.alpha, 1e-5);
    EXPECT_NEAR(days.params.a, weeks.params.a, 1e-6);
    EXPECT_NEAR(days.params.b, weeks.params.b, 1e-5);
}

// ---- Standard errors, penalty, customers left out (spec "BG/NBD", CRM_BGNBD_FIT).

// The total log-likelihood over CDNOW as a function of the four parameters (for second differences).
double cdnow_log_likelihood(const crm::test::cdnow_summary& data, const std::vector<double>& p) {
    return crm::bgnbd_log_likelihood({p[0], p[1], p[2], p[3]}, data.x, data.t_x, data.T);
}

TEST(bgnbd, fit_result_shape) {
    const auto data = crm::test::read_cdnow_summary();
    const crm::bgnbd_fit_result fit = crm::fit_bgnbd(data.x, data.t_x, data.T);
    EXPECT_EQ(fit.customers, 2357.0);
    EXPECT_EQ(fit.left_out, 0u);
    EXPECT_EQ(fit.penalty, 0.0);
    EXPECT_GT(fit.iterations, 0);
    EXPECT_EQ(fit.parameters[0], fit.params.r);
    EXPECT_EQ(fit.parameters[1], fit.params.alpha);
    EXPECT_EQ(fit.parameters[2], fit.params.a);
    EXPECT_EQ(fit.parameters[3], fit.params.b);
}

// The fit's standard errors (differences of the analytic gradient in the log-parameters) against the
// observed information by second differences of the log-likelihood's values in the parameters themselves.
TEST(bgnbd, cdnow_standard_errors_match_the_observed_information) {
    const auto data = crm::test::read_cdnow_summary();
    const crm::bgnbd_fit_result fit = crm::fit_bgnbd(data.x, data.t_x, data.T);
    ASSERT_TRUE(fit.standard_errors);
    const std::vector<double> at(fit.parameters.begin(), fit.parameters.end());
    const auto expected = crm::test::standard_errors_by_value_hessian(
        [&](const std::vector<double>& p) { return cdnow_log_likelihood(data, p); }, at);
    ASSERT_EQ(expected.size(), 4u);
    for (int k = 0; k < 4; ++k) {
        EXPECT_NEAR((*fit.standard_errors)[k] / expected[k], 1.0, 2e-3) << k;
        std::cout << "[ se ] " << k << ": " << (*fit.standard_errors)[k] << " (second differences " << expected[k]
                  << ")\n";
    }
}

// Spec: with lambda > 0 the estimate minimises -(1/N) sum LL + lambda (r^2 + alpha^2 + a^2 + b^2), alpha in the
// data's unit: there, customer by customer, (1/N) sum dLL/dtheta_k = 2 lambda theta_k.
void expect_penalised_stationarity(const crm::test::cdnow_summary& data, const crm::bgnbd_fit_result& fit) {
    double mean[4] = {0, 0, 0, 0}, scale[4] = {0, 0, 0, 0};
    for (std::size_t i = 0; i < data.x.size(); ++i) {
        double g[4];
        crm::detail::bgnbd_log_likelihood_gradient(fit.params, data.x[i], data.t_x[i], data.T[i], g);
        for (int k = 0; k < 4; ++k) {
            mean[k] += g[k] / static_cast<double>(data.x.size());
            scale[k] += std::abs(g[k]) / static_cast<double>(data.x.size());
        }
    }
    for (int k = 0; k < 4; ++k)
        EXPECT_NEAR(mean[k], 2 * fit.penalty * fit.parameters[k], 1e-6 * scale[k]) << "parameter " << k;
}

TEST(bgnbd, penalty_zero_is_the_plain_fit_and_a_penalty_shrinks) {
    const auto data = crm::test::read_cdnow_summary();
    const crm::bgnbd_fit_result plain = crm::fit_bgnbd(data.x, data.t_x, data.T);
    const crm::bgnbd_fit_result zero = crm::fit_bgnbd(data.x, data.t_x, data.T, 0.0);
    EXPECT_EQ(zero.parameters, plain.parameters);
    EXPECT_EQ(zero.log_likelihood, plain.log_likelihood);
    EXPECT_EQ(zero.iterations, plain.iterations);
    // A larger penalty never gives a larger sum of squares nor a larger likelihood (the minimiser of
    // f + lambda P moves to smaller P and larger f as lambda grows).
    double previous_squares = 1e300, previous_ll = plain.log_likelihood + 1e-9;
    for (double lambda : {0.0, 0.001, 0.01, 0.1}) {
        const crm::bgnbd_fit_result fit = crm::fit_bgnbd(data.x, data.t_x, data.T, lambda);
        EXPECT_EQ(fit.penalty, lambda);
        double squares = 0;
        for (double p : fit.parameters) squares += p * p;
        EXPECT_LT(squares, previous_squares) << lambda;
        EXPECT_LT(fit.log_likelihood, previous_ll) << lambda;
        EXPECT_TRUE(fit.standard_errors) << lambda;
        expect_penalised_stationarity(data, fit);
        previous_squares = squares;
        previous_ll = fit.log_likelihood;
    }
    // The penalty is on alpha in the data's unit: in days the same lambda shrinks alpha (7 times larger) more.
    std::vector<double> tx_days, T_days;
    for (double v : data.t_x) tx_days.push_back(7 * v);
    for (double v : data.T) T_days.push_back(7 * v);
    const auto weeks = crm::fit_bgnbd(data.x, data.t_x, data.T, 0.01);
    const auto days = crm::fit_bgnbd(data.x, tx_days, T_days, 0.01);
    EXPECT_LT(days.params.alpha / 7, weeks.params.alpha);
}

// Every customer buys every week, the same rate for all; half of them still buy in the last week, the others
// stopped after 1 to 38 weeks. Purchase counts this regular have less spread than any NBD, so the likelihood
// grows without bound as r and alpha go to infinity together (no interior maximum); the penalty keeps them
// finite. (An all-active population would not do: there the likelihood rises as a -> 0, which the penalty,
// falling too as a -> 0, does not stop.)
population weekly_buyers(unsigned seed) {
    std::mt19937_64 rng(seed);
    std::uniform_int_distribution<int> stopped(1, 38);
    std::bernoulli_distribution active(0.5);
    population pop;
    for (int i = 0; i < 500; ++i) {
        const double x = active(rng) ? 39 : stopped(rng);
        pop.x.push_back(x);
        pop.t_x.push_back(x);
        pop.T.push_back(39);
    }
    return pop;
}

TEST(bgnbd, degenerate_population_needs_the_penalty) {
    const population pop = weekly_buyers(7);
    EXPECT_THROW(crm::fit_bgnbd(pop.x, pop.t_x, pop.T), crm::no_convergence);
    for (double lambda : {0.001, 0.01}) {
        const crm::bgnbd_fit_result fit = crm::fit_bgnbd(pop.x, pop.t_x, pop.T, lambda);
        for (double p : fit.parameters) EXPECT_TRUE(std::isfinite(p) && p > 0 && p < 100) << lambda;
        EXPECT_TRUE(fit.standard_errors) << lambda;
        crm::test::cdnow_summary as_summary;
        as_summary.x = pop.x;
        as_summary.t_x = pop.t_x;
        as_summary.T = pop.T;
        expect_penalised_stationarity(as_summary, fit);
    }
}

TEST(bgnbd, customers_outside_the_domain_are_left_out_and_counted) {
    const auto data = crm::test::read_cdnow_summary();
    auto x = data.x, tx = data.t_x, T = data.T;
    const double bad[][3] = {{-1, 0, 30}, {2, 31, 30}, {2, -1, 30}, {NAN, 0, 30}, {2, 5, INFINITY},
                             {1.5, 5, 30}, {1, 0, 0}, {3, 2, -5}};
    for (const auto& b : bad) {  // spread through the data
        const auto at = static_cast<std::ptrdiff_t>(x.size() / 2);
        x.insert(x.begin() + at, b[0]);
        tx.insert(tx.begin() + at, b[1]);
        T.insert(T.begin() + at, b[2]);
    }
    const crm::bgnbd_fit_result clean = crm::fit_bgnbd(data.x, data.t_x, data.T);
    const crm::bgnbd_fit_result fit = crm::fit_bgnbd(x, tx, T);
    EXPECT_EQ(fit.left_out, 8u);
    EXPECT_EQ(fit.customers, 2357.0);
    EXPECT_EQ(fit.parameters, clean.parameters);
    EXPECT_EQ(fit.log_likelihood, clean.log_likelihood);
    // Nobody left: an argument error, not a made-up fit.
    EXPECT_THROW(crm::fit_bgnbd(std::vector<double>{-1, 2}, std::vector<double>{0, 5}, std::vector<double>{3, 4}),
                 crm::illegal_argument);
    EXPECT_THROW(crm::fit_bgnbd(data.x, data.t_x, data.T, -0.1), crm::illegal_argument);
    EXPECT_THROW(crm::fit_bgnbd(data.x, data.t_x, data.T, NAN), crm::illegal_argument);
}

}  // namespace

// The Superstore export (data/superstore: 793 customers who nearly all buy again and again over four years):
// the likelihood keeps rising as a, b -> 0, even with a penalty (which stops r and alpha running off to
// infinity). The penalised fit answers with that limit (at_limit, no standard errors), and its predictions are
// the NBD's: P(alive) = 1 and E = t (r + x) / (alpha + T), where the closed form alone would lose every digit.
TEST(bgnbd, a_store_where_nobody_drops_out_is_answered_with_the_limit) {
    std::ifstream in(std::string(CRM_DATA_DIR) + "/superstore/superstore.csv");
    ASSERT_TRUE(in);
    const crm::table t = crm::read_csv(in);
    const auto orders = crm::aggregate_transactions(t, *crm::latest_order_date(t));
    std::vector<double> x, t_x, T;
    for (const auto& h : orders.customers) x.push_back(h.x), t_x.push_back(h.t_x), T.push_back(h.T);
    ASSERT_EQ(x.size(), 793u);
    EXPECT_THROW(crm::fit_bgnbd(x, t_x, T), crm::no_convergence);
    const auto fit = crm::fit_bgnbd(x, t_x, T, 0.001);
    EXPECT_TRUE(fit.at_limit);
    EXPECT_FALSE(fit.standard_errors.has_value());
    EXPECT_LT(fit.params.a / (fit.params.a + fit.params.b), 1e-9);
    EXPECT_NEAR(fit.params.r, 0.7853, 0.002);  // scipy on lifetimes' penalised objective: 0.7853, alpha 12.911
    EXPECT_NEAR(fit.params.alpha, 12.911, 0.05);
    for (std::size_t i = 0; i < x.size(); ++i) {
        EXPECT_NEAR(crm::probability_alive(x[i], t_x[i], T[i], fit.params), 1.0, 1e-9);
        const double nbd = 52 * (fit.params.r + x[i]) / (fit.params.alpha + T[i]);
        EXPECT_NEAR(crm::expected_purchases(52, x[i], t_x[i], T[i], fit.params), nbd, 1e-9 * nbd);
    }
    // An interior case keeps its standard errors and no limit.
    const auto cdnow = crm::test::read_cdnow_summary();
    const auto interior = crm::fit_bgnbd(cdnow.x, cdnow.t_x, cdnow.T, 0.001);
    EXPECT_FALSE(interior.at_limit);
    EXPECT_TRUE(interior.standard_errors.has_value());
}
