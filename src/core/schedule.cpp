// Visit planning of spec "The visit schedule": windows per visit, days filled by place, routes per day.
#include "crm/schedule.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <exception>
#include <limits>
#include <map>
#include <numeric>
#include <thread>
#include <tuple>

#include "crm/calendar.hpp"
#include "crm/error.hpp"
#include "crm/routing.hpp"

namespace crm {

namespace {

// A customer whose place is unknown is this far from any other place, except from unknown places of
// the same region and city, which are 0 km apart (spec: "without coordinates, by region/city grouping").
constexpr double unknown_place_km = 25;

// Spec "The visit schedule": consecutive visits of a customer within +-20 % of the ideal interval.
constexpr double spacing_tolerance = 0.2;

// Route search per day: a bounded number of kicks (never the clock) keeps the plan deterministic.
constexpr double route_seconds = 30;
constexpr std::size_t route_kick_work = 600;  // kicks x stops per day (between 10 and 200 kicks): big days stay affordable

constexpr double eps = 1e-9;

// Where a customer or base is: coordinates (own, or the centroid of its city or region), or only a
// group name (region and city) when nothing better is known.
struct place {
    bool located = false;
    double lat = 0, lon = 0;
    std::string group;
};

double km_between(const place& a, const place& b) {
    if (a.located && b.located) return haversine_km(a.lat, a.lon, b.lat, b.lon);
    if (!a.located && !b.located && !a.group.empty() && a.group == b.group) return 0;
    return unknown_place_km;
}

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

// Mean position of located customers, by key (city or region).
struct centroids {
    std::map<std::string, std::tuple<double, double, std::size_t>> sums;
    void add(const std::string& key, double lat, double lon) {
        if (key.empty()) return;
        auto& [la, lo, n] = sums[key];
        la += lat, lo += lon, ++n;
    }
    bool find(const std::string& key, place& out) const {
        const auto it = sums.find(key);
        if (key.empty() || it == sums.end()) return false;
        const auto& [la, lo, n] = it->second;
        out.located = true, out.lat = la / static_cast<double>(n), out.lon = lo / static_cast<double>(n);
        return true;
    }
};

// A customer's place: its coordinates; else the centroid of the located customers of its city (within its
// region), else of its region; else unknown, grouped with the customers of the same region and city.
std::vector<place> customer_places(const std::vector<visit_customer>& customers) {
    centroids by_city, by_region;
    for (const auto& c : customers) {
        if (!valid_coordinates(c.latitude, c.longitude)) continue;
        if (!c.city.empty()) by_city.add(c.region + '\x1f' + c.city, *c.latitude, *c.longitude);
        by_region.add(c.region, *c.latitude, *c.longitude);
    }
    std::vector<place> places(customers.size());
    for (std::size_t i = 0; i < customers.size(); ++i) {
        const auto& c = customers[i];
        place& p = places[i];
        if (valid_coordinates(c.latitude, c.longitude)) {
            p.located = true, p.lat = *c.latitude, p.lon = *c.longitude;
        } else if (!(c.city.empty() ? false : by_city.find(c.region + '\x1f' + c.city, p)) && !by_region.find(c.region, p)) {
            if (!c.region.empty() || !c.city.empty()) p.group = c.region + '\x1f' + c.city;
        }
    }
    return places;
}

// One visit of the year still to place: the working-day indices it may fall on.
struct customer_state {
    std::size_t customer = 0;    // index into the input
    std::size_t tier = 0;
    int visits = 0;              // visits a year
    double interval = 0;         // ideal days between visits: period / visits
    double phase = 0;            // nominal first visit: start + phase
    std::size_t sweep_rank = 0;  // position in the rep's sweep around his base
    int next = 0;             // index of the next visit to place
    double previous_day = 0;  // serial of the last placed visit
    std::size_t first_index = 0, last_index = 0;  // window of the next visit, working-day indices
    bool finished = false;
    std::vector<double> dates;
};

// Planning context of one rep.
struct rep_plan {
    const std::vector<visit_customer>& customers;
    const std::vector<place>& places;
    const schedule_options& options;
    const std::vector<double>& days;  // working days of the period
    place base;
    std::string rep;
    std::vector<customer_state> states;
    std::vector<visit> visits;
    double total_km = 0;
    std::size_t days_over_capacity = 0;
    std::size_t unplaced = 0;
    std::size_t max_visits_in_a_day = 0;
    double max_minutes_in_a_day = 0;

