// Order-independent, correctly rounded summation (Shewchuk's algorithm, as Python's math.fsum).
#pragma once

#include <vector>

namespace crm {

/// Accumulates doubles exactly; value() is the correctly rounded sum whatever the order of add().
///
/// Why: the plain, handle and array forms of a function see the same numbers in
/// different orders (sheet order, sorted order). Tier boundaries compare sums
/// (G < a_share·S), so every form must compute bit-identical sums or a customer
/// exactly on a boundary could get different tiers in different forms.
class exact_sum {
public:
    /// Adds one finite value.
    void add(double x);
    /// The correctly rounded sum of everything added (±inf if it overflows).
    double value() const;
    /// Forgets everything added.
    void clear() noexcept { partials_.clear(); overflow_ = 0.0; }

private:
    std::vector<double> partials_;  // non-overlapping, increasing magnitude
    double overflow_ = 0.0;         // set to ±inf once an addition overflowed
};

}  // namespace crm
