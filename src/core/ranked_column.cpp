// Sorting a column once and answering rank and tail-sum questions by binary search.
#include "crm/ranked_column.hpp"

#include <algorithm>

#include "crm/exact_sum.hpp"

namespace crm {

ranked_column::ranked_column(std::vector<double> numbers) : sorted_(std::move(numbers)) {
    std::sort(sorted_.begin(), sorted_.end());
    first_positive_ = static_cast<std::size_t>(
        std::upper_bound(sorted_.begin(), sorted_.end(), 0.0) - sorted_.begin());
    const std::size_t positives = sorted_.size() - first_positive_;
    suffix_.resize(positives + 1);
    suffix_[positives] = 0.0;
    exact_sum acc;
    for (std::size_t k = positives; k-- > 0;) {
        acc.add(sorted_[first_positive_ + k]);
        suffix_[k] = acc.value();
    }
}

std::size_t ranked_column::count_less(double v) const noexcept {
    return static_cast<std::size_t>(std::lower_bound(sorted_.begin(), sorted_.end(), v) - sorted_.begin());
}

std::size_t ranked_column::count_greater(double v) const noexcept {
    return static_cast<std::size_t>(sorted_.end() - std::upper_bound(sorted_.begin(), sorted_.end(), v));
}

double ranked_column::mid_rank(double v) const noexcept {
    const auto [first, last] = std::equal_range(sorted_.begin(), sorted_.end(), v);
    return static_cast<double>(first - sorted_.begin()) + 0.5 * static_cast<double>(last - first);
}

std::size_t ranked_column::count_equal(double v) const noexcept {
    const auto range = std::equal_range(sorted_.begin(), sorted_.end(), v);
    return static_cast<std::size_t>(range.second - range.first);
}

double ranked_column::suffix_from(std::size_t index) const noexcept {
    if (index < first_positive_) index = first_positive_;
    return suffix_[index - first_positive_];
}

double ranked_column::positive_sum_greater(double v) const noexcept {
    return suffix_from(static_cast<std::size_t>(std::upper_bound(sorted_.begin(), sorted_.end(), v) - sorted_.begin()));
}

double ranked_column::positive_sum_at_least(double v) const noexcept {
    return suffix_from(static_cast<std::size_t>(std::lower_bound(sorted_.begin(), sorted_.end(), v) - sorted_.begin()));
}

std::size_t ranked_column::memory_bytes() const noexcept {
    return (sorted_.capacity() + suffix_.capacity()) * sizeof(double);
}

}  // namespace crm