    double end() const { return std::floor(options.start_date) + options.days; }
    double travel_minutes(double km) const { return km / options.speed_kmh * 60.0; }
    double visit_length(const customer_state& s) const { return options.visit_minutes[s.tier]; }

    // Working-day indices of the days in [lo, hi]; first > last when there is none.
    std::pair<std::size_t, std::size_t> day_range(double lo, double hi) const {
        const auto first = std::lower_bound(days.begin(), days.end(), std::ceil(lo - eps));
        const auto past = std::upper_bound(days.begin(), days.end(), std::floor(hi + eps));
        const auto a = static_cast<std::size_t>(first - days.begin());
        const auto b = static_cast<std::size_t>(past - days.begin());
        return {a, b == 0 ? std::numeric_limits<std::size_t>::max() : b - 1};
    }
    static bool empty_range(std::pair<std::size_t, std::size_t> r) {
        return r.second == std::numeric_limits<std::size_t>::max() || r.first > r.second;
    }

    // The window of a customer's next visit. Spec "The visit schedule": visits are spread through the
    // year and consecutive visits lie within +-20 % of the ideal interval I = period / visits. Visit k is
    // due on the nominal date start + phase + k I; it may fall within +-0.2 I of that date and, after a
    // visit on day p, within [p + 0.8 I, p + 1.2 I]. Both hold together whenever the previous visit kept
    // to its own window, so the spacing rule holds by construction. Only when the calendar leaves no
    // working day there (a long holiday, the end of the period) does the window widen to the spacing
    // rule alone, and failing that to the working day nearest the nominal date after the last visit:
    // that is the calendar forcing a violation, which the summary counts.
    void open_window(customer_state& s) {
        const double start = std::floor(options.start_date);
        const double nominal = start + s.phase + s.next * s.interval;
        const double slack = spacing_tolerance * s.interval;
        double earliest = start, latest = end() - 1;
        if (s.next > 0) {
            earliest = std::max(earliest, s.previous_day + std::max(1.0, (1 - spacing_tolerance) * s.interval));
            latest = std::min(latest, s.previous_day + (1 + spacing_tolerance) * s.interval);
        }
        // Each visit still to come needs a working day of its own: the window ends early enough for them.
        const auto remaining = static_cast<std::size_t>(s.visits - s.next);
        const double after = s.next > 0 ? s.previous_day + 1 : start;
        const auto first_free = static_cast<std::size_t>(std::lower_bound(days.begin(), days.end(), after) - days.begin());
        if (days.size() < remaining || first_free > days.size() - remaining) {
            unplaced += remaining;  // fewer working days left than visits: reported, never hidden
            s.finished = true;
            return;
        }
        const std::size_t cap = days.size() - remaining;
        const auto capped = [cap](std::pair<std::size_t, std::size_t> r) {
            if (!empty_range(r)) r.second = std::min(r.second, cap);
            return r;
        };
        auto range = capped(day_range(std::max(earliest, nominal - slack), std::min(latest, nominal + slack)));
        if (empty_range(range)) range = capped(day_range(earliest, latest));
        if (empty_range(range)) {
            // The working day nearest the nominal date among those the calendar leaves.
            auto best = static_cast<std::size_t>(std::lower_bound(days.begin(), days.end(), nominal) - days.begin());
            if (best == days.size() || (best > 0 && nominal - days[best - 1] < days[best] - nominal)) --best;
            best = std::clamp(best, first_free, cap);
            range = {best, best};
        }
        s.first_index = range.first, s.last_index = range.second;
    }

