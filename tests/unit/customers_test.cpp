// Tests of reading customer sheets (spec "Inputs"): every data row is a customer or a problem, never lost.
#include "crm/customers.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace {

using crm::problem_kind;


// How a French document reads: decimal comma, day before month.
crm::read_options french() {
    crm::read_options options;
    options.numbers.decimal_comma = true;
    options.dates.day_first = true;
    return options;
}

std::size_t count(const crm::customer_read& r, problem_kind kind) {
    return static_cast<std::size_t>(
        std::count_if(r.problems.begin(), r.problems.end(), [&](const crm::problem& p) { return p.kind == kind; }));
}

const crm::problem* find(const crm::customer_read& r, problem_kind kind, std::size_t row) {
    for (const auto& p : r.problems)
        if (p.kind == kind && p.row == row) return &p;
    return nullptr;
}

TEST(read_customers, a_clean_sheet) {
    const crm::table t = {
        {"ID", "Name", "Sales 2025", "Sales 2024", "Sales 2023", "Cost", "Region", "City", "Address", "Latitude",
               "Longitude", "Sales rep", "Last visit", "Orders", "Referrals", "Suggestions", "Product lines",
               "Share of wallet"},
        {"C1", "Acme", 120.0, 100.0, 80.0, 70.0, "North", "Lille", "1 rue A", 50.63,
         3.06, "Ann", 45292.0, 12.0, 1.0, 2.0, 3.0, 0.4},
        {"C2", "Bolt", "1 234,50", {}, {}, {}, "South", "Nice", {}, "43.7", "7.27",
         "Bob", "2024-02-01", {}, {}, {}, {}, "25 %"},
    };
    const auto r = crm::read_customers(t, french());
    EXPECT_TRUE(r.problems.empty()) << crm::describe(r.problems.front());
    ASSERT_EQ(r.customers.size(), 2u);
    const auto& a = r.customers[0];
    EXPECT_EQ(a.id, "C1");
    EXPECT_EQ(a.name, "Acme");
    EXPECT_EQ(a.sales, 120);
    EXPECT_EQ(a.sales_previous, 100);
    EXPECT_EQ(a.sales_before, 80);
    EXPECT_EQ(a.cost, 70);
    EXPECT_EQ(a.region, "North");
    EXPECT_EQ(a.city, "Lille");
    EXPECT_EQ(a.address, "1 rue A");
    EXPECT_EQ(a.latitude, 50.63);
    EXPECT_EQ(a.longitude, 3.06);
    EXPECT_EQ(a.rep, "Ann");
    EXPECT_EQ(a.last_visit, 45292);
    EXPECT_EQ(a.signals[0], 12);
    EXPECT_EQ(a.signals[4], 0.4);
    EXPECT_EQ(a.source_row, 2u);
    const auto& b = r.customers[1];
    EXPECT_DOUBLE_EQ(b.sales, 1234.5);
    EXPECT_FALSE(b.sales_previous.has_value());
    EXPECT_EQ(b.latitude, 43.7);
    EXPECT_EQ(b.last_visit, crm::serial_date(2024, 2, 1));
    EXPECT_EQ(b.signals[0], std::nullopt);
    EXPECT_DOUBLE_EQ(*b.signals[4], 0.25);
    EXPECT_EQ(b.source_row, 3u);
}

TEST(read_customers, headers_in_french_and_chinese) {
    const crm::table fr = {{"Code client", "Raison sociale", "Chiffre d'affaires", "Coût", "Dernière visite"},
                           {"F1", "Dupont", "1 234,56 €", "1 000 €", "03/04/2025"}};
    auto r = crm::read_customers(fr, french());
    ASSERT_EQ(r.customers.size(), 1u);
    EXPECT_DOUBLE_EQ(r.customers[0].sales, 1234.56);
    EXPECT_EQ(r.customers[0].cost, 1000);
    EXPECT_EQ(r.customers[0].last_visit, crm::serial_date(2025, 4, 3));

    const crm::table zh = {{"客戶編號", "客戶名稱", "2025年銷售額", "2024年銷售額", "上次拜訪"},
                           {"T01", "台北商行", "NT$1,200", "１０００", "2025年3月1日"}};
    r = crm::read_customers(zh);
    ASSERT_EQ(r.customers.size(), 1u);
    EXPECT_EQ(r.customers[0].id, "T01");
    EXPECT_EQ(r.customers[0].name, "台北商行");
    EXPECT_EQ(r.customers[0].sales, 1200);
    EXPECT_EQ(r.customers[0].sales_previous, 1000);
    EXPECT_EQ(r.customers[0].last_visit, crm::serial_date(2025, 3, 1));
}

