// What a rep's period can hold (spec "When the period cannot hold every visit"): the capacity estimate, the
// visit budget that keeps first visits first and then A, B, C, the reps needed and the remedies.
#include <algorithm>
#include <cmath>
#include <limits>

#include "schedule_parts.hpp"

namespace crm::detail {

namespace {

constexpr double eps = 1e-9;

// The capacity is estimated from a sample of customers when a territory is large (the nearest neighbour of
// each sampled customer among all his rep's customers): O(sample x n), deterministic.
constexpr std::size_t capacity_sample = 256;

// A day's stops are neighbours in the sweep around the base, not each other's nearest neighbours: the hop
// between two stops of a day is taken as this many times the mean nearest-neighbour distance (measured on
// the generated territories of the unit tests: the planned hops were 1.2 to 1.6 times it).
constexpr double hop_factor = 1.6;

double mean_minutes(const std::vector<int>& visits, const std::vector<std::size_t>& tiers,
                    const std::array<double, 3>& visit_minutes) {
    double total = 0, count = 0;
    for (std::size_t k = 0; k < visits.size(); ++k) total += visits[k] * visit_minutes[tiers[k]], count += visits[k];
    return count > 0 ? total / count : visit_minutes[2];
}

std::size_t total(const std::vector<int>& visits) {
    std::size_t n = 0;
    for (int v : visits) n += static_cast<std::size_t>(v);
    return n;
}

// The budget for a period that holds `slots` visits: first visits by tier, then each tier's other visits.
std::vector<int> budget_for(std::size_t slots, const std::vector<int>& wanted, const std::vector<std::size_t>& tiers,
                            const std::vector<std::size_t>& order) {
    std::vector<int> budget(wanted.size(), 0);
    std::size_t left = slots;
    for (std::size_t tier = 0; tier < 3; ++tier)
        for (std::size_t k : order)
            if (tiers[k] == tier && wanted[k] > 0 && left > 0) budget[k] = 1, --left;
    for (std::size_t tier = 0; tier < 3 && left > 0; ++tier) {
        std::vector<std::size_t> members;
        std::size_t extras = 0;
        for (std::size_t k : order)
            if (tiers[k] == tier && budget[k] == 1) members.push_back(k), extras += static_cast<std::size_t>(wanted[k] - 1);
        if (members.empty()) continue;
        if (extras <= left) {
            for (std::size_t k : members) budget[k] = wanted[k];
            left -= extras;
            continue;
        }
        // Shared evenly: round after round, one more visit to each who still wants one, in `order`.
        while (left > 0) {
            bool gave = false;
            for (std::size_t k : members)
                if (left > 0 && budget[k] < wanted[k]) ++budget[k], --left, gave = true;
            if (!gave) break;
        }
    }
    return budget;
}

}  // namespace

double rep_capacity::visits_per_day(double mean_visit_minutes, const schedule_options& options) const {
    // A day of k visits lasts k visits, k - 1 hops between them and the drives from and back to the base.
    const double room = options.hours_per_day * 60.0 - 2 * base_minutes + mean_hop_minutes;
    const double by_hours = room / (mean_visit_minutes + mean_hop_minutes);
    return std::clamp(by_hours, 0.0, static_cast<double>(options.max_visits_per_day));
}

std::size_t rep_capacity::slots(double mean_visit_minutes, const schedule_options& options) const {
    return static_cast<std::size_t>(std::floor(visits_per_day(mean_visit_minutes, options) * static_cast<double>(working_days) + eps));
}

rep_capacity estimate_capacity(const std::vector<place>& places, const std::vector<std::size_t>& members,
                               const place& base, std::size_t working_days, const schedule_options& options) {
    rep_capacity c;
    c.working_days = working_days;
    if (members.empty()) return c;
    const std::size_t step = std::max<std::size_t>(1, members.size() / capacity_sample);
    double hop = 0, from_base = 0;
    std::size_t sampled = 0;
    for (std::size_t i = 0; i < members.size(); i += step) {
        const place& p = places[members[i]];
        double nearest = std::numeric_limits<double>::infinity();
        for (std::size_t j = 0; j < members.size(); ++j) {
            if (j == i) continue;
            const place& q = places[members[j]];
            nearest = std::min(nearest, travel_minutes(p, q, options));
        }
        hop += std::isfinite(nearest) ? nearest : 0;
        from_base += travel_minutes(base, p, options);
        ++sampled;
    }
    c.mean_hop_minutes = hop_factor * hop / static_cast<double>(sampled);
    c.base_minutes = from_base / static_cast<double>(sampled);
    return c;
}

std::vector<int> visit_budget(const std::vector<int>& wanted, const std::vector<std::size_t>& tiers,
                              const std::vector<std::size_t>& order, const std::array<double, 3>& visit_minutes,
                              const rep_capacity& capacity, const schedule_options& options) {
    std::size_t slots = capacity.slots(mean_minutes(wanted, tiers, visit_minutes), options);
    if (total(wanted) <= slots) return wanted;
    std::vector<int> budget = budget_for(slots, wanted, tiers, order);
    // The budget keeps more of the short C visits than the wanted mix has: what the period holds of them.
    slots = capacity.slots(mean_minutes(budget, tiers, visit_minutes), options);
    return budget_for(slots, wanted, tiers, order);
}

std::vector<int> budget_for_slots(std::size_t slots, const std::vector<int>& wanted, const std::vector<std::size_t>& tiers,
                                  const std::vector<std::size_t>& order) {
    return total(wanted) <= slots ? wanted : budget_for(slots, wanted, tiers, order);
}

std::size_t reps_needed(std::size_t visits, double mean_visit_minutes, const rep_capacity& capacity,
                        const schedule_options& options) {
    const double per_rep = capacity.visits_per_day(mean_visit_minutes, options) * static_cast<double>(capacity.working_days);
    if (per_rep < 1) return 0;  // no number of reps holds a visit: the days are too short, or there are none
    return std::max<std::size_t>(1, static_cast<std::size_t>(std::ceil(static_cast<double>(visits) / per_rep - eps)));
}

std::vector<remedy> remedies_for(const capacity_shortfall& f, const std::array<std::size_t, 3>& per_tier,
                                 const rep_capacity& capacity, const schedule_options& o) {
    std::vector<std::pair<double, remedy>> found;
    const double w = static_cast<double>(f.working_days);
    if (w <= 0) return {};  // no working day: only the calendar can help, which the message says
    const auto visits_with = [&](std::size_t tier, int count) {
        double visits = 0, minutes = 0;
        for (std::size_t t = 0; t < 3; ++t) {
            const int v = t == tier ? count : o.visits_per_year[t];
            visits += static_cast<double>(per_tier[t]) * v;
            minutes += static_cast<double>(per_tier[t]) * v * o.visit_minutes[t];
        }
        return std::make_pair(visits, visits > 0 ? minutes / visits : 0.0);
    };
    const auto [visits, mean] = visits_with(3, 0);
    // More reps sharing these customers.
    if (f.reps_needed > 1)
        found.push_back({static_cast<double>(f.reps_needed - 1), {shortfall_remedy::more_reps, static_cast<double>(f.reps_needed - 1)}});
    // More visits a day, when the working hours hold them.
    const double per_day = std::ceil(visits / w - eps);
    rep_capacity unbounded = capacity;
    schedule_options more = o;
    more.max_visits_per_day = 100;
    if (per_day > o.max_visits_per_day && per_day <= 100 && unbounded.visits_per_day(mean, more) >= per_day - eps)
        found.push_back({per_day / o.max_visits_per_day - 1, {shortfall_remedy::more_visits_per_day, per_day}});
    // Longer days, when the visits a day allowed hold them, and the day ends before midnight.
    if (per_day <= o.max_visits_per_day) {
        const double minutes = per_day * mean + (per_day - 1) * capacity.mean_hop_minutes + 2 * capacity.base_minutes;
        const double hours = std::ceil(minutes / 30.0 - eps) / 2.0;  // half hours
        if (hours > o.hours_per_day && o.day_start_hour + hours <= 24)
            found.push_back({hours / o.hours_per_day - 1, {shortfall_remedy::longer_working_days, hours}});
    }
    // Fewer visits a year for one tier: the largest count (at least 1) that fits.
    for (std::size_t t = 3; t-- > 0;) {
        if (per_tier[t] == 0) continue;
        for (int v = o.visits_per_year[t] - 1; v >= 1; --v) {
            const auto [fewer, fewer_mean] = visits_with(t, v);
            if (fewer <= static_cast<double>(capacity.slots(fewer_mean, o))) {
                found.push_back({static_cast<double>(o.visits_per_year[t] - v) / o.visits_per_year[t],
                                 {shortfall_remedy::fewer_visits_per_year, static_cast<double>(v), static_cast<char>('A' + t)}});
                break;
            }
        }
    }
    std::stable_sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<remedy> out;
    for (const auto& [size, r] : found) out.push_back(r);
    return out;
}

}  // namespace crm::detail
