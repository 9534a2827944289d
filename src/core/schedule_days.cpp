// One rep's days of the visit plan (spec "The visit schedule"): each visit's window, the days filled by place
// within MaxVisitsPerDay and the working hours, each day's route with its arrival times and known km.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>
#include <tuple>

#include "crm/calendar.hpp"
#include "crm/error.hpp"
#include "crm/routing.hpp"
#include "schedule_parts.hpp"

namespace crm::detail {

namespace {

// Spec "The visit schedule": consecutive visits of a customer within +-20 % of the ideal interval.
constexpr double spacing_tolerance = 0.2;

// Route search per day: a bounded number of kicks (never the clock) keeps the plan deterministic.
constexpr double route_seconds = 30;
constexpr std::size_t route_kick_work = 600;  // kicks x stops per day (between 10 and 200 kicks)

// Visits tried and refused (no room left in the day) before the filling of a day stops.
constexpr std::size_t refusals_per_day = 8;

constexpr double eps = 1e-9;

// One customer's visits of the period still to place.
struct customer_state {
    std::size_t customer = 0;    // index into the input
    std::size_t tier = 0;
    int wanted = 0;              // visits a year asked for
    int visits = 0;              // visits of the budget (fewer than wanted when the period is too short)
    double interval = 0;         // ideal days between visits: period / visits
    double phase = 0;            // nominal first visit: start + phase
    // Nominal date of visit k: origin + (k − origin_index) × interval; a new plan has origin = start + phase and
    // origin_index 0, a re-plan continues from the last kept visit (origin = that day + interval, index = kept).
    double origin = 0;
    int origin_index = 0;
    std::size_t sweep_rank = 0;  // position in the rep's sweep around his base
    int next = 0;                // index of the next visit to place
    double previous_day = 0;     // serial of the last placed visit
    std::size_t first_index = 0, last_index = 0;  // window of the next visit, working-day indices
    bool finished = false;
    std::vector<double> dates;
};

struct rep_days {
    const std::vector<visit_customer>& customers;
    const std::vector<place>& places;
    const schedule_options& options;
    const std::vector<double>& days;  // working days of the period
    const place& base;
    const std::string& rep;
    std::vector<customer_state> states;
    std::vector<visit> visits;
    double total_km = 0;
    std::vector<int> weekday_of;  // of each working day, Monday = 0

    // Spec "Plans the reps can use", availability: the customer's visit days.
    bool available(std::size_t i, std::size_t day) const {
        return customers[states[i].customer].visit_days[static_cast<std::size_t>(weekday_of[day])];
    }
    bool any_day(std::size_t i) const {
        const auto& d = customers[states[i].customer].visit_days;
        return std::all_of(d.begin(), d.end(), [](bool b) { return b; });
    }

    // The window keeps only the customer's visit days; when it holds none of them, the one of his days nearest to
    // the nominal date among those still open to him (false when there is none: his other visits are missing).
    bool keep_visit_days(std::size_t i, std::pair<std::size_t, std::size_t>& range, double nominal, std::size_t first_free,
                         std::size_t cap) const {
        if (any_day(i)) return true;
        std::size_t a = range.first, b = range.second;
        while (a <= b && !available(i, a)) ++a;
        while (b > a && !available(i, b)) --b;
        if (a <= b && available(i, a)) {
            range = {a, b};
            return true;
        }
        std::size_t best = days.size();
        for (std::size_t k = first_free; k <= cap && k < days.size(); ++k)
            if (available(i, k) && (best == days.size() || std::abs(days[k] - nominal) < std::abs(days[best] - nominal)))
                best = k;
        if (best == days.size()) return false;
        range = {best, best};
        return true;
    }

    double end() const { return std::floor(options.start_date) + options.days; }
    // The first day planned: the period's start, or From for a re-plan.
    double first_day() const { return std::max(std::floor(options.start_date), std::floor(options.from)); }
    double visit_length(std::size_t s) const { return options.visit_minutes[states[s].tier]; }
    const place& place_at(std::size_t s) const { return places[states[s].customer]; }
    double minutes_limit() const { return options.hours_per_day * 60.0 + eps; }