    // Orders the day's stops from the base (index 0) and returns the tour.
    route route_of(const std::vector<std::size_t>& stops, std::uint64_t seed) const {
        distance_matrix d(stops.size() + 1);
        const auto at = [&](std::size_t i) -> const place& { return i == 0 ? base : places[states[stops[i - 1]].customer]; };
        for (std::size_t i = 0; i < d.size(); ++i)
            for (std::size_t j = i + 1; j < d.size(); ++j) {
                const double km = km_between(at(i), at(j));
                d.set(i, j, km), d.set(j, i, km);
            }
        d.set(0, 0, 0);
        route_options ro;
        ro.time_budget_seconds = route_seconds;
        ro.seed = seed;
        // A day over capacity (more due visits than the day holds, reported as such) gets the local optimum
        // of 2-opt and Or-opt without the iterated kicks: an overloaded year of hundreds of stops a day
        // stays affordable, and its routes are still short.
        ro.max_kicks = stops.size() > static_cast<std::size_t>(options.max_visits_per_day)
                           ? 0
                           : std::clamp<std::size_t>(route_kick_work / std::max<std::size_t>(1, stops.size()), 10, 200);
        return route_day(d, ro);
    }

    double day_minutes(const std::vector<std::size_t>& stops, double km) const {
        double minutes = travel_minutes(km);
        for (std::size_t s : stops) minutes += visit_length(states[s]);
        return minutes;
    }

    // Cheapest insertion of a stop into the running tour (base first): the added km.
    double insertion_km(const std::vector<const place*>& tour, const place& p, std::size_t& where) const {
        double best = std::numeric_limits<double>::infinity();
        for (std::size_t i = 0; i < tour.size(); ++i) {
            const place& a = *tour[i];
            const place& b = *tour[(i + 1) % tour.size()];
            const double added = km_between(a, p) + km_between(p, b) - (tour.size() == 1 ? 0 : km_between(a, b));
            if (added < best - eps) best = added, where = i + 1;
        }
        return best;
    }

