// Tests of the column-handle cache: unique tokens, document isolation, memory bound, eviction, threads.
#include "crm/column_cache.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace {

std::shared_ptr<const crm::column_set> column_of(std::size_t n, double start = 1.0) {
    std::vector<double> values(n);
    for (std::size_t i = 0; i < n; ++i) values[i] = start + static_cast<double>(i);
    return crm::make_column_set({values});
}

std::u16string u16(const std::string& ascii) { return std::u16string(ascii.begin(), ascii.end()); }

TEST(ColumnSet, OneColumnIsNotStoredTwice) {
    const auto one = column_of(1000);
    EXPECT_TRUE(one->columns().empty());
    EXPECT_EQ(one->all().size(), 1000u);
    const auto two = crm::make_column_set({{1, 2, 3}, {10, 20}});
    ASSERT_EQ(two->columns().size(), 2u);
    EXPECT_EQ(two->columns()[1].positive_sum(), 30.0);
    EXPECT_EQ(two->all().size(), 5u);
    EXPECT_EQ(two->all().positive_sum(), 36.0);
}

// Several threads asking a table handle for all its numbers at once get one merged copy, built once,
// and the cache's byte count never has to grow for it.
TEST(ColumnSet, AllOfATableIsMergedOnceOnFirstUse) {
    std::vector<std::vector<double>> table(4);
    for (std::size_t c = 0; c < table.size(); ++c)
        for (int i = 0; i < 5000; ++i) table[c].push_back(static_cast<double>((i * 37 + static_cast<int>(c) * 11) % 997));
    const auto set = crm::make_column_set(table);
    EXPECT_EQ(set->count(), 20000u);
    const std::size_t bytes_before = set->memory_bytes();
    std::vector<const crm::ranked_column*> seen(8);
    std::vector<std::thread> threads;
    for (std::size_t t = 0; t < seen.size(); ++t) threads.emplace_back([&, t] { seen[t] = &set->all(); });
    for (auto& thread : threads) thread.join();
    for (const auto* all : seen) EXPECT_EQ(all, seen.front());
    EXPECT_EQ(seen.front()->size(), 20000u);
    EXPECT_TRUE(std::is_sorted(seen.front()->sorted().begin(), seen.front()->sorted().end()));
    EXPECT_EQ(set->memory_bytes(), bytes_before);
    EXPECT_GE(bytes_before, 20000u * 2 * sizeof(double) * 2);  // the columns and the merged copy
}

TEST(ColumnCache, TokensAreUniqueAndBelow2To53) {
    crm::column_cache cache;
    std::set<std::uint64_t> tokens;
    for (int i = 0; i < 2000; ++i) {
        const auto token = cache.put(1, column_of(2));
        EXPECT_LT(token, std::uint64_t{1} << 53);
        EXPECT_TRUE(tokens.insert(token).second);
    }
}

TEST(ColumnCache, FindsOnlyInTheOwningDocument) {
    crm::column_cache cache;
    const auto set = column_of(10);
    const auto token = cache.put(1, set);
    EXPECT_EQ(cache.find(1, token), set);
    EXPECT_EQ(cache.find(2, token), nullptr);   // same token, other document
    EXPECT_EQ(cache.find(1, token + 1), nullptr);
}

TEST(ColumnCache, ForgetDocumentFreesItsEntriesOnly) {
    crm::column_cache cache;
    const auto a = cache.put(1, column_of(100));
    const auto b = cache.put(2, column_of(100));
    const auto bytes_before = cache.bytes();
    cache.forget_document(1);
    EXPECT_EQ(cache.find(1, a), nullptr);
    EXPECT_NE(cache.find(2, b), nullptr);
    EXPECT_EQ(cache.entries(), 1u);
    EXPECT_LT(cache.bytes(), bytes_before);
    cache.forget_document(2);
    EXPECT_EQ(cache.bytes(), 0u);
}

