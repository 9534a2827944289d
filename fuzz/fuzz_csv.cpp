// Fuzz target: the CSV reader (read_csv with a guessed or given separator, guess_separator); checks that a
// cell read as a number is finite.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>
#include <string_view>

#include "crm/csv.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    (void)crm::guess_separator(text);
    for (const char separator : {'\0', ',', ';', '\t'}) {
        std::istringstream in(text);
        const crm::table t = crm::read_csv(in, separator);
        std::size_t bytes = 0;
        for (const auto& row : t)
            for (const auto& c : row) {
                if (const auto* d = std::get_if<double>(&c); d && !std::isfinite(*d)) std::abort();
                if (const auto* s = std::get_if<std::string>(&c)) bytes += s->size();
            }
        if (bytes > text.size()) std::abort();  // a reader never makes up text
    }
    return 0;
}
