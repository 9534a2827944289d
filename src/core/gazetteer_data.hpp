// The gazetteer's data file as the build embeds it (the chunks are generated from data/gazetteer/gazetteer.tsv).
#pragma once

#include <cstddef>
#include <string_view>

namespace crm::detail {

/// The lines of data/gazetteer/gazetteer.tsv in order, cut into chunks that each end at a line end.
extern const std::string_view gazetteer_chunks[];
/// Number of chunks in gazetteer_chunks.
extern const std::size_t gazetteer_chunk_count;

}  // namespace crm::detail
