// Day routes: haversine distances, the distance matrix, and route_day's construction, local search and kicks.
#include "crm/routing.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <deque>
#include <limits>
#include <numbers>
#include <random>
#include <string>
#include <utility>

#include "crm/error.hpp"

namespace crm {

namespace {
constexpr double earth_radius_km = 6371.0088;  // IUGG mean radius
}  // namespace

earth_point earth_point_of(double lat, double lon) {
    constexpr double radians = std::numbers::pi / 180.0;
    return {std::cos(lat * radians) * std::cos(lon * radians), std::cos(lat * radians) * std::sin(lon * radians),
            std::sin(lat * radians)};
}

double great_circle_km(const earth_point& a, const earth_point& b) {
    const double dx = a.x - b.x, dy = a.y - b.y, dz = a.z - b.z;
    return 2.0 * earth_radius_km * std::asin(std::min(1.0, std::sqrt(dx * dx + dy * dy + dz * dz) / 2));
}

double haversine_km(double lat1, double lon1, double lat2, double lon2) {
    constexpr double radians = std::numbers::pi / 180.0;
    const double dlat = (lat2 - lat1) * radians;
    const double dlon = (lon2 - lon1) * radians;
    const double h = std::sin(dlat / 2) * std::sin(dlat / 2) +
                     std::cos(lat1 * radians) * std::cos(lat2 * radians) * std::sin(dlon / 2) * std::sin(dlon / 2);
    // Rounding can push h a hair above 1 for antipodal points; asin would then give NaN.
    return 2.0 * earth_radius_km * std::asin(std::min(1.0, std::sqrt(h)));
}

distance_matrix::distance_matrix(std::size_t n) : n_(n) {
    if (n > max_size())
        throw illegal_argument("distance matrix: " + std::to_string(n) + " places, at most " +
                               std::to_string(max_size()) + " are supported");
    values_.assign(n * n, 0.0);
}

void distance_matrix::set(std::size_t i, std::size_t j, double d) {
    require(i < n_ && j < n_, "distance matrix: place index out of range");
    require(std::isfinite(d), "distance matrix: a distance must be a finite number");
    values_[i * n_ + j] = d;
}

double tour_length(const std::vector<std::size_t>& order, const distance_matrix& d) {
    const std::size_t m = order.size();
    for (std::size_t place : order) require(place < d.size(), "tour: place index out of range");
    double length = 0;
    for (std::size_t p = 0; p < m; ++p) length += d(order[p], order[(p + 1) % m]);
    return length;
}

route nearest_neighbour_route(const distance_matrix& d) {
    const std::size_t n = d.size();
    route result;
    if (n == 0) return result;
    std::vector<bool> visited(n, false);
    result.order.reserve(n);
    result.order.push_back(0);
    visited[0] = true;
    for (std::size_t step = 1; step < n; ++step) {
        const std::size_t from = result.order.back();
        std::size_t next = n;
        for (std::size_t j = 0; j < n; ++j)
            if (!visited[j] && (next == n || d(from, j) < d(from, next))) next = j;
        visited[next] = true;
        result.order.push_back(next);
    }
    result.length = tour_length(result.order, d);
    return result;
}

namespace {

// A move must gain more than this to be made; two_opt_improvable's default epsilon is the same, so a route
// that local search leaves alone is never reported as improvable.
constexpr double gain_epsilon = 1e-9;

// Up to this many places the shortest route is found exactly (Held-Karp, 2^11 sets of stops at 12): a rep's
// day gets the best route there is, not merely a good one.
constexpr std::size_t exhaustive_limit = 12;

// Or-opt moves stretches of 1 to 3 consecutive stops elsewhere in the tour, forwards or backwards.
constexpr std::size_t or_opt_longest = 3;

// A tour under local search. Edge e joins positions e and e+1 (edge m-1 closes the tour back to the base).
// Prefix sums of the edges walked forwards and backwards price the reversal of any stretch in O(1), so the
// moves are exact for asymmetric distances too (where reversing a stretch changes its inner length).
class tour {
public:
    tour(const distance_matrix& d, std::vector<std::size_t> order) : d_(&d), order_(std::move(order)) { refresh(); }

