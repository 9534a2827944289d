// Pareto/NBD model (Schmittlein, Morrison & Colombo 1987): likelihood, fit, P(alive) and expected purchases.
#pragma once

#include <span>

#include "crm/model_fit.hpp"

namespace crm {

/// Pareto/NBD parameters: purchase rates ~ Gamma(r, alpha), dropout rates ~ Gamma(s, beta).
struct pareto_nbd_params {
    double r = 0.0;
    double alpha = 0.0;
    double s = 0.0;
    double beta = 0.0;
};

/// Result of a maximum-likelihood fit: parameters (r, alpha, s, beta), standard errors, log-likelihood, counts.
struct pareto_nbd_fit_result : model_fit<4> {
    pareto_nbd_params params;  ///< the estimates by name (the same numbers as `parameters`)
};

/// Throws illegal_argument unless r, alpha, s, beta are finite and > 0.
void validate(const pareto_nbd_params& params);

/// Log-likelihood of one customer (x repeat purchases, the last at t_x, observed for T; t_x is taken as 0 when
/// x = 0) (Fader & Hardie 2005, "A note on deriving the Pareto/NBD model and related expressions", section 3).
double pareto_nbd_log_likelihood(const pareto_nbd_params& params, double x, double t_x, double T);
/// Sum of the customers' log-likelihoods; the three spans have one entry per customer.
double pareto_nbd_log_likelihood(const pareto_nbd_params& params, std::span<const double> x,
                                 std::span<const double> t_x, std::span<const double> T);

/// Maximum-likelihood r, alpha, s, beta minimising -(1/N) sum LL + penalty (r^2 + alpha^2 + s^2 + beta^2) (alpha
/// and beta in the data's time unit); customers outside the domain are left out and counted. Throws
/// no_convergence when no interior minimum is found, illegal_argument when no customer is left to fit.
pareto_nbd_fit_result fit_pareto_nbd(std::span<const double> x, std::span<const double> t_x,
                                     std::span<const double> T, double penalty = 0.0);

/// Probability that the customer is still active at T (Schmittlein et al. 1987; Fader & Hardie's note, section 5).
double pareto_nbd_probability_alive(double x, double t_x, double T, const pareto_nbd_params& params);

/// Expected purchases in the next t time units given (x, t_x, T) (Schmittlein et al. 1987; the note, section 6).
double pareto_nbd_expected_purchases(double t, double x, double t_x, double T, const pareto_nbd_params& params);

namespace detail {

/// Log-likelihood of one customer and its gradient with respect to (r, alpha, s, beta).
double pareto_nbd_log_likelihood_gradient(const pareto_nbd_params& params, double x, double t_x, double T,
                                          double gradient[4]);

/// The same log-likelihood with the dropout integral computed by composite Gauss-Legendre quadrature instead of
/// the hypergeometric series (the series' fallback near z = 1, and its cross-check).
double pareto_nbd_log_likelihood_by_quadrature(const pareto_nbd_params& params, double x, double t_x, double T,
                                               double gradient[4]);

}  // namespace detail
}  // namespace crm
