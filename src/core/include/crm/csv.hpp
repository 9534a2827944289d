// CSV files for the command line, read into the same table the office adapter fills from a sheet.
#pragma once

#include <istream>
#include <string_view>

#include "crm/cell.hpp"

namespace crm {

/// Reads CSV (RFC 4180 quoting, CRLF or LF, UTF-8 with or without BOM) into a table; separator 0
/// guesses among ',', ';' and tab. Plain numbers become numbers, everything else stays text. Never throws
/// on malformed input: an unbalanced quote reads to the end.
table read_csv(std::istream& in, char separator = 0);

/// The separator of CSV text among ',', ';' and tab: the one that splits the first lines most evenly.
char guess_separator(std::string_view text);

}  // namespace crm
