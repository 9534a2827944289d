// Places and travel of the visit planner (spec "Distances without coordinates"): known km only between
// coordinates, grouping by postal code, city and region otherwise.
#include <algorithm>
#include <cmath>

#include "crm/error.hpp"
#include "crm/routing.hpp"
#include "schedule_parts.hpp"

namespace crm::detail {

namespace {

// Ordering weights between places without coordinates, in km-like units: never shown, they only make a
// day's stops of one postal code follow each other, then those of one city, then of one region.
constexpr double same_postal_code = 0, same_city = 5, same_region = 30, elsewhere = 200;

bool same(const std::string& a, const std::string& b) { return !a.empty() && a == b; }

void locate(place& p, double lat, double lon) {
    p.located = true, p.lat = lat, p.lon = lon;
    p.point = earth_point_of(lat, lon);
}

}  // namespace

bool valid_coordinates(const std::optional<double>& lat, const std::optional<double>& lon) {
    return lat && lon && std::isfinite(*lat) && std::isfinite(*lon) && std::abs(*lat) <= 90 && std::abs(*lon) <= 180;
}

std::size_t tier_index(char tier) {
    switch (tier) {
        case 'A': case 'a': return 0;
        case 'B': case 'b': return 1;
        case 'C': case 'c': return 2;
        default: throw illegal_argument("plan visits: a customer's tier must be A, B or C");
    }
}

place place_of(const visit_customer& c) {
    place p;
    if (valid_coordinates(c.latitude, c.longitude)) locate(p, *c.latitude, *c.longitude);
    p.postal_code = c.postal_code, p.city = c.city, p.region = c.region;
    return p;
}

place place_of(const rep_base& b) {
    place p;
    if (valid_coordinates(b.latitude, b.longitude)) locate(p, *b.latitude, *b.longitude);
    p.postal_code = b.postal_code, p.city = b.city, p.region = b.region;
    return p;
}

std::optional<double> km_between(const place& a, const place& b) {
    if (!a.located || !b.located) return std::nullopt;
    return great_circle_km(a.point, b.point);
}

double proximity(const place& a, const place& b) {
    if (a.located && b.located) return great_circle_km(a.point, b.point);
    if (same(a.postal_code, b.postal_code)) return same_postal_code;
    if (same(a.city, b.city) && (a.region.empty() || b.region.empty() || a.region == b.region)) return same_city;
    if (same(a.region, b.region)) return same_region;
    return elsewhere;
}

double travel_minutes(const place& a, const place& b, const schedule_options& options) {
    const auto km = km_between(a, b);
    return km ? *km / options.speed_kmh * 60.0 : options.minutes_between_stops;
}

}  // namespace crm::detail
