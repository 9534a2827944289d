// Fuzz target: header and column detection and reading a customer sheet (detect_columns, read_customers,
// role_of_header, normalize_header, describe). Input: one flags byte, two override bytes, then CSV text.
#include <cstddef>
#include <cstdint>

#include "crm/columns.hpp"
#include "crm/customers.hpp"
#include "fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    crm_fuzz::byte_reader in(data, size);
    const std::uint8_t flags = in.byte();
    const std::uint8_t header_override = in.byte();
    const std::uint8_t column_override = in.byte();
    const crm::table t = crm_fuzz::table_from_text(in.rest());

    crm::read_options options;
    options.numbers.decimal_comma = flags & 1;
    options.dates.day_first = flags & 2;
    if (flags & 4) options.header_row = header_override % 16;  // may lie past the sheet
    if (flags & 8) options.columns[crm::column_role::sales] = column_override % 32;
    if (flags & 16) options.columns[static_cast<crm::column_role>(column_override % 24)] = header_override % 32;

    const auto kind = flags & 32 ? crm::sheet_kind::transactions : crm::sheet_kind::customers;
    const crm::column_mapping mapping = crm::detect_columns(t, kind);
    for (const auto& [role, column] : mapping.columns) (void)crm::role_name(role), (void)column;

    const crm::customer_read read = crm::read_customers(t, options);
    for (const crm::problem& p : read.problems) (void)crm::describe(p);

    // Every header cell through the matching on its own.
    if (!t.empty())
        for (const crm::cell& c : t.front())
            if (const auto* text = std::get_if<std::string>(&c)) {
                (void)crm::normalize_header(*text);
                (void)crm::role_of_header(*text, kind);
            }
    return 0;
}
