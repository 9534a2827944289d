// Gamma-Gamma spend-per-purchase model (Fader, Hardie & Lee 2005b): fit and expected average spend (spec "Gamma-Gamma").
#pragma once

#include <cstddef>
#include <span>

#include "crm/model_fit.hpp"

namespace crm {

/// Gamma-Gamma parameters: spend per purchase ~ Gamma(p, nu), nu ~ Gamma(q, v).
struct gamma_gamma_params {
    double p = 0.0;
    double q = 0.0;
    double v = 0.0;
};

/// Result of a maximum-likelihood fit: parameters (p, q, v), standard errors, log-likelihood, counts. `customers`
/// counts the customers with x > 0 used; customers with x = 0 carry no spend and are neither used nor left out.
struct gamma_gamma_fit_result : model_fit<3> {
    gamma_gamma_params params;  ///< the estimates by name (the same numbers as `parameters`)
};

/// Log-likelihood of one customer with x > 0 repeat purchases of mean value avg_value > 0.
double gamma_gamma_log_likelihood(const gamma_gamma_params& params, double x, double avg_value);
/// Sum over the customers with x > 0 (customers with x = 0 are skipped).
double gamma_gamma_log_likelihood(const gamma_gamma_params& params, std::span<const double> x,
                                  std::span<const double> avg_value);

/// Maximum-likelihood p, q, v on the customers with x > 0 (CRM_GG_FIT), minimising -(1/N) sum LL +
/// penalty (p^2 + q^2 + v^2) (v in the data's currency); customers with x < 0, non-finite values or x > 0 and
/// avg_value <= 0 are left out and counted. Throws no_convergence if no interior minimum is found.
gamma_gamma_fit_result fit_gamma_gamma(std::span<const double> x, std::span<const double> avg_value,
                                       double penalty = 0.0);

/// Expected average spend (v + avg_value*x) p / (p x + q - 1); v p / (q - 1) when x = 0 (CRM_EXPECTED_VALUE).
double expected_average_value(double x, double avg_value, const gamma_gamma_params& params);

/// The average repeat-purchase value a customer's lifetime value is computed with (spec "Models on real data"): his
/// own when above 0, else (repeat purchases worth 0 or less: the fit left him out) the population's mean spend
/// v p / (q - 1), which the model's expected value then gives whatever x. The Customers sheet writes the same rule
/// as a formula; crm-cli's --write-table uses this.
double spend_of_record(double avg_value, const gamma_gamma_params& params);

namespace detail {
/// Log-likelihood of one customer and its gradient with respect to (p, q, v).
double gamma_gamma_log_likelihood_gradient(const gamma_gamma_params& params, double x, double avg_value,
                                           double gradient[3]);
}  // namespace detail

}  // namespace crm
