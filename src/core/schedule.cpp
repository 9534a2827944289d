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
                         const std::vector<double>& period_days, const schedule_options& period_options, run_control* control,
                         const std::vector<std::vector<double>>& kept_dates, std::vector<visit> kept_visits) {
    schedule_result result;
    const std::size_t kept_total = kept_visits.size();
    detail::place base;
    if (base_entry) base = detail::place_of(*base_entry);
    if (!base.located) result.notes.push_back("base_unlocated:" + rep);
    // Spec "Plans the reps can use", the Reps sheet: his own day start, and his days off out of the period.
    schedule_options options = period_options;
    if (base_entry && base_entry->day_start_hour) options.day_start_hour = *base_entry->day_start_hour;
    std::vector<double> days = period_days;
    // A re-plan plans from From on, and leaves the days he already holds kept visits on as they are.
    std::vector<double> off;
    for (const visit& v : kept_visits) off.push_back(v.date);
    if (options.from != 0) std::erase_if(days, [&](double d) { return d < std::floor(options.from); });
    if ((base_entry && !base_entry->days_off.empty()) || !off.empty()) {
        if (base_entry) off.insert(off.end(), base_entry->days_off.begin(), base_entry->days_off.end());
        for (double& d : off) d = std::floor(d);
        std::sort(off.begin(), off.end());
        std::erase_if(days, [&](double d) { return std::binary_search(off.begin(), off.end(), d); });
    }
    std::array<bool, 7> weekdays_of_period{};
    for (double d : days) weekdays_of_period[static_cast<std::size_t>(weekday(d))] = true;

    std::vector<int> wanted(members.size());
    std::vector<std::size_t> tiers(members.size()), order(members.size());
    std::array<std::size_t, 3> per_tier{};
    std::size_t unlocated = 0;
    double wanted_minutes = 0;
    for (std::size_t k = 0; k < members.size(); ++k) {
        tiers[k] = detail::tier_index(customers[members[k]].tier);
        wanted[k] = options.visits_per_year[tiers[k]];
        const int kept_k = kept_dates.empty() ? 0 : static_cast<int>(kept_dates[k].size());
        order[k] = k;
        ++per_tier[tiers[k]];
        result.visits_wanted += static_cast<std::size_t>(wanted[k]);
        wanted_minutes += wanted[k] * options.visit_minutes[tiers[k]];
        wanted[k] = std::max(0, wanted[k] - kept_k);  // what is left to plan
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
        const visit_customer& c = customers[members[k]];
        const double there = detail::travel_minutes(base, p, options), back = detail::travel_minutes(p, base, options);
        const double day = there + options.visit_minutes[tiers[k]] + back;
        // Spec "Availability": a customer none of whose visit days the period holds, or whose opening hours hold no
        // visit within the working day, cannot be visited at all: he is said, never skipped silently.
        bool some_day = false;
        for (std::size_t w = 0; w < 7; ++w) some_day = some_day || (c.visit_days[w] && weekdays_of_period[w]);
        const double earliest = options.day_start_hour * 60.0 + there;
        const double latest = (options.day_start_hour + options.hours_per_day) * 60.0 - back;
        const bool some_window =
            c.opening_hours.empty() ||
            std::any_of(c.opening_hours.begin(), c.opening_hours.end(), [&](const auto& w) {
                return std::max(earliest, w.first) + options.visit_minutes[tiers[k]] <= std::min(latest, w.second) + 1e-9;
            });
        if (!some_day || !some_window) {
            reachable[k] = 0;
            result.unavailable.push_back({c.id, c.name, rep,
                                          some_day ? unavailable_reason::hours_too_short : unavailable_reason::no_visit_day});
            continue;
        }
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
    detail::plan_rep_days(rep, members, budget, base, customers, places, days, options, control, days_planned, kept_dates);
    // The estimate may promise more than the days held (long drives, a calendar full of holidays): the
    // period is then planned again with the budget of what its days really held, so that the visits left
    // out are the last by priority (C customers' second visits before A's) rather than whichever fell due late.
    const std::size_t budgeted = std::accumulate(budget.begin(), budget.end(), std::size_t{0});
    if (days_planned.visits.size() < budgeted) {
        budget = detail::budget_for_slots(days_planned.visits.size(), reachable, tiers, order);
        if (control) control->days_total += days.size();
        days_planned = {};
        detail::plan_rep_days(rep, members, budget, base, customers, places, days, options, control, days_planned, kept_dates);
    }
    result.visits = std::move(days_planned.visits);
    // The kept visits are the rep's too: they count among the planned ones, with their km and each kept day's
    // drive back to the base.
    std::map<double, visit*> last_of_day;
    for (visit& v : kept_visits) {
        if (v.km_from_previous) result.total_km += *v.km_from_previous;
        auto& last = last_of_day[v.date];
        if (!last || v.stop > last->stop) last = &v;
    }
    for (auto& [day, v] : last_of_day)
        if (const auto back = detail::km_between(places[v->customer], base)) {
            result.total_km += *back;
            v->km_to_base = back;
        }
    std::move(kept_visits.begin(), kept_visits.end(), std::back_inserter(result.visits));
    result.total_km += days_planned.total_km;
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
            reachable_part.visits_wanted = reachable_visits + kept_total;
            reachable_visits += kept_total;
            if (result.visits.size() < reachable_visits) f.remedies = detail::remedies_for(reachable_part, reachable_per_tier, capacity, options);
        }
        result.shortfalls.push_back(std::move(f));
    }
    return result;
}

}  // namespace

