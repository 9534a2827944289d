// Reading numbers and dates as people write them in cells (spec "Inputs": numbers stored as text, dates).
#include "crm/text_values.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <vector>

namespace crm {

namespace detail {

std::u32string decode_utf8(std::string_view text) {
    std::u32string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        const auto b = static_cast<unsigned char>(text[i]);
        const int length = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 0;
        if (length == 0 || i + length > text.size()) {
            out.push_back(U'\uFFFD');
            ++i;
            continue;
        }
        char32_t c = length == 1 ? b : b & (0xFF >> (length + 1));
        bool valid = true;
        for (int k = 1; k < length; ++k) {
            const auto next = static_cast<unsigned char>(text[i + k]);
            if ((next & 0xC0) != 0x80) valid = false;
            c = (c << 6) | (next & 0x3F);
        }
        if (!valid) {
            out.push_back(U'\uFFFD');
            ++i;
            continue;
        }
        out.push_back(c);
        i += length;
    }
    return out;
}

void append_utf8(std::string& out, char32_t c) {
    if (c < 0x80) {
        out.push_back(static_cast<char>(c));
    } else if (c < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (c >> 6)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else if (c < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (c >> 12)));
        out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (c >> 18)));
        out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    }
}

char32_t fold_width(char32_t c) {
    if (c >= 0xFF01 && c <= 0xFF5E) return c - 0xFEE0;
    switch (c) {
    case 0x00A0: case 0x202F: case 0x3000: case 0x2007: case 0x2009: case 0x200A: case 0x2002: case 0x2003:
    case U'\t': case U'\r': case U'\n':
        return U' ';
    case 0x2212: case 0x2012: case 0x2013: case 0xFE63:
        return U'-';
    case 0x2018: case 0x2019: case 0x02BC:
        return U'\'';
    default:
        return c;
    }
}

}  // namespace detail

namespace {

using detail::fold_width;

std::u32string folded(std::string_view text) {
    std::u32string s = detail::decode_utf8(text);
    for (auto& c : s) c = fold_width(c);
    return s;
}

void trim(std::u32string_view& s) {
    while (!s.empty() && s.front() == U' ') s.remove_prefix(1);
    while (!s.empty() && s.back() == U' ') s.remove_suffix(1);
}

bool is_digit(char32_t c) { return c >= U'0' && c <= U'9'; }

char32_t ascii_upper(char32_t c) { return c >= U'a' && c <= U'z' ? c - 32 : c; }

// Currency marks people put before or after an amount, longest first so "NT$" wins over "$".
constexpr std::array<std::u32string_view, 17> currency_marks = {
    U"NT$", U"US$", U"HK$", U"RMB", U"EUR", U"USD", U"CNY", U"TWD", U"GBP", U"HKD",
    U"€",   U"$",   U"£",   U"¥",   U"元",  U"￥",  U"圆"};

bool starts_with_mark(std::u32string_view s, std::u32string_view mark) {
    if (s.size() < mark.size()) return false;
    for (std::size_t i = 0; i < mark.size(); ++i)
        if (ascii_upper(s[i]) != mark[i]) return false;
    return true;
}

bool strip_currency(std::u32string_view& s) {
    for (const auto mark : currency_marks) {
        if (starts_with_mark(s, mark)) {
            s.remove_prefix(mark.size());
            return true;
        }
        if (s.size() >= mark.size() && starts_with_mark(s.substr(s.size() - mark.size()), mark)) {
            s.remove_suffix(mark.size());
            return true;
        }
    }
    return false;
}

std::optional<double> to_finite(const std::string& plain) {
    double value = 0;
    const auto [end, ec] = std::from_chars(plain.data(), plain.data() + plain.size(), value);
    if (ec != std::errc() || end != plain.data() + plain.size() || !std::isfinite(value)) return std::nullopt;
    return value;
}

// Scientific notation as a program writes it ("1e308", "2.5E-3"): no grouping allowed.
std::optional<double> scientific(std::u32string_view s) {
    std::string plain;
    bool exponent = false, digits = false, exponent_digits = false, point = false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char32_t c = s[i];
        if (is_digit(c)) {
            (exponent ? exponent_digits : digits) = true;
        } else if (c == U'.' && !point && !exponent) {
            point = true;
        } else if ((c == U'e' || c == U'E') && digits && !exponent) {
            exponent = true;
        } else if ((c == U'+' || c == U'-') && exponent && (s[i - 1] == U'e' || s[i - 1] == U'E')) {
        } else {
            return std::nullopt;
        }
        plain.push_back(static_cast<char>(c));
    }
    if (!exponent || !exponent_digits) return std::nullopt;
    return to_finite(plain);
}

