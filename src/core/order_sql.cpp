// Order lines in a SQL database → one aggregation statement → the customer histories aggregate_transactions
// makes from the same lines (spec wizard.md "Orders from a database"). Identifiers are quoted, values bound.
#include "crm/order_sql.hpp"

#include <cctype>
#include <charconv>
#include <cmath>
#include <fmt/format.h>

#include "crm/error.hpp"
#include "crm/text_values.hpp"

namespace crm {

namespace {

std::optional<std::size_t> column_of(const column_mapping& m, column_role role) {
    const auto found = m.columns.find(role);
    return found == m.columns.end() ? std::nullopt : std::optional<std::size_t>(found->second);
}

// The quoted name of the column with `role`, if the source has one.
std::optional<std::string> column_sql(const order_columns& c, column_role role) {
    const auto at = column_of(c.mapping, role);
    if (!at) return std::nullopt;
    return quote_identifier(c.names.at(*at));
}

// A number of the line, NULL when the database holds something else (SQLite keeps any value in any column).
std::string number_sql(sql_dialect dialect, const std::string& column) {
    if (dialect == sql_dialect::firebird) return fmt::format("CAST({} AS DOUBLE PRECISION)", column);  // NUMERIC has scale 0
    if (dialect == sql_dialect::sqlite)
        return fmt::format("(CASE WHEN typeof({0}) IN ('integer', 'real') THEN CAST({0} AS REAL) END)", column);
    // NUMERIC: PostgreSQL sums money exactly, in any order (DOUBLE PRECISION sums would round differently by order).
    return fmt::format("CAST({} AS NUMERIC)", column);
}

// The line's day as a Calc serial (day 0 = 1899-12-30), the time of day dropped: a DATE or TIMESTAMP column,
// or ISO text ('1997-01-01', '1997-01-01 10:30'); SQLite reads a number as a Julian day, so a number is NULL.
std::string day_sql(sql_dialect dialect, const std::string& column) {
    if (dialect == sql_dialect::sqlite)
        return fmt::format("(CASE WHEN typeof({0}) = 'text' THEN CAST(julianday(date({0})) - 2415018.5 AS INTEGER) END)",
                           column);
    if (dialect == sql_dialect::firebird)
        return fmt::format("CAST(CAST({} AS DATE) - DATE '1899-12-30' AS INTEGER)", column);
    return fmt::format("(CAST({} AS DATE) - DATE '1899-12-30')", column);
}

// Firebird has no TEXT type: a VARCHAR long enough for an id or a name.
std::string text_sql(sql_dialect dialect, const std::string& column) {
    if (dialect == sql_dialect::firebird) return fmt::format("CAST({} AS VARCHAR(1000))", column);
    return fmt::format("CAST({} AS TEXT)", column);
}

// The first character of a text (Firebird has no substr).
std::string first_char_sql(sql_dialect dialect, const std::string& text, int at) {
    if (dialect == sql_dialect::firebird) return fmt::format("SUBSTRING({} FROM {} FOR 1)", text, at);
    return fmt::format("substr({}, {}, 1)", text, at);
}

std::string null_number_sql(sql_dialect dialect) {
    return dialect == sql_dialect::firebird ? "CAST(NULL AS DOUBLE PRECISION)" : "CAST(NULL AS REAL)";
}

// A bound parameter, numbered from 1: $1 for PostgreSQL, ?1 for SQLite, "?" where they are positional (SDBC);
// cast so every database reads it as a number.
std::string parameter(sql_dialect dialect, int n, sql_placeholders placeholders) {
    if (placeholders == sql_placeholders::positional) return "CAST(? AS INTEGER)";
    return fmt::format("CAST({}{} AS INTEGER)", dialect == sql_dialect::sqlite ? "?" : "$", n);
}

std::string source_sql(const order_source& source) {
    if (!source.sql.empty()) {
        std::string_view sql = source.sql;
        while (!sql.empty() && (sql.back() == ';' || std::isspace(static_cast<unsigned char>(sql.back()))))
            sql.remove_suffix(1);  // a statement's own semicolon would end the subquery
        return fmt::format("(\n{}\n) AS \"crm_source\"", sql);
    }
    return quote_table_name(source.table);
}

// The customer texts carried from the latest line where they are not blank.
constexpr std::array<column_role, 6> text_roles{column_role::name, column_role::region, column_role::city,
                                                column_role::postal_code, column_role::address, column_role::rep};

// The lines, read: customer id, day, signed amount and cost, return flag, invoice, texts. Shared by both statements.
std::string lines_sql(sql_dialect dialect, const order_source& source, const order_columns& c, bool profit_is_rate,
                      const std::string& profit = {}) {
    const std::string id = *column_sql(c, column_role::customer_id), date = *column_sql(c, column_role::date);
    const auto quantity = column_sql(c, column_role::quantity);
    std::string amount;
    if (const auto a = column_sql(c, column_role::amount))
        amount = number_sql(dialect, *a);
    else
        amount = fmt::format("({} * {})", number_sql(dialect, *quantity),
                             number_sql(dialect, *column_sql(c, column_role::unit_price)));
    std::string cost = "0.0";
    if (const auto k = column_sql(c, column_role::cost))
        cost = number_sql(dialect, *k);
    else if (const auto p = column_sql(c, column_role::margin))
        cost = profit_is_rate ? fmt::format("({0} * (1 - {1}))", amount, number_sql(dialect, *p))
                              : fmt::format("({} - {})", amount, number_sql(dialect, *p));
    const auto invoice = column_sql(c, column_role::invoice);
    // Spec: a negative amount or quantity, or a cancellation invoice ("C536379"), is a return.
    std::string is_return = "amt < 0";
    if (quantity) is_return += " OR qty < 0";
    if (invoice)
        is_return += fmt::format(" OR ({} IN ('C', 'c') AND {} BETWEEN '0' AND '9')", first_char_sql(dialect, "inv", 1),
                                 first_char_sql(dialect, "inv", 2));
    std::string texts;
    if (quantity) texts += fmt::format(", {} AS qty", number_sql(dialect, *quantity));
    if (!profit.empty()) texts += fmt::format(", {} AS profit", profit);
    for (const column_role role : text_roles)
        if (const auto t = column_sql(c, role)) texts += fmt::format(", {} AS t_{}", text_sql(dialect, *t), role_name(role));
    const std::string invoice_text = text_sql(dialect, invoice ? *invoice : "NULL");
    return fmt::format(
        "raw AS (\n"
        "  SELECT {} AS cid, {} AS order_day, {} AS amt, {} AS cost, {} AS inv{}\n"
        "  FROM {}\n"
        "),\n"
        "lines AS (\n"
        "  SELECT raw.*, CASE WHEN {} THEN 1 ELSE 0 END AS ret FROM raw\n"
        "  WHERE cid IS NOT NULL AND cid <> '' AND order_day IS NOT NULL AND amt IS NOT NULL\n"
        ")",
        // PostgreSQL sorts and groups the ids bytewise ("C"), as SQLite does: fast, and the same order in both.
        text_sql(dialect, id) + (dialect == sql_dialect::postgresql ? " COLLATE \"C\"" : ""), day_sql(dialect, date), amount, cost, invoice_text, texts, source_sql(source), is_return);
}

}  // namespace

std::string quote_identifier(std::string_view name) {
    if (name.empty()) throw illegal_argument("a table or column name is empty");
    std::string out = "\"";
    for (const char ch : name) {
        if (static_cast<unsigned char>(ch) < 0x20 || ch == 0x7f)
            throw illegal_argument("a table or column name holds a control character; rename it");
        if (ch == '"') out += '"';
        out += ch;
    }
    return out + '"';
}

std::string quote_table_name(std::string_view name) {
    std::string out;
    for (std::size_t from = 0;;) {
        const std::size_t dot = name.find('.', from);
        if (!out.empty()) out += '.';
        out += quote_identifier(name.substr(from, dot == std::string_view::npos ? dot : dot - from));
        if (dot == std::string_view::npos) return out;
        from = dot + 1;
    }
}

std::string order_sample_sql(const order_source& source, std::size_t rows, sql_dialect dialect) {
    if (dialect == sql_dialect::firebird) return fmt::format("SELECT FIRST {} * FROM {}", rows, source_sql(source));
    return fmt::format("SELECT * FROM {} LIMIT {}", source_sql(source), rows);
}

order_columns detect_order_columns(const table& sample) {
    order_columns out;
    if (sample.empty()) throw illegal_argument("the orders have no columns");
    for (const cell& name : sample[0]) out.names.push_back(text_of(name));
    out.mapping = detect_columns(sample, sheet_kind::transactions);
    out.mapping.header_row = 0;  // the column names, whatever a line looks like
    const auto has = [&](column_role role) { return out.mapping.columns.count(role) > 0; };
    std::string missing;
    if (!has(column_role::customer_id)) missing += "a customer id";
    if (!has(column_role::date)) missing += missing.empty() ? "a date" : ", a date";
    if (!has(column_role::amount) && !(has(column_role::quantity) && has(column_role::unit_price)))
        missing += missing.empty() ? "an amount" : ", an amount";
    if (!missing.empty()) {
        std::string seen;
        for (const std::string& n : out.names) seen += (seen.empty() ? "" : ", ") + n;
        throw illegal_argument(fmt::format("no column of the orders reads as {} (columns: {})", missing, seen));
    }
    return out;
}

bool orders_have_cost(const order_columns& columns) {
    return columns.mapping.columns.count(column_role::cost) || columns.mapping.columns.count(column_role::margin);
}

std::string order_bounds_sql(sql_dialect dialect, const order_source& source, const order_columns& columns) {
    std::string profit = null_number_sql(dialect);
    if (!columns.mapping.columns.count(column_role::cost))
        if (const auto p = column_sql(columns, column_role::margin)) profit = number_sql(dialect, *p);
    // One scan of the lines: the CTE's filter is written out here so that nothing is read twice.
    const std::string read = "cid IS NOT NULL AND cid <> '' AND order_day IS NOT NULL AND amt IS NOT NULL";
    return fmt::format(
        "WITH {0}\n"
        "SELECT MIN(CASE WHEN {1} THEN order_day END) AS first_day, MAX(CASE WHEN {1} THEN order_day END) AS last_day,\n"
        "  COUNT(*) AS lines_all, SUM(CASE WHEN {1} THEN 1 ELSE 0 END) AS lines_read, MAX(ABS(profit)) AS max_abs_profit\n"
        "FROM raw",
        lines_sql(dialect, source, columns, false, profit), read);
}

// The aggregate's columns, in order: cid, first_day, last_day, days, invoices, purchases, first_total, orders,
// returns, first_any, then per year (latest − 2 … latest) sales, lines, cost, then the texts present.
std::string order_aggregate_sql(sql_dialect dialect, const order_source& source, const order_columns& columns,
                                bool profit_is_rate, sql_placeholders placeholders) {
    // The parameters' order of use, which order_sql_positional_parameters repeats: the analysis date once (in the
    // signed lines), then per year its two bounds in each of the year's sums (sales, lines, and cost if any).
    const std::string as_of = parameter(dialect, 1, placeholders);
    std::string years, windows, day_texts, texts;
    const bool has_cost = orders_have_cost(columns);  // without, no cost is summed at all
    for (std::size_t y = 0; y < order_years; ++y) {
        const std::string in_year =
            fmt::format("order_day >= {} AND order_day < {}", parameter(dialect, static_cast<int>(y) + 2, placeholders),
                        parameter(dialect, static_cast<int>(y) + 3, placeholders));
        years += fmt::format(",\n  SUM(CASE WHEN {0} THEN sales ELSE 0 END), SUM(CASE WHEN {0} THEN n ELSE 0 END), {1}",
                             in_year, has_cost ? fmt::format("SUM(CASE WHEN {} THEN cost ELSE 0 END)", in_year) : "0");
    }
    for (const column_role role : text_roles) {
        if (!column_of(columns.mapping, role)) continue;
        const std::string t = fmt::format("t_{}", role_name(role));
        // The latest non-blank value of the customer's lines (by day; among one day's, the largest text).
        windows += fmt::format(
            ",\n    FIRST_VALUE({0}) OVER (PARTITION BY cid ORDER BY CASE WHEN {0} IS NULL OR {0} = '' THEN 1 ELSE 0 END,"
            " order_day DESC, {0} DESC) AS l_{0}",
            t);
        day_texts += fmt::format(", MAX(l_{0}) AS l_{0}", t);
        texts += fmt::format(",\n  MAX(l_{})", t);
    }
    // Purchase occasions are invoices when the lines have them (distinct per customer), else days.
    const bool invoices = column_of(columns.mapping, column_role::invoice).has_value();
    const std::string invoice_cte =
        invoices ? ",\ninvoices AS (\n  SELECT cid, COUNT(*) AS invoice_count\n"
                   "  FROM (SELECT DISTINCT cid, inv FROM signed WHERE ret = 0 AND inv <> '') AS i GROUP BY cid\n)"
                 : "";
    // Two steps, no COUNT(DISTINCT): the lines summed per customer and day (a hash aggregation), then per customer.
    return fmt::format(
        "WITH {},\n"
        "signed AS (\n"
        "  SELECT cid, order_day, ret, inv,\n"
        "    CASE WHEN ret = 1 THEN -ABS(amt) ELSE amt END AS amt,\n"
        "    CASE WHEN ret = 1 THEN -ABS(cost) ELSE cost END AS cost{}\n"
        "  FROM lines WHERE order_day <= {}\n"
        "),\n"
        "days AS (\n"
        "  SELECT cid, order_day, SUM(1 - ret) AS orders, SUM(ret) AS return_lines,\n"
        "    SUM(CASE WHEN ret = 0 THEN amt ELSE 0 END) AS purchases, SUM(amt) AS sales, {}"
        " COUNT(*) AS n{}\n"
        "  FROM signed GROUP BY cid, order_day\n"
        "),\n"
        "firsts AS (\n"
        "  SELECT days.*, MIN(CASE WHEN orders > 0 THEN order_day END) OVER (PARTITION BY cid) AS first_day FROM days\n"
        "){}\n"
        "SELECT f.cid, MIN(first_day), MAX(CASE WHEN orders > 0 THEN order_day END), SUM(CASE WHEN orders > 0 THEN 1 ELSE 0 END),\n"
        "  {}, SUM(purchases), SUM(CASE WHEN order_day = first_day THEN purchases ELSE 0 END),\n"
        "  SUM(orders), SUM(return_lines), MIN(order_day){}{}\n"
        "FROM firsts AS f{}\n"
        "GROUP BY f.cid\n"
        "ORDER BY MIN(order_day), f.cid",
        lines_sql(dialect, source, columns, profit_is_rate), windows, as_of, has_cost ? "SUM(cost) AS cost," : "",
        day_texts, invoice_cte,
        invoices ? "COALESCE(MAX(invoices.invoice_count), 0)" : "0", years, texts,
        invoices ? " LEFT JOIN invoices ON invoices.cid = f.cid" : "");
}

std::vector<std::string> order_sql_parameters(double as_of, int latest_year) {
    std::vector<std::string> out{fmt::format("{}", std::floor(as_of))};
    for (int y = latest_year - 2; y <= latest_year + 1; ++y) out.push_back(fmt::format("{}", serial_date(y, 1, 1)));
    return out;
}

std::vector<std::string> order_sql_positional_parameters(const order_columns& columns, double as_of, int latest_year) {
    const std::vector<std::string> numbered = order_sql_parameters(as_of, latest_year);
    std::vector<std::string> out{numbered[0]};
    const std::size_t sums = orders_have_cost(columns) ? 3 : 2;  // sales, lines, cost
    for (std::size_t y = 0; y < order_years; ++y)
        for (std::size_t k = 0; k < sums; ++k) {
            out.push_back(numbered[y + 1]);
            out.push_back(numbered[y + 2]);
        }
    return out;
}

cell sql_sample_cell(const std::optional<std::string>& text) {
    if (!text) return std::monostate{};
    double value = 0;
    const auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), value);
    if (error == std::errc{} && end == text->data() + text->size()) return value;
    return *text;
}

