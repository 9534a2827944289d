// Offline gazetteer: coordinates of a customer's town from its name and/or postal code (data/gazetteer/README.md).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace crm {

/// What the coordinates of a match stand for.
enum class place_precision {
    postal_code,  ///< the place a postal code serves (for a small French commune: the main commune of its code)
    city          ///< the centre of the town or city (for a Paris arrondissement: of Paris)
};

/// A place to look up, as a customer list gives it; every field may be empty, the city or the postal code not both.
struct place_query {
    std::string_view city;         ///< town name in any script ("Saint-Étienne", "St Etienne", "里昂", "廣州")
    std::string_view postal_code;  ///< "69001", "10001", "94105-1234"; a code that lost its leading zero ("1000") too
    std::string_view region;       ///< French région or département (name or number), US state or code, province
    std::string_view country;      ///< country name or ISO code in English, French or Chinese ("FR", "法國", "USA")
};

/// Where a query was placed.
struct place_match {
    double latitude = 0;            ///< degrees north, WGS 84, to 0.001°
    double longitude = 0;           ///< degrees east
    std::string name;               ///< the place as the data spells it ("Lyon 1er Arrondissement", "New York")
    std::string country;            ///< ISO 3166 alpha-2 code ("FR", "US", "CN"; "RE" for La Réunion)
    std::string region;             ///< first-level division as the data names it ("Auvergne-Rhône-Alpes", "Texas")
    std::string postal_code;        ///< the postal code matched, empty when placed by name
    place_precision precision = place_precision::city;  ///< what the coordinates stand for
    bool ambiguous = false;         ///< other places fit too: the most populous was chosen (the caller may warn)
    std::size_t candidates = 0;     ///< how many places fit the query and its hints
    bool unknown_hint = false;      ///< the region or country named nothing in the gazetteer and was not used
};

/// The place a query names, or nullopt if the gazetteer has none that fits it and its hints; never throws for odd
/// text. A postal code wins over a name when the gazetteer knows it; the name then picks among its places.
/// The data is parsed once, on first use, thread-safely.
std::optional<place_match> find_place(const place_query& query);

/// The ISO 3166 alpha-2 code of a country given by name or code in English, French or Chinese ("法國" → "FR"),
/// or nullopt.
std::optional<std::string> country_code(std::string_view country);

/// The folded form names are compared in: lower case, no accents or punctuation, Traditional Chinese as Simplified,
/// "St"/"Ste" as Saint/Sainte ("St-Étienne" and "SAINT ETIENNE" both give "saintetienne").
std::string normalize_place_name(std::string_view name);

/// What the embedded gazetteer holds (for tests, benchmarks and the data's README).
struct gazetteer_summary {
    std::size_t places = 0;        ///< named places with coordinates
    std::size_t postal_codes = 0;  ///< postal code entries (a French code serving three communes counts three)
    std::size_t names = 0;         ///< indexed name keys
    std::size_t countries = 0;     ///< countries with places
    std::string sources;           ///< the npm packages and versions the data was made from
};

/// Counts of the embedded data (parses it if that has not happened yet).
gazetteer_summary gazetteer_contents();

/// Places of one country (ISO alpha-2) and its postal code entries: {places, postal codes}.
std::pair<std::size_t, std::size_t> gazetteer_country_counts(std::string_view iso_code);

}  // namespace crm
