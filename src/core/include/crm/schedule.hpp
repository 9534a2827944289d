// The visit schedule of spec "The visit schedule": every customer's visits of the year, grouped into daily routes per rep.
#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "crm/visits.hpp"

namespace crm {

/// A customer to visit: who, whose (rep), where, and how often (tier).
struct visit_customer {
    std::string id, name, rep, region, city, postal_code;
    char tier = 'C';  ///< 'A', 'B' or 'C'
    std::optional<double> latitude, longitude;
    /// Spec "Plans the reps can use", availability: the weekdays he may be visited (Monday first) and the windows
    /// of the day in minutes after midnight ([open, close), sorted); every day and any time when empty.
    std::array<bool, 7> visit_days{true, true, true, true, true, true, true};
    std::vector<std::pair<double, double>> opening_hours;
    /// What the reps' calendars say of him (spec "Calendars"): where, why his tier, his last order (Calc serial).
    std::string address, country, why;
    bool approximate = false;  ///< coordinates from the gazetteer (a town's or a postal code's place)
    std::optional<double> last_order;
};

/// Where a rep starts and ends each working day, and his own calendar (spec "Plans the reps can use": the Reps
/// sheet): the hour he leaves (the plan's DayStart when not given) and his days off (Calc serial dates).
struct rep_base {
    std::string rep;
    std::optional<double> latitude, longitude;
    std::string city;
    std::string postal_code, region;
    std::optional<double> day_start_hour;
    std::vector<double> days_off;
};

/// A customer the plan could give no visit at all because of his availability, and why.
enum class unavailable_reason {
    no_visit_day,      ///< none of his visit days is a working day of the period (the rep's days off taken out)
    hours_too_short    ///< no opening window holds his visit within the rep's working hours
};
struct unavailable_customer {
    std::string customer_id, customer_name, rep;
    unavailable_reason reason;
};

/// Options of the planning run (spec "The visit schedule": Options).
struct schedule_options {
    double start_date = 0;  ///< Calc serial date of the first day of the period
    int days = 365;         ///< length of the period in calendar days
    std::array<bool, 7> working_weekdays{true, true, true, true, true, false, false};  ///< Monday first
    std::vector<double> holidays;                 ///< Calc serial dates without visits
    std::array<int, 3> visits_per_year = default_visits_per_year;     ///< per tier A, B, C
    std::array<double, 3> visit_minutes = default_visit_minutes;      ///< per tier A, B, C
    double hours_per_day = default_hours_per_day;  ///< visits plus travel, from leaving the base to coming back
    int max_visits_per_day = default_max_visits_per_day;  ///< per rep
    double speed_kmh = default_speed_kmh;          ///< average travel speed
    double day_start_hour = default_day_start_hour;  ///< when the rep leaves the base (spec option DayStart, 08:30)
    /// Travel between two stops whose distance is unknown (a customer without coordinates), in minutes
    /// (spec "Distances without coordinates": option MinutesBetweenStops).
    double minutes_between_stops = default_minutes_between_stops;
    /// Re-planning (spec "Plans the reps can use"): the first day planned anew, a Calc serial date within the
    /// period; 0 plans the whole period.
    double from = 0;
};

/// A visit of an earlier schedule that a re-plan keeps: dated before From, or marked done.
struct kept_visit {
    std::string customer_id, rep;
    double date = 0;
    int stop = 0;
    double arrival_minutes_from_midnight = 0;
    std::optional<double> km_from_previous;
    bool done = false;
};

/// Why the rep goes (seed 000); the adapter shows it localized.
enum class visit_purpose { listen_to_problems, present_policies_and_promotions, help_grow };

/// One row of the schedule sheet (spec "The job service contract": its column order).
struct visit {
    double date;       ///< Calc serial date
    std::string rep;
    int stop;          ///< 1..k within the rep's day
    std::string customer_id, customer_name;
    char tier;
    visit_purpose purpose;
    /// From the previous stop (from the base for stop 1); unknown when either end has no coordinates (spec:
    /// no distance is ever made up).
    std::optional<double> km_from_previous;
    double arrival_minutes_from_midnight;  ///< estimated arrival, in whole minutes
    std::size_t customer = 0;              ///< index of the customer in the planner's input
    bool done = false;                     ///< a visit made, kept from an earlier schedule (re-planning)
    /// The last stop of a day: the drive back to the base, when both ends have coordinates.
    std::optional<double> km_to_base;
};

/// A change a manager can make that alone would give the customers all their visits.
enum class shortfall_remedy {
    more_reps,              ///< value: how many reps to add to share these customers
    more_visits_per_day,    ///< value: the visits a day to allow
    longer_working_days,    ///< value: the working hours a day to allow
    fewer_visits_per_year,  ///< value: the visits a year to set for `tier`
};

/// One remedy: what to change and to which value.
struct remedy {
    shortfall_remedy kind;
    double value;
    char tier = 0;  ///< only for fewer_visits_per_year
};

/// A rep whose period cannot hold all his customers' visits within the capacity (spec "When the period cannot
/// hold every visit"), with the numbers and the fixes. `rep` is empty when the plan has no rep column: the
/// shortfall is then that of all customers.
struct capacity_shortfall {
    std::string rep;
    std::size_t customers = 0;        ///< the rep's customers
    std::size_t visits_wanted = 0;    ///< their visits a year, all of them
    std::size_t visits_planned = 0;   ///< the visits the plan holds
    std::size_t working_days = 0;     ///< the working days of the period
    double visits_per_day = 0;        ///< visits a working day can hold, travel included (the plan's estimate)
    std::size_t reps_needed = 1;      ///< reps at this capacity that would hold every visit of these customers
    std::vector<remedy> remedies;     ///< each alone suffices; the smallest change first
    /// Customers too far from the start location for one visit within a working day (the drive there, the
    /// visit and the drive back): they are never planned, and the hours such a day would take for all of them.
    std::vector<std::string> too_far;
    double hours_for_too_far = 0;
    /// The visits left out: visits_wanted − visits_planned.
    std::size_t visits_unscheduled() const { return visits_wanted - visits_planned; }
};

/// A customer who did not get all his visits (the schedule sheet lists them).
struct missing_visits {
    std::string customer_id, customer_name, rep;
    char tier;
    int wanted = 0, planned = 0;
};

/// The planned period and its account.
struct schedule_result {
    std::vector<visit> visits;             ///< ordered by date, rep, stop
    std::size_t visits_wanted = 0;         ///< every customer's visits a year, added up
    std::size_t unvisited_customers = 0;   ///< customers that did not get all their visits
    std::size_t reps_needed = 0;           ///< reps at today's capacity that would hold every visit (Σ over reps)
    std::size_t days_over_capacity = 0;    ///< rep-days beyond max visits or hours: 0, the plan never does it
    double total_km = 0;                   ///< all known hops, drives back to the base included
    std::vector<capacity_shortfall> shortfalls;
    std::vector<missing_visits> missing;   ///< customers with missing visits, by rep then id
    std::size_t unlocated_customers = 0;   ///< customers without coordinates: their km are unknown
    std::vector<std::string> notes;        ///< machine-readable codes "code:rep:count" for the adapter to word
    std::size_t spacing_violations = 0;    ///< consecutive visits outside +-20 % of their interval
    std::vector<unavailable_customer> unavailable;  ///< customers whose visit days or hours allow no visit, by rep
    /// Visits wanted but not planned: visits_wanted − visits.size().
    std::size_t visits_unscheduled() const { return visits_wanted - visits.size(); }
};

/// Purpose of a customer's visit number visit_index (0-based) of the year, by tier (seed 000).
visit_purpose purpose_of_visit(char tier, int visit_index);

/// The plan's settings as a user gave them, any of them missing: the job service and crm-cli read them
/// under their own option names and share the checks and defaults below.
enum class plan_setting {
    year, start_date, visits_a, visits_b, visits_c, minutes_a, minutes_b, minutes_c,
    max_visits_per_day, hours_per_day, speed_kmh, holidays, day_start, minutes_between_stops,
    period_days,  ///< the length of the period (derived from the start date by the front ends)
    from          ///< the first day of a re-plan
};
struct plan_settings {
    std::optional<double> year, start_date;
    std::array<std::optional<double>, 3> visits_per_year, visit_minutes;  ///< per tier A, B, C
    std::optional<double> max_visits_per_day, hours_per_day, speed_kmh;
    std::vector<double> holidays;  ///< Calc serial dates
    std::optional<double> day_start;               ///< the hour the day starts, as a fraction of a day (08:30 = 0.354…)
    std::optional<double> minutes_between_stops;   ///< travel between stops of unknown distance
    std::optional<double> from;                    ///< re-plan from this date (Calc serial)
};

/// The schedule options of `settings`: the period is StartDate's year from that date, else the whole of
/// `year`, else the whole calendar year after `this_year` (spec default); the defaults of schedule_options
/// for the rest. A value out of range throws invalid_setting naming the setting by `name_of` (e.g.
/// "MaxVisitsPerDay" or "--max-visits-per-day") and the rule.
schedule_options schedule_options_from(const plan_settings& settings, int this_year,
                                       std::string (*name_of)(plan_setting));

/// The one check of a plan's options, whoever built them (the jobs, the panel, crm-cli, a direct caller):
/// throws invalid_setting naming the setting by `name_of`, or by the schedule_options field when it is null.
void validate(const schedule_options& options, std::string (*name_of)(plan_setting) = nullptr);

/// The year of the period the options cover (the year of their start date).
int plan_year(const schedule_options& options);

/// Lets another thread follow a plan and stop it: `stop` makes plan_visits throw crm::cancelled at the
/// next planned day; `days_done` of `days_total` (rep-days) tell how far it got.
struct run_control {
    std::atomic<bool> stop{false};
    std::atomic<std::size_t> days_done{0};
    std::atomic<std::size_t> days_total{0};
};

/// Plans every customer's visits of the period, per rep from his base (spec "The visit schedule" and "When
/// the period cannot hold every visit"). Options out of range throw invalid_setting naming the field of
/// schedule_options ("speed_kmh").
schedule_result plan_visits(std::vector<visit_customer> customers, std::vector<rep_base> bases,
                            const schedule_options& options, run_control* control = nullptr);

/// A re-plan (spec "Plans the reps can use", re-planning): the `kept` visits of an earlier schedule stay as they
/// are (in the result, marked done when they were); each customer's remaining visits (his visits a year less
/// those kept) are planned from options.from, spaced from his last kept visit. Kept visits of customers no longer
/// in the list, or outside the period, are dropped; a rep's days holding kept visits on or after From are not
/// planned again (they are full as the rep left them).
schedule_result plan_visits(std::vector<visit_customer> customers, std::vector<rep_base> bases,
                            const schedule_options& options, run_control* control, const std::vector<kept_visit>& kept);

}  // namespace crm
