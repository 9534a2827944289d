// The visit planner's test fixtures: generated territories and the check of every rule of the spec on a plan
// (shared by schedule_test.cpp and schedule_availability_test.cpp).
#pragma once

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

namespace schedule_fixtures {

inline constexpr double monday_2024_01_01 = 45292;

inline std::string numbered(const char* prefix, std::size_t i) { return std::string(prefix).append(std::to_string(i)); }

// Customers around a few towns of a rep's territory; tiers A/B/C in about 20/30/50 %.
struct territory {
    std::vector<crm::visit_customer> customers;
    std::vector<crm::rep_base> bases;
};

inline territory make_territory(std::size_t n_customers, std::size_t n_reps, unsigned seed, double unlocated_share = 0) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> unit(0, 1);
    std::normal_distribution<double> spread(0, 0.08);
    territory t;
    for (std::size_t r = 0; r < n_reps; ++r) {
        const double lat = 44 + 4 * unit(rng), lon = 0 + 5 * unit(rng);
        t.bases.push_back({numbered("rep", r), lat, lon, numbered("town", r * 4)});
    }
    for (std::size_t i = 0; i < n_customers; ++i) {
        crm::visit_customer c;
        const std::size_t r = i % n_reps;
        const std::size_t town = r * 4 + static_cast<std::size_t>(unit(rng) * 4);
        c.id = numbered("C", i);
        c.name = numbered("客户 ", i);
        c.rep = numbered("rep", r);
        c.region = numbered("region", r);
        c.city = numbered("town", town);
        const double u = unit(rng);
        c.tier = u < 0.2 ? 'A' : u < 0.5 ? 'B' : 'C';
        if (unit(rng) >= unlocated_share) {
            std::mt19937 town_rng(static_cast<unsigned>(town) * 7919u + seed);
            const double town_lat = *t.bases[r].latitude + std::uniform_real_distribution<double>(-0.4, 0.4)(town_rng);
            const double town_lon = *t.bases[r].longitude + std::uniform_real_distribution<double>(-0.5, 0.5)(town_rng);
            c.latitude = town_lat + spread(rng);
            c.longitude = town_lon + spread(rng);
        }
        t.customers.push_back(c);
    }
    return t;
}

inline crm::schedule_options year_2024() {
    crm::schedule_options o;
    o.start_date = monday_2024_01_01;
    o.days = 366;
    // New Year, Easter Monday, May Day, Christmas week: a realistic holiday list.
    o.holidays = {monday_2024_01_01, 45383, 45413, 45421, 45432, 45488, 45519, 45597, 45607, 45651, 45652, 45653};
    return o;
}

inline std::size_t tier_of(char t) { return t == 'A' ? 0 : t == 'B' ? 1 : 2; }

inline bool located(const std::optional<double>& lat, const std::optional<double>& lon) { return lat && lon; }

