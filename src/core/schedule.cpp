// Visit planning of spec "The visit schedule": each rep's customers, capacity and budget, planned day by day
// (schedule_days.cpp), reps in parallel, and the account of what the period could not hold.
#include "crm/schedule.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <exception>
#include <map>
#include <numeric>
#include <thread>
#include <tuple>

#include "crm/calendar.hpp"
#include "crm/error.hpp"
#include "schedule_parts.hpp"

namespace crm {

namespace {

// The period of one rep: his capacity, the visits it holds for each customer, his days, and his shortfall.
schedule_result plan_rep(const std::string& rep, const std::vector<std::size_t>& members, const rep_base* base_entry,
                         const std::vector<visit_customer>& customers, const std::vector<detail::place>& places,
                         const std::vector<double>& days, const schedule_options& options, run_control* control) {
    schedule_result result;
    detail::place base;
    if (base_entry) base = detail::place_of(*base_entry);
    if (!base.located) result.notes.push_back("base_unlocated:" + rep);

    std::vector<int> wanted(members.size());
    std::vector<std::size_t> tiers(members.size()), order(members.size());
    std::array<std::size_t, 3> per_tier{};
    std::size_t unlocated = 0;
    double wanted_minutes = 0;
    for (std::size_t k = 0; k < members.size(); ++k) {
        tiers[k] = detail::tier_index(customers[members[k]].tier);
        wanted[k] = options.visits_per_year[tiers[k]];
        order[k] = k;
        ++per_tier[tiers[k]];
        result.visits_wanted += static_cast<std::size_t>(wanted[k]);
        wanted_minutes += wanted[k] * options.visit_minutes[tiers[k]];
        unlocated += !places[members[k]].located;
    }
    if (unlocated > 0) result.notes.push_back("place_unknown:" + rep + ":" + std::to_string(unlocated));
    result.unlocated_customers = unlocated;

    // Spec: a day never ends later than HoursPerDay after DayStart. A customer whose visit alone (the drive
    // there and back included) takes longer is never planned; he is named, with the hours such a day needs.
    std::vector<int> reachable = wanted;
    std::vector<std::size_t> reachable_members;
    std::vector<std::string> too_far;
    double longest = 0;
    for (std::size_t k = 0; k < members.size(); ++k) {
        const detail::place& p = places[members[k]];
        const double day = detail::travel_minutes(base, p, options) + options.visit_minutes[tiers[k]] +
                           detail::travel_minutes(p, base, options);
        if (day > options.hours_per_day * 60.0 + 1e-9) {
            reachable[k] = 0;
            too_far.push_back(customers[members[k]].id);
            longest = std::max(longest, day);
        } else {
            reachable_members.push_back(members[k]);
        }
    }
    const detail::rep_capacity capacity = detail::estimate_capacity(places, reachable_members, base, days.size(), options);
    std::vector<int> budget = detail::visit_budget(reachable, tiers, order, options.visit_minutes, capacity, options);
    schedule_result days_planned;
    detail::plan_rep_days(rep, members, budget, base, customers, places, days, options, control, days_planned);
    // The estimate may promise more than the days held (long drives, a calendar full of holidays): the
    // period is then planned again with the budget of what its days really held, so that the visits left
    // out are the last by priority (C customers' second visits before A's) rather than whichever fell due late.
    const std::size_t budgeted = std::accumulate(budget.begin(), budget.end(), std::size_t{0});
    if (days_planned.visits.size() < budgeted) {
        budget = detail::budget_for_slots(days_planned.visits.size(), reachable, tiers, order);
        if (control) control->days_total += days.size();
        days_planned = {};
        detail::plan_rep_days(rep, members, budget, base, customers, places, days, options, control, days_planned);
    }
    result.visits = std::move(days_planned.visits);
    result.total_km = days_planned.total_km;
    result.spacing_violations = days_planned.spacing_violations;
    result.unvisited_customers = days_planned.unvisited_customers;
    result.missing = std::move(days_planned.missing);

    const double mean = result.visits_wanted > 0 ? wanted_minutes / static_cast<double>(result.visits_wanted) : 0;
    result.reps_needed = std::max<std::size_t>(1, detail::reps_needed(result.visits_wanted, mean, capacity, options));
    if (result.visits.size() < result.visits_wanted) {
        capacity_shortfall f;
        f.rep = rep;
        f.customers = members.size();
        f.visits_wanted = result.visits_wanted;
        f.visits_planned = result.visits.size();
        f.working_days = days.size();
        f.visits_per_day = capacity.visits_per_day(mean, options);
        f.reps_needed = detail::reps_needed(result.visits_wanted, mean, capacity, options);
        f.too_far = std::move(too_far);
        f.hours_for_too_far = std::ceil(longest / 30.0 - 1e-9) / 2.0;  // half hours
        // The remedies of capacity concern the customers a day can reach (the others are said apart).
        if (f.too_far.size() < members.size()) {
            std::array<std::size_t, 3> reachable_per_tier{};
            std::size_t reachable_visits = 0;
            for (std::size_t k = 0; k < members.size(); ++k)
                if (reachable[k] > 0) ++reachable_per_tier[tiers[k]], reachable_visits += static_cast<std::size_t>(reachable[k]);
            capacity_shortfall reachable_part = f;
            reachable_part.visits_wanted = reachable_visits;
            if (result.visits.size() < reachable_visits) f.remedies = detail::remedies_for(reachable_part, reachable_per_tier, capacity, options);
        }
        result.shortfalls.push_back(std::move(f));
    }
    return result;
}

}  // namespace

schedule_result plan_visits(std::vector<visit_customer> customers, std::vector<rep_base> bases, const schedule_options& options,
                            run_control* control) {
    validate(options);
    for (const auto& c : customers) detail::tier_index(c.tier);
    const double start = std::floor(options.start_date);
    const std::vector<double> days = working_days(start, start + options.days, options.working_weekdays, options.holidays);
    std::vector<detail::place> places;
    places.reserve(customers.size());
    for (const auto& c : customers) places.push_back(detail::place_of(c));

    std::map<std::string, std::vector<std::size_t>> by_rep;  // sorted by rep: deterministic order
    for (std::size_t i = 0; i < customers.size(); ++i) by_rep[customers[i].rep].push_back(i);
    std::map<std::string, const rep_base*> base_of;
    for (const auto& b : bases) base_of.emplace(b.rep, &b);

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
                                    places, days, options, control);
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
        result.visits_wanted += part.visits_wanted;
        result.unvisited_customers += part.unvisited_customers;
        result.reps_needed += part.reps_needed;
        result.spacing_violations += part.spacing_violations;
        result.total_km += part.total_km;
        result.unlocated_customers += part.unlocated_customers;
        std::move(part.shortfalls.begin(), part.shortfalls.end(), std::back_inserter(result.shortfalls));
        std::move(part.missing.begin(), part.missing.end(), std::back_inserter(result.missing));
        std::move(part.notes.begin(), part.notes.end(), std::back_inserter(result.notes));
        std::move(part.visits.begin(), part.visits.end(), std::back_inserter(result.visits));
    }
    std::sort(result.visits.begin(), result.visits.end(), [](const visit& a, const visit& b) {
        return std::tie(a.date, a.rep, a.stop) < std::tie(b.date, b.rep, b.stop);
    });
    return result;
}

}  // namespace crm
