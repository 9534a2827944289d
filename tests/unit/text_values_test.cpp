// Tests of numbers and dates read from text the way people write them (spec "Inputs").
#include "crm/text_values.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <random>
#include <string>

namespace {

using crm::parse_date;
using crm::parse_number;

constexpr crm::number_style comma{.decimal_comma = true};
constexpr crm::date_style day_first{.day_first = true};

void expect_number(const char* text, double expected, crm::number_style style = {}) {
    const auto value = parse_number(text, style);
    ASSERT_TRUE(value.has_value()) << text;
    EXPECT_DOUBLE_EQ(*value, expected) << text;
}

TEST(parse_number, plain_and_signed) {
    expect_number("12", 12);
    expect_number("  12.5 ", 12.5);
    expect_number("-3", -3);
    expect_number("+3", 3);
    expect_number("\xE2\x88\x92" "7", -7);  // U+2212 minus sign
    expect_number(".5", 0.5);
    expect_number("0", 0);
}

TEST(parse_number, thousands_separators) {
    expect_number("1 234,56", 1234.56);
    expect_number("1\xC2\xA0" "234,56", 1234.56);      // NBSP
    expect_number("1\xE2\x80\xAF" "234,56", 1234.56);  // narrow NBSP
    expect_number("1,234.56", 1234.56);
    expect_number("1.234,56", 1234.56);
    expect_number("1'234.50", 1234.5);
    expect_number("1\xE2\x80\x99" "234.50", 1234.5);  // typographic apostrophe (Swiss)
    expect_number("1,234,567", 1234567);
    expect_number("1.234.567", 1234567);
    expect_number("12 345 678", 12345678);
}

TEST(parse_number, decimal_mark_from_text_then_style) {
    // Unambiguous from the text alone.
    expect_number("1,5", 1.5);
    expect_number("1,5", 1.5, comma);
    expect_number("0,125", 0.125);
    expect_number("1234,567", 1234.567);
    expect_number("12,34", 12.34);
    expect_number("1,23", 1.23);
    // "1,234" and "1.234" could be either: the document's style decides.
    expect_number("1,234", 1234);
    expect_number("1,234", 1.234, comma);
    expect_number("1.234", 1.234);
    expect_number("1.234", 1234, comma);
}

TEST(parse_number, currency_percent_parentheses) {
    expect_number("1 234,56 €", 1234.56);
    expect_number("€1,234.56", 1234.56);
    expect_number("$ 12", 12);
    expect_number("-$12", -12);
    expect_number("$-12", -12);
    expect_number("£3.50", 3.5);
    expect_number("¥1,000", 1000);
    expect_number("\xEF\xBF\xA5" "1,000", 1000);  // full-width yen
    expect_number("100元", 100);
    expect_number("RMB 100", 100);
    expect_number("rmb100", 100);
    expect_number("100 EUR", 100);
    expect_number("USD 1,000.25", 1000.25);
    expect_number("CNY 8", 8);
    expect_number("NT$1,200", 1200);
    expect_number("12 %", 0.12);
    expect_number("12%", 0.12);
    expect_number("12,5 %", 0.125);
    expect_number("-3.5%", -0.035);
    expect_number("(1 234)", -1234);
    expect_number("(1,234.50 €)", -1234.5);
    expect_number("€ (12)", -12);
}

TEST(parse_number, full_width_and_scientific) {
    expect_number("\xEF\xBC\x91\xEF\xBC\x92\xEF\xBC\x93", 123);                       // １２３
    expect_number("\xEF\xBC\x91\xEF\xBC\x8C\xEF\xBC\x92\xEF\xBC\x93\xEF\xBC\x94", 1234);  // １，２３４
    expect_number("\xEF\xBC\x8D\xEF\xBC\x95\xEF\xBC\x8E\xEF\xBC\x95", -5.5);            // －５．５
    expect_number("1e308", 1e308);
    expect_number("2.5E-3", 0.0025);
}

TEST(parse_number, garbage_is_rejected) {
    for (const char* bad : {"", " ", "-", "abc", "12abc", "abc12", "1.2.3,4,5", "1,2,3.4.5", "1 234.567,89", "12 34",
                            "1..2", "1,,234", "NaN", "nan", "inf", "-inf", "Infinity", "1e309", "1e", "e5",
                            "12-", "--5", "-(5)", "(5", "5)", "€", "12 % €", "1.234.5", "#N/A", "0x10", "1/2",
                            "1,234.567.8", "12,345,67"})
        EXPECT_FALSE(parse_number(bad).has_value()) << bad;
}

TEST(parse_number, random_bytes_never_crash) {
    std::mt19937 random(11);
    const std::string alphabet = "0123456789.,' -+()%$eE/:T\xE2\x82\xAC\xC2\xA0\xEF\xBC\x91";
    std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1), length(0, 16);
    std::uniform_int_distribution<int> byte(0, 255);
    for (int trial = 0; trial < 20000; ++trial) {
        std::string text;
        for (std::size_t k = length(random); k > 0; --k)
            text.push_back(trial % 2 ? alphabet[pick(random)] : static_cast<char>(byte(random)));
        const auto number = parse_number(text);
        EXPECT_TRUE(!number || std::isfinite(*number)) << text;
        const auto date = parse_date(text);
        EXPECT_TRUE(!date || std::isfinite(*date)) << text;
    }
}