// The digits and separators left once sign, currency and percent are gone ("1 234,56").
// Spaces and apostrophes only group; '.' and ',' may be either. When both appear the last one is the
// decimal mark; a single one followed by exactly three digits is ambiguous ("1,234") and the document's
// style decides; otherwise a single one is the decimal mark. Groups after the first hold three digits.
std::optional<double> grouped_number(std::u32string_view s, const number_style& style) {
    std::vector<std::u32string_view> groups;
    std::vector<char32_t> separators;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= s.size(); ++i) {
        if (i < s.size() && is_digit(s[i])) continue;
        if (i < s.size() && s[i] != U'.' && s[i] != U',' && s[i] != U' ' && s[i] != U'\'') return std::nullopt;
        groups.push_back(s.substr(start, i - start));
        if (i < s.size()) separators.push_back(s[i]);
        start = i + 1;
    }
    if (groups.back().empty()) return std::nullopt;
    for (std::size_t g = 1; g < groups.size(); ++g)
        if (groups[g].empty()) return std::nullopt;
    if (groups.front().empty() && separators.size() != 1) return std::nullopt;

    std::size_t dots = 0, commas = 0;
    for (const char32_t c : separators) {
        dots += c == U'.';
        commas += c == U',';
    }
    std::optional<std::size_t> decimal;  // index into separators
    const std::size_t last = separators.empty() ? 0 : separators.size() - 1;
    if (groups.front().empty()) {
        if (separators[0] != U'.' && separators[0] != U',') return std::nullopt;
        decimal = 0;  // ".5", ",5"
    } else if (dots > 0 && commas > 0) {
        if ((separators[last] == U'.' ? dots : commas) != 1) return std::nullopt;
        decimal = last;
    } else if (dots + commas == 1) {
        if (separators[last] != U'.' && separators[last] != U',') return std::nullopt;  // "1.234 567"
        const bool ambiguous = separators.size() == 1 && groups[1].size() == 3 && groups[0].size() <= 3 &&
                               groups[0] != U"0";
        const bool comma = separators[last] == U',';
        if (!ambiguous || comma == style.decimal_comma) decimal = last;
    }
    const std::size_t grouping_end = decimal ? *decimal : separators.size();
    for (std::size_t k = 0; k < grouping_end; ++k) {
        if (separators[k] != separators[0]) return std::nullopt;  // one grouping mark only
        if (groups[k + 1].size() != 3) return std::nullopt;
    }
    if (grouping_end > 0 && groups[0].size() > 3) return std::nullopt;

    std::string plain;
    for (std::size_t g = 0; g < groups.size(); ++g) {
        if (decimal && g == *decimal + 1) plain.push_back('.');
        for (const char32_t c : groups[g]) plain.push_back(static_cast<char>(c));
    }
    if (plain.front() == '.') plain.insert(plain.begin(), '0');
    return to_finite(plain);
}

int days_from_civil(int y, int m, int d) {
    y -= m <= 2;
    const int era = (y >= 0 ? y : y - 399) / 400;
    const int yoe = y - era * 400;
    const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

constexpr int unix_epoch_serial = 25569;  // Calc serial of 1970-01-01

bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
    constexpr std::array<int, 12> days = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

// Reads an unsigned run of digits at s[pos], advancing pos; the count of digits is returned in width.
std::optional<int> read_digits(std::string_view s, std::size_t& pos, int& width) {
    const std::size_t begin = pos;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9' && pos - begin < 9) ++pos;
    width = static_cast<int>(pos - begin);
    if (width == 0) return std::nullopt;
    int value = 0;
    std::from_chars(s.data() + begin, s.data() + pos, value);
    return value;
}

// The time of day "hh:mm[:ss[.fff]]" with an optional zone ("Z", "+01:00", ignored) as a day fraction.
std::optional<double> time_of_day(std::string_view s) {
    std::size_t pos = 0;
    int width = 0;
    const auto h = read_digits(s, pos, width);
    if (!h || width > 2 || pos >= s.size() || s[pos] != ':') return std::nullopt;
    ++pos;
    const auto m = read_digits(s, pos, width);
    if (!m || width != 2) return std::nullopt;
    double seconds = 0;
    if (pos < s.size() && s[pos] == ':') {
        ++pos;
        const std::size_t begin = pos;
        while (pos < s.size() && ((s[pos] >= '0' && s[pos] <= '9') || s[pos] == '.')) ++pos;
        const auto parsed = to_finite(std::string(s.substr(begin, pos - begin)));
        if (!parsed || *parsed >= 60) return std::nullopt;
        seconds = *parsed;
    }
    const std::string_view zone = s.substr(pos);
    const bool zone_ok = zone.empty() || zone == "Z" ||
                         ((zone[0] == '+' || zone[0] == '-') && zone.size() <= 6 &&
                          zone.substr(1).find_first_not_of("0123456789:") == std::string_view::npos);
    if (!zone_ok || *h > 23 || *m > 59) return std::nullopt;
    return (*h * 3600.0 + *m * 60.0 + seconds) / 86400.0;
}

}  // namespace

