// Tests of reading customer sheets (spec "Inputs"): every data row is a customer or a problem, never lost.
#include "crm/customers.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace {

using crm::problem_kind;

crm::cell c(const char* text) { return std::string(text); }
crm::cell c(double value) { return value; }
const crm::cell blank{};

std::vector<crm::cell> texts(const std::vector<const char*>& headers) {
    std::vector<crm::cell> row;
    for (const char* h : headers) row.push_back(h[0] ? c(h) : blank);
    return row;
}

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
        texts({"ID", "Name", "Sales 2025", "Sales 2024", "Sales 2023", "Cost", "Region", "City", "Address", "Latitude",
               "Longitude", "Sales rep", "Last visit", "Orders", "Referrals", "Suggestions", "Product lines",
               "Share of wallet"}),
        {c("C1"), c("Acme"), c(120.0), c(100.0), c(80.0), c(70.0), c("North"), c("Lille"), c("1 rue A"), c(50.63),
         c(3.06), c("Ann"), c(45292.0), c(12.0), c(1.0), c(2.0), c(3.0), c(0.4)},
        {c("C2"), c("Bolt"), c("1 234,50"), blank, blank, blank, c("South"), c("Nice"), blank, c("43.7"), c("7.27"),
         c("Bob"), c("2024-02-01"), blank, blank, blank, blank, c("25 %")},
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
    const crm::table fr = {texts({"Code client", "Raison sociale", "Chiffre d'affaires", "Coût", "Dernière visite"}),
                           {c("F1"), c("Dupont"), c("1 234,56 €"), c("1 000 €"), c("03/04/2025")}};
    auto r = crm::read_customers(fr, french());
    ASSERT_EQ(r.customers.size(), 1u);
    EXPECT_DOUBLE_EQ(r.customers[0].sales, 1234.56);
    EXPECT_EQ(r.customers[0].cost, 1000);
    EXPECT_EQ(r.customers[0].last_visit, crm::serial_date(2025, 4, 3));

    const crm::table zh = {texts({"客戶編號", "客戶名稱", "2025年銷售額", "2024年銷售額", "上次拜訪"}),
                           {c("T01"), c("台北商行"), c("NT$1,200"), c("１０００"), c("2025年3月1日")}};
    r = crm::read_customers(zh);
    ASSERT_EQ(r.customers.size(), 1u);
    EXPECT_EQ(r.customers[0].id, "T01");
    EXPECT_EQ(r.customers[0].name, "台北商行");
    EXPECT_EQ(r.customers[0].sales, 1200);
    EXPECT_EQ(r.customers[0].sales_previous, 1000);
    EXPECT_EQ(r.customers[0].last_visit, crm::serial_date(2025, 3, 1));
}

TEST(read_customers, without_an_id_column_ids_are_row_numbers) {
    const crm::table t = {texts({"Client", "CA"}), {c("A"), c(1.0)}, {c("B"), c(2.0)}};
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
    r = crm::read_customers({{blank, c("  ")}, {}});
    EXPECT_EQ(r.problems.at(0).kind, problem_kind::empty_sheet);

    r = crm::read_customers({texts({"ID", "Name", "Sales"})});
    EXPECT_TRUE(r.customers.empty());
    ASSERT_EQ(r.problems.size(), 1u);
    EXPECT_EQ(r.problems[0].kind, problem_kind::no_data_rows);

    r = crm::read_customers({texts({"ID", "Name"}), {c("1"), c("A")}});
    EXPECT_TRUE(r.customers.empty());
    EXPECT_EQ(r.problems.at(0).kind, problem_kind::no_sales_column);
}

