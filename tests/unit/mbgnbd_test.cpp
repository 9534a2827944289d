// Tests of the MBG/NBD model: published CDNOW estimates, standard errors, the likelihood from Beta functions,
// gradient, P(alive) and expectations against quadrature, penalty, left-out customers, errors, simulated fits.
#include "crm/mbgnbd.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <iostream>
#include <random>
#include <vector>

#include <boost/math/quadrature/tanh_sinh.hpp>

#include "cdnow_data.hpp"
#include "crm/error.hpp"
#include "fit_checks.hpp"

namespace {

using crm::mbgnbd_params;

// Batislam, Denizel & Filiztekin (2007) on CDNOW, as published (data/README.md).
const mbgnbd_params published{0.525, 6.183, 0.891, 1.614};

double relative_error(double value, double expected) { return std::abs(value - expected) / std::abs(expected); }

TEST(mbgnbd, cdnow_fit_matches_published_estimates) {
    const auto data = crm::test::read_cdnow_summary();
    const auto start = std::chrono::steady_clock::now();
    const crm::mbgnbd_fit_result fit = crm::fit_mbgnbd(data.x, data.t_x, data.T);
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    std::cout << "[ timing ] CDNOW MBG/NBD fit: " << ms << " ms, " << fit.iterations << " iterations; r " << fit.params.r
              << " alpha " << fit.params.alpha << " a " << fit.params.a << " b " << fit.params.b << " LL "
              << fit.log_likelihood << "\n";
    EXPECT_LT(relative_error(fit.params.r, published.r), 5e-3);
    EXPECT_LT(relative_error(fit.params.alpha, published.alpha), 5e-3);
    EXPECT_LT(relative_error(fit.params.a, published.a), 5e-3);
    EXPECT_LT(relative_error(fit.params.b, published.b), 5e-3);
    EXPECT_EQ(fit.customers, 2357.0);
    EXPECT_EQ(fit.left_out, 0u);
    EXPECT_EQ(fit.parameters[2], fit.params.a);
    EXPECT_NEAR(crm::mbgnbd_log_likelihood(fit.params, data.x, data.t_x, data.T), fit.log_likelihood, 1e-9);
    EXPECT_GE(fit.log_likelihood, crm::mbgnbd_log_likelihood(published, data.x, data.t_x, data.T));
    for (int k = 0; k < 4; ++k)
        for (double factor : {0.99, 1.01}) {
            mbgnbd_params p = fit.params;
            double* field[4] = {&p.r, &p.alpha, &p.a, &p.b};
            *field[k] *= factor;
            EXPECT_LT(crm::mbgnbd_log_likelihood(p, data.x, data.t_x, data.T), fit.log_likelihood);
        }
}

TEST(mbgnbd, cdnow_fit_is_fast) {
    const auto data = crm::test::read_cdnow_summary();
    double best = 1e300;
    for (int rep = 0; rep < 5; ++rep) {
        const auto start = std::chrono::steady_clock::now();
        (void)crm::fit_mbgnbd(data.x, data.t_x, data.T);
        best = std::min(best, std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
    }
    std::cout << "[ timing ] CDNOW MBG/NBD fit, best of 5: " << best << " ms\n";
    EXPECT_LT(best, 50.0);
}

TEST(mbgnbd, cdnow_standard_errors_match_the_observed_information) {
    const auto data = crm::test::read_cdnow_summary();
    const crm::mbgnbd_fit_result fit = crm::fit_mbgnbd(data.x, data.t_x, data.T);
    ASSERT_TRUE(fit.standard_errors);
    const std::vector<double> at(fit.parameters.begin(), fit.parameters.end());
    const auto observed = crm::test::standard_errors_by_value_hessian(
        [&](const std::vector<double>& p) {
            return crm::mbgnbd_log_likelihood({p[0], p[1], p[2], p[3]}, data.x, data.t_x, data.T);
        },
        at);
    ASSERT_EQ(observed.size(), 4u);
    for (int k = 0; k < 4; ++k) {
        std::cout << "[ se ] " << k << ": " << (*fit.standard_errors)[k] << " (second differences " << observed[k]
                  << ")\n";
        EXPECT_NEAR((*fit.standard_errors)[k] / observed[k], 1.0, 2e-3) << k;
    }
}

// Given lambda and p, x repeat purchases with the last at t_x: alive at T with (1-p)^(x+1) lambda^x e^(-lambda T),
// or dropped after the last with p (1-p)^x lambda^x e^(-lambda t_x) (dropping out may follow the first purchase).
TEST(mbgnbd, likelihood_of_one_customer_from_beta_functions) {
    const mbgnbd_params p{0.9, 3.0, 1.2, 2.5};
    const auto beta = [](double u, double v) { return std::tgamma(u) * std::tgamma(v) / std::tgamma(u + v); };
    for (const auto& c : {std::array<double, 3>{3, 10, 20}, std::array<double, 3>{0, 0, 20}, {1, 19.5, 20}, {6, 4, 9}}) {
        const double x = c[0], tx = c[1], T = c[2];
        const double g = std::tgamma(p.r + x) * std::pow(p.alpha, p.r) / std::tgamma(p.r);
        const double l = beta(p.a, p.b + x + 1) / beta(p.a, p.b) * g / std::pow(p.alpha + T, p.r + x) +
                         beta(p.a + 1, p.b + x) / beta(p.a, p.b) * g / std::pow(p.alpha + tx, p.r + x);
        EXPECT_NEAR(crm::mbgnbd_log_likelihood(p, x, tx, T), std::log(l), 1e-12) << x;
    }
    // t_x plays no role when x = 0: the first purchase, at 0, is the last.
    EXPECT_EQ(crm::mbgnbd_log_likelihood(p, 0, 7, 20), crm::mbgnbd_log_likelihood(p, 0, 0, 20));
}

TEST(mbgnbd, gradient_matches_finite_differences) {
    const double customers[][3] = {{0, 0, 38.86}, {1, 1.71, 38.86}, {7, 29.43, 38.86}, {2, 38.0, 38.0}, {40, 3.5, 50}};
    for (const mbgnbd_params& p : {published, mbgnbd_params{1.7, 0.3, 3.2, 0.6}}) {
        for (const auto& c : customers) {
            double g[4];
            crm::detail::mbgnbd_log_likelihood_gradient(p, c[0], c[1], c[2], g);
            for (int k = 0; k < 4; ++k) {
                mbgnbd_params up = p, down = p;
                double* u[4] = {&up.r, &up.alpha, &up.a, &up.b};
                double* d[4] = {&down.r, &down.alpha, &down.a, &down.b};
                const double h = 1e-6 * *u[k];
                *u[k] += h;
                *d[k] -= h;
                const double numeric = (crm::mbgnbd_log_likelihood(up, c[0], c[1], c[2]) -
                                        crm::mbgnbd_log_likelihood(down, c[0], c[1], c[2])) / (2 * h);
                EXPECT_NEAR(g[k], numeric, 1e-6 * (1 + std::abs(numeric))) << "param " << k << " x " << c[0];
            }
        }
    }
}

// Independent route to E[Y(t)]: given alive, p ~ Beta(a, b+x+1) and lambda ~ Gamma(r+x, alpha+T), and a
// customer buying at rate lambda who drops out with probability p after each purchase expects
// (1 - e^(-lambda p t)) / p purchases in t; lambda integrates out in closed form, p by tanh-sinh quadrature.
double expected_by_quadrature(const mbgnbd_params& p, double t, double x, double t_x, double T) {
    const double A = p.r + x, B = p.b + x + 1, u = t / (p.alpha + T);
    const double log_norm = std::lgamma(p.a) + std::lgamma(B) - std::lgamma(p.a + B);
    const auto integrand = [&](double q) {
        if (!(q > 0) || !(q < 1)) return 0.0;
        return -std::expm1(-A * std::log1p(q * u)) / q *
               std::exp((p.a - 1) * std::log(q) + (B - 1) * std::log1p(-q) - log_norm);
    };
    boost::math::quadrature::tanh_sinh<double> integrator;
    const double given_alive = integrator.integrate(integrand, 0.0, 1.0, 1e-13);
    return crm::mbgnbd_probability_alive(x, t_x, T, p) * given_alive;
}

TEST(mbgnbd, expected_purchases_match_quadrature) {
    const mbgnbd_params params[] = {published, {2.0, 10.0, 1.5, 3.0}, {0.5, 1.0, 0.3, 0.4}, {1.0, 5.0, 4.0, 20.0}};
    const double customers[][3] = {{0, 0, 38.86}, {2, 30.43, 38.86}, {7, 29.43, 38.86}, {30, 5, 40}, {500, 39, 40}};
    for (const auto& p : params)
        for (const auto& c : customers)
            for (double t : {0.5, 10.0, 39.0, 150.0}) {
                const double e = crm::mbgnbd_expected_purchases(t, c[0], c[1], c[2], p);
                const double q = expected_by_quadrature(p, t, c[0], c[1], c[2]);
                EXPECT_NEAR(e, q, 1e-8 * (1 + q)) << "a " << p.a << " x " << c[0] << " t " << t;
            }
    EXPECT_EQ(crm::mbgnbd_expected_purchases(0, 2, 30, 39, published), 0.0);
}

TEST(mbgnbd, probability_alive_rules) {
    // P(alive) = 1 / (1 + a/(b+x) ((alpha+T)/(alpha+t_x))^(r+x)), below 1 even for x = 0 or t_x = T.
    EXPECT_NEAR(crm::mbgnbd_probability_alive(0, 0, 38.86, published),
                1 / (1 + published.a / published.b * std::pow(1 + 38.86 / published.alpha, published.r)), 1e-14);
    EXPECT_NEAR(crm::mbgnbd_probability_alive(3, 20, 20, published), 1 / (1 + published.a / (published.b + 3)), 1e-15);
    double previous = 1.0;
    for (double tx = 38; tx >= 0; tx -= 2) {
        const double p = crm::mbgnbd_probability_alive(4, tx, 38.86, published);
        EXPECT_LT(p, previous);
        previous = p;
    }
    for (double x : {1e3, 1e6, 1e9}) {
        EXPECT_GT(crm::mbgnbd_probability_alive(x, 38.86, 38.86, published), 0.99) << x;
        EXPECT_EQ(crm::mbgnbd_probability_alive(x, 1, 38.86, published), 0.0) << x;
        EXPECT_TRUE(std::isfinite(crm::mbgnbd_expected_purchases(39, x, 38.86, 38.86, published))) << x;
        EXPECT_TRUE(std::isfinite(crm::mbgnbd_log_likelihood(published, x, 30, 38.86))) << x;
    }
}

TEST(mbgnbd, penalty_zero_is_the_plain_fit_and_a_penalty_shrinks) {
    const auto data = crm::test::read_cdnow_summary();
    const auto plain = crm::fit_mbgnbd(data.x, data.t_x, data.T);
    const auto zero = crm::fit_mbgnbd(data.x, data.t_x, data.T, 0.0);
    EXPECT_EQ(zero.parameters, plain.parameters);
    EXPECT_EQ(zero.log_likelihood, plain.log_likelihood);
    double previous_squares = 1e300, previous_ll = plain.log_likelihood + 1e-9;
    for (double lambda : {0.0, 1e-3, 1e-2, 1e-1}) {
        const auto fit = crm::fit_mbgnbd(data.x, data.t_x, data.T, lambda);
        EXPECT_EQ(fit.penalty, lambda);
        EXPECT_TRUE(fit.standard_errors);
        double squares = 0;
        for (double p : fit.parameters) squares += p * p;
        EXPECT_LT(squares, previous_squares) << lambda;
        EXPECT_LT(fit.log_likelihood, previous_ll) << lambda;
        previous_squares = squares;
        previous_ll = fit.log_likelihood;
        double mean[4] = {0, 0, 0, 0}, scale[4] = {0, 0, 0, 0};
        for (std::size_t i = 0; i < data.x.size(); ++i) {
            double g[4];
            crm::detail::mbgnbd_log_likelihood_gradient(fit.params, data.x[i], data.t_x[i], data.T[i], g);
            for (int k = 0; k < 4; ++k) {
                mean[k] += g[k] / 2357;
                scale[k] += std::abs(g[k]) / 2357;
            }
        }
        for (int k = 0; k < 4; ++k) EXPECT_NEAR(mean[k], 2 * lambda * fit.parameters[k], 1e-6 * scale[k]) << k;
    }
}

TEST(mbgnbd, degenerate_population_needs_the_penalty) {
    // Weekly buyers, half still active (see the BG/NBD test of the same name): no spread of purchase rates.
    std::mt19937_64 rng(7);
    std::uniform_int_distribution<int> stopped(1, 38);
    std::bernoulli_distribution active(0.5);
    std::vector<double> x, T(500, 39.0);
    for (int i = 0; i < 500; ++i) x.push_back(active(rng) ? 39 : stopped(rng));
    EXPECT_THROW(crm::fit_mbgnbd(x, x, T), crm::no_convergence);
    for (double lambda : {0.001, 0.01}) {
        const auto fit = crm::fit_mbgnbd(x, x, T, lambda);
        for (double p : fit.parameters) EXPECT_TRUE(std::isfinite(p) && p > 0 && p < 100) << lambda;
        EXPECT_TRUE(fit.standard_errors) << lambda;
    }
}

TEST(mbgnbd, customers_outside_the_domain_are_left_out_and_counted) {
    const auto data = crm::test::read_cdnow_summary();
    auto x = data.x, tx = data.t_x, T = data.T;
    const double bad[][3] = {{-1, 0, 30}, {2, 31, 30}, {2, -1, 30}, {NAN, 0, 30}, {2, 5, INFINITY}, {0.5, 5, 30}};
    for (const auto& b : bad) {
        x.push_back(b[0]);
        tx.push_back(b[1]);
        T.push_back(b[2]);
    }
    const auto clean = crm::fit_mbgnbd(data.x, data.t_x, data.T);
    const auto fit = crm::fit_mbgnbd(x, tx, T);
    EXPECT_EQ(fit.left_out, 6u);
    EXPECT_EQ(fit.customers, 2357.0);
    EXPECT_EQ(fit.parameters, clean.parameters);
    EXPECT_EQ(fit.log_likelihood, clean.log_likelihood);
}

TEST(mbgnbd, argument_errors) {
    using crm::illegal_argument;
    for (const mbgnbd_params& bad : {mbgnbd_params{0, 1, 1, 1}, mbgnbd_params{1, -1, 1, 1}, mbgnbd_params{1, 1, 0, 1},
                                     mbgnbd_params{1, 1, 1, NAN}, mbgnbd_params{INFINITY, 1, 1, 1}}) {
        EXPECT_THROW(crm::mbgnbd_probability_alive(1, 1, 10, bad), illegal_argument);
        EXPECT_THROW(crm::mbgnbd_expected_purchases(1, 1, 1, 10, bad), illegal_argument);
        EXPECT_THROW(crm::mbgnbd_log_likelihood(bad, 1, 1, 10), illegal_argument);
    }
    EXPECT_THROW(crm::mbgnbd_probability_alive(-1, 0, 10, published), illegal_argument);
    EXPECT_THROW(crm::mbgnbd_probability_alive(1.5, 1, 10, published), illegal_argument);
    EXPECT_THROW(crm::mbgnbd_probability_alive(1, 11, 10, published), illegal_argument);  // t_x > T
    EXPECT_THROW(crm::mbgnbd_probability_alive(1, -1, 10, published), illegal_argument);
    EXPECT_THROW(crm::mbgnbd_probability_alive(0, 0, 0, published), illegal_argument);
    EXPECT_THROW(crm::mbgnbd_expected_purchases(-1, 1, 1, 10, published), illegal_argument);
    EXPECT_THROW(crm::mbgnbd_expected_purchases(INFINITY, 1, 1, 10, published), illegal_argument);
    const std::vector<double> x{1, 2}, tx{1, 2}, T{3};
    EXPECT_THROW(crm::mbgnbd_log_likelihood(published, x, tx, T), illegal_argument);
    EXPECT_THROW(crm::fit_mbgnbd(x, tx, T), illegal_argument);
    EXPECT_THROW(crm::fit_mbgnbd({}, {}, {}), illegal_argument);
    EXPECT_THROW(crm::fit_mbgnbd(std::vector<double>(4, 0.0), std::vector<double>(4, 0.0), std::vector<double>(4, 9.0)),
                 illegal_argument);
}

// MBG/NBD populations: a customer may drop out right after the first purchase (probability p), then after each
// repeat purchase; rate ~ Gamma(r, alpha), p ~ Beta(a, b); first purchases spread over half a year.
TEST(mbgnbd, fit_recovers_simulated_parameters) {
    const mbgnbd_params truths[] = {{0.5, 6.0, 0.9, 1.6}, {1.0, 10.0, 0.5, 5.0}};
    unsigned seed = 31;
    for (const auto& truth : truths) {
        std::mt19937_64 rng(seed++);
        std::gamma_distribution<double> rate(truth.r, 1.0 / truth.alpha), ga(truth.a, 1.0), gb(truth.b, 1.0);
        std::uniform_real_distribution<double> uniform(0.0, 1.0);
        std::exponential_distribution<double> wait(1.0);
        std::uniform_int_distribution<int> entry(0, 26);
        std::vector<double> x, tx, T;
        for (int i = 0; i < 20000; ++i) {
            const double lambda = rate(rng), u = ga(rng), v = gb(rng), dropout = u / (u + v);
            const double horizon = 52.0 - entry(rng);
            double t = 0, last = 0, n = 0;
            bool alive = uniform(rng) >= dropout;  // after the first purchase, at 0
            while (alive) {
                t += wait(rng) / lambda;
                if (t > horizon) break;
                n += 1;
                last = t;
                alive = uniform(rng) >= dropout;
            }
            x.push_back(n);
            tx.push_back(last);
            T.push_back(horizon);
        }
        const auto fit = crm::fit_mbgnbd(x, tx, T);
        EXPECT_GE(fit.log_likelihood, crm::mbgnbd_log_likelihood(truth, x, tx, T));
        ASSERT_TRUE(fit.standard_errors);
        const double truth_k[4] = {truth.r, truth.alpha, truth.a, truth.b};
        for (int k = 0; k < 4; ++k) EXPECT_LT(std::abs(fit.parameters[k] - truth_k[k]), 4 * (*fit.standard_errors)[k]) << k;
        std::cout << "[ fit ] truth r=" << truth.r << " alpha=" << truth.alpha << " a=" << truth.a << " b=" << truth.b
                  << " -> r=" << fit.params.r << " alpha=" << fit.params.alpha << " a=" << fit.params.a
                  << " b=" << fit.params.b << "\n";
    }
}

}  // namespace