    // Spec "The visit schedule": visits are grouped by place into days. Each working day takes, in this
    // order: the visits whose window ends that day (they cannot wait); if the day is still empty, the
    // most urgent visit whose window is open (earliest window end, then nominal order); then, while the
    // day has room for one more visit within max visits and working hours (visit lengths plus travel,
    // estimated by cheapest insertion into the day's tour), the open visit nearest to any stop already
    // in the day. Since customers got their phases from a sweep around the base, the visits falling due
    // together are neighbours, and the nearest-neighbour filling pulls nearby customers (B and C ones,
    // whose windows are wide) into the day: a sweep clustering followed by greedy bin packing of days.
    void plan_day(std::size_t day) {
        std::vector<std::size_t> stops, open;
        for (std::size_t i = 0; i < states.size(); ++i) {
            const customer_state& s = states[i];
            if (s.finished || s.first_index > day || s.last_index < day) continue;
            (s.last_index == day ? stops : open).push_back(i);
        }
        const std::size_t mandatory = stops.size();
        const auto urgency = [&](std::size_t i) {
            const customer_state& s = states[i];
            return std::make_tuple(s.last_index, s.phase + s.next * s.interval, s.sweep_rank);
        };
        if (stops.empty() && !open.empty()) {
            const auto seed = std::min_element(open.begin(), open.end(), [&](std::size_t a, std::size_t b) { return urgency(a) < urgency(b); });
            stops.push_back(*seed);
            open.erase(seed);
        }
        const auto capacity = static_cast<std::size_t>(options.max_visits_per_day);
        const double minutes_limit = options.hours_per_day * 60.0 + eps;
        std::vector<const place*> tour{&base};
        double tour_km = 0;
        // The estimate only serves the filling: a day already full of due visits skips it.
        for (std::size_t s : stops.size() < capacity ? stops : std::vector<std::size_t>{}) {
            std::size_t where = 1;
            const place& p = places[states[s].customer];
            tour_km += insertion_km(tour, p, where);
            tour.insert(tour.begin() + static_cast<std::ptrdiff_t>(where), &p);
        }
        std::vector<double> nearest(open.size(), std::numeric_limits<double>::infinity());
        const auto update_nearest = [&](std::size_t stop) {
            const place& p = places[states[stop].customer];
            for (std::size_t k = 0; k < open.size(); ++k) nearest[k] = std::min(nearest[k], km_between(p, places[states[open[k]].customer]));
        };
        if (stops.size() < capacity)
            for (std::size_t s : stops) update_nearest(s);
        std::size_t refused = 0;
        std::vector<bool> tried(open.size(), false);
        while (stops.size() < capacity && refused < 8) {
            std::size_t pick = open.size();
            for (std::size_t k = 0; k < open.size(); ++k)
                if (!tried[k] && (pick == open.size() || nearest[k] < nearest[pick] - eps ||
                                  (std::abs(nearest[k] - nearest[pick]) <= eps && urgency(open[k]) < urgency(open[pick]))))
                    pick = k;
            if (pick == open.size()) break;
            tried[pick] = true;
            std::size_t where = 1;
            const place& p = places[states[open[pick]].customer];
            const double added = insertion_km(tour, p, where);
            if (day_minutes(stops, tour_km + added) + visit_length(states[open[pick]]) > minutes_limit) {
                ++refused;
                continue;
            }
            tour_km += added;
            tour.insert(tour.begin() + static_cast<std::ptrdiff_t>(where), &p);
            stops.push_back(open[pick]);
            update_nearest(open[pick]);
        }
        if (stops.empty()) return;

        // The real route; if it is longer than the estimate and the day no longer fits, the visits that
        // were only pulled forward go back to wait for a later day (last added first).
        const std::uint64_t seed = 0x9e3779b97f4a7c15ULL ^ (static_cast<std::uint64_t>(day) * 1000003ULL);
        route r = route_of(stops, seed);
        while (stops.size() > std::max<std::size_t>(mandatory, 1) && day_minutes(stops, r.length) > minutes_limit) {
            stops.pop_back();
            r = route_of(stops, seed);
        }
        const double minutes = day_minutes(stops, r.length);
        if (stops.size() > capacity || minutes > minutes_limit) ++days_over_capacity;
        max_visits_in_a_day = std::max(max_visits_in_a_day, stops.size());
        max_minutes_in_a_day = std::max(max_minutes_in_a_day, minutes);
        total_km += r.length;

        double clock = options.day_start_hour * 60.0;
        const place* previous = &base;
        for (std::size_t k = 1; k < r.order.size(); ++k) {
            customer_state& s = states[stops[r.order[k] - 1]];
            const visit_customer& c = customers[s.customer];
            const place& here = places[s.customer];
            const double km = km_between(*previous, here);
            clock += travel_minutes(km);
            visits.push_back({days[day], rep, static_cast<int>(k), c.id, c.name, static_cast<char>('A' + s.tier),
                              purpose_of_visit(static_cast<char>('A' + s.tier), s.next), km, clock});
            clock += visit_length(s);
            previous = &here;
            s.dates.push_back(days[day]);
            s.previous_day = days[day];
            if (++s.next == s.visits) {
                s.finished = true;
            } else {
                open_window(s);
            }
        }
    }
};

// Phases from a sweep: the rep's customers are ordered by bearing around the base (then distance), the
// customers without a place after them by group; within each tier the i-th of n customers in that order
// gets phase (i + 0.5) / n of its interval. The load of each tier is thus even through the year, and
// customers falling due together lie in the same direction from the base.
void assign_phases(rep_plan& plan) {
    place centre = plan.base;
    if (!centre.located) {
        double la = 0, lo = 0;
        std::size_t n = 0;
        for (const auto& s : plan.states)
            if (plan.places[s.customer].located) la += plan.places[s.customer].lat, lo += plan.places[s.customer].lon, ++n;
        if (n > 0) centre.located = true, centre.lat = la / static_cast<double>(n), centre.lon = lo / static_cast<double>(n);
    }
    std::vector<std::size_t> order(plan.states.size());
    std::iota(order.begin(), order.end(), 0);
    const auto key = [&](std::size_t i) {
        const place& p = plan.places[plan.states[i].customer];
        if (!p.located || !centre.located) return std::make_tuple(!p.located, 0.0, 0.0, p.group, plan.states[i].customer);
        const double dx = (p.lon - centre.lon) * std::cos(centre.lat * 3.14159265358979323846 / 180.0);
        const double dy = p.lat - centre.lat;
        return std::make_tuple(false, std::atan2(dy, dx), dx * dx + dy * dy, std::string(), plan.states[i].customer);
    };
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return key(a) < key(b); });
    std::array<std::size_t, 3> per_tier{}, seen{};
    for (const auto& s : plan.states) ++per_tier[s.tier];
    for (std::size_t rank = 0; rank < order.size(); ++rank) {
        customer_state& s = plan.states[order[rank]];
        s.sweep_rank = rank;
        s.phase = (static_cast<double>(seen[s.tier]++) + 0.5) / static_cast<double>(per_tier[s.tier]) * s.interval;
    }
}

