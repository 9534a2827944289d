// Sorting a column once and answering rank and tail-sum questions by binary search.
#include "crm/ranked_column.hpp"

#include <algorithm>

#include "crm/exact_sum.hpp"

namespace crm {
namespace {

/// The first index of a[0, n) whose element is not `before` (a is partitioned: every element that is
/// `before` comes first). Branch-free: each step is a conditional move, so the search costs the same
/// whatever the data, and both possible next midpoints are prefetched while the current one is compared.
template <class Before>
std::size_t partition_point(const double* a, std::size_t n, Before before) noexcept {
    if (n == 0) return 0;
    const double* base = a;
    while (n > 1) {
        const std::size_t half = n / 2;
        __builtin_prefetch(base + half / 2);
        __builtin_prefetch(base + half + half / 2);
        base = before(base[half]) ? base + half : base;
        n -= half;
    }
    return static_cast<std::size_t>(base - a) + (before(*base) ? 1 : 0);
}

/// Index of the first number >= v (std::lower_bound).
std::size_t first_not_less(std::span<const double> sorted, double v) noexcept {
    return partition_point(sorted.data(), sorted.size(), [v](double x) { return x < v; });
}

/// Index of the first number > v (std::upper_bound).
std::size_t first_greater(std::span<const double> sorted, double v) noexcept {
    return partition_point(sorted.data(), sorted.size(), [v](double x) { return !(v < x); });
}

std::vector<double> ascending(std::vector<double> numbers) {
    std::sort(numbers.begin(), numbers.end());
    return numbers;
}

}  // namespace

ranked_column::ranked_column(std::vector<double> numbers) : ranked_column(ascending(std::move(numbers)), presorted{}) {}

ranked_column ranked_column::merged(std::span<const ranked_column> parts) {
    std::size_t total = 0;
    for (const auto& part : parts) total += part.size();
    std::vector<double> all;
    all.reserve(total);
    for (const auto& part : parts) {
        const auto middle = static_cast<std::ptrdiff_t>(all.size());
        all.insert(all.end(), part.sorted_.begin(), part.sorted_.end());
        std::inplace_merge(all.begin(), all.begin() + middle, all.end());
    }
    return ranked_column(std::move(all), presorted{});
}

ranked_column::ranked_column(std::vector<double> ascending, presorted) : sorted_(std::move(ascending)) {
    first_positive_ = first_greater(sorted_, 0.0);
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
    return first_not_less(sorted_, v);
}

std::size_t ranked_column::count_greater(double v) const noexcept {
    return sorted_.size() - first_greater(sorted_, v);
}

double ranked_column::mid_rank(double v) const noexcept {
    const std::size_t less = first_not_less(sorted_, v);
    const std::size_t equal = first_greater(std::span<const double>(sorted_).subspan(less), v);
    return static_cast<double>(less) + 0.5 * static_cast<double>(equal);
}

std::size_t ranked_column::count_equal(double v) const noexcept {
    const std::size_t less = first_not_less(sorted_, v);
    return first_greater(std::span<const double>(sorted_).subspan(less), v);
}

double ranked_column::suffix_from(std::size_t index) const noexcept {
    if (index < first_positive_) index = first_positive_;
    return suffix_[index - first_positive_];
}

double ranked_column::positive_sum_greater(double v) const noexcept {
    return suffix_from(first_greater(sorted_, v));
}

double ranked_column::positive_sum_at_least(double v) const noexcept {
    return suffix_from(first_not_less(sorted_, v));
}

std::size_t ranked_column::memory_bytes() const noexcept {
    return (sorted_.capacity() + suffix_.capacity()) * sizeof(double);
}

}  // namespace crm
