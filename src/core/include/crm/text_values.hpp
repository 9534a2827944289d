// Numbers and dates written as text the way people write them ("1 234,56 €", "12 %", "2025年3月1日").
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "crm/cell.hpp"

namespace crm {

/// How the document writes numbers when the text alone cannot tell ("1,234" or "1.234").
struct number_style {
    bool decimal_comma = false;  ///< true for fr, de, ...: "1,234" reads 1.234; false for en, zh: 1234
};

/// How the document writes dates when the text alone cannot tell ("03/04/2025").
struct date_style {
    bool day_first = false;  ///< true for fr, en-GB: dd/mm/yyyy; false for en-US: mm/dd/yyyy
    /// True when the order was decided for a whole column by its values: a date that reads only in the other
    /// order ("13/04/2025" in a month-first column) is then unreadable instead of being read the other way.
    bool decided = false;
};

/// A number read from text with thousands separators, decimal comma or point, currency, percent,
/// accounting parentheses, minus variants and full-width digits; nullopt for anything else.
std::optional<double> parse_number(std::string_view text, const number_style& style = {});

/// A Calc serial date (day 0 = 1899-12-30, time as the fraction) read from ISO, dd/mm/yyyy,
/// dd.mm.yyyy, mm/dd/yyyy, yyyy/m/d or yyyy年m月d日 text; nullopt unless it is a real calendar date.
std::optional<double> parse_date(std::string_view text, const date_style& style = {});

/// What one date text tells of its column's order: true (day-first) when its first field cannot be a month,
/// false (month-first) when its second cannot be; nullopt when both can, or when the text is not a dd/mm/yy,
/// mm/dd/yy kind of date (ISO and yyyy/m/d dates say nothing; dd.mm.yyyy is always day-first and says nothing).
std::optional<bool> day_first_evidence(std::string_view text);

/// A number cell of a date column as a date: a Calc serial as it is, or an integer yyyymmdd (19970101) as
/// that day, since no order log dates from year 19 970 (a Calc serial of 8 digits would).
std::optional<double> date_of_number(double value);

/// A time of day "hh:mm" or "hh:mm:ss" as a fraction of a day (08:30 → 0.354…); nullopt for anything else.
std::optional<double> parse_time_of_day(std::string_view text);

/// The Calc serial number of a calendar date (day 0 = 1899-12-30); no validation.
double serial_date(int year, int month, int day);

/// The calendar year of a Calc serial date.
int year_of(double serial);

/// What reading one cell as a number or a date gave.
enum class cell_status { value, empty, error_cell, unreadable };

/// A cell read as a number or a date: the value when status is value.
struct cell_reading {
    cell_status status;
    double value = 0;
};

/// Reads a cell as a number: a number cell as is, text through parse_number.
cell_reading read_number(const cell& c, const number_style& style = {});

/// Reads a cell as a date: a number cell as a Calc serial, text through parse_date.
cell_reading read_date(const cell& c, const date_style& style = {});

/// The text of a cell as a person reads it: integers without decimals ("1001"), text trimmed.
std::string text_of(const cell& c);

/// Most characters of cell text quoted in a message (a problem's detail, a note, an error).
inline constexpr std::size_t max_quoted_chars = 200;

/// `text` unchanged when it has at most `max_chars` characters (UTF-8 code points), else its first
/// max_chars - 1 characters and "…": never cut inside a character, so a message stays valid UTF-8 and short
/// whatever a sheet holds.
std::string bounded_text(std::string_view text, std::size_t max_chars = max_quoted_chars);

namespace detail {
/// The Unicode code points of UTF-8 text (an invalid byte becomes U+FFFD).
std::u32string decode_utf8(std::string_view text);
/// Appends one code point to a UTF-8 string.
void append_utf8(std::string& out, char32_t c);
/// Full-width ASCII (U+FF01..U+FF5E) as ASCII, the ideographic space and other spaces as ' ',
/// U+2212 and other dashes as '-', U+2019 as '\''.
char32_t fold_width(char32_t c);
}  // namespace detail

}  // namespace crm
