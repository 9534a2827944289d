// Profitability measures of the spec's "Profitability" section: margin, profit, customer lifetime value.
#pragma once

#include "crm/bgnbd.hpp"
#include "crm/gamma_gamma.hpp"

#include <optional>

namespace crm {

/// (revenue - cost) / revenue (CRM_MARGIN); revenue must be > 0.
double margin(double revenue, double cost);

/// revenue - cost_of_goods - discounts - returns - cost_to_serve (CRM_PROFIT); may be negative.
double profit(double revenue, double cost_of_goods, double discounts = 0, double returns = 0, double cost_to_serve = 0);

/// Infinite-horizon lifetime value margin / (1 + discount_rate - retention) (CRM_CLV without periods).
double clv(double margin, double retention, double discount_rate);

/// Finite-horizon lifetime value: sum over t = 1..periods of margin retention^(t-1) / (1 + discount_rate)^t.
double clv(double margin, double retention, double discount_rate, double periods);

/// Model-based lifetime value (CRM_CLV_MODEL): expected spend times expected purchases per step, discounted.
double clv_model(double horizon, double x, double t_x, double T, double avg_value, const bgnbd_params& purchases,
                 const gamma_gamma_params& spend, double discount_rate = 0, double step = 1);

/// How the Customers sheet's lifetime value adds up the next 52 weeks (issue 15: "with the discount rate
/// stated"): undiscounted, one step of 52 weeks (the model's steps telescope to E(52) − E(0)); discounted at a
/// yearly rate, 13 steps of 4 weeks, each worth 1 / (1 + step_rate)^i with (1 + step_rate)^13 = 1 + the yearly rate.
struct lifetime_steps {
    double horizon_weeks = 52;
    double step_weeks = 52;
    double step_rate = 0;
    double yearly_rate = 0;
};

/// The steps for a yearly discount rate (0.1 = 10 % a year); nullopt when the rate is not a number from 0 to 1.
std::optional<lifetime_steps> lifetime_steps_for(double yearly_rate);

}  // namespace crm