TEST(read_customers, without_an_id_column_ids_are_row_numbers) {
    const crm::table t = {{"Client", "CA"}, {"A", 1.0}, {"B", 2.0}};
    const auto r = crm::read_customers(t);
    ASSERT_EQ(r.customers.size(), 2u);
    EXPECT_EQ(r.customers[0].id, "2");
    EXPECT_EQ(r.customers[1].id, "3");
    EXPECT_EQ(r.customers[0].name, "A");
}

TEST(read_customers, empty_sheet_and_header_only) {
    auto r = crm::read_customers({});
    ASSERT_EQ(r.problems.size(), 1u);
    EXPECT_EQ(r.problems[0].kind, problem_kind::empty_sheet);
    EXPECT_EQ(r.problems[0].row, 0u);
    r = crm::read_customers({{{}, "  "}, {}});
    EXPECT_EQ(r.problems.at(0).kind, problem_kind::empty_sheet);

    r = crm::read_customers({{"ID", "Name", "Sales"}});
    EXPECT_TRUE(r.customers.empty());
    ASSERT_EQ(r.problems.size(), 1u);
    EXPECT_EQ(r.problems[0].kind, problem_kind::no_data_rows);

    r = crm::read_customers({{"ID", "Name"}, {"1", "A"}});
    EXPECT_TRUE(r.customers.empty());
    EXPECT_EQ(r.problems.at(0).kind, problem_kind::no_sales_column);
}

TEST(read_customers, bad_cells_become_problems_with_their_row) {
    const crm::table t = {
        {"ID", "Name", "Sales", "Cost", "Latitude", "Longitude", "Last visit"},
        {"1", "Good", 10.0, 5.0, 48.8, 2.3, "2025-01-10"},
        {"2", "Garbage", "12abc", {}, 48.8, 2.3, {}},
        {"3", "Error", crm::cell_error{532}, {}, 48.8, 2.3, {}},
        {"4", "Bad cost", 7.0, "n/a", 48.8, 2.3, "yesterday"},
        {crm::cell_error{504}, "Error id", 3.0, {}, 48.8, 2.3, {}},
        {{}, "No id", 4.0, {}, 48.8, 2.3, {}},
        {},  // a {} row is no data
        {"8", "Huge", "1e308", {}, 48.8, 2.3, {}},
        {"9", "NaN", "NaN", {}, 48.8, 2.3, {}},
        {"10", "No sales", {}, {}, 48.8, 2.3, {}},
    };
    const auto r = crm::read_customers(t);
    std::vector<std::string> ids;
    for (const auto& customer : r.customers) ids.push_back(customer.id);
    EXPECT_EQ(ids, (std::vector<std::string>{"1", "4", "6", "7", "8", "10"}));
    const auto* p = find(r, problem_kind::unreadable_number, 3);
    ASSERT_NE(p, nullptr);
    EXPECT_EQ(p->detail, "Sales: 12abc");
    EXPECT_EQ(crm::describe(*p), "unreadable number — Sales: 12abc");
    EXPECT_NE(find(r, problem_kind::error_cell, 4), nullptr);
    EXPECT_NE(find(r, problem_kind::unreadable_number, 5), nullptr);
    EXPECT_NE(find(r, problem_kind::unreadable_date, 5), nullptr);
    EXPECT_NE(find(r, problem_kind::error_cell, 6), nullptr);
    EXPECT_NE(find(r, problem_kind::missing_id, 7), nullptr);
    EXPECT_NE(find(r, problem_kind::unreadable_number, 10), nullptr);
    EXPECT_NE(find(r, problem_kind::missing_sales, 11), nullptr);
    EXPECT_EQ(r.customers[1].cost, std::nullopt);  // "n/a" is reported, the customer kept
    EXPECT_EQ(r.customers[4].sales, 1e308);
    EXPECT_EQ(r.customers[5].sales, 0);
    // Problems come in sheet order.
    EXPECT_TRUE(std::is_sorted(r.problems.begin(), r.problems.end(),
                               [](const auto& a, const auto& b) { return a.row < b.row; }));
    // Every data row is a customer or has a problem.
    for (std::size_t row = 2; row <= t.size(); ++row) {
        if (crm::is_blank_row(t[row - 1])) continue;
        const bool is_customer = std::any_of(r.customers.begin(), r.customers.end(),
                                             [&](const auto& customer) { return customer.source_row == row; });
        const bool has_problem = std::any_of(r.problems.begin(), r.problems.end(), [&](const auto& q) { return q.row == row; });
        EXPECT_TRUE(is_customer || has_problem) << row;
    }
}

