// The customer card (spec wizard.md "Customer card and sharing"): one customer's record, orders, products and
// visits, from the tables of a run already read (the Customers sheet, the customer sheet, the orders, the schedule).
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "crm/cell.hpp"
#include "crm/columns.hpp"
#include "crm/customers.hpp"

namespace crm {

/// The fields of the Customers sheet the card names (the rest of the row comes under its own header).
enum class card_field {
    id, name, tier, tier_reason, rfm, segment, p_active, expected_purchases, lifetime_value, lifetime_profit,
    profit, action, next_visit
};

/// Where the Customers sheet keeps the card's fields: 0-based columns, below one header row. The job service
/// that writes the sheet gives its layout; `hidden` columns (handles, fitted parameters) are never shown.
struct customers_layout {
    std::map<card_field, std::size_t> columns;  ///< must hold card_field::id
    std::optional<std::size_t> source_row;      ///< the column of the customer's 1-based row in the customer sheet
    std::vector<std::size_t> hidden;
    std::size_t header_row = 0;
};

/// A named table of the document, as read in bulk.
struct named_table {
    std::string name;
    table cells;
};

/// What the card is built from; every table but the Customers sheet may be missing.
struct card_sources {
    named_table customers;   ///< the latest run's Customers sheet
    customers_layout layout;
    std::optional<named_table> customer_sheet;  ///< the sheet the run read its customers from (one row each)
    read_options customer_options;              ///< how that sheet is read (its column overrides)
    std::optional<named_table> orders;          ///< the order log (one row per order or invoice line)
    read_options order_options;
    std::vector<named_table> schedules;  ///< the latest schedule's sheets (crm::schedule_column's layout)
};

/// One column of a row under its header.
struct card_entry {
    std::string header;
    cell value;
};

/// One order of the customer: its date (Calc serial), amount (amount, or quantity × unit price) and product.
struct card_order {
    double date = 0;
    std::optional<double> amount;
    std::string product;
    std::size_t row = 0;  ///< 1-based row of the order sheet
};

/// A product the customer bought and on how many order lines.
struct card_product {
    std::string product;
    std::size_t orders = 0;
};

/// A visit of the schedule: done (marked in its Done column, or dated before the card's day) or to come.
struct card_visit {
    double date = 0;
    std::string rep, purpose, sheet;
    std::size_t row = 0;  ///< 1-based row of its schedule sheet
};

/// Most orders and visits of each list the card holds (spec: "latest first, up to 10").
inline constexpr std::size_t card_list_length = 10;

/// One customer's card.
struct customer_card {
    std::string id;
    std::map<card_field, cell> fields;  ///< the named fields the Customers sheet has (blank ones left out)
    std::vector<card_entry> details;    ///< every other non-blank column of his Customers row, then of his row in
                                        ///< the customer sheet whose header is not shown already (contact, notes…)
    std::vector<card_order> last_orders;  ///< latest first, up to card_list_length
    std::size_t orders = 0;               ///< all his order lines
    std::vector<card_product> products;   ///< most lines first, then by name
    std::vector<card_visit> visits_done;  ///< latest first, up to card_list_length
    std::vector<card_visit> next_visits;  ///< soonest first, up to card_list_length
    std::size_t visits_done_count = 0, next_visits_count = 0;
};

/// The tables of a run indexed once by customer id, so that each card is a lookup: the rows of each customer in
/// each table are found by hashing, and only his own rows are read for his card.
class customer_card_index {
public:
    explicit customer_card_index(card_sources sources);
    customer_card_index(const customer_card_index&) = delete;  // it points into its own tables
    customer_card_index& operator=(const customer_card_index&) = delete;

    /// The card of customer `id` (ids compare as the sheets show them: "1001", "00042"), with the visits before
    /// `today` (Calc serial) counted as done; nullopt when the Customers sheet has no such customer.
    std::optional<customer_card> card(std::string_view id, double today) const;

    /// The customer id of 0-based row `row` of sheet `sheet`, when that sheet is one of the sources and the row
    /// is one of its data rows with an id (a selected row in any sheet that holds customer ids).
    std::optional<std::string> id_at(std::string_view sheet, std::size_t row) const;

    /// Customers on the Customers sheet.
    std::size_t customers() const { return customer_rows_.size(); }

    /// The names of the sheets the index read.
    std::vector<std::string> sheets() const;

private:
    struct id_column {
        std::string sheet;
        const table* cells = nullptr;
        std::size_t column = 0, first_row = 0;
    };
    std::optional<card_order> order_at(std::size_t row) const;

    card_sources sources_;
    std::unordered_map<std::string, std::size_t> customer_rows_;  ///< id → 0-based row of the Customers sheet
    std::unordered_map<std::string, std::vector<std::size_t>> order_rows_;
    std::unordered_map<std::string, std::vector<std::pair<std::size_t, std::size_t>>> visit_rows_;  ///< (sheet, row)
    column_mapping order_mapping_;
    std::optional<std::size_t> order_date_, order_amount_, order_quantity_, order_price_, order_product_;
    std::vector<id_column> id_columns_;
    std::vector<std::string> source_headers_;  ///< the customer sheet's header row
    std::vector<std::size_t> source_named_;    ///< its id and name columns: the card's own fields
};

}  // namespace crm
