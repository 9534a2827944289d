// A small BFGS minimizer with backtracking line search, used by every model fit (detail::fit_maximum_likelihood).
#pragma once

#include <functional>
#include <span>
#include <vector>

namespace crm::detail {

/// Objective: returns f(x) and writes its gradient; may return +inf or NaN where f is undefined.
using objective = std::function<double(std::span<const double> x, std::span<double> gradient)>;

/// Stopping rules of the minimizer.
struct minimize_options {
    int max_iterations = 500;          ///< BFGS iterations before giving up
    double gradient_tolerance = 1e-9;  ///< converged when max |gradient_i| is below this
    double max_step = 2.0;             ///< largest move of one coordinate in one iteration
    double bound = 1e300;              ///< no coordinate may leave [-bound, bound]
};

/// Where the minimizer stopped and whether that is a converged minimum.
struct minimize_result {
    std::vector<double> x;
    double value = 0.0;
    int iterations = 0;
    int evaluations = 0;
    bool converged = false;
};

/// Minimizes f from `start` by BFGS (inverse-Hessian update, Armijo backtracking, safeguarded updates).
minimize_result minimize_bfgs(const objective& f, std::vector<double> start, const minimize_options& options = {});

}  // namespace crm::detail
