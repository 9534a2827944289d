// Visit days, opening hours and days off as managers write them (spec wizard.md "Plans the reps can use").
#include "crm/availability.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "crm/text_values.hpp"

namespace crm {

namespace {

// The text folded for matching: half-width, lower-case ASCII, French accents dropped, Traditional forms of the
// few Chinese characters used here as Simplified.
std::u32string folded(std::string_view text) {
    std::u32string out;
    for (char32_t c : detail::decode_utf8(text)) {
        c = detail::fold_width(c);
        if (c >= U'A' && c <= U'Z') c = c - U'A' + U'a';
        switch (c) {
            case U'é': case U'è': case U'ê': case U'ë': case U'É': c = U'e'; break;
            case U'à': case U'â': c = U'a'; break;
            case U'û': case U'ù': c = U'u'; break;
            case U'î': case U'ï': c = U'i'; break;
            case U'ô': c = U'o'; break;
            case U'週': c = U'周'; break;
            case U'禮': c = U'礼'; break;
            case U'點': c = U'点'; break;
            case U'時': c = U'时'; break;
            default: break;
        }
        out.push_back(c);
    }
    return out;
}

bool is_latin(char32_t c) { return c >= U'a' && c <= U'z'; }
bool is_digit(char32_t c) { return c >= U'0' && c <= U'9'; }
bool is_space(char32_t c) { return c == U' ' || c == U'\t' || c == U'\n' || c == U'\r' || c == 0xA0 || c == 0x3000; }
bool is_dash(char32_t c) { return c == U'-' || c == 0x2013 || c == 0x2014 || c == U'~' || c == 0x301C || c == 0xFF5E; }

std::string ascii(const std::u32string& word) {
    std::string s;
    for (char32_t c : word) s.push_back(static_cast<char>(c));
    return s;
}

// Monday = 0 … Sunday = 6 for an English or French word, or -1.
int latin_day(const std::string& w) {
    static const std::pair<const char*, int> words[] = {
        {"mo", 0}, {"mon", 0}, {"monday", 0}, {"tu", 1}, {"tue", 1}, {"tues", 1}, {"tuesday", 1}, {"we", 2},
        {"wed", 2}, {"weds", 2}, {"wednesday", 2}, {"th", 3}, {"thu", 3}, {"thur", 3}, {"thurs", 3},
        {"thursday", 3}, {"fr", 4}, {"fri", 4}, {"friday", 4}, {"sa", 5}, {"sat", 5}, {"saturday", 5},
        {"su", 6}, {"sun", 6}, {"sunday", 6},
        {"lu", 0}, {"lun", 0}, {"lundi", 0}, {"ma", 1}, {"mar", 1}, {"mardi", 1}, {"me", 2}, {"mer", 2},
        {"mercredi", 2}, {"je", 3}, {"jeu", 3}, {"jeudi", 3}, {"ve", 4}, {"ven", 4}, {"vendredi", 4},
        {"sam", 5}, {"samedi", 5}, {"di", 6}, {"dim", 6}, {"dimanche", 6}};
    for (const auto& [word, day] : words)
        if (w == word) return day;
    return -1;
}

// 一 … 六 and 日 / 天 as Monday … Sunday, or -1.
int chinese_numeral_day(char32_t c) {
    switch (c) {
        case U'一': return 0;
        case U'二': return 1;
        case U'三': return 2;
        case U'四': return 3;
        case U'五': return 4;
        case U'六': return 5;
        case U'日': case U'天': case U'七': return 6;
        default: return -1;
    }
}

enum class token_kind { day, range, list, except, all, weekdays, weekend };
struct token {
    token_kind kind;
    int day = 0;
};

std::optional<std::vector<token>> weekday_tokens(const std::u32string& s) {
    std::vector<token> out;
    bool chinese_context = false;  // a bare numeral after a Chinese day ("周一至五", "周一、三")
    const auto starts_with = [&](std::size_t i, std::u32string_view word) { return s.compare(i, word.size(), word) == 0; };
    for (std::size_t i = 0; i < s.size();) {
        const char32_t c = s[i];
        if (is_space(c) || c == U'.') {
            ++i;
            continue;
        }
        if (is_dash(c) || c == U'至' || c == U'到') {
            out.push_back({token_kind::range});
            ++i;
            continue;
        }
        if (c == U',' || c == U';' || c == U'、' || c == U'/' || c == U'&' || c == U'+' || c == U'和' || c == U'及' ||
            c == U'，' || c == U'；') {
            out.push_back({token_kind::list});
            ++i;
            continue;
        }
        if (c == U'除') {  // 除周三, 除了周三
            out.push_back({token_kind::except});
            i += starts_with(i, U"除了") ? 2 : 1;
            continue;
        }
        if (c == U'(' || c == U')' || c == U'（' || c == U'）' || c == U'外') {  // "(except Wed)", "除周三外"
            ++i;
            continue;
        }
        for (const std::u32string_view word : {U"每天", U"每日", U"天天"})
            if (starts_with(i, word)) {
                out.push_back({token_kind::all});
                i += word.size();
                goto next;
            }
        if (starts_with(i, U"工作日")) {
            out.push_back({token_kind::weekdays});
            i += 3;
            continue;
        }
        if (starts_with(i, U"周末")) {
            out.push_back({token_kind::weekend});
            i += 2;
            continue;
        }
        for (const std::u32string_view prefix : {U"星期", U"礼拜", U"周"})
            if (starts_with(i, prefix) && i + prefix.size() < s.size()) {
                const int day = chinese_numeral_day(s[i + prefix.size()]);
                if (day < 0) return std::nullopt;
                out.push_back({token_kind::day, day});
                i += prefix.size() + 1;
                chinese_context = true;
                goto next;
            }
        if (chinese_context && chinese_numeral_day(c) >= 0 && !out.empty() &&
            (out.back().kind == token_kind::range || out.back().kind == token_kind::list)) {
            out.push_back({token_kind::day, chinese_numeral_day(c)});
            ++i;
            continue;
        }
        if (is_digit(c)) {
            if (c < U'1' || c > U'7' || (i + 1 < s.size() && is_digit(s[i + 1]))) return std::nullopt;
            out.push_back({token_kind::day, static_cast<int>(c - U'1')});
            ++i;
            continue;
        }
        if (is_latin(c)) {
            std::size_t j = i;
            while (j < s.size() && is_latin(s[j])) ++j;
            const std::string w = ascii(s.substr(i, j - i));
            i = j;
            if (w == "to" || w == "through" || w == "thru" || w == "a" || w == "au") {
                out.push_back({token_kind::range});
            } else if (w == "and" || w == "et") {
                out.push_back({token_kind::list});
            } else if (w == "except" || w == "but" || w == "not" || w == "sauf" || w == "excepte" || w == "hors") {
                out.push_back({token_kind::except});
            } else if (w == "daily" || w == "everyday") {
                out.push_back({token_kind::all});
            } else if (w == "weekdays" || w == "weekday") {
                out.push_back({token_kind::weekdays});
            } else if (w == "weekend" || w == "weekends") {
                out.push_back({token_kind::weekend});
            } else if (w == "du" || w == "de" || w == "from" || w == "on" || w == "only" || w == "seulement" ||
                       w == "uniquement" || w == "le" || w == "les") {
                // words around the days: "du lundi au vendredi", "on Mondays only"
            } else if (w == "every" || w == "day" || w == "days" || w == "tous" || w == "jours") {
                // "every day", "tous les jours": words around "all" (checked below)
                if (w == "jours" || (w == "day" && !out.empty() && out.back().kind == token_kind::all)) {
                    if (out.empty() || out.back().kind != token_kind::all) out.push_back({token_kind::all});
                } else if (w == "every" || w == "tous") {
                    out.push_back({token_kind::all});
                }
            } else {
                int day = latin_day(w);
                if (day < 0 && w.size() > 3 && w.back() == 's') day = latin_day(w.substr(0, w.size() - 1));  // "Mondays"
                if (day < 0) return std::nullopt;
                out.push_back({token_kind::day, day});
            }
            continue;
        }
        return std::nullopt;  // a character that belongs to no day
    next:;
    }
    return out;
}

}  // namespace

std::optional<weekday_set> parse_weekdays(std::string_view text) {
    const auto tokens = weekday_tokens(folded(text));
    if (!tokens || tokens->empty()) return std::nullopt;
    weekday_set days{};
    bool removing = false, named = false;
    const auto apply = [&](int day) {
        days[static_cast<std::size_t>(day)] = !removing;
        named = true;
    };
    const std::vector<token>& t = *tokens;
    for (std::size_t i = 0; i < t.size(); ++i) {
        switch (t[i].kind) {
            case token_kind::list:
                break;
            case token_kind::except:
                if (!named) return std::nullopt;  // "except" needs days to take from
                removing = true;
                break;
            case token_kind::all:
                for (int d = 0; d < 7; ++d) apply(d);
                break;
            case token_kind::weekdays:
                for (int d = 0; d < 5; ++d) apply(d);
                break;
            case token_kind::weekend:
                apply(5), apply(6);
                break;
            case token_kind::range:
                return std::nullopt;  // a range without its first day
            case token_kind::day:
                if (i + 2 < t.size() && t[i + 1].kind == token_kind::range && t[i + 2].kind == token_kind::day) {
                    for (int d = t[i].day;; d = (d + 1) % 7) {  // a range may wrap over the week's end
                        apply(d);
                        if (d == t[i + 2].day) break;
                    }
                    i += 2;
                } else if (i + 1 < t.size() && t[i + 1].kind == token_kind::range) {
                    return std::nullopt;  // "Mon-" : a range without its last day
                } else {
                    apply(t[i].day);
                }
                break;
        }
    }
    if (!named || std::none_of(days.begin(), days.end(), [](bool d) { return d; })) return std::nullopt;
    return days;
}

namespace {

// A time "9", "09:00", "9h", "9h30", "9 h 30", "9点", "9点30", "9:30 pm", "9时30分" from position i; advances i.
std::optional<double> read_time(const std::u32string& s, std::size_t& i) {
    while (i < s.size() && is_space(s[i])) ++i;
    std::size_t j = i;
    int hours = 0, digits = 0;
    while (j < s.size() && is_digit(s[j]) && digits < 2) hours = hours * 10 + static_cast<int>(s[j++] - U'0'), ++digits;
    if (digits == 0) return std::nullopt;
    int minutes = 0;
    bool separated = false;
    while (j < s.size() && is_space(s[j])) ++j;
    if (j < s.size() && (s[j] == U':' || s[j] == U'h' || s[j] == U'点' || s[j] == U'时' || s[j] == U'.')) {
        ++j, separated = true;
        while (j < s.size() && is_space(s[j])) ++j;
    }
    if (j + 1 < s.size() + 1 && j < s.size() && is_digit(s[j])) {
        if (!separated || j + 1 >= s.size() || !is_digit(s[j + 1])) return std::nullopt;  // minutes are two digits
        minutes = static_cast<int>(s[j] - U'0') * 10 + static_cast<int>(s[j + 1] - U'0');
        j += 2;
        if (j < s.size() && s[j] == U'分') ++j;
    }
    while (j < s.size() && is_space(s[j])) ++j;
    if (j + 1 < s.size() && (s[j] == U'a' || s[j] == U'p') && s[j + 1] == U'm') {
        if (hours < 1 || hours > 12) return std::nullopt;
        hours = hours % 12 + (s[j] == U'p' ? 12 : 0);
        j += 2;
    }
    if (hours > 24 || minutes > 59 || (hours == 24 && minutes > 0)) return std::nullopt;
    i = j;
    return hours * 60.0 + minutes;
}

}  // namespace

std::optional<std::vector<time_window>> parse_opening_hours(std::string_view text) {
    const std::u32string s = folded(text);
    std::vector<time_window> windows;
    std::size_t i = 0;
    const auto skip_separators = [&] {
        while (i < s.size()) {
            if (is_space(s[i]) || s[i] == U',' || s[i] == U';' || s[i] == U'/' || s[i] == U'、' || s[i] == U'，' ||
                s[i] == U'；' || s[i] == U'&' || s[i] == U'+') {
                ++i;
            } else if (s.compare(i, 3, U"et ") == 0 || s.compare(i, 4, U"and ") == 0) {
                i += s[i] == U'e' ? 3 : 4;
            } else {
                break;
            }
        }
    };
    skip_separators();
    while (i < s.size()) {
        const auto open = read_time(s, i);
        if (!open) return std::nullopt;
        while (i < s.size() && is_space(s[i])) ++i;
        if (i < s.size() && (is_dash(s[i]) || s[i] == U'至' || s[i] == U'到')) {
            ++i;
        } else if (s.compare(i, 2, U"to") == 0 || s.compare(i, 2, U"au") == 0) {
            i += 2;
        } else if (i < s.size() && s[i] == U'a') {
            ++i;
        } else {
            return std::nullopt;
        }
        const auto close = read_time(s, i);
        if (!close || *close <= *open) return std::nullopt;
        windows.emplace_back(*open, *close);
        skip_separators();
    }
    if (windows.empty()) return std::nullopt;
    std::sort(windows.begin(), windows.end());
    std::vector<time_window> merged;
    for (const auto& w : windows) {
        if (!merged.empty() && w.first <= merged.back().second) merged.back().second = std::max(merged.back().second, w.second);
        else merged.push_back(w);
    }
    return merged;
}

std::optional<std::vector<double>> parse_days_off(std::string_view text, bool day_first) {
    std::vector<double> days;
    const date_style style{day_first, false};
    const auto trim = [](std::string_view v) {
        while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
        while (!v.empty() && (v.back() == ' ' || v.back() == '\t' || v.back() == '\r')) v.remove_suffix(1);
        return v;
    };
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find_first_of(",;\n", start);
        if (end == std::string_view::npos) end = text.size();
        const std::string_view part = trim(text.substr(start, end - start));
        start = end + 1;
        if (part.empty()) continue;
        // A range: "a..b", "a – b", "a - b" (spaces around a hyphen: ISO dates hold hyphens), "a au b", "a to b", "a至b".
        std::optional<std::pair<std::string_view, std::string_view>> range;
        for (const std::string_view separator : {"..", " \xE2\x80\x93 ", "\xE2\x80\x93", " - ", " au ", " to ", "\xE8\x87\xB3", "~"})
            if (const auto at = part.find(separator); at != std::string_view::npos) {
                range = std::pair{trim(part.substr(0, at)), trim(part.substr(at + separator.size()))};
                break;
            }
        if (range) {
            const auto first = parse_date(range->first, style), last = parse_date(range->second, style);
            if (!first || !last || *last < *first || *last - *first > 3660) return std::nullopt;
            for (double d = std::floor(*first); d <= std::floor(*last); ++d) days.push_back(d);
        } else {
            const auto day = parse_date(part, style);
            if (!day) return std::nullopt;
            days.push_back(std::floor(*day));
        }
        if (end == text.size()) break;
    }
    if (days.empty()) return std::nullopt;
    std::sort(days.begin(), days.end());
    days.erase(std::unique(days.begin(), days.end()), days.end());
    return days;
}

}  // namespace crm