    // Spec "When the period cannot hold every visit": a day short of room keeps first visits first, then the
    // visits of A, B and C customers; then the most urgent (earliest window end, nominal order).
    auto priority(std::size_t i) const {
        const customer_state& s = states[i];
        return std::make_tuple(s.next > 0, s.tier, s.last_index, s.phase + s.next * s.interval, s.sweep_rank);
    }

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
    // period and consecutive visits lie within +-20 % of the ideal interval I = period / visits. Visit k is
    // due on the nominal date start + phase + k I; it may fall within +-0.2 I of that date and, after a
    // visit on day p, within [p + 0.8 I, p + 1.2 I]. Both hold together whenever the previous visit kept
    // to its own window, so the spacing rule holds by construction. Only when the calendar leaves no
    // working day there (a long holiday, the end of the period) does the window widen to the spacing
    // rule alone, and failing that to the working day nearest the nominal date after the last visit:
    // that is the calendar forcing a violation, which the summary counts.
    void open_window(customer_state& s) {
        const auto i = static_cast<std::size_t>(&s - states.data());
        const double start = first_day();
        const double nominal = s.origin + (s.next - s.origin_index) * s.interval;
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
            s.finished = true;  // fewer working days left than visits: the rest are missing, and listed
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
        if (!keep_visit_days(i, range, nominal, first_free, cap)) {
            s.finished = true;  // no visit day of his is left for this visit: it and the rest are missing, and listed
            return;
        }
        s.first_index = range.first, s.last_index = range.second;
    }

    // A due visit the day had no room for waits for the next working day (a spacing violation the summary
    // counts); when no day is left for it and the customer's other visits, the rest are missing.
    void defer(std::size_t i, std::size_t day) {
        customer_state& s = states[i];
        const auto remaining = static_cast<std::size_t>(s.visits - s.next);
        std::size_t next = day + 1;
        while (next < days.size() && !available(i, next)) ++next;  // his next visit day
        if (next >= days.size() || next + remaining > days.size()) {
            s.finished = true;
            return;
        }
        s.first_index = next, s.last_index = next;
    }

    // The order of the day's stops from the base (index 0), by proximity.
    route route_of(const std::vector<std::size_t>& stops, std::uint64_t seed) const {
        distance_matrix d(stops.size() + 1);
        const auto at = [&](std::size_t i) -> const place& { return i == 0 ? base : place_at(stops[i - 1]); };
        for (std::size_t i = 0; i < d.size(); ++i)
            for (std::size_t j = i + 1; j < d.size(); ++j) {
                const double p = proximity(at(i), at(j));
                d.set(i, j, p), d.set(j, i, p);
            }
        route_options ro;
        ro.time_budget_seconds = route_seconds;
        ro.seed = seed;
        ro.max_kicks = std::clamp<std::size_t>(route_kick_work / std::max<std::size_t>(1, stops.size()), 10, 200);
        return route_day(d, ro);
    }

    // A day along a route: the arrival at each stop (waiting for a customer's opening when early), the minutes from
    // leaving the base to coming back (visits, travel and waits), and the first stop whose visit fits none of his
    // opening windows (its position in the route, 0 when every visit fits).
    struct timed_day {
        std::vector<double> arrivals;  // minutes after midnight, in route order
        double minutes = 0;
        std::size_t late = 0;
    };
    timed_day time_route(const std::vector<std::size_t>& stops, const route& r) const {
        timed_day t;
        const double leave = options.day_start_hour * 60.0;
        double clock = leave;
        const place* previous = &base;
        for (std::size_t k = 1; k < r.order.size(); ++k) {
            const std::size_t i = stops[r.order[k] - 1];
            const place& here = place_at(i);
            clock += travel_minutes(*previous, here, options);
            const auto& windows = customers[states[i].customer].opening_hours;
            if (!windows.empty()) {
                const auto fits = std::find_if(windows.begin(), windows.end(), [&](const auto& w) {
                    return std::max(clock, w.first) + visit_length(i) <= w.second + eps;
                });
                if (fits == windows.end()) {
                    if (t.late == 0) t.late = k;
                } else {
                    clock = std::max(clock, fits->first);
                }
            }
            t.arrivals.push_back(clock);
            clock += visit_length(i);
            previous = &here;
        }
        if (r.order.size() > 1) clock += travel_minutes(*previous, base, options);
        t.minutes = clock - leave;
        return t;
    }