TEST(read_customers, bad_cells_become_problems_with_their_row) {
    const crm::table t = {
        texts({"ID", "Name", "Sales", "Cost", "Latitude", "Longitude", "Last visit"}),
        {c("1"), c("Good"), c(10.0), c(5.0), c(48.8), c(2.3), c("2025-01-10")},
        {c("2"), c("Garbage"), c("12abc"), blank, c(48.8), c(2.3), blank},
        {c("3"), c("Error"), crm::cell_error{532}, blank, c(48.8), c(2.3), blank},
        {c("4"), c("Bad cost"), c(7.0), c("n/a"), c(48.8), c(2.3), c("yesterday")},
        {crm::cell_error{504}, c("Error id"), c(3.0), blank, c(48.8), c(2.3), blank},
        {blank, c("No id"), c(4.0), blank, c(48.8), c(2.3), blank},
        {},  // a blank row is no data
        {c("8"), c("Huge"), c("1e308"), blank, c(48.8), c(2.3), blank},
        {c("9"), c("NaN"), c("NaN"), blank, c(48.8), c(2.3), blank},
        {c("10"), c("No sales"), blank, blank, c(48.8), c(2.3), blank},
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
    const crm::table t = {texts({"ID", "Name", "Sales", "Sales 2024", "Cost", "City", "Orders"}),
                          {c("A"), c("Acme"), c(10.0), blank, c(4.0), blank, c(3.0)},
                          {c("B"), c("Bolt"), c(1.0), c(1.0), blank, c("Lyon"), blank},
                          {c("A"), c("Acme Ltd"), c(5.0), c(7.0), c(1.0), c("Lille"), c(2.0)},
                          {c(1.0), c("Num"), c(1.0), blank, blank, blank, blank},
                          {c("1"), c("Num again"), c(2.0), blank, blank, blank, blank}};
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
    EXPECT_EQ(p->detail, "A (first at row 2)");
    EXPECT_NE(find(r, problem_kind::duplicate_id, 6), nullptr);
}

TEST(read_customers, negative_sales_are_kept_and_reported) {
    const crm::table t = {texts({"ID", "Sales"}), {c("A"), c(-5.0)}, {c("B"), c("(1 200)")}, {c("C"), c(3.0)}};
    const auto r = crm::read_customers(t);
    ASSERT_EQ(r.customers.size(), 3u);
    EXPECT_EQ(r.customers[0].sales, -5);
    EXPECT_EQ(r.customers[1].sales, -1200);
    EXPECT_EQ(count(r, problem_kind::negative_sales), 2u);
    EXPECT_NE(find(r, problem_kind::negative_sales, 3), nullptr);
}

TEST(read_customers, missing_or_invalid_coordinates_are_reported) {
    const crm::table t = {texts({"ID", "Sales", "Lat", "Lng"}),
                          {c("A"), c(1.0), c(45.0), c(5.0)},
                          {c("B"), c(1.0), blank, blank},
                          {c("C"), c(1.0), c(45.0), blank},
                          {c("D"), c(1.0), c(45.0), c(500.0)}};
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
    EXPECT_TRUE(crm::read_customers({texts({"ID", "Sales"}), {c("A"), c(1.0)}}).problems.empty());
}

TEST(read_customers, margin_stands_in_for_cost) {
    auto r = crm::read_customers({texts({"ID", "Sales", "Marge"}), {c("A"), c(200.0), c("25 %")}});
    EXPECT_DOUBLE_EQ(*r.customers.at(0).cost, 150);
    r = crm::read_customers({texts({"ID", "Sales", "Margin"}), {c("A"), c(200.0), c(30.0)}});
    EXPECT_DOUBLE_EQ(*r.customers.at(0).cost, 170);
}

TEST(read_customers, overrides_replace_the_detected_mapping) {
    const crm::table t = {texts({"Ref", "Label", "Value A", "Value B"}), {c("X"), c("Xeno"), c(1.0), c(9.0)}};
    crm::read_options options;
    options.columns = {{crm::column_role::id, 0}, {crm::column_role::name, 1}, {crm::column_role::sales, 3}};
    const auto r = crm::read_customers(t, options);
    ASSERT_EQ(r.customers.size(), 1u);
    EXPECT_EQ(r.customers[0].id, "X");
    EXPECT_EQ(r.customers[0].name, "Xeno");
    EXPECT_EQ(r.customers[0].sales, 9);
}

TEST(read_customers, ragged_rows_and_merged_headers) {
    const crm::table t = {texts({"ID", "", "Sales", "", "City"}), {c("A"), blank, c(3.0)}, {c("B")},
                          {c("C"), c("x"), c(4.0), c(5.0), c("Paris"), c("extra")}};
    const auto r = crm::read_customers(t);
    ASSERT_EQ(r.customers.size(), 3u);
    EXPECT_EQ(r.customers[0].city, "");
    EXPECT_EQ(r.customers[1].sales, 0);
    EXPECT_NE(find(r, problem_kind::missing_sales, 3), nullptr);
    EXPECT_EQ(r.customers[2].city, "Paris");
}

}  // namespace
