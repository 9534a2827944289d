// The column-handle cache behind CRM_COLUMN (spec functions.md, "Column handles").
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "crm/ranked_column.hpp"

namespace crm {

/// What a handle names: each column of the range ranked, and all its numbers together.
///
/// A one-column range is its own `all()`. For several columns `all()` is merged from the ranked
/// columns the first time a function asks for it (CRM_TIER over a table handle); CRM_LOYALTY only
/// reads the columns, so a signals table never pays for the merged copy. Thread-safe.
class column_set {
public:
    /// A one-column set (`columns()` is empty, `all()` is that column).
    explicit column_set(ranked_column only);
    /// A set of several columns.
    explicit column_set(std::vector<ranked_column> columns);

    /// One ranked column per column of the range (empty for a one-column range).
    const std::vector<ranked_column>& columns() const noexcept { return columns_; }
    /// Every number of the range, ranked together.
    const ranked_column& all() const;
    /// How many numbers the range holds.
    std::size_t count() const noexcept { return count_; }
    /// Bytes held on the heap, counting `all()` as built (the cache's bound must not grow later).
    std::size_t memory_bytes() const noexcept;

private:
    std::vector<ranked_column> columns_;
    std::size_t count_ = 0;
    mutable std::once_flag all_once_;
    mutable ranked_column all_;
};

/// Ranks a range given column by column (each inner vector is one column's numbers).
std::shared_ptr<const column_set> make_column_set(std::vector<std::vector<double>> columns);

/// Cached column sets, keyed by document and by a token unique in this process.
///
/// Soundness comes from the sheet, not from here: every per-row formula refers
/// to the handle cell, so Calc recomputes the handle (and gets a new token)
/// before any row that uses it whenever the column changes. This cache only
/// has to (1) never answer for a token it did not issue to that document,
/// (2) stay within a memory bound, evicting the least recently used entries,
/// and (3) free a document's entries when it closes. Thread-safe: Calc calls
/// add-in functions one at a time but from different threads.
class column_cache {
public:
    /// A cache that holds at most `byte_budget` bytes and `max_entries` entries.
    explicit column_cache(std::size_t byte_budget = std::size_t{512} << 20, std::size_t max_entries = 4096);

    /// Stores a column set for `document` and returns its new token (< 2^48).
    std::uint64_t put(std::uint64_t document, std::shared_ptr<const column_set> columns);
    /// The column set of `token` if `document` owns it and it is still cached.
    std::shared_ptr<const column_set> find(std::uint64_t document, std::uint64_t token);
    /// Drops every entry of `document` (called when the document closes).
    void forget_document(std::uint64_t document);
    /// Bytes held by the cached entries.
    std::size_t bytes() const;
    /// Number of cached entries.
    std::size_t entries() const;

private:
    struct entry {
        std::uint64_t document;
        std::shared_ptr<const column_set> columns;
        std::size_t bytes;
        std::uint64_t last_used;
    };
    void evict_locked(std::uint64_t keep);

    mutable std::mutex mutex_;
    std::unordered_map<std::uint64_t, entry> entries_;
    std::size_t byte_budget_;
    std::size_t max_entries_;
    std::size_t bytes_ = 0;
    std::uint64_t clock_ = 0;
    std::uint64_t next_token_;
};

/// Token marker in a handle's text: the handle ends with "#" and 12 hex digits.
inline constexpr std::size_t handle_token_digits = 12;

/// Writes a token as the handle's closing "#" + 12 hex digits.
std::string format_handle_token(std::uint64_t token);

/// Reads the token back from a handle's text (UTF-8 or any ASCII-compatible
/// text); nullopt if the text does not end with a token.
std::optional<std::uint64_t> parse_handle_token(std::u16string_view text);

}  // namespace crm
