// The numbers of one column sorted once, with exact suffix sums, for O(log n) per-row questions.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

namespace crm {

/// A column's numbers in ascending order with exact sums of its positive tail.
///
/// Built once (O(n log n)) by CRM_COLUMN or an array function; then every
/// per-row question (how many are greater, what do they add up to) is a
/// binary search (branch-free, with the next midpoints prefetched: a column
/// of 100 000 numbers outgrows the first cache levels). Sums are correctly rounded (exact_sum), so they are
/// bit-identical to what a single pass over the unsorted numbers gives.
class ranked_column {
public:
    ranked_column() = default;
    /// Takes the numbers (any order; blanks and text already left out).
    explicit ranked_column(std::vector<double> numbers);
    /// All the numbers of several ranked columns together, by merging their sorted copies (O(total · k)).
    static ranked_column merged(std::span<const ranked_column> parts);

    /// How many numbers the column holds.
    std::size_t size() const noexcept { return sorted_.size(); }
    /// Count of numbers strictly less than v.
    std::size_t count_less(double v) const noexcept;
    /// Count of numbers strictly greater than v.
    std::size_t count_greater(double v) const noexcept;
    /// Count of numbers equal to v.
    std::size_t count_equal(double v) const noexcept;
    /// Mid-rank of v: numbers less than v plus half of those equal to it (one search for both counts).
    double mid_rank(double v) const noexcept;
    /// Sum of the numbers that are > 0 (S of the spec).
    double positive_sum() const noexcept { return suffix_.front(); }
    /// Sum of the numbers that are > 0 and strictly greater than v.
    double positive_sum_greater(double v) const noexcept;
    /// Sum of the numbers that are > 0 and greater than or equal to v.
    double positive_sum_at_least(double v) const noexcept;
    /// The numbers, ascending.
    std::span<const double> sorted() const noexcept { return sorted_; }
    /// Bytes held on the heap (for the handle cache's memory bound).
    std::size_t memory_bytes() const noexcept;

private:
    struct presorted {};
    ranked_column(std::vector<double> ascending, presorted);
    double suffix_from(std::size_t index) const noexcept;

    std::vector<double> sorted_;   // ascending
    std::size_t first_positive_ = 0;  // index of the first number > 0
    std::vector<double> suffix_{0.0};  // suffix_[k] = exact sum of sorted_[first_positive_ + k ..]
};

}  // namespace crm