TEST(read_customers, duplicate_ids_are_added_up_and_reported) {
    const crm::table t = {{"ID", "Name", "Sales", "Sales 2024", "Cost", "City", "Orders"},
                          {"A", "Acme", 10.0, {}, 4.0, {}, 3.0},
                          {"B", "Bolt", 1.0, 1.0, {}, "Lyon", {}},
                          {"A", "Acme Ltd", 5.0, 7.0, 1.0, "Lille", 2.0},
                          {1.0, "Num", 1.0, {}, {}, {}, {}},
                          {"1", "Num again", 2.0, {}, {}, {}, {}}};
    const auto r = crm::read_customers(t);
    ASSERT_EQ(r.customers.size(), 3u);
    const auto& a = r.customers[0];
    EXPECT_EQ(a.sales, 15);
    EXPECT_EQ(a.sales_previous, 7);
    EXPECT_EQ(a.cost, 5);
    EXPECT_EQ(a.name, "Acme");
    EXPECT_EQ(a.city, "Lille");
    EXPECT_EQ(a.signals[0], 5);
    EXPECT_EQ(a.source_row, 2u);
    EXPECT_EQ(r.customers[2].sales, 3);  // 1 (a number) and "1" (text) are the same id
    ASSERT_EQ(count(r, problem_kind::duplicate_id), 2u);
    const auto* p = find(r, problem_kind::duplicate_id, 4);
    ASSERT_NE(p, nullptr);
    EXPECT_EQ(p->detail, "A");
    EXPECT_EQ(p->first_row, 2u);
    EXPECT_EQ(crm::describe(*p), "duplicate id, added to the first row — A (first at row 2)");
    EXPECT_NE(find(r, problem_kind::duplicate_id, 6), nullptr);
}

TEST(read_customers, negative_sales_are_kept_and_reported) {
    const crm::table t = {{"ID", "Sales"}, {"A", -5.0}, {"B", "(1 200)"}, {"C", 3.0}};
    const auto r = crm::read_customers(t);
    ASSERT_EQ(r.customers.size(), 3u);
    EXPECT_EQ(r.customers[0].sales, -5);
    EXPECT_EQ(r.customers[1].sales, -1200);
    EXPECT_EQ(count(r, problem_kind::negative_sales), 2u);
    EXPECT_NE(find(r, problem_kind::negative_sales, 3), nullptr);
}

TEST(read_customers, missing_or_invalid_coordinates_are_reported) {
    const crm::table t = {{"ID", "Sales", "Lat", "Lng"},
                          {"A", 1.0, 45.0, 5.0},
                          {"B", 1.0, {}, {}},
                          {"C", 1.0, 45.0, {}},
                          {"D", 1.0, 45.0, 500.0}};
    const auto r = crm::read_customers(t);
    ASSERT_EQ(r.customers.size(), 4u);
    EXPECT_EQ(r.customers[0].latitude, 45);
    EXPECT_FALSE(r.customers[1].latitude.has_value());
    EXPECT_FALSE(r.customers[2].latitude.has_value());  // half a pair is no position
    EXPECT_FALSE(r.customers[3].longitude.has_value());
    EXPECT_NE(find(r, problem_kind::missing_coordinates, 3), nullptr);
    EXPECT_NE(find(r, problem_kind::missing_coordinates, 4), nullptr);
    EXPECT_NE(find(r, problem_kind::invalid_coordinates, 5), nullptr);
    // Without coordinate columns nothing is missing.
    EXPECT_TRUE(crm::read_customers({{"ID", "Sales"}, {"A", 1.0}}).problems.empty());
}

TEST(read_customers, rows_of_totals_are_reported_and_left_out) {
    const crm::table t = {{"ID", "Name", "Sales"}, {"A", "Total", 5.0}, {"B", "Bolt", 3.0},
                          {{}, "Total", 8.0},     {"合计", {}, 8.0},   {"Sous-total", {}, 8.0}};
    const auto r = crm::read_customers(t);
    ASSERT_EQ(r.customers.size(), 2u);  // the customer named Total has an id: it stays
    EXPECT_EQ(r.customers[0].name, "Total");
    ASSERT_EQ(count(r, problem_kind::total_row), 3u);
    EXPECT_EQ(r.problems[0].row, 4u);
    EXPECT_EQ(r.problems[1].detail, "合计");
}

