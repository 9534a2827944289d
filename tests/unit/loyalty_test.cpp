// Tests of RFM scores and segments, the loyalty index, retention and churn (spec "Loyalty").
#include "crm/loyalty.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <iostream>
#include <optional>
#include <random>
#include <vector>

#include "crm/error.hpp"

namespace {

using crm::ranked_column;

std::vector<double> one_to_ten() { return {7, 3, 10, 1, 5, 9, 2, 8, 6, 4}; }

TEST(rfm, scores_follow_the_spec_formulas) {
    const ranked_column c(one_to_ten());
    // F and M: min(bins, 1 + floor(bins * L / n)), L = count strictly less.
    EXPECT_EQ(crm::rfm_score_ascending(1, c), 1);
    EXPECT_EQ(crm::rfm_score_ascending(2, c), 1);
    EXPECT_EQ(crm::rfm_score_ascending(3, c), 2);
    EXPECT_EQ(crm::rfm_score_ascending(10, c), 5);
    EXPECT_EQ(crm::rfm_score_ascending(100, c), 5);  // L = n: capped at bins
    EXPECT_EQ(crm::rfm_score_ascending(-5, c), 1);
    // R: G = count strictly greater; fewer days since the last purchase score higher.
    EXPECT_EQ(crm::rfm_score_recency(1, c), 5);
    EXPECT_EQ(crm::rfm_score_recency(10, c), 1);
    EXPECT_EQ(crm::rfm_score_recency(8, c), 1 + 5 * 2 / 10);
    EXPECT_EQ(crm::rfm_score_recency(0, c), 5);
    // Other bin counts.
    EXPECT_EQ(crm::rfm_score_ascending(10, c, 9), std::min(9, 1 + 9 * 9 / 10));
    EXPECT_EQ(crm::rfm_score_ascending(6, c, 2), 2);
    EXPECT_EQ(crm::rfm_score_ascending(5, c, 2), 1);
    const crm::rfm_scores s = crm::rfm(1, 10, 3, c, c, c);
    EXPECT_EQ(s.recency, 5);
    EXPECT_EQ(s.frequency, 5);
    EXPECT_EQ(s.monetary, 2);
}

TEST(rfm, ties_share_a_score) {
    const std::vector<double> values{1, 1, 1, 1, 5, 5, 9};
    const ranked_column c(values);
    EXPECT_EQ(crm::rfm_score_ascending(1, c), 1);
    EXPECT_EQ(crm::rfm_score_ascending(5, c), 1 + 5 * 4 / 7);
    EXPECT_EQ(crm::rfm_score_ascending(9, c), 1 + 5 * 6 / 7);
    EXPECT_EQ(crm::rfm_score_recency(1, c), 1 + 5 * 3 / 7);
    EXPECT_EQ(crm::rfm_score_recency(5, c), 1 + 5 * 1 / 7);
    // All equal: nobody is below or above, everyone scores 1.
    const ranked_column same(std::vector<double>(100, 3.0));
    EXPECT_EQ(crm::rfm_score_ascending(3, same), 1);
    EXPECT_EQ(crm::rfm_score_recency(3, same), 1);
}

TEST(rfm, raw_ranges_give_the_same_scores) {
    std::mt19937 rng(5);
    std::uniform_int_distribution<int> d(0, 40);
    std::vector<double> r(500), f(500), m(500);
    for (auto* v : {&r, &f, &m})
        for (double& e : *v) e = d(rng);
    const ranked_column rc(r), fc(f), mc(m);
    for (int bins = 2; bins <= 9; ++bins)
        for (int i = 0; i < 500; i += 7) {
            const auto a = crm::rfm(r[i], f[i], m[i], rc, fc, mc, bins);
            const auto b = crm::rfm(r[i], f[i], m[i], std::span<const double>(r), std::span<const double>(f),
                                    std::span<const double>(m), bins);
            EXPECT_EQ(a.recency, b.recency);
            EXPECT_EQ(a.frequency, b.frequency);
            EXPECT_EQ(a.monetary, b.monetary);
        }
}

TEST(rfm, scores_are_monotone_and_in_range) {
    std::mt19937 rng(11);
    std::normal_distribution<double> d(100, 30);
    std::vector<double> values(2000);
    for (double& v : values) v = std::round(d(rng));
    const ranked_column c(values);
    std::vector<double> probes = values;
    std::sort(probes.begin(), probes.end());
    for (int bins = 2; bins <= 9; ++bins) {
        int last_up = 0, last_down = bins + 1;
        for (double v : probes) {
            const int up = crm::rfm_score_ascending(v, c, bins);
            const int down = crm::rfm_score_recency(v, c, bins);
            EXPECT_GE(up, last_up);
            EXPECT_LE(down, last_down);
            EXPECT_TRUE(up >= 1 && up <= bins);
            EXPECT_TRUE(down >= 1 && down <= bins);
            last_up = up;
            last_down = down;
        }
        EXPECT_EQ(last_up, bins);
        EXPECT_EQ(crm::rfm_score_recency(probes.front(), c, bins), bins);
    }
}

TEST(rfm, errors) {
    using crm::illegal_argument;
    const ranked_column c(one_to_ten()), empty;
    for (double bins : {1.0, 10.0, 0.0, -3.0, 2.5, double(NAN), double(INFINITY)}) {
        EXPECT_THROW(crm::rfm_score_ascending(1, c, bins), illegal_argument) << bins;
        EXPECT_THROW(crm::rfm_score_recency(1, c, bins), illegal_argument) << bins;
    }
    EXPECT_EQ(crm::rfm_bins(2.0), 2);
    EXPECT_EQ(crm::rfm_bins(9.0), 9);
    EXPECT_THROW(crm::rfm_score_ascending(1, empty), illegal_argument);
    EXPECT_THROW(crm::rfm_score_recency(1, empty), illegal_argument);
    EXPECT_THROW(crm::rfm_score_ascending(NAN, c), illegal_argument);
    EXPECT_THROW(crm::rfm_score_recency(INFINITY, c), illegal_argument);
    const std::vector<double> v = one_to_ten(), none, bad{1, NAN};
    EXPECT_THROW(crm::rfm(1, 1, 1, std::span<const double>(v), std::span<const double>(none), std::span<const double>(v)),
                 illegal_argument);
    EXPECT_THROW(crm::rfm(1, 1, 1, std::span<const double>(v), std::span<const double>(bad), std::span<const double>(v)),
                 illegal_argument);
    EXPECT_THROW(crm::rfm(NAN, 1, 1, std::span<const double>(v), std::span<const double>(v), std::span<const double>(v)),
                 illegal_argument);
}

TEST(rfm, per_row_calls_on_100000_customers_are_logarithmic) {
    std::mt19937 rng(3);
    std::exponential_distribution<double> d(0.01);
    std::vector<double> values(100000);
    for (double& v : values) v = std::round(d(rng));
    const auto start = std::chrono::steady_clock::now();
    const ranked_column c(values);
    long long total = 0;
    for (double v : values) total += crm::rfm_score_ascending(v, c) + crm::rfm_score_recency(v, c);
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    std::cout << "[ timing ] sort + 2 x 100000 RFM scores: " << ms << " ms\n";
    EXPECT_GT(total, 0);
    EXPECT_LT(ms, 500.0);
}

TEST(rfm_segment, table_of_all_scores) {
    using S = crm::rfm_segment;
    // Rows R = 1..5, columns F = 1..5, derived by hand from the spec's ten ordered rules.
    const S expected[5][5] = {
        {S::hibernating, S::hibernating, S::at_risk, S::at_risk, S::cant_lose_them},
        {S::hibernating, S::hibernating, S::at_risk, S::at_risk, S::cant_lose_them},
        {S::about_to_sleep, S::about_to_sleep, S::need_attention, S::loyal, S::loyal},
        {S::promising, S::potential_loyalists, S::loyal, S::champions, S::champions},
        {S::new_customers, S::potential_loyalists, S::loyal, S::champions, S::champions},
    };
    for (int r = 1; r <= 5; ++r)
        for (int f = 1; f <= 5; ++f) EXPECT_EQ(crm::segment_of(r, f), expected[r - 1][f - 1]) << r << f;
}

TEST(rfm_segment, ten_segments_and_errors) {
    EXPECT_EQ(crm::rfm_segment_count, 10u);
    for (double bad : {0.0, 6.0, 2.5, -1.0, double(NAN), double(INFINITY)}) {
        EXPECT_THROW(crm::segment_of(bad, 3), crm::illegal_argument) << bad;
        EXPECT_THROW(crm::segment_of(3, bad), crm::illegal_argument) << bad;
    }
}

TEST(loyalty, mid_rank_percentiles_and_weights) {
    const std::vector<ranked_column> table{ranked_column(std::vector<double>{1, 2, 3, 4}),
                                           ranked_column(std::vector<double>{10, 20, 30, 40})};
    const std::vector<std::optional<double>> signals{3.0, 40.0};
    // p1 = (2 + 0.5) / 4, p2 = (3 + 0.5) / 4.
    EXPECT_DOUBLE_EQ(crm::loyalty_index(signals, table), 100 * (0.625 + 0.875) / 2);
    const std::vector<double> weights{3, 1};
    EXPECT_DOUBLE_EQ(crm::loyalty_index(signals, table, weights), 100 * (3 * 0.625 + 0.875) / 4);
    // A signal that is not a number leaves its column out.
    const std::vector<std::optional<double>> partial{std::nullopt, 40.0};
    EXPECT_DOUBLE_EQ(crm::loyalty_index(partial, table, weights), 87.5);
    // A zero weight leaves its column out too.
    const std::vector<double> only_first{1, 0};
    EXPECT_DOUBLE_EQ(crm::loyalty_index(signals, table, only_first), 62.5);
    // Ties: all equal gives the middle.
    const std::vector<ranked_column> flat{ranked_column(std::vector<double>(9, 5.0))};
    const std::vector<std::optional<double>> five{5.0};
    EXPECT_DOUBLE_EQ(crm::loyalty_index(five, flat), 50.0);
    // A value outside the column's range.
    const std::vector<std::optional<double>> beyond{99.0, -1.0};
    EXPECT_DOUBLE_EQ(crm::loyalty_index(beyond, table), 50.0);
}

TEST(loyalty, raw_columns_match_ranked_columns_and_stay_in_range) {
    std::mt19937 rng(17);
    std::uniform_int_distribution<int> d(0, 20);
    std::uniform_real_distribution<double> w(0, 5);
    const int k = 5, n = 300;
    std::vector<std::vector<double>> raw(k, std::vector<double>(n));
    for (auto& col : raw)
        for (double& v : col) v = d(rng);
    std::vector<ranked_column> sorted;
    for (const auto& col : raw) sorted.emplace_back(col);
    for (int trial = 0; trial < 200; ++trial) {
        std::vector<std::optional<double>> signals(k);
        for (auto& s : signals)
            if (d(rng) % 4 != 0) s = static_cast<double>(d(rng) - 2);
        if (std::none_of(signals.begin(), signals.end(), [](const auto& s) { return s.has_value(); })) signals[0] = 1.0;
        std::vector<double> weights(k);
        for (double& x : weights) x = w(rng);
        const double a = crm::loyalty_index(signals, sorted, weights);
        const double b = crm::loyalty_index(signals, raw, weights);
        EXPECT_NEAR(a, b, 1e-12);
        EXPECT_GE(a, 0.0);
        EXPECT_LE(a, 100.0);
    }
}

TEST(loyalty, errors) {
    using crm::illegal_argument;
    const std::vector<ranked_column> table{ranked_column(std::vector<double>{1, 2}), ranked_column(std::vector<double>{3, 4})};
    const std::vector<std::optional<double>> two{1.0, 3.0}, one{1.0}, none{std::nullopt, std::nullopt};
    EXPECT_THROW(crm::loyalty_index(one, table), illegal_argument);
    EXPECT_THROW(crm::loyalty_index(none, table), illegal_argument);
    const std::vector<double> three_weights{1, 1, 1}, negative{1, -1}, zeros{0, 0}, nan_weight{1, NAN};
    EXPECT_THROW(crm::loyalty_index(two, table, three_weights), illegal_argument);
    EXPECT_THROW(crm::loyalty_index(two, table, negative), illegal_argument);
    EXPECT_THROW(crm::loyalty_index(two, table, zeros), illegal_argument);
    EXPECT_THROW(crm::loyalty_index(two, table, nan_weight), illegal_argument);
    const std::vector<std::optional<double>> first_missing{std::nullopt, 3.0};
    const std::vector<double> weight_on_missing{1, 0};
    EXPECT_THROW(crm::loyalty_index(first_missing, table, weight_on_missing), illegal_argument);
    const std::vector<ranked_column> with_empty{ranked_column(std::vector<double>{1, 2}), ranked_column()};
    EXPECT_THROW(crm::loyalty_index(two, with_empty), illegal_argument);
    const std::vector<std::optional<double>> not_finite{1.0, NAN};
    EXPECT_THROW(crm::loyalty_index(not_finite, table), illegal_argument);
}

TEST(retention, rules) {
    EXPECT_DOUBLE_EQ(crm::retention(100, 90, 10), 0.8);
    EXPECT_DOUBLE_EQ(crm::churn(100, 90, 10), 0.2);
    EXPECT_DOUBLE_EQ(crm::retention(100, 130, 10), 1.2);  // the formula as specified; no cap
    EXPECT_DOUBLE_EQ(crm::retention(100, 10, 10), 0.0);
    EXPECT_DOUBLE_EQ(crm::churn(100, 10, 10), 1.0);
    using crm::illegal_argument;
    EXPECT_THROW(crm::retention(0, 10, 1), illegal_argument);
    EXPECT_THROW(crm::retention(-5, 10, 1), illegal_argument);
    EXPECT_THROW(crm::retention(10, -1, 0), illegal_argument);
    EXPECT_THROW(crm::retention(10, 5, -1), illegal_argument);
    EXPECT_THROW(crm::retention(10, 5, 6), illegal_argument);
    EXPECT_THROW(crm::churn(10, 5, 6), illegal_argument);
    EXPECT_THROW(crm::retention(NAN, 5, 1), illegal_argument);
    EXPECT_THROW(crm::retention(10, INFINITY, 1), illegal_argument);
}

}  // namespace
