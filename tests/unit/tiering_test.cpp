// Tests of the tiering rules (spec functions.md, "Tiering") in their plain, handle and array forms.
#include "crm/tiering.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "crm/error.hpp"
#include "crm/exact_sum.hpp"

namespace {

using crm::tier;

// The Pareto tier in all three forms; fails the test if they disagree.
tier pareto_all_forms(double value, const std::vector<double>& numbers, crm::pareto_shares shares = {}) {
    const tier plain = crm::pareto_tier(value, numbers, shares);
    const tier ranked = crm::pareto_tier(value, crm::ranked_column(numbers), shares);
    EXPECT_EQ(plain, ranked) << "value " << value;
    std::vector<std::optional<double>> cells(numbers.begin(), numbers.end());
    cells.emplace_back(value);  // the array form classifies every cell, this one included
    std::vector<double> with_value = numbers;
    with_value.push_back(value);
    const auto array = crm::pareto_tiers(cells, shares);
    EXPECT_EQ(array.back(), crm::pareto_tier(value, with_value, shares));
    return plain;
}

const std::vector<double> kSales{100, 50, 30, 10, 5, 3, 2};  // S = 200

TEST(ParetoTier, SpecRuleOnASmallList) {
    // a_share·S = 160, b_share·S = 190. G is the sum strictly above the customer.
    EXPECT_EQ(pareto_all_forms(100, kSales), tier::a);  // G = 0
    EXPECT_EQ(pareto_all_forms(50, kSales), tier::a);   // G = 100
    EXPECT_EQ(pareto_all_forms(30, kSales), tier::a);   // G = 150 < 160: crosses the line, still A
    EXPECT_EQ(pareto_all_forms(10, kSales), tier::b);   // G = 180 < 190
    EXPECT_EQ(pareto_all_forms(5, kSales), tier::c);    // G = 190, not < 190
    EXPECT_EQ(pareto_all_forms(2, kSales), tier::c);
}

TEST(ParetoTier, BoundaryExactlyAtAShare) {
    // 80 holds exactly 80 %: the customer above 20 holds a_share·S, so 20 is not A.
    EXPECT_EQ(pareto_all_forms(80, {80, 20}), tier::a);
    EXPECT_EQ(pareto_all_forms(20, {80, 20}), tier::b);
    // Exactly at b_share: G = 95 = 0.95·100 -> C.
    EXPECT_EQ(pareto_all_forms(5, {95, 5}), tier::c);
    // Shares equal to 1: everyone with a positive value is A.
    EXPECT_EQ(pareto_all_forms(1, {99, 1}, {1.0, 1.0}), tier::a);
}

TEST(ParetoTier, TiesShareATier) {
    const std::vector<double> ties{60, 20, 20, 20};  // S = 120, a·S = 96
    EXPECT_EQ(pareto_all_forms(60, ties), tier::a);
    // Each 20 has G = 60 (only strictly greater values count), so all three are A.
    EXPECT_EQ(pareto_all_forms(20, ties), tier::a);
}

TEST(ParetoTier, ZeroAndNegativeValuesAreC) {
    const std::vector<double> mixed{100, -40, 0, 20};
    EXPECT_EQ(pareto_all_forms(0, mixed), tier::c);
    EXPECT_EQ(pareto_all_forms(-40, mixed), tier::c);
    // Negative values do not reduce S: S = 120, a·S = 96; 20 has G = 100 -> B? 100 < 114 -> B.
    EXPECT_EQ(pareto_all_forms(20, mixed), tier::b);
}

TEST(ParetoTier, ValueNotInTheListIsClassifiedAgainstIt) {
    EXPECT_EQ(crm::pareto_tier(1000, kSales, {}), tier::a);
    EXPECT_EQ(crm::pareto_tier(40, kSales, {}), tier::a);  // G = 150
    EXPECT_EQ(crm::pareto_tier(20, kSales, {}), tier::b);  // G = 180
}

TEST(ParetoTier, Errors) {
    EXPECT_THROW(crm::pareto_tier(5, std::vector<double>{}, {}), crm::illegal_argument);        // empty: S = 0
    EXPECT_THROW(crm::pareto_tier(5, std::vector<double>{0, -3}, {}), crm::illegal_argument);   // S = 0
    EXPECT_THROW(crm::pareto_tier(0, std::vector<double>{0, -3}, {}), crm::illegal_argument);   // S = 0 even for C
    EXPECT_THROW(crm::pareto_tier(5, kSales, {0.0, 0.9}), crm::illegal_argument);
    EXPECT_THROW(crm::pareto_tier(5, kSales, {0.9, 0.8}), crm::illegal_argument);
    EXPECT_THROW(crm::pareto_tier(5, kSales, {0.8, 1.01}), crm::illegal_argument);
    EXPECT_THROW(crm::pareto_tier(5, kSales, {-0.1, 0.5}), crm::illegal_argument);
    EXPECT_THROW(crm::pareto_tier(std::nan(""), kSales, {}), crm::illegal_argument);
    const double big = std::numeric_limits<double>::max();
    EXPECT_THROW(crm::pareto_tier(5, std::vector<double>{big, big}, {}), crm::illegal_argument);  // S overflows
    EXPECT_THROW(crm::pareto_tiers(std::vector<std::optional<double>>{std::nullopt}, {}), crm::illegal_argument);
}

TEST(ParetoTiers, BlankAndTextCellsGetNoTierAndDoNotCount) {
    const std::vector<std::optional<double>> cells{100, std::nullopt, 50, 30, std::nullopt, 10, 5, 3, 2};
    const auto tiers = crm::pareto_tiers(cells, {});
    ASSERT_EQ(tiers.size(), cells.size());
    EXPECT_FALSE(tiers[1]);
    EXPECT_FALSE(tiers[4]);
    const std::vector<tier> expected{tier::a, tier::a, tier::a, tier::b, tier::c, tier::c, tier::c};
    std::vector<tier> got;
    for (const auto& t : tiers)
        if (t) got.push_back(*t);
    EXPECT_EQ(got, expected);
}

// The Pareto property on a million customers: the A tier reaches a_share of S,
// and is the smallest such set of top customers (dropping its smallest value
// falls below the line).
TEST(ParetoTiers, MillionValuesKeepTheParetoProperty) {
    std::mt19937_64 rng(2026);
    std::lognormal_distribution<double> sales(9.0, 1.5);
    std::vector<std::optional<double>> cells(1'000'000);
    for (auto& cell : cells) cell = std::round(sales(rng) * 100.0) / 100.0;
    const crm::pareto_shares shares{0.8, 0.95};
    const auto tiers = crm::pareto_tiers(cells, shares);
    crm::exact_sum total, a_sum, ab_sum;
    double smallest_a = std::numeric_limits<double>::infinity();
    double smallest_ab = smallest_a;
    for (std::size_t i = 0; i < cells.size(); ++i) {
        total.add(*cells[i]);
        ASSERT_TRUE(tiers[i]);
        if (*tiers[i] != tier::c) {
            ab_sum.add(*cells[i]);
            smallest_ab = std::min(smallest_ab, *cells[i]);
        }
        if (*tiers[i] == tier::a) {
            a_sum.add(*cells[i]);
            smallest_a = std::min(smallest_a, *cells[i]);
        }
    }
    const double s = total.value();
    EXPECT_GE(a_sum.value(), 0.8 * s);
    EXPECT_GE(ab_sum.value(), 0.95 * s);
    crm::exact_sum above_smallest_a;
    for (const auto& cell : cells)
        if (*cell > smallest_a) above_smallest_a.add(*cell);
    EXPECT_LT(above_smallest_a.value(), 0.8 * s);
    // Plain and handle forms agree with the array form on a sample of rows.
    std::vector<double> numbers;
    numbers.reserve(cells.size());
    for (const auto& cell : cells) numbers.push_back(*cell);
    const crm::ranked_column column(numbers);
    for (std::size_t i = 0; i < cells.size(); i += 9973) {
        EXPECT_EQ(crm::pareto_tier(*cells[i], column, shares), *tiers[i]);
        EXPECT_EQ(crm::pareto_tier(*cells[i], numbers, shares), *tiers[i]);
    }
}

// Boundaries that rounding could flip: integer and cent values, shares chosen
// so that a_share·S equals a prefix sum exactly; the three forms must agree.
TEST(ParetoTier, FormsAgreeAtRoundingBoundaries) {
    std::mt19937_64 rng(11);
    std::uniform_int_distribution<int> cents(1, 2000);
    for (int trial = 0; trial < 40; ++trial) {
        std::vector<double> numbers(200);
        for (double& x : numbers) x = cents(rng) / 100.0;
        const crm::ranked_column column(numbers);
        const double s = column.positive_sum();
        const auto sorted = column.sorted();
        const double prefix = column.positive_sum_at_least(sorted[sorted.size() - 1 - trial]);
        const crm::pareto_shares shares{std::min(prefix / s, 1.0), 1.0};
        for (double x : numbers)
            EXPECT_EQ(crm::pareto_tier(x, numbers, shares), crm::pareto_tier(x, column, shares));
    }
}

TEST(CountTier, SpecRule) {
    const std::vector<double> ten{1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    const crm::ranked_column column(ten);
    // n = 10: A while k < 2, B while k < 5.
    for (double v : {10.0, 9.0}) EXPECT_EQ(crm::count_tier(v, ten, {}), tier::a);
    for (double v : {8.0, 7.0, 6.0}) EXPECT_EQ(crm::count_tier(v, ten, {}), tier::b);
    for (double v : {5.0, 1.0}) EXPECT_EQ(crm::count_tier(v, ten, {}), tier::c);
    for (double v : ten) EXPECT_EQ(crm::count_tier(v, ten, {}), crm::count_tier(v, column, {}));
    // Ties share a tier: three equal top values all have k = 0.
    EXPECT_EQ(crm::count_tier(5, std::vector<double>{5, 5, 5, 1}, {}), tier::a);
    // Negative values count as customers.
    EXPECT_EQ(crm::count_tier(-1, std::vector<double>{-1, -2, -3, -4, -5}, {}), tier::a);
}

TEST(CountTier, Errors) {
    EXPECT_THROW(crm::count_tier(1, std::vector<double>{}, {}), crm::illegal_argument);
    EXPECT_THROW(crm::count_tier(1, std::vector<double>{1}, {0.6, 0.5}), crm::illegal_argument);
    EXPECT_THROW(crm::count_tier(1, std::vector<double>{1}, {0.0, 0.5}), crm::illegal_argument);
    EXPECT_THROW(crm::count_tier(1, std::vector<double>{1}, {0.2, 1.5}), crm::illegal_argument);
}

TEST(GrowthTier, SpecRule) {
    EXPECT_EQ(crm::growth_tier(0.2, -0.5, 0.0, {}), tier::a);   // >= a_growth
    EXPECT_EQ(crm::growth_tier(0.1, 0.1, 0.5, {}), tier::b);    // every B condition at its boundary
    EXPECT_EQ(crm::growth_tier(0.1, 0.1, 0.49, {}), tier::c);   // loyalty short
    EXPECT_EQ(crm::growth_tier(0.1, 0.09, 0.9, {}), tier::c);   // previous growth short
    EXPECT_EQ(crm::growth_tier(0.19, 0.5, 1.0, {}), tier::b);
    EXPECT_EQ(crm::growth_tier(0.05, 0.5, 1.0, {0.04, 0.01, 0.5}), tier::a);
    EXPECT_THROW(crm::growth_tier(std::nan(""), 0, 0, {}), crm::illegal_argument);
}

TEST(ParetoShare, SpecRule) {
    const crm::ranked_column column(kSales);
    EXPECT_DOUBLE_EQ(crm::pareto_share(100, kSales), 0.5);
    EXPECT_DOUBLE_EQ(crm::pareto_share(30, kSales), 0.9);
    EXPECT_DOUBLE_EQ(crm::pareto_share(2, kSales), 1.0);
    EXPECT_EQ(crm::pareto_share(0, kSales), 1.0);
    EXPECT_EQ(crm::pareto_share(-7, kSales), 1.0);
    EXPECT_EQ(crm::pareto_share(1000, kSales), 0.0);
    for (double v : {100.0, 50.0, 30.0, 10.0, 5.0, 3.0, 2.0, 7.5})
        EXPECT_EQ(crm::pareto_share(v, kSales), crm::pareto_share(v, column));
    EXPECT_THROW(crm::pareto_share(1, std::vector<double>{-1, 0}), crm::illegal_argument);
}

TEST(Growth, SpecRule) {
    EXPECT_DOUBLE_EQ(crm::growth(120, 100), 0.2);
    EXPECT_DOUBLE_EQ(crm::growth(0, 100), -1.0);
    EXPECT_THROW(crm::growth(10, 0), crm::illegal_argument);
    EXPECT_THROW(crm::growth(10, -5), crm::illegal_argument);
}

TEST(Cagr, SpecRule) {
    EXPECT_NEAR(crm::cagr(100, 121, 2), 0.1, 1e-12);
    EXPECT_DOUBLE_EQ(crm::cagr(100, 0, 3), -1.0);
    EXPECT_NEAR(crm::cagr(50, 100, 1), 1.0, 1e-12);
    EXPECT_THROW(crm::cagr(0, 100, 2), crm::illegal_argument);
    EXPECT_THROW(crm::cagr(100, -1, 2), crm::illegal_argument);
    EXPECT_THROW(crm::cagr(100, 121, 0), crm::illegal_argument);
    EXPECT_THROW(crm::cagr(1e-300, 1e300, 0.001), crm::illegal_argument);  // overflows: not finite
}

}  // namespace
