// Visit planning of the spec's "Visits" section: visits a year per tier and the next visit's date.
#pragma once

#include <array>
#include <span>
#include <string_view>

namespace crm {

/// The defaults of the visit plan (spec "The visit schedule": Options), their one home: visits a year per
/// tier A, B, C (monthly, quarterly, yearly), visit minutes per tier, most visits a day, working hours a day,
/// travel speed, the day's start (08:30) and the travel between stops of unknown distance.
inline constexpr std::array<int, 3> default_visits_per_year{12, 4, 1};
inline constexpr std::array<double, 3> default_visit_minutes{90, 60, 45};
inline constexpr int default_max_visits_per_day = 6;
inline constexpr double default_hours_per_day = 8;
inline constexpr double default_speed_kmh = 50;
inline constexpr double default_day_start_hour = 8.5;
inline constexpr double default_minutes_between_stops = 20;

/// Visits a year for tier "A", "B" or "C" (case-insensitive) given the counts a, b, c (CRM_VISITS_PER_YEAR).
double visits_per_year(std::string_view tier, double a = default_visits_per_year[0], double b = default_visits_per_year[1],
                       double c = default_visits_per_year[2]);

/// Calc date (serial, day 0 = 1899-12-30) of the next visit: last_visit + ROUND(365 / visits) days,
/// moved forward to the next Monday..Friday not in holidays (CRM_NEXT_VISIT).
double next_visit(double last_visit, std::string_view tier, std::span<const double> holidays = {},
                  double a = default_visits_per_year[0], double b = default_visits_per_year[1],
                  double c = default_visits_per_year[2]);

/// True for Monday..Friday of a Calc serial date (the time of day is ignored).
bool is_weekday(double serial_date);

}  // namespace crm