    // The timing of the day's route; when a visit misses its opening hours, the same stops by opening time (the
    // customers without hours where the route has them) replace the route if every visit then fits.
    timed_day time_day(const std::vector<std::size_t>& stops, route& r) const {
        timed_day t = time_route(stops, r);
        if (t.late == 0) return t;
        route by_opening = r;
        const auto opens = [&](std::size_t node) {
            const auto& w = customers[states[stops[node - 1]].customer].opening_hours;
            return w.empty() ? 0.0 : w.front().first;
        };
        std::stable_sort(by_opening.order.begin() + 1, by_opening.order.end(),
                         [&](std::size_t a, std::size_t b) { return opens(a) < opens(b); });
        timed_day u = time_route(stops, by_opening);
        if (u.late == 0) {
            r = std::move(by_opening);
            return u;
        }
        return t;
    }

    // The running estimate of a day while it is filled: its tour (base first) and its minutes.
    struct day_tour {
        std::vector<const place*> tour;
        double minutes = 0;  // travel of the closed tour plus the visits
    };

    // Cheapest insertion of a stop into the tour: the minutes added (travel and the visit).
    double insertion_minutes(const day_tour& t, std::size_t s, std::size_t& where) const {
        const place& p = place_at(s);
        double best = std::numeric_limits<double>::infinity();
        for (std::size_t i = 0; i < t.tour.size(); ++i) {
            const place& a = *t.tour[i];
            const place& b = *t.tour[(i + 1) % t.tour.size()];
            const double added = travel_minutes(a, p, options) + travel_minutes(p, b, options) -
                                 (t.tour.size() == 1 ? 0 : travel_minutes(a, b, options));
            if (added < best - eps) best = added, where = i + 1;
        }
        return best + visit_length(s);
    }

    // Adds stop s to the day if the day has room for it (visits a day and working hours); true if added.
    bool try_add(day_tour& t, std::vector<std::size_t>& stops, std::size_t s) const {
        if (stops.size() >= static_cast<std::size_t>(options.max_visits_per_day)) return false;
        std::size_t where = 1;
        const double added = insertion_minutes(t, s, where);
        if (t.minutes + added > minutes_limit()) return false;
        t.minutes += added;
        t.tour.insert(t.tour.begin() + static_cast<std::ptrdiff_t>(where), &place_at(s));
        stops.push_back(s);
        return true;
    }

