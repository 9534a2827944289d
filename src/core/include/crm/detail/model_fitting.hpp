// Machinery every model fit shares: grouping of equal patterns, the penalised objective, the fit runner, standard errors.
#pragma once

#include <array>
#include <cmath>
#include <cstddef>
#include <optional>
#include <span>
#include <vector>

#include "crm/detail/quasi_newton.hpp"
#include "crm/model_fit.hpp"

namespace crm::detail {

/// A running sum with Neumaier's compensation: the error stays about one rounding, whatever the count.
class neumaier_sum {
public:
    /// Adds v to the sum.
    void add(double v) {
        const double t = sum_ + v;
        compensation_ += std::abs(sum_) >= std::abs(v) ? (sum_ - t) + v : (v - t) + sum_;
        sum_ = t;
    }
    /// The compensated sum so far.
    double value() const { return sum_ + compensation_; }

private:
    double sum_ = 0, compensation_ = 0;
};

/// One distinct (x, t_x, T) of a fit's data (BG/BB: (x, t_x, n)) and the customers that share it.
struct pattern {
    double x, t_x, T, count;
    std::size_t x_index;  ///< position of x in pattern_table::distinct_x
};

/// A fit's data as distinct patterns in increasing (x, t_x, T) order.
struct pattern_table {
    std::vector<pattern> rows;
    std::vector<double> distinct_x;  ///< increasing; terms that depend on x alone are computed once for each
    double customers = 0;            ///< sum of the counts
};

/// Groups (x, t_x, T, count) items: equal (x, t_x, T) become one row whose count is the sum of theirs.
/// Reorders `items`.
pattern_table group_patterns(std::vector<std::array<double, 4>>& items);

/// Whether (x, t_x, T) can be a customer of the continuous-time models (BG/NBD, Pareto/NBD, MBG/NBD): finite,
/// x a whole number >= 0, T > 0, 0 <= t_x <= T.
bool is_customer_summary(double x, double t_x, double T);

/// The customers of a fit that can belong to the continuous-time models, in input order, and how many cannot.
struct kept_customers {
    std::vector<double> x, t_x, T;
    std::size_t left_out = 0;
};

/// Keeps the customers for which is_customer_summary holds; throws illegal_argument if the spans differ in size.
kept_customers keep_customer_summaries(std::span<const double> x, std::span<const double> t_x,
                                       std::span<const double> T, const char* what);

/// A continuous-time fit's data: equal (x, t_x, T) grouped, times divided by `scale` (the mean T, so that the
/// time-scale parameters are of order one whatever the unit); t_x is taken as 0 when x = 0.
struct customer_patterns {
    pattern_table table;
    double scale = 1;
    double mean_x = 0;
};

/// Groups the customers (all within the domain, at least one).
customer_patterns group_customers(std::span<const double> x, std::span<const double> t_x, std::span<const double> T);

/// A maximum-likelihood problem as fit_maximum_likelihood runs it. The optimizer works on
/// theta = ln(parameters on the fit's scale); parameter k in the data's units is exp(theta_k) * unit[k]
/// (the fits divide times, or money, by a data scale so that every parameter is of order one).
struct fit_problem {
    objective mean_negative_log_likelihood;    ///< -(1/N) sum LL as a function of theta, with its gradient
    std::vector<double> unit;                  ///< data units of each parameter (1 where there is no unit)
    std::vector<std::vector<double>> starts;   ///< starting parameters on the fit's scale, tried in order
    double customers = 0;                      ///< N, the customers (sum of counts) the mean is taken over
    double penalty = 0;                        ///< lambda >= 0
    minimize_options options{1000, 1e-9, 2.0, 20.0};
    double interior = 15.0;                    ///< an accepted |theta_k| is at most this
};

/// Where fit_maximum_likelihood stopped.
struct fit_solution {
    std::vector<double> parameters;                      ///< data units
    std::optional<std::vector<double>> standard_errors;  ///< data units; empty when unknown
    int iterations = 0;
    bool at_limit = false;  ///< a penalised fit whose best description has parameters vanishing (below e^-interior)
};

/// Throws illegal_argument unless the penalty is a finite number >= 0.
void validate_penalty(double penalty);

/// The objective the fits minimise, -(1/N) sum LL + lambda sum theta_k^2 with theta in the data's units, as a
/// function of the log-parameters on the fit's scale (the problem's objective itself when lambda = 0).
objective penalised_objective(const fit_problem& problem);

/// Minimises the penalised objective from each start until a run converges to interior parameters, then
/// computes the standard errors there; throws no_convergence("<what> did not converge") if no start does.
fit_solution fit_maximum_likelihood(const fit_problem& problem, const char* what);

/// Hessian of f at theta (row-major n x n) by central differences of its analytic gradient, step h in each
/// coordinate, symmetrised; empty if f or its gradient is not finite at a probe.
std::optional<std::vector<double>> hessian_by_gradient_differences(const objective& f, std::span<const double> theta,
                                                                   double h);

/// Standard errors of the data-unit parameters: `hessian` is that of the mean objective f with respect to
/// theta = ln(parameters) (gradient `gradient` there) and `parameters` are exp(theta) in data units; the
/// Hessian of N f with respect to the parameters themselves is N (hessian - diag(gradient))_ij / (p_i p_j).
/// Empty when that matrix is not positive definite or a variance is not finite.
std::optional<std::vector<double>> standard_errors_from_log_hessian(std::span<const double> hessian,
                                                                    std::span<const double> gradient,
                                                                    std::span<const double> parameters,
                                                                    double customers);

/// Copies a solution into a model_fit (parameters, standard errors, iterations, customers, left out, penalty).
template <std::size_t N>
void fill_model_fit(model_fit<N>& out, const fit_solution& solution, double customers, std::size_t left_out,
                    double penalty) {
    for (std::size_t k = 0; k < N; ++k) out.parameters[k] = solution.parameters[k];
    if (solution.standard_errors) {
        std::array<double, N> se{};
        for (std::size_t k = 0; k < N; ++k) se[k] = (*solution.standard_errors)[k];
        out.standard_errors = se;
    } else {
        out.standard_errors.reset();
    }
    out.iterations = solution.iterations;
    out.at_limit = solution.at_limit;
    out.customers = customers;
    out.left_out = left_out;
    out.penalty = penalty;
}

}  // namespace crm::detail
