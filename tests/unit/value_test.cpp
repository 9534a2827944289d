// Tests of margin, profit and customer lifetime value (spec "Profitability").
#include "crm/value.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "crm/error.hpp"

namespace {

using crm::illegal_argument;

TEST(margin, rules) {
    EXPECT_DOUBLE_EQ(crm::margin(100, 60), 0.4);
    EXPECT_DOUBLE_EQ(crm::margin(100, 150), -0.5);
    EXPECT_THROW(crm::margin(0, 10), illegal_argument);
    EXPECT_THROW(crm::margin(-1, 10), illegal_argument);
    EXPECT_THROW(crm::margin(NAN, 10), illegal_argument);
    EXPECT_THROW(crm::margin(100, INFINITY), illegal_argument);
}

TEST(profit, rules) {
    EXPECT_DOUBLE_EQ(crm::profit(1000, 600), 400);
    EXPECT_DOUBLE_EQ(crm::profit(1000, 600, 50, 25, 400), -75);
    EXPECT_THROW(crm::profit(INFINITY, 1), illegal_argument);
    EXPECT_THROW(crm::profit(1, 1, NAN), illegal_argument);
}

TEST(clv, seed_example) {
    // 100 a week, 50 weeks a year, 10 years, no discounting.
    EXPECT_DOUBLE_EQ(crm::clv(5000, 1, 0, 10), 50000);
}

TEST(clv, finite_sum_matches_definition) {
    const double m = 120, r = 0.85, d = 0.1;
    double sum = 0;
    for (int t = 1; t <= 7; ++t) sum += m * std::pow(r, t - 1) / std::pow(1 + d, t);
    EXPECT_NEAR(crm::clv(m, r, d, 7), sum, 1e-10);
    EXPECT_DOUBLE_EQ(crm::clv(m, r, d, 1), m / (1 + d));
    EXPECT_DOUBLE_EQ(crm::clv(m, 0, d, 5), m / (1 + d));  // nobody stays after the first period
    EXPECT_NEAR(crm::clv(m, r, -0.5, 3), m / 0.5 + m * r / 0.25 + m * r * r / 0.125, 1e-9);
}

TEST(clv, long_horizons_use_the_closed_form_consistently) {
    const double m = 10, r = 0.9999, d = 0.0001;
    double sum = 0, kept = 1, disc = 1;
    for (int t = 1; t <= 20000; ++t) {
        disc *= 1 + d;
        sum += m * kept / disc;
        kept *= r;
    }
    EXPECT_NEAR(crm::clv(m, r, d, 20000), sum, 1e-9 * sum);
    EXPECT_NEAR(crm::clv(m, 1, 0, 1e6), 1e7, 1e-3);
    // Many periods approach the infinite sum.
    EXPECT_NEAR(crm::clv(100, 0.8, 0.1, 1e6), crm::clv(100, 0.8, 0.1), 1e-9);
    EXPECT_NEAR(crm::clv(100, 0.8, 0.1, 200), crm::clv(100, 0.8, 0.1), 1e-9);
}

TEST(clv, infinite_sum) {
    EXPECT_DOUBLE_EQ(crm::clv(100, 0.8, 0.1), 100 / 0.3);
    EXPECT_DOUBLE_EQ(crm::clv(100, 0, 0), 100);
    EXPECT_THROW(crm::clv(100, 1, 0), illegal_argument);     // retention = 1 + discount rate
    EXPECT_THROW(crm::clv(100, 0.9, -0.2), illegal_argument);  // retention > 1 + discount rate
}

TEST(clv, errors) {
    EXPECT_THROW(crm::clv(100, -0.1, 0.1), illegal_argument);
    EXPECT_THROW(crm::clv(100, 1.1, 0.5), illegal_argument);
    EXPECT_THROW(crm::clv(100, 0.5, -1), illegal_argument);
    EXPECT_THROW(crm::clv(100, 0.5, -2), illegal_argument);
    for (double periods : {0.0, -1.0, 2.5, double(NAN), double(INFINITY)}) {
        EXPECT_THROW(crm::clv(100, 0.5, 0.1, periods), illegal_argument) << periods;
    }
    EXPECT_THROW(crm::clv(NAN, 0.5, 0.1), illegal_argument);
    EXPECT_THROW(crm::clv(100, NAN, 0.1, 3), illegal_argument);
    EXPECT_THROW(crm::clv(100, 0.5, INFINITY, 3), illegal_argument);
    EXPECT_THROW(crm::clv(1e308, 1, -0.9999, 100), illegal_argument);  // overflow is not a result
}

TEST(clv, grows_with_retention_and_falls_with_discount_rate) {
    std::mt19937 rng(8);
    std::uniform_real_distribution<double> unit(0, 1), rate(-0.5, 1.0), margin(1, 1000);
    for (int trial = 0; trial < 500; ++trial) {
        const double m = margin(rng), d = rate(rng);
        double r1 = unit(rng), r2 = unit(rng);
        if (r1 > r2) std::swap(r1, r2);
        if (r1 == r2) continue;
        const double periods = 1 + std::floor(unit(rng) * 30);
        EXPECT_LT(crm::clv(m, r1, d, periods), crm::clv(m, r2, d, periods) + (periods == 1 ? 1e-9 : 0));
        if (r2 < 1 + d) {
            EXPECT_LT(crm::clv(m, r1, d), crm::clv(m, r2, d));
        }
        const double d2 = d + 0.01 + unit(rng);
        EXPECT_GT(crm::clv(m, r1, d, periods), crm::clv(m, r1, d2, periods));
        if (r1 < 1 + d) {
            EXPECT_GT(crm::clv(m, r1, d), crm::clv(m, r1, d2));
        }
    }
}

const crm::bgnbd_params purchases{0.2426, 4.4135, 0.7929, 2.4258};
const crm::gamma_gamma_params spend{6.25, 3.74, 15.44};

TEST(clv_model, matches_the_spec_formula) {
    const double horizon = 52, step = 4, d = 0.01;
    const double value = crm::expected_average_value(2, 22.35, spend);
    double sum = 0;
    for (int i = 1; i <= 13; ++i)
        sum += value *
               (crm::expected_purchases(i * step, 2, 30.43, 38.86, purchases) -
                crm::expected_purchases((i - 1) * step, 2, 30.43, 38.86, purchases)) /
               std::pow(1 + d, i);
    EXPECT_NEAR(crm::clv_model(horizon, 2, 30.43, 38.86, 22.35, purchases, spend, d, step), sum, 1e-9);
}

TEST(clv_model, without_discounting_it_telescopes) {
    const double value = crm::expected_average_value(7, 73.74, spend);
    EXPECT_NEAR(crm::clv_model(39, 7, 29.43, 38.86, 73.74, purchases, spend),
                value * crm::expected_purchases(39, 7, 29.43, 38.86, purchases), 1e-9);
    // Discounting lowers it; x = 0 customers are valued with the population mean spend.
    EXPECT_LT(crm::clv_model(39, 7, 29.43, 38.86, 73.74, purchases, spend, 0.01),
              crm::clv_model(39, 7, 29.43, 38.86, 73.74, purchases, spend));
    EXPECT_GT(crm::clv_model(52, 0, 0, 38.86, 0, purchases, spend), 0.0);
}

TEST(lifetime_steps, a_yearly_rate_compounds_over_thirteen_four_week_steps) {
    const auto none = crm::lifetime_steps_for(0);
    ASSERT_TRUE(none);
    EXPECT_EQ(none->step_weeks, 52.0);  // undiscounted: one step, the sum telescopes
    EXPECT_EQ(none->step_rate, 0.0);
    const auto ten = crm::lifetime_steps_for(0.10);
    ASSERT_TRUE(ten);
    EXPECT_EQ(ten->step_weeks, 4.0);
    EXPECT_NEAR(std::pow(1 + ten->step_rate, 13), 1.10, 1e-12);  // a year of steps is the yearly rate
    // A customer's value a year out is worth 1/1.1 today: one purchase expected at the very end of the year,
    // and the discounted value of the whole year lies between the undiscounted one and it divided by 1.1.
    const double plain = crm::clv_model(52, 2, 30.43, 38.86, 22.35, purchases, spend, none->step_rate, none->step_weeks);
    const double discounted = crm::clv_model(52, 2, 30.43, 38.86, 22.35, purchases, spend, ten->step_rate, ten->step_weeks);
    EXPECT_LT(discounted, plain);
    EXPECT_GT(discounted, plain / 1.10);
    for (const double bad : {-0.01, 1.5, std::nan(""), HUGE_VAL}) EXPECT_FALSE(crm::lifetime_steps_for(bad)) << bad;
}

TEST(clv_model, errors) {
    EXPECT_THROW(crm::clv_model(0, 2, 30, 38, 20, purchases, spend), illegal_argument);
    EXPECT_THROW(crm::clv_model(10, 2, 30, 38, 20, purchases, spend, 0, 3), illegal_argument);  // not whole steps
    EXPECT_THROW(crm::clv_model(10, 2, 30, 38, 20, purchases, spend, 0, 0), illegal_argument);
    EXPECT_THROW(crm::clv_model(10, 2, 30, 38, 20, purchases, spend, -1), illegal_argument);
    EXPECT_THROW(crm::clv_model(10, 2, 30, 38, 20, purchases, {6.25, 1.0, 15.44}), illegal_argument);
    EXPECT_THROW(crm::clv_model(10, 2, 40, 38, 20, purchases, spend), illegal_argument);
    EXPECT_THROW(crm::clv_model(10, 2, 30, 38, 20, {0, 1, 1, 1}, spend), illegal_argument);
    EXPECT_THROW(crm::clv_model(NAN, 2, 30, 38, 20, purchases, spend), illegal_argument);
}

}  // namespace
