// An order log (one row per order or per invoice line) aggregated per customer: RFM, BG/NBD's x, t_x, T,
// yearly sales, cost and profit, and what the log says of the customer (name, places, rep).
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "crm/cell.hpp"
#include "crm/customers.hpp"

namespace crm {

/// One customer's purchase history summed up; times t_x and T are in the call's time unit. A purchase
/// occasion is one invoice, or one day when the log has no invoice column (spec "Order logs as shops
/// export them"); returns and cancellations are netted against sales and are never occasions.
struct customer_history {
    std::string id;
    double x = 0;                    ///< repeat purchase occasions: occasions − 1
    double t_x = 0;                  ///< time from the first occasion's day to the last one's
    double T = 0;                    ///< time from the first occasion's day to the analysis date
    double recency_days = 0;         ///< days from the last occasion to the analysis date
    double frequency = 0;            ///< number of purchase occasions
    double monetary = 0;             ///< mean value of the repeat occasions (0 when x = 0)
    double average_order_value = 0;  ///< purchases' total / occasions
    std::map<int, double> sales_by_year;  ///< purchases less returns, by calendar year
    std::map<int, double> cost_by_year;   ///< when the log has a cost or profit column: Σ cost (or amount − profit)
    std::size_t orders = 0;          ///< lines of the log that are purchases
    std::size_t returns = 0;         ///< lines that are returns or cancellations
    std::size_t first_row = 0;       ///< 1-based sheet row of the customer's first order row
    std::vector<double> purchase_days;  ///< the purchase days (Calc serials), ascending: x + 1 of them
    /// What the log says of the customer: the latest non-empty value of each (by date, then row).
    std::string name, region, city, postal_code, address, rep, country;
};

/// What aggregating a transactions sheet gave: customers in order of first appearance, problems by row.
struct transactions_read {
    std::vector<customer_history> customers;
    std::vector<problem> problems;
    column_mapping mapping;  ///< the columns read (roles, header row, date orders decided by the values)
    bool has_cost = false;   ///< the log has a cost or profit column: cost_by_year is filled
    double as_of = 0;        ///< the analysis date (Calc serial) the histories' recency counts back from
};

/// Aggregates one-row-per-order `t` per customer up to `as_of_date` (Calc serial) in O(n log n); orders
/// after that date, and rows without a readable id, date or amount, become problems.
transactions_read aggregate_transactions(const table& t, double as_of_date, const read_options& options = {},
                                         double time_unit_days = 7.0);

/// Whether `t` reads as a transactions sheet: it has customer id and date columns, and an amount column or
/// quantity and unit price columns (amount = quantity × unit price, the invoice-line layout of ERP exports).
bool is_transactions_sheet(const table& t, const read_options& options = {});

/// Whether `t` is an order log rather than a customer sheet: a transactions sheet whose customer ids
/// repeat (more than one row in ten names a customer seen above).
bool is_order_log(const table& t, const read_options& options = {});

/// The customers of an order log alone (spec: "a customer sheet and/or a transactions sheet"): each
/// customer's id, the log's name, region, city, postal code, address and rep (latest non-empty), the sales
/// of the log's latest year and of the two years before (0 when the log holds that year but not the
/// customer; unknown when the log does not reach back to it), and that latest year's cost when the log has
/// a cost or profit column. Problems are the aggregation's, by row.
customer_read customers_from_orders(const table& t, const read_options& options = {});

/// The customers of aggregated order lines, as customers_from_orders gives them from the histories (an order
/// log's, or a database's aggregation: order_sql.hpp); the mapping's amount column names the sales columns.
customer_read customers_from_histories(transactions_read orders);

/// The date of the latest readable order of a transactions sheet (the natural analysis date), if any.
std::optional<double> latest_order_date(const table& t, const read_options& options = {});

}  // namespace crm