std::optional<double> sql_number(const std::optional<std::string>& text) {
    if (!text) return std::nullopt;
    double value = 0;
    const char* begin = text->data();
    const char* end = begin + text->size();
    const auto [stop, error] = std::from_chars(begin, end, value);
    if (error != std::errc{} || stop != end)
        throw illegal_argument(fmt::format("the database returned \"{}\" where a number belongs", *text));
    return value;
}

customer_history history_from_aggregate(const sql_row& row, const order_columns& columns, double as_of,
                                        int latest_year, double time_unit_days) {
    const bool has_cost = orders_have_cost(columns);
    constexpr std::size_t fixed = 10, per_year = 3;
    if (row.size() < fixed + per_year * order_years || !row[0])
        throw illegal_argument("the database returned a row that is not one of the aggregation's");
    const auto number = [&](std::size_t at) { return sql_number(row[at]); };
    const auto count = [&](std::size_t at) { return number(at).value_or(0.0); };
    customer_history h;
    h.id = *row[0];
    h.orders = static_cast<std::size_t>(count(7));
    h.returns = static_cast<std::size_t>(count(8));
    for (std::size_t y = 0; y < order_years; ++y) {
        const std::size_t at = fixed + per_year * y;
        if (count(at + 1) == 0) continue;  // no line in that year: the log's map holds no entry either
        const int year = latest_year - 2 + static_cast<int>(y);
        h.sales_by_year[year] = count(at);
        if (has_cost) h.cost_by_year[year] = count(at + 2);
    }
    std::size_t at = fixed + per_year * order_years;
    std::string* const texts[] = {&h.name, &h.region, &h.city, &h.postal_code, &h.address, &h.rep};
    for (std::size_t k = 0; k < text_roles.size(); ++k) {
        if (!column_of(columns.mapping, text_roles[k])) continue;
        if (at >= row.size()) throw illegal_argument("the database returned a row that is not one of the aggregation's");
        if (row[at]) *texts[k] = *row[at];
        ++at;
    }
    const auto first = number(1), last = number(2);
    if (!first || !last) {  // only returns: no purchase history, the sales carry the returns
        h.recency_days = as_of - count(9);
        return h;
    }
    const double days = count(3), invoices = count(4), total = count(5), first_total = count(6);
    h.x = days - 1;
    h.t_x = (*last - *first) / time_unit_days;
    h.T = (as_of - *first) / time_unit_days;
    h.recency_days = as_of - *last;
    h.frequency = invoices > 0 ? invoices : days;
    h.monetary = days > 1 ? (total - first_total) / h.x : 0;
    h.average_order_value = total / h.frequency;
    return h;
}

