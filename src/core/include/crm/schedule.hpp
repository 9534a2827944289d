// The visit schedule of spec "The visit schedule": every customer's visits of the year, grouped into daily routes per rep.
#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace crm {

/// A customer to visit: who, whose (rep), where, and how often (tier).
struct visit_customer {
    std::string id, name, rep, region, city;
    char tier = 'C';  ///< 'A', 'B' or 'C'
    std::optional<double> latitude, longitude;
};

/// Where a rep starts and ends each working day.
struct rep_base {
    std::string rep;
    std::optional<double> latitude, longitude;
    std::string city;
};

/// Options of the planning run (spec "The visit schedule": Options).
struct schedule_options {
    double start_date = 0;  ///< Calc serial date of the first day of the period
    int days = 365;         ///< length of the period in calendar days
    std::array<bool, 7> working_weekdays{true, true, true, true, true, false, false};  ///< Monday first
    std::vector<double> holidays;                 ///< Calc serial dates without visits
    std::array<int, 3> visits_per_year{12, 4, 1};  ///< per tier A, B, C
    std::array<double, 3> visit_minutes{90, 60, 45};  ///< per tier A, B, C
    double hours_per_day = 8;     ///< visits plus travel, from leaving the base to coming back
    int max_visits_per_day = 6;   ///< per rep
    double speed_kmh = 50;        ///< average travel speed
    double day_start_hour = 8.5;  ///< when the rep leaves the base
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
    double km_from_previous;               ///< from the base for stop 1
    double arrival_minutes_from_midnight;  ///< estimated arrival
};

/// A change of the options that alone would give the rep's year enough room.
enum class shortfall_remedy {
    more_visits_per_day,    ///< value: the visits a day to allow
    longer_working_days,    ///< value: the working hours a day to allow
    fewer_visits_per_year,  ///< value: the visits a year to set for `tier`
    more_working_days       ///< value: how many working days to add (e.g. Saturdays)
};

/// One remedy: what to change and to which value.
struct remedy {
    shortfall_remedy kind;
    double value;
    char tier = 0;  ///< only for fewer_visits_per_year
};

/// A rep whose year cannot hold his visits within the capacity, with the numbers and the fixes.
struct capacity_shortfall {
    std::string rep;
    std::size_t visit_days_needed = 0;      ///< at least this many working days hold the visits
    std::size_t working_days = 0;           ///< the working days of the period
    std::size_t visits_needed = 0;          ///< all visits of the rep's customers
    std::size_t visit_capacity = 0;         ///< max_visits_per_day x working days
    double visit_minutes_needed = 0;        ///< visit lengths alone, travel not counted
    double minutes_available = 0;           ///< hours_per_day x 60 x working days
    std::size_t days_over_capacity = 0;     ///< planned days beyond max visits or hours
    std::size_t unplaced_visits = 0;        ///< visits with no working day left for them
    std::vector<remedy> remedies;           ///< each alone suffices; the smallest change first
    /// Visit-days missing: visit_days_needed - working_days (0 when the shortfall comes from travel time only).
    std::size_t missing_visit_days() const { return visit_days_needed > working_days ? visit_days_needed - working_days : 0; }
};

/// The planned year and its account.
struct schedule_result {
    std::vector<visit> visits;             ///< ordered by date, rep, stop
    std::size_t unvisited_customers = 0;   ///< customers that did not get all their visits (0 unless shortfalls say why)
    std::size_t unplaced_visits = 0;       ///< visits that found no working day
    std::size_t days_over_capacity = 0;    ///< rep-days beyond max visits or hours
    double total_km = 0;                   ///< all routes, drives back to the base included
    std::vector<capacity_shortfall> shortfalls;
    std::vector<std::string> notes;        ///< machine-readable codes "code:rep:count" for the adapter to word
    std::size_t spacing_violations = 0;    ///< consecutive visits outside +-20 % of the ideal interval
};

/// Purpose of a customer's visit number visit_index (0-based) of the year, by tier (seed 000).
visit_purpose purpose_of_visit(char tier, int visit_index);

/// The plan's settings as a user gave them, any of them missing: the job service and crm-cli read them
/// under their own option names and share the checks and defaults below.
enum class plan_setting {
    year, start_date, visits_a, visits_b, visits_c, minutes_a, minutes_b, minutes_c,
    max_visits_per_day, hours_per_day, speed_kmh, holidays
};
struct plan_settings {
    std::optional<double> year, start_date;
    std::array<std::optional<double>, 3> visits_per_year, visit_minutes;  ///< per tier A, B, C
    std::optional<double> max_visits_per_day, hours_per_day, speed_kmh;
    std::vector<double> holidays;  ///< Calc serial dates
};

/// The schedule options of `settings`: the period is StartDate's year from that date, else the whole of
/// `year`, else the whole calendar year after `this_year` (spec default). A value out of range throws
/// invalid_setting naming the setting by `name_of` (e.g. "MaxVisitsPerDay" or "--max-visits-per-day") and the rule.
schedule_options schedule_options_from(const plan_settings& settings, int this_year,
                                       std::string (*name_of)(plan_setting));

/// The year of the period the options cover (the year of their start date).
int plan_year(const schedule_options& options);

/// Lets another thread follow a plan and stop it: `stop` makes plan_visits throw crm::cancelled at the
/// next planned day; `days_done` of `days_total` (rep-days) tell how far it got.
struct run_control {
    std::atomic<bool> stop{false};
    std::atomic<std::size_t> days_done{0};
    std::atomic<std::size_t> days_total{0};
};

/// Plans every customer's visits of the period, per rep from his base (spec "The visit schedule"). Options
/// out of range throw invalid_setting naming the field of schedule_options ("speed_kmh").
schedule_result plan_visits(std::vector<visit_customer> customers, std::vector<rep_base> bases,
                            const schedule_options& options, run_control* control = nullptr);

}  // namespace crm
