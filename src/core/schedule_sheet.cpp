// The schedule sheet's columns and texts, and the plan's problems worded from the strings table.
#include "crm/schedule_sheet.hpp"

#include <cmath>
#include <map>

#include "crm/calendar.hpp"
#include "crm/text_values.hpp"

namespace crm {

const std::array<std::string_view, schedule_columns>& schedule_header_keys() {
    static constexpr std::array<std::string_view, schedule_columns> keys = {
        "head_date", "head_weekday", "head_rep", "head_stop", "head_id", "head_name", "head_tier", "head_purpose",
        "head_km", "head_arrival", "head_done", "head_location", "head_latitude", "head_longitude", "head_why",
        "head_last_order"};
    return keys;
}

std::string location_text(const visit_customer& c) {
    std::string line = c.address;
    std::string town = c.postal_code;
    if (!c.city.empty()) town += (town.empty() ? "" : " ") + c.city;
    // An address that already holds the town is not repeated.
    if (!town.empty() && line.find(c.city.empty() ? c.postal_code : c.city) == std::string::npos)
        line += (line.empty() ? "" : ", ") + town;
    if (!c.country.empty()) line += (line.empty() ? "" : ", ") + c.country;
    return line;
}

std::vector<rep_month> rep_months(const schedule_result& plan, const schedule_options& options) {
    std::map<std::string, std::map<int, rep_month>> by_rep;  // month key: year × 12 + month − 1
    const civil_date first = civil_from_serial(std::floor(options.start_date));
    const civil_date last = civil_from_serial(std::floor(options.start_date) + std::max(0, options.days - 1));
    for (const auto& v : plan.visits) by_rep[v.rep];
    for (const auto& m : plan.missing) by_rep[m.rep];
    for (auto& [rep, months] : by_rep)
        for (int key = first.year * 12 + first.month - 1; key <= last.year * 12 + last.month - 1; ++key)
            months[key] = {rep, key / 12, key % 12 + 1, 0, 0};
    for (const auto& v : plan.visits) {
        const civil_date d = civil_from_serial(v.date);
        auto& m = by_rep[v.rep][d.year * 12 + d.month - 1];
        m.rep = v.rep, m.year = d.year, m.month = d.month;
        ++m.visits;
        m.km += v.km_from_previous.value_or(0) + v.km_to_base.value_or(0);
    }
    std::vector<rep_month> out;
    for (auto& [rep, months] : by_rep)
        for (auto& [key, m] : months) out.push_back(m);
    return out;
}

std::vector<kept_visit> visits_to_keep(const table& rows, double from) {
    std::vector<kept_visit> kept;
    const auto at = [&](std::size_t r, schedule_column c) -> const cell& { return cell_at(rows, r, static_cast<std::size_t>(c)); };
    for (std::size_t r = 1; r < rows.size(); ++r) {
        const auto date = read_date(at(r, schedule_column::date), date_style{false, false});
        if (date.status != cell_status::value) continue;
        const bool done = is_done_mark(text_of(at(r, schedule_column::done)));
        if (!(date.value < std::floor(from)) && !done) continue;
        kept_visit k;
        k.date = std::floor(date.value);
        k.rep = text_of(at(r, schedule_column::rep));
        k.customer_id = text_of(at(r, schedule_column::customer_id));
        if (k.customer_id.empty()) continue;
        const auto stop = read_number(at(r, schedule_column::stop));
        k.stop = stop.status == cell_status::value && std::fabs(stop.value) < 1e6 ? static_cast<int>(stop.value) : 0;
        const cell& arrival = at(r, schedule_column::arrival);
        if (const double* fraction = std::get_if<double>(&arrival)) {
            k.arrival_minutes_from_midnight = *fraction * 1440.0;
        } else if (const auto t = parse_time_of_day(text_of(arrival))) {
            k.arrival_minutes_from_midnight = *t * 1440.0;
        }
        const auto km = read_number(at(r, schedule_column::km));
        if (km.status == cell_status::value) k.km_from_previous = km.value;
        k.done = done;
        kept.push_back(std::move(k));
    }
    return kept;
}

std::string visit_description(std::string_view purpose, std::string_view why, std::optional<double> last_order,
                              const text_lookup& texts) {
    std::string text(purpose);
    if (!why.empty()) text += "\n" + worded(texts, "calendar_why", {{"why", std::string(why)}});
    if (last_order) text += "\n" + worded(texts, "calendar_last_order", {{"date", iso_date_text(*last_order)}});
    return text;
}

std::vector<rep_calendar> schedule_calendars(const std::vector<calendar_event>& events, ical_options options,
                                             std::optional<bool> per_rep, const text_lookup& texts) {
    options.calendar_name = texts("calendar_name_all");
    std::vector<rep_calendar> out{{"", to_icalendar(events, options)}};
    std::map<std::string, std::vector<calendar_event>> by_rep;
    for (const auto& e : events) by_rep[e.rep].push_back(e);
    if (!per_rep.value_or(by_rep.size() > 1)) return out;
    for (const auto& [rep, mine] : by_rep) {
        options.calendar_name = worded(texts, "calendar_name_rep", {{"rep", rep}});
        out.push_back({rep, to_icalendar(mine, options)});
    }
    return out;
}

bool is_done_mark(std::string_view text) {
    std::string t;
    for (char c : text)
        if (c != ' ' && c != '\t') t += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    static const std::string_view marks[] = {"x", "1", "true", "yes", "y", "done", "ok", "oui", "fait", "faite", "vrai",
                                             "✓", "✔", "☑", "√", "是", "已完成", "完成", "已拜访", "已拜訪"};
    for (std::string_view m : marks)
        if (t == m) return true;
    return false;
}

std::string_view purpose_key(visit_purpose purpose) {
    switch (purpose) {
        case visit_purpose::listen_to_problems: return "purpose_listen";
        case visit_purpose::present_policies_and_promotions: return "purpose_promote";
        case visit_purpose::help_grow: break;
    }
    return "purpose_grow";
}

std::string_view weekday_key(int weekday) {
    static constexpr std::string_view keys[] = {"weekday_monday", "weekday_tuesday", "weekday_wednesday",
                                                "weekday_thursday", "weekday_friday", "weekday_saturday",
                                                "weekday_sunday"};
    return keys[((weekday % 7) + 7) % 7];
}

const std::array<std::string_view, 7>& missing_visits_keys() {
    static constexpr std::array<std::string_view, 7> keys = {"head_missing_visits", "head_id", "head_name", "head_rep",
                                                             "head_tier", "head_visits_wanted", "head_visits_planned"};
    return keys;
}

std::optional<std::vector<schedule_part>> split_schedule(const std::vector<visit>& visits, std::size_t max_rows) {
    if (max_rows < 2) return std::nullopt;
    if (visits.size() <= max_rows - 1) return std::vector<schedule_part>{{0, visits.size(), 0, 0, 0}};
    // Parts by calendar quarter, else by month, of the visit's date: runs of the sorted visits.
    for (const bool by_month : {false, true}) {
        std::vector<schedule_part> parts;
        bool fits = true;
        for (std::size_t begin = 0; begin < visits.size() && fits;) {
            const civil_date first = civil_from_serial(visits[begin].date);
            const int key = by_month ? first.month : (first.month - 1) / 3 + 1;
            std::size_t end = begin;
            while (end < visits.size()) {
                const civil_date d = civil_from_serial(visits[end].date);
                if (d.year != first.year || (by_month ? d.month : (d.month - 1) / 3 + 1) != key) break;
                ++end;
            }
            fits = end - begin <= max_rows - 1;
            parts.push_back({begin, end, first.year, by_month ? 0 : key, by_month ? key : 0});
            begin = end;
        }
        if (fits) return parts;
    }
    return std::nullopt;
}

namespace {

// Matches `name` against one pattern: literal text, and {year} (4 digits), {quarter} (1 digit), {month} (2).
std::optional<schedule_sheet_name> match_pattern(std::string_view name, std::string_view pattern) {
    schedule_sheet_name out;
    std::size_t at = 0;
    for (std::size_t p = 0; p < pattern.size();) {
        if (pattern[p] == '{') {
            const std::size_t close = pattern.find('}', p);
            if (close == std::string_view::npos) return std::nullopt;
            const std::string_view field = pattern.substr(p + 1, close - p - 1);
            const std::size_t digits = field == "year" ? 4 : field == "month" ? 2 : field == "quarter" ? 1 : 0;
            if (digits == 0 || at + digits > name.size()) return std::nullopt;
            int value = 0;
            for (std::size_t k = 0; k < digits; ++k) {
                const char c = name[at + k];
                if (c < '0' || c > '9') return std::nullopt;
                value = value * 10 + (c - '0');
            }
            (field == "year" ? out.year : field == "month" ? out.month : out.quarter) = value;
            at += digits;
            p = close + 1;
        } else {
            if (at >= name.size() || name[at] != pattern[p]) return std::nullopt;
            ++at, ++p;
        }
    }
    if (at != name.size() || out.year == 0 || out.quarter > 4 || out.month > 12) return std::nullopt;
    return out;
}

}  // namespace

std::optional<schedule_sheet_name> read_schedule_name(std::string_view name, const std::vector<std::string>& patterns) {
    for (const auto& pattern : patterns)
        if (const auto found = match_pattern(name, pattern)) return found;
    return std::nullopt;
}

std::vector<std::size_t> latest_schedule(const std::vector<std::string>& names, const std::vector<std::string>& patterns) {
    std::vector<std::optional<schedule_sheet_name>> read;
    for (const auto& n : names) read.push_back(read_schedule_name(n, patterns));
    std::size_t last = names.size();
    for (std::size_t i = names.size(); i-- > 0;)
        if (read[i]) {
            last = i;
            break;
        }
    if (last == names.size()) return {};
    const bool quarters = read[last]->quarter != 0, months = read[last]->month != 0;
    if (!quarters && !months) return {last};
    std::size_t first = last;
    while (first > 0 && read[first - 1] && (read[first - 1]->quarter != 0) == quarters &&
           (read[first - 1]->month != 0) == months)
        --first;
    std::vector<std::size_t> out;
    for (std::size_t i = first; i <= last; ++i) out.push_back(i);
    return out;
}

std::vector<std::string> plan_problems(const schedule_result& plan, const schedule_options& options,
                                       const text_lookup& texts) {
    std::vector<std::string> lines;
    // "Ana: …" or "All customers: …": who the line is about.
    const auto who = [&](const std::string& rep) {
        return rep.empty() ? worded(texts, "plan_all_customers") : rep;
    };
    for (const auto& s : plan.shortfalls) {
        if (s.working_days == 0) {
            lines.push_back(worded(texts, "shortfall_no_working_day",
                                   {{"who", who(s.rep)}, {"wanted", std::to_string(s.visits_wanted)}}));
            continue;
        }
        std::string line = worded(texts, "shortfall_visits",
                                  {{"who", who(s.rep)},
                                   {"wanted", std::to_string(s.visits_wanted)},
                                   {"planned", std::to_string(s.visits_planned)},
                                   {"unscheduled", std::to_string(s.visits_unscheduled())},
                                   {"days", std::to_string(s.working_days)},
                                   {"per_day", number_words(std::floor(s.visits_per_day * 10) / 10)}});
        std::string remedies;
        for (const auto& r : s.remedies) {
            if (!remedies.empty()) remedies += worded(texts, "or_word");
            const std::string value = number_words(r.value);
            switch (r.kind) {
                case shortfall_remedy::more_reps:
                    remedies += worded(texts, s.rep.empty() ? "remedy_more_reps_all" : "remedy_more_reps",
                                       {{"value", value}, {"rep", s.rep}});
                    break;
                case shortfall_remedy::more_visits_per_day:
                    remedies += worded(texts, "remedy_more_visits_per_day", {{"value", value}});
                    break;
                case shortfall_remedy::longer_working_days:
                    remedies += worded(texts, "remedy_longer_days", {{"value", value}});
                    break;
                case shortfall_remedy::fewer_visits_per_year:
                    remedies += worded(texts, "remedy_fewer_visits", {{"value", value}, {"tier", std::string(1, r.tier)}});
                    break;
            }
        }
        if (!remedies.empty()) line += worded(texts, "to_fix", {{"remedies", remedies}});
        lines.push_back(std::move(line));
        if (!s.too_far.empty()) {
            std::string ids;
            for (std::size_t k = 0; k < s.too_far.size() && k < 10; ++k) ids += (k ? ", " : "") + s.too_far[k];
            if (s.too_far.size() > 10) ids += ", …";
            lines.push_back(worded(texts, "shortfall_too_far",
                                   {{"who", who(s.rep)}, {"count", std::to_string(s.too_far.size())}, {"ids", ids},
                                    {"hours", number_words(options.hours_per_day)},
                                    {"needed", number_words(s.hours_for_too_far)}}));
        }
    }
    // Customers whose visit days or opening hours leave no visit (spec "Availability": said, never skipped).
    std::map<std::pair<std::string, unavailable_reason>, std::vector<std::string>> unavailable;
    for (const auto& u : plan.unavailable) unavailable[{u.rep, u.reason}].push_back(u.customer_id);
    for (const auto& [key, ids] : unavailable) {
        std::string listed;
        for (std::size_t k = 0; k < ids.size() && k < 10; ++k) listed += (k ? ", " : "") + ids[k];
        if (ids.size() > 10) listed += ", …";
        lines.push_back(worded(texts, key.second == unavailable_reason::no_visit_day ? "plan_no_visit_day" : "plan_hours_too_short",
                               {{"who", who(key.first)}, {"count", std::to_string(ids.size())}, {"ids", listed}}));
    }
    // Customers without coordinates, per rep: their km are left empty (spec: no distance is ever made up).
    std::map<std::string, std::size_t> unlocated;
    for (const auto& note : plan.notes)
        if (note.rfind("place_unknown:", 0) == 0) {
            const auto colon = note.rfind(':');
            unlocated[note.substr(14, colon - 14)] += std::stoul(note.substr(colon + 1));
        }
    for (const auto& [rep, count] : unlocated)
        lines.push_back(worded(texts, "plan_unlocated",
                               {{"who", who(rep)},
                                {"count", std::to_string(count)},
                                {"minutes", number_words(options.minutes_between_stops)}}));
    return lines;
}

}  // namespace crm
