// Exports of the visit schedule: an RFC 5545 iCalendar file and a CSV safe to open in any spreadsheet.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace crm {

/// One visit as a calendar event; texts arrive already localized from the adapter.
struct calendar_event {
    double date = 0;                      ///< Calc serial date of the visit day
    double start_minutes = 0;             ///< arrival, minutes after midnight (local, floating time)
    double duration_minutes = 0;          ///< length of the visit
    std::string rep, customer_id;         ///< with date and stop, what makes the event's UID
    int stop = 0;                         ///< stop number in the day
    std::string summary, location, description;
    std::optional<double> latitude, longitude;  ///< GEO, when the customer's place is known
    std::string category;                       ///< CATEGORIES: the tier ("A")
};

/// Calendar-wide settings of the export.
struct ical_options {
    std::string product_id = "-//calc-crm//Visit schedule//EN";  ///< PRODID
    double dtstamp_utc = 0;  ///< DTSTAMP as a Calc serial date-time in UTC (when the file is written)
    std::string calendar_name;  ///< X-WR-CALNAME, the name a calendar client shows (none when empty)
};

/// Now as a Calc serial date-time in UTC, for DTSTAMP (one home for the office export and crm-cli).
double utc_now_serial();

/// A rep's name as part of a file name: letters and digits of any script, '-' and '_' kept, every other character
/// (slashes, dots, spaces, controls) as '_'; "rep" when nothing is left.
std::string file_safe(std::string_view name);

/// The path of a rep's own calendar beside `path`: "out/visits.ics" and "Anne Roux" give "out/visits-Anne_Roux.ics".
std::string per_rep_path(std::string_view path, std::string_view rep);

/// Writes `content` to `path`, replacing it; false when the file cannot be written whole.
bool write_file(const std::string& path, std::string_view content);

/// Stable UID of a visit: a 128-bit hash of rep, customer id, date and stop in hex, then "@calc-crm".
std::string visit_uid(std::string_view rep, std::string_view customer_id, double date, int stop);

/// RFC 5545 TEXT escaping: backslash, semicolon and comma escaped, newlines as \n, other controls dropped.
std::string escape_ical_text(std::string_view text);

/// One content line folded at 75 octets (never inside a UTF-8 sequence), each physical line ending in CRLF.
std::string fold_ical_line(std::string_view line);

/// Whether to_icalendar can write the event: finite date, time and length (length >= 0), its start and end
/// within the years 0..9999. An adapter checks each visit with it to name the row that cannot be written.
bool is_exportable(const calendar_event& event);

/// The whole VCALENDAR with one VEVENT per event (RFC 5545, CRLF line ends, folded lines), times in whole minutes
/// (spec "Calendars"), LOCATION, GEO and CATEGORIES where the event has them; throws
/// illegal_argument for an event that is not is_exportable.
std::string to_icalendar(const std::vector<calendar_event>& events, const ical_options& options);

/// A spreadsheet cell made harmless: a leading = + - @ tab or CR (after any spaces) gets a ' prefix, except a
/// plain negative number.
std::string neutralize_formula(std::string_view cell);

/// RFC 4180 CSV of the rows (CRLF line ends, quoted where needed), every cell neutralized first.
std::string to_csv(const std::vector<std::vector<std::string>>& rows);

}  // namespace crm