std::optional<double> parse_number(std::string_view text, const number_style& style) {
    const std::u32string all = folded(text);
    std::u32string_view s = all;
    bool negative = false, signed_ = false, currency = false, percent = false;
    for (bool changed = true; changed;) {
        changed = false;
        trim(s);
        if (s.size() >= 2 && s.front() == U'(' && s.back() == U')' && !signed_) {
            s = s.substr(1, s.size() - 2);
            negative = signed_ = changed = true;  // accounting: "(1 234)" is -1234
        } else if (!s.empty() && (s.front() == U'-' || s.front() == U'+') && !signed_) {
            negative = s.front() == U'-';
            s.remove_prefix(1);
            signed_ = changed = true;
        } else if (!s.empty() && s.back() == U'%' && !percent) {
            s.remove_suffix(1);
            percent = changed = true;
        } else if (!currency && strip_currency(s)) {
            currency = changed = true;
        }
    }
    if (s.empty() || (currency && percent)) return std::nullopt;
    auto value = scientific(s);
    if (!value) value = grouped_number(s, style);
    if (!value) return std::nullopt;
    double result = negative ? -*value : *value;
    if (percent) result /= 100;
    return result;
}

double serial_date(int year, int month, int day) {
    return static_cast<double>(days_from_civil(year, month, day) + unix_epoch_serial);
}

int year_of(double serial) {
    int z = static_cast<int>(std::floor(serial)) - unix_epoch_serial + 719468;
    const int era = (z >= 0 ? z : z - 146096) / 146097;
    const int doe = z - era * 146097;
    const int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const int mp = (5 * doy + 2) / 153;
    const int month = mp < 10 ? mp + 3 : mp - 9;
    return yoe + era * 400 + (month <= 2);
}

namespace {

// The fields of a date text: up to three numbers and their widths, the separator, where the date ends.
struct date_fields {
    std::string text;  // folded: 年 and 月 as '/', 日 and 号 as ' '
    std::array<int, 3> parts{};
    std::array<int, 3> widths{};
    char separator = 0;
    std::size_t end = 0;
};

std::optional<date_fields> read_date_fields(std::string_view text) {
    date_fields f;
    std::string& s = f.text;
    for (char32_t c : folded(text)) {
        if (c == U'年' || c == U'月') c = U'/';
        else if (c == U'日' || c == U'号') c = U' ';
        if (c >= 0x80) return std::nullopt;
        s.push_back(static_cast<char>(c));
    }
    while (!s.empty() && s.back() == ' ') s.pop_back();
    std::size_t pos = s.find_first_not_of(' ');
    if (pos == std::string::npos) return std::nullopt;
    int first_width = 0;
    const std::size_t begin = pos;
    const auto first = read_digits(s, pos, first_width);
    if (!first) return std::nullopt;
    if (first_width == 8 && (pos == s.size() || s[pos] == ' ' || s[pos] == 'T')) {
        f.parts = {*first / 10000, *first / 100 % 100, *first % 100};
        f.widths = {4, 2, 2};
    } else {
        pos = begin;
        for (int k = 0; k < 3; ++k) {
            const auto part = read_digits(s, pos, f.widths[k]);
            if (!part) return std::nullopt;
            f.parts[k] = *part;
            if (k == 2) break;
            if (pos >= s.size() || (s[pos] != '-' && s[pos] != '/' && s[pos] != '.')) return std::nullopt;
            if (f.separator != 0 && s[pos] != f.separator) return std::nullopt;
            f.separator = s[pos++];
        }
    }
    f.end = pos;
    return f;
}

}  // namespace