    std::size_t size() const { return order_.size(); }
    std::size_t places() const { return d_->size(); }
    const std::vector<std::size_t>& order() const { return order_; }
    std::vector<std::size_t>& order() { return order_; }
    std::size_t place(std::size_t position) const { return order_[position % order_.size()]; }
    std::size_t position(std::size_t place) const { return position_[place]; }
    double distance(std::size_t from_position, std::size_t to_position) const {
        return (*d_)(place(from_position), place(to_position));
    }

    // Least gain a move must bring: gain_epsilon, or more when the distances are so large that the prefix sums
    // rounding (up to about m ulps of the tour's length) could fake a gain; without it, moves that gain nothing
    // but rounding can undo each other forever (fuzz_tsplib: one coordinate of 6e18 hung route_day).
    double least_gain() const { return least_gain_; }

    // How much longer positions first..last get when walked backwards instead of forwards (0 if symmetric).
    double reversal_cost(std::size_t first, std::size_t last) const {
        return (backward_[last] - backward_[first]) - (forward_[last] - forward_[first]);
    }

    // 2-opt on edges i < j: reverse positions i+1..j. Returns the change of length.
    double two_opt_delta(std::size_t i, std::size_t j) const {
        return distance(i, j) + distance(i + 1, j + 1) - distance(i, i + 1) - distance(j, j + 1) +
               reversal_cost(i + 1, j);
    }

    // Or-opt: move positions s..s+len-1 (1 <= s, within the tour) into edge q, reversed or not.
    double or_opt_delta(std::size_t s, std::size_t len, std::size_t q, bool reversed) const {
        const std::size_t e = s + len - 1;
        const double removal = distance(s - 1, e + 1) - distance(s - 1, s) - distance(e, e + 1);
        const double insertion = reversed ? distance(q, e) + distance(s, q + 1) + reversal_cost(s, e)
                                          : distance(q, s) + distance(e, q + 1);
        return removal + insertion - distance(q, q + 1);
    }

