// Visit planning of the spec's "Visits" section: visits a year per tier and the next visit's date.
#pragma once

#include <span>
#include <string_view>

namespace crm {

/// Visits a year for tier "A", "B" or "C" (case-insensitive) given the counts a, b, c (CRM_VISITS_PER_YEAR).
double visits_per_year(std::string_view tier, double a = 12, double b = 4, double c = 1);

/// Calc date (serial, day 0 = 1899-12-30) of the next visit: last_visit + ROUND(365 / visits) days,
/// moved forward to the next Monday..Friday not in holidays (CRM_NEXT_VISIT).
double next_visit(double last_visit, std::string_view tier, std::span<const double> holidays = {}, double a = 12,
                  double b = 4, double c = 1);

/// True for Monday..Friday of a Calc serial date (the time of day is ignored).
bool is_weekday(double serial_date);

}  // namespace crm
