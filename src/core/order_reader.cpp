// The orders of a SQL database through any client: sample and roles, bounds, then the aggregation (order_sql.hpp).
#include "crm/order_reader.hpp"

#include <fmt/format.h>

#include "crm/calendar.hpp"
#include "crm/text_values.hpp"

namespace crm {

database_orders read_database_orders(sql_reader& db, const order_source& source, const sql_shown& shown) {
    database_orders out;
    const auto show = [&](std::string_view what, const std::string& sql, const std::vector<std::string>& parameters) {
        if (shown) shown(what, sql, parameters);
    };
    table sample;
    const std::string sample_sql = order_sample_sql(source, 200, db.dialect());
    show("the column names and a sample of lines", sample_sql, {});
    db.query(sample_sql, {},
             [&](const sql_row& row) {
                 sample.emplace_back();
                 for (const auto& value : row) sample.back().push_back(sql_sample_cell(value));
             },
             true);
    std::vector<std::string> names;
    if (!sample.empty())
        for (const cell& name : sample[0]) names.push_back(text_of(name));
    order_columns columns;
    try {
        columns = detect_order_columns(sample);
    } catch (const illegal_argument& e) {
        throw orders_refused(orders_refused::reason::no_roles, e.what(), names, sample.empty() ? 0 : sample.size() - 1);
    }
    sample.clear();

    std::optional<double> first, last, max_abs_profit;
    const std::string bounds_sql = order_bounds_sql(db.dialect(), source, columns);
    show("the first and last day, the lines read", bounds_sql, {});
    db.query(bounds_sql, {}, [&](const sql_row& row) {
        first = sql_number(row.at(0)), last = sql_number(row.at(1));
        out.lines = static_cast<std::size_t>(sql_number(row.at(2)).value_or(0));
        out.lines_read = static_cast<std::size_t>(sql_number(row.at(3)).value_or(0));
        max_abs_profit = sql_number(row.at(4));
    });
    if (!last || out.lines_read == 0)
        throw orders_refused(
            orders_refused::reason::no_lines,
            fmt::format("no order line has a readable customer id, date and amount ({} lines; dates must be DATE, "
                        "TIMESTAMP or ISO text such as 1997-01-01, amounts numbers)",
                        out.lines),
            names, out.lines);
    out.as_of = *last;
    const int latest_year = year_of(out.as_of);
    const bool profit_is_rate = max_abs_profit && *max_abs_profit <= 1;

    transactions_read orders;
    orders.mapping = columns.mapping;
    orders.has_cost = orders_have_cost(columns);
    orders.as_of = out.as_of;
    const std::string aggregate_sql = order_aggregate_sql(db.dialect(), source, columns, profit_is_rate, db.placeholders());
    const std::vector<std::string> parameters = db.placeholders() == sql_placeholders::positional
                                                    ? order_sql_positional_parameters(columns, out.as_of, latest_year)
                                                    : order_sql_parameters(out.as_of, latest_year);
    show("the per-customer aggregation", aggregate_sql, parameters);
    db.query(aggregate_sql, parameters, [&](const sql_row& row) {
        orders.customers.push_back(history_from_aggregate(row, columns, out.as_of, latest_year));
        orders.customers.back().first_row = orders.customers.size() + 1;
    });
    out.histories = orders.customers;
    out.mapping = orders.mapping;
    out.has_cost = orders.has_cost;
    out.read = customers_from_histories(std::move(orders));
    return out;
}

}  // namespace crm
