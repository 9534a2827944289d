// Customer sheet → customers (spec "Inputs"): rows that cannot be read are listed, never dropped silently.
#include "crm/customers.hpp"

#include "crm/availability.hpp"
#include "crm/gazetteer.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <unordered_map>

namespace crm {

namespace {

std::string_view kind_text(problem_kind kind) {
    switch (kind) {
    case problem_kind::empty_sheet: return "empty sheet";
    case problem_kind::no_data_rows: return "no data rows below the headers";
    case problem_kind::no_sales_column: return "no sales column";
    case problem_kind::no_customer_id_column: return "no customer id column";
    case problem_kind::no_date_column: return "no date column";
    case problem_kind::no_amount_column: return "no amount column";
    case problem_kind::unreadable_number: return "unreadable number";
    case problem_kind::unreadable_date: return "unreadable date";
    case problem_kind::error_cell: return "error cell";
    case problem_kind::missing_id: return "missing id";
    case problem_kind::missing_sales: return "missing sales, read as 0";
    case problem_kind::duplicate_id: return "duplicate id, added to the first row";
    case problem_kind::negative_sales: return "negative sales";
    case problem_kind::missing_coordinates: return "missing coordinates";
    case problem_kind::invalid_coordinates: return "coordinates out of range";
    case problem_kind::missing_date: return "missing date";
    case problem_kind::missing_amount: return "missing amount";
    case problem_kind::date_after_as_of: return "date after the analysis date";
    case problem_kind::total_row: return "row of totals, left out";
    case problem_kind::date_in_other_order: return "date in the other day/month order than its column";
    case problem_kind::returns_netted: return "return or cancellation lines netted against sales, never purchases";
    case problem_kind::unreadable_visit_days: return "visit days that name no weekdays: any day";
    case problem_kind::unreadable_opening_hours: return "opening hours that are not times: any time";
    case problem_kind::place_unknown: return "a place the gazetteer does not know: no coordinates";
    case problem_kind::place_ambiguous: return "several places of that name: the most populous taken";
    }
    return "problem";
}

std::optional<double> optional_sum(std::optional<double> a, std::optional<double> b) {
    if (!a) return b;
    if (!b) return a;
    return *a + *b;
}

void fill_text(std::string& into, const std::string& from) {
    if (into.empty()) into = from;
}

// A duplicate id is one customer written on several rows: money adds up, counts of orders, referrals and
// suggestions add up, product lines and share of wallet take the larger, the last visit the latest, and
// text fields keep the first non-blank value.
void add_duplicate(customer& into, const customer& from) {
    into.sales += from.sales;
    into.sales_previous = optional_sum(into.sales_previous, from.sales_previous);
    into.sales_before = optional_sum(into.sales_before, from.sales_before);
    into.cost = optional_sum(into.cost, from.cost);
    fill_text(into.name, from.name);
    fill_text(into.region, from.region);
    fill_text(into.city, from.city);
    fill_text(into.postal_code, from.postal_code);
    fill_text(into.address, from.address);
    fill_text(into.rep, from.rep);
    fill_text(into.country, from.country);
    if (into.opening_hours.empty()) into.opening_hours = from.opening_hours;
    if (!into.latitude || !into.longitude) {
        into.latitude = from.latitude;
        into.longitude = from.longitude;
    }
    if (from.last_visit) into.last_visit = into.last_visit ? std::max(*into.last_visit, *from.last_visit) : from.last_visit;
    for (std::size_t k = 0; k < into.signals.size(); ++k) {
        if (!from.signals[k]) continue;
        if (!into.signals[k]) into.signals[k] = from.signals[k];
        else into.signals[k] = k < 3 ? *into.signals[k] + *from.signals[k] : std::max(*into.signals[k], *from.signals[k]);
    }
}

struct row_reader {
    const table& t;
    const column_mapping& m;
    const read_options& options;
    std::vector<problem>& problems;
    std::size_t row;