TEST(parse_date, iso_and_time) {
    EXPECT_EQ(parse_date("2024-01-01"), 45292);
    EXPECT_EQ(parse_date("1899-12-30"), 0);
    EXPECT_EQ(parse_date("1900-01-01"), 2);
    EXPECT_EQ(parse_date("1997-09-30"), 35703);
    EXPECT_DOUBLE_EQ(*parse_date("2024-01-01T12:00"), 45292.5);
    EXPECT_DOUBLE_EQ(*parse_date("2024-01-01 06:00:00"), 45292.25);
    EXPECT_DOUBLE_EQ(*parse_date("2024-01-01T18:00:00Z"), 45292.75);
    EXPECT_DOUBLE_EQ(*parse_date("2024-01-01T18:00:00+01:00"), 45292.75);
    EXPECT_EQ(parse_date("20240101"), 45292);
    EXPECT_EQ(parse_date("  2024-01-01  "), 45292);
}

TEST(parse_date, day_month_order) {
    EXPECT_EQ(parse_date("03/04/2024", day_first), crm::serial_date(2024, 4, 3));
    EXPECT_EQ(parse_date("03/04/2024"), crm::serial_date(2024, 3, 4));  // en-US
    EXPECT_EQ(parse_date("25/12/2024"), crm::serial_date(2024, 12, 25));  // 25 cannot be a month
    EXPECT_EQ(parse_date("12/25/2024", day_first), crm::serial_date(2024, 12, 25));
    EXPECT_EQ(parse_date("03.04.2024"), crm::serial_date(2024, 4, 3));  // dd.mm.yyyy
    EXPECT_EQ(parse_date("3/4/24", day_first), crm::serial_date(2024, 4, 3));
    EXPECT_EQ(parse_date("3/4/85", day_first), crm::serial_date(1985, 4, 3));
}

TEST(parse_date, chinese_forms) {
    EXPECT_EQ(parse_date("2024/3/5"), crm::serial_date(2024, 3, 5));
    EXPECT_EQ(parse_date("2024年3月5日"), crm::serial_date(2024, 3, 5));
    EXPECT_EQ(parse_date("２０２４年３月５日"), crm::serial_date(2024, 3, 5));
    EXPECT_EQ(parse_date("2024年12月31日 08:30"), crm::serial_date(2024, 12, 31) + 8.5 / 24);
}

TEST(parse_date, calendar_is_validated) {
    EXPECT_TRUE(parse_date("2024-02-29").has_value());
    EXPECT_TRUE(parse_date("2000-02-29").has_value());
    for (const char* bad : {"2023-02-29", "1900-02-29", "2024-13-01", "2024-00-10", "2024-04-31", "31/04/2024",
                            "2024-01-01T24:00", "2024-01-01T12:60", "2024-01-01x", "2024-1-1-1", "2024/01-01", "",
                            "hello", "12", "45292", "2024年13月1日", "2024-01-01 noon", "1/2"})
        EXPECT_FALSE(parse_date(bad).has_value()) << bad;
}

TEST(calendar, year_of_serials) {
    EXPECT_EQ(crm::year_of(45292), 2024);
    EXPECT_EQ(crm::year_of(45291.9), 2023);
    EXPECT_EQ(crm::year_of(0), 1899);
    EXPECT_EQ(crm::year_of(crm::serial_date(2000, 2, 29)), 2000);
}

