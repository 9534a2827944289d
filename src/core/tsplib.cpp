// Reading TSPLIB instances (EUC_2D) and tours; every malformed input becomes an illegal_argument naming its line.
#include "crm/tsplib.hpp"

#include <charconv>
#include <cmath>
#include <optional>
#include <string_view>
#include <system_error>

#include "crm/error.hpp"

namespace crm {
namespace {

std::string_view trimmed(std::string_view text) {
    const auto first = text.find_first_not_of(" \t\r\f\v");
    if (first == std::string_view::npos) return {};
    return text.substr(first, text.find_last_not_of(" \t\r\f\v") - first + 1);
}

// The whitespace-separated words of a line.
std::vector<std::string_view> words(std::string_view line) {
    std::vector<std::string_view> result;
    std::size_t at = 0;
    while ((at = line.find_first_not_of(" \t\r\f\v", at)) != std::string_view::npos) {
        const std::size_t end = std::min(line.find_first_of(" \t\r\f\v", at), line.size());
        result.push_back(line.substr(at, end - at));
        at = end;
    }
    return result;
}

// Parses all of `text` as a number of type T (no sign for unsigned, no trailing characters).
template <typename T>
std::optional<T> number(std::string_view text) {
    T value{};
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc{} || end != text.data() + text.size()) return std::nullopt;
    return value;
}

// The lines of a TSPLIB file, counted so that every error message can say where the problem is.
class tsplib_lines {
public:
    tsplib_lines(std::istream& in, std::string what) : in_(in), what_(std::move(what)) {}

    // The next line that is not blank, trimmed; false at the end of the stream.
    bool next(std::string_view& line) {
        while (std::getline(in_, buffer_)) {
            ++number_;
            line = trimmed(buffer_);
            if (!line.empty()) return true;
        }
        return false;
    }

    [[noreturn]] void fail(const std::string& message) const {
        throw illegal_argument(what_ + ", line " + std::to_string(number_) + ": " + message);
    }

private:
    std::istream& in_;
    std::string what_;
    std::string buffer_;
    std::size_t number_ = 0;
};

// The specification part of a TSPLIB file ("KEY : value" lines) up to the first section keyword.
struct tsplib_header {
    std::string name, type, edge_weight_type, section;
    std::optional<std::size_t> dimension;
};

tsplib_header read_header(tsplib_lines& lines) {
    tsplib_header header;
    std::string_view line;
    while (lines.next(line)) {
        const auto colon = line.find(':');
        const std::string key(trimmed(line.substr(0, colon)));
        const std::string value(colon == std::string_view::npos ? "" : trimmed(line.substr(colon + 1)));
        if (key.ends_with("_SECTION")) {
            header.section = key;
            return header;
        }
        if (colon == std::string_view::npos) lines.fail("expected \"KEY : value\", found \"" + std::string(line) + "\"");
        if (key == "NAME") {
            header.name = value;
        } else if (key == "TYPE") {
            header.type = value;
        } else if (key == "EDGE_WEIGHT_TYPE") {
            header.edge_weight_type = value;
        } else if (key == "DIMENSION") {
            const auto dimension = number<std::size_t>(value);
            if (!dimension || *dimension == 0 || *dimension > distance_matrix::max_size())
                lines.fail("DIMENSION must be a whole number from 1 to " + std::to_string(distance_matrix::max_size()) +
                           ", found \"" + value + "\"");
            header.dimension = dimension;
        } else if (key != "COMMENT" && key != "DISPLAY_DATA_TYPE") {
            lines.fail("unsupported keyword \"" + key + "\"");
        }
    }
    lines.fail("the file ends before its data section");
}

// After the data: nothing but blank lines and an optional EOF.
void read_end(tsplib_lines& lines) {
    std::string_view line;
    while (lines.next(line))
        if (line != "EOF") lines.fail("unexpected \"" + std::string(line) + "\" after the data section");
}

}  // namespace