    // Spec "The visit schedule": visits are grouped by place into days. Each working day takes, in this
    // order: the visits whose window ends that day, first visits first, then A, B, C (a due visit the day
    // has no room for waits for the next day); if the day is still empty, the most urgent visit whose
    // window is open; then, while the day has room for one more visit within max visits and working hours
    // (visit lengths plus travel, estimated by cheapest insertion into the day's tour), the open visit
    // nearest to any stop already in the day. Since customers got their phases from a sweep around the
    // base, the visits falling due together are neighbours, and the nearest-neighbour filling pulls nearby
    // customers (B and C ones, whose windows are wide) into the day: a sweep clustering followed by greedy
    // bin packing of days. The real route may be longer than the estimate: the stops added last go back
    // until the day ends within its hours. A day never holds more than MaxVisitsPerDay visits nor ends
    // later than HoursPerDay after DayStart.
    void plan_day(std::size_t day) {
        std::vector<std::size_t> due, open;
        for (std::size_t i = 0; i < states.size(); ++i) {
            const customer_state& s = states[i];
            if (s.finished || s.first_index > day || s.last_index < day || !available(i, day)) continue;
            (s.last_index == day ? due : open).push_back(i);
        }
        const auto by_priority = [&](std::size_t a, std::size_t b) { return priority(a) < priority(b); };
        std::sort(due.begin(), due.end(), by_priority);
        day_tour t{{&base}, 0};
        std::vector<std::size_t> stops, deferred;
        for (std::size_t s : due)
            if (!try_add(t, stops, s)) deferred.push_back(s);
        std::size_t kept = stops.size();  // the due visits, first in stops: the others are pulled forward
        if (stops.empty() && !open.empty()) {
            const auto seed = std::min_element(open.begin(), open.end(), by_priority);
            if (try_add(t, stops, *seed)) open.erase(seed);
        }
        std::vector<double> nearest(open.size(), std::numeric_limits<double>::infinity());
        const auto update_nearest = [&](std::size_t stop) {
            for (std::size_t k = 0; k < open.size(); ++k)
                nearest[k] = std::min(nearest[k], proximity(place_at(stop), place_at(open[k])));
        };
        for (std::size_t s : stops) update_nearest(s);
        std::size_t refused = 0;
        std::vector<bool> tried(open.size(), false);
        while (stops.size() < static_cast<std::size_t>(options.max_visits_per_day) && refused < refusals_per_day) {
            std::size_t pick = open.size();
            for (std::size_t k = 0; k < open.size(); ++k)
                if (!tried[k] && (pick == open.size() || nearest[k] < nearest[pick] - eps ||
                                  (std::abs(nearest[k] - nearest[pick]) <= eps && priority(open[k]) < priority(open[pick]))))
                    pick = k;
            if (pick == open.size()) break;
            tried[pick] = true;
            if (!try_add(t, stops, open[pick])) {
                ++refused;
                continue;
            }
            update_nearest(open[pick]);
        }
        if (stops.empty()) {
            for (std::size_t s : deferred) defer(s, day);
            return;
        }

        // The real route; while it ends past the working hours, the stops added last go back, and a visit that
        // misses its customer's opening hours goes back first: pulled-forward visits wait for their own window,
        // due ones for the next day.
        const std::uint64_t seed = 0x9e3779b97f4a7c15ULL ^ (static_cast<std::uint64_t>(day) * 1000003ULL);
        route r = route_of(stops, seed);
        timed_day timing = time_day(stops, r);
        while (!stops.empty() && (timing.late != 0 || timing.minutes > minutes_limit())) {
            const std::size_t victim = timing.late != 0 ? r.order[timing.late] - 1 : stops.size() - 1;
            if (victim < kept) {
                deferred.push_back(stops[victim]);
                --kept;
            }
            stops.erase(stops.begin() + static_cast<std::ptrdiff_t>(victim));
            if (stops.empty()) break;
            r = route_of(stops, seed);
            timing = time_day(stops, r);
        }
        for (std::size_t s : deferred) {
            // A visit alone longer than a working day (a customer too far from the base) can never be made.
            day_tour alone{{&base}, 0};
            std::vector<std::size_t> single;
            if (!try_add(alone, single, s)) {
                states[s].finished = true;
                continue;
            }
            defer(s, day);
        }
        if (stops.empty()) return;

        const place* previous = &base;
        for (std::size_t k = 1; k < r.order.size(); ++k) {
            const std::size_t i = stops[r.order[k] - 1];
            customer_state& s = states[i];
            const visit_customer& c = customers[s.customer];
            const place& here = place_at(i);
            const auto km = km_between(*previous, here);
            // Arrivals in whole minutes, as a calendar shows them (spec: times in whole minutes).
            visits.push_back({days[day], rep, static_cast<int>(k), c.id, c.name, static_cast<char>('A' + s.tier),
                              purpose_of_visit(static_cast<char>('A' + s.tier), s.next), km,
                              std::round(timing.arrivals[k - 1]), s.customer, false, std::nullopt});
            if (km) total_km += *km;
            previous = &here;
            s.dates.push_back(days[day]);
            s.previous_day = days[day];
            if (++s.next == s.visits) {
                s.finished = true;
            } else {
                open_window(s);
            }
        }
        if (const auto back = km_between(*previous, base)) {
            total_km += *back;
            visits.back().km_to_base = back;
        }
    }