    std::optional<std::size_t> column(column_role role) const {
        const auto found = m.columns.find(role);
        return found == m.columns.end() ? std::nullopt : std::optional<std::size_t>(found->second);
    }
    std::optional<double> number(column_role role, bool as_date = false) const {
        const auto c = column(role);
        return c ? detail::read_reported(t, m, row, *c, as_date, options, problems) : std::nullopt;
    }
    std::string text(column_role role) const {
        const auto c = column(role);
        if (!c) return {};
        const cell& value = cell_at(t, row, *c);
        if (std::holds_alternative<cell_error>(value))
            problems.push_back({problem_kind::error_cell, row + 1, detail::header_text(t, m, *c)});
        return text_of(value);
    }
    // Cell text is quoted at most max_quoted_chars characters long, whatever the sheet holds.
    void report(problem_kind kind, std::string_view detail) const { problems.push_back({kind, row + 1, bounded_text(detail)}); }
};

bool is_total_label(const std::string& text) {
    static const std::vector<std::string> labels = [] {
        std::vector<std::string> folded;
        for (const char* label : {"Total", "Totals", "Grand total", "Subtotal", "Sub-total", "Sum", "Totaux",
                                  "Total général", "Sous-total", "Somme", "合计", "总计", "小计", "总和", "合計"})
            folded.push_back(normalize_header(label));
        return folded;
    }();
    const std::string key = normalize_header(text);
    return std::find(labels.begin(), labels.end(), key) != labels.end();
}

// A totals row under the list would count the sales twice over: it is reported and left out. It says
// "Total" in the id column, or in the name column when its id is blank (a customer may be named Total).
std::optional<std::string> total_label(const table& t, const column_mapping& m, std::size_t row) {
    for (const column_role role : {column_role::id, column_role::name}) {
        const auto found = m.columns.find(role);
        if (found == m.columns.end()) continue;
        std::string text = text_of(cell_at(t, row, found->second));
        if (is_total_label(text)) return text;
        if (!text.empty()) return std::nullopt;
    }
    return std::nullopt;
}

// The customer of one data row; nullopt when its sales cannot be read (the problem says why).
std::optional<customer> read_row(const row_reader& in, bool rate_margin) {
    customer c;
    c.source_row = in.row + 1;
    const std::size_t sales_column = in.m.columns.at(column_role::sales);
    const cell& sales_cell = cell_at(in.t, in.row, sales_column);
    const auto sales = read_number(sales_cell, in.options.numbers);
    if (sales.status == cell_status::error_cell || sales.status == cell_status::unreadable) {
        in.number(column_role::sales);  // records the problem
        return std::nullopt;
    }
    if (sales.status == cell_status::empty) in.report(problem_kind::missing_sales, detail::header_text(in.t, in.m, sales_column));
    c.sales = sales.value;
    if (c.sales < 0) in.report(problem_kind::negative_sales, detail::header_text(in.t, in.m, sales_column) + ": " + text_of(sales_cell));

    // The id is the first identifier column; without one, or with a blank id, the sheet row number.
    if (in.column(column_role::id)) {
        c.id = in.text(column_role::id);
        if (c.id.empty() && !std::holds_alternative<cell_error>(cell_at(in.t, in.row, *in.column(column_role::id))))
            in.report(problem_kind::missing_id, detail::header_text(in.t, in.m, *in.column(column_role::id)));
    }
    if (c.id.empty()) c.id = std::to_string(c.source_row);
    c.name = in.text(column_role::name);
    c.region = in.text(column_role::region);
    c.city = in.text(column_role::city);
    c.postal_code = in.text(column_role::postal_code);
    c.address = in.text(column_role::address);
    c.rep = in.text(column_role::rep);
    c.country = in.text(column_role::country);
    if (const auto column = in.column(column_role::visit_days)) {
        const std::string text = in.text(column_role::visit_days);
        if (!text.empty()) {
            if (const auto days = parse_weekdays(text)) c.visit_days = *days;
            else in.report(problem_kind::unreadable_visit_days, detail::header_text(in.t, in.m, *column) + ": " + text);
        }
    }
    if (const auto column = in.column(column_role::opening_hours)) {
        const std::string text = in.text(column_role::opening_hours);
        if (!text.empty()) {
            if (const auto hours = parse_opening_hours(text)) c.opening_hours = *hours;
            else in.report(problem_kind::unreadable_opening_hours, detail::header_text(in.t, in.m, *column) + ": " + text);
        }
    }
    c.sales_previous = in.number(column_role::sales_previous);
    c.sales_before = in.number(column_role::sales_before);
    c.cost = in.number(column_role::cost);
    if (!in.column(column_role::cost)) {
        if (const auto margin = in.number(column_role::margin))
            c.cost = rate_margin ? c.sales * (1 - *margin) : c.sales - *margin;
    }
    c.last_visit = in.number(column_role::last_visit, true);
    const std::array<column_role, 5> signal_roles = {column_role::orders, column_role::referrals, column_role::suggestions,
                                                     column_role::product_lines, column_role::share_of_wallet};
    for (std::size_t k = 0; k < signal_roles.size(); ++k) c.signals[k] = in.number(signal_roles[k]);

    // Coordinates come in pairs within their ranges; a customer without them is still planned by region
    // and city (spec "The visit schedule"), and the missing pair is reported so the user can add it.
    if (in.column(column_role::latitude) || in.column(column_role::longitude)) {
        c.latitude = in.number(column_role::latitude);
        c.longitude = in.number(column_role::longitude);
        if ((c.latitude && std::fabs(*c.latitude) > 90) || (c.longitude && std::fabs(*c.longitude) > 180)) {
            in.report(problem_kind::invalid_coordinates,
                      text_of(cell_at(in.t, in.row, in.column(column_role::latitude).value_or(0))) + ", " +
                          text_of(cell_at(in.t, in.row, in.column(column_role::longitude).value_or(0))));
            c.latitude = c.longitude = std::nullopt;
        } else if (!c.latitude || !c.longitude) {
            in.report(problem_kind::missing_coordinates, c.id);
            c.latitude = c.longitude = std::nullopt;
        }
        if (c.latitude && c.longitude) c.located = coordinates_source::sheet;
    }
    return c;
}

}  // namespace

std::string describe(const problem& p) {
    std::string text(kind_text(p.kind));
    if (!p.detail.empty()) text += " — " + bounded_text(p.detail);
    if (p.first_row > 0) text += " (first at row " + std::to_string(p.first_row) + ")";
    return text;
}

problem_list limit_problems(const std::vector<problem>& problems, std::size_t per_kind) {
    problem_list out;
    std::map<problem_kind, std::size_t> seen;
    for (const problem& p : problems) {
        const std::size_t n = ++seen[p.kind];
        if (n <= per_kind) {
            out.listed.push_back(p);
        } else if (n == per_kind + 1) {
            out.more.emplace_back(p.kind, 1);
        } else {
            for (auto& [kind, count] : out.more)
                if (kind == p.kind) ++count;
        }
    }
    return out;
}

namespace detail {

bool margin_is_rate(const table& t, const column_mapping& m, const read_options& options) {
    const auto found = m.columns.find(column_role::margin);
    if (found == m.columns.end()) return false;
    for (std::size_t r = m.header_row + 1; r < t.size(); ++r) {
        const auto value = read_number(cell_at(t, r, found->second), options.numbers);
        if (value.status == cell_status::value && std::fabs(value.value) > 1) return false;
    }
    return true;
}

bool is_empty_table(const table& t) {
    return std::all_of(t.begin(), t.end(), [](const auto& row) { return is_blank_row(row); });
}

column_mapping mapping_with_overrides(const table& t, sheet_kind kind, const read_options& options) {
    column_mapping m = detect_columns(t, kind);
    if (options.header_row) m.header_row = *options.header_row;
    for (const auto& [role, column] : options.columns) {
        m.columns[role] = column;
        if (role == column_role::sales || role == column_role::sales_previous || role == column_role::sales_before)
            m.sales_by_year.clear();  // the user's choice replaces the yearly columns found
    }
    for (const column_role role : options.absent) {
        m.columns.erase(role);
        if (role == column_role::sales || role == column_role::sales_previous || role == column_role::sales_before)
            m.sales_by_year.clear();
    }
    return m;
}

std::string header_text(const table& t, const column_mapping& m, std::size_t column) {
    std::string text = text_of(cell_at(t, m.header_row, column));
    if (!text.empty()) return bounded_text(text, max_quoted_chars / 2);
    std::string letters;  // no header: the column's letters, as Calc shows them
    for (std::size_t n = column + 1; n > 0; n = (n - 1) / 26) letters.insert(letters.begin(), static_cast<char>('A' + (n - 1) % 26));
    return letters;
}

std::optional<double> read_reported(const table& t, const column_mapping& m, std::size_t row, std::size_t column,
                                    bool as_date, const read_options& options, std::vector<problem>& problems) {
    const cell& c = cell_at(t, row, column);
    date_style dates = options.dates;
    if (const auto decided = m.day_first_columns.find(column); as_date && decided != m.day_first_columns.end())
        dates = {decided->second, true};
    const cell_reading r = as_date ? read_date(c, dates) : read_number(c, options.numbers);
    switch (r.status) {
    case cell_status::value: return r.value;
    case cell_status::empty: return std::nullopt;
    case cell_status::error_cell:
        problems.push_back({problem_kind::error_cell, row + 1, header_text(t, m, column)});
        return std::nullopt;
    case cell_status::unreadable: {
        // In a column whose values decided the order, a date that reads the other way is said to be so.
        const bool other_order = as_date && dates.decided && read_date(c, {!dates.day_first, true}).status == cell_status::value;
        problems.push_back({other_order ? problem_kind::date_in_other_order
                                        : as_date ? problem_kind::unreadable_date : problem_kind::unreadable_number,
                            row + 1, bounded_text(header_text(t, m, column) + ": " + text_of(c))});
        return std::nullopt;
    }
    }
    return std::nullopt;
}

}  // namespace detail

customer_read read_customers(const table& t, const read_options& options) {
    customer_read out;
    if (detail::is_empty_table(t)) {
        out.problems.push_back({problem_kind::empty_sheet, 0, {}});
        return out;
    }
    out.mapping = detail::mapping_with_overrides(t, sheet_kind::customers, options);
    const column_mapping& m = out.mapping;
    if (!m.columns.count(column_role::sales)) {
        out.problems.push_back({problem_kind::no_sales_column, m.header_row + 1, {}});
        return out;
    }
    const bool rate_margin = detail::margin_is_rate(t, m, options);
    std::unordered_map<std::string, std::size_t> index_of_id;
    std::size_t data_rows = 0;
    for (std::size_t r = m.header_row + 1; r < t.size(); ++r) {
        if (is_blank_row(t[r])) continue;  // not a row of data
        ++data_rows;
        const row_reader in{t, m, options, out.problems, r};
        if (const auto label = total_label(t, m, r)) {
            in.report(problem_kind::total_row, *label);
            continue;
        }
        auto c = read_row(in, rate_margin);
        if (!c) continue;
        const auto [at, inserted] = index_of_id.emplace(c->id, out.customers.size());
        if (inserted) {
            out.customers.push_back(std::move(*c));
            continue;
        }
        customer& first = out.customers[at->second];
        in.problems.push_back({problem_kind::duplicate_id, in.row + 1, c->id, first.source_row});
        add_duplicate(first, *c);
    }
    if (data_rows == 0) out.problems.push_back({problem_kind::no_data_rows, m.header_row + 1, {}});
    std::stable_sort(out.problems.begin(), out.problems.end(), [](const problem& a, const problem& b) { return a.row < b.row; });
    return out;
}

void place_customers(customer_read& read) {
    // Customers of one town share a lookup.
    std::map<std::string, std::optional<place_match>> known;
    std::vector<std::size_t> placed_rows;
    for (customer& c : read.customers) {
        if (c.latitude && c.longitude) continue;
        if (c.city.empty() && c.postal_code.empty()) continue;  // nothing to look up
        const std::string key = c.city + '\x1f' + c.postal_code + '\x1f' + c.region + '\x1f' + c.country;
        auto found = known.find(key);
        if (found == known.end())
            found = known.emplace(key, find_place({c.city, c.postal_code, c.region, c.country})).first;
        std::string asked = c.city;
        for (const std::string* part : {&c.postal_code, &c.region, &c.country})
            if (!part->empty()) asked += (asked.empty() ? "" : ", ") + *part;
        const auto& match = found->second;
        if (!match) {
            read.problems.push_back({problem_kind::place_unknown, c.source_row, bounded_text(asked)});
            continue;
        }
        c.latitude = match->latitude;
        c.longitude = match->longitude;
        c.located = match->precision == place_precision::postal_code || !match->postal_code.empty()
                        ? coordinates_source::postal_code
                        : coordinates_source::city;
        placed_rows.push_back(c.source_row);
        if (match->ambiguous)
            read.problems.push_back({problem_kind::place_ambiguous, c.source_row,
                                     bounded_text(asked + " → " + match->name + (match->region.empty() ? "" : ", " + match->region) +
                                                  " (" + match->country + ")")});
    }
    // A customer placed from his town no longer misses his coordinates.
    std::sort(placed_rows.begin(), placed_rows.end());
    read.problems.erase(std::remove_if(read.problems.begin(), read.problems.end(),
                                       [&](const problem& p) {
                                           return p.kind == problem_kind::missing_coordinates &&
                                                  std::binary_search(placed_rows.begin(), placed_rows.end(), p.row);
                                       }),
                        read.problems.end());
    // Problems in row order, as the reader gives them.
    std::stable_sort(read.problems.begin(), read.problems.end(), [](const problem& a, const problem& b) { return a.row < b.row; });
}

}  // namespace crm
