// Offline gazetteer: parses the embedded data/gazetteer/gazetteer.tsv once into an index of folded names and postal
// codes, and places a customer from its town name and/or postal code with optional region and country hints.
#include "crm/gazetteer.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

#include "crm/text_values.hpp"
#include "gazetteer_data.hpp"

namespace crm {

namespace {

constexpr std::uint16_t no_country = 0xFFFF;
// Longer text names no place: it is not folded at all (a cell holding a whole page never costs much).
constexpr std::size_t longest_name_bytes = 1000;

enum class name_class : std::uint8_t { primary = 0, alternate = 1, zip_city = 2 };

struct country_entry {
    std::string_view code;
    std::string_view parent_code;
    std::uint16_t parent = no_country;  ///< the country it belongs to (FR for RE), or no_country
};

struct region_entry {
    std::uint16_t country;
    std::string_view a1, a2;  ///< a2 empty: the whole first-level division a1
};

struct place_entry {
    double latitude, longitude;
    std::uint32_t population;
    std::uint16_t country;
    char point;                 ///< 'o' own point, 'p' the main commune of its postal code, 'c' its city's
    std::string_view a1, a2;    ///< first- and second-level division codes
    std::string_view names;     ///< the name fields, tab-separated, "~" before the alternate names
    std::string_view name() const { return names.substr(0, names.find('\t')); }
};

struct zip_entry {
    double latitude, longitude;
    std::uint16_t country;
    std::string_view code, a1, city;
};

struct key_entry {
    std::uint64_t hash;
    std::uint32_t ref;  ///< place index, or zip index for name_class::zip_city
    name_class kind;
    bool operator<(const key_entry& o) const {
        return std::tie(hash, kind, ref) < std::tie(o.hash, o.kind, o.ref);
    }
};

struct postal_entry {
    std::string_view code;
    std::uint32_t ref;
    bool zip;  ///< ref is a zip index (else a place index)
    bool operator<(const postal_entry& o) const { return std::tie(code, zip, ref) < std::tie(o.code, o.zip, o.ref); }
};

std::uint64_t hash_key(std::string_view key) {
    std::uint64_t h = 14695981039346656037ull;  // FNV-1a
    for (const char c : key) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
    return h;
}

void split(std::string_view line, char separator, std::vector<std::string_view>& fields) {
    fields.clear();
    std::size_t start = 0;
    for (;;) {
        const auto end = line.find(separator, start);
        fields.push_back(line.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
        if (end == std::string_view::npos) return;
        start = end + 1;
    }
}

std::vector<std::string_view> split(std::string_view line, char separator) {
    std::vector<std::string_view> fields;
    split(line, separator, fields);
    return fields;
}

// The code point at `at` (U+FFFD for a byte that starts no valid UTF-8 sequence), moving `at` past it; the same
// reading as detail::decode_utf8, without building a string.
char32_t next_code_point(std::string_view text, std::size_t& at) {
    const auto b = static_cast<unsigned char>(text[at]);
    if (b < 0x80) {
        ++at;
        return b;
    }
    const std::size_t length = (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 0;
    if (length == 0 || at + length > text.size()) {
        ++at;
        return U'\uFFFD';
    }
    char32_t c = b & (0xFF >> (length + 1));
    for (std::size_t k = 1; k < length; ++k) {
        const auto next = static_cast<unsigned char>(text[at + k]);
        if ((next & 0xC0) != 0x80) {
            ++at;
            return U'\uFFFD';
        }
        c = (c << 6) | (next & 0x3F);
    }
    at += length;
    return c;
}

char32_t first_code_point(std::string_view text) {
    const auto points = detail::decode_utf8(text);
    return points.empty() ? U'\uFFFD' : points.front();
}

bool is_separator(char32_t c) {
    if (c < 0x80) return !((c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z') || (c >= U'0' && c <= U'9'));
    return (c >= 0xA0 && c <= 0xBF) || c == 0xD7 || c == 0xF7 || (c >= 0x2000 && c <= 0x206F) ||
           (c >= 0x2190 && c <= 0x2BFF) || (c >= 0x3000 && c <= 0x3004) || (c >= 0x3008 && c <= 0x303F) ||
           c == 0x30FB || (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF61 && c <= 0xFF65) || c == 0xFFFD;
}

// Abbreviations written for whole words ("St-Étienne", "Ste-Foy", "Mt Vernon", "Ft Worth").
std::string_view expanded(std::string_view word) {
    if (word == "st") return "saint";
    if (word == "ste") return "sainte";
    if (word == "mt") return "mount";
    if (word == "ft") return "fort";
    return word;
}

// Words that only say what kind of division a Chinese place is ("Shanghai Shi", "Changle Xian").
bool is_latin_suffix(std::string_view word) {
    constexpr std::array<std::string_view, 9> suffixes = {"shi", "sheng", "xian", "qu", "zhen",
                                                           "xiang", "zizhiqu", "zizhizhou", "zizhixian"};
    return std::find(suffixes.begin(), suffixes.end(), word) != suffixes.end();
}

// The same in Chinese (上海市, 浙江省, 广西壮族自治区), longest first; after folding to Simplified.
constexpr std::array<std::string_view, 14> han_suffixes = {
    "维吾尔自治区", "特别行政区", "壮族自治区", "回族自治区", "自治区", "自治州", "自治县",
    "地区", "市", "省", "县", "区", "镇", "乡"};

std::size_t code_points(std::string_view utf8) {
    return static_cast<std::size_t>(std::count_if(utf8.begin(), utf8.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    }));
}

class gazetteer {
public:
    gazetteer() { load(); }

    /// The folded key of a name and, when a division suffix comes off, the shorter key (empty if none).
    std::pair<std::string, std::string> keys(std::string_view text) const {
        std::pair<std::string, std::string> result;
        if (text.size() > longest_name_bytes) return result;
        std::string& key = result.first;
        std::string word;
        std::size_t words = 0, last_word = 0;
        const auto end_word = [&] {
            if (word.empty()) return;
            last_word = key.size();
            key += expanded(word);
            ++words;
            word.clear();
        };
        for (std::size_t at = 0; at < text.size();) {
            char32_t c = next_code_point(text, at);
            if (c >= 0x80) {
                c = detail::fold_width(c);
                if (const auto simple = t2s_.find(c); simple != t2s_.end()) c = simple->second;
            }
            if (c >= 0x300 && c <= 0x36F) continue;  // a combining accent
            if (is_separator(c)) {
                end_word();
                continue;
            }
            if (c >= U'A' && c <= U'Z') c += 32;
            if (const auto plain = latin(c); !plain.empty()) {
                word += plain;
                continue;
            }
            detail::append_utf8(word, c);
        }
        end_word();
        if (words > 1 && is_latin_suffix(std::string_view(key).substr(last_word))) {
            result.second = key.substr(0, last_word);
        } else {
            for (const auto suffix : han_suffixes)
                if (key.size() > suffix.size() && key.ends_with(suffix) &&
                    code_points(std::string_view(key).substr(0, key.size() - suffix.size())) >= 2) {
                    result.second = key.substr(0, key.size() - suffix.size());
                    break;
                }
        }
        return result;
    }

    std::optional<place_match> find(const place_query& query) const;

    std::optional<std::uint16_t> country_of(std::string_view text) const {
        const auto [key, shorter] = keys(text);
        for (const auto& k : {key, shorter}) {
            if (k.empty()) continue;
            const auto h = hash_key(k);
            const auto found = std::lower_bound(country_keys_.begin(), country_keys_.end(), std::pair{h, std::uint16_t{0}});
            if (found != country_keys_.end() && found->first == h) return found->second;
        }
        return std::nullopt;
    }

    std::optional<std::string> country_code_of(std::string_view text) const {
        if (const auto c = country_of(text)) return std::string(countries_[*c].code);
        return std::nullopt;
    }

    gazetteer_summary summary() const {
        return {places_.size(), postal_.size(), names_.size(), countries_.size(), std::string(sources_)};
    }

    std::pair<std::size_t, std::size_t> country_counts(std::string_view iso) const {
        const auto c = country_index(iso);
        if (!c) return {0, 0};
        const auto places = std::count_if(places_.begin(), places_.end(), [&](const auto& p) { return p.country == *c; });
        const auto codes = std::count_if(postal_.begin(), postal_.end(), [&](const postal_entry& e) {
            return (e.zip ? zips_[e.ref].country : places_[e.ref].country) == *c;
        });
        return {static_cast<std::size_t>(places), static_cast<std::size_t>(codes)};
    }

private:
    struct hints {
        std::optional<std::uint16_t> country;  // none: any
        std::vector<std::uint32_t> regions;    // empty: any
        bool unknown = false;                  // a hint named nothing known and is not used
    };

    std::string_view latin(char32_t c) const {
        if (c >= 0xC0 && c < 0x250) return latin_low_[c - 0xC0];
        if (c >= 0x1E00 && c < 0x1F00) return latin_high_[c - 0x1E00];
        return {};
    }

    std::optional<std::uint16_t> country_index(std::string_view code) const {
        const auto found = country_by_code_.find(code);
        if (found == country_by_code_.end()) return std::nullopt;
        return found->second;
    }

    void add_key(std::string_view name, std::uint32_t ref, name_class kind) {
        const auto [key, shorter] = keys(name);
        if (!key.empty()) names_.push_back({hash_key(key), ref, kind});
        if (!shorter.empty()) names_.push_back({hash_key(shorter), ref, kind});
    }

    void load();
    hints read_hints(const place_query& query) const;
    bool in_country(const hints& h, std::uint16_t country) const;
    bool fits(const hints& h, std::uint16_t country, std::string_view a1, std::string_view a2) const;
    bool place_named(const place_entry& p, const std::pair<std::string, std::string>& query_keys) const;
    place_match match_of_place(std::uint32_t index) const;
    place_match match_of_zip(std::uint32_t index) const;
    std::string region_name(std::uint16_t country, std::string_view a1) const;

    std::array<std::string_view, 0x250 - 0xC0> latin_low_{};
    std::array<std::string_view, 0x100> latin_high_{};
    std::unordered_map<char32_t, char32_t> t2s_;
    std::vector<country_entry> countries_;
    std::unordered_map<std::string_view, std::uint16_t> country_by_code_;
    std::vector<std::pair<std::uint64_t, std::uint16_t>> country_keys_;  // sorted
    std::vector<region_entry> regions_;
    std::unordered_map<std::string, std::string_view> division_names_;  // division_key → name shown
    std::vector<std::pair<std::uint64_t, std::uint32_t>> region_keys_;   // sorted
    std::vector<place_entry> places_;
    std::vector<zip_entry> zips_;
    std::vector<key_entry> names_;    // sorted
    std::vector<postal_entry> postal_;  // sorted
    std::string_view sources_;
};

// A first-level division of a country, as a map key.
std::string division_key(std::uint16_t country, std::string_view a1) {
    std::string key(a1);
    key += static_cast<char>(country & 0xFF);
    key += static_cast<char>(country >> 8);
    return key;
}

template <class T>
T number(std::string_view text) {
    T value{};
    std::from_chars(text.data(), text.data() + text.size(), value);
    return value;
}

void gazetteer::load() {
    std::vector<std::string_view> lines;
    for (std::size_t c = 0; c < detail::gazetteer_chunk_count; ++c) {
        const auto chunk = detail::gazetteer_chunks[c];
        std::size_t start = 0;
        while (start < chunk.size()) {
            const auto end = chunk.find('\n', start);
            lines.push_back(chunk.substr(start, end - start));
            start = end == std::string_view::npos ? chunk.size() : end + 1;
        }
    }
    // Pass 1: the tables folding needs, and the countries (places refer to them by code).
    std::vector<std::string_view> f;
    for (const auto line : lines) {
        if (line.empty() || line[0] == '#') continue;
        split(line, '\t', f);
        switch (line[0]) {
            case 'V':
                if (f.size() > 2) sources_ = f[2];
                break;
            case 'F':
                if (f.size() == 3) {
                    const char32_t c = first_code_point(f[1]);
                    if (c >= 0xC0 && c < 0x250) latin_low_[c - 0xC0] = f[2];
                    if (c >= 0x1E00 && c < 0x1F00) latin_high_[c - 0x1E00] = f[2];
                }
                break;
            case 'T':
                if (f.size() == 3) t2s_.emplace(first_code_point(f[1]), first_code_point(f[2]));
                break;
            case 'C':
                if (f.size() > 3) {
                    country_by_code_.emplace(f[1], static_cast<std::uint16_t>(countries_.size()));
                    countries_.push_back({f[1], f[2]});
                }
                break;
            default:
                break;
        }
    }
    for (auto& c : countries_)
        if (const auto parent = country_index(c.parent_code)) c.parent = *parent;
    for (const auto line : lines) {
        if (line.empty()) continue;
        split(line, '\t', f);
        if (line[0] == 'C' && f.size() > 3) {
            const auto index = *country_index(f[1]);
            for (std::size_t i = 3; i < f.size(); ++i) {
                const auto [key, shorter] = keys(f[i]);
                for (const auto& k : {key, shorter})
                    if (!k.empty()) country_keys_.emplace_back(hash_key(k), index);
            }
        } else if (line[0] == 'R' && f.size() > 4) {
            const auto country = country_index(f[1]);
            if (!country) continue;
            const auto index = static_cast<std::uint32_t>(regions_.size());
            regions_.push_back({*country, f[2], f[3]});
            if (f[3].empty()) division_names_.emplace(division_key(*country, f[2]), f[4]);
            for (std::size_t i = 4; i < f.size(); ++i) {
                const auto [key, shorter] = keys(f[i]);
                for (const auto& k : {key, shorter})
                    if (!k.empty()) region_keys_.emplace_back(hash_key(k), index);
            }
        } else if (line[0] == 'P' && f.size() > 9) {
            const auto country = country_index(f[1]);
            if (!country) continue;
            const auto index = static_cast<std::uint32_t>(places_.size());
            const auto names_start = static_cast<std::size_t>(f[9].data() - line.data());
            places_.push_back({number<double>(f[4]), number<double>(f[5]), number<std::uint32_t>(f[6]), *country,
                               f[7].empty() ? 'o' : f[7][0], f[2], f[3], line.substr(names_start)});
            if (!f[8].empty())
                for (const auto code : split(f[8], ' ')) postal_.push_back({code, index, false});
            name_class kind = name_class::primary;
            for (std::size_t i = 9; i < f.size(); ++i) {
                if (f[i] == "~") {
                    kind = name_class::alternate;
                    continue;
                }
                add_key(f[i], index, kind);
            }
        } else if (line[0] == 'U' && f.size() == 7) {
            const auto country = country_index(f[2]);
            if (!country) continue;
            const auto index = static_cast<std::uint32_t>(zips_.size());
            zips_.push_back({number<double>(f[4]), number<double>(f[5]), *country, f[1], f[3], f[6]});
            postal_.push_back({f[1], index, true});
        }
    }
    // A town known only from its ZIP codes is named once, by its first ZIP (in code order).
    std::unordered_map<std::string, std::uint32_t> zip_towns;
    for (std::uint32_t i = 0; i < zips_.size(); ++i) {
        const auto& z = zips_[i];
        std::string town = std::string(z.city) + '\t' + std::string(countries_[z.country].code) + '\t' + std::string(z.a1);
        if (zip_towns.emplace(std::move(town), i).second) add_key(z.city, i, name_class::zip_city);
    }
    std::sort(country_keys_.begin(), country_keys_.end());
    country_keys_.erase(std::unique(country_keys_.begin(), country_keys_.end()), country_keys_.end());
    std::sort(region_keys_.begin(), region_keys_.end());
    region_keys_.erase(std::unique(region_keys_.begin(), region_keys_.end()), region_keys_.end());
    std::sort(names_.begin(), names_.end());
    names_.erase(std::unique(names_.begin(), names_.end(),
                             [](const key_entry& a, const key_entry& b) { return a.hash == b.hash && a.ref == b.ref && a.kind == b.kind; }),
                 names_.end());
    std::sort(postal_.begin(), postal_.end());
}

gazetteer::hints gazetteer::read_hints(const place_query& query) const {
    hints h;
    if (!query.country.empty()) {
        h.country = country_of(query.country);
        h.unknown = !h.country;
    }
    if (!query.region.empty()) {
        const auto [key, shorter] = keys(query.region);
        for (const auto& k : {key, shorter}) {
            if (k.empty()) continue;
            const auto h64 = hash_key(k);
            for (auto it = std::lower_bound(region_keys_.begin(), region_keys_.end(), std::pair{h64, std::uint32_t{0}});
                 it != region_keys_.end() && it->first == h64; ++it) {
                if (in_country(h, regions_[it->second].country)) h.regions.push_back(it->second);
            }
            if (!h.regions.empty()) break;
        }
        if (h.regions.empty()) h.unknown = true;
    }
    return h;
}

bool gazetteer::in_country(const hints& h, std::uint16_t country) const {
    return !h.country || country == *h.country || countries_[country].parent == *h.country;
}

bool gazetteer::fits(const hints& h, std::uint16_t country, std::string_view a1, std::string_view a2) const {
    if (!in_country(h, country)) return false;
    if (h.regions.empty()) return true;
    return std::any_of(h.regions.begin(), h.regions.end(), [&](std::uint32_t r) {
        const auto& region = regions_[r];
        return region.country == country && region.a1 == a1 && (region.a2.empty() || region.a2 == a2);
    });
}

bool gazetteer::place_named(const place_entry& p, const std::pair<std::string, std::string>& query_keys) const {
    for (const auto name : split(p.names, '\t')) {
        if (name == "~") continue;
        const auto [key, shorter] = keys(name);
        for (const auto& k : {key, shorter})
            if (!k.empty() && (k == query_keys.first || k == query_keys.second)) return true;
    }
    return false;
}

std::string gazetteer::region_name(std::uint16_t country, std::string_view a1) const {
    const auto found = division_names_.find(division_key(country, a1));
    return found == division_names_.end() ? std::string() : std::string(found->second);
}

place_match gazetteer::match_of_place(std::uint32_t index) const {
    const auto& p = places_[index];
    place_match m;
    m.latitude = p.latitude;
    m.longitude = p.longitude;
    m.name = std::string(p.name());
    m.country = std::string(countries_[p.country].code);
    m.region = region_name(p.country, p.a1);
    m.precision = p.point == 'p' ? place_precision::postal_code : place_precision::city;
    return m;
}

place_match gazetteer::match_of_zip(std::uint32_t index) const {
    const auto& z = zips_[index];
    place_match m;
    m.latitude = z.latitude;
    m.longitude = z.longitude;
    m.name = std::string(z.city);
    m.country = std::string(countries_[z.country].code);
    m.region = region_name(z.country, z.a1);
    m.precision = place_precision::postal_code;
    return m;
}

// "69001", " 69001 ", "94105-1234" → the code as the data writes it; a code that lost leading zeros in a number
// cell ("1000" for 01000, "501" for 00501) gets them back.
std::string postal_key(std::string_view text) {
    std::string code;
    for (const char32_t c : detail::decode_utf8(text.substr(0, std::min<std::size_t>(text.size(), 64)))) {
        const char32_t w = detail::fold_width(c);
        if (w == U' ') continue;
        if (w >= 0x80) return {};
        code += static_cast<char>(w >= U'a' && w <= U'z' ? w - 32 : w);
    }
    const bool digits = !code.empty() && std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (code.size() == 10 && code[5] == '-' &&
        std::all_of(code.begin(), code.end(), [](char c) { return c == '-' || (c >= '0' && c <= '9'); }))
        code.resize(5);  // ZIP+4
    else if (digits && code.size() >= 3 && code.size() <= 4)
        code.insert(0, 5 - code.size(), '0');
    return code;
}

std::optional<place_match> gazetteer::find(const place_query& query) const {
    const hints h = read_hints(query);
    const auto city_keys = keys(query.city);

    // By postal code first: it is the more precise, and the name then chooses among the places it serves.
    if (const auto code = postal_key(query.postal_code); !code.empty()) {
        std::vector<const postal_entry*> found;
        for (auto it = std::lower_bound(postal_.begin(), postal_.end(), postal_entry{code, 0, false});
             it != postal_.end() && it->code == code; ++it) {
            const bool ok = it->zip ? fits(h, zips_[it->ref].country, zips_[it->ref].a1, {})
                                    : fits(h, places_[it->ref].country, places_[it->ref].a1, places_[it->ref].a2);
            if (ok) found.push_back(&*it);
        }
        if (!found.empty() && !city_keys.first.empty()) {
            std::vector<const postal_entry*> named;
            for (const auto* e : found) {
                const bool same = e->zip ? [&] {
                    const auto k = keys(zips_[e->ref].city);
                    return k.first == city_keys.first || (!k.first.empty() && k.first == city_keys.second) ||
                           (!k.second.empty() && k.second == city_keys.first);
                }()
                                         : place_named(places_[e->ref], city_keys);
                if (same) named.push_back(e);
            }
            if (!named.empty()) found = std::move(named);
        }
        if (!found.empty()) {
            const auto population = [&](const postal_entry* e) -> std::uint32_t {
                return e->zip ? 0 : places_[e->ref].population;
            };
            const auto best = *std::min_element(found.begin(), found.end(), [&](const auto* a, const auto* b) {
                return population(a) > population(b);  // most populous; the first in code order on a tie
            });
            place_match m = best->zip ? match_of_zip(best->ref) : match_of_place(best->ref);
            if (!best->zip && places_[best->ref].point != 'c') m.precision = place_precision::postal_code;
            m.postal_code = code;
            m.candidates = found.size();
            m.ambiguous = found.size() > 1;
            m.unknown_hint = h.unknown;
            return m;
        }
    }

    // By name: the full folded name, then without a division suffix; primary names before alternate ones, and a
    // town known only by its ZIP codes last.
    for (const auto& key : {city_keys.first, city_keys.second}) {
        if (key.empty()) continue;
        const auto h64 = hash_key(key);
        std::vector<const key_entry*> found;
        for (auto it = std::lower_bound(names_.begin(), names_.end(), key_entry{h64, 0, name_class::primary});
             it != names_.end() && it->hash == h64; ++it) {
            const bool ok = it->kind == name_class::zip_city
                                ? fits(h, zips_[it->ref].country, zips_[it->ref].a1, {})
                                : fits(h, places_[it->ref].country, places_[it->ref].a1, places_[it->ref].a2);
            if (ok) found.push_back(&*it);
        }
        if (found.empty()) continue;
        // The choice is made among the best kind of name (entries come sorted by kind); every other place that
        // fits by a primary or alternate name counts too, so that "Pékin" (Pekin, Illinois) says Beijing fits as
        // well. A town named by its ZIP codes is one of the places already counted unless nothing else fits.
        const auto* best = found.front();
        std::vector<std::uint32_t> fitting;
        for (const auto* e : found) {
            if (e->kind == best->kind && best->kind != name_class::zip_city &&
                places_[e->ref].population > places_[best->ref].population)
                best = e;
            if (e->kind != name_class::zip_city || best->kind == name_class::zip_city) fitting.push_back(e->ref);
        }
        std::sort(fitting.begin(), fitting.end());
        fitting.erase(std::unique(fitting.begin(), fitting.end()), fitting.end());
        place_match m = best->kind == name_class::zip_city ? match_of_zip(best->ref) : match_of_place(best->ref);
        m.candidates = fitting.size();
        m.ambiguous = fitting.size() > 1;
        m.unknown_hint = h.unknown;
        return m;
    }
    return std::nullopt;
}

const gazetteer& the_gazetteer() {
    static const gazetteer built;  // parsed on first use; C++ makes this initialisation thread-safe
    return built;
}

}  // namespace

std::optional<place_match> find_place(const place_query& query) { return the_gazetteer().find(query); }

std::optional<std::string> country_code(std::string_view country) {
    return the_gazetteer().country_code_of(country);
}

std::string normalize_place_name(std::string_view name) { return the_gazetteer().keys(name).first; }

gazetteer_summary gazetteer_contents() { return the_gazetteer().summary(); }

std::pair<std::size_t, std::size_t> gazetteer_country_counts(std::string_view iso_code) {
    return the_gazetteer().country_counts(iso_code);
}

}  // namespace crm
