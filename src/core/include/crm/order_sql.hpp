// Orders in a SQL database (issue 17, spec wizard.md "Orders from a database"): the per-customer aggregation
// runs in the database as one statement, and its rows become the same customer histories an order log gives.
// Text only: no database client here; the callers (crm-cli through libpq or SQLite) run the statements.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crm/cell.hpp"
#include "crm/columns.hpp"
#include "crm/customers.hpp"
#include "crm/transactions.hpp"

namespace crm {

/// The SQL dialects whose statements are built here.
/// Firebird (3.0: LibreOffice Base's embedded database, through SDBC) takes positional placeholders only.
enum class sql_dialect { postgresql, sqlite, firebird };

/// How the statements mark their bound parameters: numbered ($1 / ?1, each bound once: libpq, SQLite), or
/// positional (one "?" per use, as SDBC's XPreparedStatement binds them: LibreOffice's drivers).
enum class sql_placeholders { numbered, positional };

/// `name` quoted as one SQL identifier ("a""b" for a"b); an empty name, or one holding a NUL or another control
/// character, is refused (illegal_argument) rather than quoted.
std::string quote_identifier(std::string_view name);

/// A table name as the user gives it, "orders" or "schema.orders": each dot-separated part quoted as an identifier.
std::string quote_table_name(std::string_view name);

/// Where the order lines are: a table (or view) by name, or a SELECT statement the user wrote.
struct order_source {
    std::string table;  ///< "orders" or "schema.orders"; used when sql is empty
    std::string sql;    ///< the user's own query (its rows are the order lines)
};

/// SELECT of the source's first `rows` lines, every column (to read the column names and detect their roles).
std::string order_sample_sql(const order_source& source, std::size_t rows,
                             sql_dialect dialect = sql_dialect::postgresql);

/// The columns of the order lines: their names and roles, detected as for an order sheet's headers.
struct order_columns {
    std::vector<std::string> names;  ///< the source's column names, in its order
    column_mapping mapping;          ///< the roles found (customer id, date, amount or quantity × unit price, ...)
};

/// Detects the roles of `sample`'s columns (row 0: the column names; then lines as the database gave them).
/// No customer id, date or amount column is refused (illegal_argument) in plain words naming the columns seen.
order_columns detect_order_columns(const table& sample);

/// The first statement, one scan: over the lines with a readable id, date and amount, the first and last day
/// (Calc serials), the lines in all and those read, and the largest |profit| (a profit column within ±1 is a rate).
/// Columns: first_day, last_day, lines, lines_read, max_abs_profit.
std::string order_bounds_sql(sql_dialect dialect, const order_source& source, const order_columns& columns);

/// The three years whose sales a customer carries (the latest year of the log and the two before).
inline constexpr std::size_t order_years = 3;

/// The aggregation: one row per customer, in order of first purchase then id. Its parameters, in order, are
/// order_sql_parameters(...) (bound, never pasted); values are never part of the text.
std::string order_aggregate_sql(sql_dialect dialect, const order_source& source, const order_columns& columns,
                                bool profit_is_rate, sql_placeholders placeholders = sql_placeholders::numbered);

/// The bound parameters of order_aggregate_sql, as texts: the analysis date (Calc serial), then 1 January of
/// the years latest − 2 … latest + 1 as Calc serials.
std::vector<std::string> order_sql_parameters(double as_of, int latest_year);

/// The bound parameters of order_aggregate_sql with positional placeholders: one per "?", in the statement's
/// order (the same values as order_sql_parameters, each as often as the statement uses it).
std::vector<std::string> order_sql_positional_parameters(const order_columns& columns, double as_of, int latest_year);

/// One row of the aggregation, as the database client returns it (texts, nullopt for NULL).
using sql_row = std::vector<std::optional<std::string>>;

/// The customer history of one aggregate row, as aggregate_transactions makes it from the same lines
/// (times in `time_unit_days`); a row that is not one of the aggregation's is refused (illegal_argument).
customer_history history_from_aggregate(const sql_row& row, const order_columns& columns, double as_of,
                                        int latest_year, double time_unit_days = 7.0);

/// Whether the columns give a cost (a cost column, or a profit column cost is derived from).
bool orders_have_cost(const order_columns& columns);

/// A value of a sample row as a sheet would hold it, for detect_order_columns: a number when the whole text is
/// one, else the text; NULL is an empty cell.
cell sql_sample_cell(const std::optional<std::string>& text);

/// Reads a SQL number text (as libpq or SQLite writes it); nullopt for NULL, refused when not a number.
std::optional<double> sql_number(const std::optional<std::string>& text);

/// The password a connection text carries, empty if none: postgresql://user:PASSWORD@host/db, a libpq or JDBC
/// "password=PASSWORD", an ODBC "PWD=PASSWORD" (keys in any case; the value ends at a space, '&' or ';').
std::string password_in(std::string_view connection);

/// `text` (a driver's message, which may repeat the connection text) with every occurrence of `password`
/// replaced by "***"; unchanged when `password` is empty.
std::string without_password(std::string text, const std::string& password);

}  // namespace crm
