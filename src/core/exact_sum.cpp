// Shewchuk's exact summation with a correctly rounded result (see exact_sum.hpp).
#include "crm/exact_sum.hpp"

#include <cmath>

namespace crm {

void exact_sum::add(double x) {
    std::size_t i = 0;
    for (double y : partials_) {
        if (std::fabs(x) < std::fabs(y)) std::swap(x, y);
        const double hi = x + y;
        const double lo = y - (hi - x);
        if (lo != 0.0) partials_[i++] = lo;
        x = hi;
    }
    if (!std::isfinite(x)) {
        overflow_ += x;  // +inf and -inf together give NaN, which callers reject
        partials_.clear();
        return;
    }
    partials_.resize(i);
    partials_.push_back(x);
}

double exact_sum::value() const {
    if (overflow_ != 0.0 || std::isnan(overflow_)) return overflow_;
    if (partials_.empty()) return 0.0;
    // Sum from the largest partial down, stopping when the remainder cannot
    // change the result; then correct the half-way rounding case.
    std::size_t n = partials_.size();
    double hi = partials_[--n];
    double lo = 0.0;
    while (n > 0) {
        const double x = hi;
        const double y = partials_[--n];
        hi = x + y;
        const double yr = hi - x;
        lo = y - yr;
        if (lo != 0.0) break;
    }
    if (n > 0 && ((lo < 0.0 && partials_[n - 1] < 0.0) || (lo > 0.0 && partials_[n - 1] > 0.0))) {
        const double y = lo * 2.0;
        const double x = hi + y;
        const double yr = x - hi;
        if (y == yr) hi = x;
    }
    return hi;
}

}  // namespace crm
