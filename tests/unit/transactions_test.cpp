// Tests of per-customer aggregation of a transactions sheet, held against the published CDNOW summary.
#include "crm/transactions.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "cdnow_data.hpp"
#include "crm/error.hpp"

namespace {

using crm::problem_kind;


const crm::table::value_type header = {"Customer ID", "Date", "Amount"};

std::size_t count(const crm::transactions_read& r, problem_kind kind) {
    return static_cast<std::size_t>(
        std::count_if(r.problems.begin(), r.problems.end(), [&](const crm::problem& p) { return p.kind == kind; }));
}

TEST(aggregate_transactions, bgnbd_conventions) {
    const double d0 = crm::serial_date(2024, 1, 1);
    const crm::table t = {header,
                          {"A", d0, 10.0},
                          {"B", d0 + 3, 50.0},
                          {"A", d0 + 14.75, 20.0},  // time of day is dropped
                          {"A", d0 + 14, 5.0},      // same day: one purchase of 25
                          {"A", d0 + 28, 35.0},
                          {"A", d0 + 400, 99.0}};   // after the analysis date
    const double as_of = d0 + 70;
    const auto r = crm::aggregate_transactions(t, as_of);
    ASSERT_EQ(r.customers.size(), 2u);
    const auto& a = r.customers[0];
    EXPECT_EQ(a.id, "A");
    EXPECT_EQ(a.x, 2);             // three purchase days
    EXPECT_DOUBLE_EQ(a.t_x, 4);    // 28 days in weeks
    EXPECT_DOUBLE_EQ(a.T, 10);     // 70 days in weeks
    EXPECT_EQ(a.recency_days, 42);
    EXPECT_EQ(a.frequency, 4);
    EXPECT_EQ(a.orders, 4u);
    EXPECT_DOUBLE_EQ(a.monetary, 30);  // (25 + 35) / 2, the first purchase left out
    EXPECT_DOUBLE_EQ(a.average_order_value, 70.0 / 4);
    EXPECT_EQ(a.sales_by_year, (std::map<int, double>{{2024, 70}}));
    const auto& b = r.customers[1];
    EXPECT_EQ(b.x, 0);
    EXPECT_EQ(b.t_x, 0);
    EXPECT_EQ(b.monetary, 0);
    EXPECT_DOUBLE_EQ(b.T, 67.0 / 7);
    ASSERT_EQ(r.problems.size(), 1u);
    EXPECT_EQ(r.problems[0].kind, problem_kind::date_after_as_of);
    EXPECT_EQ(r.problems[0].row, 7u);

    const auto days = crm::aggregate_transactions(t, as_of, {}, 1.0);
    EXPECT_DOUBLE_EQ(days.customers[0].t_x, 28);
    EXPECT_THROW(crm::aggregate_transactions(t, as_of, {}, 0.0), crm::illegal_argument);
    EXPECT_THROW(crm::aggregate_transactions(t, NAN), crm::illegal_argument);
}

TEST(aggregate_transactions, yearly_sales_and_text_values) {
    const crm::table t = {{"Code client", "Date", "Montant", "Produit"},
                          {"C1", "15/12/2023", "1 000,50 €", "Stylo"},
                          {"C1", "02/01/2024", "200 €", "Cahier"},
                          {"C1", "2024-03-01", "(50 €)", "Avoir"}};
    crm::read_options fr;
    fr.numbers.decimal_comma = true;
    fr.dates.day_first = true;
    const auto r = crm::aggregate_transactions(t, crm::serial_date(2024, 12, 31), fr);
    EXPECT_TRUE(r.problems.empty());
    ASSERT_EQ(r.customers.size(), 1u);
    EXPECT_EQ(r.customers[0].sales_by_year, (std::map<int, double>{{2023, 1000.5}, {2024, 150}}));
    EXPECT_EQ(r.customers[0].x, 2);
}

TEST(aggregate_transactions, unreadable_rows_are_reported_with_their_row) {
    const double d0 = crm::serial_date(2024, 1, 1);
    const crm::table t = {header,
                          {"A", d0, 10.0},
                          {{}, d0, 10.0},
                          {"A", "someday", 10.0},
                          {"A", d0, "ten"},
                          {crm::cell_error{503}, d0, 1.0},
                          {"A", {}, 1.0},
                          {"A", d0, {}},
                          {},
                          {"A", d0 + 7, 2.0}};
    const auto r = crm::aggregate_transactions(t, d0 + 30);
    ASSERT_EQ(r.customers.size(), 1u);
    EXPECT_EQ(r.customers[0].orders, 2u);
    EXPECT_EQ(count(r, problem_kind::missing_id), 1u);
    EXPECT_EQ(count(r, problem_kind::unreadable_date), 1u);
    EXPECT_EQ(count(r, problem_kind::unreadable_number), 1u);
    EXPECT_EQ(count(r, problem_kind::error_cell), 1u);
    EXPECT_EQ(count(r, problem_kind::missing_date), 1u);
    EXPECT_EQ(count(r, problem_kind::missing_amount), 1u);
    std::vector<std::size_t> rows;
    for (const auto& p : r.problems) rows.push_back(p.row);
    EXPECT_EQ(rows, (std::vector<std::size_t>{3, 4, 5, 6, 7, 8}));
}

TEST(aggregate_transactions, empty_header_only_and_missing_columns) {
    auto r = crm::aggregate_transactions({}, 45000);
    ASSERT_EQ(r.problems.size(), 1u);
    EXPECT_EQ(r.problems[0].kind, problem_kind::empty_sheet);
    r = crm::aggregate_transactions({header}, 45000);
    EXPECT_TRUE(r.customers.empty());
    ASSERT_EQ(r.problems.size(), 1u);
    EXPECT_EQ(r.problems[0].kind, problem_kind::no_data_rows);
    r = crm::aggregate_transactions({{"Product", "Colour"}, {"pen", "red"}}, 45000);
    EXPECT_EQ(count(r, problem_kind::no_customer_id_column), 1u);
    EXPECT_EQ(count(r, problem_kind::no_date_column), 1u);
    EXPECT_EQ(count(r, problem_kind::no_amount_column), 1u);
}

// The CDNOW sample: master id, customer id, date YYYYMMDD, CDs, dollars, as a sheet with a header row.
crm::table cdnow_transactions() {
    const std::string path = std::string(CRM_DATA_DIR) + "/cdnow/CDNOW_sample.txt";
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot open " + path);
    crm::table t = {{"Master ID", "Customer ID", "Date", "Quantity", "Amount"}};
    std::string master, id, date;
    double cds = 0, dollars = 0;
    while (in >> master >> id >> date >> cds >> dollars) t.push_back({master, id, date, cds, dollars});
    return t;
}

// The calibration period of Fader, Hardie & Lee (2005) is the first 39 weeks of 1997: 1997-01-01 to
// 1997-09-30. With the analysis date 1997-09-30, weeks of 7 days, same-day orders counted once, t_x and T
// measured from the first purchase day, the summary of the `lifetimes` library is reproduced exactly.
TEST(aggregate_transactions, reproduces_the_cdnow_calibration_summary) {
    const auto expected = crm::test::read_cdnow_summary();
    const crm::table t = cdnow_transactions();
    ASSERT_EQ(t.size(), 6920u);
    const double as_of = crm::serial_date(1997, 9, 30);
    const auto r = crm::aggregate_transactions(t, as_of);
    // Every order after the calibration period is reported as such, and nothing else is.
    const std::size_t later = static_cast<std::size_t>(std::count_if(t.begin() + 1, t.end(), [&](const auto& row) {
        return *crm::parse_date(std::get<std::string>(row[2])) > as_of;
    }));
    EXPECT_EQ(r.problems.size(), later);
    EXPECT_EQ(count(r, problem_kind::date_after_as_of), later);

    std::map<int, const crm::customer_history*> by_id;
    for (const auto& h : r.customers) by_id[std::stoi(h.id)] = &h;
    ASSERT_EQ(by_id.size(), expected.id.size());
    for (std::size_t k = 0; k < expected.id.size(); ++k) {
        const int id = static_cast<int>(expected.id[k]);
        ASSERT_TRUE(by_id.count(id)) << id;
        const auto& h = *by_id[id];
        EXPECT_EQ(h.x, expected.x[k]) << id;
        EXPECT_NEAR(h.t_x, expected.t_x[k], 0.01) << id;
        EXPECT_NEAR(h.T, expected.T[k], 0.01) << id;
        EXPECT_NEAR(h.monetary, expected.zbar[k], 0.01) << id;
    }
}

TEST(aggregate_transactions, two_million_rows) {
    constexpr std::size_t rows = 2'000'000, customers = 100'000;
    const double d0 = crm::serial_date(2020, 1, 1);
    crm::table t;
    t.reserve(rows + 1);
    t.push_back(header);
    std::uint64_t state = 42;
    const auto next = [&] { return state = state * 6364136223846793005ULL + 1442695040888963407ULL; };
    for (std::size_t k = 0; k < rows; ++k) {
        const double id = static_cast<double>(next() % customers);
        const double day = d0 + static_cast<double>(next() % 1500);
        const double amount = static_cast<double>(next() % 10000) / 100;
        t.push_back({id, day, amount});
    }
    const auto start = std::chrono::steady_clock::now();
    const auto r = crm::aggregate_transactions(t, d0 + 1500);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("aggregate_transactions: %zu rows, %zu customers in %.3f s\n", rows, r.customers.size(), seconds);
    EXPECT_EQ(r.customers.size(), customers);
    EXPECT_TRUE(r.problems.empty());
    std::size_t orders = 0;
    for (const auto& h : r.customers) orders += h.orders;
    EXPECT_EQ(orders, rows);
}

}  // namespace

