// Tests of Calc serial dates, weekdays and working days (spec "The visit schedule").
#include "crm/calendar.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "crm/error.hpp"

namespace {

constexpr double monday_2024_01_01 = 45292;  // Calc serial of Monday 1 January 2024

TEST(calendar_dates, known_serials) {
    EXPECT_EQ(crm::serial_from_civil({1899, 12, 30}), 0);
    EXPECT_EQ(crm::serial_from_civil({1900, 1, 1}), 2);
    EXPECT_EQ(crm::serial_from_civil({1900, 3, 1}), 61);  // Calc has no 1900-02-29
    EXPECT_EQ(crm::serial_from_civil({1970, 1, 1}), 25569);
    EXPECT_EQ(crm::serial_from_civil({2024, 1, 1}), monday_2024_01_01);
    EXPECT_EQ(crm::serial_from_civil({2024, 2, 29}), monday_2024_01_01 + 59);
    EXPECT_EQ(crm::civil_from_serial(monday_2024_01_01 + 0.75), (crm::civil_date{2024, 1, 1}));
    EXPECT_EQ(crm::civil_from_serial(-1), (crm::civil_date{1899, 12, 29}));
    EXPECT_THROW(crm::serial_from_civil({2023, 2, 29}), crm::illegal_argument);
    EXPECT_THROW(crm::serial_from_civil({2024, 13, 1}), crm::illegal_argument);
    EXPECT_THROW(crm::serial_from_civil({2024, 4, 31}), crm::illegal_argument);
    EXPECT_THROW(crm::civil_from_serial(NAN), crm::illegal_argument);
}

TEST(calendar_dates, round_trip_and_consecutive_days) {
    // Property: every serial of several centuries maps to a date and back, and consecutive
    // serials are consecutive calendar days.
    crm::civil_date previous = crm::civil_from_serial(-40000);
    for (double s = -39999; s <= 120000; ++s) {
        const crm::civil_date d = crm::civil_from_serial(s);
        ASSERT_EQ(crm::serial_from_civil(d), s);
        const bool next_day = d.day == previous.day + 1 && d.month == previous.month && d.year == previous.year;
        const bool next_month = d.day == 1 && (d.month == previous.month + 1 || (d.month == 1 && previous.month == 12));
        ASSERT_TRUE(next_day || next_month) << s;
        previous = d;
    }
}

TEST(calendar_dates, weekdays_monday_first) {
    EXPECT_EQ(crm::weekday(0), 5);  // Saturday 1899-12-30
    EXPECT_EQ(crm::weekday(1), 6);
    EXPECT_EQ(crm::weekday(2), 0);  // Monday 1900-01-01
    EXPECT_EQ(crm::weekday(monday_2024_01_01), 0);
    EXPECT_EQ(crm::weekday(monday_2024_01_01 + 4.9), 4);
    EXPECT_EQ(crm::weekday(-1), 4);  // Friday 1899-12-29
    for (double s = -100; s < 1000; ++s) EXPECT_EQ(crm::weekday(s + 1), (crm::weekday(s) + 1) % 7);
}

TEST(calendar_dates, working_days_by_property) {
    std::mt19937 rng(7);
    for (int trial = 0; trial < 200; ++trial) {
        const double start = monday_2024_01_01 + std::uniform_int_distribution<int>(-500, 500)(rng);
        const double end = start + std::uniform_int_distribution<int>(-3, 400)(rng);
        std::array<bool, 7> week{};
        for (bool& b : week) b = std::bernoulli_distribution(0.6)(rng);
        std::vector<double> holidays;
        for (int i = 0; i < 15; ++i) holidays.push_back(start + std::uniform_int_distribution<int>(-5, 400)(rng) + 0.5);
        const std::vector<double> days = crm::working_days(start, end, week, holidays);
        ASSERT_TRUE(std::is_sorted(days.begin(), days.end()));
        std::size_t expected = 0;
        for (double d = start; d < end; ++d) {
            const bool holiday = std::any_of(holidays.begin(), holidays.end(), [&](double h) { return std::floor(h) == d; });
            const bool working = week[static_cast<std::size_t>(crm::weekday(d))] && !holiday;
            EXPECT_EQ(working, std::binary_search(days.begin(), days.end(), d));
            expected += working;
        }
        EXPECT_EQ(days.size(), expected);
    }
}

TEST(calendar_dates, no_working_day) {
    EXPECT_TRUE(crm::working_days(monday_2024_01_01, monday_2024_01_01 + 366, {}).empty());
    EXPECT_TRUE(crm::working_days(monday_2024_01_01, monday_2024_01_01, {true, true, true, true, true, true, true}).empty());
    const auto five = crm::working_days(monday_2024_01_01, monday_2024_01_01 + 7, {true, true, true, true, true, false, false});
    EXPECT_EQ(five, (std::vector<double>{45292, 45293, 45294, 45295, 45296}));
}

}  // namespace

TEST(CalendarText, IsoDateAndClock) {
    EXPECT_EQ(crm::iso_date_text(crm::serial_from_civil({2027, 1, 4})), "2027-01-04");
    EXPECT_EQ(crm::iso_date_text(crm::serial_from_civil({2024, 2, 29})), "2024-02-29");
    EXPECT_EQ(crm::clock_text(8 * 60 + 30), "08:30");
    EXPECT_EQ(crm::clock_text(8 * 60 + 29.6), "08:30");
    EXPECT_EQ(crm::clock_text(0), "00:00");
}
