// BFGS minimizer for the maximum-likelihood fits: analytic gradients in, a checked minimum out.
#include "crm/detail/quasi_newton.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace crm::detail {
namespace {

double max_abs(std::span<const double> v) {
    double m = 0.0;
    for (double e : v) m = std::max(m, std::abs(e));
    return m;
}

bool all_finite(std::span<const double> v) {
    return std::all_of(v.begin(), v.end(), [](double e) { return std::isfinite(e); });
}

}  // namespace

minimize_result minimize_bfgs(const objective& f, std::vector<double> start, const minimize_options& options) {
    const std::size_t n = start.size();
    minimize_result result;
    result.x = std::move(start);
    std::vector<double> g(n), g_new(n), x_new(n), d(n), s(n), y(n), hy(n);
    std::vector<double> h(n * n, 0.0);  // inverse Hessian approximation, row-major
    auto reset_h = [&](double scale) {
        std::fill(h.begin(), h.end(), 0.0);
        for (std::size_t i = 0; i < n; ++i) h[i * n + i] = scale;
    };
    reset_h(1.0);
    bool h_is_identity = true;

    double fx = f(result.x, g);
    ++result.evaluations;
    if (!std::isfinite(fx) || !all_finite(g)) {
        result.value = fx;
        return result;
    }
    int flat_steps = 0;
    for (int iter = 0; iter < options.max_iterations; ++iter) {
        result.iterations = iter;
        if (max_abs(g) < options.gradient_tolerance) {
            result.converged = true;
            break;
        }
        // Search direction d = -H g; fall back to steepest descent if it is not a descent direction.
        double slope = 0.0;
        for (std::size_t i = 0; i < n; ++i) {
            double di = 0.0;
            for (std::size_t j = 0; j < n; ++j) di -= h[i * n + j] * g[j];
            d[i] = di;
            slope += di * g[i];
        }
        if (!(slope < 0.0)) {
            reset_h(1.0);
            h_is_identity = true;
            for (std::size_t i = 0; i < n; ++i) d[i] = -g[i];
            slope = 0.0;
            for (std::size_t i = 0; i < n; ++i) slope += d[i] * g[i];
        }
        // Keep one iteration's move bounded so exp() of log-parameters cannot overflow.
        double longest = max_abs(d);
        if (longest > options.max_step) {
            const double shrink = options.max_step / longest;
            for (double& di : d) di *= shrink;
            slope *= shrink;
        }
        // Backtracking line search with the Armijo condition; quadratic interpolation for the next trial.
        double step = 1.0;
        double f_new = std::numeric_limits<double>::infinity();
        bool accepted = false;
        for (int trial = 0; trial < 60; ++trial) {
            bool inside = true;
            for (std::size_t i = 0; i < n; ++i) {
                x_new[i] = result.x[i] + step * d[i];
                if (std::abs(x_new[i]) > options.bound) inside = false;
            }
            if (inside) {
                f_new = f(x_new, g_new);
                ++result.evaluations;
            } else {
                f_new = std::numeric_limits<double>::infinity();
            }
            if (std::isfinite(f_new) && all_finite(g_new)) {
                // Armijo; or, at the optimum where f no longer decreases measurably, a step within f's
                // rounding that brings the gradient down (an approximate-Wolfe step, Hager & Zhang 2005).
                const bool armijo = f_new <= fx + 1e-4 * step * slope;
                const bool within_noise = f_new <= fx + 1e-14 * std::max(1.0, std::abs(fx)) && max_abs(g_new) < max_abs(g);
                if (armijo || within_noise) {
                    accepted = true;
                    break;
                }
            }
            double next = 0.5 * step;
            if (std::isfinite(f_new)) {
                // Minimizer of the quadratic through f(0), f'(0) and f(step).
                const double q = -slope * step * step / (2.0 * (f_new - fx - slope * step));
                if (std::isfinite(q)) next = std::clamp(q, 0.1 * step, 0.5 * step);
            }
            step = next;
        }
        if (!accepted) {
            if (h_is_identity) break;  // even steepest descent cannot improve: stop, judged by the gradient
            reset_h(1.0);
            h_is_identity = true;
            continue;
        }
        double sy = 0.0, yy = 0.0;
        for (std::size_t i = 0; i < n; ++i) {
            s[i] = x_new[i] - result.x[i];
            y[i] = g_new[i] - g[i];
            sy += s[i] * y[i];
            yy += y[i] * y[i];
        }
        const double f_old = fx;
        result.x = x_new;
        g = g_new;
        fx = f_new;
        // Curvature condition: update only when s'y > 0, otherwise the approximation would lose definiteness.
        if (sy > 1e-14 * std::sqrt(yy) * max_abs(s) && sy > 0.0) {
            if (h_is_identity) reset_h(sy / yy);  // scale the first approximation (Nocedal & Wright 6.20)
            h_is_identity = false;
            double yhy = 0.0;
            for (std::size_t i = 0; i < n; ++i) {
                double v = 0.0;
                for (std::size_t j = 0; j < n; ++j) v += h[i * n + j] * y[j];
                hy[i] = v;
                yhy += y[i] * v;
            }
            const double rho = 1.0 / sy;
            const double coef = (1.0 + rho * yhy) * rho;
            for (std::size_t i = 0; i < n; ++i)
                for (std::size_t j = 0; j < n; ++j)
                    h[i * n + j] += coef * s[i] * s[j] - rho * (hy[i] * s[j] + s[i] * hy[j]);
        }
        // A run of steps that no longer change f at all: rounding noise, stop and judge by the gradient.
        flat_steps = (std::abs(f_old - fx) <= 1e-15 * std::max(1.0, std::abs(fx))) ? flat_steps + 1 : 0;
        if (flat_steps >= 5) break;
        result.iterations = iter + 1;
    }
    result.value = fx;
    if (!result.converged) result.converged = max_abs(g) < options.gradient_tolerance;
    return result;
}

}  // namespace crm::detail
