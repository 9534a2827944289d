// Tests of the Reps sheet reader (spec wizard.md "Plans the reps can use"): start locations placed by coordinates,
// town, postal code or address, day starts and days off, and the rows it cannot read.
#include "crm/reps.hpp"

#include <gtest/gtest.h>

#include <string>

#include "crm/error.hpp"
#include "crm/routing.hpp"
#include "crm/text_values.hpp"

namespace {

crm::table sheet(std::initializer_list<std::initializer_list<crm::cell>> rows) {
    crm::table t;
    for (const auto& r : rows) t.emplace_back(r);
    return t;
}

const crm::rep_base& rep_named(const crm::reps_read& r, const std::string& name) {
    for (const auto& b : r.reps)
        if (b.rep == name) return b;
    throw std::runtime_error("no rep " + name);
}

TEST(read_reps, places_start_locations_and_reads_calendars) {
    using namespace std::string_literals;
    const crm::table t = sheet({
        {"Rep"s, "Start location"s, "Day start"s, "Days off"s},
        {"Alice"s, "Lyon"s, "07:30"s, "2027-07-01..2027-07-31"s},
        {"Alice"s, std::monostate{}, std::monostate{}, crm::serial_date(2027, 12, 24)},
        {"Bob"s, "5 place Victor Hugo, 38000 Grenoble"s, 0.375, std::monostate{}},
        {"陈"s, "上海"s, "8:00"s, std::monostate{}},
        {"Dan"s, "Nowhereville Xyzzy"s, std::monostate{}, "next week"s},
    });
    const crm::reps_read r = crm::read_reps(t);
    ASSERT_EQ(r.reps.size(), 4u);
    const auto& alice = rep_named(r, "Alice");
    ASSERT_TRUE(alice.latitude && alice.longitude);
    EXPECT_NEAR(*alice.latitude, 45.76, 0.05);
    EXPECT_NEAR(*alice.longitude, 4.83, 0.05);
    ASSERT_TRUE(alice.day_start_hour);
    EXPECT_DOUBLE_EQ(*alice.day_start_hour, 7.5);
    ASSERT_EQ(alice.days_off.size(), 32u);  // July and Christmas Eve, from two rows
    EXPECT_EQ(alice.days_off.front(), crm::serial_date(2027, 7, 1));
    EXPECT_EQ(alice.days_off.back(), crm::serial_date(2027, 12, 24));

    const auto& bob = rep_named(r, "Bob");
    ASSERT_TRUE(bob.latitude && bob.longitude);
    EXPECT_NEAR(*bob.latitude, 45.19, 0.05);
    EXPECT_NEAR(*bob.longitude, 5.72, 0.05);
    EXPECT_DOUBLE_EQ(*bob.day_start_hour, 9.0);
    // Lyon to Grenoble as the crow flies: about 95 km (the figure).
    const double km = crm::haversine_km(*alice.latitude, *alice.longitude, *bob.latitude, *bob.longitude);
    EXPECT_GT(km, 85);
    EXPECT_LT(km, 100);

    const auto& chen = rep_named(r, "陈");
    ASSERT_TRUE(chen.latitude);
    EXPECT_NEAR(*chen.latitude, 31.23, 0.1);
    EXPECT_NEAR(*chen.longitude, 121.47, 0.1);

    // Dan's town is unknown and his days off unreadable: both said with his row, nothing made up.
    const auto& dan = rep_named(r, "Dan");
    EXPECT_FALSE(dan.latitude);
    EXPECT_TRUE(dan.days_off.empty());
    bool unknown = false, unreadable = false;
    for (const auto& p : r.problems) {
        unknown = unknown || (p.kind == crm::problem_kind::place_unknown && p.row == 6);
        unreadable = unreadable || (p.kind == crm::problem_kind::unreadable_date && p.row == 6);
    }
    EXPECT_TRUE(unknown);
    EXPECT_TRUE(unreadable);
}

TEST(read_reps, coordinates_win_and_the_sheet_overrides_computed_bases) {
    using namespace std::string_literals;
    const crm::table t = sheet({
        {"Commercial"s, "Latitude"s, "Longitude"s, "Ville"s},
        {"Anne"s, 43.6, 1.44, "Lyon"s},
        {"Zoé"s, 95.0, 1.0, std::monostate{}},
    });
    const auto r = crm::read_reps(t);
    const auto& anne = rep_named(r, "Anne");
    EXPECT_DOUBLE_EQ(*anne.latitude, 43.6);  // the coordinates given, not Lyon's
    EXPECT_FALSE(rep_named(r, "Zoé").latitude);
    ASSERT_FALSE(r.problems.empty());
    EXPECT_EQ(r.problems.front().kind, crm::problem_kind::invalid_coordinates);

    std::vector<crm::rep_base> computed(2);
    computed[0].rep = "Anne", computed[0].latitude = 48.85, computed[0].longitude = 2.35;
    computed[1].rep = "Paul", computed[1].latitude = 45.0, computed[1].longitude = 5.0;
    const auto bases = crm::with_rep_sheet(computed, r.reps);
    ASSERT_EQ(bases.size(), 2u);
    EXPECT_DOUBLE_EQ(*bases[0].latitude, 43.6);
    EXPECT_DOUBLE_EQ(*bases[1].latitude, 45.0);  // not on the sheet: where his customers are
}

TEST(read_reps, a_sheet_without_rep_names_is_refused) {
    using namespace std::string_literals;
    EXPECT_THROW(crm::read_reps(sheet({{"Latitude"s, "Longitude"s}, {45.0, 5.0}})), crm::illegal_argument);
}

}  // namespace