// The remedies that alone would make the year hold the rep's visits, smallest relative change first.
std::vector<remedy> remedies_for(const capacity_shortfall& f, const std::array<std::size_t, 3>& customers_per_tier,
                                 const schedule_options& o, int most_visits) {
    std::vector<std::pair<double, remedy>> found;
    const double w = static_cast<double>(f.working_days);
    const double day_minutes = o.hours_per_day * 60.0;
    if (f.visit_days_needed > f.working_days)
        found.push_back({static_cast<double>(f.missing_visit_days()) / std::max(1.0, w),
                         {shortfall_remedy::more_working_days, static_cast<double>(f.missing_visit_days())}});
    if (f.working_days > 0 && w >= most_visits) {
        const double per_day = std::ceil(static_cast<double>(f.visits_needed) / w);
        if (per_day > o.max_visits_per_day && f.visit_minutes_needed <= f.minutes_available + eps)
            found.push_back({per_day / o.max_visits_per_day - 1, {shortfall_remedy::more_visits_per_day, per_day}});
        const double hours = std::ceil(f.visit_minutes_needed / w / 30.0 - eps) / 2.0;  // half hours
        if (hours > o.hours_per_day && f.visits_needed <= f.visit_capacity)
            found.push_back({hours / o.hours_per_day - 1, {shortfall_remedy::longer_working_days, hours}});
    }
    if (f.visit_days_needed > f.working_days) {
        // Fewer visits a year for one tier: the largest count (at least 1) that fits.
        for (std::size_t t = 3; t-- > 0;) {
            if (customers_per_tier[t] == 0) continue;
            for (int v = o.visits_per_year[t] - 1; v >= 1; --v) {
                const double n = static_cast<double>(customers_per_tier[t]);
                const double cut = o.visits_per_year[t] - v;
                const double visits = static_cast<double>(f.visits_needed) - cut * n;
                const double minutes = f.visit_minutes_needed - cut * n * o.visit_minutes[t];
                int longest = 0;
                for (std::size_t u = 0; u < 3; ++u)
                    if (customers_per_tier[u] > 0) longest = std::max(longest, u == t ? v : o.visits_per_year[u]);
                if (visits <= o.max_visits_per_day * w && minutes <= day_minutes * w + eps && longest <= w) {
                    found.push_back({cut / o.visits_per_year[t], {shortfall_remedy::fewer_visits_per_year, static_cast<double>(v), static_cast<char>('A' + t)}});
                    break;
                }
            }
        }
    }
    std::stable_sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<remedy> out;
    for (const auto& [size, r] : found) out.push_back(r);
    return out;
}

