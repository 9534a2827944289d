// Tests of the shared fit machinery: pattern grouping, penalised objective, fit runner and standard errors,
// against models whose estimates and standard errors are known in closed form.
#include "crm/detail/model_fitting.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include <boost/math/special_functions/digamma.hpp>
#include <boost/math/special_functions/trigamma.hpp>

#include "crm/error.hpp"

namespace {

using crm::detail::fit_problem;

TEST(model_fit, group_patterns_merges_equal_triples_and_adds_counts) {
    std::vector<std::array<double, 4>> items{
        {1, 0.5, 2, 1}, {0, 0, 2, 1}, {1, 0.5, 2, 2}, {1, 0.5, 3, 1}, {0, 0, 2, 0.5}, {3, 1, 3, 1}};
    const auto table = crm::detail::group_patterns(items);
    ASSERT_EQ(table.rows.size(), 4u);
    EXPECT_EQ(table.distinct_x, (std::vector<double>{0, 1, 3}));
    EXPECT_DOUBLE_EQ(table.customers, 6.5);
    const double expected[4][5] = {{0, 0, 2, 1.5, 0}, {1, 0.5, 2, 3, 1}, {1, 0.5, 3, 1, 1}, {3, 1, 3, 1, 2}};
    for (std::size_t i = 0; i < 4; ++i) {
        EXPECT_EQ(table.rows[i].x, expected[i][0]);
        EXPECT_EQ(table.rows[i].t_x, expected[i][1]);
        EXPECT_EQ(table.rows[i].T, expected[i][2]);
        EXPECT_EQ(table.rows[i].count, expected[i][3]);
        EXPECT_EQ(table.rows[i].x_index, static_cast<std::size_t>(expected[i][4]));
    }
}

// Exponential waiting times y with rate lambda, on a clock divided by `scale`: the fit's objective is
// -(1/N) sum (ln lambda' - lambda' y/scale) with lambda' = e^theta, and lambda = lambda' / scale.
fit_problem exponential_problem(const std::vector<double>& y, double scale, double penalty) {
    double mean = 0;
    for (double v : y) mean += v / scale;
    mean /= static_cast<double>(y.size());
    fit_problem problem;
    problem.mean_negative_log_likelihood = [mean](std::span<const double> theta, std::span<double> gradient) {
        const double lambda = std::exp(theta[0]);
        gradient[0] = -1 + lambda * mean;
        return -theta[0] + lambda * mean;
    };
    problem.unit = {1 / scale};
    problem.starts = {{1.0}};
    problem.customers = static_cast<double>(y.size());
    problem.penalty = penalty;
    return problem;
}

TEST(model_fit, exponential_rate_estimate_and_standard_error_in_closed_form) {
    std::mt19937_64 rng(5);
    std::exponential_distribution<double> wait(0.3);
    std::vector<double> y(400);
    for (double& v : y) v = wait(rng);
    double mean = 0;
    for (double v : y) mean += v;
    mean /= 400;
    for (double scale : {1.0, 7.0}) {
        // Plain: lambda = 1 / mean, SE = lambda / sqrt(N) (inverse Fisher information N / lambda^2).
        const auto plain = crm::detail::fit_maximum_likelihood(exponential_problem(y, scale, 0.0), "exponential");
        EXPECT_NEAR(plain.parameters[0], 1 / mean, 1e-9);
        ASSERT_TRUE(plain.standard_errors);
        EXPECT_NEAR((*plain.standard_errors)[0] / (plain.parameters[0] / 20.0), 1.0, 1e-6);
        // Penalised, lambda in the data's unit: 1/lambda = mean + 2 c lambda, so
        // lambda = (-mean + sqrt(mean^2 + 8c)) / (4c); the total objective's curvature is N (1/lambda^2 + 2c).
        const double c = 0.5;
        const auto shrunk = crm::detail::fit_maximum_likelihood(exponential_problem(y, scale, c), "exponential");
        const double lambda = (-mean + std::sqrt(mean * mean + 8 * c)) / (4 * c);
        EXPECT_NEAR(shrunk.parameters[0], lambda, 1e-9);
        EXPECT_LT(shrunk.parameters[0], plain.parameters[0]);
        ASSERT_TRUE(shrunk.standard_errors);
        EXPECT_NEAR((*shrunk.standard_errors)[0], 1 / std::sqrt(400 * (1 / (lambda * lambda) + 2 * c)), 1e-7);
    }
}

// Gamma(k, rate theta) observations: the parameters are correlated, and the inverse Fisher information,
// [[psi'(k), -1/theta], [-1/theta, k/theta^2]]^-1 / N, is known at the estimates.
TEST(model_fit, gamma_standard_errors_match_the_inverse_fisher_information) {
    std::mt19937_64 rng(11);
    std::gamma_distribution<double> draw(2.5, 1 / 1.7);
    std::vector<double> y(3000);
    double mean = 0, mean_log = 0;
    for (double& v : y) {
        v = draw(rng);
        mean += v / 3000;
        mean_log += std::log(v) / 3000;
    }
    fit_problem problem;
    problem.mean_negative_log_likelihood = [mean, mean_log](std::span<const double> theta, std::span<double> gradient) {
        const double k = std::exp(theta[0]), rate = std::exp(theta[1]);
        // mean LL = k ln rate - lnG(k) + (k-1) mean ln y - rate mean y
        gradient[0] = -k * (std::log(rate) - boost::math::digamma(k) + mean_log);
        gradient[1] = -rate * (k / rate - mean);
        return -(k * std::log(rate) - std::lgamma(k) + (k - 1) * mean_log - rate * mean);
    };
    problem.unit = {1.0, 1.0};
    problem.starts = {{1.0, 1.0}};
    problem.customers = 3000;
    const auto fit = crm::detail::fit_maximum_likelihood(problem, "gamma");
    const double k = fit.parameters[0], rate = fit.parameters[1];
    EXPECT_NEAR(std::log(k) - boost::math::digamma(k), std::log(mean) - mean_log, 1e-9);  // the ML equations
    EXPECT_NEAR(k / rate, mean, 1e-9);
    const double i11 = boost::math::trigamma(k), i12 = -1 / rate, i22 = k / (rate * rate);
    const double det = i11 * i22 - i12 * i12;
    ASSERT_TRUE(fit.standard_errors);
    EXPECT_NEAR((*fit.standard_errors)[0] / std::sqrt(i22 / det / 3000), 1.0, 1e-5);
    EXPECT_NEAR((*fit.standard_errors)[1] / std::sqrt(i11 / det / 3000), 1.0, 1e-5);
}

TEST(model_fit, no_interior_minimum_is_no_convergence) {
    fit_problem problem;
    problem.mean_negative_log_likelihood = [](std::span<const double> theta, std::span<double> gradient) {
        gradient[0] = -std::exp(-theta[0]);  // f = e^-theta falls forever as theta grows
        return std::exp(-theta[0]);
    };
    problem.unit = {1.0};
    problem.starts = {{1.0}, {0.1}};
    problem.customers = 10;
    EXPECT_THROW(crm::detail::fit_maximum_likelihood(problem, "runaway"), crm::no_convergence);
    // The same with a penalty lambda theta^2: now the minimum is interior (e^-t = 2 lambda e^2t).
    problem.penalty = 0.01;
    const auto fit = crm::detail::fit_maximum_likelihood(problem, "runaway");
    EXPECT_NEAR(fit.parameters[0], std::cbrt(1 / (2 * 0.01)), 1e-8);
}

TEST(model_fit, penalised_objective) {
    fit_problem problem;
    problem.mean_negative_log_likelihood = [](std::span<const double> theta, std::span<double> gradient) {
        gradient[0] = 0.1;
        gradient[1] = 0.2;
        return 0.1 * theta[0] + 0.2 * theta[1] + 1 / 3.0;
    };
    problem.unit = {1.0, 10.0};
    const std::vector<double> theta{0.3, -0.7};
    std::vector<double> g(2), g0(2);
    const double plain = problem.mean_negative_log_likelihood(theta, g0);
    EXPECT_EQ(crm::detail::penalised_objective(problem)(theta, g), plain);  // lambda = 0: the objective itself
    EXPECT_EQ(g, g0);
    problem.penalty = 0.25;
    const double p0 = std::exp(0.3), p1 = 10 * std::exp(-0.7);
    EXPECT_NEAR(crm::detail::penalised_objective(problem)(theta, g), plain + 0.25 * (p0 * p0 + p1 * p1), 1e-15);
    EXPECT_NEAR(g[0], 0.1 + 0.5 * p0 * p0, 1e-14);
    EXPECT_NEAR(g[1], 0.2 + 0.5 * p1 * p1, 1e-13);
    using crm::illegal_argument;
    EXPECT_THROW(crm::detail::validate_penalty(-1e-9), illegal_argument);
    EXPECT_THROW(crm::detail::validate_penalty(NAN), illegal_argument);
    EXPECT_THROW(crm::detail::validate_penalty(INFINITY), illegal_argument);
    EXPECT_NO_THROW(crm::detail::validate_penalty(0.0));
}

TEST(model_fit, hessian_by_gradient_differences_is_exact_on_a_quadratic) {
    const double a[3][3] = {{4, 1, -0.5}, {1, 3, 0.25}, {-0.5, 0.25, 2}};
    const crm::detail::objective f = [&a](std::span<const double> t, std::span<double> g) {
        double v = 0;
        for (int i = 0; i < 3; ++i) {
            g[i] = 0;
            for (int j = 0; j < 3; ++j) {
                g[i] += a[i][j] * t[j];
                v += 0.5 * t[i] * a[i][j] * t[j];
            }
        }
        return v;
    };
    const std::vector<double> at{0.2, -1.0, 3.0};
    const auto h = crm::detail::hessian_by_gradient_differences(f, at, 1e-4);
    ASSERT_TRUE(h);
    for (int i = 0; i < 3; ++i)
        for (int j = 0; j < 3; ++j) EXPECT_NEAR((*h)[i * 3 + j], a[i][j], 1e-9);
    const crm::detail::objective broken = [](std::span<const double> t, std::span<double> g) {
        g[0] = 1;
        return t[0] > 0 ? NAN : 0.0;
    };
    EXPECT_FALSE(crm::detail::hessian_by_gradient_differences(broken, std::vector<double>{0.0}, 1e-4));
}

TEST(model_fit, standard_errors_from_the_log_hessian) {
    // A = H - diag(g) = [[2, 1], [1, 2]], A^-1 = [[2, -1], [-1, 2]] / 3; Var(p_k) = p_k^2 (A^-1)_kk / N.
    const std::vector<double> h{2.5, 1, 1, 2}, g{0.5, 0}, p{1, 2};
    const auto se = crm::detail::standard_errors_from_log_hessian(h, g, p, 3);
    ASSERT_TRUE(se);
    EXPECT_NEAR((*se)[0], 1 * std::sqrt(2.0 / 9), 1e-15);
    EXPECT_NEAR((*se)[1], 2 * std::sqrt(2.0 / 9), 1e-15);
    // Not positive definite (an eigenvalue -1), or singular: the errors are unknown, not made up.
    const std::vector<double> zero{0, 0};
    EXPECT_FALSE(crm::detail::standard_errors_from_log_hessian(std::vector<double>{1, 2, 2, 1}, zero, p, 3));
    EXPECT_FALSE(crm::detail::standard_errors_from_log_hessian(std::vector<double>{1, 1, 1, 1}, zero, p, 3));
    EXPECT_FALSE(crm::detail::standard_errors_from_log_hessian(std::vector<double>{NAN, 0, 0, 1}, zero, p, 3));
}

}  // namespace
