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

// Checks every rule of the spec on a plan; `located` says whether every customer and base has coordinates
// (then distances and routes are checked against haversine).
void check_plan(const territory& t, const crm::schedule_options& o, const crm::schedule_result& r, bool located) {
    std::map<std::string, const crm::visit_customer*> by_id;
    for (const auto& c : t.customers) by_id[c.id] = &c;
    std::map<std::string, const crm::rep_base*> base_of;
    for (const auto& b : t.bases) base_of[b.rep] = &b;
    const std::vector<double> days = crm::working_days(o.start_date, o.start_date + o.days, o.working_weekdays, o.holidays);

    // Exactly its visits a year for every customer, and visits dated on working days only.
    std::map<std::string, std::vector<const crm::visit*>> per_customer;
    for (const auto& v : r.visits) {
        per_customer[v.customer_id].push_back(&v);
        ASSERT_TRUE(std::binary_search(days.begin(), days.end(), v.date)) << "visit on a non-working day " << v.date;
    }
    std::size_t incomplete = 0;
    for (const auto& c : t.customers) {
        const auto& vs = per_customer[c.id];
        const auto wanted = static_cast<std::size_t>(o.visits_per_year[tier_of(c.tier)]);
        EXPECT_LE(vs.size(), wanted);
        incomplete += vs.size() < wanted;
        // Spacing within +-20 % of the ideal interval, or counted.
        for (std::size_t k = 0; k < vs.size(); ++k) {
            EXPECT_EQ(vs[k]->purpose, crm::purpose_of_visit(c.tier, static_cast<int>(k)));
            EXPECT_EQ(vs[k]->rep, c.rep);
            EXPECT_EQ(vs[k]->customer_name, c.name);
            EXPECT_EQ(vs[k]->tier, c.tier);
        }
    }
    EXPECT_EQ(r.unvisited_customers, incomplete);
    std::size_t violations = 0;
    for (const auto& [id, vs] : per_customer) {
        const double interval = static_cast<double>(o.days) / o.visits_per_year[tier_of(by_id[id]->tier)];
        for (std::size_t k = 1; k < vs.size(); ++k) {
            const double gap = vs[k]->date - vs[k - 1]->date;
            EXPECT_GT(gap, 0) << id;
            violations += gap < 0.8 * interval - 1e-9 || gap > 1.2 * interval + 1e-9;
        }
    }
    EXPECT_EQ(r.spacing_violations, violations);

    // Per rep and day: stops 1..k, arrival times, km, capacity, and a route no 2-opt move shortens.
    std::map<std::pair<std::string, double>, std::vector<const crm::visit*>> per_day;
    for (const auto& v : r.visits) per_day[{v.rep, v.date}].push_back(&v);
    double total_km = 0;
    std::size_t over = 0;
    for (const auto& [key, vs] : per_day) {
        double km = 0, minutes = 0;
        for (std::size_t k = 0; k < vs.size(); ++k) {
            EXPECT_EQ(vs[k]->stop, static_cast<int>(k + 1));
            const double length = o.visit_minutes[tier_of(vs[k]->tier)];
            const double expected_arrival = k == 0 ? o.day_start_hour * 60 + vs[0]->km_from_previous / o.speed_kmh * 60
                                                   : vs[k - 1]->arrival_minutes_from_midnight +
                                                         o.visit_minutes[tier_of(vs[k - 1]->tier)] +
                                                         vs[k]->km_from_previous / o.speed_kmh * 60;
            EXPECT_NEAR(vs[k]->arrival_minutes_from_midnight, expected_arrival, 1e-6);
            if (k > 0) {
                EXPECT_GT(vs[k]->arrival_minutes_from_midnight, vs[k - 1]->arrival_minutes_from_midnight);
            }
            km += vs[k]->km_from_previous;
            minutes += length;
        }
        if (located) {
            const auto* base = base_of[key.first];
            crm::distance_matrix d(vs.size() + 1);
            std::vector<std::pair<double, double>> at{{*base->latitude, *base->longitude}};
            for (const auto* v : vs) at.push_back({*by_id[v->customer_id]->latitude, *by_id[v->customer_id]->longitude});
            for (std::size_t i = 0; i < at.size(); ++i)
                for (std::size_t j = 0; j < at.size(); ++j)
                    d.set(i, j, crm::haversine_km(at[i].first, at[i].second, at[j].first, at[j].second));
            for (std::size_t k = 0; k < vs.size(); ++k) EXPECT_NEAR(vs[k]->km_from_previous, d(k, k + 1), 1e-9);
            km += d(vs.size(), 0);  // back to the base
            std::vector<std::size_t> order(at.size());
            for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
            EXPECT_FALSE(crm::two_opt_improvable(order, d)) << key.first << " " << key.second;
        }
        minutes += km / o.speed_kmh * 60;
        over += vs.size() > static_cast<std::size_t>(o.max_visits_per_day) || minutes > o.hours_per_day * 60 + 1e-6;
        total_km += km;
    }
    EXPECT_EQ(r.days_over_capacity, over);
    // Every rep with a day over capacity or a visit left out has a shortfall that counts them.
    std::size_t over_in_shortfalls = 0, unplaced_in_shortfalls = 0;
    for (const auto& f : r.shortfalls) over_in_shortfalls += f.days_over_capacity, unplaced_in_shortfalls += f.unplaced_visits;
    EXPECT_EQ(over_in_shortfalls, over);
    EXPECT_EQ(unplaced_in_shortfalls, r.unplaced_visits);
    if (located) {
        EXPECT_NEAR(r.total_km, total_km, 1e-6 * std::max(1.0, total_km));
    }
}

