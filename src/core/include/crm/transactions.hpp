// A transactions sheet (one row per order) aggregated per customer: RFM, BG/NBD's x, t_x, T, yearly sales.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "crm/cell.hpp"
#include "crm/customers.hpp"

namespace crm {

/// One customer's purchase history summed up; times t_x and T are in the call's time unit.
struct customer_history {
    std::string id;
    double x = 0;                    ///< repeat purchase days: distinct purchase days − 1
    double t_x = 0;                  ///< time from the first purchase day to the last
    double T = 0;                    ///< time from the first purchase day to the analysis date
    double recency_days = 0;         ///< days from the last purchase to the analysis date
    double frequency = 0;            ///< number of orders (rows)
    double monetary = 0;             ///< mean value of the repeat purchase days (0 when x = 0)
    double average_order_value = 0;  ///< total amount / number of orders
    std::map<int, double> sales_by_year;
    std::size_t orders = 0;          ///< number of orders (rows)
    std::size_t first_row = 0;       ///< 1-based sheet row of the customer's first order row
};

/// What aggregating a transactions sheet gave: customers in order of first appearance, problems by row.
struct transactions_read {
    std::vector<customer_history> customers;
    std::vector<problem> problems;
};

/// Aggregates one-row-per-order `t` per customer up to `as_of_date` (Calc serial) in O(n log n); orders
/// after that date, and rows without a readable id, date or amount, become problems.
transactions_read aggregate_transactions(const table& t, double as_of_date, const read_options& options = {},
                                         double time_unit_days = 7.0);

/// Whether `t` reads as a transactions sheet: it has customer id, date and amount columns.
bool is_transactions_sheet(const table& t, const read_options& options = {});

/// Whether `t` is an order log rather than a customer sheet: a transactions sheet whose customer ids
/// repeat (more than one row in ten names a customer seen above).
bool is_order_log(const table& t, const read_options& options = {});

/// The customers of an order log alone (spec: "a customer sheet and/or a transactions sheet"): each
/// customer's id (also as its name), the sales of the log's latest year, and of the two years before
/// (0 when the log holds that year but not the customer; unknown when the log does not reach back to it).
/// Problems are the aggregation's, by row.
customer_read customers_from_orders(const table& t, const read_options& options = {});

/// The date of the latest readable order of a transactions sheet (the natural analysis date), if any.
std::optional<double> latest_order_date(const table& t, const read_options& options = {});

}  // namespace crm
