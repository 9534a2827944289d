// The fit machinery the customer models share: equal patterns grouped, the penalised objective, the fit runner
// (BFGS from several starts, interior maxima only) and standard errors from a numerical Hessian.
#include "crm/detail/model_fitting.hpp"

#include <optional>
#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "crm/error.hpp"

namespace crm::detail {
namespace {

bool all_finite(std::span<const double> v) {
    return std::all_of(v.begin(), v.end(), [](double e) { return std::isfinite(e); });
}

// Cholesky factor L (lower, row-major) of the symmetric n x n matrix a; false unless every pivot is
// clearly positive: a pivot below 1e-10 of the largest diagonal entry is numerical zero, since the
// Hessian it comes from is itself a difference quotient good to about 1e-9.
bool cholesky(std::vector<double>& a, std::size_t n) {
    double largest = 0;
    for (std::size_t i = 0; i < n; ++i) largest = std::max(largest, std::abs(a[i * n + i]));
    if (!(largest > 0) || !std::isfinite(largest)) return false;
    for (std::size_t j = 0; j < n; ++j) {
        double d = a[j * n + j];
        for (std::size_t k = 0; k < j; ++k) d -= a[j * n + k] * a[j * n + k];
        if (!(d > 1e-10 * largest)) return false;
        const double l = std::sqrt(d);
        a[j * n + j] = l;
        for (std::size_t i = j + 1; i < n; ++i) {
            double v = a[i * n + j];
            for (std::size_t k = 0; k < j; ++k) v -= a[i * n + k] * a[j * n + k];
            a[i * n + j] = v / l;
        }
        for (std::size_t i = 0; i < j; ++i) a[i * n + j] = 0;  // the upper triangle is not used
    }
    return true;
}

// Diagonal of A^-1 from the Cholesky factor L of A = L L^T: A^-1 = L^-T L^-1, so (A^-1)_kk = |y|^2 with y,
// column k of L^-1, the solution of L y = e_k (zero above k).
std::vector<double> inverse_diagonal(const std::vector<double>& l, std::size_t n) {
    std::vector<double> diag(n, 0.0), y(n);
    for (std::size_t k = 0; k < n; ++k) {
        std::fill(y.begin(), y.end(), 0.0);
        for (std::size_t i = k; i < n; ++i) {
            double v = i == k ? 1.0 : 0.0;
            for (std::size_t j = k; j < i; ++j) v -= l[i * n + j] * y[j];
            y[i] = v / l[i * n + i];
            diag[k] += y[i] * y[i];
        }
    }
    return diag;
}

}  // namespace

pattern_table group_patterns(std::vector<std::array<double, 4>>& items) {
    std::sort(items.begin(), items.end(), [](const std::array<double, 4>& a, const std::array<double, 4>& b) {
        return a[0] != b[0] ? a[0] < b[0] : a[1] != b[1] ? a[1] < b[1] : a[2] < b[2];
    });
    pattern_table table;
    const std::size_t n = items.size();
    for (std::size_t i = 0; i < n;) {
        double count = 0;
        std::size_t j = i;
        for (; j < n && items[j][0] == items[i][0] && items[j][1] == items[i][1] && items[j][2] == items[i][2]; ++j)
            count += items[j][3];
        if (table.distinct_x.empty() || table.distinct_x.back() != items[i][0]) table.distinct_x.push_back(items[i][0]);
        table.rows.push_back({items[i][0], items[i][1], items[i][2], count, table.distinct_x.size() - 1});
        table.customers += count;
        i = j;
    }
    return table;
}

bool is_customer_summary(double x, double t_x, double T) {
    return std::isfinite(x) && std::isfinite(t_x) && std::isfinite(T) && x >= 0 && x == std::floor(x) && T > 0 &&
           t_x >= 0 && t_x <= T;
}

kept_customers keep_customer_summaries(std::span<const double> x, std::span<const double> t_x,
                                       std::span<const double> T, const char* what) {
    require(x.size() == t_x.size() && x.size() == T.size(), what);
    kept_customers kept;
    kept.x.reserve(x.size());
    kept.t_x.reserve(x.size());
    kept.T.reserve(x.size());
    for (std::size_t i = 0; i < x.size(); ++i) {
        if (!is_customer_summary(x[i], t_x[i], T[i])) {
            ++kept.left_out;
            continue;
        }
        kept.x.push_back(x[i]);
        kept.t_x.push_back(t_x[i]);
        kept.T.push_back(T[i]);
    }
    return kept;
}

customer_patterns group_customers(std::span<const double> x, std::span<const double> t_x, std::span<const double> T) {
    customer_patterns d;
    const std::size_t n = x.size();
    double sum_T = 0, sum_x = 0;
    for (std::size_t i = 0; i < n; ++i) {
        sum_T += T[i];
        sum_x += x[i];
    }
    d.scale = sum_T / static_cast<double>(n);
    d.mean_x = sum_x / static_cast<double>(n);
    std::vector<std::array<double, 4>> items(n);
    for (std::size_t i = 0; i < n; ++i)  // t_x plays no role when x = 0 (the last purchase is the first, at 0)
        items[i] = {x[i], x[i] > 0 ? t_x[i] / d.scale : 0.0, T[i] / d.scale, 1.0};
    d.table = group_patterns(items);
    return d;
}

void validate_penalty(double penalty) {
    require(std::isfinite(penalty) && penalty >= 0, "fit: the penalty must be a finite number >= 0");
}

objective penalised_objective(const fit_problem& problem) {
    if (problem.penalty == 0) return problem.mean_negative_log_likelihood;  // today's objective, bit for bit
    return [f = problem.mean_negative_log_likelihood, unit = problem.unit, lambda = problem.penalty](
               std::span<const double> theta, std::span<double> gradient) {
        double value = f(theta, gradient);
        // lambda theta_k^2 with theta_k = exp(t_k) unit_k: its derivative in t_k is 2 lambda theta_k^2.
        for (std::size_t k = 0; k < theta.size(); ++k) {
            const double p = std::exp(theta[k]) * unit[k];
            value += lambda * p * p;
            gradient[k] += 2 * lambda * p * p;
        }
        return std::isfinite(value) ? value : std::numeric_limits<double>::infinity();
    };
}

std::optional<std::vector<double>> hessian_by_gradient_differences(const objective& f, std::span<const double> theta,
                                                                   double h) {
    const std::size_t n = theta.size();
    std::vector<double> hessian(n * n), probe(theta.begin(), theta.end()), g_up(n), g_down(n);
    for (std::size_t i = 0; i < n; ++i) {
        probe[i] = theta[i] + h;
        const double up = probe[i] - theta[i];  // the step as represented
        const double f_up = f(probe, g_up);
        probe[i] = theta[i] - h;
        const double down = theta[i] - probe[i];
        const double f_down = f(probe, g_down);
        probe[i] = theta[i];
        if (!std::isfinite(f_up) || !std::isfinite(f_down) || !all_finite(g_up) || !all_finite(g_down))
            return std::nullopt;
        for (std::size_t j = 0; j < n; ++j) hessian[j * n + i] = (g_up[j] - g_down[j]) / (up + down);
    }
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < i; ++j) {
            const double m = 0.5 * (hessian[i * n + j] + hessian[j * n + i]);
            hessian[i * n + j] = hessian[j * n + i] = m;
        }
    return hessian;
}

