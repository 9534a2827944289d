// Tests of the planner's availability, reps and re-planning (spec "Plans the reps can use"), and the months of a plan.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "crm/calendar.hpp"
#include "crm/error.hpp"
#include "crm/routing.hpp"
#include "crm/schedule.hpp"
#include "crm/schedule_sheet.hpp"
#include "schedule_fixtures.hpp"

namespace {

using namespace schedule_fixtures;


// Spec "Plans the reps can use", availability: customers seen only on their visit days and within their opening
// hours (check_plan asserts both for every visit), and a plan that still gives nearly every visit.
TEST(plan_visits, visit_days_and_opening_hours_are_respected) {
    territory t = make_territory(400, 4, 11);
    std::mt19937 rng(5);
    std::size_t restricted = 0, windowed = 0;
    for (auto& c : t.customers) {
        switch (rng() % 5) {
            case 0: c.visit_days = {false, true, false, true, false, false, false}, ++restricted; break;  // Tue, Thu
            case 1: c.visit_days = {true, true, true, true, false, false, false}, ++restricted; break;    // Mon-Thu
            case 2: c.opening_hours = {{9 * 60, 12 * 60}}, ++windowed; break;
            case 3: c.opening_hours = {{14 * 60, 17 * 60 + 30}}, ++windowed; break;
            default: break;
        }
    }
    ASSERT_GT(restricted, 100u);
    ASSERT_GT(windowed, 100u);
    const auto o = year_2024();
    const auto r = crm::plan_visits(t.customers, t.bases, o);
    check_plan(t, o, r);
    // A customer said unavailable really has no window that holds his visit between the drive there and the drive
    // back within the working day (checked here from the haversine distance to his rep's base).
    std::map<std::string, const crm::visit_customer*> customer_of;
    for (const auto& c : t.customers) customer_of[c.id] = &c;
    std::size_t unavailable_visits = 0;
    for (const auto& u : r.unavailable) {
        EXPECT_EQ(u.reason, crm::unavailable_reason::hours_too_short) << u.customer_id;
        const crm::visit_customer& c = *customer_of.at(u.customer_id);
        const auto& b = *std::find_if(t.bases.begin(), t.bases.end(), [&](const auto& x) { return x.rep == c.rep; });
        const double drive = crm::haversine_km(*b.latitude, *b.longitude, *c.latitude, *c.longitude) / o.speed_kmh * 60;
        const double length = o.visit_minutes[tier_of(c.tier)];
        for (const auto& w : c.opening_hours)
            EXPECT_GT(std::max(o.day_start_hour * 60 + drive, w.first) + length,
                      std::min((o.day_start_hour + o.hours_per_day) * 60 - drive, w.second))
                << u.customer_id;
        unavailable_visits += static_cast<std::size_t>(o.visits_per_year[tier_of(c.tier)]);
    }
    EXPECT_LT(r.unavailable.size(), t.customers.size() / 20);
    // The constraints are kept by planning, not by leaving visits out.
    EXPECT_GE(static_cast<double>(r.visits.size()), 0.97 * static_cast<double>(r.visits_wanted - unavailable_visits));
    // Some afternoon customers were visited after a wait for their opening: arrivals at 14:00 exactly.
    std::map<std::string, const crm::visit_customer*> by_id;
    for (const auto& c : t.customers) by_id[c.id] = &c;
    std::size_t at_opening = 0;
    for (const auto& v : r.visits)
        if (!by_id[v.customer_id]->opening_hours.empty())
            at_opening += v.arrival_minutes_from_midnight == by_id[v.customer_id]->opening_hours.front().first;
    EXPECT_GT(at_opening, 0u);
}

// An impossible availability is said, not skipped: visit days the period has no working day for, and opening hours
// that hold no visit within the working day.
TEST(plan_visits, impossible_availability_is_listed) {
    territory t = make_territory(60, 1, 3);
    t.customers[0].visit_days = {false, false, false, false, false, true, true};  // weekends only
    t.customers[1].opening_hours = {{6 * 60, 7 * 60}};                            // closes before the day starts
    t.customers[2].opening_hours = {{12 * 60, 12 * 60 + 10}};                      // shorter than a visit
    const auto o = year_2024();
    const auto r = crm::plan_visits(t.customers, t.bases, o);
    check_plan(t, o, r);
    ASSERT_EQ(r.unavailable.size(), 3u);
    std::map<std::string, crm::unavailable_reason> reason;
    for (const auto& u : r.unavailable) reason[u.customer_id] = u.reason;
    EXPECT_EQ(reason.at(t.customers[0].id), crm::unavailable_reason::no_visit_day);
    EXPECT_EQ(reason.at(t.customers[1].id), crm::unavailable_reason::hours_too_short);
    EXPECT_EQ(reason.at(t.customers[2].id), crm::unavailable_reason::hours_too_short);
    for (const auto& v : r.visits)
        for (std::size_t k = 0; k < 3; ++k) EXPECT_NE(v.customer_id, t.customers[k].id);
    // They are among the customers with missing visits, with none planned.
    std::size_t listed = 0;
    for (const auto& m : r.missing)
        for (std::size_t k = 0; k < 3; ++k)
            if (m.customer_id == t.customers[k].id) {
                ++listed;
                EXPECT_EQ(m.planned, 0);
            }
    EXPECT_EQ(listed, 3u);
}

// Spec "Plans the reps can use", the Reps sheet: a rep's own day start and days off.
TEST(plan_visits, a_reps_day_start_and_days_off_are_kept) {
    territory t = make_territory(150, 2, 21);
    const auto o = year_2024();
    t.bases[0].day_start_hour = 7.0;
    for (double d = 45474; d < 45474 + 31; ++d) t.bases[0].days_off.push_back(d);  // July 2024
    const auto r = crm::plan_visits(t.customers, t.bases, o);
    check_plan(t, o, r);
    std::size_t in_july = 0, other_in_july = 0;
    double earliest = 24 * 60;
    for (const auto& v : r.visits) {
        const bool july = v.date >= 45474 && v.date < 45474 + 31;
        if (v.rep == t.bases[0].rep) {
            in_july += july;
            if (v.stop == 1) earliest = std::min(earliest, v.arrival_minutes_from_midnight);
        } else {
            other_in_july += july;
        }
    }
    EXPECT_EQ(in_july, 0u);
    EXPECT_GT(other_in_july, 0u);       // the other rep works in July
    EXPECT_LT(earliest, 8.5 * 60);      // days start at 07:00, not at the plan's 08:30
    EXPECT_GE(earliest, 7.0 * 60);
}

// Spec "Plans the reps can use", re-planning: a re-plan from 1 July keeps the first half-year as it was and a visit
// marked done after From, and plans each customer's remaining visits from his last real one.
TEST(plan_visits, a_replan_from_july_keeps_the_first_half) {
    territory t = make_territory(300, 3, 17);
    const auto o = year_2024();
    const auto first = crm::plan_visits(t.customers, t.bases, o);
    const double july = 45474;  // 2024-07-01
    std::vector<crm::kept_visit> kept;
    std::set<std::pair<std::string, double>> before;
    const crm::visit* done_later = nullptr;
    for (const auto& v : first.visits) {
        if (v.date < july) {
            before.insert({v.customer_id, v.date});
            kept.push_back({v.customer_id, v.rep, v.date, v.stop, v.arrival_minutes_from_midnight, v.km_from_previous, false});
        } else if (!done_later && v.date > july + 30) {
            done_later = &v;  // made early in August, and marked done
            kept.push_back({v.customer_id, v.rep, v.date, v.stop, v.arrival_minutes_from_midnight, v.km_from_previous, true});
        }
    }
    ASSERT_NE(done_later, nullptr);
    auto replan_options = o;
    replan_options.from = july;
    const auto r = crm::plan_visits(t.customers, t.bases, replan_options, nullptr, kept);
    check_plan(t, o, r);
    std::set<std::pair<std::string, double>> after_before;
    std::map<std::string, std::vector<double>> dates;
    bool done_kept = false;
    for (const auto& v : r.visits) {
        if (v.date < july) after_before.insert({v.customer_id, v.date});
        if (v.customer_id == done_later->customer_id && v.date == done_later->date) done_kept = v.done;
        dates[v.customer_id].push_back(v.date);
    }
    EXPECT_EQ(after_before, before);  // the first half-year as it was
    EXPECT_TRUE(done_kept);
    // No other visit of that rep was planned on the day he already made his done visit.
    for (const auto& v : r.visits)
        if (v.rep == done_later->rep && v.date == done_later->date) EXPECT_TRUE(v.done) << v.customer_id;
    // The remaining visits are planned: nearly every wanted visit, as in the first plan.
    EXPECT_GE(r.visits.size() + 5, first.visits.size());
    // Spaced from the last real visit: no two visits of a customer closer than half his usual interval.
    std::map<std::string, char> tier;
    for (const auto& c : t.customers) tier[c.id] = c.tier;
    for (const auto& [id, ds] : dates) {
        const double usual = static_cast<double>(o.days) / o.visits_per_year[tier_of(tier[id])];
        for (std::size_t k = 1; k < ds.size(); ++k) EXPECT_GE(ds[k] - ds[k - 1], 0.5 * usual) << id;
    }
}

TEST(plan_visits, from_outside_the_period_is_refused) {
    territory t = make_territory(10, 1, 2);
    auto o = year_2024();
    o.from = o.start_date + 400;
    EXPECT_THROW(crm::plan_visits(t.customers, t.bases, o), crm::invalid_setting);
}

// Spec "Picture and totals": per rep and month, visits and km that add up to the plan's own totals.
TEST(rep_months, add_up_to_the_plan) {
    territory t = make_territory(200, 3, 9, 0.1);
    const auto o = year_2024();
    const auto r = crm::plan_visits(t.customers, t.bases, o);
    const auto months = crm::rep_months(r, o);
    EXPECT_EQ(months.size(), 3u * 12u);  // every month of each rep, even one without a visit
    std::size_t visits = 0;
    double km = 0;
    for (const auto& m : months) visits += m.visits, km += m.km;
    EXPECT_EQ(visits, r.visits.size());
    EXPECT_NEAR(km, r.total_km, 1e-6 * r.total_km);
    EXPECT_EQ(months.front().rep, "rep0");
    EXPECT_EQ(months.front().month, 1);
    EXPECT_EQ(months.back().month, 12);
}


}  // namespace
