// Fuzz target: numbers and dates written as text (parse_number, parse_date, read_number, read_date, text_of),
// under both number styles and both date orders, with a round-trip check of UTF-8 decoding, and bounded_text.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "crm/text_values.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    for (const bool comma : {false, true}) {
        const auto number = crm::parse_number(text, {comma});
        // A number read from text is a number: never NaN, never an infinity.
        if (number && !std::isfinite(*number)) std::abort();
    }
    for (const bool day_first : {false, true}) {
        const auto date = crm::parse_date(text, {day_first});
        if (date) {
            if (!std::isfinite(*date)) std::abort();
            (void)crm::year_of(*date);
        }
        (void)crm::read_date(crm::cell(std::string(text)), {day_first});
    }
    (void)crm::read_number(crm::cell(std::string(text)));
    (void)crm::text_of(crm::cell(std::string(text)));

    // Decoding then encoding again gives valid UTF-8 that decodes to the same code points.
    const std::u32string points = crm::detail::decode_utf8(text);
    std::string again;
    for (const char32_t c : points) {
        crm::detail::append_utf8(again, c);
        (void)crm::detail::fold_width(c);
    }
    if (crm::detail::decode_utf8(again) != points) std::abort();

    // Quoting cell text in a message: bounded, a prefix of the text, and valid UTF-8 stays valid.
    const std::size_t max_chars = size > 0 ? 1 + data[0] % 64 : 1;
    const std::string bounded = crm::bounded_text(text, max_chars);
    if (bounded.size() > 4 * max_chars + 3) std::abort();
    if (bounded != text) {
        const std::string_view kept(bounded.data(), bounded.size() - 3);
        if (bounded.compare(bounded.size() - 3, 3, "\xE2\x80\xA6") != 0 || text.substr(0, kept.size()) != kept) std::abort();
        if (again == text && crm::detail::decode_utf8(bounded).size() != max_chars) std::abort();
    }
    return 0;
}
