// Calendar arithmetic on Calc serial dates (spec "The visit schedule": working days and holidays).
#include "crm/calendar.hpp"

#include <ctime>

#include <algorithm>
#include <cstdio>
#include <cmath>

#include "crm/error.hpp"

namespace crm {

namespace {

// Calc's serial 0 is 1899-12-30, which is day -25569 counted from 1970-01-01.
constexpr long long serial_of_unix_epoch = 25569;

// Calc's own date range is years -32768..32767; a wider margin keeps the integer arithmetic exact.
constexpr double max_abs_serial = 2e7;

long long whole_day(double serial) {
    require(std::isfinite(serial) && std::abs(serial) <= max_abs_serial, "calendar: not a valid date");
    return static_cast<long long>(std::floor(serial));
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil): years are
// counted from March so that the leap day is the last day of the counted year.
long long days_from_civil(long long y, unsigned m, unsigned d) {
    y -= m <= 2;
    const long long era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<long long>(doe) - 719468;
}

civil_date civil_from_days(long long z) {
    z += 719468;
    const long long era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const long long y = static_cast<long long>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    return {static_cast<int>(y + (m <= 2)), static_cast<int>(m), static_cast<int>(d)};
}

bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

}  // namespace

double serial_from_civil(const civil_date& date) {
    static constexpr int month_days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    require(date.month >= 1 && date.month <= 12, "calendar: month must be 1..12");
    const int last = month_days[date.month - 1] + (date.month == 2 && is_leap(date.year) ? 1 : 0);
    require(date.day >= 1 && date.day <= last, "calendar: no such day in that month");
    require(date.year >= -32768 && date.year <= 32767, "calendar: year out of range");
    return static_cast<double>(days_from_civil(date.year, static_cast<unsigned>(date.month),
                                               static_cast<unsigned>(date.day)) +
                               serial_of_unix_epoch);
}

civil_date civil_from_serial(double serial) { return civil_from_days(whole_day(serial) - serial_of_unix_epoch); }

// Serial 0 (1899-12-30) was a Saturday, weekday 5 when Monday is 0.
int weekday(double serial) { return static_cast<int>((((whole_day(serial) + 5) % 7) + 7) % 7); }

// Spec "The visit schedule": visits fall on the working weekdays of the period, holidays excluded.
std::vector<double> working_days(double start, double end_exclusive, const std::array<bool, 7>& working_weekdays,
                                 std::span<const double> holidays) {
    const long long first = whole_day(start);
    const long long end = whole_day(end_exclusive);
    std::vector<long long> days_off;
    days_off.reserve(holidays.size());
    for (double h : holidays) days_off.push_back(whole_day(h));
    std::sort(days_off.begin(), days_off.end());
    std::vector<double> days;
    if (end <= first) return days;
    days.reserve(static_cast<std::size_t>(end - first));
    int wd = weekday(static_cast<double>(first));
    for (long long day = first; day < end; ++day, wd = (wd + 1) % 7)
        if (working_weekdays[static_cast<std::size_t>(wd)] && !std::binary_search(days_off.begin(), days_off.end(), day))
            days.push_back(static_cast<double>(day));
    return days;
}

std::string iso_date_text(double serial) {
    const civil_date d = civil_from_serial(serial);
    char text[16];
    std::snprintf(text, sizeof text, "%04d-%02d-%02d", d.year, d.month, d.day);
    return text;
}

std::string clock_text(double minutes) {
    const long m = std::lround(minutes);
    char text[48];  // room for any long, so the compiler can prove nothing is cut
    std::snprintf(text, sizeof text, "%02ld:%02ld", m / 60, m % 60);
    return text;
}

int this_year_utc() {
    const std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    return utc.tm_year + 1900;
}

}  // namespace crm
