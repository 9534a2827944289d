// CSV reading (RFC 4180 with the lenience spreadsheets have) into the core's table.
#include "crm/csv.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <iterator>
#include <string>
#include <vector>

namespace crm {

namespace {

// A number as a program writes it ("-12.5", "3e4"); "0012" stays text so that codes keep their zeros,
// and "1 234,56" stays text for parse_number, which knows the document's style.
bool is_plain_number(std::string_view s) {
    std::size_t i = 0;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
    const std::size_t digits_begin = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    const std::size_t integer_digits = i - digits_begin;
    if (integer_digits > 1 && s[digits_begin] == '0') return false;
    std::size_t fraction_digits = 0;
    if (i < s.size() && s[i] == '.') {
        ++i;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++fraction_digits;
    }
    if (integer_digits + fraction_digits == 0) return false;
    if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
        ++i;
        if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
        const std::size_t exponent_begin = i;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
        if (i == exponent_begin) return false;
    }
    return i == s.size();
}

cell to_cell(std::string&& field, bool quoted) {
    if (quoted) return cell(std::move(field));
    if (field.empty()) return cell();
    if (is_plain_number(field)) {
        double value = 0;
        const char* begin = field.data() + (field[0] == '+');
        const auto [end, ec] = std::from_chars(begin, field.data() + field.size(), value);
        if (ec == std::errc() && end == field.data() + field.size() && std::isfinite(value)) return value;
    }
    return cell(std::move(field));
}

}  // namespace

char guess_separator(std::string_view text) {
    constexpr std::array<char, 3> candidates = {'\t', ';', ','};
    constexpr std::size_t lines_looked_at = 20;
    std::array<std::vector<std::size_t>, 3> counts;
    for (auto& c : counts) c.push_back(0);
    bool quoted = false;
    for (std::size_t i = 0; i < text.size() && counts[0].size() <= lines_looked_at; ++i) {
        const char c = text[i];
        if (c == '"') quoted = !quoted;
        if (quoted) continue;
        if (c == '\n') {
            for (auto& per_line : counts) per_line.push_back(0);
            continue;
        }
        for (std::size_t k = 0; k < candidates.size(); ++k) counts[k].back() += c == candidates[k];
    }
    // The best separator splits the first line, and as many other lines as possible, into as many fields.
    char best = ',';
    std::size_t best_score = 0, best_fields = 0;
    for (std::size_t k = 0; k < candidates.size(); ++k) {
        const std::size_t first = counts[k][0];
        if (first == 0) continue;
        std::size_t score = 0;
        for (const std::size_t n : counts[k]) score += n == first;
        if (score > best_score || (score == best_score && first > best_fields)) {
            best = candidates[k];
            best_score = score;
            best_fields = first;
        }
    }
    return best;
}

table read_csv(std::istream& in, char separator) {
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::string_view s = text;
    if (s.substr(0, 3) == "\xEF\xBB\xBF") s.remove_prefix(3);
    if (separator == 0) separator = guess_separator(s);

    table rows;
    std::vector<cell> row;
    std::string field;
    bool quoted = false, in_quotes = false, pending = false;
    const auto end_field = [&] {
        row.push_back(to_cell(std::move(field), quoted));
        field.clear();
        quoted = false;
    };
    const auto end_row = [&] {
        end_field();
        rows.push_back(std::move(row));
        row.clear();
        pending = false;
    };
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        pending = true;
        if (in_quotes) {
            if (c != '"') field.push_back(c);
            else if (i + 1 < s.size() && s[i + 1] == '"') field.push_back(s[++i]);
            else in_quotes = false;
        } else if (c == '"' && field.empty() && !quoted) {
            in_quotes = quoted = true;
        } else if (c == separator) {
            end_field();
        } else if (c == '\r' || c == '\n') {
            if (c == '\r' && i + 1 < s.size() && s[i + 1] == '\n') ++i;
            end_row();
        } else {
            field.push_back(c);  // text after a closing quote is kept, as spreadsheets do
        }
    }
    if (pending) end_row();
    return rows;
}

}  // namespace crm
