// Reading cell-function arguments (ranges, inline arrays, handle cells, optional numbers) into core types.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <com/sun/star/uno/Any.hxx>
#include <com/sun/star/uno/Sequence.hxx>
#include <rtl/ustring.hxx>

#include "crm/column_cache.hpp"
#include "addin/functions.hxx"

namespace crm_uno {

/// How Calc passes a range (or an inline array) to an `any` parameter.
using cell_rows = css::uno::Sequence<css::uno::Sequence<css::uno::Any>>;

/// A number cell as the core sees it; blanks and text are not numbers (spec: "General rules").
std::optional<double> number_of(const css::uno::Any& cell);

/// The token of a CRM_COLUMN handle held by a cell, if the cell holds one.
std::optional<std::uint64_t> handle_token(const css::uno::Any& cell);

/// A 1×1 range or a scalar: the single cell, else nullptr.
const css::uno::Any* single_cell(const css::uno::Any& argument);

/// Every cell of a range argument (or an inline array, or a scalar), row by row; `columns` gets the width.
std::vector<std::optional<double>> cells_of(const css::uno::Any& argument, std::size_t* columns = nullptr);

/// The numbers among cells, in order.
std::vector<double> numbers_of(const std::vector<std::optional<double>>& cells);

/// The numbers of a range argument column by column (blanks and text left out); at least one column.
std::vector<std::vector<double>> columns_of(const css::uno::Any& argument);

/// The cached copy named by a handle cell, or nullptr when the argument is not a handle cell;
/// a handle whose copy is gone is an illegal argument.
std::shared_ptr<const crm::column_set> handle_of(const call_context& call, const css::uno::Any& argument);

/// A "values" argument: either the cached copy named by a handle cell, or the numbers of the range.
struct values_argument {
    std::shared_ptr<const crm::column_set> handle;
    std::vector<double> numbers;
};

/// Resolves a "values" argument; a handle whose copy is gone is an illegal argument.
values_argument resolve_values(const call_context& call, const css::uno::Any& argument);

/// An optional numeric argument: `fallback` when omitted, 0 for a blank cell,
/// the number otherwise; text is an illegal argument.
double optional_number(const css::uno::Any& argument, double fallback, const char* name);

/// An optional numeric argument without default: nullopt when omitted, 0 for a
/// blank cell, the number otherwise; text is an illegal argument.
std::optional<double> optional_value(const css::uno::Any& argument, const char* name);

}  // namespace crm_uno
