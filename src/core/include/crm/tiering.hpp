// A/B/C customer tiers (spec functions.md, "Tiering"): Pareto share, customer count, growth and loyalty.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <vector>

#include "crm/ranked_column.hpp"

namespace crm {

/// A customer tier.
enum class tier : char { a = 'A', b = 'B', c = 'C' };

/// The letter shown in a cell for a tier.
constexpr char tier_letter(tier t) noexcept { return static_cast<char>(t); }

/// Cut lines of the Pareto rule: A reaches a_share of sales, A and B together b_share.
struct pareto_shares {
    double a_share = 0.8;
    double b_share = 0.95;
};

/// Cut lines of the customer-count rule: the top a_top of customers are A, up to b_top are B.
struct count_shares {
    double a_top = 0.2;
    double b_top = 0.5;
};

/// Thresholds of the growth and loyalty rule (CRM_TIER_GROWTH).
struct growth_rule {
    double a_growth = 0.2;
    double b_growth = 0.1;
    double min_loyalty = 0.5;
};

/// Throws invalid_setting ("shares", pareto_shares_in_order) unless 0 < a_share <= b_share <= 1.
void validate(const pareto_shares& shares);
/// Throws invalid_setting ("shares", count_shares_in_order) unless 0 < a_top <= b_top <= 1.
void validate(const count_shares& shares);

/// Pareto tier of `value` among `numbers` (one pass; the plain per-row form).
tier pareto_tier(double value, std::span<const double> numbers, const pareto_shares& shares);
/// Pareto tier of `value` in a ranked column (O(log n); the handle form).
tier pareto_tier(double value, const ranked_column& column, const pareto_shares& shares);
/// Pareto tier of every cell; cells without a number get no tier (the array form, O(n log n)).
std::vector<std::optional<tier>> pareto_tiers(std::span<const std::optional<double>> cells,
                                              const pareto_shares& shares);

/// Count tier of `value` among `numbers` (one pass).
tier count_tier(double value, std::span<const double> numbers, const count_shares& shares);
/// Count tier of `value` in a ranked column (O(log n)).
tier count_tier(double value, const ranked_column& column, const count_shares& shares);

/// Tier by the growth and loyalty rule.
tier growth_tier(double growth_last, double growth_prev, double loyalty, const growth_rule& rule);

/// Share of S held by the customers at or above `value` (1 for value <= 0), one pass.
double pareto_share(double value, std::span<const double> numbers);
/// Share of S held by the customers at or above `value`, O(log n).
double pareto_share(double value, const ranked_column& column);

/// current / previous - 1; previous must be > 0.
double growth(double current, double previous);
/// Compound annual growth rate (last / first)^(1 / periods) - 1.
double cagr(double first, double last, double periods);

}  // namespace crm