std::optional<std::vector<double>> standard_errors_from_log_hessian(std::span<const double> hessian,
                                                                    std::span<const double> gradient,
                                                                    std::span<const double> parameters,
                                                                    double customers) {
    // With p = exp(t): d2F/dt_i dt_j = p_i p_j d2F/dp_i dp_j + [i = j] p_i dF/dp_i, so the Hessian in the
    // parameters is (H - diag(g))_ij / (p_i p_j) (g vanishes at the optimum; it is kept for exactness). The
    // matrix A = H - diag(g) is factored in the log-parameters, where it is well scaled, and
    // Var(p_k) = p_k^2 (A^-1)_kk / N, N the customers that turn the mean objective into the total.
    const std::size_t n = parameters.size();
    if (!(customers > 0)) return std::nullopt;
    std::vector<double> a(hessian.begin(), hessian.end());
    for (std::size_t i = 0; i < n; ++i) a[i * n + i] -= gradient[i];
    if (!all_finite(a) || !cholesky(a, n)) return std::nullopt;
    const std::vector<double> diag = inverse_diagonal(a, n);
    std::vector<double> se(n);
    for (std::size_t k = 0; k < n; ++k) {
        se[k] = parameters[k] * std::sqrt(diag[k] / customers);
        if (!std::isfinite(se[k]) || !(diag[k] > 0)) return std::nullopt;
    }
    return se;
}