// The year of one rep: his customers' visits, the account of his capacity, his notes.
schedule_result plan_rep(const std::string& rep, const std::vector<std::size_t>& members, const rep_base* base_entry,
                         const std::vector<visit_customer>& customers, const std::vector<place>& places,
                         const centroids& by_city, const std::vector<double>& days, const schedule_options& options,
                         run_control* control) {
    schedule_result result;
    rep_plan plan{customers, places, options, days, place{false, 0, 0, std::string()}, rep, {}, {}, 0, 0, 0, 0, 0};
    // The base: its coordinates; else the centroid of the customers of its city; else the centroid of
    // the rep's own located customers (he lives among them); else unknown.
    if (base_entry && valid_coordinates(base_entry->latitude, base_entry->longitude)) {
        plan.base.located = true, plan.base.lat = *base_entry->latitude, plan.base.lon = *base_entry->longitude;
    } else {
        if (!(base_entry && by_city.find(base_entry->city, plan.base))) {
            centroids own;
            for (std::size_t i : members)
                if (places[i].located) own.add("rep", places[i].lat, places[i].lon);
            own.find("rep", plan.base);
        }
        result.notes.push_back("base_estimated:" + rep);
    }
    std::size_t placed_by_group = 0, unknown = 0;
    std::array<std::size_t, 3> per_tier{};
    capacity_shortfall account;
    account.rep = rep;
    int most_visits = 0;
    for (std::size_t i : members) {
        customer_state s;
        s.customer = i;
        s.tier = tier_index(customers[i].tier);
        s.visits = options.visits_per_year[s.tier];
        s.interval = static_cast<double>(options.days) / s.visits;
        plan.states.push_back(s);
        ++per_tier[s.tier];
        account.visits_needed += static_cast<std::size_t>(s.visits);
        account.visit_minutes_needed += s.visits * options.visit_minutes[s.tier];
        most_visits = std::max(most_visits, s.visits);
        if (!valid_coordinates(customers[i].latitude, customers[i].longitude)) ++(places[i].located ? placed_by_group : unknown);
    }
    if (placed_by_group > 0) result.notes.push_back("placed_by_city_or_region:" + rep + ":" + std::to_string(placed_by_group));
    if (unknown > 0) result.notes.push_back("place_unknown:" + rep + ":" + std::to_string(unknown));

    assign_phases(plan);
    for (auto& s : plan.states) plan.open_window(s);
    for (std::size_t d = 0; d < days.size(); ++d) {
        if (control) {
            if (control->stop.load(std::memory_order_relaxed)) throw cancelled();
            control->days_done.fetch_add(1, std::memory_order_relaxed);
        }
        plan.plan_day(d);
    }

    // Spec "The visit schedule": the account of capacity. The visit-days needed are the most of: all
    // visits at max visits a day, all visit minutes at the working hours a day (travel not counted,
    // so this is a floor), and the visits a year of the most visited customer (one visit a day each).
    const double w = static_cast<double>(days.size());
    account.working_days = days.size();
    account.visit_capacity = static_cast<std::size_t>(options.max_visits_per_day) * days.size();
    account.minutes_available = options.hours_per_day * 60.0 * w;
    account.visit_days_needed = static_cast<std::size_t>(std::max<double>(
        {std::ceil(static_cast<double>(account.visits_needed) / options.max_visits_per_day),
         std::ceil(account.visit_minutes_needed / (options.hours_per_day * 60.0) - eps), static_cast<double>(most_visits)}));
    account.days_over_capacity = plan.days_over_capacity;
    account.unplaced_visits = plan.unplaced;
    if (account.visit_days_needed > account.working_days || plan.days_over_capacity > 0 || plan.unplaced > 0) {
        account.remedies = remedies_for(account, per_tier, options, most_visits);
        if (account.remedies.empty() || account.visit_days_needed <= account.working_days) {
            // Room enough on paper, but travel filled some days: what the plan itself would need.
            if (plan.max_visits_in_a_day > static_cast<std::size_t>(options.max_visits_per_day))
                account.remedies.push_back({shortfall_remedy::more_visits_per_day, static_cast<double>(plan.max_visits_in_a_day)});
            if (plan.max_minutes_in_a_day > options.hours_per_day * 60.0 + eps)
                account.remedies.push_back({shortfall_remedy::longer_working_days, std::ceil(plan.max_minutes_in_a_day / 30.0 - eps) / 2.0});
        }
        result.shortfalls.push_back(account);
    }

    // Spacing actually achieved (the calendar may have forced some visits out of the +-20 % band).
    for (const auto& s : plan.states) {
        for (std::size_t k = 1; k < s.dates.size(); ++k) {
            const double gap = s.dates[k] - s.dates[k - 1];
            if (gap < (1 - spacing_tolerance) * s.interval - eps || gap > (1 + spacing_tolerance) * s.interval + eps)
                ++result.spacing_violations;
        }
        if (s.dates.size() < static_cast<std::size_t>(s.visits)) ++result.unvisited_customers;
    }
    result.unplaced_visits = plan.unplaced;
    result.days_over_capacity = plan.days_over_capacity;
    result.total_km = plan.total_km;
    result.visits = std::move(plan.visits);
    return result;
}

