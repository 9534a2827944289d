// Reading a customer sheet into customers (spec "Inputs"): every data row becomes a customer or a problem.
#pragma once

#include <array>
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "crm/cell.hpp"
#include "crm/columns.hpp"
#include "crm/text_values.hpp"

namespace crm {

/// Why a row (or the sheet) could not be read as it stands; a later issue localizes the wording.
enum class problem_kind {
    empty_sheet,            ///< the sheet holds no cell at all
    no_data_rows,           ///< headers but no row below them
    no_sales_column,        ///< no column reads as sales
    no_customer_id_column,  ///< transactions: no column reads as the customer id (nor a name)
    no_date_column,         ///< transactions: no column reads as the order date
    no_amount_column,       ///< transactions: no column reads as the amount
    unreadable_number,      ///< text that is not a number where a number belongs
    unreadable_date,        ///< text that is not a date where a date belongs
    error_cell,             ///< a cell showing an error (#N/A, #DIV/0!, ...)
    missing_id,             ///< the id cell is blank: the row number stands in
    missing_sales,          ///< the sales cell is blank: read as 0
    duplicate_id,           ///< a second row with an id seen before: added to the first
    negative_sales,         ///< sales below zero (a credit note?): kept as is
    missing_coordinates,    ///< no latitude/longitude while the sheet has those columns
    invalid_coordinates,    ///< latitude outside [-90, 90] or longitude outside [-180, 180]
    missing_date,           ///< transactions: a blank date
    missing_amount,         ///< transactions: a blank amount
    date_after_as_of,       ///< transactions: an order dated after the analysis date: left out
    total_row,              ///< a row of totals ("Total", "合计") under the customers: left out
    date_in_other_order,    ///< a date readable only day-first in a month-first column (or the reverse)
    returns_netted,         ///< transactions: row 0, detail = how many return or cancellation lines were netted
    unreadable_visit_days,  ///< a visit days cell that names no weekdays ("soon"): the customer may be visited any day
    unreadable_opening_hours,  ///< an opening hours cell that is not time windows: any time of the working day
    place_unknown,          ///< no coordinates, and the gazetteer knows no place of that city or postal code
    place_ambiguous,        ///< the gazetteer has several places of that name: the most populous was taken
};

/// One row that could not be read as it stands: row is the 1-based sheet row (0 for the whole sheet).
struct problem {
    problem_kind kind;
    std::size_t row;
    std::string detail;  ///< the column and cell text concerned, as found in the sheet (no words of ours)
    std::size_t first_row = 0;  ///< duplicate_id: the 1-based sheet row where the id first appeared
};

/// A problem in short English ("unreadable number — CA 2025: 12abc"), as crm-cli prints it; the office
/// adapters say the same in the office language from `kind`, `detail` and `first_row`.
std::string describe(const problem& p);

/// Problems as a person can read them: at most `per_kind` of each kind in row order, and how many more of
/// each kind there were (a log of half a million lines may hold a hundred thousand rows without a customer id).
struct problem_list {
    std::vector<problem> listed;
    std::vector<std::pair<problem_kind, std::size_t>> more;  ///< kinds with rows left out, in the order first seen
};
problem_list limit_problems(const std::vector<problem>& problems, std::size_t per_kind);

/// How to read a sheet: the document's number and date styles, and mapping overrides from the panel.
struct read_options {
    number_style numbers;
    date_style dates;
    std::map<column_role, std::size_t> columns;  ///< role → 0-based column, replacing what was detected
    std::vector<column_role> absent;              ///< roles the sheet has no column for, whatever was detected
    std::optional<std::size_t> header_row;       ///< 0-based header row, replacing what was detected
};

/// Where a customer's coordinates come from: the sheet, or the gazetteer (approximate: the place a postal code
/// serves, or the centre of the town).
enum class coordinates_source { none, sheet, postal_code, city };

/// One customer of the customer sheet; signals are orders, referrals, suggestions, product lines, share of wallet.
struct customer {
    std::string id;
    std::string name;
    double sales = 0;
    std::optional<double> sales_previous, sales_before, cost;
    std::string region, city, postal_code, address, rep, country;
    std::optional<double> latitude, longitude, last_visit;
    std::optional<double> last_order;  ///< an order log's latest purchase day (Calc serial)
    coordinates_source located = coordinates_source::none;
    /// When he may be visited (spec "Plans the reps can use": columns Visit days and Opening hours): the weekdays,
    /// Monday first, and the windows of the day in minutes after midnight; every day and any time when not given.
    std::array<bool, 7> visit_days{true, true, true, true, true, true, true};
    std::vector<std::pair<double, double>> opening_hours;
    std::array<std::optional<double>, 5> signals;
    std::size_t source_row = 0;  ///< 1-based sheet row of the customer's first row
};

/// What reading a customer sheet gave: the customers in sheet order, the mapping used, the problems by row.
struct customer_read {
    std::vector<customer> customers;
    column_mapping mapping;
    std::vector<problem> problems;
};

/// Reads the customers of a sheet; bad cells become problems, never exceptions.
customer_read read_customers(const table& t, const read_options& options = {});

/// Spec "Plans the reps can use": a customer without coordinates but with a city or postal code (and a region or
/// country to tell places apart) gets the coordinates of that place from the gazetteer, marked approximate
/// (`located`); his missing_coordinates problem goes, and a place the gazetteer does not know (or knows several of)
/// becomes a problem. Customers with coordinates are left as they are.
void place_customers(customer_read& read);

namespace detail {
/// The detected mapping with the options' overrides applied.
column_mapping mapping_with_overrides(const table& t, sheet_kind kind, const read_options& options);
/// The header text of a column, or "column N" when its header is blank.
std::string header_text(const table& t, const column_mapping& m, std::size_t column);
/// Reads cell (row, column) as a number (or a date), recording a problem for an error or unreadable cell;
/// nullopt for a blank, error or unreadable cell.
std::optional<double> read_reported(const table& t, const column_mapping& m, std::size_t row, std::size_t column,
                                    bool as_date, const read_options& options, std::vector<problem>& problems);
/// Margin (or profit) stands in for cost when a sheet has no cost column: a column of rates within [-1, 1]
/// is a margin rate (cost = sales × (1 − rate)), otherwise an amount (cost = sales − margin).
bool margin_is_rate(const table& t, const column_mapping& m, const read_options& options);
/// True when no cell of the table holds anything.
bool is_empty_table(const table& t);
}  // namespace detail

}  // namespace crm