TEST(read_cell, statuses) {
    EXPECT_EQ(crm::read_number(crm::cell{}).status, crm::cell_status::empty);
    EXPECT_EQ(crm::read_number(crm::cell{std::string("  ")}).status, crm::cell_status::empty);
    EXPECT_EQ(crm::read_number(crm::cell{crm::cell_error{532}}).status, crm::cell_status::error_cell);
    EXPECT_EQ(crm::read_number(crm::cell{std::string("x")}).status, crm::cell_status::unreadable);
    EXPECT_EQ(crm::read_number(crm::cell{NAN}).status, crm::cell_status::unreadable);
    EXPECT_EQ(crm::read_number(crm::cell{std::string("1 234,5")}, comma).value, 1234.5);
    EXPECT_EQ(crm::read_date(crm::cell{45292.0}).value, 45292);
    EXPECT_EQ(crm::read_date(crm::cell{std::string("01/02/2024")}, day_first).value, crm::serial_date(2024, 2, 1));
    EXPECT_EQ(crm::read_date(crm::cell{std::string("soon")}).status, crm::cell_status::unreadable);
}

TEST(read_cell, text_of) {
    EXPECT_EQ(crm::text_of(crm::cell{1001.0}), "1001");
    EXPECT_EQ(crm::text_of(crm::cell{-3.0}), "-3");
    EXPECT_EQ(crm::text_of(crm::cell{2.5}), "2.5");
    EXPECT_EQ(crm::text_of(crm::cell{std::string("  ACME ")}), "ACME");
    EXPECT_EQ(crm::text_of(crm::cell{}), "");
    EXPECT_EQ(crm::text_of(crm::cell{crm::cell_error{7}}), "");
}

// Code points of UTF-8 text that is valid (every test input here is).
std::size_t code_points(const std::string& s) {
    return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

TEST(bounded_text, short_text_is_unchanged) {
    EXPECT_EQ(crm::bounded_text(""), "");
    EXPECT_EQ(crm::bounded_text("CA 2025: 12abc"), "CA 2025: 12abc");
    const std::string exactly(crm::max_quoted_chars, 'x');
    EXPECT_EQ(crm::bounded_text(exactly), exactly);
    EXPECT_EQ(crm::bounded_text("abc", 3), "abc");
}

TEST(bounded_text, long_text_is_cut_with_an_ellipsis) {
    const std::string ellipsis = "\xE2\x80\xA6";
    EXPECT_EQ(crm::bounded_text("abcd", 3), "ab" + ellipsis);
    EXPECT_EQ(crm::bounded_text("abcd", 1), ellipsis);
    EXPECT_EQ(crm::bounded_text("abcd", 0), "");
    const std::string long_ascii(100000, 'a');
    const std::string cut = crm::bounded_text(long_ascii);
    EXPECT_EQ(cut, std::string(crm::max_quoted_chars - 1, 'a') + ellipsis);
    EXPECT_EQ(code_points(cut), crm::max_quoted_chars);
}

TEST(bounded_text, never_cuts_inside_a_character) {
    // 2-, 3- and 4-octet characters: the cut text is whole characters, then the ellipsis.
    for (const std::string piece : {"\xC3\xA9", "\xE5\xAE\xA2", "\xF0\x9F\x98\x80"}) {
        std::string text;
        for (int i = 0; i < 1000; ++i) text += piece;
        const std::string cut = crm::bounded_text(text, 10);
        std::string expected;
        for (int i = 0; i < 9; ++i) expected += piece;
        EXPECT_EQ(cut, expected + "\xE2\x80\xA6") << piece;
        const auto back = crm::detail::decode_utf8(cut);
        EXPECT_EQ(std::count(back.begin(), back.end(), U'\uFFFD'), 0) << piece;
    }
}

TEST(bounded_text, bytes_that_are_not_utf8_are_bounded_too) {
    // A run of continuation bytes (a CSV file in no encoding) cannot hide behind one lead byte.
    const std::string junk = "a" + std::string(100000, '\x80');
    EXPECT_LE(crm::bounded_text(junk).size(), 4 * crm::max_quoted_chars + 3);
    EXPECT_EQ(crm::bounded_text(std::string(100000, '\xFF')).size(), crm::max_quoted_chars - 1 + 3);
}

}  // namespace
