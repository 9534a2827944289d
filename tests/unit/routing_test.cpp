// Tests of day routes: haversine distances, the distance matrix, and route_day's properties on random days.
#include "crm/routing.hpp"

#include <gtest/gtest.h>

#include <cstdio>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numbers>
#include <random>
#include <vector>

#include "crm/error.hpp"

namespace {

using crm::distance_matrix;
using crm::illegal_argument;

// Random places in a 100 x 100 square, Euclidean distances (symmetric), place 0 being the base.
distance_matrix random_day(std::size_t n, std::uint64_t seed) {
    std::mt19937_64 random(seed);
    std::uniform_real_distribution<double> coordinate(0.0, 100.0);
    std::vector<std::pair<double, double>> places(n);
    for (auto& [x, y] : places) x = coordinate(random), y = coordinate(random);
    distance_matrix d(n);
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < n; ++j)
            d.set(i, j, std::hypot(places[i].first - places[j].first, places[i].second - places[j].second));
    return d;
}

// Random one-way distances (d(i, j) != d(j, i)), as driving times with one-way streets could be.
distance_matrix random_one_way_day(std::size_t n, std::uint64_t seed) {
    std::mt19937_64 random(seed);
    std::uniform_real_distribution<double> distance(1.0, 50.0);
    distance_matrix d(n);
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < n; ++j)
            if (i != j) d.set(i, j, distance(random));
    return d;
}