// Dates: a four-digit first number is a year (ISO yyyy-mm-dd, zh yyyy/m/d and yyyy年m月d日); otherwise the
// year comes last and the day comes first when the first number cannot be a month, the month first when
// the second cannot be, and the document's style decides the rest (or, when the column's values decided
// the order, that order holds for every value). Two-digit years follow Calc's default window (00-29 →
// 2000s, 30-99 → 1900s). Eight digits alone are ISO basic (yyyymmdd).
std::optional<double> parse_date(std::string_view text, const date_style& style) {
    const auto fields = read_date_fields(text);
    if (!fields) return std::nullopt;
    const auto& [s, parts, widths, separator, pos] = *fields;
    int year = 0, month = 0, day = 0;
    if (widths[0] == 4) {
        year = parts[0];
        month = parts[1];
        day = parts[2];
        if (widths[1] > 2 || widths[2] > 2) return std::nullopt;
    } else {
        if (widths[0] > 2 || widths[1] > 2 || (widths[2] != 4 && widths[2] != 2)) return std::nullopt;
        year = widths[2] == 4 ? parts[2] : parts[2] < 30 ? 2000 + parts[2] : 1900 + parts[2];
        bool day_first = style.day_first || separator == '.';  // dd.mm.yyyy is always day first
        if (!style.decided || separator == '.') {
            if (parts[0] > 12) day_first = true;
            else if (parts[1] > 12) day_first = false;
        }
        day = day_first ? parts[0] : parts[1];
        month = day_first ? parts[1] : parts[0];
    }
    if (month < 1 || month > 12 || day < 1 || day > days_in_month(year, month)) return std::nullopt;
    double serial = serial_date(year, month, day);
    if (pos < s.size()) {
        if (s[pos] != ' ' && s[pos] != 'T') return std::nullopt;
        std::string_view rest = std::string_view(s).substr(pos + 1);
        while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
        const auto time = time_of_day(rest);
        if (!time) return std::nullopt;
        serial += *time;
    }
    return serial;
}

std::optional<double> parse_time_of_day(std::string_view text) {
    while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
    while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
    return time_of_day(text);
}

std::optional<bool> day_first_evidence(std::string_view text) {
    const auto f = read_date_fields(text);
    if (!f || f->widths[0] > 2 || f->separator == '.' || f->separator == 0) return std::nullopt;
    if (f->parts[0] > 12 && f->parts[1] <= 12) return true;
    if (f->parts[1] > 12 && f->parts[0] <= 12) return false;
    return std::nullopt;
}

std::optional<double> date_of_number(double value) {
    if (!std::isfinite(value)) return std::nullopt;
    if (value >= 19000101 && value <= 29991231 && value == std::floor(value)) {
        const auto n = static_cast<int>(value);
        const int year = n / 10000, month = n / 100 % 100, day = n % 100;
        if (month >= 1 && month <= 12 && day >= 1 && day <= days_in_month(year, month)) return serial_date(year, month, day);
    }
    return value;
}

namespace {

// A number cell is taken as is (dates are serial numbers already); text goes through `parse`.
template <typename Parse>
cell_reading read_cell(const cell& c, Parse parse) {
    if (const auto* number = std::get_if<double>(&c))
        return std::isfinite(*number) ? cell_reading{cell_status::value, *number} : cell_reading{cell_status::unreadable};
    if (std::holds_alternative<cell_error>(c)) return {cell_status::error_cell};
    if (is_blank(c)) return {cell_status::empty};
    const auto value = parse(std::get<std::string>(c));
    return value ? cell_reading{cell_status::value, *value} : cell_reading{cell_status::unreadable};
}

}  // namespace

cell_reading read_number(const cell& c, const number_style& style) {
    return read_cell(c, [&](const std::string& text) { return parse_number(text, style); });
}

cell_reading read_date(const cell& c, const date_style& style) {
    if (const auto* number = std::get_if<double>(&c)) {
        const auto date = date_of_number(*number);
        return date ? cell_reading{cell_status::value, *date} : cell_reading{cell_status::unreadable};
    }
    return read_cell(c, [&](const std::string& text) { return parse_date(text, style); });
}

std::string text_of(const cell& c) {
    if (const auto* number = std::get_if<double>(&c)) {
        std::array<char, 32> buffer{};
        const bool integral = std::isfinite(*number) && std::floor(*number) == *number && std::fabs(*number) < 1e15;
        const auto end = integral ? std::to_chars(buffer.data(), buffer.data() + buffer.size(), static_cast<long long>(*number)).ptr
                                  : std::to_chars(buffer.data(), buffer.data() + buffer.size(), *number).ptr;
        return std::string(buffer.data(), end);
    }
    if (const auto* text = std::get_if<std::string>(&c)) {
        const std::size_t first = text->find_first_not_of(" \t\r\n");
        if (first == std::string::npos) return {};
        return text->substr(first, text->find_last_not_of(" \t\r\n") - first + 1);
    }
    return {};
}

std::string bounded_text(std::string_view text, std::size_t max_chars) {
    if (max_chars == 0) return {};
    // A character starts at every byte that is not a continuation byte (10xxxxxx); a continuation byte
    // beyond the third in a row (not UTF-8) counts as a character of its own, so that no byte run escapes
    // the bound.
    std::size_t chars = 0, keep_end = 0, continuations = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const bool continuation = (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80;
        if (continuation && i > 0 && continuations < 3) {
            ++continuations;
            continue;
        }
        continuations = 0;
        if (chars == max_chars - 1) keep_end = i;  // the kept text ends before the max_chars-th character
        if (++chars > max_chars) return std::string(text.substr(0, keep_end)) + "\xE2\x80\xA6";  // "…"
    }
    return std::string(text);
}

}  // namespace crm
