// Sentences for people: texts of the one strings table (idl/functions.json "strings"), looked up by key in the
// front end's language, with their named arguments. The core composes; the front end gives the words.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace crm {

/// The text of a key of the strings table ("shortfall_rep") in the front end's language.
using text_lookup = std::function<std::string(std::string_view key)>;

/// Named arguments of a text, as text: {"rep", "Ana"} fills {rep}.
using text_args = std::vector<std::pair<std::string, std::string>>;

/// The text of `key` with its named arguments in place; throws illegal_argument when the text names an
/// argument not given (a bug of the table, never of the user).
std::string worded(const text_lookup& texts, std::string_view key, const text_args& args = {});

/// A number as a person reads it in a sentence: no trailing zeros ("4.5", "12").
std::string number_words(double value);

}  // namespace crm