// latest_order_date: the analysis date the jobs use, from the sheet itself.
TEST(customers_from_orders, an_order_log_alone_gives_customers_and_yearly_sales) {
    const double y22 = crm::serial_date(2022, 6, 1), y23 = crm::serial_date(2023, 6, 1), y24 = crm::serial_date(2024, 3, 1);
    const crm::table t = {header,
                          {"A", y22, 100.0},
                          {"B", y23, 40.0},
                          {"A", y24, 30.0},
                          {"A", y24 + 7, 20.0},
                          {"C", y24, 5.0},
                          {"B", y24 + 1, "n/a"}};  // row 7: an unreadable amount, reported
    EXPECT_TRUE(crm::is_order_log(t));
    const crm::customer_read r = crm::customers_from_orders(t);
    ASSERT_EQ(r.customers.size(), 3u);
    const crm::customer& a = r.customers[0];
    EXPECT_EQ(a.id, "A");
    EXPECT_EQ(a.name, "A");
    EXPECT_EQ(a.sales, 50.0);           // 2024, the log's latest year
    EXPECT_EQ(a.sales_previous, 0.0);   // the log holds 2023, A bought nothing then
    EXPECT_EQ(a.sales_before, 100.0);   // 2022
    EXPECT_EQ(a.source_row, 2u);
    EXPECT_EQ(r.customers[1].id, "B");
    EXPECT_EQ(r.customers[1].sales, 0.0);
    EXPECT_EQ(r.customers[1].sales_previous, 40.0);
    EXPECT_EQ(r.customers[1].source_row, 3u);
    EXPECT_EQ(r.customers[2].sales_before, 0.0);
    ASSERT_EQ(r.problems.size(), 1u);
    EXPECT_EQ(r.problems[0].row, 7u);
    EXPECT_EQ(r.problems[0].kind, problem_kind::unreadable_number);
    const std::vector<std::pair<int, std::size_t>> years = {{2022, 2}, {2023, 2}, {2024, 2}};
    EXPECT_EQ(r.mapping.sales_by_year, years);
}

