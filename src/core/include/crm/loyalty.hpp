// Loyalty measures of the spec's "Loyalty" section: RFM scores and segments, loyalty index, retention, churn.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <vector>

#include "crm/ranked_column.hpp"

namespace crm {

/// The three RFM scores of one customer, each in 1..bins.
struct rfm_scores {
    int recency = 0;
    int frequency = 0;
    int monetary = 0;
};

/// Checks that bins is a whole number in 2..9 and returns it.
int rfm_bins(double bins);
/// Frequency or monetary score: min(bins, 1 + floor(bins * L / n)), L = count strictly less.
int rfm_score_ascending(double value, const ranked_column& column, double bins = 5);
/// Recency score (fewer days is better): min(bins, 1 + floor(bins * G / n)), G = count strictly greater.
int rfm_score_recency(double recency, const ranked_column& column, double bins = 5);
/// Frequency or monetary score against a raw range (one-shot use, O(n)).
int rfm_score_ascending(double value, std::span<const double> range, double bins = 5);
/// Recency score against a raw range (one-shot use, O(n)).
int rfm_score_recency(double recency, std::span<const double> range, double bins = 5);
/// All three scores of one customer against prepared columns (CRM_RFM).
rfm_scores rfm(double recency, double frequency, double monetary, const ranked_column& recency_column,
               const ranked_column& frequency_column, const ranked_column& monetary_column, double bins = 5);
/// All three scores of one customer against raw ranges (one-shot use, O(n) each).
rfm_scores rfm(double recency, double frequency, double monetary, std::span<const double> recency_range,
               std::span<const double> frequency_range, std::span<const double> monetary_range, double bins = 5);

/// The ten RFM segments, in the spec's order of precedence.
enum class rfm_segment {
    champions,
    cant_lose_them,
    at_risk,
    hibernating,
    need_attention,
    loyal,
    new_customers,
    promising,
    about_to_sleep,
    potential_loyalists,
};

/// Segment of a customer from R and F scores (each a whole number in 1..5), first matching rule wins.
rfm_segment segment_of(double r_score, double f_score);
/// How many segments there are (their names live in the add-in's string table, localized).
inline constexpr std::size_t rfm_segment_count = static_cast<std::size_t>(rfm_segment::potential_loyalists) + 1;

/// Loyalty index 0..100 (CRM_LOYALTY): weighted mean of mid-rank percentiles of the numeric signals.
/// `weights` empty means all equal; columns[j] holds column j of the signals table.
double loyalty_index(std::span<const std::optional<double>> signals, std::span<const ranked_column> columns,
                     std::span<const double> weights = {});
/// Loyalty index against raw columns (one-shot use).
double loyalty_index(std::span<const std::optional<double>> signals,
                     std::span<const std::vector<double>> columns, std::span<const double> weights = {});

/// Share of the customers at the start still customers at the end (CRM_RETENTION).
double retention(double customers_start, double customers_end, double new_customers);
/// 1 - retention (CRM_CHURN).
double churn(double customers_start, double customers_end, double new_customers);

}  // namespace crm