    void refresh() {
        const std::size_t m = order_.size();
        position_.assign(d_->size(), 0);
        forward_.assign(m, 0.0);
        backward_.assign(m, 0.0);
        for (std::size_t p = 0; p < m; ++p) position_[order_[p]] = p;
        for (std::size_t p = 1; p < m; ++p) {
            forward_[p] = forward_[p - 1] + (*d_)(order_[p - 1], order_[p]);
            backward_[p] = backward_[p - 1] + (*d_)(order_[p], order_[p - 1]);
        }
        // Every term of a delta that can come out negative is at most the closed tour's length (both ways).
        const double scale = m > 0 ? std::fabs(forward_.back()) + std::fabs(backward_.back()) +
                                         (*d_)(order_[m - 1], order_[0]) + (*d_)(order_[0], order_[m - 1])
                                   : 0.0;
        least_gain_ = std::max(gain_epsilon, 8.0 * static_cast<double>(m + 1) * std::numeric_limits<double>::epsilon() * scale);
    }

private:
    const distance_matrix* d_;  // a pointer, so that a better tour can be assigned over the best one
    std::vector<std::size_t> order_;
    std::vector<std::size_t> position_;
    std::vector<double> forward_, backward_;  // forward_[p]: length of positions 0..p walked forwards
    double least_gain_ = gain_epsilon;
};

// One improving move: a 2-opt reversal of positions a+1..b, or an Or-opt move of len stops from a into edge b.
struct move {
    enum class kind { none, two_opt, or_opt } type = kind::none;
    std::size_t a = 0, b = 0, len = 0;
    bool reversed = false;
    double delta = -gain_epsilon;  // only moves better than this are taken
};

bool is_segment_edge(std::size_t q, std::size_t s, std::size_t len) { return q + 1 >= s && q <= s + len - 1; }

// Beyond this many places the local search looks for moves around each place's nearest places only
// (Johnson & McGeoch's neighbour lists), so an improvement pass costs O(n) instead of O(n^2). A day of a
// thousand stops (an overloaded rep's year) is then routed in milliseconds; improve_fully's final
// all-pairs 2-opt check keeps the guarantee that no single 2-opt move shortens the result.
constexpr std::size_t neighbour_list_from = 60;
constexpr std::size_t neighbours_per_place = 10;

// For each place, its nearest other places (by the round trip, so asymmetric distances count both ways).
using neighbour_lists = std::vector<std::vector<std::size_t>>;

neighbour_lists nearest_places(const distance_matrix& d, std::size_t k) {
    const std::size_t n = d.size();
    neighbour_lists near(n);
    std::vector<std::pair<double, std::size_t>> by_distance;
    for (std::size_t p = 0; p < n; ++p) {
        by_distance.clear();
        for (std::size_t c = 0; c < n; ++c)
            if (c != p) by_distance.emplace_back(d(p, c) + d(c, p), c);
        const std::size_t take = std::min(k, by_distance.size());
        std::partial_sort(by_distance.begin(), by_distance.begin() + static_cast<std::ptrdiff_t>(take), by_distance.end());
        for (std::size_t i = 0; i < take; ++i) near[p].push_back(by_distance[i].second);
    }
    return near;
}

// The best 2-opt or Or-opt move that changes an edge at `place` or moves a stretch next to it; with
// neighbour lists, only the moves that join `place` to one of its nearest places (or put a stretch that
// ends at one of them next to it).
move best_move_around(const tour& t, std::size_t place, const neighbour_lists* near) {
    const std::size_t m = t.size();
    const std::size_t p = t.position(place);
    const std::size_t edges_at_place[2] = {(p + m - 1) % m, p};
    move best;
    best.delta = -t.least_gain();
    auto consider = [&best](move::kind type, double delta, std::size_t a, std::size_t b, std::size_t len,
                            bool reversed) {
        if (delta < best.delta) best = {type, a, b, len, reversed, delta};
    };
    auto try_two_opt = [&](std::size_t ev, std::size_t f) {
        const auto [i, j] = std::minmax(ev, f);
        if (j <= i + 1) return;  // same or adjacent edges: nothing changes
        consider(move::kind::two_opt, t.two_opt_delta(i, j), i, j, 0, false);
    };
    auto try_segment_into = [&](std::size_t s, std::size_t len, std::size_t q) {
        if (s < 1 || s + len > m || is_segment_edge(q, s, len)) return;
        consider(move::kind::or_opt, t.or_opt_delta(s, len, q, false), s, q, len, false);
        if (len > 1) consider(move::kind::or_opt, t.or_opt_delta(s, len, q, true), s, q, len, true);
    };
    if (near) {
        for (std::size_t other : (*near)[place]) {
            const std::size_t c = t.position(other);
            const std::size_t edges_at_other[2] = {(c + m - 1) % m, c};
            for (std::size_t ev : edges_at_place)
                for (std::size_t f : edges_at_other) try_two_opt(ev, f);
            for (std::size_t len = 1; len <= or_opt_longest && len < m; ++len) {
                // Stretches that contain the place, moved next to the other place...
                for (std::size_t s = p + 1 >= len ? p + 1 - len : 0; s <= p; ++s)
                    for (std::size_t q : edges_at_other) try_segment_into(s, len, q);
                // ...and stretches that contain the other place, moved next to this one.
                for (std::size_t s = c + 1 >= len ? c + 1 - len : 0; s <= c; ++s)
                    for (std::size_t q : edges_at_place) try_segment_into(s, len, q);
            }
        }
        return best;
    }
    for (std::size_t ev : edges_at_place)
        for (std::size_t f = 0; f < m; ++f) try_two_opt(ev, f);
    for (std::size_t len = 1; len <= or_opt_longest && len < m; ++len) {
        // Stretches that contain the place, moved anywhere...
        for (std::size_t s = p + 1 >= len ? p + 1 - len : 0; s <= p; ++s)
            for (std::size_t q = 0; q < m; ++q) try_segment_into(s, len, q);
        // ...and any stretch moved into an edge at the place.
        for (std::size_t s = 1; s + len <= m; ++s)
            for (std::size_t q : edges_at_place) try_segment_into(s, len, q);
    }
    return best;
}

// Makes the move and returns the places whose neighbours changed.
std::vector<std::size_t> apply(tour& t, const move& mv) {
    auto& order = t.order();
    std::vector<std::size_t> touched;
    if (mv.type == move::kind::two_opt) {
        touched = {t.place(mv.a), t.place(mv.a + 1), t.place(mv.b), t.place(mv.b + 1)};
        std::reverse(order.begin() + static_cast<std::ptrdiff_t>(mv.a + 1),
                     order.begin() + static_cast<std::ptrdiff_t>(mv.b + 1));
    } else {
        const std::size_t s = mv.a, e = mv.a + mv.len - 1, q = mv.b;
        touched = {t.place(s - 1), t.place(s), t.place(e), t.place(e + 1), t.place(q), t.place(q + 1)};
        const std::size_t after = t.place(q);
        std::vector<std::size_t> stretch(order.begin() + static_cast<std::ptrdiff_t>(s),
                                         order.begin() + static_cast<std::ptrdiff_t>(e + 1));
        if (mv.reversed) std::reverse(stretch.begin(), stretch.end());
        order.erase(order.begin() + static_cast<std::ptrdiff_t>(s), order.begin() + static_cast<std::ptrdiff_t>(e + 1));
        const auto at = std::find(order.begin(), order.end(), after) + 1;
        order.insert(at, stretch.begin(), stretch.end());
    }
    t.refresh();
    return touched;
}

// Local search with "don't look" marks: only places whose surroundings changed are examined again, so the
// repair after a kick costs about as much as the kick disturbed. Each place takes its best move until none
// of its moves shortens the tour.
void improve(tour& t, const std::vector<std::size_t>& start_places, const neighbour_lists* near) {
    std::deque<std::size_t> pending;
    std::vector<bool> queued(t.places(), false);
    auto enqueue = [&](std::size_t place) {
        if (!queued[place]) {
            queued[place] = true;
            pending.push_back(place);
        }
    };
    for (std::size_t place : start_places) enqueue(place);
    while (!pending.empty()) {
        const std::size_t place = pending.front();
        pending.pop_front();
        queued[place] = false;
        const move mv = best_move_around(t, place, near);
        if (mv.type == move::kind::none) continue;
        for (std::size_t changed : apply(t, mv)) enqueue(changed);
        enqueue(place);
    }
}

// The best 2-opt move over all pairs of edges (the acceptance rule's own check).
move best_two_opt(const tour& t, double epsilon) {
    move best;
    best.delta = -std::max(epsilon, t.least_gain());
    const std::size_t m = t.size();
    for (std::size_t i = 0; i + 2 < m; ++i)
        for (std::size_t j = i + 2; j < m; ++j) {
            const double delta = t.two_opt_delta(i, j);
            if (delta < best.delta) best = {move::kind::two_opt, i, j, 0, false, delta};
        }
    return best;
}

// Local search to a local optimum of 2-opt and Or-opt, then a full 2-opt check as a guarantee: with an
// asymmetric matrix a reversal elsewhere can change a stretch's inner length unnoticed by the marks.
void improve_fully(tour& t, const neighbour_lists* near = nullptr) {
    improve(t, t.order(), near);
    for (move mv = best_two_opt(t, gain_epsilon); mv.type != move::kind::none; mv = best_two_opt(t, gain_epsilon)) {
        apply(t, mv);
        improve(t, t.order(), near);
    }
}

// The shortest tour from the base by Held & Karp's dynamic programme (1962): the shortest path from the base
// through each set of stops ending at each stop, O(n^2 2^n) instead of the (n-1)! orders; ties keep the
// first found.
route exact_route(const distance_matrix& d) {
    const std::size_t n = d.size(), k = n - 1;  // stops 1..n-1 are bits 0..k-1
    const std::size_t sets = std::size_t{1} << k;
    constexpr double unreached = std::numeric_limits<double>::infinity();
    std::vector<double> cost(sets * k, unreached);
    std::vector<std::uint8_t> previous(sets * k, 0);
    for (std::size_t j = 0; j < k; ++j) cost[(std::size_t{1} << j) * k + j] = d(0, j + 1);
    for (std::size_t set = 1; set < sets; ++set)
        for (std::size_t j = 0; j < k; ++j) {
            const double here = cost[set * k + j];
            if (!(set >> j & 1) || here == unreached) continue;
            for (std::size_t next = 0; next < k; ++next) {
                if (set >> next & 1) continue;
                const std::size_t to = (set | std::size_t{1} << next) * k + next;
                const double via = here + d(j + 1, next + 1);
                if (via < cost[to]) cost[to] = via, previous[to] = static_cast<std::uint8_t>(j);
            }
        }
    std::size_t last = 0;
    double best = unreached;
    for (std::size_t j = 0; j < k; ++j) {
        const double closed = cost[(sets - 1) * k + j] + d(j + 1, 0);
        if (closed < best) best = closed, last = j;
    }
    std::vector<std::size_t> order(n);
    order[0] = 0;
    for (std::size_t set = sets - 1, j = last, at = n - 1; at >= 1; --at) {
        order[at] = j + 1;
        const std::size_t before = previous[set * k + j];
        set &= ~(std::size_t{1} << j);
        j = before;
    }
    return {order, tour_length(order, d)};
}

// The double-bridge kick: cut the tour into base..A | B | C | D and reconnect as A C B D. No 2-opt or
// Or-opt move undoes it in one step, so the local search settles somewhere new.
std::vector<std::size_t> double_bridge(const std::vector<std::size_t>& order, std::mt19937_64& random) {
    const std::size_t m = order.size();
    std::size_t cut[3];
    do {
        for (auto& c : cut) c = 1 + static_cast<std::size_t>(random() % (m - 1));
        std::sort(std::begin(cut), std::end(cut));
    } while (cut[0] == cut[1] || cut[1] == cut[2]);
    std::vector<std::size_t> kicked(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(cut[0]));
    kicked.insert(kicked.end(), order.begin() + static_cast<std::ptrdiff_t>(cut[1]),
                  order.begin() + static_cast<std::ptrdiff_t>(cut[2]));
    kicked.insert(kicked.end(), order.begin() + static_cast<std::ptrdiff_t>(cut[0]),
                  order.begin() + static_cast<std::ptrdiff_t>(cut[1]));
    kicked.insert(kicked.end(), order.begin() + static_cast<std::ptrdiff_t>(cut[2]), order.end());
    return kicked;
}

// Places whose predecessor or successor differs between two tours of the same places.
std::vector<std::size_t> reconnected_places(const std::vector<std::size_t>& before, const std::vector<std::size_t>& after,
                                            std::size_t places) {
    const std::size_t m = before.size();
    std::vector<std::size_t> next_before(places), next_after(places), changed;
    for (std::size_t p = 0; p < m; ++p) {
        next_before[before[p]] = before[(p + 1) % m];
        next_after[after[p]] = after[(p + 1) % m];
    }
    for (std::size_t p = 0; p < m; ++p) {
        const std::size_t place = after[p];
        if (next_after[place] != next_before[place]) {
            changed.push_back(place);
            changed.push_back(after[(p + 1) % m]);
        }
    }
    return changed;
}

}  // namespace

bool two_opt_improvable(const std::vector<std::size_t>& order, const distance_matrix& d, double epsilon) {
    tour_length(order, d);  // checks the places
    if (order.size() < 4) return false;
    return best_two_opt(tour(d, order), epsilon).type != move::kind::none;
}

// The route of a day (spec "The visit schedule": "each day's stops are ordered into a short route"). Up to
// exhaustive_limit places the shortest route is found exactly. Beyond, the nearest-neighbour tour is improved by 2-opt and
// Or-opt to a local optimum, then by iterated local search: kick the best tour with a double bridge, improve
// it again, keep it if shorter; until max_kicks or the time budget runs out. The result is never longer than
// the nearest-neighbour tour and, for a symmetric matrix, no single 2-opt move shortens it.
route route_day(const distance_matrix& d, const route_options& options) {
    require(std::isfinite(options.time_budget_seconds) && options.time_budget_seconds >= 0,
            "route: the time budget must be a finite number of seconds, 0 or more");
    const std::size_t n = d.size();
    if (n < 2) return nearest_neighbour_route(d);
    if (n <= exhaustive_limit) {
        tour exact(d, exact_route(d).order);
        improve_fully(exact);  // changes nothing unless rounding disagrees; keeps the guarantee unconditional
        return {exact.order(), tour_length(exact.order(), d)};
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                                                 std::chrono::duration<double>(options.time_budget_seconds));
    std::mt19937_64 random(options.seed);
    const neighbour_lists near = n >= neighbour_list_from ? nearest_places(d, neighbours_per_place) : neighbour_lists();
    const neighbour_lists* candidates = near.empty() ? nullptr : &near;
    tour best(d, nearest_neighbour_route(d).order);
    improve_fully(best, candidates);
    double best_length = tour_length(best.order(), d);
    for (std::size_t kick = 0; kick < options.max_kicks && std::chrono::steady_clock::now() < deadline; ++kick) {
        tour candidate(d, double_bridge(best.order(), random));
        improve(candidate, reconnected_places(best.order(), candidate.order(), n), candidates);
        const double length = tour_length(candidate.order(), d);
        if (length < best_length - gain_epsilon) {
            best = std::move(candidate);
            best_length = length;
        }
    }
    improve_fully(best, candidates);
    return {best.order(), tour_length(best.order(), d)};
}

}  // namespace crm