    // Phases from a sweep: the rep's customers are ordered by bearing around the base (then distance), the
    // customers without a place after them by postal code, city and region; within each tier the i-th of n
    // customers in that order gets phase (i + 0.5) / n of its interval. The load of each tier is thus even
    // through the period, and customers falling due together lie in the same direction from the base.
    void assign_phases() {
        place centre = base;
        if (!centre.located) {
            double la = 0, lo = 0;
            std::size_t n = 0;
            for (const auto& s : states)
                if (places[s.customer].located) la += places[s.customer].lat, lo += places[s.customer].lon, ++n;
            if (n > 0) centre.located = true, centre.lat = la / static_cast<double>(n), centre.lon = lo / static_cast<double>(n);
        }
        std::vector<std::size_t> order(states.size());
        std::iota(order.begin(), order.end(), 0);
        const auto key = [&](std::size_t i) {
            const place& p = places[states[i].customer];
            if (!p.located || !centre.located)
                return std::make_tuple(!p.located, 0.0, 0.0, p.region + '\x1f' + p.city + '\x1f' + p.postal_code,
                                       states[i].customer);
            const double dx = (p.lon - centre.lon) * std::cos(centre.lat * 3.14159265358979323846 / 180.0);
            const double dy = p.lat - centre.lat;
            return std::make_tuple(false, std::atan2(dy, dx), dx * dx + dy * dy, std::string(), states[i].customer);
        };
        std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return key(a) < key(b); });
        std::array<std::size_t, 3> per_tier{}, seen{};
        for (const auto& s : states) ++per_tier[s.tier];
        for (std::size_t rank = 0; rank < order.size(); ++rank) {
            customer_state& s = states[order[rank]];
            s.sweep_rank = rank;
            s.phase = (static_cast<double>(seen[s.tier]++) + 0.5) / static_cast<double>(per_tier[s.tier]) * s.interval;
            if (s.origin_index == 0) s.origin = first_day() + s.phase;
        }
    }
};

}  // namespace

void plan_rep_days(const std::string& rep, const std::vector<std::size_t>& members, const std::vector<int>& budget,
                   const place& base, const std::vector<visit_customer>& customers, const std::vector<place>& places,
                   const std::vector<double>& days, const schedule_options& options, run_control* control,
                   schedule_result& result, const std::vector<std::vector<double>>& kept) {
    rep_days plan{customers, places, options, days, base, rep, {}, {}, 0, {}};
    plan.weekday_of.reserve(days.size());
    for (double d : days) plan.weekday_of.push_back(weekday(d));
    plan.states.reserve(members.size());
    for (std::size_t k = 0; k < members.size(); ++k) {
        customer_state s;
        s.customer = members[k];
        s.tier = tier_index(customers[members[k]].tier);
        s.wanted = options.visits_per_year[s.tier];
        s.visits = budget[k];
        const double period = plan.end() - plan.first_day();
        s.interval = s.visits > 0 ? period / s.visits : 0;
        if (!kept.empty() && !kept[k].empty()) {
            // Spec "re-planning": his remaining visits spaced from his last real visit, at his usual interval when
            // the rest of the period holds them, closer when it does not.
            s.dates = kept[k];
            s.next = s.origin_index = static_cast<int>(s.dates.size());
            s.previous_day = s.dates.back();
            const double usual = static_cast<double>(options.days) / std::max(1, s.wanted);
            const double last = std::max(s.previous_day, plan.first_day() - 1);
            s.interval = s.visits > 0 ? std::min(usual, (plan.end() - last) / (s.visits + 0.5)) : usual;
            s.origin = s.previous_day + s.interval;
            s.visits += s.next;  // the kept visits count among his visits
        }
        s.finished = s.visits == s.next;
        plan.states.push_back(s);
    }
    plan.assign_phases();
    for (auto& s : plan.states)
        if (!s.finished) plan.open_window(s);
    for (std::size_t d = 0; d < days.size(); ++d) {
        if (control) {
            if (control->stop.load(std::memory_order_relaxed)) throw cancelled();
            control->days_done.fetch_add(1, std::memory_order_relaxed);
        }
        plan.plan_day(d);
    }

    // Spacing actually achieved (the calendar, or a day without room, may have moved some visits).
    for (const auto& s : plan.states) {
        for (std::size_t k = 1; k < s.dates.size(); ++k) {
            const double gap = s.dates[k] - s.dates[k - 1];
            if (gap < (1 - spacing_tolerance) * s.interval - eps || gap > (1 + spacing_tolerance) * s.interval + eps)
                ++result.spacing_violations;
        }
        const auto planned = static_cast<int>(s.dates.size());
        if (planned < s.wanted) {
            ++result.unvisited_customers;
            const visit_customer& c = customers[s.customer];
            result.missing.push_back({c.id, c.name, rep, static_cast<char>('A' + s.tier), s.wanted, planned});
        }
    }
    result.total_km = plan.total_km;
    result.visits = std::move(plan.visits);
}

}  // namespace crm::detail