// The shortest closed tour from place 0, by trying every order of the other places.
double shortest_by_enumeration(const distance_matrix& d) {
    std::vector<std::size_t> order(d.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    double best = crm::tour_length(order, d);
    while (std::next_permutation(order.begin() + 1, order.end())) best = std::min(best, crm::tour_length(order, d));
    return best;
}

// The invariants every route must keep: all places once, the base first, its length, never longer than the
// construction; and for a symmetric matrix the spec's rule that no single 2-opt move shortens it.
void expect_valid_route(const crm::route& r, const distance_matrix& d, bool symmetric) {
    ASSERT_EQ(r.order.size(), d.size());
    if (d.size() > 0) {
        EXPECT_EQ(r.order[0], 0u);
    }
    std::vector<std::size_t> sorted = r.order;
    std::sort(sorted.begin(), sorted.end());
    for (std::size_t i = 0; i < sorted.size(); ++i) ASSERT_EQ(sorted[i], i) << "not a permutation";
    EXPECT_DOUBLE_EQ(r.length, crm::tour_length(r.order, d));
    EXPECT_LE(r.length, crm::nearest_neighbour_route(d).length + 1e-9);
    if (symmetric) {
        EXPECT_FALSE(crm::two_opt_improvable(r.order, d));
    }
}

// A budget that max_kicks always reaches first, so that the result does not depend on the machine's speed.
crm::route_options deterministic(std::uint64_t seed, std::size_t kicks = 300) {
    return {.time_budget_seconds = 60, .seed = seed, .max_kicks = kicks};
}

TEST(haversine_km, paris_to_lyon) {
    // Notre-Dame de Paris to Lyon's Place Bellecour: about 392 km as the crow flies.
    EXPECT_NEAR(crm::haversine_km(48.8530, 2.3499, 45.7578, 4.8320), 392.0, 1.5);
    EXPECT_NEAR(crm::haversine_km(45.7578, 4.8320, 48.8530, 2.3499), crm::haversine_km(48.8530, 2.3499, 45.7578, 4.8320),
                1e-9);
}

TEST(haversine_km, special_points) {
    EXPECT_EQ(crm::haversine_km(10, 20, 10, 20), 0.0);
    const double half_circumference = std::numbers::pi * 6371.0088;
    EXPECT_NEAR(crm::haversine_km(0, 0, 0, 180), half_circumference, 1e-6);
    EXPECT_NEAR(crm::haversine_km(90, 0, -90, 0), half_circumference, 1e-6);
    EXPECT_NEAR(crm::haversine_km(0, 0, 1, 0), half_circumference / 180, 1e-9);  // one degree of latitude
    EXPECT_FALSE(std::isnan(crm::haversine_km(0, 0, 0, 180 - 1e-15)));             // rounding near antipodes
}

TEST(distance_matrix, set_and_read) {
    distance_matrix d(3);
    EXPECT_EQ(d.size(), 3u);
    EXPECT_EQ(d(1, 2), 0.0);
    d.set(1, 2, 7.5);
    EXPECT_EQ(d(1, 2), 7.5);
    EXPECT_EQ(d(2, 1), 0.0);  // one direction only
    EXPECT_THROW(d.set(3, 0, 1), illegal_argument);
    EXPECT_THROW(d.set(0, 3, 1), illegal_argument);
    EXPECT_THROW(d.set(0, 1, NAN), illegal_argument);
    EXPECT_THROW(d.set(0, 1, INFINITY), illegal_argument);
    EXPECT_THROW(distance_matrix(distance_matrix::max_size() + 1), illegal_argument);
    EXPECT_EQ(distance_matrix(0).size(), 0u);
}

TEST(tour_length, closed_tours) {
    distance_matrix d(4);  // a unit square 0-1-2-3
    for (std::size_t i = 0; i < 4; ++i)
        for (std::size_t j = 0; j < 4; ++j) d.set(i, j, (i + j) % 2 == 1 ? 1.0 : (i == j ? 0.0 : std::sqrt(2.0)));
    EXPECT_DOUBLE_EQ(crm::tour_length({0, 1, 2, 3}, d), 4.0);
    EXPECT_DOUBLE_EQ(crm::tour_length({0, 2, 1, 3}, d), 2 + 2 * std::sqrt(2.0));
    EXPECT_EQ(crm::tour_length({}, d), 0.0);
    EXPECT_EQ(crm::tour_length({2}, d), 0.0);
    EXPECT_THROW(crm::tour_length({0, 4}, d), illegal_argument);
    EXPECT_TRUE(crm::two_opt_improvable({0, 2, 1, 3}, d));  // the crossing tour
    EXPECT_FALSE(crm::two_opt_improvable({0, 1, 2, 3}, d));
    EXPECT_FALSE(crm::two_opt_improvable({0, 2, 1, 3}, d, 10.0));  // not by more than 10
    EXPECT_THROW(crm::two_opt_improvable({0, 5, 1, 3}, d), illegal_argument);
}

TEST(route_day, tiny_days) {
    EXPECT_TRUE(crm::route_day(distance_matrix(0)).order.empty());
    EXPECT_EQ(crm::route_day(distance_matrix(0)).length, 0.0);
    const crm::route one = crm::route_day(distance_matrix(1));
    EXPECT_EQ(one.order, std::vector<std::size_t>{0});
    EXPECT_EQ(one.length, 0.0);

    distance_matrix two(2);
    two.set(0, 1, 3);
    two.set(1, 0, 4);
    const crm::route there_and_back = crm::route_day(two);
    EXPECT_EQ(there_and_back.order, (std::vector<std::size_t>{0, 1}));
    EXPECT_EQ(there_and_back.length, 7.0);

    // Three places, one way round shorter than the other (one-way distances).
    distance_matrix three(3);
    three.set(0, 1, 1), three.set(1, 2, 1), three.set(2, 0, 1);
    three.set(0, 2, 5), three.set(2, 1, 5), three.set(1, 0, 5);
    EXPECT_EQ(crm::route_day(three).order, (std::vector<std::size_t>{0, 1, 2}));
    three.set(0, 1, 20);  // now 20 + 1 + 1 against 5 + 5 + 5
    EXPECT_EQ(crm::route_day(three).order, (std::vector<std::size_t>{0, 2, 1}));
    EXPECT_EQ(crm::route_day(three).length, 15.0);
}

TEST(route_day, small_days_are_optimal) {
    // Up to twelve places the route is exact (Held-Karp), checked here against every order up to eleven.
    for (std::size_t n = 2; n <= 11; ++n)
        for (std::uint64_t seed = 1; seed <= (n <= 9 ? 5u : 2u); ++seed) {
            SCOPED_TRACE(testing::Message() << "n " << n << ", seed " << seed);
            const distance_matrix d = random_day(n, 1000 * n + seed);
            const crm::route r = crm::route_day(d, deterministic(seed));
            expect_valid_route(r, d, true);
            EXPECT_NEAR(r.length, shortest_by_enumeration(d), 1e-9);
        }
}

TEST(route_day, properties_on_random_days) {
    for (std::size_t n : {12, 15, 20, 31, 50, 100, 200})
        for (std::uint64_t seed = 1; seed <= 3; ++seed) {
            SCOPED_TRACE(testing::Message() << "n " << n << ", seed " << seed);
            const distance_matrix d = random_day(n, 7 * n + seed);
            expect_valid_route(crm::route_day(d, deterministic(seed, n <= 50 ? 300 : 50)), d, true);
        }
}

// An overloaded rep's day can hold a thousand stops. Its route stays a 2-opt local optimum, and short:
// for n uniform places in a square of area A the optimal tour is about 0.7124 sqrt(n A) (Beardwood,
// Halton & Hammersley 1959; the constant from Johnson, McGeoch & Rothberg 1996), a little more at
// finite n from the boundary; 2-opt with Or-opt lands within some 5 % of optimal (Johnson & McGeoch 1997).
TEST(route_day, a_thousand_stops) {
    for (std::uint64_t seed : {1, 2}) {
        const distance_matrix d = random_day(1000, 1000 + seed);
        const crm::route r = crm::route_day(d, deterministic(seed, 20));
        expect_valid_route(r, d, true);
        const double bhh = 0.7124 * std::sqrt(1000.0 * 100.0 * 100.0);
        std::printf("1000 stops, seed %llu: length %.1f = %.3f x the BHH estimate\n",
                    static_cast<unsigned long long>(seed), r.length, r.length / bhh);
        EXPECT_LT(r.length, 1.12 * bhh);
    }
}

TEST(route_day, one_way_distances) {
    for (std::size_t n : {3, 5, 8, 9, 10, 11, 15, 40}) {
        SCOPED_TRACE(testing::Message() << "n " << n);
        const distance_matrix d = random_one_way_day(n, n);
        const crm::route r = crm::route_day(d, deterministic(1));
        expect_valid_route(r, d, false);
        if (n <= 11) {  // exact up to twelve places, one-way distances included
            EXPECT_NEAR(r.length, shortest_by_enumeration(d), 1e-9);
        }
    }
}

TEST(route_day, same_seed_same_route) {
    const distance_matrix d = random_day(60, 42);
    const crm::route first = crm::route_day(d, deterministic(7));
    EXPECT_EQ(crm::route_day(d, deterministic(7)).order, first.order);
    const crm::route other_seed = crm::route_day(d, deterministic(8));
    expect_valid_route(other_seed, d, true);
}

TEST(route_day, time_budget) {
    const distance_matrix d = random_day(200, 5);
    // No time for kicks: still a local optimum, better than the construction.
    expect_valid_route(crm::route_day(d, {.time_budget_seconds = 0}), d, true);
    // The default budget holds for 200 places (local search after the last kick included).
    const auto start = std::chrono::steady_clock::now();
    expect_valid_route(crm::route_day(d), d, true);
    EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(), 2.0);
    EXPECT_THROW(crm::route_day(d, {.time_budget_seconds = -1}), illegal_argument);
    EXPECT_THROW(crm::route_day(d, {.time_budget_seconds = NAN}), illegal_argument);
}