schedule_result plan_visits(std::vector<visit_customer> customers, std::vector<rep_base> bases, const schedule_options& options,
                            run_control* control) {
    return plan_visits(std::move(customers), std::move(bases), options, control, {});
}

schedule_result plan_visits(std::vector<visit_customer> customers, std::vector<rep_base> bases, const schedule_options& options,
                            run_control* control, const std::vector<kept_visit>& kept) {
    validate(options);
    for (const auto& c : customers) detail::tier_index(c.tier);
    const double start = std::floor(options.start_date);
    const std::vector<double> days = working_days(start, start + options.days, options.working_weekdays, options.holidays);
    std::vector<detail::place> places;
    places.reserve(customers.size());
    for (const auto& c : customers) places.push_back(detail::place_of(c));

    std::map<std::string, std::vector<std::size_t>> by_rep;  // sorted by rep: deterministic order
    for (std::size_t i = 0; i < customers.size(); ++i) by_rep[customers[i].rep].push_back(i);

    // Re-planning: each kept visit of a customer still in the list and within the period, as a visit of the result
    // (under the customer's rep) and as a date of his.
    std::map<std::string, std::size_t> index_of;
    for (std::size_t i = 0; i < customers.size(); ++i) index_of.emplace(customers[i].id, i);
    std::vector<std::vector<double>> kept_of(customers.size());
    std::map<std::string, std::vector<visit>> kept_by_rep;
    {
        std::vector<const kept_visit*> sorted;
        for (const auto& k : kept) sorted.push_back(&k);
        std::sort(sorted.begin(), sorted.end(), [](const kept_visit* a, const kept_visit* b) {
            return std::tie(a->date, a->rep, a->stop) < std::tie(b->date, b->rep, b->stop);
        });
        const double first = std::floor(options.start_date), past = first + options.days;
        for (const kept_visit* k : sorted) {
            const auto found = index_of.find(k->customer_id);
            const double day = std::floor(k->date);
            if (found == index_of.end() || !(day >= first && day < past)) continue;
            const visit_customer& c = customers[found->second];
            auto& dates = kept_of[found->second];
            const int visit_index = static_cast<int>(dates.size());
            dates.push_back(day);
            kept_by_rep[c.rep].push_back({day, c.rep, k->stop, c.id, c.name, c.tier, purpose_of_visit(c.tier, visit_index),
                                          k->km_from_previous, std::round(k->arrival_minutes_from_midnight), found->second,
                                          k->done, std::nullopt});
        }
    }
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
                const auto& members = *reps[r].second;
                std::vector<std::vector<double>> kept_dates;
                if (!kept.empty()) {
                    kept_dates.reserve(members.size());
                    for (std::size_t m : members) kept_dates.push_back(kept_of[m]);
                }
                const auto own = kept_by_rep.find(*reps[r].first);
                parts[r] = plan_rep(*reps[r].first, members, b == base_of.end() ? nullptr : b->second, customers, places,
                                    days, options, control, kept_dates,
                                    own == kept_by_rep.end() ? std::vector<visit>{} : own->second);
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
        std::move(part.unavailable.begin(), part.unavailable.end(), std::back_inserter(result.unavailable));
        std::move(part.visits.begin(), part.visits.end(), std::back_inserter(result.visits));
    }
    std::sort(result.visits.begin(), result.visits.end(), [](const visit& a, const visit& b) {
        return std::tie(a.date, a.rep, a.stop) < std::tie(b.date, b.rep, b.stop);
    });
    return result;
}

}  // namespace crm
