// The visit planner's parts, private to the core: places and travel, each rep's capacity and visit budget,
// and the days of one rep (schedule_places.cpp, schedule_capacity.cpp, schedule_days.cpp).
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "crm/routing.hpp"
#include "crm/schedule.hpp"

namespace crm::detail {

// ---- places and travel (schedule_places.cpp) ----

/// Where a customer or a base is: its coordinates when known, and the names that group places without them.
struct place {
    bool located = false;
    double lat = 0, lon = 0;
    earth_point point;  ///< computed once: distances need no sine nor cosine
    std::string postal_code, city, region;
};

/// A customer's place: his own coordinates (given, or from the gazetteer upstream) or only his names.
place place_of(const visit_customer& c);
/// A rep's start location.
place place_of(const rep_base& b);

/// Km between two places, known only when both have coordinates (spec: no distance is ever made up).
std::optional<double> km_between(const place& a, const place& b);

/// How near two places are, for grouping a day's stops and ordering its route only (never shown): km between
/// located places; otherwise nearest for the same postal code, then the same city, then the same region
/// (spec "Distances without coordinates").
double proximity(const place& a, const place& b);

/// Travel minutes between two places: km at the options' speed, or MinutesBetweenStops when unknown.
double travel_minutes(const place& a, const place& b, const schedule_options& options);

/// True for coordinates within their ranges.
bool valid_coordinates(const std::optional<double>& lat, const std::optional<double>& lon);

/// 'A', 'B', 'C' as 0, 1, 2; illegal_argument for another tier.
std::size_t tier_index(char tier);

// ---- capacity and the visit budget (schedule_capacity.cpp) ----

/// What a rep's period holds, estimated before planning: the working days, the visits a day holds (at most
/// MaxVisitsPerDay, fewer when the visit lengths and the travel fill the working hours first).
struct rep_capacity {
    std::size_t working_days = 0;
    double mean_hop_minutes = 0;   ///< travel between two neighbouring stops
    double base_minutes = 0;       ///< mean travel from the base to a customer
    /// Visits a day holds when its visits last `mean_visit_minutes` on average.
    double visits_per_day(double mean_visit_minutes, const schedule_options& options) const;
    /// Visits the period holds at that mean length.
    std::size_t slots(double mean_visit_minutes, const schedule_options& options) const;
};

/// The capacity estimate of a rep from his customers' places (`members` index `places`) and his base.
rep_capacity estimate_capacity(const std::vector<place>& places, const std::vector<std::size_t>& members,
                               const place& base, std::size_t working_days, const schedule_options& options);

/// Spec "When the period cannot hold every visit": how many visits each member gets. All he wants when the
/// period holds them; otherwise every customer's first visit first (by tier when even those do not fit),
/// then the other visits of A, then B, then C customers, shared evenly within a tier (the customers earlier
/// in `order` get the one extra visit a tier's share leaves). `wanted[k]` and the result index `members`.
std::vector<int> visit_budget(const std::vector<int>& wanted, const std::vector<std::size_t>& tiers,
                              const std::vector<std::size_t>& order, const std::array<double, 3>& visit_minutes,
                              const rep_capacity& capacity, const schedule_options& options);

/// The budget for a period that holds exactly `slots` visits, by the same priority.
std::vector<int> budget_for_slots(std::size_t slots, const std::vector<int>& wanted, const std::vector<std::size_t>& tiers,
                                  const std::vector<std::size_t>& order);

/// The remedies a manager can act on that alone would hold every wanted visit, smallest change first: reps
/// to add, visits a day, hours a day, fewer visits a year for one tier (never more working days than the
/// calendar has). `per_tier` counts the rep's customers by tier.
std::vector<remedy> remedies_for(const capacity_shortfall& shortfall, const std::array<std::size_t, 3>& per_tier,
                                 const rep_capacity& capacity, const schedule_options& options);

/// The reps at this capacity that would hold `visits` of mean length `mean_visit_minutes` (at least 1).
std::size_t reps_needed(std::size_t visits, double mean_visit_minutes, const rep_capacity& capacity,
                        const schedule_options& options);

// ---- one rep's days (schedule_days.cpp) ----

/// Plans one rep's period: his customers (`members` index `customers` and `places`), from his base, on the
/// working `days`, each customer getting budget[k] visits; never more than MaxVisitsPerDay visits a day nor
/// past DayStart + HoursPerDay. Fills `result` (visits, km, spacing, unvisited customers, missing visits).
/// A re-plan gives, per member, the dates of his kept visits (`kept`, empty or one list per member): his budget
/// counts only the visits still to plan, placed from options.from and spaced from his last kept visit; the
/// result counts the kept ones among his planned visits (the visits themselves are added by the caller).
void plan_rep_days(const std::string& rep, const std::vector<std::size_t>& members, const std::vector<int>& budget,
                   const place& base, const std::vector<visit_customer>& customers, const std::vector<place>& places,
                   const std::vector<double>& days, const schedule_options& options, run_control* control,
                   schedule_result& result, const std::vector<std::vector<double>>& kept = {});

}  // namespace crm::detail
