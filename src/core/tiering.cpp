// The tiering rules of spec functions.md ("Tiering"), in plain, handle and array forms.
#include "crm/tiering.hpp"

#include <cmath>

#include "crm/error.hpp"
#include "crm/exact_sum.hpp"

namespace crm {
namespace {

// The Pareto rule (spec "CRM_TIER"): S is the sum of positive values, G the
// sum of values strictly greater than this customer's. The A tier is the
// smallest set of top customers that together reach a_share of S: a customer
// is A while the customers above it hold less than a_share·S, so the customer
// that crosses the line is still A, and equal values always share a tier.
tier pareto_rule(double value, double greater_sum, double total, const pareto_shares& shares) {
    require(total > 0.0, "no positive value in the range: the total S is 0");
    finite_or_throw(total, "sum of values");
    if (value <= 0.0) return tier::c;
    if (greater_sum < shares.a_share * total) return tier::a;
    if (greater_sum < shares.b_share * total) return tier::b;
    return tier::c;
}

// The count rule (spec "CRM_TIER_COUNT"): k customers rank strictly above this
// one among n; A while k < a_top·n, B while k < b_top·n.
tier count_rule(std::size_t greater, std::size_t n, const count_shares& shares) {
    require(n > 0, "no number in the range");
    const double k = static_cast<double>(greater);
    const double total = static_cast<double>(n);
    if (k < shares.a_top * total) return tier::a;
    if (k < shares.b_top * total) return tier::b;
    return tier::c;
}

void require_finite(double value, const char* what) {
    require(std::isfinite(value), what);
}

}  // namespace

void validate(const pareto_shares& shares) {
    if (!(shares.a_share > 0.0 && shares.a_share <= shares.b_share && shares.b_share <= 1.0))
        throw invalid_setting("shares", setting_rule::pareto_shares_in_order);
}

void validate(const count_shares& shares) {
    if (!(shares.a_top > 0.0 && shares.a_top <= shares.b_top && shares.b_top <= 1.0))
        throw invalid_setting("shares", setting_rule::count_shares_in_order);
}

tier pareto_tier(double value, std::span<const double> numbers, const pareto_shares& shares) {
    validate(shares);
    require_finite(value, "value is not a finite number");
    exact_sum total, greater;
    for (double x : numbers) {
        if (x > 0.0) {
            total.add(x);
            if (x > value) greater.add(x);
        }
    }
    return pareto_rule(value, greater.value(), total.value(), shares);
}

tier pareto_tier(double value, const ranked_column& column, const pareto_shares& shares) {
    validate(shares);
    require_finite(value, "value is not a finite number");
    return pareto_rule(value, column.positive_sum_greater(value), column.positive_sum(), shares);
}

std::vector<std::optional<tier>> pareto_tiers(std::span<const std::optional<double>> cells,
                                              const pareto_shares& shares) {
    validate(shares);
    std::vector<double> numbers;
    numbers.reserve(cells.size());
    for (const auto& cell : cells)
        if (cell) numbers.push_back(*cell);
    const ranked_column column(std::move(numbers));
    require(column.positive_sum() > 0.0, "no positive value in the range: the total S is 0");
    std::vector<std::optional<tier>> tiers(cells.size());
    for (std::size_t i = 0; i < cells.size(); ++i)
        if (cells[i]) tiers[i] = pareto_tier(*cells[i], column, shares);
    return tiers;
}

tier count_tier(double value, std::span<const double> numbers, const count_shares& shares) {
    validate(shares);
    require_finite(value, "value is not a finite number");
    std::size_t greater = 0;
    for (double x : numbers) greater += x > value ? 1 : 0;
    return count_rule(greater, numbers.size(), shares);
}

tier count_tier(double value, const ranked_column& column, const count_shares& shares) {
    validate(shares);
    require_finite(value, "value is not a finite number");
    return count_rule(column.count_greater(value), column.size(), shares);
}

// Spec "CRM_TIER_GROWTH": the seed's three-level rule read as growth.
tier growth_tier(double growth_last, double growth_prev, double loyalty, const growth_rule& rule) {
    require_finite(growth_last, "growth_last is not a finite number");
    require_finite(growth_prev, "growth_prev is not a finite number");
    require_finite(loyalty, "loyalty is not a finite number");
    if (growth_last >= rule.a_growth) return tier::a;
    if (growth_last >= rule.b_growth && growth_prev >= rule.b_growth && loyalty >= rule.min_loyalty) return tier::b;
    return tier::c;
}

double pareto_share(double value, std::span<const double> numbers) {
    require_finite(value, "value is not a finite number");
    exact_sum total, at_least;
    for (double x : numbers) {
        if (x > 0.0) {
            total.add(x);
            if (x >= value) at_least.add(x);
        }
    }
    const double s = finite_or_throw(total.value(), "sum of values");
    require(s > 0.0, "no positive value in the range: the total S is 0");
    if (value <= 0.0) return 1.0;
    return finite_or_throw(at_least.value() / s, "pareto share");
}

double pareto_share(double value, const ranked_column& column) {
    require_finite(value, "value is not a finite number");
    const double s = finite_or_throw(column.positive_sum(), "sum of values");
    require(s > 0.0, "no positive value in the range: the total S is 0");
    if (value <= 0.0) return 1.0;
    return finite_or_throw(column.positive_sum_at_least(value) / s, "pareto share");
}

double growth(double current, double previous) {
    require(previous > 0.0, "previous must be greater than 0");
    return finite_or_throw(current / previous - 1.0, "growth");
}

double cagr(double first, double last, double periods) {
    require(first > 0.0, "first must be greater than 0");
    require(last >= 0.0, "last must not be negative");
    require(periods > 0.0, "periods must be greater than 0");
    return finite_or_throw(std::pow(last / first, 1.0 / periods) - 1.0, "CAGR");
}

}  // namespace crm
