// Visits per year by tier and the next visit's date on working days (spec section "Visits").
#include "crm/visits.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "crm/calendar.hpp"
#include "crm/error.hpp"

namespace crm {

namespace detail {
namespace {

// Calc's date range (serials of years -32768..32767) with margin; keeps the day arithmetic exact.
constexpr double max_serial = 2e7;

}  // namespace
}  // namespace detail

// Spec "Visits", CRM_VISITS_PER_YEAR: the tier letter picks a, b or c. Every count must be a
// positive number: the seed's plan leaves no customer unvisited.
double visits_per_year(std::string_view tier, double a, double b, double c) {
    require(std::isfinite(a) && std::isfinite(b) && std::isfinite(c), "visits: counts must be finite numbers");
    require(a > 0 && b > 0 && c > 0, "visits: counts must be > 0");
    require(tier.size() == 1, "visits: tier must be A, B or C");
    switch (tier.front()) {
        case 'A': case 'a': return a;
        case 'B': case 'b': return b;
        case 'C': case 'c': return c;
        default: throw illegal_argument("visits: tier must be A, B or C");
    }
}

// Monday to Friday by the core's one weekday convention (crm::weekday: Monday = 0).
bool is_weekday(double serial_date) { return weekday(serial_date) < 5; }

// Spec "Visits", CRM_NEXT_VISIT: the interval is 365 / visits days rounded half away from zero
// (as Calc's ROUND), added to the last visit's day (its time of day dropped, as Calc's WORKDAY does);
// a Saturday, Sunday or holiday moves the visit forward day by day to the next working day.
double next_visit(double last_visit, std::string_view tier, std::span<const double> holidays, double a, double b,
                  double c) {
    require(std::isfinite(last_visit) && std::abs(last_visit) <= detail::max_serial,
            "next visit: last visit is not a valid date");
    const double visits = visits_per_year(tier, a, b, c);
    std::vector<double> days_off;
    days_off.reserve(holidays.size());
    for (double h : holidays) {
        require(std::isfinite(h), "next visit: a holiday is not a valid date");
        days_off.push_back(std::floor(h));
    }
    std::sort(days_off.begin(), days_off.end());
    const double interval = std::round(365.0 / visits);  // std::round: halves away from zero
    double day = std::floor(last_visit) + interval;
    require(std::abs(day) <= detail::max_serial, "next visit: date out of range");
    // Each holiday can push the date at most one extra day, each weekend two: the loop ends.
    while (!is_weekday(day) || std::binary_search(days_off.begin(), days_off.end(), day)) day += 1;
    return day;
}

}  // namespace crm