// The options as plan_visits takes them, whoever built them: each field named as in schedule_options.
void validate(const schedule_options& o) {
    const auto check = [](bool holds, const char* field, setting_rule rule) {
        if (!holds) throw invalid_setting(field, rule);
    };
    check(std::isfinite(o.start_date), "start_date", setting_rule::valid_date);
    check(o.days >= 0 && o.days <= 3660, "days", setting_rule::days_from_0_to_3660);
    for (int v : o.visits_per_year) check(v >= 1 && v <= 366, "visits_per_year", setting_rule::whole_number_from_1_to_366);
    for (double m : o.visit_minutes) check(std::isfinite(m) && m > 0, "visit_minutes", setting_rule::minutes_above_0);
    check(std::isfinite(o.hours_per_day) && o.hours_per_day > 0 && o.hours_per_day <= 24, "hours_per_day",
          setting_rule::hours_above_0_to_24);
    check(o.max_visits_per_day >= 1, "max_visits_per_day", setting_rule::at_least_1);
    check(std::isfinite(o.speed_kmh) && o.speed_kmh > 0, "speed_kmh", setting_rule::speed_above_0);
    check(std::isfinite(o.day_start_hour) && o.day_start_hour >= 0 && o.day_start_hour < 24, "day_start_hour",
          setting_rule::hour_from_0_to_24);
    for (double h : o.holidays) check(std::isfinite(h), "holidays", setting_rule::dates_only);
}

}  // namespace

schedule_options schedule_options_from(const plan_settings& settings, int this_year, std::string (*name_of)(plan_setting)) {
    const auto fail = [&](plan_setting which, setting_rule rule) { throw invalid_setting(name_of(which), rule); };
    schedule_options o;
    int year;
    if (settings.start_date) {
        if (!(std::isfinite(*settings.start_date) && *settings.start_date >= serial_from_civil({1900, 1, 1}) &&
              *settings.start_date < serial_from_civil({9999, 1, 1})))
            fail(plan_setting::start_date, setting_rule::date_from_1900_to_9998);
        o.start_date = std::floor(*settings.start_date);
        year = civil_from_serial(o.start_date).year;
        o.days = static_cast<int>(serial_from_civil({year + 1, civil_from_serial(o.start_date).month,
                                                     civil_from_serial(o.start_date).day}) - o.start_date);
    } else {
        const double y = settings.year.value_or(this_year + 1);
        if (!(y >= 1900 && y <= 9998 && y == std::floor(y))) fail(plan_setting::year, setting_rule::year_from_1900_to_9998);
        year = static_cast<int>(y);
        o.start_date = serial_from_civil({year, 1, 1});
        o.days = static_cast<int>(serial_from_civil({year + 1, 1, 1}) - o.start_date);
    }
    const plan_setting visit_names[3] = {plan_setting::visits_a, plan_setting::visits_b, plan_setting::visits_c};
    const plan_setting minute_names[3] = {plan_setting::minutes_a, plan_setting::minutes_b, plan_setting::minutes_c};
    for (std::size_t i = 0; i < 3; ++i) {
        const double visits = settings.visits_per_year[i].value_or(o.visits_per_year[i]);
        if (!(visits >= 1 && visits <= 366 && visits == std::floor(visits)))
            fail(visit_names[i], setting_rule::whole_number_from_1_to_366);
        o.visits_per_year[i] = static_cast<int>(visits);
        const double minutes = settings.visit_minutes[i].value_or(o.visit_minutes[i]);
        if (!(minutes >= 1 && minutes <= 24 * 60)) fail(minute_names[i], setting_rule::minutes_from_1_to_1440);
        o.visit_minutes[i] = minutes;
    }
    const double per_day = settings.max_visits_per_day.value_or(o.max_visits_per_day);
    if (!(per_day >= 1 && per_day <= 100 && per_day == std::floor(per_day)))
        fail(plan_setting::max_visits_per_day, setting_rule::whole_number_from_1_to_100);
    o.max_visits_per_day = static_cast<int>(per_day);
    o.hours_per_day = settings.hours_per_day.value_or(o.hours_per_day);
    if (!(o.hours_per_day > 0 && o.hours_per_day <= 24)) fail(plan_setting::hours_per_day, setting_rule::hours_above_0_to_24);
    o.speed_kmh = settings.speed_kmh.value_or(o.speed_kmh);
    if (!(o.speed_kmh > 0 && o.speed_kmh <= 1000)) fail(plan_setting::speed_kmh, setting_rule::speed_above_0_to_1000);
    for (double h : settings.holidays)
        if (!std::isfinite(h)) fail(plan_setting::holidays, setting_rule::dates_only);
    o.holidays = settings.holidays;
    return o;
}