TEST(plan_visits, every_rule_holds_on_generated_territories) {
    for (unsigned seed = 1; seed <= 4; ++seed) {
        const territory t = make_territory(120 + seed * 40, 3, seed);
        const crm::schedule_options o = year_2024();
        const crm::schedule_result r = crm::plan_visits(t.customers, t.bases, o);
        check_plan(t, o, r, true);
        // Room enough: every customer gets all its visits, every day within capacity, spacing kept.
        EXPECT_EQ(r.unvisited_customers, 0u);
        EXPECT_EQ(r.unplaced_visits, 0u);
        EXPECT_EQ(r.days_over_capacity, 0u);
        EXPECT_TRUE(r.shortfalls.empty());
        EXPECT_EQ(r.spacing_violations, 0u);
        std::size_t expected = 0;
        for (const auto& c : t.customers) expected += static_cast<std::size_t>(o.visits_per_year[tier_of(c.tier)]);
        EXPECT_EQ(r.visits.size(), expected);
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
    const crm::schedule_result r = crm::plan_visits(t.customers, t.bases, o);
    check_plan(t, o, r, true);
    EXPECT_EQ(r.unvisited_customers, 0u);
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

TEST(plan_visits, impossible_year_gives_the_exact_shortfall_and_drops_nothing) {
    // One rep, 100 A customers: 1 200 visits of 90 minutes. Four weeks hold 20 working days; the visits
    // need max(1200 / 6, 1200 x 90 / 480, 12) = 225 visit-days: 205 are missing.
    territory t = make_territory(100, 1, 3);
    for (auto& c : t.customers) c.tier = 'A';
    crm::schedule_options o = year_2024();
    o.days = 28;
    o.holidays.clear();
    const crm::schedule_result r = crm::plan_visits(t.customers, t.bases, o);
    ASSERT_EQ(r.shortfalls.size(), 1u);
    const crm::capacity_shortfall& f = r.shortfalls[0];
    EXPECT_EQ(f.rep, "rep0");
    EXPECT_EQ(f.working_days, 20u);
    EXPECT_EQ(f.visits_needed, 1200u);
    EXPECT_EQ(f.visit_capacity, 120u);
    EXPECT_EQ(f.visit_days_needed, 225u);
    EXPECT_EQ(f.missing_visit_days(), 205u);
    EXPECT_DOUBLE_EQ(f.visit_minutes_needed, 108000);
    EXPECT_DOUBLE_EQ(f.minutes_available, 9600);
    ASSERT_FALSE(f.remedies.empty());
    bool more_days = false;
    for (const auto& m : f.remedies) {
        if (m.kind == crm::shortfall_remedy::more_working_days) {
            more_days = true;
            EXPECT_EQ(m.value, 205);
        }
        // Fewer A visits: 1 a year would need 100 visits, 9 000 minutes: fits in 20 days of 6 and 8 h.
        if (m.kind == crm::shortfall_remedy::fewer_visits_per_year) {
            EXPECT_EQ(m.tier, 'A');
            EXPECT_EQ(m.value, 1);
        }
    }
    EXPECT_TRUE(more_days);
    // Nothing dropped: with 20 days for 12 visits each, every visit is placed, the overload reported.
    EXPECT_EQ(r.visits.size(), 1200u);
    EXPECT_EQ(r.unvisited_customers, 0u);
    EXPECT_GT(r.days_over_capacity, 0u);
    EXPECT_EQ(f.days_over_capacity, r.days_over_capacity);
    check_plan(t, o, r, true);
}

TEST(plan_visits, remedies_are_sufficient) {
    // A rep slightly over capacity: 60 A customers = 720 visits of 90 min in 246 working days.
    territory t = make_territory(60, 1, 9);
    for (auto& c : t.customers) c.tier = 'A';
    crm::schedule_options o = year_2024();
    o.max_visits_per_day = 2;  // 492 visits at most
    const crm::schedule_result r = crm::plan_visits(t.customers, t.bases, o);
    ASSERT_EQ(r.shortfalls.size(), 1u);
    const auto& f = r.shortfalls[0];
    EXPECT_EQ(f.visit_days_needed, 360u);
    for (const auto& m : f.remedies) {
        crm::schedule_options fixed = o;
        if (m.kind == crm::shortfall_remedy::more_visits_per_day) {
            fixed.max_visits_per_day = static_cast<int>(m.value);
            EXPECT_EQ(m.value, 3);
        } else if (m.kind == crm::shortfall_remedy::fewer_visits_per_year) {
            fixed.visits_per_year[tier_of(m.tier)] = static_cast<int>(m.value);
            EXPECT_EQ(m.value, 8);  // 60 x 8 = 480 <= 492
        } else {
            continue;
        }
        const auto again = crm::plan_visits(t.customers, t.bases, fixed);
        for (const auto& g : again.shortfalls) EXPECT_EQ(g.missing_visit_days(), 0u);
    }
}

TEST(plan_visits, a_year_without_working_days) {
    const territory t = make_territory(30, 2, 4);
    crm::schedule_options o = year_2024();
    o.working_weekdays = {false, false, false, false, false, false, false};
    const crm::schedule_result r = crm::plan_visits(t.customers, t.bases, o);
    EXPECT_TRUE(r.visits.empty());
    EXPECT_EQ(r.unvisited_customers, 30u);
    ASSERT_EQ(r.shortfalls.size(), 2u);
    std::size_t unplaced = 0, needed = 0;
    for (const auto& f : r.shortfalls) {
        EXPECT_EQ(f.working_days, 0u);
        EXPECT_GT(f.visit_days_needed, 0u);
        EXPECT_EQ(f.missing_visit_days(), f.visit_days_needed);
        EXPECT_EQ(f.unplaced_visits, f.visits_needed);
        ASSERT_FALSE(f.remedies.empty());
        EXPECT_EQ(f.remedies.front().kind, crm::shortfall_remedy::more_working_days);
        unplaced += f.unplaced_visits;
        needed += f.visits_needed;
    }
    EXPECT_EQ(r.unplaced_visits, unplaced);
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

TEST(plan_visits, customers_without_coordinates) {
    // A third of the customers have only a town (placed at its centroid); some have nothing at all,
    // and one rep has no base: everything is still planned, with the same rules.
    territory t = make_territory(200, 2, 8, 0.33);
    for (std::size_t i = 0; i < 12; ++i) {
        t.customers[i].latitude.reset(), t.customers[i].longitude.reset();
        t.customers[i].city = i % 2 ? "Nowhere" : "Elsewhere";
        t.customers[i].region = "Unknown";
    }
    t.bases[1].latitude.reset();
    const crm::schedule_options o = year_2024();
    const crm::schedule_result r = crm::plan_visits(t.customers, t.bases, o);
    check_plan(t, o, r, false);
    EXPECT_EQ(r.unvisited_customers, 0u);
    EXPECT_EQ(r.days_over_capacity, 0u);
    bool unknown_noted = false, base_noted = false;
    for (const auto& n : r.notes) {
        unknown_noted |= n.rfind("place_unknown:", 0) == 0;
        base_noted |= n == "base_estimated:rep1";
    }
    EXPECT_TRUE(unknown_noted);
    EXPECT_TRUE(base_noted);
    // Two customers of the same unknown town visited one after the other are 0 km apart.
    for (std::size_t i = 1; i < r.visits.size(); ++i) {
        const auto& a = r.visits[i - 1];
        const auto& b = r.visits[i];
        if (a.rep == b.rep && a.date == b.date && a.customer_id.size() <= 3 && b.customer_id.size() <= 3) {
            const auto& ca = t.customers[std::stoul(a.customer_id.substr(1))];
            const auto& cb = t.customers[std::stoul(b.customer_id.substr(1))];
            if (std::stoul(a.customer_id.substr(1)) < 12 && std::stoul(b.customer_id.substr(1)) < 12 && ca.city == cb.city) {
                EXPECT_EQ(b.km_from_previous, 0);
            }
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
        return {"accepted", crm::setting_rule::valid_date};
    };
    using rule = crm::setting_rule;
    struct refused {
        void (*change)(crm::schedule_options&);
        const char* setting;
        rule why;
    };
    const refused cases[] = {
        {[](crm::schedule_options& o) { o.max_visits_per_day = 0; }, "max_visits_per_day", rule::at_least_1},
        {[](crm::schedule_options& o) { o.speed_kmh = 0; }, "speed_kmh", rule::speed_above_0},
        {[](crm::schedule_options& o) { o.start_date = std::nan(""); }, "start_date", rule::valid_date},
        {[](crm::schedule_options& o) { o.days = 4000; }, "days", rule::days_from_0_to_3660},
        {[](crm::schedule_options& o) { o.visits_per_year[2] = 0; }, "visits_per_year", rule::whole_number_from_1_to_366},
        {[](crm::schedule_options& o) { o.visit_minutes[0] = 0; }, "visit_minutes", rule::minutes_above_0},
        {[](crm::schedule_options& o) { o.hours_per_day = 25; }, "hours_per_day", rule::hours_above_0_to_24},
        {[](crm::schedule_options& o) { o.day_start_hour = 24; }, "day_start_hour", rule::hour_from_0_to_24},
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
        return {"accepted", crm::setting_rule::valid_date, ""};
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

TEST(plan_visits, five_thousand_customers_in_moments) {
    // 5 000 customers and 10 reps: about 500 customers, 1 700 visits a rep, within capacity.
    const territory t = make_territory(5000, 10, 21);
    crm::schedule_options o = year_2024();
    o.max_visits_per_day = 8;
    o.hours_per_day = 10;
    const auto started = std::chrono::steady_clock::now();
    const crm::schedule_result r = crm::plan_visits(t.customers, t.bases, o);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    RecordProperty("seconds", std::to_string(seconds));
    std::printf("5 000 customers / 10 reps: %.2f s, %zu visits, %.0f km, %zu days over capacity\n", seconds,
                r.visits.size(), r.total_km, r.days_over_capacity);
    EXPECT_LT(seconds, 5.0);
    check_plan(t, o, r, true);
}

}  // namespace
