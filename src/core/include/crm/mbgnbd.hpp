// MBG/NBD model (Batislam, Denizel & Filiztekin 2007): likelihood, fit, P(alive) and expected purchases.
#pragma once

#include <span>

#include "crm/model_fit.hpp"

namespace crm {

/// MBG/NBD parameters: purchase rates ~ Gamma(r, alpha), dropout probabilities ~ Beta(a, b).
struct mbgnbd_params {
    double r = 0.0;
    double alpha = 0.0;
    double a = 0.0;
    double b = 0.0;
};

/// Result of a maximum-likelihood fit: parameters (r, alpha, a, b), standard errors, log-likelihood, counts.
struct mbgnbd_fit_result : model_fit<4> {
    mbgnbd_params params;  ///< the estimates by name (the same numbers as `parameters`)
};

/// Throws illegal_argument unless r, alpha, a, b are finite and > 0.
void validate(const mbgnbd_params& params);

/// Log-likelihood of one customer (x repeat purchases, the last at t_x, observed for T; t_x is taken as 0 when
/// x = 0).
double mbgnbd_log_likelihood(const mbgnbd_params& params, double x, double t_x, double T);
/// Sum of the customers' log-likelihoods; the three spans have one entry per customer.
double mbgnbd_log_likelihood(const mbgnbd_params& params, std::span<const double> x, std::span<const double> t_x,
                             std::span<const double> T);

/// Maximum-likelihood r, alpha, a, b minimising -(1/N) sum LL + penalty (r^2 + alpha^2 + a^2 + b^2) (alpha in the
/// data's time unit); customers outside the domain are left out and counted. Throws no_convergence when no
/// interior minimum is found, illegal_argument when no customer is left to fit.
mbgnbd_fit_result fit_mbgnbd(std::span<const double> x, std::span<const double> t_x, std::span<const double> T,
                             double penalty = 0.0);

/// Probability that the customer is still active at T; below 1 also when x = 0 (the customer may have
/// dropped out right after the first purchase).
double mbgnbd_probability_alive(double x, double t_x, double T, const mbgnbd_params& params);

/// Expected purchases in the next t time units given (x, t_x, T).
double mbgnbd_expected_purchases(double t, double x, double t_x, double T, const mbgnbd_params& params);

namespace detail {
/// Log-likelihood of one customer and its gradient with respect to (r, alpha, a, b).
double mbgnbd_log_likelihood_gradient(const mbgnbd_params& params, double x, double t_x, double T,
                                      double gradient[4]);
}  // namespace detail

}  // namespace crm