std::string password_in(std::string_view connection) {
    if (const auto scheme = connection.find("://"); scheme != std::string_view::npos) {
        const std::string_view rest = connection.substr(scheme + 3);
        const std::string_view authority = rest.substr(0, rest.find_first_of("/?"));
        if (const auto at = authority.rfind('@'); at != std::string_view::npos) {
            const std::string_view user_info = authority.substr(0, at);
            if (const auto colon = user_info.find(':'); colon != std::string_view::npos)
                return std::string(user_info.substr(colon + 1));
        }
    }
    std::string lower(connection);
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (const std::string_view key : {"password=", "pwd="}) {
        // The key at the start of the text or after a separator ("xpwd=" is another key).
        for (std::size_t at = lower.find(key); at != std::string::npos; at = lower.find(key, at + 1)) {
            if (at > 0 && std::string_view(" &;?").find(lower[at - 1]) == std::string_view::npos) continue;
            const std::string_view value = connection.substr(at + key.size());
            return std::string(value.substr(0, value.find_first_of(" &;")));
        }
    }
    return {};
}

std::string without_password(std::string text, const std::string& password) {
    if (password.empty()) return text;
    for (std::size_t at = 0; (at = text.find(password, at)) != std::string::npos; at += 3) text.replace(at, password.size(), "***");
    return text;
}

}  // namespace crm
