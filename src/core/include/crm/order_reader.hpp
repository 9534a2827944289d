// Reading the orders of a SQL database (issue 17): the three statements of order_sql.hpp run through any client
// (crm-cli's libpq and SQLite, the office's SDBC), so the sequence and its rules have one home.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "crm/customers.hpp"
#include "crm/error.hpp"
#include "crm/order_sql.hpp"
#include "crm/transactions.hpp"

namespace crm {

/// A database client as the reader needs it: runs a SELECT with bound text parameters and streams its rows.
class sql_reader {
public:
    virtual ~sql_reader() = default;
    virtual sql_dialect dialect() const = 0;
    virtual sql_placeholders placeholders() const { return sql_placeholders::numbered; }
    /// Runs `sql` with `parameters` bound and calls `row` for each row (texts, nullopt for NULL); with
    /// `names_first`, the first call gets the column names.
    virtual void query(const std::string& sql, const std::vector<std::string>& parameters,
                       const std::function<void(const sql_row&)>& row, bool names_first = false) = 0;
};

/// The orders cannot be analysed: no column has a needed role, or no line is readable. Its what() is English
/// (crm-cli's); the office words it from `reason`, `names` and `lines`.
class orders_refused : public illegal_argument {
public:
    enum class reason { no_roles, no_lines };
    orders_refused(reason why, const std::string& message, std::vector<std::string> names, std::size_t lines)
        : illegal_argument(message), why_(why), names_(std::move(names)), lines_(lines) {}
    reason why() const { return why_; }
    const std::vector<std::string>& names() const { return names_; }
    std::size_t lines() const { return lines_; }

private:
    reason why_;
    std::vector<std::string> names_;
    std::size_t lines_;
};

/// The customers of the orders at `source`, aggregated in the database by one statement; the histories too.
struct database_orders {
    customer_read read;
    std::vector<customer_history> histories;
    column_mapping mapping;  ///< the roles of the source's columns
    bool has_cost = false;   ///< the lines have a cost or profit column
    double as_of = 0;        ///< the latest order's day (Calc serial)
    std::size_t lines = 0, lines_read = 0;
};

/// Called before each statement runs (what it reads, its text, its parameters): crm-cli's --show-sql.
using sql_shown = std::function<void(std::string_view what, const std::string& sql, const std::vector<std::string>& parameters)>;

/// Reads the column names and a sample (their roles detected as an orders sheet's headers), the first and last
/// day, then the per-customer aggregation: one row per customer crosses. Refusals are orders_refused.
database_orders read_database_orders(sql_reader& db, const order_source& source, const sql_shown& shown = {});

}  // namespace crm
