// BG/BB model for discrete opportunities (Fader, Hardie & Shang 2010): likelihood, fit, P(alive), expectations.
#pragma once

#include <span>

#include "crm/model_fit.hpp"

namespace crm {

/// BG/BB parameters: transaction probabilities ~ Beta(alpha, beta), dropout probabilities ~ Beta(gamma, delta).
struct bgbb_params {
    double alpha = 0.0;
    double beta = 0.0;
    double gamma = 0.0;
    double delta = 0.0;
};

/// Result of a maximum-likelihood fit: parameters (alpha, beta, gamma, delta), standard errors, log-likelihood,
/// counts (`customers` is the sum of the counts used, `left_out` the patterns left out).
struct bgbb_fit_result : model_fit<4> {
    bgbb_params params;  ///< the estimates by name (the same numbers as `parameters`)
};

/// Throws illegal_argument unless alpha, beta, gamma, delta are finite and > 0.
void validate(const bgbb_params& params);

/// Log-likelihood of one customer with x repeat transactions in n opportunities, the last at opportunity t_x
/// (whole numbers, 0 <= x <= t_x <= n <= 10^7, t_x = 0 when x = 0) (Fader, Hardie & Shang 2010).
double bgbb_log_likelihood(const bgbb_params& params, double x, double t_x, double n);
/// Sum over patterns (x, t_x, n) of count * log-likelihood; `counts` empty means one customer a pattern.
double bgbb_log_likelihood(const bgbb_params& params, std::span<const double> x, std::span<const double> t_x,
                           std::span<const double> n, std::span<const double> counts = {});

/// Maximum-likelihood alpha, beta, gamma, delta over patterns (x, t_x, n) with a count each (`counts` empty: 1
/// each), minimising -(1/N) sum count LL + penalty (alpha^2 + beta^2 + gamma^2 + delta^2), N the sum of the
/// counts; patterns outside the domain (or with a negative or non-finite count) are left out and counted.
/// Throws no_convergence when no interior minimum is found, illegal_argument when nothing is left to fit.
bgbb_fit_result fit_bgbb(std::span<const double> x, std::span<const double> t_x, std::span<const double> n,
                         std::span<const double> counts = {}, double penalty = 0.0);

/// Probability that the customer is still alive at the next opportunity, n + 1 (FHS 2010).
double bgbb_probability_alive(double x, double t_x, double n, const bgbb_params& params);

/// Expected transactions in the next n_star opportunities, n + 1 .. n + n_star, given (x, t_x, n) (FHS 2010).
double bgbb_expected_transactions(double n_star, double x, double t_x, double n, const bgbb_params& params);

/// Probability P(X(n) = x) that a new customer makes exactly x repeat transactions in the first n
/// opportunities (FHS 2010).
double bgbb_probability_of_transactions(double n, double x, const bgbb_params& params);

namespace detail {
/// Log-likelihood of one pattern and its gradient with respect to (alpha, beta, gamma, delta).
double bgbb_log_likelihood_gradient(const bgbb_params& params, double x, double t_x, double n, double gradient[4]);
}  // namespace detail

}  // namespace crm
