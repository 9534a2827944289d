// Reading cell-function arguments into core types: numbers of ranges, handle cells, optional numbers.
#include "addin/arguments.hxx"

#include <algorithm>
#include <string_view>

#include "crm/error.hpp"
#include "addin/documents.hxx"

namespace crm_uno {

using css::uno::Any;
using ::rtl::OUString;

std::optional<double> number_of(const Any& cell) {
    switch (cell.getValueTypeClass()) {
        case css::uno::TypeClass_DOUBLE: return *static_cast<const double*>(cell.getValue());
        case css::uno::TypeClass_BOOLEAN: return *static_cast<const sal_Bool*>(cell.getValue()) ? 1.0 : 0.0;
        default: {
            double value;
            if (cell.getValueTypeClass() != css::uno::TypeClass_STRING && (cell >>= value)) return value;
            return std::nullopt;
        }
    }
}

std::optional<std::uint64_t> handle_token(const Any& cell) {
    if (cell.getValueTypeClass() != css::uno::TypeClass_STRING) return std::nullopt;
    const OUString& text = *static_cast<const OUString*>(cell.getValue());
    return crm::parse_handle_token(std::u16string_view(reinterpret_cast<const char16_t*>(text.getStr()),
                                                        static_cast<std::size_t>(text.getLength())));
}

const Any* single_cell(const Any& argument) {
    if (argument.getValueTypeClass() != css::uno::TypeClass_SEQUENCE) return &argument;
    const auto* rows = static_cast<const cell_rows*>(argument.getValue());
    if (argument.getValueType() != cppu::UnoType<cell_rows>::get()) return nullptr;
    if (rows->getLength() == 1 && (*rows)[0].getLength() == 1) return &(*rows)[0][0];
    return nullptr;
}

std::vector<std::optional<double>> cells_of(const Any& argument, std::size_t* columns) {
    if (columns) *columns = 1;
    if (!argument.hasValue()) throw crm::illegal_argument("a required range is missing");
    if (argument.getValueType() == cppu::UnoType<cell_rows>::get()) {
        const auto& rows = *static_cast<const cell_rows*>(argument.getValue());
        std::vector<std::optional<double>> cells;
        const sal_Int32 width = rows.getLength() > 0 ? rows[0].getLength() : 0;
        if (columns) *columns = static_cast<std::size_t>(width);
        cells.reserve(static_cast<std::size_t>(rows.getLength()) * static_cast<std::size_t>(width));
        for (const auto& row : rows) {
            if (row.getLength() != width) throw crm::illegal_argument("the range is not rectangular");
            for (const auto& cell : row) cells.push_back(number_of(cell));
        }
        return cells;
    }
    if (argument.getValueTypeClass() == css::uno::TypeClass_SEQUENCE)
        throw crm::illegal_argument("the range holds values of an unexpected type");
    return {number_of(argument)};
}

std::vector<double> numbers_of(const std::vector<std::optional<double>>& cells) {
    std::vector<double> numbers;
    numbers.reserve(cells.size());
    for (const auto& cell : cells)
        if (cell) numbers.push_back(*cell);
    return numbers;
}

std::vector<std::vector<double>> columns_of(const Any& argument) {
    if (argument.getValueType() != cppu::UnoType<cell_rows>::get()) {
        const auto cells = cells_of(argument);  // a single value, or the errors of cells_of
        std::vector<std::vector<double>> columns(1);
        if (!cells.empty() && cells.front()) columns.front().push_back(*cells.front());
        return columns;
    }
    // A range: straight into its columns (a handle reads up to millions of cells).
    const auto& rows = *static_cast<const cell_rows*>(argument.getValue());
    const sal_Int32 width = rows.getLength() > 0 ? rows[0].getLength() : 0;
    std::vector<std::vector<double>> columns(static_cast<std::size_t>(std::max<sal_Int32>(width, 1)));
    for (auto& column : columns) column.reserve(static_cast<std::size_t>(rows.getLength()));
    for (const auto& row : rows) {
        if (row.getLength() != width) throw crm::illegal_argument("the range is not rectangular");
        for (sal_Int32 c = 0; c < width; ++c)
            if (const auto number = number_of(row[c])) columns[static_cast<std::size_t>(c)].push_back(*number);
    }
    return columns;
}

std::shared_ptr<const crm::column_set> handle_of(const call_context& call, const Any& argument) {
    const Any* cell = single_cell(argument);
    if (!cell) return nullptr;
    const auto token = handle_token(*cell);
    if (!token) return nullptr;
    auto found = handle_cache().find(call.document, *token);
    // Spec "Column handles": a handle whose copy is gone never answers
    // from another column or document; it is an illegal argument.
    if (!found)
        throw crm::illegal_argument(
            "this CRM_COLUMN handle is no longer available (recalculate its cell, e.g. Ctrl+Shift+F9)");
    return found;
}

values_argument resolve_values(const call_context& call, const Any& argument) {
    if (auto handle = handle_of(call, argument)) return {std::move(handle), {}};
    return {nullptr, numbers_of(cells_of(argument))};
}

double optional_number(const Any& argument, double fallback, const char* name) {
    if (!argument.hasValue()) return fallback;  // omitted
    const Any* cell = single_cell(argument);
    if (!cell) throw crm::illegal_argument(std::string(name) + " must be a single number");
    if (!cell->hasValue()) return 0.0;  // a blank cell counts as 0, as in Calc's own functions
    const auto number = number_of(*cell);
    if (!number) throw crm::illegal_argument(std::string(name) + " must be a number");
    return *number;
}

std::optional<double> optional_value(const Any& argument, const char* name) {
    if (!argument.hasValue()) return std::nullopt;  // omitted
    return optional_number(argument, 0.0, name);
}

}  // namespace crm_uno