tsplib_instance read_tsplib(std::istream& in) {
    tsplib_lines lines(in, "TSPLIB file");
    const tsplib_header header = read_header(lines);
    if (!header.type.empty() && header.type != "TSP")
        lines.fail("only symmetric TSP instances are supported, TYPE is \"" + header.type + "\"");
    if (header.edge_weight_type != "EUC_2D")
        lines.fail("only EDGE_WEIGHT_TYPE EUC_2D is supported, found \"" + header.edge_weight_type + "\"");
    if (header.section != "NODE_COORD_SECTION") lines.fail("expected NODE_COORD_SECTION, found " + header.section);
    if (!header.dimension) lines.fail("DIMENSION is missing before NODE_COORD_SECTION");

    const std::size_t n = *header.dimension;
    tsplib_instance instance{header.name, std::vector<std::pair<double, double>>(n)};
    std::vector<bool> seen(n, false);
    std::string_view line;
    for (std::size_t read = 0; read < n; ++read) {
        if (!lines.next(line)) lines.fail("the file ends after " + std::to_string(read) + " of " + std::to_string(n) + " nodes");
        const auto fields = words(line);
        if (fields.size() != 3) lines.fail("expected \"node x y\", found \"" + std::string(line) + "\"");
        const auto node = number<std::size_t>(fields[0]);
        const auto x = number<double>(fields[1]);
        const auto y = number<double>(fields[2]);
        if (!node || *node < 1 || *node > n) lines.fail("node number must be from 1 to " + std::to_string(n));
        if (seen[*node - 1]) lines.fail("node " + std::to_string(*node) + " appears twice");
        if (!x || !y || !std::isfinite(*x) || !std::isfinite(*y)) lines.fail("coordinates must be finite numbers");
        seen[*node - 1] = true;
        instance.coords[*node - 1] = {*x, *y};
    }
    read_end(lines);
    return instance;
}

distance_matrix tsplib_distances(const tsplib_instance& instance) {
    const std::size_t n = instance.coords.size();
    distance_matrix d(n);
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = i + 1; j < n; ++j) {
            const double dx = instance.coords[i].first - instance.coords[j].first;
            const double dy = instance.coords[i].second - instance.coords[j].second;
            // TSPLIB's nint: (int)(sqrt(dx*dx + dy*dy) + 0.5); published optima are measured this way.
            const double rounded = std::floor(std::sqrt(dx * dx + dy * dy) + 0.5);
            d.set(i, j, rounded);
            d.set(j, i, rounded);
        }
    return d;
}

std::vector<std::size_t> read_tsplib_tour(std::istream& in) {
    tsplib_lines lines(in, "TSPLIB tour");
    const tsplib_header header = read_header(lines);
    if (!header.type.empty() && header.type != "TOUR") lines.fail("TYPE must be TOUR, found \"" + header.type + "\"");
    if (header.section != "TOUR_SECTION") lines.fail("expected TOUR_SECTION, found " + header.section);

    // The nodes, any number a line, up to the -1 that ends the tour.
    std::vector<std::size_t> tour;
    std::vector<bool> seen;
    std::string_view line;
    bool ended = false;
    while (!ended && lines.next(line))
        for (std::string_view word : words(line)) {
            if (ended) lines.fail("unexpected \"" + std::string(word) + "\" after -1");
            if (word == "-1") {
                ended = true;
                continue;
            }
            const auto node = number<std::size_t>(word);
            const std::size_t limit = header.dimension.value_or(distance_matrix::max_size());
            if (!node || *node < 1 || *node > limit)
                lines.fail("node number must be from 1 to " + std::to_string(limit) + ", found \"" + std::string(word) + "\"");
            if (seen.size() < *node) seen.resize(*node, false);
            if (seen[*node - 1]) lines.fail("node " + std::to_string(*node) + " appears twice in the tour");
            seen[*node - 1] = true;
            tour.push_back(*node - 1);
        }
    if (!ended) lines.fail("the tour does not end with -1");
    // Every node from 1 to the dimension (or to the largest node, without DIMENSION) exactly once.
    if (tour.size() != header.dimension.value_or(seen.size()))
        lines.fail("the tour has " + std::to_string(tour.size()) + " nodes, expected " +
                   std::to_string(header.dimension.value_or(seen.size())));
    read_end(lines);
    return tour;
}

}  // namespace crm
