// Column handles: ranked copies of ranges, named by unique tokens, bounded in memory.
#include "crm/column_cache.hpp"

#include <algorithm>
#include <random>

namespace crm {
namespace {

constexpr std::uint64_t token_mask = (std::uint64_t{1} << 48) - 1;
// Tokens walk the 48-bit ring from a random start by an odd step: every token
// of a process is distinct (2^48 of them), and a new process is unlikely to
// reissue a token that a saved file still shows.
constexpr std::uint64_t token_step = 0x9E3779B97F4BULL;

std::uint64_t random_token_base() {
    std::random_device device;
    const std::uint64_t high = device();
    return ((high << 32) ^ device()) & token_mask;
}

}  // namespace

column_set::column_set(ranked_column only) : count_(only.size()) {
    std::call_once(all_once_, [&] { all_ = std::move(only); });
}

column_set::column_set(std::vector<ranked_column> columns) : columns_(std::move(columns)) {
    for (const auto& column : columns_) count_ += column.size();
}

const ranked_column& column_set::all() const {
    std::call_once(all_once_, [this] { all_ = ranked_column::merged(columns_); });
    return all_;
}

std::size_t column_set::memory_bytes() const noexcept {
    // A ranked column holds its numbers and their suffix sums: at most two doubles a number.
    std::size_t bytes = sizeof(*this) + count_ * 2 * sizeof(double);
    for (const auto& column : columns_) bytes += sizeof(column) + column.memory_bytes();
    return bytes;
}

std::shared_ptr<const column_set> make_column_set(std::vector<std::vector<double>> columns) {
    if (columns.size() == 1) return std::make_shared<const column_set>(ranked_column(std::move(columns.front())));
    std::vector<ranked_column> ranked;
    ranked.reserve(columns.size());
    for (auto& column : columns) ranked.emplace_back(std::move(column));
    return std::make_shared<const column_set>(std::move(ranked));
}

column_cache::column_cache(std::size_t byte_budget, std::size_t max_entries)
    : byte_budget_(byte_budget), max_entries_(std::max<std::size_t>(max_entries, 1)),
      next_token_(random_token_base()) {}

std::uint64_t column_cache::put(std::uint64_t document, std::shared_ptr<const column_set> columns) {
    const std::size_t size = columns ? columns->memory_bytes() : 0;
    std::lock_guard lock(mutex_);
    std::uint64_t token;
    do {
        next_token_ = (next_token_ + token_step) & token_mask;
        token = next_token_;
    } while (entries_.count(token) != 0);
    entries_.emplace(token, entry{document, std::move(columns), size, ++clock_});
    bytes_ += size;
    evict_locked(token);
    return token;
}

std::shared_ptr<const column_set> column_cache::find(std::uint64_t document, std::uint64_t token) {
    std::lock_guard lock(mutex_);
    const auto found = entries_.find(token);
    if (found == entries_.end() || found->second.document != document) return nullptr;
    found->second.last_used = ++clock_;
    return found->second.columns;
}

void column_cache::forget_document(std::uint64_t document) {
    std::lock_guard lock(mutex_);
    for (auto it = entries_.begin(); it != entries_.end();) {
        if (it->second.document == document) {
            bytes_ -= it->second.bytes;
            it = entries_.erase(it);
        } else {
            ++it;
        }
    }
}

// Least recently used first, never the entry just stored: a handle that is
// recomputed after an edit leaves its old copy unused, so old copies go first.
void column_cache::evict_locked(std::uint64_t keep) {
    while ((bytes_ > byte_budget_ || entries_.size() > max_entries_) && entries_.size() > 1) {
        auto oldest = entries_.end();
        for (auto it = entries_.begin(); it != entries_.end(); ++it)
            if (it->first != keep && (oldest == entries_.end() || it->second.last_used < oldest->second.last_used))
                oldest = it;
        bytes_ -= oldest->second.bytes;
        entries_.erase(oldest);
    }
}

std::size_t column_cache::bytes() const {
    std::lock_guard lock(mutex_);
    return bytes_;
}

std::size_t column_cache::entries() const {
    std::lock_guard lock(mutex_);
    return entries_.size();
}

std::string format_handle_token(std::uint64_t token) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string text(1 + handle_token_digits, '#');
    for (std::size_t i = handle_token_digits; i > 0; --i) {
        text[i] = digits[token & 0xF];
        token >>= 4;
    }
    return text;
}

std::optional<std::uint64_t> parse_handle_token(std::u16string_view text) {
    if (text.size() < handle_token_digits + 1) return std::nullopt;
    const auto tail = text.substr(text.size() - handle_token_digits - 1);
    if (tail.front() != u'#') return std::nullopt;
    std::uint64_t token = 0;
    for (char16_t c : tail.substr(1)) {
        int digit;
        if (c >= u'0' && c <= u'9') digit = c - u'0';
        else if (c >= u'a' && c <= u'f') digit = c - u'a' + 10;
        else return std::nullopt;
        token = (token << 4) | static_cast<std::uint64_t>(digit);
    }
    return token;
}

}  // namespace crm