// Checks every rule of the spec on a plan, as invariants that hold whatever the capacity (spec "The visit
// schedule", "When the period cannot hold every visit", "Distances without coordinates"):
// - visits only on working days, never more than a customer's visits a year, with the seed's purposes;
// - a day holds at most MaxVisitsPerDay visits and ends (the drive back to the base included) at most
//   HoursPerDay after DayStart; arrival times follow the route: km at the speed where both ends have
//   coordinates, MinutesBetweenStops where either has none;
// - km are given exactly when both ends have coordinates (no distance is made up) and match haversine; the
//   total km adds the known hops; a located day's route is 2-opt optimal;
// - planned + unscheduled = wanted, and the missing list is exactly the customers with fewer visits than
//   wanted, with their numbers.
inline void check_plan(const territory& t, const crm::schedule_options& o, const crm::schedule_result& r) {
    std::map<std::string, const crm::visit_customer*> by_id;
    for (const auto& c : t.customers) by_id[c.id] = &c;
    std::map<std::string, const crm::rep_base*> base_of;
    for (const auto& b : t.bases) base_of[b.rep] = &b;
    const std::vector<double> days = crm::working_days(o.start_date, o.start_date + o.days, o.working_weekdays, o.holidays);

    std::map<std::string, std::vector<const crm::visit*>> per_customer;
    for (const auto& v : r.visits) {
        per_customer[v.customer_id].push_back(&v);
        ASSERT_TRUE(std::binary_search(days.begin(), days.end(), v.date)) << "visit on a non-working day " << v.date;
        // Availability: only on the customer's visit days, never on a day off of his rep.
        EXPECT_TRUE(by_id[v.customer_id]->visit_days[static_cast<std::size_t>(crm::weekday(v.date))]) << v.customer_id << " " << v.date;
        if (base_of.count(v.rep)) {
            const auto& off = base_of[v.rep]->days_off;
            EXPECT_EQ(std::count(off.begin(), off.end(), v.date), 0) << v.rep << " works on his day off " << v.date;
        }
    }
    std::size_t wanted_total = 0;
    std::map<std::string, std::pair<int, int>> missing;  // id -> wanted, planned
    for (const auto& c : t.customers) {
        const auto& vs = per_customer[c.id];
        const int wanted = o.visits_per_year[tier_of(c.tier)];
        wanted_total += static_cast<std::size_t>(wanted);
        EXPECT_LE(static_cast<int>(vs.size()), wanted) << c.id;
        if (static_cast<int>(vs.size()) < wanted) missing[c.id] = {wanted, static_cast<int>(vs.size())};
        for (std::size_t k = 0; k < vs.size(); ++k) {
            EXPECT_EQ(vs[k]->purpose, crm::purpose_of_visit(c.tier, static_cast<int>(k)));
            EXPECT_EQ(vs[k]->rep, c.rep);
            EXPECT_EQ(vs[k]->customer_name, c.name);
            EXPECT_EQ(vs[k]->tier, c.tier);
            if (k > 0) EXPECT_GT(vs[k]->date, vs[k - 1]->date) << c.id;
        }
    }
    EXPECT_EQ(r.visits_wanted, wanted_total);
    EXPECT_EQ(r.visits.size() + r.visits_unscheduled(), wanted_total);
    EXPECT_EQ(r.unvisited_customers, missing.size());
    ASSERT_EQ(r.missing.size(), missing.size());
    for (const auto& m : r.missing) {
        ASSERT_TRUE(missing.count(m.customer_id)) << m.customer_id;
        EXPECT_EQ(m.wanted, missing[m.customer_id].first);
        EXPECT_EQ(m.planned, missing[m.customer_id].second);
    }
    std::size_t unscheduled_in_shortfalls = 0;
    for (const auto& f : r.shortfalls) unscheduled_in_shortfalls += f.visits_unscheduled();
    EXPECT_EQ(unscheduled_in_shortfalls, r.visits_unscheduled());
    EXPECT_EQ(r.days_over_capacity, 0u);

    std::map<std::pair<std::string, double>, std::vector<const crm::visit*>> per_day;
    for (const auto& v : r.visits) per_day[{v.rep, v.date}].push_back(&v);
    double total_km = 0;
    const auto place_of = [&](const crm::visit& v) { return by_id[v.customer_id]; };
    for (const auto& [key, vs] : per_day) {
        const crm::rep_base* base = base_of.count(key.first) ? base_of[key.first] : nullptr;
        const bool base_located = base && located(base->latitude, base->longitude);
        ASSERT_LE(vs.size(), static_cast<std::size_t>(o.max_visits_per_day)) << key.first << " " << key.second;
        const double day_start = base && base->day_start_hour ? *base->day_start_hour : o.day_start_hour;
        double clock = day_start * 60;
        bool all_located = base_located;
        for (std::size_t k = 0; k < vs.size(); ++k) {
            EXPECT_EQ(vs[k]->stop, static_cast<int>(k + 1));
            const crm::visit_customer* here = place_of(*vs[k]);
            const bool here_located = located(here->latitude, here->longitude);
            all_located = all_located && here_located;
            const bool prev_located = k == 0 ? base_located : located(place_of(*vs[k - 1])->latitude, place_of(*vs[k - 1])->longitude);
            EXPECT_EQ(vs[k]->km_from_previous.has_value(), here_located && prev_located) << vs[k]->customer_id;
            if (vs[k]->km_from_previous) {
                const double lat0 = k == 0 ? *base->latitude : *place_of(*vs[k - 1])->latitude;
                const double lon0 = k == 0 ? *base->longitude : *place_of(*vs[k - 1])->longitude;
                EXPECT_NEAR(*vs[k]->km_from_previous, crm::haversine_km(lat0, lon0, *here->latitude, *here->longitude), 1e-9);
                total_km += *vs[k]->km_from_previous;
                clock += *vs[k]->km_from_previous / o.speed_kmh * 60;
            } else {
                clock += o.minutes_between_stops;
            }
            // Opening hours: the rep waits for the opening when early, and the visit fits in the window.
            const double length = o.visit_minutes[tier_of(vs[k]->tier)];
            if (!here->opening_hours.empty()) {
                const auto fits = std::find_if(here->opening_hours.begin(), here->opening_hours.end(), [&](const auto& w) {
                    return std::max(clock, w.first) + length <= w.second + 1e-9;
                });
                ASSERT_NE(fits, here->opening_hours.end()) << vs[k]->customer_id << " visited outside his opening hours";
                clock = std::max(clock, fits->first);
            }
            // Arrivals in whole minutes (a calendar shows no seconds), within half a minute of the route's clock.
            EXPECT_EQ(vs[k]->arrival_minutes_from_midnight, std::round(vs[k]->arrival_minutes_from_midnight));
            EXPECT_NEAR(vs[k]->arrival_minutes_from_midnight, clock, 0.5 + 1e-6);
            clock += length;
        }
        // The drive back to the base ends the day.
        const crm::visit_customer* last = place_of(*vs.back());
        if (base_located && located(last->latitude, last->longitude)) {
            const double back = crm::haversine_km(*last->latitude, *last->longitude, *base->latitude, *base->longitude);
            total_km += back;
            clock += back / o.speed_kmh * 60;
        } else {
            clock += o.minutes_between_stops;
        }
        EXPECT_LE(clock, (day_start + o.hours_per_day) * 60 + 1e-6) << key.first << " " << key.second;
        // A day with opening hours may follow them rather than the shortest order.
        const bool any_hours = std::any_of(vs.begin(), vs.end(), [&](const crm::visit* v) { return !place_of(*v)->opening_hours.empty(); });
        if (all_located && !any_hours) {
            crm::distance_matrix d(vs.size() + 1);
            std::vector<std::pair<double, double>> at{{*base->latitude, *base->longitude}};
            for (const auto* v : vs) at.push_back({*place_of(*v)->latitude, *place_of(*v)->longitude});
            for (std::size_t i = 0; i < at.size(); ++i)
                for (std::size_t j = 0; j < at.size(); ++j)
                    d.set(i, j, crm::haversine_km(at[i].first, at[i].second, at[j].first, at[j].second));
            std::vector<std::size_t> order(at.size());
            for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
            EXPECT_FALSE(crm::two_opt_improvable(order, d)) << key.first << " " << key.second;
        }
    }
    EXPECT_NEAR(r.total_km, total_km, 1e-6 * std::max(1.0, total_km));
}

// Spacing of the customers who got all their visits: consecutive visits within +-20 % of the ideal interval,
// or counted among the plan's violations.
inline std::size_t spacing_violations(const crm::schedule_options& o, const crm::schedule_result& r, const territory& t) {
    std::map<std::string, char> tier;
    for (const auto& c : t.customers) tier[c.id] = c.tier;
    std::map<std::string, std::vector<double>> dates;
    for (const auto& v : r.visits) dates[v.customer_id].push_back(v.date);
    std::size_t violations = 0;
    for (const auto& [id, ds] : dates) {
        const int visits = o.visits_per_year[tier_of(tier[id])];
        if (static_cast<int>(ds.size()) != visits) continue;
        const double interval = static_cast<double>(o.days) / visits;
        for (std::size_t k = 1; k < ds.size(); ++k) {
            const double gap = ds[k] - ds[k - 1];
            violations += gap < 0.8 * interval - 1e-9 || gap > 1.2 * interval + 1e-9;
        }
    }
    return violations;
}

}  // namespace schedule_fixtures
