// Tests of ranked_column: counts and tail sums by binary search agree with a plain scan.
#include "crm/ranked_column.hpp"

#include <gtest/gtest.h>

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

TEST(RankedColumn, MemoryIsAboutTwoDoublesPerValue) {
    const crm::ranked_column column(std::vector<double>(100000, 1.0));
    EXPECT_GE(column.memory_bytes(), 100000 * sizeof(double) * 2);
    EXPECT_LE(column.memory_bytes(), 100000 * sizeof(double) * 3);
}

}  // namespace
