// Transactions → per-customer history (spec "Inputs": transactions sheet), with the BG/NBD summary of
// Fader, Hardie & Lee (2005) as the `lifetimes` library computes it.
#include "crm/transactions.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "crm/error.hpp"

namespace crm {

namespace {

struct order {
    std::size_t customer;  // index in order of first appearance
    double day;            // Calc serial of the order's day (time of day dropped)
    double amount;
};

// One customer's orders, sorted by day. Orders on the same day are one purchase (BG/NBD counts purchase
// occasions, not lines); x counts the purchase days after the first, t_x and T are measured from the first
// purchase day, and the monetary value is the mean of the repeat days' totals, the first day left out.
customer_history summarize(std::string id, const order* begin, const order* end, double as_of, double unit) {
    customer_history h;
    h.id = std::move(id);
    h.orders = static_cast<std::size_t>(end - begin);
    h.frequency = static_cast<double>(h.orders);
    const double first_day = begin->day;
    double last_day = first_day, total = 0, repeat_total = 0;
    std::size_t days = 0;
    for (const order* o = begin; o != end; ++o) {
        if (o == begin || o->day != last_day) ++days;
        if (o->day != first_day) repeat_total += o->amount;
        last_day = o->day;
        total += o->amount;
        h.sales_by_year[year_of(o->day)] += o->amount;
    }
    h.x = static_cast<double>(days - 1);
    h.t_x = (last_day - first_day) / unit;
    h.T = (as_of - first_day) / unit;
    h.recency_days = as_of - last_day;
    h.monetary = days > 1 ? repeat_total / h.x : 0;
    h.average_order_value = total / h.frequency;
    return h;
}

}  // namespace

transactions_read aggregate_transactions(const table& t, double as_of_date, const read_options& options,
                                         double time_unit_days) {
    require(std::isfinite(as_of_date), "aggregate_transactions: the analysis date must be a finite Calc date");
    require(std::isfinite(time_unit_days) && time_unit_days > 0, "aggregate_transactions: the time unit must be > 0 days");
    transactions_read out;
    if (detail::is_empty_table(t)) {
        out.problems.push_back({problem_kind::empty_sheet, 0, {}});
        return out;
    }
    const column_mapping m = detail::mapping_with_overrides(t, sheet_kind::transactions, options);
    const auto column = [&](column_role role) {
        const auto found = m.columns.find(role);
        return found == m.columns.end() ? std::optional<std::size_t>() : std::optional<std::size_t>(found->second);
    };
    const auto id_column = column(column_role::customer_id);
    const auto date_column = column(column_role::date);
    const auto amount_column = column(column_role::amount);
    if (!id_column) out.problems.push_back({problem_kind::no_customer_id_column, m.header_row + 1, {}});
    if (!date_column) out.problems.push_back({problem_kind::no_date_column, m.header_row + 1, {}});
    if (!amount_column) out.problems.push_back({problem_kind::no_amount_column, m.header_row + 1, {}});
    if (!id_column || !date_column || !amount_column) return out;

    std::vector<order> orders;
    orders.reserve(t.size());
    std::vector<std::string> ids;
    std::vector<std::size_t> first_rows;  // 1-based sheet row of each customer's first order
    std::unordered_map<std::string, std::size_t> index_of_id;
    std::size_t data_rows = 0;
    for (std::size_t r = m.header_row + 1; r < t.size(); ++r) {
        if (is_blank_row(t[r])) continue;  // not a row of data
        ++data_rows;
        const std::size_t problems_before = out.problems.size();
        const cell& id_cell = cell_at(t, r, *id_column);
        std::string id = text_of(id_cell);
        if (std::holds_alternative<cell_error>(id_cell))
            out.problems.push_back({problem_kind::error_cell, r + 1, detail::header_text(t, m, *id_column)});
        else if (id.empty())
            out.problems.push_back({problem_kind::missing_id, r + 1, detail::header_text(t, m, *id_column)});
        const auto date = detail::read_reported(t, m, r, *date_column, true, options, out.problems);
        const auto amount = detail::read_reported(t, m, r, *amount_column, false, options, out.problems);
        if (!date && is_blank(cell_at(t, r, *date_column)))
            out.problems.push_back({problem_kind::missing_date, r + 1, detail::header_text(t, m, *date_column)});
        if (!amount && is_blank(cell_at(t, r, *amount_column)))
            out.problems.push_back({problem_kind::missing_amount, r + 1, detail::header_text(t, m, *amount_column)});
        if (out.problems.size() != problems_before) continue;
        const double day = std::floor(*date);
        if (day > as_of_date) {
            out.problems.push_back({problem_kind::date_after_as_of, r + 1, text_of(cell_at(t, r, *date_column))});
            continue;
        }
        const auto [at, inserted] = index_of_id.emplace(std::move(id), ids.size());
        if (inserted) ids.push_back(at->first), first_rows.push_back(r + 1);
        orders.push_back({at->second, day, *amount});
    }
    if (data_rows == 0) out.problems.push_back({problem_kind::no_data_rows, m.header_row + 1, {}});

    // Sorting by customer then day is the one O(n log n) step; each customer is then one run of orders.
    std::sort(orders.begin(), orders.end(), [](const order& a, const order& b) {
        return a.customer != b.customer ? a.customer < b.customer : a.day < b.day;
    });
    out.customers.reserve(ids.size());
    for (std::size_t begin = 0; begin < orders.size();) {
        std::size_t end = begin;
        while (end < orders.size() && orders[end].customer == orders[begin].customer) ++end;
        const std::size_t customer = orders[begin].customer;
        out.customers.push_back(summarize(std::move(ids[customer]), orders.data() + begin, orders.data() + end,
                                          as_of_date, time_unit_days));
        out.customers.back().first_row = first_rows[customer];
        begin = end;
    }
    std::stable_sort(out.problems.begin(), out.problems.end(), [](const problem& a, const problem& b) { return a.row < b.row; });
    return out;
}

bool is_transactions_sheet(const table& t, const read_options& options) {
    if (detail::is_empty_table(t)) return false;
    const column_mapping m = detail::mapping_with_overrides(t, sheet_kind::transactions, options);
    return m.columns.count(column_role::customer_id) && m.columns.count(column_role::date) &&
           m.columns.count(column_role::amount);
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
    transactions_read orders = aggregate_transactions(t, *as_of, options);
    out.problems = std::move(orders.problems);
    std::set<int> years;  // the years the log holds at all
    for (const auto& h : orders.customers)
        for (const auto& [year, amount] : h.sales_by_year) years.insert(year);
    if (years.empty()) return out;
    const int latest = *years.rbegin();
    const column_mapping m = detail::mapping_with_overrides(t, sheet_kind::transactions, options);
    const std::size_t amount_column = m.columns.at(column_role::amount);
    for (int year = latest - 2; year <= latest; ++year)
        if (years.count(year)) out.mapping.sales_by_year.emplace_back(year, amount_column);
    out.mapping.header_row = m.header_row;
    const auto sales_in = [&](const customer_history& h, int year) -> std::optional<double> {
        if (!years.count(year)) return std::nullopt;  // the log does not reach that year
        const auto found = h.sales_by_year.find(year);
        return found == h.sales_by_year.end() ? 0.0 : found->second;
    };
    out.customers.reserve(orders.customers.size());
    for (const auto& h : orders.customers) {
        customer c;
        c.id = h.id;
        c.name = h.id;
        c.sales = *sales_in(h, latest);
        c.sales_previous = sales_in(h, latest - 1);
        c.sales_before = sales_in(h, latest - 2);
        c.source_row = h.first_row;
        out.customers.push_back(std::move(c));
    }
    return out;
}

std::optional<double> latest_order_date(const table& t, const read_options& options) {
    if (!is_transactions_sheet(t, options)) return std::nullopt;
    const column_mapping m = detail::mapping_with_overrides(t, sheet_kind::transactions, options);
    const std::size_t date_column = m.columns.at(column_role::date);
    std::optional<double> latest;
    for (std::size_t r = m.header_row + 1; r < t.size(); ++r) {
        const cell_reading date = read_date(cell_at(t, r, date_column), options.dates);
        if (date.status == cell_status::value && (!latest || date.value > *latest)) latest = std::floor(date.value);
    }
    return latest;
}

}  // namespace crm