int plan_year(const schedule_options& options) { return civil_from_serial(std::floor(options.start_date)).year; }

// Seed 000 gives a visit three purposes: listen and find the customer's problems, bring the new policies
// and promotions, help a potential customer grow. A and B customers (the ones carrying the sales) are
// first visited to listen; their visits then alternate between bringing the new policies and promotions
// and listening again. C customers are the potential customers, so each of their visits is to help them grow.
visit_purpose purpose_of_visit(char tier, int visit_index) {
    if (tier_index(tier) == 2) return visit_purpose::help_grow;
    return visit_index % 2 == 0 ? visit_purpose::listen_to_problems : visit_purpose::present_policies_and_promotions;
}

schedule_result plan_visits(std::vector<visit_customer> customers, std::vector<rep_base> bases, const schedule_options& options,
                            run_control* control) {
    validate(options);
    for (const auto& c : customers) tier_index(c.tier);
    const double start = std::floor(options.start_date);
    const std::vector<double> days = working_days(start, start + options.days, options.working_weekdays, options.holidays);
    const std::vector<place> places = customer_places(customers);

    std::map<std::string, std::vector<std::size_t>> by_rep;  // sorted by rep: deterministic order
    for (std::size_t i = 0; i < customers.size(); ++i) by_rep[customers[i].rep].push_back(i);
    std::map<std::string, const rep_base*> base_of;
    for (const auto& b : bases) base_of.emplace(b.rep, &b);
    centroids by_city;
    for (std::size_t i = 0; i < customers.size(); ++i)
        if (valid_coordinates(customers[i].latitude, customers[i].longitude)) by_city.add(customers[i].city, places[i].lat, places[i].lon);

    // Each rep plans his own customers from his base: reps are independent, so they are planned in
    // parallel and merged in rep order (the result does not depend on the number of threads).
    std::vector<std::pair<const std::string*, const std::vector<std::size_t>*>> reps;
    for (const auto& [rep, members] : by_rep) reps.push_back({&rep, &members});
    if (control) control->days_total = reps.size() * days.size();
    std::vector<schedule_result> parts(reps.size());
    std::vector<std::exception_ptr> failures(reps.size());
    std::atomic<std::size_t> next_rep{0};
    const auto work = [&] {
        for (std::size_t r; (r = next_rep++) < reps.size();) {
            try {
                const auto b = base_of.find(*reps[r].first);
                parts[r] = plan_rep(*reps[r].first, *reps[r].second, b == base_of.end() ? nullptr : b->second, customers,
                                    places, by_city, days, options, control);
            } catch (...) {
                failures[r] = std::current_exception();
            }
        }
    };
    const std::size_t threads = std::min<std::size_t>(reps.size(), std::max(1u, std::thread::hardware_concurrency()));
    std::vector<std::thread> pool;
    for (std::size_t t = 1; t < threads; ++t) pool.emplace_back(work);
    work();
    for (auto& t : pool) t.join();
    for (const auto& f : failures)
        if (f) std::rethrow_exception(f);

    schedule_result result;
    for (auto& part : parts) {
        result.unvisited_customers += part.unvisited_customers;
        result.unplaced_visits += part.unplaced_visits;
        result.days_over_capacity += part.days_over_capacity;
        result.spacing_violations += part.spacing_violations;
        result.total_km += part.total_km;
        std::move(part.shortfalls.begin(), part.shortfalls.end(), std::back_inserter(result.shortfalls));
        std::move(part.notes.begin(), part.notes.end(), std::back_inserter(result.notes));
        std::move(part.visits.begin(), part.visits.end(), std::back_inserter(result.visits));
    }
    std::sort(result.visits.begin(), result.visits.end(), [](const visit& a, const visit& b) {
        return std::tie(a.date, a.rep, a.stop) < std::tie(b.date, b.rep, b.stop);
    });
    return result;
}

}  // namespace crm