TEST(customers_from_orders, a_log_of_one_year_has_no_earlier_sales) {
    const double d = crm::serial_date(2024, 5, 1);
    const crm::table t = {header, {"A", d, 10.0}, {"A", d + 30, 10.0}, {"B", d, 7.0}};
    const crm::customer_read r = crm::customers_from_orders(t);
    ASSERT_EQ(r.customers.size(), 2u);
    EXPECT_EQ(r.customers[0].sales, 20.0);
    EXPECT_FALSE(r.customers[0].sales_previous.has_value());  // the log does not reach 2023: unknown, not 0
    EXPECT_FALSE(r.customers[0].sales_before.has_value());
}

TEST(is_order_log, a_customer_sheet_with_dates_is_not_one) {
    // One row per customer, with a last-visit date and sales: ids never repeat.
    const crm::table customers = {{"Customer ID", "Last visit", "Sales"},
                                  {"A", crm::serial_date(2024, 1, 5), 100.0},
                                  {"B", crm::serial_date(2024, 2, 5), 50.0},
                                  {"C", crm::serial_date(2024, 3, 5), 70.0}};
    EXPECT_FALSE(crm::is_order_log(customers));
    EXPECT_FALSE(crm::is_order_log({}));
}

TEST(LatestOrderDate, IsTheLatestReadableDate) {
    const crm::table t{{std::string("Customer ID"), std::string("Date"), std::string("Amount")},
                       {std::string("C1"), 46000.0, 10.0},
                       {std::string("C2"), std::string("2026-03-01"), 5.0},
                       {std::string("C1"), std::string("not a date"), 5.0},
                       {std::string("C3"), 45000.25, 1.0}};
    EXPECT_TRUE(crm::is_transactions_sheet(t));
    ASSERT_TRUE(crm::latest_order_date(t));
    EXPECT_EQ(*crm::latest_order_date(t), *crm::parse_date("2026-03-01"));
    const crm::table customers{{std::string("ID"), std::string("Name"), std::string("Sales")}, {std::string("C1"), std::string("A"), 1.0}};
    EXPECT_FALSE(crm::is_transactions_sheet(customers));
    EXPECT_FALSE(crm::latest_order_date(customers));
    EXPECT_FALSE(crm::latest_order_date(crm::table{}));
}
