// Tests of the Gamma-Gamma spend model: published CDNOW fit and spends, gradient, rules and errors.
#include "crm/gamma_gamma.hpp"
#include "crm/jobs.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <iostream>
#include <random>
#include <vector>

#include "cdnow_data.hpp"
#include "crm/error.hpp"
#include "fit_checks.hpp"

namespace {

using crm::gamma_gamma_params;

TEST(gamma_gamma, cdnow_fit_matches_published_estimates) {
    const auto data = crm::test::read_cdnow_summary();
    const auto start = std::chrono::steady_clock::now();
    const crm::gamma_gamma_fit_result fit = crm::fit_gamma_gamma(data.x, data.zbar);
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    std::cout << "[ timing ] CDNOW Gamma-Gamma fit (946 customers): " << ms << " ms\n";
    EXPECT_EQ(fit.customers, 946u);
    EXPECT_NEAR(fit.params.p, 6.25, 0.01);
    EXPECT_NEAR(fit.params.q, 3.74, 0.01);
    EXPECT_NEAR(fit.params.v, 15.44, 0.01);
    EXPECT_NEAR(crm::gamma_gamma_log_likelihood(fit.params, data.x, data.zbar), fit.log_likelihood, 1e-9);
    // A local maximum: moving any parameter by 1 % lowers the likelihood.
    for (int k = 0; k < 3; ++k)
        for (double factor : {0.99, 1.01}) {
            gamma_gamma_params p = fit.params;
            double* field[3] = {&p.p, &p.q, &p.v};
            *field[k] *= factor;
            EXPECT_LT(crm::gamma_gamma_log_likelihood(p, data.x, data.zbar), fit.log_likelihood);
        }
}

// The fit sums the likelihood group by group of equal x; at its optimum the customer-by-customer
// gradient must vanish too.
TEST(gamma_gamma, cdnow_fit_is_stationary_customer_by_customer) {
    const auto data = crm::test::read_cdnow_summary();
    const crm::gamma_gamma_fit_result fit = crm::fit_gamma_gamma(data.x, data.zbar);
    double total[3] = {0, 0, 0}, scale[3] = {0, 0, 0};
    for (std::size_t i = 0; i < data.x.size(); ++i) {
        if (data.x[i] == 0) continue;
        double grad[3];
        crm::detail::gamma_gamma_log_likelihood_gradient(fit.params, data.x[i], data.zbar[i], grad);
        for (int k = 0; k < 3; ++k) {
            total[k] += grad[k];
            scale[k] += std::abs(grad[k]);
        }
    }
    for (int k = 0; k < 3; ++k) EXPECT_LT(std::abs(total[k]), 1e-6 * scale[k]) << k;
}

TEST(gamma_gamma, cdnow_expected_spend_of_the_first_ten_customers) {
    // The README's ten values are for the first ten customers of the summary file in file order
    // (IDs 1..10), including those with x = 0, who get the population mean v p / (q - 1) = 35.17.
    const auto data = crm::test::read_cdnow_summary();
    const crm::gamma_gamma_fit_result fit = crm::fit_gamma_gamma(data.x, data.zbar);
    const double published[10] = {24.65, 18.91, 35.17, 35.17, 35.17, 71.46, 18.91, 35.17, 27.28, 35.17};
    for (int i = 0; i < 10; ++i)
        EXPECT_NEAR(crm::expected_average_value(data.x[i], data.zbar[i], fit.params), published[i], 0.01)
            << "customer " << data.id[i];
}

// Bad-input matrix (tests/integration/test_bad_input.py), CRM_EXPECTED_VALUE(2;1E308;6.25;3.74;15.44) and
// CRM_CLV_MODEL with x = 1E308: the value is finite, only the direct form's products overflowed (Err:502).
TEST(gamma_gamma, expected_value_is_finite_where_only_an_intermediate_product_overflows) {
    const gamma_gamma_params g{6.25, 3.74, 15.44};
    EXPECT_NEAR(crm::expected_average_value(1e308, 30, g), 30.0, 1e-12);  // x -> infinity: the customer's own mean
    EXPECT_NEAR(crm::expected_average_value(2, 1e308, g) / ((15.44 / 2 + 1e308) * (6.25 / (6.25 + 2.74 / 2))), 1.0, 1e-15);
    EXPECT_NEAR(crm::expected_average_value(2, 30, {1e308, 3.74, 15.44}), 15.44 / 2 + 30, 1e-12);  // p -> infinity
    // A value that really exceeds the doubles, about (v + 2 avg) / 2 = 2.55e308, is still an error.
    EXPECT_THROW(crm::expected_average_value(2, 1.7e308, {1e308, 3.74, 1.7e308}), crm::illegal_argument);
}

TEST(gamma_gamma, expected_value_rules) {
    const gamma_gamma_params g{6.25, 3.74, 15.44};
    EXPECT_DOUBLE_EQ(crm::expected_average_value(0, 0, g), 15.44 * 6.25 / 2.74);
    EXPECT_DOUBLE_EQ(crm::expected_average_value(0, 99, g), 15.44 * 6.25 / 2.74);  // avg_value plays no role at x = 0
    EXPECT_DOUBLE_EQ(crm::expected_average_value(2, 22.35, g), (15.44 + 22.35 * 2) * 6.25 / (6.25 * 2 + 3.74 - 1));
    // The estimate moves from the population mean towards the customer's own average as x grows.
    const double own = 80.0;
    double previous = crm::expected_average_value(0, own, g);
    for (double x = 1; x <= 1024; x *= 2) {
        const double e = crm::expected_average_value(x, own, g);
        EXPECT_GT(e, previous);
        EXPECT_LT(e, own * 6.25 / 6.25 + 1e-9 + 15.44);
        previous = e;
    }
    EXPECT_NEAR(crm::expected_average_value(1e12, own, g), own, 1e-6);
}

TEST(gamma_gamma, expected_value_errors) {
    using crm::illegal_argument;
    EXPECT_THROW(crm::expected_average_value(1, 10, {6, 1.0, 15}), illegal_argument);
    EXPECT_THROW(crm::expected_average_value(1, 10, {6, 0.5, 15}), illegal_argument);
    EXPECT_THROW(crm::expected_average_value(0, 10, {6, 1.0, 15}), illegal_argument);
    EXPECT_THROW(crm::expected_average_value(1, 10, {0, 3, 15}), illegal_argument);
    EXPECT_THROW(crm::expected_average_value(1, 10, {6, 3, -1}), illegal_argument);
    EXPECT_THROW(crm::expected_average_value(-1, 10, {6, 3, 15}), illegal_argument);
    EXPECT_THROW(crm::expected_average_value(1, -10, {6, 3, 15}), illegal_argument);
    EXPECT_THROW(crm::expected_average_value(NAN, 10, {6, 3, 15}), illegal_argument);
    EXPECT_THROW(crm::expected_average_value(1, INFINITY, {6, 3, 15}), illegal_argument);
    EXPECT_THROW(crm::expected_average_value(1, 10, {6, NAN, 15}), illegal_argument);
}

TEST(gamma_gamma, gradient_matches_finite_differences) {
    const double customers[][2] = {{1, 11.77}, {2, 22.35}, {7, 73.74}, {30, 5.5}};
    for (const gamma_gamma_params& g : {gamma_gamma_params{6.25, 3.74, 15.44}, gamma_gamma_params{0.7, 1.3, 2.0}}) {
        for (const auto& c : customers) {
            double grad[3];
            crm::detail::gamma_gamma_log_likelihood_gradient(g, c[0], c[1], grad);
            for (int k = 0; k < 3; ++k) {
                gamma_gamma_params up = g, down = g;
                double* u[3] = {&up.p, &up.q, &up.v};
                double* d[3] = {&down.p, &down.q, &down.v};
                const double h = 1e-6 * *u[k];
                *u[k] += h;
                *d[k] -= h;
                const double numeric = (crm::gamma_gamma_log_likelihood(up, c[0], c[1]) -
                                        crm::gamma_gamma_log_likelihood(down, c[0], c[1])) / (2 * h);
                EXPECT_NEAR(grad[k], numeric, 1e-6 * (1 + std::abs(numeric))) << k;
            }
        }
    }
}

TEST(gamma_gamma, likelihood_is_the_density_of_the_mean_spend) {
    // zbar | nu ~ Gamma(shape p x, rate nu x), nu ~ Gamma(shape q, rate v): integrate nu out numerically.
    const gamma_gamma_params g{2.0, 3.0, 10.0};
    const double x = 3, zbar = 4.5;
    double integral = 0;
    const double h = 1e-4;
    for (double nu = h / 2; nu < 10; nu += h) {
        const double shape = g.p * x, rate = nu * x;
        const double f_z = std::exp(shape * std::log(rate) + (shape - 1) * std::log(zbar) - rate * zbar - std::lgamma(shape));
        const double f_nu = std::exp(g.q * std::log(g.v) + (g.q - 1) * std::log(nu) - g.v * nu - std::lgamma(g.q));
        integral += f_z * f_nu * h;
    }
    EXPECT_NEAR(crm::gamma_gamma_log_likelihood(g, x, zbar), std::log(integral), 1e-6);
}

TEST(gamma_gamma, fit_skips_customers_without_repeat_purchases) {
    const auto data = crm::test::read_cdnow_summary();
    std::vector<double> x, z;
    for (std::size_t i = 0; i < data.x.size(); ++i)
        if (data.x[i] > 0) {
            x.push_back(data.x[i]);
            z.push_back(data.zbar[i]);
        }
    const auto all = crm::fit_gamma_gamma(data.x, data.zbar);
    const auto spenders = crm::fit_gamma_gamma(x, z);
    EXPECT_DOUBLE_EQ(all.params.p, spenders.params.p);
    EXPECT_DOUBLE_EQ(all.params.q, spenders.params.q);
    EXPECT_DOUBLE_EQ(all.params.v, spenders.params.v);
    // In another currency only v changes, by the exchange rate.
    for (double& value : z) value *= 100;
    const auto cents = crm::fit_gamma_gamma(x, z);
    EXPECT_NEAR(cents.params.p, all.params.p, 1e-6);
    EXPECT_NEAR(cents.params.q, all.params.q, 1e-6);
    EXPECT_NEAR(cents.params.v / 100, all.params.v, 1e-5);
}

TEST(gamma_gamma, fit_recovers_simulated_parameters) {
    const gamma_gamma_params truth{4.0, 5.0, 30.0};
    std::mt19937_64 rng(99);
    std::gamma_distribution<double> nu_dist(truth.q, 1.0 / truth.v);
    std::uniform_int_distribution<int> count(1, 10);
    std::vector<double> x, zbar;
    for (int i = 0; i < 20000; ++i) {
        const double nu = nu_dist(rng);
        const int n = count(rng);
        std::gamma_distribution<double> spend(truth.p, 1.0 / nu);
        double sum = 0;
        for (int k = 0; k < n; ++k) sum += spend(rng);
        x.push_back(n);
        zbar.push_back(sum / n);
    }
    const auto fit = crm::fit_gamma_gamma(x, zbar);
    // p and v lie along a ridge (sampling error of p is ~10 % at this size); the mean spend is sharp.
    EXPECT_NEAR(fit.params.p / truth.p, 1.0, 0.15);
    EXPECT_NEAR(fit.params.q / truth.q, 1.0, 0.15);
    EXPECT_NEAR(fit.params.v / truth.v, 1.0, 0.25);
    EXPECT_NEAR(fit.params.p * fit.params.v / (fit.params.q - 1) / (truth.p * truth.v / (truth.q - 1)), 1.0, 0.03);
    EXPECT_GE(fit.log_likelihood, crm::gamma_gamma_log_likelihood(truth, x, zbar));
}

TEST(gamma_gamma, fit_errors) {
    using crm::illegal_argument;
    EXPECT_THROW(crm::fit_gamma_gamma(std::vector<double>{0, 0}, std::vector<double>{0, 0}), illegal_argument);
    EXPECT_THROW(crm::fit_gamma_gamma(std::vector<double>{1, 2}, std::vector<double>{3}), illegal_argument);
    // Customers outside the domain are left out, not fatal: with none left to fit it is an argument error.
    EXPECT_THROW(crm::fit_gamma_gamma(std::vector<double>{1, 2}, std::vector<double>{0, -3}), illegal_argument);
    EXPECT_THROW(crm::fit_gamma_gamma(std::vector<double>{-1, NAN}, std::vector<double>{3, 4}), illegal_argument);
    EXPECT_THROW(crm::fit_gamma_gamma({}, {}), illegal_argument);
    EXPECT_THROW(crm::gamma_gamma_log_likelihood({1, 1, 1}, 0, 5), illegal_argument);
    // Identical spenders: the spread between customers is not identified; a clear error, not a made-up fit, and
    // the penalised fit (fit_that_answers) answers at the identical spend.
    const std::vector<double> x(20, 2.0), m(20, 10.0);
    EXPECT_THROW(crm::fit_gamma_gamma(x, m), crm::no_convergence);
    const auto fit = crm::fit_that_answers([&](double penalty) { return crm::fit_gamma_gamma(x, m, penalty); });
    EXPECT_GT(fit.penalty, 0.0);
    EXPECT_NEAR(crm::expected_average_value(2.0, 10.0, fit.params), 10.0, 0.5);
}

// ---- Standard errors, penalty, customers left out (spec "Gamma-Gamma", CRM_GG_FIT).

TEST(gamma_gamma, cdnow_standard_errors_match_the_observed_information) {
    const auto data = crm::test::read_cdnow_summary();
    const crm::gamma_gamma_fit_result fit = crm::fit_gamma_gamma(data.x, data.zbar);
    EXPECT_EQ(fit.left_out, 0u);
    EXPECT_EQ(fit.penalty, 0.0);
    EXPECT_EQ(fit.parameters[0], fit.params.p);
    EXPECT_EQ(fit.parameters[2], fit.params.v);
    ASSERT_TRUE(fit.standard_errors);
    const std::vector<double> at(fit.parameters.begin(), fit.parameters.end());
    const auto expected = crm::test::standard_errors_by_value_hessian(
        [&](const std::vector<double>& p) {
            return crm::gamma_gamma_log_likelihood({p[0], p[1], p[2]}, data.x, data.zbar);
        },
        at);
    ASSERT_EQ(expected.size(), 3u);
    for (int k = 0; k < 3; ++k) {
        EXPECT_NEAR((*fit.standard_errors)[k] / expected[k], 1.0, 2e-3) << k;
        std::cout << "[ se ] " << k << ": " << (*fit.standard_errors)[k] << " (second differences " << expected[k]
                  << ")\n";
    }
}

TEST(gamma_gamma, penalty_zero_is_the_plain_fit_and_a_penalty_shrinks) {
    const auto data = crm::test::read_cdnow_summary();
    const auto plain = crm::fit_gamma_gamma(data.x, data.zbar);
    const auto zero = crm::fit_gamma_gamma(data.x, data.zbar, 0.0);
    EXPECT_EQ(zero.parameters, plain.parameters);
    EXPECT_EQ(zero.log_likelihood, plain.log_likelihood);
    double previous_squares = 1e300, previous_ll = plain.log_likelihood + 1e-9;
    for (double lambda : {0.0, 1e-4, 1e-3, 1e-2}) {
        const auto fit = crm::fit_gamma_gamma(data.x, data.zbar, lambda);
        EXPECT_EQ(fit.penalty, lambda);
        EXPECT_TRUE(fit.standard_errors);
        double squares = 0;
        for (double p : fit.parameters) squares += p * p;
        EXPECT_LT(squares, previous_squares) << lambda;
        EXPECT_LT(fit.log_likelihood, previous_ll) << lambda;
        previous_squares = squares;
        previous_ll = fit.log_likelihood;
        // Stationary: (1/N) sum dLL/dtheta_k = 2 lambda theta_k over the customers with x > 0 (v in dollars).
        double mean[3] = {0, 0, 0}, scale[3] = {0, 0, 0};
        for (std::size_t i = 0; i < data.x.size(); ++i) {
            if (data.x[i] == 0) continue;
            double g[3];
            crm::detail::gamma_gamma_log_likelihood_gradient(fit.params, data.x[i], data.zbar[i], g);
            for (int k = 0; k < 3; ++k) {
                mean[k] += g[k] / fit.customers;
                scale[k] += std::abs(g[k]) / fit.customers;
            }
        }
        for (int k = 0; k < 3; ++k) EXPECT_NEAR(mean[k], 2 * lambda * fit.parameters[k], 1e-6 * scale[k]) << k;
    }
}

TEST(gamma_gamma, customers_outside_the_domain_are_left_out_and_counted) {
    const auto data = crm::test::read_cdnow_summary();
    auto x = data.x, z = data.zbar;
    // x > 0 with no positive mean spend, x < 0, non-finite: left out. x = 0 carries no spend whatever its
    // average says: neither used nor left out.
    const double bad[][2] = {{2, 0}, {2, -5}, {-1, 5}, {NAN, 5}, {3, NAN}, {INFINITY, 5}, {1, INFINITY}};
    for (const auto& b : bad) {
        x.insert(x.begin() + 100, b[0]);
        z.insert(z.begin() + 100, b[1]);
    }
    x.push_back(0);
    z.push_back(NAN);
    const auto clean = crm::fit_gamma_gamma(data.x, data.zbar);
    const auto fit = crm::fit_gamma_gamma(x, z);
    EXPECT_EQ(fit.left_out, 7u);
    EXPECT_EQ(fit.customers, 946.0);
    EXPECT_EQ(fit.parameters, clean.parameters);
    EXPECT_EQ(fit.log_likelihood, clean.log_likelihood);
    EXPECT_THROW(crm::fit_gamma_gamma(data.x, data.zbar, -1.0), crm::illegal_argument);
}

}  // namespace
