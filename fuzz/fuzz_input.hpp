// Turning a fuzzer's bytes into the core's inputs: a sheet (through the CSV reader, with a few escapes for
// error cells and raw doubles), options, and lists of numbers. Shared by the fuzz targets; no libFuzzer header.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "crm/cell.hpp"
#include "crm/csv.hpp"

namespace crm_fuzz {

/// Reads bytes front to back; past the end every read gives zeros.
class byte_reader {
public:
    byte_reader(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}

    std::uint8_t byte() { return at_ < size_ ? data_[at_++] : 0; }

    /// Eight raw bytes as a double: NaN, infinities, subnormals and huge values all occur.
    double raw_double() {
        unsigned char bytes[sizeof(double)] = {};
        for (auto& b : bytes) b = byte();
        double value;
        std::memcpy(&value, bytes, sizeof value);
        return value;
    }

    std::size_t remaining() const { return size_ - at_; }
    std::string_view rest() const { return {reinterpret_cast<const char*>(data_ + at_), size_ - at_}; }

private:
    const std::uint8_t* data_;
    std::size_t size_;
    std::size_t at_ = 0;
};

/// A sheet from text read as CSV (separator guessed, so the samples' ';' and ',' files seed it), where a text
/// cell "#E<n>" becomes an error cell with code n and "#D<16 hex digits>" the double with those bits (NaN,
/// infinities, -0 and subnormals, which a real sheet can hold after a formula).
inline crm::table table_from_text(std::string_view text) {
    std::istringstream in{std::string(text)};
    crm::table t = crm::read_csv(in);
    for (auto& row : t) {
        for (auto& c : row) {
            const auto* s = std::get_if<std::string>(&c);
            if (!s || s->size() < 2 || (*s)[0] != '#') continue;
            if ((*s)[1] == 'E') {
                int code = 0;
                for (std::size_t i = 2; i < s->size() && i < 6; ++i) code = code * 10 + ((*s)[i] & 7);
                c = crm::cell_error{code};
            } else if ((*s)[1] == 'D' && s->size() >= 18) {
                std::uint64_t bits = 0;
                for (std::size_t i = 2; i < 18; ++i) {
                    const char h = (*s)[i];
                    bits = bits << 4 | (static_cast<std::uint64_t>(h >= 'a' ? h - 'a' + 10 : h >= 'A' ? h - 'A' + 10 : h - '0') & 15);
                }
                double value;
                std::memcpy(&value, &bits, sizeof value);
                c = value;
            }
        }
    }
    return t;
}

}  // namespace crm_fuzz
