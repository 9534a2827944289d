// Tests of exact_sum: correctly rounded sums whatever the order.
#include "crm/exact_sum.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>
#include <vector>

namespace {

double sum_of(const std::vector<double>& values) {
    crm::exact_sum acc;
    for (double v : values) acc.add(v);
    return acc.value();
}

TEST(ExactSum, EmptyIsZero) { EXPECT_EQ(crm::exact_sum{}.value(), 0.0); }

TEST(ExactSum, CancellationThatNaiveSummationGetsWrong) {
    // 1e16 + 1 - 1e16 is 1 exactly; naive left-to-right summation gives 0 or 2.
    EXPECT_EQ(sum_of({1e16, 1.0, -1e16}), 1.0);
    EXPECT_EQ(sum_of({1e100, 1.0, -1e100, 1e-100}), 1.0);
    const double naive = 0.1 + 0.2 + 0.3;
    EXPECT_NE(naive, 0.6);             // the classic rounding of naive sums...
    EXPECT_EQ(sum_of({0.1, 0.2, 0.3}), 0.6);  // ...is correctly rounded here
}

TEST(ExactSum, SameResultInEveryOrder) {
    std::mt19937_64 rng(42);
    std::lognormal_distribution<double> sales(8.0, 2.0);
    std::vector<double> values(5000);
    for (double& v : values) v = std::round(sales(rng) * 100.0) / 100.0;
    const double reference = sum_of(values);
    for (int round = 0; round < 20; ++round) {
        std::shuffle(values.begin(), values.end(), rng);
        EXPECT_EQ(sum_of(values), reference);
    }
    std::sort(values.begin(), values.end());
    EXPECT_EQ(sum_of(values), reference);
    std::reverse(values.begin(), values.end());
    EXPECT_EQ(sum_of(values), reference);
}

TEST(ExactSum, MatchesLongDoubleOnIntegers) {
    std::vector<double> values;
    long long exact = 0;
    for (int i = 1; i <= 100000; ++i) {
        values.push_back(i * 7.0);
        exact += i * 7LL;
    }
    EXPECT_EQ(sum_of(values), static_cast<double>(exact));
}

TEST(ExactSum, OverflowIsInfiniteNotGarbage) {
    const double big = std::numeric_limits<double>::max();
    EXPECT_TRUE(std::isinf(sum_of({big, big})));
    crm::exact_sum acc;
    acc.add(big);
    acc.add(big);
    acc.clear();
    acc.add(2.0);
    EXPECT_EQ(acc.value(), 2.0);
}

}  // namespace
