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

namespace {

constexpr double monday_2024_01_01 = 45292;

std::string numbered(const char* prefix, std::size_t i) { return std::string(prefix).append(std::to_string(i)); }

// Customers around a few towns of a rep's territory; tiers A/B/C in about 20/30/50 %.
struct territory {
    std::vector<crm::visit_customer> customers;
    std::vector<crm::rep_base> bases;
};

territory make_territory(std::size_t n_customers, std::size_t n_reps, unsigned seed, double unlocated_share = 0) {
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

crm::schedule_options year_2024() {
    crm::schedule_options o;
    o.start_date = monday_2024_01_01;
    o.days = 366;
    // New Year, Easter Monday, May Day, Christmas week: a realistic holiday list.
    o.holidays = {monday_2024_01_01, 45383, 45413, 45421, 45432, 45488, 45519, 45597, 45607, 45651, 45652, 45653};
    return o;
}

std::size_t tier_of(char t) { return t == 'A' ? 0 : t == 'B' ? 1 : 2; }

bool located(const std::optional<double>& lat, const std::optional<double>& lon) { return lat && lon; }

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
void check_plan(const territory& t, const crm::schedule_options& o, const crm::schedule_result& r) {
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
std::size_t spacing_violations(const crm::schedule_options& o, const crm::schedule_result& r, const territory& t) {
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