TEST(read_customers, margin_stands_in_for_cost) {
    auto r = crm::read_customers({{"ID", "Sales", "Marge"}, {"A", 200.0, "25 %"}});
    EXPECT_DOUBLE_EQ(*r.customers.at(0).cost, 150);
    r = crm::read_customers({{"ID", "Sales", "Margin"}, {"A", 200.0, 30.0}});
    EXPECT_DOUBLE_EQ(*r.customers.at(0).cost, 170);
}

TEST(read_customers, overrides_replace_the_detected_mapping) {
    const crm::table t = {{"Ref", "Label", "Value A", "Value B"}, {"X", "Xeno", 1.0, 9.0}};
    crm::read_options options;
    options.columns = {{crm::column_role::id, 0}, {crm::column_role::name, 1}, {crm::column_role::sales, 3}};
    const auto r = crm::read_customers(t, options);
    ASSERT_EQ(r.customers.size(), 1u);
    EXPECT_EQ(r.customers[0].id, "X");
    EXPECT_EQ(r.customers[0].name, "Xeno");
    EXPECT_EQ(r.customers[0].sales, 9);
}

TEST(read_customers, a_role_said_absent_is_not_read_even_when_detected) {
    const crm::table t = {{"ID", "Name", "Sales", "Cost"}, {"A", "Acme", 10.0, 4.0}};
    crm::read_options options;
    options.absent = {crm::column_role::cost};
    const auto r = crm::read_customers(t, options);
    ASSERT_EQ(r.customers.size(), 1u);
    EXPECT_FALSE(r.customers[0].cost.has_value());
    EXPECT_EQ(r.mapping.columns.count(crm::column_role::cost), 0u);
    EXPECT_TRUE(crm::read_customers(t).customers[0].cost.has_value());
}

TEST(read_customers, ragged_rows_and_merged_headers) {
    const crm::table t = {{"ID", "", "Sales", "", "City"}, {"A", {}, 3.0}, {"B"},
                          {"C", "x", 4.0, 5.0, "Paris", "extra"}};
    const auto r = crm::read_customers(t);
    ASSERT_EQ(r.customers.size(), 3u);
    EXPECT_EQ(r.customers[0].city, "");
    EXPECT_EQ(r.customers[1].sales, 0);
    EXPECT_NE(find(r, problem_kind::missing_sales, 3), nullptr);
    EXPECT_EQ(r.customers[2].city, "Paris");
}

TEST(read_customers, cell_text_in_problems_is_length_bounded) {
    // A sheet cell may hold 32 767 characters (and a CSV field any number): problems quote at most
    // max_quoted_chars characters of it, cut on a character boundary, so messages stay short.
    std::string huge;
    for (int i = 0; i < 20000; ++i) huge += "\xE5\xAE\xA2";  // 客 × 20 000
    const std::string long_header = "Sales " + std::string(5000, 'x');
    const crm::table t = {{"ID", "Name", "Sales"},
                          {"C1", "Alpha", huge + "12abc"},
                          {"C2", "Beta", 12.0},
                          {"Total", "", 12.0}};
    const crm::customer_read r = crm::read_customers(t);
    const crm::problem* p = find(r, problem_kind::unreadable_number, 2);
    ASSERT_NE(p, nullptr);
    const auto points = [](const std::string& s) {
        return std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; });
    };
    EXPECT_LE(points(p->detail), static_cast<long>(crm::max_quoted_chars));
    EXPECT_EQ(p->detail.rfind("Sales: \xE5\xAE\xA2", 0), 0u);
    EXPECT_EQ(p->detail.substr(p->detail.size() - 3), "\xE2\x80\xA6");
    const std::string text = crm::describe(*p);
    EXPECT_LE(points(text), static_cast<long>(crm::max_quoted_chars + 32));
    EXPECT_EQ(text.rfind("unreadable number \xE2\x80\x94 Sales: ", 0), 0u);

    // describe() bounds any detail, whoever built the problem.
    const crm::problem made{problem_kind::error_cell, 3, long_header};
    EXPECT_LE(points(crm::describe(made)), static_cast<long>(crm::max_quoted_chars + 32));
    EXPECT_EQ(crm::describe({problem_kind::error_cell, 3, "Sales"}), "error cell \xE2\x80\x94 Sales");

    // A long header is quoted short in every problem of its column.
    const crm::table wide = {{"ID", long_header}, {"C1", "n/a"}};
    crm::read_options sales_is_b;
    sales_is_b.columns[crm::column_role::sales] = 1;
    const crm::customer_read w = crm::read_customers(wide, sales_is_b);
    ASSERT_FALSE(w.problems.empty());
    for (const auto& q : w.problems) EXPECT_LE(points(q.detail), static_cast<long>(crm::max_quoted_chars)) << q.detail;
}

}  // namespace
