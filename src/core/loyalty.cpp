// RFM scores and segments, loyalty index, retention and churn (spec section "Loyalty").
#include "crm/loyalty.hpp"

#include <algorithm>
#include <cmath>

#include "crm/error.hpp"

namespace crm {

namespace detail {
namespace {

// Spec "Loyalty", CRM_RFM: score = min(bins, 1 + floor(bins * k / n)) where k counts the
// values that rank below this one (strictly less for F and M, strictly greater for R).
// Equal values have the same k, so ties share a score. Integer arithmetic keeps it exact.
int quantile_score(std::size_t k, std::size_t n, int bins) {
    require(n > 0, "RFM: empty range");
    std::size_t score = 1 + (static_cast<std::size_t>(bins) * k) / n;
    return static_cast<int>(std::min<std::size_t>(score, static_cast<std::size_t>(bins)));
}

std::size_t count_less(std::span<const double> values, double v) {
    return static_cast<std::size_t>(std::count_if(values.begin(), values.end(), [v](double w) { return w < v; }));
}

std::size_t count_greater(std::span<const double> values, double v) {
    return static_cast<std::size_t>(std::count_if(values.begin(), values.end(), [v](double w) { return w > v; }));
}

void require_finite_range(std::span<const double> values) {
    for (double v : values) require(std::isfinite(v), "RFM: a range value is not a finite number");
}

// A score argument of CRM_RFM_SEGMENT: a whole number on the 1..5 scale.
int segment_score(double score) {
    require(std::isfinite(score) && score == std::floor(score) && score >= 1 && score <= 5,
            "RFM segment: scores must be whole numbers in 1..5");
    return static_cast<int>(score);
}

}  // namespace
}  // namespace detail

int rfm_bins(double bins) {
    require(std::isfinite(bins) && bins == std::floor(bins) && bins >= 2 && bins <= 9,
            "RFM: bins must be a whole number in 2..9");
    return static_cast<int>(bins);
}

int rfm_score_ascending(double value, const ranked_column& column, double bins) {
    int b = rfm_bins(bins);
    require(std::isfinite(value), "RFM: value is not a finite number");
    return detail::quantile_score(column.count_less(value), column.size(), b);
}

int rfm_score_recency(double recency, const ranked_column& column, double bins) {
    int b = rfm_bins(bins);
    require(std::isfinite(recency), "RFM: recency is not a finite number");
    return detail::quantile_score(column.count_greater(recency), column.size(), b);
}

rfm_scores rfm(double recency, double frequency, double monetary, const ranked_column& recency_column,
               const ranked_column& frequency_column, const ranked_column& monetary_column, double bins) {
    return {rfm_score_recency(recency, recency_column, bins), rfm_score_ascending(frequency, frequency_column, bins),
            rfm_score_ascending(monetary, monetary_column, bins)};
}

int rfm_score_ascending(double value, std::span<const double> range, double bins) {
    int b = rfm_bins(bins);
    require(std::isfinite(value), "RFM: value is not a finite number");
    detail::require_finite_range(range);
    return detail::quantile_score(detail::count_less(range, value), range.size(), b);
}

int rfm_score_recency(double recency, std::span<const double> range, double bins) {
    int b = rfm_bins(bins);
    require(std::isfinite(recency), "RFM: recency is not a finite number");
    detail::require_finite_range(range);
    return detail::quantile_score(detail::count_greater(range, recency), range.size(), b);
}

rfm_scores rfm(double recency, double frequency, double monetary, std::span<const double> recency_range,
               std::span<const double> frequency_range, std::span<const double> monetary_range, double bins) {
    return {rfm_score_recency(recency, recency_range, bins), rfm_score_ascending(frequency, frequency_range, bins),
            rfm_score_ascending(monetary, monetary_range, bins)};
}

// Spec "Loyalty", CRM_RFM_SEGMENT: ten rules tried in order, the first that matches names the segment.
rfm_segment segment_of(double r_score, double f_score) {
    const int r = detail::segment_score(r_score);
    const int f = detail::segment_score(f_score);
    if (r >= 4 && f >= 4) return rfm_segment::champions;
    if (r <= 2 && f == 5) return rfm_segment::cant_lose_them;
    if (r <= 2 && f >= 3) return rfm_segment::at_risk;
    if (r <= 2) return rfm_segment::hibernating;
    if (r == 3 && f == 3) return rfm_segment::need_attention;
    if (f >= 3) return rfm_segment::loyal;
    if (r == 5 && f == 1) return rfm_segment::new_customers;
    if (r == 4 && f == 1) return rfm_segment::promising;
    if (r == 3) return rfm_segment::about_to_sleep;
    return rfm_segment::potential_loyalists;
}

namespace detail {
namespace {

// Spec "Loyalty", CRM_LOYALTY: column j contributes its mid-rank percentile
// p_j = (count < v_j + 0.5 * count == v_j) / n_j, weighted by w_j; columns whose
// signal is not a number are left out of both sums. Index = 100 * sum(w p) / sum(w).
template <class PercentileOf>
double weighted_loyalty(std::span<const std::optional<double>> signals, std::size_t column_count,
                        std::span<const double> weights, PercentileOf percentile_of) {
    require(signals.size() == column_count, "loyalty: signals and table shapes do not match");
    require(weights.empty() || weights.size() == signals.size(), "loyalty: weights and signals shapes do not match");
    require(!signals.empty(), "loyalty: no signal");
    bool any_positive_weight = weights.empty();
    for (double w : weights) {
        require(std::isfinite(w) && w >= 0, "loyalty: weights must be finite and >= 0");
        if (w > 0) any_positive_weight = true;
    }
    require(any_positive_weight, "loyalty: all weights are zero");
    double weighted = 0.0;
    double weight_sum = 0.0;
    bool any_signal = false;
    for (std::size_t j = 0; j < signals.size(); ++j) {
        if (!signals[j]) continue;
        const double v = *signals[j];
        require(std::isfinite(v), "loyalty: a signal is not a finite number");
        any_signal = true;
        const double w = weights.empty() ? 1.0 : weights[j];
        if (w == 0) continue;
        weighted += w * percentile_of(j, v);
        weight_sum += w;
    }
    require(any_signal, "loyalty: no numeric signal");
    require(weight_sum > 0, "loyalty: the numeric signals all have weight zero");
    return std::clamp(100.0 * weighted / weight_sum, 0.0, 100.0);
}

}  // namespace
}  // namespace detail

double loyalty_index(std::span<const std::optional<double>> signals, std::span<const ranked_column> columns,
                     std::span<const double> weights) {
    return detail::weighted_loyalty(signals, columns.size(), weights, [&](std::size_t j, double v) {
        const ranked_column& c = columns[j];
        require(c.size() > 0, "loyalty: a signal column is empty");
        return c.mid_rank(v) / static_cast<double>(c.size());
    });
}

double loyalty_index(std::span<const std::optional<double>> signals, std::span<const std::vector<double>> columns,
                     std::span<const double> weights) {
    return detail::weighted_loyalty(signals, columns.size(), weights, [&](std::size_t j, double v) {
        const std::vector<double>& c = columns[j];
        require(!c.empty(), "loyalty: a signal column is empty");
        double less = 0.0;
        double equal = 0.0;
        for (double w : c) {
            require(std::isfinite(w), "loyalty: a table value is not a finite number");
            if (w < v) less += 1.0;
            else if (w == v) equal += 1.0;
        }
        return (less + 0.5 * equal) / static_cast<double>(c.size());
    });
}

// Spec "Loyalty", CRM_RETENTION: customers kept = customers at the end minus the new ones,
// as a share of the customers at the start.
double retention(double customers_start, double customers_end, double new_customers) {
    require(std::isfinite(customers_start) && std::isfinite(customers_end) && std::isfinite(new_customers),
            "retention: counts must be finite numbers");
    require(customers_start > 0, "retention: customers at the start must be > 0");
    require(customers_end >= 0 && new_customers >= 0, "retention: counts must not be negative");
    require(new_customers <= customers_end, "retention: new customers exceed customers at the end");
    return finite_or_throw((customers_end - new_customers) / customers_start, "retention");
}

double churn(double customers_start, double customers_end, double new_customers) {
    return 1.0 - retention(customers_start, customers_end, new_customers);
}

}  // namespace crm
