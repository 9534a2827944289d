// The schedule sheet's contract (spec "The job service contract"): its columns, the texts of a visit's purpose
// and weekday, and the plan's problems in sentences; one home for planVisits, exportCalendar and crm-cli.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crm/cell.hpp"
#include "crm/icalendar.hpp"
#include "crm/schedule.hpp"
#include "crm/wording.hpp"

namespace crm {

/// The schedule sheet's columns, in their order: one visit a row below a header row. After the plan's own columns
/// (date … arrival), what the reps need (spec "Plans the reps can use"): Done (the rep marks a visit made; a
/// re-plan keeps it), the customer's location and coordinates, why his tier, and his last order. A schedule of
/// an older version, or a template, may stop after arrival: readers take the later columns as blank.
enum class schedule_column {
    date, weekday, rep, stop, customer_id, customer_name, tier, purpose, km, arrival,
    done, location, latitude, longitude, why, last_order
};

/// Number of columns of a visit row.
inline constexpr std::size_t schedule_columns = 16;

/// A customer's location as one line: address, postal code and town, country, as far as known
/// ("12 rue de la Paix, 69003 Lyon, FR").
std::string location_text(const visit_customer& c);

/// One rep's month of a plan (spec "Picture and totals"): his visits and km (the drives back to the base included,
/// so that the months add up to the plan's total km).
struct rep_month {
    std::string rep;
    int year = 0, month = 0;
    std::size_t visits = 0;
    double km = 0;
};
/// Every rep's months of the plan, by rep then month (months without a visit included between his first and last).
std::vector<rep_month> rep_months(const schedule_result& plan, const schedule_options& options);

/// Re-planning: the visits of a schedule sheet's rows (below its header row) to keep, those dated before `from`
/// and those marked done (dates as date cells or ISO text, arrivals as time cells or "HH:MM", as planVisits and
/// crm-cli write them); rows that are not visits are passed over.
std::vector<kept_visit> visits_to_keep(const table& rows, double from);

/// A visit's calendar DESCRIPTION (spec "Calendars"): its purpose, then why the customer's tier and his last order
/// when known, a line each, in the words of `texts`.
std::string visit_description(std::string_view purpose, std::string_view why, std::optional<double> last_order,
                              const text_lookup& texts);

/// The calendars an export writes (spec "Calendars"): the whole one named "calendar_name_all", and one per rep (by
/// rep name) named "calendar_name_rep" when `per_rep` says so, by default when there are several reps; `rep` is
/// empty for the whole one.
struct rep_calendar {
    std::string rep;
    std::string text;  ///< the iCalendar file
};
std::vector<rep_calendar> schedule_calendars(const std::vector<calendar_event>& events, ical_options options,
                                             std::optional<bool> per_rep, const text_lookup& texts);

/// Whether a Done cell's text marks the visit made: "x", "✓", "yes", "oui", "是", "done", "fait", "已完成", 1, TRUE…
bool is_done_mark(std::string_view text);

/// The strings-table key of each column's header ("head_date", …), in column order.
const std::array<std::string_view, schedule_columns>& schedule_header_keys();

/// The strings-table key of a visit's purpose ("purpose_listen", "purpose_promote", "purpose_grow").
std::string_view purpose_key(visit_purpose purpose);

/// The strings-table key of a weekday, Monday = 0 as crm::weekday counts ("weekday_monday", …).
std::string_view weekday_key(int weekday);

/// The strings-table keys of the list of customers with missing visits beside the schedule: its title, then the
/// headers of its columns (id, name, rep, tier, wanted, planned).
const std::array<std::string_view, 7>& missing_visits_keys();

/// One sheet of a schedule too long for one sheet: its visits [begin, end) and its part of the period.
struct schedule_part {
    std::size_t begin = 0, end = 0;
    int year = 0;     ///< the calendar year of the part's visits (when split)
    int quarter = 0;  ///< 1..4 when the schedule is split by quarter
    int month = 0;    ///< 1..12 when it is split by month
};

/// Rows a sheet holds (LibreOffice Calc 7.4: 1 048 576).
inline constexpr std::size_t sheet_rows = 1048576;

/// The sheets a schedule needs when a sheet holds `max_rows` rows, its header row included (spec "A plan
/// larger than a sheet"): one sheet when it fits, else one per quarter of the period, else one per month;
/// nullopt when a month alone does not fit (the plan is then refused before anything is written). The visits
/// are ordered by date, so each part is a run of them.
std::optional<std::vector<schedule_part>> split_schedule(const std::vector<visit>& visits, std::size_t max_rows = sheet_rows);

/// What a sheet's name says when it is the name of a schedule sheet by one of `patterns` (the strings table's
/// sheet_visits, sheet_visits_quarter and sheet_visits_month in every language, with {year}, {quarter} and
/// {month} in them): its year, and its quarter or month when the schedule was split.
struct schedule_sheet_name {
    int year = 0, quarter = 0, month = 0;
};
std::optional<schedule_sheet_name> read_schedule_name(std::string_view name, const std::vector<std::string>& patterns);

/// The sheets of the latest schedule among `names` (in document order): the last schedule sheet, and when it
/// is one part of a split schedule, the parts of the same kind just before it. Indices into `names`.
std::vector<std::size_t> latest_schedule(const std::vector<std::string>& names, const std::vector<std::string>& patterns);

/// The plan's problems in sentences (spec "When the period cannot hold every visit" and "Distances without
/// coordinates"): each shortfall with the remedies a manager can act on (a line about one rep names him;
/// without a rep column it speaks of all customers), the customers without coordinates.
std::vector<std::string> plan_problems(const schedule_result& plan, const schedule_options& options,
                                       const text_lookup& texts);

}  // namespace crm