namespace {

/// Whether an unconverged run ended on the way to a vanishing parameter: finite, no log-parameter above
/// `interior`, at least one below -interior, and the gradient in every other log-parameter below 1e-3 (the
/// run is at the maximum along them; only the limit is left to approach).
bool stationary_towards_a_limit(const objective& f, const minimize_result& run, double interior) {
    if (!std::isfinite(run.value)) return false;
    std::vector<double> gradient(run.x.size());
    if (!std::isfinite(f(run.x, gradient))) return false;
    bool vanishing = false;
    for (std::size_t k = 0; k < run.x.size(); ++k) {
        if (run.x[k] > interior || !std::isfinite(gradient[k])) return false;
        if (run.x[k] < -interior) vanishing = true;
        else if (std::abs(gradient[k]) > 1e-3) return false;
    }
    return vanishing;
}

}  // namespace

fit_solution fit_maximum_likelihood(const fit_problem& problem, const char* what) {
    validate_penalty(problem.penalty);
    const objective f = penalised_objective(problem);
    const std::size_t n = problem.unit.size();
    // Spec "Fits that always answer": a penalty keeps the parameters from running off to infinity, but not
    // to 0, where it vanishes. A sample whose best description is such a limit (BG/NBD's dropout a, b -> 0
    // on a store log where nobody drops out: the likelihood keeps rising on the way, and lambda a^2 falls)
    // is answered with it: the penalised runs may go down to e^-700, the objective converges there (its
    // gradient in ln a is a d/da, which vanishes with a), and the parameters below e^-interior stand for the
    // limit; their standard errors are unknown. A plain fit (lambda = 0) keeps to interior maxima only.
    minimize_options options = problem.options;
    if (problem.penalty > 0) options.bound = 700;
    // A penalised run that stops short of the limit (the objective creeping down ever more slowly as a parameter
    // vanishes, where its log-gamma terms lose their last digits) but is stationary in every other parameter is
    // kept as the limit too, the best of them when no run converges.
    std::optional<minimize_result> best_at_limit;
    for (const auto& start : problem.starts) {
        std::vector<double> theta0(n);
        for (std::size_t k = 0; k < n; ++k) theta0[k] = std::log(start[k]);
        const minimize_result run = minimize_bfgs(f, theta0, options);
        if (!run.converged) {
            if (problem.penalty > 0 && stationary_towards_a_limit(f, run, problem.interior) &&
                (!best_at_limit || run.value < best_at_limit->value))
                best_at_limit = run;
            continue;
        }
        // A maximum is accepted only at interior parameters: drifting towards 0 or infinity (with the
        // gradient vanishing on the way) is how a sample without an interior maximum shows; with a penalty,
        // drifting towards 0 is the limit above.
        const bool vanishing_allowed = problem.penalty > 0;
        if (std::any_of(run.x.begin(), run.x.end(), [&](double v) {
                return v > problem.interior || (v < -problem.interior && !vanishing_allowed);
            }))
            continue;
        const bool at_limit = std::any_of(run.x.begin(), run.x.end(), [&](double v) { return v < -problem.interior; });
        fit_solution solution;
        solution.at_limit = at_limit;
        solution.iterations = run.iterations;
        solution.parameters.resize(n);
        for (std::size_t k = 0; k < n; ++k) solution.parameters[k] = std::exp(run.x[k]) * problem.unit[k];
        // Standard errors: the Hessian of the minimised (mean, penalised) objective in the log-parameters by
        // central differences of its analytic gradient with step 1e-4 (a relative step of 1e-4 in each
        // parameter: truncation error ~1e-8 relative, rounding ~1e-12), transformed to the parameters and
        // scaled from the mean to the total -sum LL + N lambda sum theta^2.
        std::vector<double> gradient(n);
        const double value = f(run.x, gradient);
        const auto hessian = hessian_by_gradient_differences(f, run.x, 1e-4);
        if (std::isfinite(value) && hessian && !at_limit)
            solution.standard_errors =
                standard_errors_from_log_hessian(*hessian, gradient, solution.parameters, problem.customers);
        return solution;
    }
    if (best_at_limit) {
        fit_solution solution;
        solution.at_limit = true;  // no standard errors at a limit
        solution.iterations = best_at_limit->iterations;
        solution.parameters.resize(n);
        for (std::size_t k = 0; k < n; ++k) solution.parameters[k] = std::exp(best_at_limit->x[k]) * problem.unit[k];
        return solution;
    }
    throw no_convergence(std::string(what) + " did not converge");
}

}  // namespace crm::detail
