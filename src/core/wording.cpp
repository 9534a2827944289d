// Texts of the strings table with their named arguments (fmt's dynamic named arguments).
#include "crm/wording.hpp"

#include <fmt/args.h>
#include <fmt/format.h>

#include "crm/error.hpp"

namespace crm {

std::string worded(const text_lookup& texts, std::string_view key, const text_args& args) {
    const std::string text = texts(key);
    fmt::dynamic_format_arg_store<fmt::format_context> store;
    for (const auto& [name, value] : args) store.push_back(fmt::arg(name.c_str(), value));
    try {
        return fmt::vformat(text, store);
    } catch (const fmt::format_error& e) {
        throw illegal_argument("the text \"" + std::string(key) + "\" does not fit its arguments: " + e.what());
    }
}

std::string number_words(double value) { return fmt::format("{:g}", value); }

}  // namespace crm
