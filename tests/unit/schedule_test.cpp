// Tests of the visit schedule (spec "The visit schedule"): every rule checked as a property of generated plans.
#include "crm/schedule.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <map>
#include <random>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "crm/calendar.hpp"
#include "crm/error.hpp"
#include "crm/routing.hpp"
#include "crm/schedule_sheet.hpp"

#include "schedule_fixtures.hpp"

namespace {

using namespace schedule_fixtures;

TEST(plan_visits, every_rule_holds_on_generated_territories) {
    for (unsigned seed = 1; seed <= 4; ++seed) {
        const territory t = make_territory(120 + seed * 40, 3, seed);
        const crm::schedule_options o = year_2024();
        const crm::schedule_result r = crm::plan_visits(t.customers, t.bases, o);
        check_plan(t, o, r);
        // Room enough: every customer gets all its visits, spacing kept.
        EXPECT_EQ(r.unvisited_customers, 0u);
        EXPECT_TRUE(r.shortfalls.empty());
        EXPECT_EQ(r.spacing_violations, 0u);
        EXPECT_EQ(spacing_violations(o, r, t), 0u);
        EXPECT_EQ(r.reps_needed, 3u);
        EXPECT_EQ(r.visits.size(), r.visits_wanted);
    }
}

TEST(plan_visits, other_options_hold_too) {
    const territory t = make_territory(150, 2, 11);
    crm::schedule_options o = year_2024();
    o.start_date = monday_2024_01_01 + 3;  // a Thursday
    o.days = 200;
    o.working_weekdays = {true, true, true, true, true, true, false};
    o.visits_per_year = {24, 6, 2};
    o.max_visits_per_day = 8;
    o.hours_per_day = 9;
    o.speed_kmh = 40;
    o.day_start_hour = 7.25;
    const crm::schedule_result r = crm::plan_visits(t.customers, t.bases, o);
    check_plan(t, o, r);
    // 24 visits of the A customers at 40 km/h do not all fit 9 hours: whatever is left out, every customer
    // has his first visit, and the missing ones are the listed ones (check_plan).
    std::set<std::string> visited;
    for (const auto& v : r.visits) visited.insert(v.customer_id);
    EXPECT_EQ(visited.size(), t.customers.size());
}

TEST(plan_visits, deterministic) {
    const territory t = make_territory(300, 3, 5);
    const auto a = crm::plan_visits(t.customers, t.bases, year_2024());
    const auto b = crm::plan_visits(t.customers, t.bases, year_2024());
    ASSERT_EQ(a.visits.size(), b.visits.size());
    for (std::size_t i = 0; i < a.visits.size(); ++i) {
        EXPECT_EQ(a.visits[i].date, b.visits[i].date);
        EXPECT_EQ(a.visits[i].customer_id, b.visits[i].customer_id);
        EXPECT_EQ(a.visits[i].stop, b.visits[i].stop);
    }
    EXPECT_EQ(a.total_km, b.total_km);
}

// The overloaded plan: one rep (no rep column), 804 customers without coordinates wanting 4 196
// visits in a year: no day over its visits or hours, every customer visited once, then A, then B, then C;
// the unscheduled visits counted and the reps needed given.
TEST(plan_visits, an_overloaded_year_keeps_capacity_and_first_visits_first) {
    territory t;
    for (std::size_t i = 0; i < 804; ++i) {
        crm::visit_customer c;
        c.id = numbered("K", i);
        c.name = numbered("Shop ", i);
        c.tier = i < 160 ? 'A' : i < 704 ? 'B' : 'C';  // 160 x 12 + 544 x 4 + 100 = 4 196 visits
        c.city = numbered("town", i % 37);
        c.postal_code = numbered("75", i % 37);
        t.customers.push_back(c);
    }
    crm::schedule_options o;
    o.start_date = crm::serial_from_civil({2027, 1, 1});
    const crm::schedule_result r = crm::plan_visits(t.customers, {}, o);
    check_plan(t, o, r);
    EXPECT_EQ(r.visits_wanted, 4196u);
    EXPECT_GT(r.visits_unscheduled(), 0u);
    std::map<std::string, int> planned;
    for (const auto& v : r.visits) ++planned[v.customer_id];
    std::array<int, 3> most{}, least{1000, 1000, 1000};
    for (const auto& c : t.customers) {
        const std::size_t k = tier_of(c.tier);
        most[k] = std::max(most[k], planned[c.id]);
        least[k] = std::min(least[k], planned[c.id]);
    }
    EXPECT_GE(least[0], 1);  // no customer left unvisited while slots are free
    EXPECT_GE(least[1], 1);
    EXPECT_GE(least[2], 1);
    // A's other visits before B's: when a B customer got a second visit, every A customer got all his.
    if (most[1] > 1) EXPECT_EQ(least[0], 12);
    EXPECT_GT(most[0], 1);
    ASSERT_EQ(r.shortfalls.size(), 1u);
    const auto& f = r.shortfalls[0];
    EXPECT_EQ(f.rep, "");
    EXPECT_EQ(f.customers, 804u);
    EXPECT_EQ(f.visits_wanted, 4196u);
    EXPECT_EQ(f.visits_planned, r.visits.size());
    EXPECT_GE(f.reps_needed, 3u);
    EXPECT_EQ(r.reps_needed, f.reps_needed);
    bool more_reps = false;
    for (const auto& m : f.remedies) more_reps |= m.kind == crm::shortfall_remedy::more_reps && m.value == f.reps_needed - 1;
    EXPECT_TRUE(more_reps);
    EXPECT_EQ(r.unlocated_customers, 804u);
    for (const auto& v : r.visits) EXPECT_FALSE(v.km_from_previous.has_value());
    EXPECT_EQ(r.total_km, 0);
}

TEST(plan_visits, a_short_period_lists_the_customers_with_missing_visits) {
    // One rep, 100 A customers: 1 200 visits of 30 minutes in four weeks: every customer visited, the rest
    // listed, nothing over capacity.
    territory t = make_territory(100, 1, 3);
    for (auto& c : t.customers) c.tier = 'A';
    crm::schedule_options o = year_2024();
    o.days = 28;
    o.holidays.clear();
    o.visit_minutes[0] = 30;  // six short visits and their drives fit a day: 120 a period for 1 200 wanted
    o.hours_per_day = 10;
    const crm::schedule_result r = crm::plan_visits(t.customers, t.bases, o);
    check_plan(t, o, r);
    ASSERT_EQ(r.shortfalls.size(), 1u);
    const crm::capacity_shortfall& f = r.shortfalls[0];
    EXPECT_EQ(f.rep, "rep0");
    EXPECT_EQ(f.working_days, 20u);
    EXPECT_EQ(f.visits_wanted, 1200u);
    EXPECT_LE(f.visits_planned, 120u);  // at most 6 a day
    EXPECT_EQ(r.missing.size(), 100u);
    std::map<std::string, int> planned;
    for (const auto& v : r.visits) ++planned[v.customer_id];
    EXPECT_EQ(planned.size(), 100u);  // every customer has his first visit
    // Fewer A visits: 1 a year fits the 20 days.
    bool fewer = false;
    for (const auto& m : f.remedies)
        if (m.kind == crm::shortfall_remedy::fewer_visits_per_year) fewer = m.tier == 'A' && m.value == 1;
    EXPECT_TRUE(fewer);
}

TEST(plan_visits, remedies_are_sufficient) {
    // A rep over capacity: 60 A customers = 720 visits of 90 min in 246 working days at 2 a day.
    territory t = make_territory(60, 1, 9);
    for (auto& c : t.customers) c.tier = 'A';
    crm::schedule_options o = year_2024();
    o.max_visits_per_day = 2;  // 492 visits at most
    const crm::schedule_result r = crm::plan_visits(t.customers, t.bases, o);
    ASSERT_EQ(r.shortfalls.size(), 1u);
    const auto& f = r.shortfalls[0];
    ASSERT_FALSE(f.remedies.empty());
    std::set<crm::shortfall_remedy> kinds;
    for (const auto& m : f.remedies) {
        kinds.insert(m.kind);
        crm::schedule_options fixed = o;
        territory more = t;
        if (m.kind == crm::shortfall_remedy::more_visits_per_day) {
            fixed.max_visits_per_day = static_cast<int>(m.value);
            EXPECT_EQ(m.value, 3);
        } else if (m.kind == crm::shortfall_remedy::fewer_visits_per_year) {
            fixed.visits_per_year[tier_of(m.tier)] = static_cast<int>(m.value);
            EXPECT_EQ(m.value, 8);  // 60 x 8 = 480 <= 492
        } else if (m.kind == crm::shortfall_remedy::more_reps) {
            EXPECT_EQ(m.value, 1);  // 720 visits need two reps of 492
            for (std::size_t i = 0; i < more.customers.size(); i += 2) more.customers[i].rep = "rep1";
            more.bases.push_back({"rep1", more.bases[0].latitude, more.bases[0].longitude, more.bases[0].city});
        } else {
            continue;
        }
        const auto again = crm::plan_visits(more.customers, more.bases, fixed);
        check_plan(more, fixed, again);
        EXPECT_EQ(again.visits_unscheduled(), 0u) << static_cast<int>(m.kind);
    }
    EXPECT_TRUE(kinds.count(crm::shortfall_remedy::more_reps));
    EXPECT_TRUE(kinds.count(crm::shortfall_remedy::more_visits_per_day));
}

TEST(plan_visits, a_year_without_working_days) {
    const territory t = make_territory(30, 2, 4);
    crm::schedule_options o = year_2024();
    o.working_weekdays = {false, false, false, false, false, false, false};
    const crm::schedule_result r = crm::plan_visits(t.customers, t.bases, o);
    EXPECT_TRUE(r.visits.empty());
    EXPECT_EQ(r.unvisited_customers, 30u);
    ASSERT_EQ(r.shortfalls.size(), 2u);
    for (const auto& f : r.shortfalls) {
        EXPECT_EQ(f.working_days, 0u);
        EXPECT_EQ(f.visits_planned, 0u);
        EXPECT_TRUE(f.remedies.empty());  // only the calendar can help: no remedy of the others holds
    }
    EXPECT_EQ(r.visits_unscheduled(), r.visits_wanted);
    EXPECT_EQ(r.total_km, 0);
    // A period of zero days is the same story.
    o = year_2024();
    o.days = 0;
    EXPECT_EQ(crm::plan_visits(t.customers, t.bases, o).unvisited_customers, 30u);
}

TEST(plan_visits, empty_input) {
    const crm::schedule_result r = crm::plan_visits({}, {}, year_2024());
    EXPECT_TRUE(r.visits.empty());
    EXPECT_TRUE(r.shortfalls.empty());
    EXPECT_EQ(r.unvisited_customers, 0u);
    EXPECT_EQ(r.total_km, 0);
}

TEST(plan_visits, customers_without_coordinates_get_no_km) {
    // A third of the customers have only a town, postal code and region, and one rep has no base: everything
    // is still planned, with the same rules, and no distance is made up for them.
    territory t = make_territory(200, 2, 8, 0.33);
    for (auto& c : t.customers)
        if (!c.latitude) c.postal_code = c.city + "-pc";
    t.bases[1].latitude.reset();
    t.bases[1].region = "region1";  // as rep_bases gives it: the rep's own region
    const crm::schedule_options o = year_2024();
    const crm::schedule_result r = crm::plan_visits(t.customers, t.bases, o);
    check_plan(t, o, r);
    EXPECT_EQ(r.unvisited_customers, 0u);
    std::size_t unlocated = 0;
    for (const auto& c : t.customers) unlocated += !c.latitude;
    EXPECT_EQ(r.unlocated_customers, unlocated);
    bool noted = false;
    for (const auto& n : r.notes) noted |= n.rfind("place_unknown:", 0) == 0;
    EXPECT_TRUE(noted);
    // Stops of one day without coordinates follow each other by postal code (grouped by place).
    std::map<std::pair<std::string, double>, std::vector<std::string>> codes;
    std::map<std::string, const crm::visit_customer*> by_id;
    for (const auto& c : t.customers) by_id[c.id] = &c;
    for (const auto& v : r.visits)
        if (!by_id[v.customer_id]->latitude) codes[{v.rep, v.date}].push_back(by_id[v.customer_id]->postal_code);
    for (const auto& [key, list] : codes) {
        std::set<std::string> seen;
        for (std::size_t k = 0; k < list.size(); ++k) {
            if (k > 0 && list[k] != list[k - 1]) EXPECT_FALSE(seen.count(list[k])) << key.first << " " << key.second;
            seen.insert(list[k]);
        }
    }
}

TEST(plan_visits, bad_options_are_refused) {
    crm::schedule_options o = year_2024();
    o.max_visits_per_day = 0;
    EXPECT_THROW(crm::plan_visits({}, {}, o), crm::illegal_argument);
    o = year_2024();
    o.speed_kmh = 0;
    EXPECT_THROW(crm::plan_visits({}, {}, o), crm::illegal_argument);
    territory t = make_territory(3, 1, 1);
    t.customers[0].tier = 'D';
    EXPECT_THROW(crm::plan_visits(t.customers, t.bases, year_2024()), crm::illegal_argument);
}

TEST(plan_visits, bad_options_name_the_field_and_the_rule) {
    const auto refusal_of = [](const crm::schedule_options& o) -> std::pair<std::string, crm::setting_rule> {
        try {
            crm::plan_visits({}, {}, o);
        } catch (const crm::invalid_setting& e) {
            return {e.setting(), e.rule()};
        }
        return {"accepted", crm::setting_rule::dates_only};
    };
    using rule = crm::setting_rule;
    struct refused {
        void (*change)(crm::schedule_options&);
        const char* setting;
        rule why;
    };
    const refused cases[] = {
        {[](crm::schedule_options& o) { o.max_visits_per_day = 0; }, "max_visits_per_day", rule::whole_number_from_1_to_100},
        {[](crm::schedule_options& o) { o.max_visits_per_day = 101; }, "max_visits_per_day", rule::whole_number_from_1_to_100},
        {[](crm::schedule_options& o) { o.speed_kmh = 0; }, "speed_kmh", rule::speed_above_0_to_1000},
        {[](crm::schedule_options& o) { o.start_date = std::nan(""); }, "start_date", rule::date_from_1900_to_9998},
        {[](crm::schedule_options& o) { o.days = 4000; }, "days", rule::days_from_0_to_3660},
        {[](crm::schedule_options& o) { o.visits_per_year[2] = 0; }, "visits_per_year", rule::whole_number_from_1_to_366},
        {[](crm::schedule_options& o) { o.visit_minutes[0] = 0; }, "visit_minutes", rule::minutes_from_1_to_1440},
        {[](crm::schedule_options& o) { o.hours_per_day = 25; }, "hours_per_day", rule::hours_above_0_to_24},
        {[](crm::schedule_options& o) { o.day_start_hour = 24; }, "day_start_hour", rule::hour_from_0_to_24},
        {[](crm::schedule_options& o) { o.day_start_hour = 18, o.hours_per_day = 8; }, "hours_per_day",
         rule::day_ends_by_midnight},
        {[](crm::schedule_options& o) { o.minutes_between_stops = -1; }, "minutes_between_stops", rule::minutes_from_0_to_600},
        {[](crm::schedule_options& o) { o.holidays = {std::numeric_limits<double>::quiet_NaN()}; }, "holidays",
         rule::dates_only},
    };
    for (const refused& c : cases) {
        crm::schedule_options o = year_2024();
        c.change(o);
        EXPECT_EQ(refusal_of(o), std::make_pair(std::string(c.setting), c.why));
    }
}

std::string setting_name(crm::plan_setting s) { return "setting" + std::to_string(static_cast<int>(s)); }

TEST(schedule_options_from, defaults_to_the_whole_next_year) {
    const crm::schedule_options o = crm::schedule_options_from({}, 2027, setting_name);
    EXPECT_EQ(o.start_date, crm::serial_from_civil({2028, 1, 1}));
    EXPECT_EQ(o.days, 366);  // 2028 is a leap year
    EXPECT_EQ(crm::plan_year(o), 2028);
    const crm::schedule_options defaults;
    EXPECT_EQ(o.visits_per_year, defaults.visits_per_year);
    EXPECT_EQ(o.max_visits_per_day, defaults.max_visits_per_day);
}

TEST(schedule_options_from, takes_what_is_given) {
    crm::plan_settings s;
    s.start_date = crm::serial_from_civil({2027, 7, 1}) + 0.75;  // a date-time: the day counts
    s.visits_per_year = {24.0, 6.0, 2.0};
    s.visit_minutes = {120.0, std::nullopt, 30.0};
    s.max_visits_per_day = 4;
    s.hours_per_day = 7.5;
    s.speed_kmh = 30;
    s.holidays = {crm::serial_from_civil({2027, 12, 25})};
    const crm::schedule_options o = crm::schedule_options_from(s, 2020, setting_name);
    EXPECT_EQ(o.start_date, crm::serial_from_civil({2027, 7, 1}));
    EXPECT_EQ(o.days, 366);  // 1 July 2027 to 30 June 2028 holds 29 February 2028
    EXPECT_EQ(o.visits_per_year, (std::array<int, 3>{24, 6, 2}));
    EXPECT_EQ(o.visit_minutes, (std::array<double, 3>{120, 60, 30}));
    EXPECT_EQ(o.max_visits_per_day, 4);
    EXPECT_EQ(o.hours_per_day, 7.5);
    EXPECT_EQ(o.speed_kmh, 30);
    EXPECT_EQ(o.holidays, s.holidays);
}

TEST(schedule_options_from, names_the_bad_setting) {
    const auto message_of = [](const crm::plan_settings& s) {
        try {
            crm::schedule_options_from(s, 2026, setting_name);
        } catch (const crm::illegal_argument& e) {
            return std::string(e.what());
        }
        return std::string("accepted");
    };
    const auto named = [](crm::plan_setting which) { return setting_name(which) + " "; };
    crm::plan_settings s;
    s.year = 1899;
    EXPECT_EQ(message_of(s).rfind(named(crm::plan_setting::year), 0), 0u) << message_of(s);
    s = {};
    s.year = 2027.5;
    EXPECT_EQ(message_of(s).rfind(named(crm::plan_setting::year), 0), 0u);
    s = {};
    s.start_date = std::nan("");
    EXPECT_EQ(message_of(s).rfind(named(crm::plan_setting::start_date), 0), 0u);
    for (double bad : {0.0, 1.5, 367.0}) {
        s = {};
        s.visits_per_year[1] = bad;
        EXPECT_EQ(message_of(s).rfind(named(crm::plan_setting::visits_b), 0), 0u) << bad;
    }
    s = {};
    s.visit_minutes[2] = 0.5;
    EXPECT_EQ(message_of(s).rfind(named(crm::plan_setting::minutes_c), 0), 0u);
    for (double bad : {0.0, 2.5, 101.0}) {
        s = {};
        s.max_visits_per_day = bad;
        EXPECT_EQ(message_of(s).rfind(named(crm::plan_setting::max_visits_per_day), 0), 0u) << bad;
    }
    s = {};
    s.hours_per_day = 24.5;
    EXPECT_EQ(message_of(s).rfind(named(crm::plan_setting::hours_per_day), 0), 0u);
    s = {};
    s.speed_kmh = -3;
    EXPECT_EQ(message_of(s).rfind(named(crm::plan_setting::speed_kmh), 0), 0u);
    s = {};
    s.holidays = {45000, std::numeric_limits<double>::infinity()};
    EXPECT_EQ(message_of(s).rfind(named(crm::plan_setting::holidays), 0), 0u);
}

// The job service words a refused setting in the office language from (setting, rule); crm-cli prints what().
TEST(schedule_options_from, refuses_with_the_setting_and_the_rule_as_data) {
    const auto refusal_of = [](const crm::plan_settings& s) -> std::tuple<std::string, crm::setting_rule, std::string> {
        try {
            crm::schedule_options_from(s, 2026, setting_name);
        } catch (const crm::invalid_setting& e) {
            return {e.setting(), e.rule(), e.what()};
        }
        return {"accepted", crm::setting_rule::dates_only, ""};
    };
    using rule = crm::setting_rule;
    const auto expect = [&](const crm::plan_settings& s, crm::plan_setting which, rule broken, const char* english) {
        const auto [setting, got, what] = refusal_of(s);
        EXPECT_EQ(setting, setting_name(which));
        EXPECT_EQ(got, broken) << what;
        EXPECT_EQ(what, setting_name(which) + " " + english);  // crm-cli's English, unchanged
    };
    crm::plan_settings s;
    s.start_date = crm::serial_from_civil({1899, 12, 31});
    expect(s, crm::plan_setting::start_date, rule::date_from_1900_to_9998, "must be a date from 1900 to 9998");
    s = {};
    s.year = 10;
    expect(s, crm::plan_setting::year, rule::year_from_1900_to_9998, "must be a year from 1900 to 9998");
    s = {};
    s.visits_per_year[0] = 1.5;
    expect(s, crm::plan_setting::visits_a, rule::whole_number_from_1_to_366, "must be a whole number from 1 to 366");
    s = {};
    s.visit_minutes[1] = 2000;
    expect(s, crm::plan_setting::minutes_b, rule::minutes_from_1_to_1440, "must be from 1 to 1440 minutes");
    s = {};
    s.max_visits_per_day = 0;
    expect(s, crm::plan_setting::max_visits_per_day, rule::whole_number_from_1_to_100,
           "must be a whole number from 1 to 100");
    s = {};
    s.hours_per_day = 30;
    expect(s, crm::plan_setting::hours_per_day, rule::hours_above_0_to_24, "must be more than 0 and at most 24");
    s = {};
    s.speed_kmh = -5;
    expect(s, crm::plan_setting::speed_kmh, rule::speed_above_0_to_1000, "must be more than 0 and at most 1000 km/h");
    s = {};
    s.holidays = {std::numeric_limits<double>::infinity()};
    expect(s, crm::plan_setting::holidays, rule::dates_only, "must hold dates only");
}

TEST(plan_visits, a_stop_request_cancels_and_progress_is_counted) {
    const territory t = make_territory(400, 4, 5);
    crm::run_control control;
    const crm::schedule_result whole = crm::plan_visits(t.customers, t.bases, year_2024(), &control);
    EXPECT_EQ(control.days_done.load(), control.days_total.load());
    EXPECT_GE(control.days_total.load(), 4u * 200u);  // 4 reps, a year of working days each
    EXPECT_FALSE(whole.visits.empty());
    crm::run_control stopped;
    stopped.stop = true;
    EXPECT_THROW(crm::plan_visits(t.customers, t.bases, year_2024(), &stopped), crm::cancelled);
    EXPECT_LT(stopped.days_done.load(), stopped.days_total.load());
}

TEST(plan_visits, purposes_follow_the_seed) {
    EXPECT_EQ(crm::purpose_of_visit('A', 0), crm::visit_purpose::listen_to_problems);
    EXPECT_EQ(crm::purpose_of_visit('A', 1), crm::visit_purpose::present_policies_and_promotions);
    EXPECT_EQ(crm::purpose_of_visit('B', 2), crm::visit_purpose::listen_to_problems);
    EXPECT_EQ(crm::purpose_of_visit('C', 0), crm::visit_purpose::help_grow);
}

TEST(plan_visits, five_thousand_customers_hold_every_rule) {
    // 5 000 customers and 20 reps: about 250 customers, 1 000 visits a rep, within capacity.
    const territory t = make_territory(5000, 20, 21);
    crm::schedule_options o = year_2024();
    o.max_visits_per_day = 8;
    o.hours_per_day = 10;
    const crm::schedule_result r = crm::plan_visits(t.customers, t.bases, o);
    check_plan(t, o, r);
    EXPECT_EQ(r.visits_unscheduled(), 0u);
}

}  // namespace