TEST(route_day, a_reps_day_around_lyon) {
    // Base in Lyon, stops in nearby towns (latitude, longitude): haversine distances as the planner uses them.
    const std::vector<std::pair<double, double>> places = {
        {45.7578, 4.8320}, {45.7640, 4.8357}, {45.4397, 4.3872}, {45.1885, 5.7245}, {46.2052, 5.2255},
        {45.8992, 6.1294}, {45.5646, 5.9178}, {46.0747, 4.7258}, {45.5255, 4.8745}, {45.9903, 4.7183},
        {45.6980, 4.8880}};
    distance_matrix d(places.size());
    for (std::size_t i = 0; i < places.size(); ++i)
        for (std::size_t j = 0; j < places.size(); ++j)
            d.set(i, j, crm::haversine_km(places[i].first, places[i].second, places[j].first, places[j].second));
    const crm::route r = crm::route_day(d, deterministic(1));
    expect_valid_route(r, d, true);
    EXPECT_NEAR(r.length, shortest_by_enumeration(d), 1e-9);  // 9! orders: the optimum of a real day
}

}  // namespace

// The planner's distances from unit vectors are haversine's, to rounding, from a few metres to the antipode.
TEST(great_circle_km, equals_haversine) {
    std::mt19937 rng(5);
    std::uniform_real_distribution<double> lat(-90, 90), lon(-180, 180), near(-0.01, 0.01);
    for (int i = 0; i < 2000; ++i) {
        const double a = lat(rng), b = lon(rng);
        const double c = i % 2 ? lat(rng) : std::clamp(a + near(rng), -90.0, 90.0), d = i % 2 ? lon(rng) : b + near(rng);
        const double h = crm::haversine_km(a, b, c, d);
        EXPECT_NEAR(crm::great_circle_km(crm::earth_point_of(a, b), crm::earth_point_of(c, d)), h, 1e-9 + 1e-12 * h);
    }
    EXPECT_NEAR(crm::great_circle_km(crm::earth_point_of(0, 0), crm::earth_point_of(0, 180)), crm::haversine_km(0, 0, 0, 180), 1e-9);
}
