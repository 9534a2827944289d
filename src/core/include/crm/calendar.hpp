// Calendar arithmetic on Calc serial dates: civil dates, weekdays and the working days of a period.
#pragma once

#include <array>
#include <string>
#include <span>
#include <vector>

namespace crm {

/// A proleptic Gregorian calendar date (month 1..12, day 1..31).
struct civil_date {
    int year;
    int month;
    int day;
    friend bool operator==(const civil_date&, const civil_date&) = default;
};

/// Calc serial date (day 0 = 1899-12-30) of a civil date; throws illegal_argument for an impossible date.
double serial_from_civil(const civil_date& date);

/// Civil date of a Calc serial date (the time of day is dropped).
civil_date civil_from_serial(double serial);

/// Day of the week of a Calc serial date: Monday = 0 .. Sunday = 6 (the time of day is ignored).
int weekday(double serial);

/// The ISO text of a Calc serial date: "2027-01-04".
std::string iso_date_text(double serial);

/// The calendar year of the current moment, in UTC (the default plan is for the year after it).
int this_year_utc();

/// A time of day from minutes after midnight, rounded to the minute: "08:30".
std::string clock_text(double minutes);


/// Serial dates in [start, end_exclusive) whose weekday is marked in working_weekdays (Monday first)
/// and which are not holidays, ascending; times of day are dropped from every argument.
std::vector<double> working_days(double start, double end_exclusive, const std::array<bool, 7>& working_weekdays,
                                 std::span<const double> holidays = {});

}  // namespace crm
