// The core's view of a sheet: cells as the office hands them over in bulk (getDataArray), with no UNO type.
#pragma once

#include <cstddef>
#include <string>
#include <variant>
#include <vector>

namespace crm {

/// A cell showing an error (#DIV/0!, #N/A, ...): the office's error code, kept only to report it.
struct cell_error {
    int code;
};

/// One sheet cell: empty, a number (dates are Calc serial numbers), UTF-8 text, or an error.
using cell = std::variant<std::monostate, double, std::string, cell_error>;

/// A sheet's used area, row-major: row 0 is the sheet's first row; rows may be ragged.
using table = std::vector<std::vector<cell>>;

/// The cell at (row, column), or an empty cell when the row is shorter or missing.
inline const cell& cell_at(const table& t, std::size_t row, std::size_t column) {
    static const cell empty{};
    if (row >= t.size() || column >= t[row].size()) return empty;
    return t[row][column];
}

/// True for an empty cell or a text cell holding only spaces.
inline bool is_blank(const cell& c) {
    if (std::holds_alternative<std::monostate>(c)) return true;
    const auto* text = std::get_if<std::string>(&c);
    return text && text->find_first_not_of(" \t\r\n") == std::string::npos;
}

/// True when every cell of the row is blank (or the row has no cell).
inline bool is_blank_row(const std::vector<cell>& row) {
    for (const cell& c : row)
        if (!is_blank(c)) return false;
    return true;
}

}  // namespace crm
