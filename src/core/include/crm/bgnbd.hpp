// BG/NBD model (Fader, Hardie & Lee 2005): likelihood, fit, P(alive) and expected purchases (spec "BG/NBD").
#pragma once

#include <span>

#include "crm/model_fit.hpp"

namespace crm {

/// BG/NBD parameters: purchase rates ~ Gamma(r, alpha), dropout probabilities ~ Beta(a, b).
struct bgnbd_params {
    double r = 0.0;
    double alpha = 0.0;
    double a = 0.0;
    double b = 0.0;
};

/// Result of a maximum-likelihood fit: parameters (r, alpha, a, b), standard errors, log-likelihood, counts.
struct bgnbd_fit_result : model_fit<4> {
    bgnbd_params params;  ///< the estimates by name (the same numbers as `parameters`)
};

/// Throws illegal_argument unless r, alpha, a, b are finite and > 0.
void validate(const bgnbd_params& params);

/// Log-likelihood of one customer (x repeat purchases, last at t_x, observed for T) (FHL 2005 eq. 6).
double bgnbd_log_likelihood(const bgnbd_params& params, double x, double t_x, double T);
/// Sum of the customers' log-likelihoods; the three spans have one entry per customer.
double bgnbd_log_likelihood(const bgnbd_params& params, std::span<const double> x, std::span<const double> t_x,
                            std::span<const double> T);

/// Maximum-likelihood r, alpha, a, b (CRM_BGNBD_FIT), minimising -(1/N) sum LL + penalty (r^2 + alpha^2 + a^2 + b^2)
/// (alpha in the data's time unit); customers outside the model's domain are left out and counted. Throws
/// no_convergence when no interior minimum is found, illegal_argument when no customer is left to fit.
bgnbd_fit_result fit_bgnbd(std::span<const double> x, std::span<const double> t_x, std::span<const double> T,
                           double penalty = 0.0);

/// Probability the customer is still active at T (CRM_PALIVE); exactly 1 when x = 0.
double probability_alive(double x, double t_x, double T, const bgnbd_params& params);

/// Expected purchases in the next t time units given (x, t_x, T) (CRM_EXPECTED_PURCHASES, FHL 2005 eq. 10).
double expected_purchases(double t, double x, double t_x, double T, const bgnbd_params& params);

/// Expected purchases E[X(t)] of a new customer in (0, t] (FHL 2005 eq. 7).
double expected_purchases_new_customer(double t, const bgnbd_params& params);

/// Probability P(X(t) = n) that a new customer makes exactly n repeat purchases in (0, t] (FHL 2005 eq. 8).
double probability_of_purchases(double t, double n, const bgnbd_params& params);

namespace detail {

/// Log of the Gauss series 2F1(a, b; c; z) for a, b, c > 0 and 0 <= z < 1 (all terms positive,
/// summed with rescaling so nothing overflows); returns NaN if more than max_terms would be needed.
double log_hyp2f1_series(double a, double b, double c, double z, long max_terms = 200000);

/// Log-likelihood of one customer and its gradient with respect to (r, alpha, a, b).
double bgnbd_log_likelihood_gradient(const bgnbd_params& params, double x, double t_x, double T, double gradient[4]);

/// E[Y(t) | x, t_x, T] = P(alive) * E[Y(t) | alive] (FHL 2005 eq. 10) for a given `alive`: the closed form
/// (2F1 series in log scale) or, where that cannot be used, the integral form. MBG/NBD reuses it with b + 1.
double conditional_expected_purchases(double t, double x, double T, const bgnbd_params& params, double alive);

/// Expected purchases by numerical integration over the dropout probability (the closed form's cross-check
/// and fallback): P(alive) * E[(1 - (1 + p t / (alpha + T))^-(r + x)) / p] with p ~ Beta(a, b + x).
double expected_purchases_by_integration(double t, double x, double t_x, double T, const bgnbd_params& params);

}  // namespace detail
}  // namespace crm
