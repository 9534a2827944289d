// Tests of visits per year and the next visit date on working days (spec "Visits").
#include "crm/visits.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "crm/error.hpp"

namespace {

using crm::illegal_argument;

constexpr double monday_2024_01_01 = 45292;  // Calc serial of Monday 1 January 2024

TEST(visits_per_year, tiers) {
    EXPECT_EQ(crm::visits_per_year("A"), 12);
    EXPECT_EQ(crm::visits_per_year("a"), 12);
    EXPECT_EQ(crm::visits_per_year("B"), 4);
    EXPECT_EQ(crm::visits_per_year("c"), 1);
    EXPECT_EQ(crm::visits_per_year("B", 24, 6, 2), 6);
    EXPECT_EQ(crm::visits_per_year("C", 24, 6, 0.5), 0.5);
    for (const char* bad : {"D", "", "AB", " A", "1"}) EXPECT_THROW(crm::visits_per_year(bad), illegal_argument) << bad;
    EXPECT_THROW(crm::visits_per_year("A", 0), illegal_argument);
    EXPECT_THROW(crm::visits_per_year("A", -12), illegal_argument);
    EXPECT_THROW(crm::visits_per_year("A", 12, 4, 0), illegal_argument);
    EXPECT_THROW(crm::visits_per_year("B", 12, NAN), illegal_argument);
    EXPECT_THROW(crm::visits_per_year("C", INFINITY), illegal_argument);
}

TEST(calendar, weekdays_of_calc_serials) {
    EXPECT_FALSE(crm::is_weekday(0));  // Saturday 1899-12-30
    EXPECT_FALSE(crm::is_weekday(1));  // Sunday
    EXPECT_TRUE(crm::is_weekday(2));   // Monday 1900-01-01
    EXPECT_TRUE(crm::is_weekday(monday_2024_01_01));
    EXPECT_TRUE(crm::is_weekday(monday_2024_01_01 + 4));   // Friday
    EXPECT_FALSE(crm::is_weekday(monday_2024_01_01 + 5));  // Saturday
    EXPECT_FALSE(crm::is_weekday(monday_2024_01_01 + 6.9));
    EXPECT_TRUE(crm::is_weekday(-1));   // Friday 1899-12-29 (Calc allows dates before day 0)
    EXPECT_FALSE(crm::is_weekday(-6));  // Sunday 1899-12-24
}

TEST(next_visit, intervals_by_tier) {
    // A: 365/12 = 30.42 -> 30 days: Wednesday 31 January 2024.
    EXPECT_EQ(crm::next_visit(monday_2024_01_01, "A"), monday_2024_01_01 + 30);
    // B: 365/4 = 91.25 -> 91 days: Monday 1 April 2024.
    EXPECT_EQ(crm::next_visit(monday_2024_01_01, "b"), monday_2024_01_01 + 91);
    // C: 365 days: Tuesday 31 December 2024.
    EXPECT_EQ(crm::next_visit(monday_2024_01_01, "C"), monday_2024_01_01 + 365);
}

TEST(next_visit, halves_round_away_from_zero) {
    EXPECT_EQ(crm::next_visit(monday_2024_01_01, "A", {}, 2), monday_2024_01_01 + 183);      // 182.5 -> 183 (Tue)
    EXPECT_EQ(crm::next_visit(monday_2024_01_01, "A", {}, 146), monday_2024_01_01 + 3);      // 2.5 -> 3 (Thu)
    EXPECT_EQ(crm::next_visit(monday_2024_01_01, "A", {}, 365.0 / 1.4), monday_2024_01_01 + 1);  // 1.4 -> 1
}

TEST(next_visit, weekends_and_holidays_move_forward) {
    const double thursday = monday_2024_01_01 + 3;
    // Thursday + 30 days is Saturday 3 February: Monday 5 February.
    EXPECT_EQ(crm::next_visit(thursday, "A"), thursday + 32);
    // Monday a holiday (given with a time of day, unsorted, duplicated): Tuesday.
    const std::vector<double> holidays{thursday + 33, thursday + 32.5, thursday + 32, 1000};
    EXPECT_EQ(crm::next_visit(thursday, "A", holidays), thursday + 34);
    // A due date on a working day that is not a holiday stays.
    const std::vector<double> other{thursday + 40};
    EXPECT_EQ(crm::next_visit(monday_2024_01_01, "A", other), monday_2024_01_01 + 30);
    // The time of day of the last visit is dropped.
    EXPECT_EQ(crm::next_visit(monday_2024_01_01 + 0.75, "A"), monday_2024_01_01 + 30);
    // A long run of holidays.
    std::vector<double> fortnight;
    for (int k = 0; k < 14; ++k) fortnight.push_back(monday_2024_01_01 + 30 + k);
    EXPECT_EQ(crm::next_visit(monday_2024_01_01, "A", fortnight), monday_2024_01_01 + 44);
}

TEST(next_visit, always_a_working_day_after_the_interval) {
    std::mt19937 rng(21);
    std::uniform_int_distribution<int> day(40000, 50000), offset(0, 60);
    std::uniform_real_distribution<double> visits(0.5, 52);
    for (int trial = 0; trial < 2000; ++trial) {
        const double last = day(rng);
        const double a = visits(rng);
        std::vector<double> holidays;
        for (int k = 0; k < 10; ++k) holidays.push_back(last + offset(rng));
        const double next = crm::next_visit(last, "A", holidays, a);
        const double due = last + std::round(365 / a);
        EXPECT_GE(next, due);
        EXPECT_TRUE(crm::is_weekday(next));
        EXPECT_EQ(std::count(holidays.begin(), holidays.end(), next), 0);
        for (double d = due; d < next; ++d)
            EXPECT_TRUE(!crm::is_weekday(d) || std::count(holidays.begin(), holidays.end(), d) > 0);
    }
}

TEST(next_visit, errors) {
    EXPECT_THROW(crm::next_visit(NAN, "A"), illegal_argument);
    EXPECT_THROW(crm::next_visit(INFINITY, "A"), illegal_argument);
    EXPECT_THROW(crm::next_visit(1e12, "A"), illegal_argument);
    EXPECT_THROW(crm::next_visit(monday_2024_01_01, "X"), illegal_argument);
    EXPECT_THROW(crm::next_visit(monday_2024_01_01, "A", {}, 0), illegal_argument);
    EXPECT_THROW(crm::next_visit(monday_2024_01_01, "B", {}, 12, -4), illegal_argument);
    const std::vector<double> bad{NAN};
    EXPECT_THROW(crm::next_visit(monday_2024_01_01, "A", bad), illegal_argument);
}

}  // namespace
