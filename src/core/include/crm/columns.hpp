// Column detection of the spec's "Column detection, precisely": headers by synonyms and by the data's type.
#pragma once

#include <array>
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "crm/cell.hpp"
#include "crm/text_values.hpp"

namespace crm {

/// What a column of a customer or transactions sheet holds.
enum class column_role {
    id, name, sales, sales_previous, sales_before, cost, margin, region, city, address, latitude, longitude, rep,
    last_visit, orders, referrals, suggestions, product_lines, share_of_wallet,
    customer_id /*transactions*/, date, amount, quantity, product, invoice, unit_price, postal_code,
    country, visit_days, opening_hours, day_start, days_off /*a rep's, on the Reps sheet*/, unknown
};

/// The customer roles a user may map to a column (the option Columns, the panel's column lists), in the order
/// the panel shows them.
inline constexpr std::array<column_role, 17> mappable_roles{
    column_role::id, column_role::name, column_role::sales, column_role::sales_previous, column_role::sales_before,
    column_role::cost, column_role::rep, column_role::region, column_role::city, column_role::postal_code,
    column_role::country, column_role::latitude, column_role::longitude, column_role::last_visit, column_role::orders,
    column_role::visit_days, column_role::opening_hours};

/// Which kind of sheet is read: one row per customer, or one row per order.
enum class sheet_kind { customers, transactions };

/// The columns found on a sheet: role → 0-based column, yearly sales columns, the header row.
struct column_mapping {
    std::map<column_role, std::size_t> columns;             ///< role → 0-based column index
    std::vector<std::pair<int, std::size_t>> sales_by_year;  ///< year → column, ascending by year
    std::size_t header_row = 0;                              ///< 0-based row of the headers; data follows
    std::vector<std::string> notes;                          ///< how ambiguous choices were made (English)
    /// Text date columns whose values decide their order (spec "Order logs as shops export them"): column →
    /// true for day-first (a first field above 12 was seen), false for month-first (a second field above 12).
    /// A column whose values never tell is read in the document's order and is not listed.
    std::map<std::size_t, bool> day_first_columns;
};

/// Finds the header row and the role of each column of `t` (never throws for odd sheets).
column_mapping detect_columns(const table& t, sheet_kind kind);

/// How many rows from the top the header row is looked for in; detection also looks at the row below it.
inline constexpr std::size_t header_scan_rows = 10;

/// For a reader that computes a sheet's formula columns only when it must (a job reading a Customers sheet whose
/// model columns it does not use): `t` holds the sheet with the values of the columns `known` marks, the other
/// columns' cells below the first rows as anything non-blank (their formula text, say). Gives the columns not
/// known yet whose values detection (for a customer sheet or an order log) would look at. Reading them and
/// asking again until nothing is left gives the mapping detect_columns gives on the whole sheet: a column whose
/// header names no role, or whose role an earlier column holds, is never read.
std::vector<std::size_t> columns_to_read(const table& t, const std::vector<bool>& known);

/// The role a header names ("Chiffre d'affaires" → sales), and its year if it carries one (0 if not).
std::pair<column_role, int> role_of_header(std::string_view header, sheet_kind kind);

/// A header folded for matching: lower case, no accents, half-width, traditional Chinese as simplified,
/// without spaces and punctuation ("N° Client" → "nclient", "客戶編號" → "客户编号").
std::string normalize_header(std::string_view header);

/// The English name of a role ("sales", "last_visit"), for notes and problem details.
std::string_view role_name(column_role role);

/// The role of an English role name as role_name gives it ("sales" → sales); nullopt for any other text.
std::optional<column_role> role_from_name(std::string_view name);

/// The column of the header row whose header is `header`: the exact text first, then the same folded
/// header (normalize_header: "chiffre d'affaires 2025" finds "Chiffre d’affaires 2025"); nullopt if none.
std::optional<std::size_t> column_headed(const table& t, std::size_t header_row, std::string_view header);

/// The header texts of the header row, one per column up to the widest row ("" for a blank header).
std::vector<std::string> header_texts(const table& t, std::size_t header_row);

}  // namespace crm
