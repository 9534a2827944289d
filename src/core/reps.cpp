// The Reps sheet (spec wizard.md "Plans the reps can use"): where each rep starts, when, and his days off.
#include "crm/reps.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>

#include "crm/availability.hpp"
#include "crm/error.hpp"
#include "crm/gazetteer.hpp"
#include "crm/text_values.hpp"

namespace crm {

namespace {

std::string trimmed(std::string_view s) {
    const auto a = s.find_first_not_of(" \t\r\n");
    if (a == std::string_view::npos) return {};
    const auto b = s.find_last_not_of(" \t\r\n");
    return std::string(s.substr(a, b - a + 1));
}

// A start location written as one address ("12 rue de la Paix, 69003 Lyon", "Grenoble", "上海市"): each part
// between commas is tried as "postal code + town" (a run of 4 to 6 digits and the words around it) and as a town,
// the last parts first (addresses end with the town); the first the gazetteer knows wins.
std::optional<place_match> place_of_address(const std::string& address, const std::string& region, const std::string& country) {
    std::vector<std::string> parts;
    std::size_t from = 0;
    for (;;) {
        const auto comma = address.find_first_of(",;\n", from);
        parts.push_back(trimmed(std::string_view(address).substr(from, comma == std::string::npos ? std::string::npos : comma - from)));
        if (comma == std::string::npos) break;
        from = comma + 1;
    }
    for (auto part = parts.rbegin(); part != parts.rend(); ++part) {
        if (part->empty()) continue;
        std::string code, town;
        for (std::size_t i = 0; i < part->size();) {
            std::size_t j = i;
            while (j < part->size() && std::isdigit(static_cast<unsigned char>((*part)[j]))) ++j;
            if (j - i >= 4 && j - i <= 6 && code.empty() && (j == part->size() || (*part)[j] == ' ' || (*part)[j] == '-')) {
                code = part->substr(i, j - i);
                town = trimmed(std::string_view(*part).substr(j));
                break;
            }
            i = j == i ? i + 1 : j;
        }
        if (!code.empty())
            if (auto m = find_place({town, code, region, country})) return m;
        if (auto m = find_place({*part, "", region, country})) return m;
    }
    return std::nullopt;
}

}  // namespace

reps_read read_reps(const table& t, const date_style& dates) {
    reps_read result;
    result.mapping = detect_columns(t, sheet_kind::customers);
    const auto& columns = result.mapping.columns;
    const auto column = [&](column_role role) -> std::optional<std::size_t> {
        const auto found = columns.find(role);
        if (found == columns.end()) return std::nullopt;
        return found->second;
    };
    // The rep column, or a column of names (a sheet of reps names its people).
    const auto rep_column = column(column_role::rep) ? column(column_role::rep) : column(column_role::name);
    if (!rep_column) throw illegal_argument("the Reps sheet has no column of rep names");
    const auto text_at = [&](std::size_t row, std::optional<std::size_t> c) {
        return c ? trimmed(text_of(cell_at(t, row, *c))) : std::string();
    };

    std::map<std::string, std::size_t> index;
    for (std::size_t row = result.mapping.header_row + 1; row < t.size(); ++row) {
        if (is_blank_row(t[row])) continue;
        const std::size_t sheet_row = row + 1;
        const std::string name = text_at(row, rep_column);
        if (name.empty()) {
            result.problems.push_back({problem_kind::missing_id, sheet_row, {}});
            continue;
        }
        auto [at, added] = index.emplace(name, result.reps.size());
        if (added) {
            result.reps.emplace_back();
            result.reps.back().rep = name;
        }
        rep_base& rep = result.reps[at->second];

        // Start location: coordinates, else the address, postal code and town through the gazetteer.
        if (!rep.latitude) {
            const auto lat_c = column(column_role::latitude), lon_c = column(column_role::longitude);
            if (lat_c && lon_c) {
                const auto lat = read_number(cell_at(t, row, *lat_c)), lon = read_number(cell_at(t, row, *lon_c));
                if (lat.status == cell_status::value && lon.status == cell_status::value) {
                    if (std::abs(lat.value) <= 90 && std::abs(lon.value) <= 180) {
                        rep.latitude = lat.value, rep.longitude = lon.value;
                    } else {
                        result.problems.push_back({problem_kind::invalid_coordinates, sheet_row,
                                                   bounded_text(text_at(row, lat_c) + ", " + text_at(row, lon_c))});
                    }
                }
            }
        }
        const std::string city = text_at(row, column(column_role::city)), code = text_at(row, column(column_role::postal_code));
        const std::string region = text_at(row, column(column_role::region)), country = text_at(row, column(column_role::country));
        const std::string address = text_at(row, column(column_role::address));
        if (!rep.latitude && (!city.empty() || !code.empty() || !address.empty())) {
            std::optional<place_match> m;
            if (!city.empty() || !code.empty()) m = find_place({city, code, region, country});
            if (!m && !address.empty()) m = place_of_address(address, region, country);
            if (m) {
                rep.latitude = m->latitude, rep.longitude = m->longitude;
                if (m->ambiguous)
                    result.problems.push_back({problem_kind::place_ambiguous, sheet_row,
                                               bounded_text((city.empty() ? address : city) + " → " + m->name + " (" + m->country + ")")});
            } else {
                std::string asked = address;
                for (const std::string* part : {&code, &city, &region, &country})
                    if (!part->empty()) asked += (asked.empty() ? "" : ", ") + *part;
                result.problems.push_back({problem_kind::place_unknown, sheet_row, bounded_text(asked)});
            }
        }
        if (rep.city.empty()) rep.city = city;
        if (rep.postal_code.empty()) rep.postal_code = code;
        if (rep.region.empty()) rep.region = region;

        // Day start: a time cell (a fraction of a day) or "08:00".
        if (const auto c = column(column_role::day_start); c && !rep.day_start_hour) {
            const cell& v = cell_at(t, row, *c);
            std::optional<double> fraction;
            if (const double* n = std::get_if<double>(&v)) {
                if (*n >= 0 && *n < 1) fraction = *n;
            } else if (const std::string text = trimmed(text_of(v)); !text.empty()) {
                fraction = parse_time_of_day(text);
            }
            if (fraction && *fraction >= 0 && *fraction < 1) {
                rep.day_start_hour = *fraction * 24.0;
            } else if (!is_blank(v)) {
                result.problems.push_back({problem_kind::unreadable_date, sheet_row, bounded_text(text_at(row, c))});
            }
        }
        // Days off: a date cell, or dates and ranges as text.
        if (const auto c = column(column_role::days_off)) {
            const cell& v = cell_at(t, row, *c);
            if (const double* n = std::get_if<double>(&v)) {
                if (const auto d = date_of_number(*n)) rep.days_off.push_back(std::floor(*d));
                else result.problems.push_back({problem_kind::unreadable_date, sheet_row, bounded_text(text_at(row, c))});
            } else if (const std::string text = trimmed(text_of(v)); !text.empty()) {
                if (const auto off = parse_days_off(text, dates.day_first)) {
                    rep.days_off.insert(rep.days_off.end(), off->begin(), off->end());
                } else {
                    result.problems.push_back({problem_kind::unreadable_date, sheet_row, bounded_text(text)});
                }
            }
        }
    }
    for (rep_base& rep : result.reps) {
        std::sort(rep.days_off.begin(), rep.days_off.end());
        rep.days_off.erase(std::unique(rep.days_off.begin(), rep.days_off.end()), rep.days_off.end());
    }
    return result;
}

std::vector<rep_base> with_rep_sheet(std::vector<rep_base> computed, const std::vector<rep_base>& sheet) {
    for (rep_base& base : computed) {
        const auto given = std::find_if(sheet.begin(), sheet.end(), [&](const rep_base& r) { return r.rep == base.rep; });
        if (given == sheet.end()) continue;
        if (given->latitude && given->longitude) {
            base.latitude = given->latitude, base.longitude = given->longitude;
            base.city = given->city, base.postal_code = given->postal_code, base.region = given->region;
        }
        if (given->day_start_hour) base.day_start_hour = given->day_start_hour;
        base.days_off = given->days_off;
    }
    return computed;
}

}  // namespace crm
