// Fuzz target: aggregating a transactions sheet (aggregate_transactions, is_transactions_sheet,
// latest_order_date). Input: a flags byte, the analysis date and time unit as raw doubles, then CSV text.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "crm/customers.hpp"
#include "crm/error.hpp"
#include "crm/transactions.hpp"
#include "fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    crm_fuzz::byte_reader in(data, size);
    const std::uint8_t flags = in.byte();
    double as_of = in.raw_double();
    double unit = in.raw_double();
    const crm::table t = crm_fuzz::table_from_text(in.rest());

    crm::read_options options;
    options.numbers.decimal_comma = flags & 1;
    options.dates.day_first = flags & 2;
    if (flags & 4) options.header_row = flags >> 4;

    (void)crm::is_transactions_sheet(t, options);
    const auto latest = crm::latest_order_date(t, options);
    if (flags & 8 && latest) as_of = *latest;  // the natural analysis date, as the jobs use it
    if (flags & 64) unit = 7.0;
    try {
        const crm::transactions_read read = crm::aggregate_transactions(t, as_of, options, unit);
        for (const auto& h : read.customers)
            if (h.x < 0 || h.orders == 0 || h.t_x > h.T + 1e-9 * std::abs(h.T)) std::abort();
        for (const crm::problem& p : read.problems) (void)crm::describe(p);
    } catch (const crm::error&) {
        // a non-finite analysis date or time unit is refused with a message
    }
    return 0;
}
