// Order logs → per-customer history (spec "Inputs" and "Order logs as shops export them"), with the BG/NBD
// summary of Fader, Hardie & Lee (2005) as the `lifetimes` library computes it.
#include "crm/transactions.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <numeric>
#include <set>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

#include "crm/error.hpp"

namespace crm {

namespace {

// One readable line of the log.
struct line {
    std::size_t customer;  // index in order of first appearance
    double day;            // Calc serial of the line's day (time of day dropped)
    double amount;         // purchases ≥ 0; returns and cancellations < 0
    double cost;           // the line's cost, signed like its amount (0 when the log has none)
    std::size_t invoice;   // index of the line's invoice among all invoices; npos without an invoice
    bool is_return;
};

constexpr std::size_t no_invoice = static_cast<std::size_t>(-1);

// What the log says of a customer, kept from the latest line (by date, then row) where it is not blank.
struct latest_text {
    std::string value;
    double day = -1e300;
    std::size_t row = 0;
    void offer(std::string text, double when, std::size_t r) {
        if (text.empty() || std::tie(when, r) < std::tie(day, row)) return;
        value = std::move(text), day = when, row = r;
    }
};
struct customer_texts {
    latest_text name, region, city, postal_code, address, rep, country;
};

// Spec: a line with a negative quantity or amount, or whose invoice id is a cancellation ("C536379" in the
// UCI Online Retail log: C followed by the number of the invoice cancelled), is a return or cancellation.
bool is_cancellation_invoice(const std::string& invoice) {
    return invoice.size() >= 2 && (invoice[0] == 'C' || invoice[0] == 'c') &&
           std::isdigit(static_cast<unsigned char>(invoice[1]));
}

// One customer's lines, sorted by day. The models count purchase days (Fader, Hardie & Lee's CDNOW summary:
// several orders on one day are one purchase): x is the purchase days after the first, t_x and T are
// measured from the first purchase day, and the monetary value is the mean of the repeat days' totals, the
// first day left out. The frequency counts purchase occasions: invoices, or days without an invoice column.
// Returns and cancellations only net the year's sales and cost.
customer_history summarize(std::string id, const line* begin, const line* end, double as_of, double unit) {
    customer_history h;
    h.id = std::move(id);
    std::unordered_set<std::size_t> invoices;
    std::vector<std::pair<double, double>> days;  // purchase day, its total
    for (const line* l = begin; l != end; ++l) {
        const int year = year_of(l->day);
        h.sales_by_year[year] += l->amount;
        h.cost_by_year[year] += l->cost;
        if (l->is_return) {
            ++h.returns;
            continue;
        }
        ++h.orders;
        if (l->invoice != no_invoice) invoices.insert(l->invoice);
        if (days.empty() || days.back().first != l->day) days.emplace_back(l->day, 0.0);
        days.back().second += l->amount;
    }
    if (days.empty()) {  // only returns: no purchase history, the sales carry the returns
        h.T = h.t_x = 0;
        h.recency_days = as_of - begin->day;
        return h;
    }
    const double first_day = days.front().first, last_day = days.back().first;
    double total = 0, repeat_total = 0;
    for (std::size_t k = 0; k < days.size(); ++k) {
        total += days[k].second;
        if (k > 0) repeat_total += days[k].second;
    }
    h.x = static_cast<double>(days.size() - 1);
    h.purchase_days.reserve(days.size());
    for (const auto& d : days) h.purchase_days.push_back(d.first);
    h.t_x = (last_day - first_day) / unit;
    h.T = (as_of - first_day) / unit;
    h.recency_days = as_of - last_day;
    h.frequency = static_cast<double>(invoices.empty() ? days.size() : invoices.size());
    h.monetary = days.size() > 1 ? repeat_total / h.x : 0;
    h.average_order_value = total / h.frequency;
    return h;
}

std::optional<std::size_t> column_of(const column_mapping& m, column_role role) {
    const auto found = m.columns.find(role);
    return found == m.columns.end() ? std::nullopt : std::optional<std::size_t>(found->second);
}

// The log's amount: its amount column, else quantity × unit price (the invoice-line layout).
bool has_amount(const column_mapping& m) {
    return m.columns.count(column_role::amount) ||
           (m.columns.count(column_role::quantity) && m.columns.count(column_role::unit_price));
}

}  // namespace

transactions_read aggregate_transactions(const table& t, double as_of_date, const read_options& options,
                                         double time_unit_days) {
    require(std::isfinite(as_of_date), "aggregate_transactions: the analysis date must be a finite Calc date");
    require(std::isfinite(time_unit_days) && time_unit_days > 0, "aggregate_transactions: the time unit must be > 0 days");
    transactions_read out;
    out.as_of = as_of_date;
    if (detail::is_empty_table(t)) {
        out.problems.push_back({problem_kind::empty_sheet, 0, {}});
        return out;
    }
    out.mapping = detail::mapping_with_overrides(t, sheet_kind::transactions, options);
    const column_mapping& m = out.mapping;
    const auto id_column = column_of(m, column_role::customer_id);
    const auto date_column = column_of(m, column_role::date);
    const auto amount_column = column_of(m, column_role::amount);
    const auto quantity_column = column_of(m, column_role::quantity);
    const auto price_column = column_of(m, column_role::unit_price);
    const auto cost_column = column_of(m, column_role::cost);
    const auto profit_column = cost_column ? std::nullopt : column_of(m, column_role::margin);
    const auto invoice_column = column_of(m, column_role::invoice);
    if (!id_column) out.problems.push_back({problem_kind::no_customer_id_column, m.header_row + 1, {}});
    if (!date_column) out.problems.push_back({problem_kind::no_date_column, m.header_row + 1, {}});
    if (!has_amount(m)) out.problems.push_back({problem_kind::no_amount_column, m.header_row + 1, {}});
    if (!id_column || !date_column || !has_amount(m)) return out;
    out.has_cost = cost_column || profit_column;
    const bool profit_is_rate = profit_column && detail::margin_is_rate(t, m, options);

    std::vector<line> lines;
    lines.reserve(t.size());
    std::vector<std::string> ids;
    std::vector<std::size_t> first_rows;  // 1-based sheet row of each customer's first line
    std::vector<customer_texts> texts;
    std::unordered_map<std::string, std::size_t> index_of_id, index_of_invoice;
    std::size_t data_rows = 0, return_lines = 0;
    const auto text_at = [&](std::size_t r, column_role role) {
        const auto c = column_of(m, role);
        return c ? text_of(cell_at(t, r, *c)) : std::string();
    };
    for (std::size_t r = m.header_row + 1; r < t.size(); ++r) {
        if (is_blank_row(t[r])) continue;  // not a row of data
        ++data_rows;
        const std::size_t problems_before = out.problems.size();
        const auto read = [&](std::size_t column, bool as_date) {
            const auto value = detail::read_reported(t, m, r, column, as_date, options, out.problems);
            if (!value && is_blank(cell_at(t, r, column)))
                out.problems.push_back({as_date ? problem_kind::missing_date : problem_kind::missing_amount, r + 1,
                                        detail::header_text(t, m, column)});
            return value;
        };
        const cell& id_cell = cell_at(t, r, *id_column);
        std::string id = text_of(id_cell);
        if (std::holds_alternative<cell_error>(id_cell))
            out.problems.push_back({problem_kind::error_cell, r + 1, detail::header_text(t, m, *id_column)});
        else if (id.empty())
            out.problems.push_back({problem_kind::missing_id, r + 1, detail::header_text(t, m, *id_column)});
        const auto date = read(*date_column, true);
        std::optional<double> amount;
        if (amount_column) {
            amount = read(*amount_column, false);
        } else {
            const auto quantity = read(*quantity_column, false);
            const auto price = read(*price_column, false);
            if (quantity && price) amount = *quantity * *price;
        }
        std::optional<double> cost;
        if (cost_column) cost = detail::read_reported(t, m, r, *cost_column, false, options, out.problems);
        if (profit_column)
            if (const auto profit = detail::read_reported(t, m, r, *profit_column, false, options, out.problems); profit && amount)
                cost = profit_is_rate ? *amount * (1 - *profit) : *amount - *profit;
        if (out.problems.size() != problems_before) continue;
        const double day = std::floor(*date);
        if (day > as_of_date) {
            out.problems.push_back({problem_kind::date_after_as_of, r + 1, text_of(cell_at(t, r, *date_column))});
            continue;
        }
        const std::string invoice = text_at(r, column_role::invoice);
        const bool is_return = *amount < 0 || (quantity_column && read_number(cell_at(t, r, *quantity_column), options.numbers).value < 0) ||
                               is_cancellation_invoice(invoice);
        const auto [at, inserted] = index_of_id.emplace(std::move(id), ids.size());
        if (inserted) ids.push_back(at->first), first_rows.push_back(r + 1), texts.emplace_back();
        const std::size_t customer = at->second;
        std::size_t invoice_index = no_invoice;
        if (invoice_column && !invoice.empty() && !is_return)
            invoice_index = index_of_invoice.emplace(std::to_string(customer) + '\x1f' + invoice, index_of_invoice.size())
                                .first->second;
        const double signed_amount = is_return ? -std::fabs(*amount) : *amount;
        const double signed_cost = cost ? (is_return ? -std::fabs(*cost) : *cost) : 0.0;
        lines.push_back({customer, day, signed_amount, signed_cost, invoice_index, is_return});
        return_lines += is_return;
        customer_texts& known = texts[customer];
        known.name.offer(text_at(r, column_role::name), day, r);
        known.region.offer(text_at(r, column_role::region), day, r);
        known.city.offer(text_at(r, column_role::city), day, r);
        known.postal_code.offer(text_at(r, column_role::postal_code), day, r);
        known.country.offer(text_at(r, column_role::country), day, r);
        known.address.offer(text_at(r, column_role::address), day, r);
        known.rep.offer(text_at(r, column_role::rep), day, r);
    }
    if (data_rows == 0) out.problems.push_back({problem_kind::no_data_rows, m.header_row + 1, {}});
    if (return_lines > 0) out.problems.push_back({problem_kind::returns_netted, 0, std::to_string(return_lines)});

    // Sorting by customer then day is the one O(n log n) step; each customer is then one run of lines.
    std::stable_sort(lines.begin(), lines.end(), [](const line& a, const line& b) {
        return a.customer != b.customer ? a.customer < b.customer : a.day < b.day;
    });
    out.customers.reserve(ids.size());
    for (std::size_t begin = 0; begin < lines.size();) {
        std::size_t end = begin;
        while (end < lines.size() && lines[end].customer == lines[begin].customer) ++end;
        const std::size_t customer = lines[begin].customer;
        customer_history h = summarize(std::move(ids[customer]), lines.data() + begin, lines.data() + end, as_of_date,
                                       time_unit_days);
        h.first_row = first_rows[customer];
        customer_texts& known = texts[customer];
        h.name = std::move(known.name.value);
        h.region = std::move(known.region.value);
        h.city = std::move(known.city.value);
        h.postal_code = std::move(known.postal_code.value);
        h.country = std::move(known.country.value);
        h.address = std::move(known.address.value);
        h.rep = std::move(known.rep.value);
        if (!out.has_cost) h.cost_by_year.clear();
        out.customers.push_back(std::move(h));
        begin = end;
    }
    std::stable_sort(out.problems.begin(), out.problems.end(), [](const problem& a, const problem& b) { return a.row < b.row; });
    return out;
}

bool is_transactions_sheet(const table& t, const read_options& options) {
    if (detail::is_empty_table(t)) return false;
    const column_mapping m = detail::mapping_with_overrides(t, sheet_kind::transactions, options);
    return m.columns.count(column_role::customer_id) && m.columns.count(column_role::date) && has_amount(m);
}

bool is_order_log(const table& t, const read_options& options) {
    if (!is_transactions_sheet(t, options)) return false;
    const column_mapping m = detail::mapping_with_overrides(t, sheet_kind::transactions, options);
    const std::size_t id_column = m.columns.at(column_role::customer_id);
    std::unordered_set<std::string> seen;
    std::size_t rows = 0, repeats = 0;
    for (std::size_t r = m.header_row + 1; r < t.size(); ++r) {
        std::string id = text_of(cell_at(t, r, id_column));
        if (id.empty()) continue;
        ++rows;
        repeats += !seen.insert(std::move(id)).second;
    }
    return repeats * 10 > rows;
}

customer_read customers_from_orders(const table& t, const read_options& options) {
    customer_read out;
    const auto as_of = latest_order_date(t, options);
    if (!as_of) {
        out.problems.push_back({detail::is_empty_table(t) ? problem_kind::empty_sheet : problem_kind::no_data_rows, 0, {}});
        return out;
    }
    return customers_from_histories(aggregate_transactions(t, *as_of, options));
}

customer_read customers_from_histories(transactions_read orders) {
    customer_read out;
    out.problems = std::move(orders.problems);
    std::set<int> years;  // the years the log holds at all
    for (const auto& h : orders.customers)
        for (const auto& [year, amount] : h.sales_by_year) years.insert(year);
    if (years.empty()) return out;
    const int latest = *years.rbegin();
    const column_mapping& m = orders.mapping;
    // The sales columns are the log's money column (the amount, or the quantity when the log has none).
    const std::size_t amount_column =
        m.columns.count(column_role::amount) ? m.columns.at(column_role::amount) : m.columns.at(column_role::quantity);
    for (int year = latest - 2; year <= latest; ++year)
        if (years.count(year)) out.mapping.sales_by_year.emplace_back(year, amount_column);
    out.mapping.header_row = m.header_row;
    out.mapping.day_first_columns = m.day_first_columns;
    out.mapping.notes = m.notes;
    for (const column_role role : {column_role::name, column_role::region, column_role::city, column_role::postal_code,
                                   column_role::address, column_role::rep, column_role::country})
        if (const auto c = column_of(m, role)) out.mapping.columns.emplace(role, *c);
    const auto sales_in = [&](const customer_history& h, int year) -> std::optional<double> {
        if (!years.count(year)) return std::nullopt;  // the log does not reach that year
        const auto found = h.sales_by_year.find(year);
        return found == h.sales_by_year.end() ? 0.0 : found->second;
    };
    out.customers.reserve(orders.customers.size());
    for (auto& h : orders.customers) {
        customer c;
        c.id = h.id;
        c.name = std::move(h.name);
        c.region = std::move(h.region);
        c.city = std::move(h.city);
        c.postal_code = std::move(h.postal_code);
        c.country = std::move(h.country);
        c.address = std::move(h.address);
        c.rep = std::move(h.rep);
        if (h.frequency > 0) c.last_order = orders.as_of - h.recency_days;  // his last purchase occasion's day
        c.sales = *sales_in(h, latest);
        c.sales_previous = sales_in(h, latest - 1);
        c.sales_before = sales_in(h, latest - 2);
        if (orders.has_cost) {
            const auto found = h.cost_by_year.find(latest);
            c.cost = found == h.cost_by_year.end() ? 0.0 : found->second;
        }
        c.source_row = h.first_row;
        out.customers.push_back(std::move(c));
    }
    return out;
}

std::optional<double> latest_order_date(const table& t, const read_options& options) {
    if (!is_transactions_sheet(t, options)) return std::nullopt;
    const column_mapping m = detail::mapping_with_overrides(t, sheet_kind::transactions, options);
    const std::size_t date_column = m.columns.at(column_role::date);
    date_style dates = options.dates;
    if (const auto decided = m.day_first_columns.find(date_column); decided != m.day_first_columns.end())
        dates = {decided->second, true};
    std::optional<double> latest;
    for (std::size_t r = m.header_row + 1; r < t.size(); ++r) {
        const cell_reading date = read_date(cell_at(t, r, date_column), dates);
        if (date.status == cell_status::value && (!latest || date.value > *latest)) latest = std::floor(date.value);
    }
    return latest;
}

}  // namespace crm
