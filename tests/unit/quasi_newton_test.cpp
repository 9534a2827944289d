// Tests of the BFGS minimizer used by the model fits.
#include "crm/detail/quasi_newton.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace {

TEST(quasi_newton, rosenbrock) {
    const crm::detail::objective f = [](std::span<const double> x, std::span<double> g) {
        const double a = 1 - x[0], b = x[1] - x[0] * x[0];
        g[0] = -2 * a - 400 * x[0] * b;
        g[1] = 200 * b;
        return a * a + 100 * b * b;
    };
    const auto result = crm::detail::minimize_bfgs(f, {-1.2, 1.0});
    EXPECT_TRUE(result.converged);
    EXPECT_NEAR(result.x[0], 1.0, 1e-6);
    EXPECT_NEAR(result.x[1], 1.0, 1e-6);
}

// A likelihood summed over a million customers carries rounding noise of about 1e-15 of its value: near
// the optimum the decrease of f (the square of the gradient) is below that noise, while the gradient is
// still well above the tolerance. The minimizer must still reach the tolerance (it stalled here before).
TEST(quasi_newton, converges_when_f_is_noisier_than_its_last_decreases) {
    int evaluations = 0;
    const crm::detail::objective f = [&](std::span<const double> x, std::span<double> g) {
        ++evaluations;
        const double a = 1 - x[0], b = x[1] - x[0] * x[0];  // Rosenbrock: curved, not a quadratic
        g[0] = -2 * a - 400 * x[0] * b;
        g[1] = 200 * b;
        // A deterministic noise of up to 1e-13 relative, as a long sum's rounding would give.
        const double noise = 1e-13 * std::abs(std::fmod(std::sin(x[0] * 1e4 + x[1] * 7e3) * 43758.5453, 1.0));
        return (1.0 + a * a + 100 * b * b) * (1 + noise);
    };
    const auto result = crm::detail::minimize_bfgs(f, {-1.2, 1.0});
    EXPECT_TRUE(result.converged);
    EXPECT_NEAR(result.x[0], 1.0, 1e-7);
    EXPECT_NEAR(result.x[1], 1.0, 1e-7);
    EXPECT_LT(evaluations, 200);
}

TEST(quasi_newton, ill_conditioned_quadratic) {
    const crm::detail::objective f = [](std::span<const double> x, std::span<double> g) {
        double value = 0;
        for (std::size_t i = 0; i < x.size(); ++i) {
            const double scale = std::pow(10.0, static_cast<double>(i));
            value += 0.5 * scale * (x[i] - 1) * (x[i] - 1);
            g[i] = scale * (x[i] - 1);
        }
        return value;
    };
    const auto result = crm::detail::minimize_bfgs(f, {0, 0, 0, 0});
    EXPECT_TRUE(result.converged);
    for (double v : result.x) EXPECT_NEAR(v, 1.0, 1e-8);
}

TEST(quasi_newton, undefined_regions_are_avoided) {
    // f is undefined (NaN) for x <= 0; the minimum of x - log(x) is at x = 1.
    const crm::detail::objective f = [](std::span<const double> x, std::span<double> g) {
        g[0] = 1 - 1 / x[0];
        return x[0] > 0 ? x[0] - std::log(x[0]) : std::numeric_limits<double>::quiet_NaN();
    };
    const auto result = crm::detail::minimize_bfgs(f, {5.0});
    EXPECT_TRUE(result.converged);
    EXPECT_NEAR(result.x[0], 1.0, 1e-8);
}

TEST(quasi_newton, unbounded_problems_do_not_report_convergence) {
    // exp(-x) decreases for ever: the minimizer must stop at the bound without claiming a minimum.
    const crm::detail::objective f = [](std::span<const double> x, std::span<double> g) {
        g[0] = -std::exp(-x[0]) - 1e-3;
        return std::exp(-x[0]) - 1e-3 * x[0];
    };
    crm::detail::minimize_options options;
    options.bound = 20;
    const auto result = crm::detail::minimize_bfgs(f, {0.0}, options);
    EXPECT_FALSE(result.converged);
    const crm::detail::objective undefined = [](std::span<const double>, std::span<double> g) {
        g[0] = 0;
        return std::numeric_limits<double>::quiet_NaN();
    };
    EXPECT_FALSE(crm::detail::minimize_bfgs(undefined, {1.0}).converged);
}

}  // namespace
