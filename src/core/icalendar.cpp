// iCalendar (RFC 5545) and CSV exports of the visit schedule (spec "The visit schedule": Exports).
#include "crm/icalendar.hpp"

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <optional>

#include "crm/calendar.hpp"
#include "crm/error.hpp"

namespace crm {

namespace {

constexpr std::size_t max_line_octets = 75;  // RFC 5545 section 3.1, CRLF not counted

// FNV-1a over the bytes, from a chosen offset basis (two bases give two independent 64-bit halves).
std::uint64_t fnv1a(std::string_view bytes, std::uint64_t hash) {
    for (unsigned char c : bytes) {
        hash ^= c;
        hash *= 0x100000001b3ULL;
    }
    return hash;
}

// "YYYYMMDDTHHMMSS" of a serial date-time, rounded to the whole second; nullopt outside years 0..9999.
std::optional<std::string> ical_date_time_of(double serial) {
    // Years 0..9999 are serials -693959..2958465; checked before rounding so that a huge or non-finite
    // serial never reaches llround (whose result would overflow) or the calendar arithmetic.
    if (!(serial >= -693960.0 && serial < 2958466.0)) return std::nullopt;
    const long long seconds = std::llround(serial * 86400.0);
    const long long day = seconds >= 0 ? seconds / 86400 : -((-seconds + 86399) / 86400);
    const long long in_day = seconds - day * 86400;
    const civil_date d = civil_from_serial(static_cast<double>(day));
    if (!(d.year >= 0 && d.year <= 9999)) return std::nullopt;
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%04d%02d%02dT%02lld%02lld%02lld", d.year, d.month, d.day, in_day / 3600,
                  in_day / 60 % 60, in_day % 60);
    return std::string(buffer);
}

std::string ical_date_time(double serial) {
    auto text = ical_date_time_of(serial);
    require(text.has_value(), "calendar export: date outside years 0..9999");
    return *text;
}

// Spec "Calendars": times in whole minutes.
double event_start(const calendar_event& e) { return std::floor(e.date) + std::round(e.start_minutes) / 1440.0; }
double event_end(const calendar_event& e) { return event_start(e) + std::round(e.duration_minutes) / 1440.0; }

bool is_utf8_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// A negative number as a person writes it ("-12", "-12.5", "-0,5"): left as is so that numbers stay numbers.
bool is_plain_negative_number(std::string_view cell) {
    if (cell.size() < 2 || cell[0] != '-') return false;
    bool digits = false, separator = false;
    for (std::size_t i = 1; i < cell.size(); ++i) {
        const char c = cell[i];
        if (c >= '0' && c <= '9') {
            digits = true;
        } else if ((c == '.' || c == ',') && !separator && digits && i + 1 < cell.size()) {
            separator = true;
        } else {
            return false;
        }
    }
    return digits;
}

}  // namespace

// A visit is identified by who visits whom, when, and as which stop of the day: the same plan
// exported twice gives the same UIDs, so a calendar client updates its events instead of duplicating them.
std::string visit_uid(std::string_view rep, std::string_view customer_id, double date, int stop) {
    std::string key;
    key.append(rep).push_back('\0');
    key.append(customer_id).push_back('\0');
    key.append(std::to_string(std::llround(date))).push_back('\0');
    key.append(std::to_string(stop));
    char buffer[40];
    std::snprintf(buffer, sizeof buffer, "%016llx%016llx",
                  static_cast<unsigned long long>(fnv1a(key, 0xcbf29ce484222325ULL)),
                  static_cast<unsigned long long>(fnv1a(key, 0x84222325cbf29ce4ULL)));
    return std::string(buffer) + "@calc-crm";
}

// RFC 5545 section 3.3.11: backslash, semicolon and comma are escaped, a line break becomes "\n";
// other control characters are not allowed in TEXT and are dropped (a tab stays).
std::string escape_ical_text(std::string_view text) {
    std::string out;
    out.reserve(text.size() + 8);
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        switch (c) {
            case '\\': out += "\\\\"; break;
            case ';': out += "\\;"; break;
            case ',': out += "\\,"; break;
            case '\r':
                if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
                out += "\\n";
                break;
            case '\n': out += "\\n"; break;
            default:
                if ((static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == 0x7f) break;
                out += c;
        }
    }
    return out;
}

// RFC 5545 section 3.1: a line longer than 75 octets continues on the next line after CRLF and one
// space; the break is moved back so that no UTF-8 character is cut in two.
std::string fold_ical_line(std::string_view line) {
    std::string out;
    std::size_t pos = 0;
    std::size_t room = max_line_octets;
    while (line.size() - pos > room) {
        std::size_t cut = pos + room;
        while (cut > pos && is_utf8_continuation(line[cut])) --cut;
        if (cut == pos) cut = pos + room;  // not UTF-8 at all: cut anywhere rather than loop
        out.append(line.substr(pos, cut - pos)).append("\r\n ");
        pos = cut;
        room = max_line_octets - 1;  // the leading space counts
    }
    out.append(line.substr(pos)).append("\r\n");
    return out;
}

bool is_exportable(const calendar_event& e) {
    if (!(std::isfinite(e.date) && std::isfinite(e.start_minutes) && std::isfinite(e.duration_minutes) &&
          e.duration_minutes >= 0))
        return false;
    const double start = event_start(e);
    return ical_date_time_of(start).has_value() && ical_date_time_of(event_end(e)).has_value();
}

