// Day routes of spec "The visit schedule": great-circle distances and a short closed tour from the rep's base.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace crm {

/// Great-circle distance in km between two points given in degrees (haversine, mean Earth radius 6371.0088 km).
double haversine_km(double lat1, double lon1, double lat2, double lon2);

/// A point of the Earth as the unit vector of its latitude and longitude (degrees): computed once, it gives
/// distances to other points without a sine or a cosine (the planner measures millions of them).
struct earth_point {
    double x = 0, y = 0, z = 0;
};
earth_point earth_point_of(double lat, double lon);

/// The great-circle distance in km between two points, from their chord (the same as haversine_km to rounding).
double great_circle_km(const earth_point& a, const earth_point& b);

/// Dense n x n matrix of travel distances, row-major; need not be symmetric.
class distance_matrix {
public:
    /// An n x n matrix of zeros; throws illegal_argument beyond max_size() places.
    explicit distance_matrix(std::size_t n);
    /// Distance from place i to place j (unchecked: i, j < size()).
    double operator()(std::size_t i, std::size_t j) const { return values_[i * n_ + j]; }
    /// Sets the distance from i to j; throws illegal_argument for an index out of range or a non-finite d.
    void set(std::size_t i, std::size_t j, double d);
    /// Number of places.
    std::size_t size() const { return n_; }
    /// Most places a matrix may hold (keeps the dense matrix within a few hundred MB).
    static constexpr std::size_t max_size() { return 5000; }

private:
    std::size_t n_;
    std::vector<double> values_;
};

/// A closed tour: order[0] is the base (place 0), every place once, then back to the base.
struct route {
    std::vector<std::size_t> order;
    double length = 0;  ///< tour_length(order), the drive back to the base included
};

/// How long route_day may search, and its random seed (a given seed and max_kicks give the same route).
struct route_options {
    double time_budget_seconds = 0.2;  ///< the search stops after this long, even before max_kicks
    std::uint64_t seed = 1;            ///< seed of the random kicks
    std::size_t max_kicks = 2000;      ///< most perturbations of the iterated local search
};

/// A short closed tour over all places of d from the base (place 0): construction, 2-opt and Or-opt, iterated local search.
route route_day(const distance_matrix& d, const route_options& options = {});

/// The greedy tour route_day starts from: from the base, always on to the nearest place not yet visited.
route nearest_neighbour_route(const distance_matrix& d);

/// Length of the closed tour `order` (back to order[0]); throws illegal_argument for a place out of range.
double tour_length(const std::vector<std::size_t>& order, const distance_matrix& d);

/// True iff reversing one stretch of the tour not containing the base (a 2-opt move) shortens it by more than epsilon.
bool two_opt_improvable(const std::vector<std::size_t>& order, const distance_matrix& d, double epsilon = 1e-9);

}  // namespace crm
