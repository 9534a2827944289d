// Margin, profit and customer lifetime value (spec section "Profitability").
#include "crm/value.hpp"

#include <cmath>

#include "crm/error.hpp"

namespace crm {

namespace detail {
namespace {

void validate_clv_rates(double margin, double retention, double discount_rate) {
    require(std::isfinite(margin) && std::isfinite(retention) && std::isfinite(discount_rate),
            "CLV: arguments must be finite numbers");
    require(retention >= 0 && retention <= 1, "CLV: retention must be in [0, 1]");
    require(discount_rate > -1, "CLV: discount rate must be > -1");
}

// Above this many periods the finite CLV sum uses its closed form instead of a loop.
constexpr double loop_limit = 10000;

}  // namespace
}  // namespace detail

double margin(double revenue, double cost) {
    require(std::isfinite(revenue) && std::isfinite(cost), "margin: arguments must be finite numbers");
    require(revenue > 0, "margin: revenue must be > 0");
    return finite_or_throw((revenue - cost) / revenue, "margin");
}

double profit(double revenue, double cost_of_goods, double discounts, double returns, double cost_to_serve) {
    return finite_or_throw(revenue - cost_of_goods - discounts - returns - cost_to_serve, "profit");
}

// Spec "Profitability", CRM_CLV without periods: the geometric series of margins kept with
// probability retention each period and discounted at discount_rate sums to
// margin / (1 + discount_rate - retention), which converges only when retention < 1 + discount_rate.
double clv(double margin, double retention, double discount_rate) {
    detail::validate_clv_rates(margin, retention, discount_rate);
    require(retention < 1 + discount_rate, "CLV: infinite sum needs retention < 1 + discount rate");
    return finite_or_throw(margin / (1 + discount_rate - retention), "CLV");
}

// Spec "Profitability", CRM_CLV with periods: sum over t = 1..periods of
// margin * retention^(t-1) / (1 + discount_rate)^t; the first period is neither lost nor discounted
// for retention (retention^0 = 1), only for time.
double clv(double margin, double retention, double discount_rate, double periods) {
    detail::validate_clv_rates(margin, retention, discount_rate);
    require(std::isfinite(periods) && periods >= 1 && periods == std::floor(periods),
            "CLV: periods must be a positive whole number");
    if (periods <= detail::loop_limit) {
        double sum = 0, kept = 1, discount = 1;
        for (double t = 1; t <= periods; ++t) {
            discount *= 1 + discount_rate;
            sum += margin * kept / discount;
            kept *= retention;
        }
        return finite_or_throw(sum, "CLV");
    }
    // Closed form margin (1 - q^n) / (1 + d - retention) with q = retention / (1 + d), for long horizons.
    if (retention == 0) return finite_or_throw(margin / (1 + discount_rate), "CLV");
    const double log_q = std::log(retention) - std::log1p(discount_rate);
    if (std::abs(log_q) < 1e-12)
        return finite_or_throw(margin * periods / (1 + discount_rate), "CLV");  // q = 1: n equal terms
    return finite_or_throw(margin * -std::expm1(periods * log_q) / (1 + discount_rate - retention), "CLV");
}

// Spec "Profitability", CRM_CLV_MODEL: the horizon is cut into horizon/step steps; step i brings
// E(i step) - E((i-1) step) expected purchases (BG/NBD, conditional on the customer's history), each
// worth the Gamma-Gamma expected spend, discounted by (1 + discount_rate)^i (the rate is per step).
double clv_model(double horizon, double x, double t_x, double T, double avg_value, const bgnbd_params& purchases,
                 const gamma_gamma_params& spend, double discount_rate, double step) {
    require(std::isfinite(horizon) && horizon > 0, "CLV model: horizon must be > 0");
    require(std::isfinite(step) && step > 0, "CLV model: step must be > 0");
    require(std::isfinite(discount_rate) && discount_rate > -1, "CLV model: discount rate must be > -1");
    const double steps = std::round(horizon / step);
    require(std::abs(horizon / step - steps) <= 1e-9 * steps && steps >= 1,
            "CLV model: horizon must be a whole number of steps");
    require(steps <= 100000, "CLV model: too many steps");
    const double value = expected_average_value(x, avg_value, spend);
    double sum = 0, previous = 0, discount = 1;
    for (double i = 1; i <= steps; ++i) {
        const double current = expected_purchases(i * step, x, t_x, T, purchases);
        discount *= 1 + discount_rate;
        sum += value * (current - previous) / discount;
        previous = current;
    }
    return finite_or_throw(sum, "CLV model");
}

std::optional<lifetime_steps> lifetime_steps_for(double yearly_rate) {
    if (!std::isfinite(yearly_rate) || yearly_rate < 0 || yearly_rate > 1) return std::nullopt;
    lifetime_steps steps;
    steps.yearly_rate = yearly_rate;
    if (yearly_rate > 0) {
        steps.step_weeks = 4;
        steps.step_rate = std::pow(1 + yearly_rate, steps.step_weeks / steps.horizon_weeks) - 1;
    }
    return steps;
}

}  // namespace crm
