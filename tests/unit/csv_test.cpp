// Tests of the command line's CSV reader: RFC 4180 quoting, separators, BOM, and malformed input.
#include "crm/csv.hpp"

#include <gtest/gtest.h>

#include <random>
#include <sstream>
#include <string>

#include "crm/customers.hpp"

namespace {

crm::table parse(const std::string& text, char separator = 0) {
    std::istringstream in(text);
    return crm::read_csv(in, separator);
}

std::string text(const crm::cell& c) { return std::get<std::string>(c); }
double number(const crm::cell& c) { return std::get<double>(c); }

TEST(read_csv, plain_rows_numbers_and_text) {
    const auto t = parse("ID,Name,Sales\nC1,Acme,12.5\nC2,Bolt,-3e2\n");
    ASSERT_EQ(t.size(), 3u);
    EXPECT_EQ(text(t[0][2]), "Sales");
    EXPECT_EQ(text(t[1][0]), "C1");
    EXPECT_EQ(number(t[1][2]), 12.5);
    EXPECT_EQ(number(t[2][2]), -300);
}

TEST(read_csv, quoting_of_rfc_4180) {
    const auto t = parse("a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"line\r\nbreak\"\r\n\"42\",,\"\"\r\n");
    ASSERT_EQ(t.size(), 3u);
    EXPECT_EQ(text(t[1][0]), "x, y");
    EXPECT_EQ(text(t[1][1]), "say \"hi\"");
    EXPECT_EQ(text(t[1][2]), "line\r\nbreak");
    EXPECT_EQ(text(t[2][0]), "42");  // quoted: text, for parse_number to read
    EXPECT_TRUE(std::holds_alternative<std::monostate>(t[2][1]));
    EXPECT_TRUE(crm::is_blank(t[2][2]));
}

TEST(read_csv, text_that_only_looks_numeric_stays_text) {
    const auto t = parse("0012,1 234,56,12%,1e400,nan,inf,0.5,0\n", ',');
    ASSERT_EQ(t.size(), 1u);
    EXPECT_EQ(text(t[0][0]), "0012");
    EXPECT_EQ(text(t[0][1]), "1 234");
    EXPECT_EQ(number(t[0][2]), 56);
    EXPECT_EQ(text(t[0][3]), "12%");
    EXPECT_EQ(text(t[0][4]), "1e400");
    EXPECT_EQ(text(t[0][5]), "nan");
    EXPECT_EQ(text(t[0][6]), "inf");
    EXPECT_EQ(number(t[0][7]), 0.5);
    EXPECT_EQ(number(t[0][8]), 0);
}

TEST(read_csv, separators_are_guessed) {
    EXPECT_EQ(crm::guess_separator("Nom;CA\nA;1,5\nB;2\n"), ';');
    EXPECT_EQ(crm::guess_separator("a\tb\tc\n1\t2,5\t3\n"), '\t');
    EXPECT_EQ(crm::guess_separator("a,b\n1,2\n"), ',');
    EXPECT_EQ(crm::guess_separator("\"a;b\",c\n1,2\n"), ',');
    EXPECT_EQ(crm::guess_separator("single\n"), ',');
    const auto t = parse("Nom;CA\nDupont;1 234,56 €\n");
    ASSERT_EQ(t[1].size(), 2u);
    EXPECT_EQ(text(t[1][1]), "1 234,56 €");
}

TEST(read_csv, bom_line_endings_and_blank_lines) {
    const auto t = parse("\xEF\xBB\xBFID,Sales\r\nA,1\n\nB,2");
    ASSERT_EQ(t.size(), 4u);  // the blank line keeps later rows on their line numbers
    EXPECT_EQ(text(t[0][0]), "ID");
    EXPECT_TRUE(crm::is_blank_row(t[2]));
    EXPECT_EQ(number(t[3][1]), 2);
    EXPECT_TRUE(parse("").empty());
    EXPECT_TRUE(parse("\xEF\xBB\xBF").empty());
}

TEST(read_csv, malformed_input_never_fails) {
    auto t = parse("a,\"unbalanced\nb,c\n");
    ASSERT_EQ(t.size(), 1u);
    EXPECT_EQ(text(t[0][1]), "unbalanced\nb,c\n");
    t = parse("a\"b,\"c\"d\n");
    EXPECT_EQ(text(t[0][0]), "a\"b");
    EXPECT_EQ(text(t[0][1]), "cd");
    std::mt19937 random(7);
    std::uniform_int_distribution<int> byte(0, 255);
    for (int trial = 0; trial < 200; ++trial) {
        std::string noise;
        for (int k = 0; k < 300; ++k) noise.push_back(static_cast<char>(byte(random)));
        EXPECT_NO_THROW(crm::read_customers(parse(noise)));
    }
}

TEST(read_csv, a_customer_file_end_to_end) {
    const auto t = parse("\xEF\xBB\xBF" "Code client;Raison sociale;CA 2025;CA 2024\n"
                         "F1;Dupont;\"1 234,56 €\";1000\n"
                         "F2;Martin;abc;2000\n");
    crm::read_options options;
    options.numbers.decimal_comma = true;
    const auto r = crm::read_customers(t, options);
    ASSERT_EQ(r.customers.size(), 1u);
    EXPECT_DOUBLE_EQ(r.customers[0].sales, 1234.56);
    EXPECT_EQ(r.customers[0].sales_previous, 1000);
    ASSERT_EQ(r.problems.size(), 1u);
    EXPECT_EQ(r.problems[0].row, 3u);
    EXPECT_EQ(r.problems[0].kind, crm::problem_kind::unreadable_number);
}

}  // namespace
