// Tests of ranked_column: counts and tail sums by binary search agree with a plain scan.
#include "crm/ranked_column.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "crm/exact_sum.hpp"

namespace {

TEST(RankedColumn, EmptyColumn) {
    const crm::ranked_column column;
    EXPECT_EQ(column.size(), 0u);
    EXPECT_EQ(column.positive_sum(), 0.0);
    EXPECT_EQ(column.count_greater(1.0), 0u);
    EXPECT_EQ(column.positive_sum_greater(-5.0), 0.0);
    const crm::ranked_column built(std::vector<double>{});
    EXPECT_EQ(built.positive_sum_at_least(3.0), 0.0);
}

TEST(RankedColumn, CountsWithTiesAndNegatives) {
    const crm::ranked_column column({5, -2, 3, 5, 0, 5, 1});
    EXPECT_EQ(column.size(), 7u);
    EXPECT_EQ(column.count_greater(3), 3u);
    EXPECT_EQ(column.count_less(3), 3u);
    EXPECT_EQ(column.count_equal(5), 3u);
    EXPECT_EQ(column.count_equal(4), 0u);
    EXPECT_EQ(column.positive_sum(), 19.0);         // negatives and zero are not part of S
    EXPECT_EQ(column.positive_sum_greater(3), 15.0);
    EXPECT_EQ(column.positive_sum_at_least(3), 18.0);
    EXPECT_EQ(column.positive_sum_greater(-10), 19.0);
    EXPECT_EQ(column.positive_sum_greater(5), 0.0);
}

TEST(RankedColumn, AgreesWithScanOnRandomData) {
    std::mt19937_64 rng(7);
    std::normal_distribution<double> value(100.0, 80.0);
    std::vector<double> numbers(3000);
    for (double& x : numbers) x = std::round(value(rng));  // many ties
    const crm::ranked_column column(numbers);
    for (int probe = -100; probe <= 400; probe += 7) {
        const double v = probe;
        std::size_t greater = 0, less = 0, equal = 0;
        crm::exact_sum above, at_least;
        for (double x : numbers) {
            greater += x > v;
            less += x < v;
            equal += x == v;
            if (x > 0 && x > v) above.add(x);
            if (x > 0 && x >= v) at_least.add(x);
        }
        EXPECT_EQ(column.count_greater(v), greater);
        EXPECT_EQ(column.count_less(v), less);
        EXPECT_EQ(column.count_equal(v), equal);
        EXPECT_EQ(column.mid_rank(v), static_cast<double>(less) + 0.5 * static_cast<double>(equal));
        EXPECT_EQ(column.positive_sum_greater(v), above.value());
        EXPECT_EQ(column.positive_sum_at_least(v), at_least.value());
    }
}

// The searches are hand-written (branch-free): every size from 0 up, every probe below, at, between
// and above the values, against a plain scan.
TEST(RankedColumn, SearchesAgreeWithScanAtEverySize) {
    std::mt19937_64 rng(11);
    for (std::size_t n = 0; n <= 80; ++n) {
        std::vector<double> numbers(n);
        for (double& x : numbers) x = static_cast<double>(std::uniform_int_distribution<int>(-6, 6)(rng));
        const crm::ranked_column column(numbers);
        for (double v = -8.0; v <= 8.0; v += 0.5) {
            std::size_t greater = 0, less = 0, equal = 0;
            for (double x : numbers) {
                greater += x > v;
                less += x < v;
                equal += x == v;
            }
            ASSERT_EQ(column.count_less(v), less) << "n=" << n << " v=" << v;
            ASSERT_EQ(column.count_greater(v), greater) << "n=" << n << " v=" << v;
            ASSERT_EQ(column.count_equal(v), equal) << "n=" << n << " v=" << v;
            ASSERT_EQ(column.mid_rank(v), static_cast<double>(less) + 0.5 * static_cast<double>(equal));
        }
    }
}

TEST(RankedColumn, MergedIsTheSameAsRankingEverythingAtOnce) {
    std::mt19937_64 rng(5);
    std::normal_distribution<double> value(0.0, 50.0);
    std::vector<crm::ranked_column> parts;
    std::vector<double> everything;
    for (std::size_t size : {300u, 0u, 1u, 1000u, 17u}) {
        std::vector<double> numbers(size);
        for (double& x : numbers) x = std::round(value(rng) * 100.0) / 100.0;
        everything.insert(everything.end(), numbers.begin(), numbers.end());
        parts.emplace_back(std::move(numbers));
    }
    const auto merged = crm::ranked_column::merged(parts);
    const crm::ranked_column direct(everything);
    ASSERT_EQ(merged.size(), everything.size());
    EXPECT_TRUE(std::equal(merged.sorted().begin(), merged.sorted().end(), direct.sorted().begin()));
    EXPECT_EQ(merged.positive_sum(), direct.positive_sum());  // exact sums: bit-identical
    for (double v = -120.0; v <= 120.0; v += 3.7) {
        EXPECT_EQ(merged.positive_sum_greater(v), direct.positive_sum_greater(v));
        EXPECT_EQ(merged.count_less(v), direct.count_less(v));
    }
    EXPECT_EQ(crm::ranked_column::merged({}).size(), 0u);
}

TEST(RankedColumn, MemoryIsAboutTwoDoublesPerValue) {
    const crm::ranked_column column(std::vector<double>(100000, 1.0));
    EXPECT_GE(column.memory_bytes(), 100000 * sizeof(double) * 2);
    EXPECT_LE(column.memory_bytes(), 100000 * sizeof(double) * 3);
}

}  // namespace
