// Fuzz target: the exports (escape_ical_text, fold_ical_line, to_icalendar, neutralize_formula, to_csv) with
// the security properties checked on every input: escaped text holds no bare ; , \ or newline, folded lines
// are at most 75 octets and never split a UTF-8 sequence, no CSV cell starts a formula.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "crm/error.hpp"
#include "crm/icalendar.hpp"
#include "fuzz_input.hpp"

namespace {

bool continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// Well-formed UTF-8 (lead bytes followed by the right number of continuation bytes; overlongs not checked).
bool valid_utf8(std::string_view s) {
    for (std::size_t i = 0; i < s.size();) {
        const unsigned char c = s[i];
        const std::size_t n = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
        if (n == 0 || i + n > s.size()) return false;
        for (std::size_t k = 1; k < n; ++k)
            if (!continuation(s[i + k])) return false;
        i += n;
    }
    return true;
}

void check_escaped(std::string_view escaped) {
    for (std::size_t i = 0; i < escaped.size(); ++i) {
        const unsigned char c = escaped[i];
        if (c == '\\') {
            if (i + 1 >= escaped.size()) std::abort();
            const char next = escaped[++i];
            if (next != '\\' && next != ';' && next != ',' && next != 'n') std::abort();
        } else if (c == ';' || c == ',' || (c < 0x20 && c != '\t') || c == 0x7F) {
            std::abort();  // unescaped separator or a control character (a tab is TSAFE-CHAR)
        }
    }
}

// Folded content lines: CRLF-terminated physical lines of at most 75 octets; a continuation starts with a space
// and (for valid UTF-8) not inside a character. For one folded line, every physical line after the first is
// a continuation.
void check_folded(std::string_view folded, bool utf8, bool one_line) {
    std::size_t at = 0;
    bool first = true;
    while (at < folded.size()) {
        const std::size_t end = folded.find("\r\n", at);
        if (end == std::string_view::npos) std::abort();  // every physical line ends in CRLF
        const std::string_view line = folded.substr(at, end - at);
        if (line.size() > 75) std::abort();
        const bool continued = !first && !line.empty() && line[0] == ' ';
        if (one_line && !first && !continued) std::abort();  // continuation lines start with a space
        if (line.empty()) std::abort();                      // no empty physical line
        if (utf8 && continued && line.size() > 1 && continuation(line[1])) std::abort();  // split inside a character
        first = false;
        at = end + 2;
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    crm_fuzz::byte_reader in(data, size);
    const std::uint8_t flags = in.byte();
    const double date = in.raw_double();
    const std::string_view text = in.rest();

    const std::string escaped = crm::escape_ical_text(text);
    check_escaped(escaped);
    check_folded(crm::fold_ical_line("DESCRIPTION:" + escaped), valid_utf8(text), true);

    // The text split into fields of a few events and of CSV rows.
    std::vector<std::string> fields;
    std::size_t at = 0;
    while (at <= text.size() && fields.size() < 24) {
        const std::size_t end = std::min(text.find('\x1F', at), text.size());
        fields.emplace_back(text.substr(at, end - at));
        at = end + 1;
    }
    const auto field = [&](std::size_t i) { return i < fields.size() ? fields[i] : std::string(); };

    std::vector<crm::calendar_event> events;
    for (std::size_t e = 0; e * 5 < fields.size() && e < 4; ++e) {
        crm::calendar_event ev;
        ev.date = flags & 1 ? date : 45000 + e;
        ev.start_minutes = flags & 2 ? date : 480 + 30 * e;
        ev.duration_minutes = 45;
        ev.rep = field(5 * e), ev.customer_id = field(5 * e + 1), ev.summary = field(5 * e + 2);
        ev.location = field(5 * e + 3), ev.description = field(5 * e + 4);
        ev.stop = static_cast<int>(e);
        events.push_back(ev);
    }
    crm::ical_options options;
    options.dtstamp_utc = flags & 4 ? date : 45000.5;
    try {
        const std::string ics = crm::to_icalendar(events, options);
        check_folded(ics, valid_utf8(text), false);
    } catch (const crm::error&) {
        if (!(flags & 7)) std::abort();  // only a raw (possibly invalid) date may be refused, never a text
    }

    std::vector<std::vector<std::string>> rows;
    for (std::size_t i = 0; i < fields.size(); i += 3)
        rows.push_back({field(i), field(i + 1), field(i + 2)});
    (void)crm::to_csv(rows);
    for (const std::string& f : fields) {
        // Unless quoted, the first character after any spaces cannot start a formula (a '-' only a plain number).
        const std::string safe = crm::neutralize_formula(f);
        const std::size_t first = safe.find_first_not_of(' ');
        if (first != std::string::npos && safe[0] != '\'') {
            const char c = safe[first];
            if (c == '=' || c == '+' || c == '@' || c == '\t' || c == '\r') std::abort();
            if (c == '-' && safe.find_first_not_of("0123456789.,", first + 1) != std::string::npos) std::abort();
        }
        if (safe != f && safe != "'" + f) std::abort();  // nothing but the quote is ever added
    }
    return 0;
}