TEST(ColumnCache, MemoryBoundEvictsLeastRecentlyUsed) {
    const std::size_t one = column_of(10000)->memory_bytes();
    crm::column_cache cache(one * 3 + one / 2, 100);  // room for three
    const auto t1 = cache.put(1, column_of(10000));
    const auto t2 = cache.put(1, column_of(10000));
    const auto t3 = cache.put(1, column_of(10000));
    ASSERT_NE(cache.find(1, t1), nullptr);  // t1 used recently; t2 is now the oldest
    const auto t4 = cache.put(1, column_of(10000));
    EXPECT_NE(cache.find(1, t1), nullptr);
    EXPECT_EQ(cache.find(1, t2), nullptr);
    EXPECT_NE(cache.find(1, t3), nullptr);
    EXPECT_NE(cache.find(1, t4), nullptr);
    EXPECT_LE(cache.bytes(), one * 3 + one / 2);
}

TEST(ColumnCache, EntryCountBound) {
    crm::column_cache cache(std::size_t{1} << 30, 4);
    std::vector<std::uint64_t> tokens;
    for (int i = 0; i < 10; ++i) tokens.push_back(cache.put(1, column_of(3)));
    EXPECT_EQ(cache.entries(), 4u);
    EXPECT_NE(cache.find(1, tokens.back()), nullptr);
    EXPECT_EQ(cache.find(1, tokens.front()), nullptr);
}

TEST(ColumnCache, AnEntryLargerThanTheBudgetIsStillUsableUntilTheNext) {
    crm::column_cache cache(16, 10);
    const auto token = cache.put(1, column_of(1000));
    EXPECT_NE(cache.find(1, token), nullptr);
    const auto next = cache.put(1, column_of(1000));
    EXPECT_EQ(cache.find(1, token), nullptr);
    EXPECT_NE(cache.find(1, next), nullptr);
}

TEST(ColumnCache, EvictedDataStaysValidWhileInUse) {
    crm::column_cache cache(16, 1);
    const auto token = cache.put(1, column_of(1000));
    const auto in_use = cache.find(1, token);
    cache.put(1, column_of(5));
    EXPECT_EQ(cache.find(1, token), nullptr);
    EXPECT_EQ(in_use->all().size(), 1000u);  // the caller's copy outlives eviction
}

TEST(ColumnCache, ConcurrentPutsAndFinds) {
    crm::column_cache cache(std::size_t{64} << 20, 64);
    std::vector<std::thread> threads;
    std::atomic<int> wrong{0};
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < 500; ++i) {
                const double start = t * 1000.0 + i;
                const auto token = cache.put(static_cast<std::uint64_t>(t + 1), column_of(50, start));
                const auto found = cache.find(static_cast<std::uint64_t>(t + 1), token);
                if (found && found->all().sorted().front() != start) ++wrong;
                if (cache.find(static_cast<std::uint64_t>(t + 2), token)) ++wrong;
            }
        });
    }
    for (auto& thread : threads) thread.join();
    EXPECT_EQ(wrong.load(), 0);
    EXPECT_LE(cache.entries(), 64u);
}

TEST(HandleToken, RoundTripsThroughText) {
    for (std::uint64_t token : {std::uint64_t{0}, std::uint64_t{0x7f3a01c2d9e4}, (std::uint64_t{1} << 48) - 1}) {
        const std::string text = "CRM column · 12 values · " + crm::format_handle_token(token);
        std::u16string wide = u"CRM column · 12 values · ";
        wide += u16(crm::format_handle_token(token));
        EXPECT_EQ(crm::parse_handle_token(wide), token);
    }
    EXPECT_EQ(crm::format_handle_token(0x7f3a01c2d9e4), "#7f3a01c2d9e4");
}

TEST(HandleToken, RejectsOrdinaryText) {
    for (const char* text : {"", "A", "customer #12", "#7f3a01c2d9e", "#7F3A01C2D9E4", "#7f3a01c2d9e4 ", "x#7f3a01c2d9g4"})
        EXPECT_FALSE(crm::parse_handle_token(u16(text))) << text;
}

}  // namespace