std::string to_icalendar(const std::vector<calendar_event>& events, const ical_options& options) {
    require(std::isfinite(options.dtstamp_utc), "calendar export: DTSTAMP is not a valid date");
    std::string out;
    out.reserve(events.size() * 400 + 200);
    const auto line = [&out](std::string_view name, std::string_view value) {
        out += fold_ical_line(std::string(name) + ":" + std::string(value));
    };
    line("BEGIN", "VCALENDAR");
    line("VERSION", "2.0");
    line("PRODID", escape_ical_text(options.product_id));
    line("CALSCALE", "GREGORIAN");
    if (!options.calendar_name.empty()) line("X-WR-CALNAME", escape_ical_text(options.calendar_name));
    const std::string dtstamp = ical_date_time(options.dtstamp_utc) + "Z";
    for (const calendar_event& e : events) {
        require(std::isfinite(e.date) && std::isfinite(e.start_minutes) && std::isfinite(e.duration_minutes) &&
                    e.duration_minutes >= 0,
                "calendar export: a visit has no valid date, time or length");
        // Floating local times (no TZID): the visit happens at that clock time wherever the rep is.
        const double start = event_start(e);
        line("BEGIN", "VEVENT");
        line("UID", visit_uid(e.rep, e.customer_id, e.date, e.stop));
        line("DTSTAMP", dtstamp);
        line("DTSTART", ical_date_time(start));
        line("DTEND", ical_date_time(event_end(e)));
        line("SUMMARY", escape_ical_text(e.summary));
        if (!e.location.empty()) line("LOCATION", escape_ical_text(e.location));
        if (e.latitude && e.longitude && std::isfinite(*e.latitude) && std::isfinite(*e.longitude) &&
            std::fabs(*e.latitude) <= 90 && std::fabs(*e.longitude) <= 180) {
            char geo[64];
            std::snprintf(geo, sizeof geo, "%.6f;%.6f", *e.latitude, *e.longitude);
            line("GEO", geo);
        }
        if (!e.category.empty()) line("CATEGORIES", escape_ical_text(e.category));
        if (!e.description.empty()) line("DESCRIPTION", escape_ical_text(e.description));
        line("END", "VEVENT");
    }
    line("END", "VCALENDAR");
    return out;
}

double utc_now_serial() { return static_cast<double>(std::time(nullptr)) / 86400.0 + 25569.0; }  // Unix epoch = serial 25569

std::string file_safe(std::string_view name) {
    std::string out;
    for (unsigned char c : name) {
        const bool keep = c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-' || c == '_';
        out += keep ? static_cast<char>(c) : '_';
    }
    const auto first = out.find_first_not_of('_');
    if (first == std::string::npos) return "rep";
    out = out.substr(first, out.find_last_not_of('_') - first + 1);
    return out;
}

std::string per_rep_path(std::string_view path, std::string_view rep) {
    const std::size_t slash = path.find_last_of('/');
    const std::size_t dot = path.find_last_of('.');
    const bool has_extension = dot != std::string_view::npos && (slash == std::string_view::npos || dot > slash + 1);
    const std::string_view stem = has_extension ? path.substr(0, dot) : path;
    const std::string_view extension = has_extension ? path.substr(dot) : std::string_view(".ics");
    return std::string(stem) + "-" + file_safe(rep) + std::string(extension);
}

bool write_file(const std::string& path, std::string_view content) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) return false;
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    return static_cast<bool>(out.flush());
}

// OWASP "CSV injection": a cell starting with = + - @, a tab or a carriage return may be run as a
// formula by the spreadsheet that opens the file, so it gets a leading single quote. A plain
// negative number ("-12.5") cannot run anything and stays as is, so amounts remain numbers; "-1+1"
// is not plain and is neutralized. A leading "+" is always neutralized ("+1" is rare in our data).
// Leading spaces are looked through: a spreadsheet importing with "trim spaces" (Calc's CSV dialog offers it)
// would otherwise see " =cmd" as "=cmd".
std::string neutralize_formula(std::string_view cell) {
    const std::size_t first = cell.find_first_not_of(' ');
    if (first == std::string_view::npos) return std::string(cell);
    const char c = cell[first];
    const bool risky = c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
    if (!risky || is_plain_negative_number(cell.substr(first))) return std::string(cell);
    std::string quoted(1, '\'');
    quoted.append(cell);
    return quoted;
}

// RFC 4180: fields separated by commas, records by CRLF; a field holding a comma, a quote, CR or LF
// is enclosed in quotes and its quotes doubled.
std::string to_csv(const std::vector<std::vector<std::string>>& rows) {
    std::string out;
    for (const auto& row : rows) {
        for (std::size_t i = 0; i < row.size(); ++i) {
            if (i > 0) out += ',';
            const std::string cell = neutralize_formula(row[i]);
            if (cell.find_first_of(",\"\r\n") == std::string::npos) {
                out += cell;
                continue;
            }
            out += '"';
            for (char ch : cell) {
                if (ch == '"') out += '"';
                out += ch;
            }
            out += '"';
        }
        out += "\r\n";
    }
    return out;
}

}  // namespace crm
