// Tests of per-customer aggregation of a transactions sheet, held against the published CDNOW summary.
#include "crm/transactions.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "cdnow_data.hpp"
#include "crm/csv.hpp"
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
    EXPECT_EQ(a.frequency, 3);    // purchase occasions: without an invoice column, one a day
    EXPECT_EQ(a.orders, 4u);      // lines
    EXPECT_DOUBLE_EQ(a.monetary, 30);  // (25 + 35) / 2, the first purchase left out
    EXPECT_DOUBLE_EQ(a.average_order_value, 70.0 / 3);
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
    ASSERT_EQ(r.customers.size(), 1u);
    EXPECT_EQ(r.customers[0].sales_by_year, (std::map<int, double>{{2023, 1000.5}, {2024, 150}}));
    // The credit note "(50 €)" nets 2024's sales and is no purchase: two purchase days, one repeat.
    EXPECT_EQ(r.customers[0].x, 1);
    EXPECT_EQ(r.customers[0].returns, 1u);
    ASSERT_EQ(r.problems.size(), 1u);
    EXPECT_EQ(r.problems[0].kind, problem_kind::returns_netted);
    EXPECT_EQ(r.problems[0].detail, "1");
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
    EXPECT_EQ(a.name, "");              // the log has no name column: no name is made up
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

// Spec "Order logs as shops export them": invoice lines (quantity × unit price), invoices as purchase
// occasions, cancellations netted, the latest name and places, cost from a profit column.
TEST(aggregate_transactions, invoice_lines_as_shops_export_them) {
    const double d0 = crm::serial_date(2024, 3, 4);
    const crm::table t = {
        {"Invoice No", "Customer ID", "Customer Name", "City", "Postal Code", "Region", "Sales rep", "Date", "Quantity",
         "Unit price", "Profit"},
        {"1001", "C1", "Old name", "Lyon", "69001", "ARA", "Ana", d0, 2.0, 10.0, 5.0},      // 20, cost 15
        {"1001", "C1", "", "", "", "", "", d0, 1.0, 30.0, 10.0},                           // same invoice: 30, cost 20
        {"1002", "C1", "Dupont SA", "Lyon", "69002", "ARA", "Bea", d0, 1.0, 8.0, 2.0},     // same day, 2nd invoice
        {"1003", "C1", "", "", "", "", "", d0 + 14, 4.0, 5.0, 4.0},                        // 20, cost 16
        {"C1003", "C1", "", "", "", "", "", d0 + 15, -1.0, 5.0, -1.0},                     // cancellation: −5
        {"1004", "C2", "Martin", "Paris", "75001", "IDF", "", d0 + 1, -3.0, 2.0, -1.0},    // a return only
        {"1005", "C3", "Wu", "", "", "", "", d0 + 2, 1.0, 0.0, 0.0}};                      // a free order: 0
    const auto r = crm::aggregate_transactions(t, d0 + 28);
    ASSERT_EQ(r.customers.size(), 3u);
    EXPECT_TRUE(r.has_cost);
    const auto& c1 = r.customers[0];
    EXPECT_EQ(c1.frequency, 3);     // three invoices bought
    EXPECT_EQ(c1.x, 1);             // on two days: the models count purchase days
    EXPECT_DOUBLE_EQ(c1.t_x, 2);
    EXPECT_DOUBLE_EQ(c1.T, 4);
    EXPECT_DOUBLE_EQ(c1.monetary, 20);  // the second day's purchase
    EXPECT_EQ(c1.orders, 4u);
    EXPECT_EQ(c1.returns, 1u);
    EXPECT_EQ(c1.sales_by_year, (std::map<int, double>{{2024, 20 + 30 + 8 + 20 - 5}}));
    EXPECT_EQ(c1.cost_by_year, (std::map<int, double>{{2024, 15 + 20 + 6 + 16 - 4}}));
    EXPECT_EQ(c1.name, "Dupont SA");  // the latest non-empty (same day: the later row)
    EXPECT_EQ(c1.postal_code, "69002");
    EXPECT_EQ(c1.rep, "Bea");
    EXPECT_EQ(c1.city, "Lyon");
    const auto& c2 = r.customers[1];
    EXPECT_EQ(c2.orders, 0u);
    EXPECT_EQ(c2.frequency, 0);
    EXPECT_EQ(c2.sales_by_year, (std::map<int, double>{{2024, -6}}));
    EXPECT_EQ(c2.name, "Martin");
    const auto& c3 = r.customers[2];
    EXPECT_EQ(c3.frequency, 1);
    EXPECT_EQ(c3.sales_by_year, (std::map<int, double>{{2024, 0}}));
    ASSERT_EQ(count(r, problem_kind::returns_netted), 1u);
    EXPECT_EQ(r.problems.back().detail, "2");

    // The customers carry what the log says; cost is the latest year's.
    const crm::customer_read customers = crm::customers_from_orders(t);
    ASSERT_EQ(customers.customers.size(), 3u);
    EXPECT_EQ(customers.customers[0].name, "Dupont SA");
    EXPECT_EQ(customers.customers[0].sales, 73);
    ASSERT_TRUE(customers.customers[0].cost.has_value());
    EXPECT_EQ(*customers.customers[0].cost, 53);
    EXPECT_EQ(customers.customers[0].region, "ARA");
    EXPECT_EQ(customers.customers[1].city, "Paris");
}

TEST(aggregate_transactions, a_profit_rate_column_and_a_cost_column) {
    const double d0 = crm::serial_date(2024, 1, 10);
    const crm::table rates = {{"Client", "Date", "Montant", "Marge"}, {"A", d0, 200.0, 0.25}, {"A", d0 + 3, 100.0, 0.1}};
    const auto r = crm::aggregate_transactions(rates, d0 + 10);
    ASSERT_EQ(r.customers.size(), 1u);
    EXPECT_DOUBLE_EQ(r.customers[0].cost_by_year.at(2024), 150 + 90);
    const crm::table costs = {{"客户编号", "日期", "金额", "成本"}, {"A", d0, 200.0, 120.0}, {"A", d0 + 3, 100.0, 70.0}};
    EXPECT_DOUBLE_EQ(crm::aggregate_transactions(costs, d0 + 10).customers[0].cost_by_year.at(2024), 190);
    const crm::table none = {{"Customer ID", "Date", "Amount"}, {"A", d0, 200.0}};
    const auto plain = crm::aggregate_transactions(none, d0 + 10);
    EXPECT_FALSE(plain.has_cost);
    EXPECT_TRUE(plain.customers[0].cost_by_year.empty());
    EXPECT_FALSE(crm::customers_from_orders(none).customers[0].cost.has_value());
}

// Spec: a text date column is day-first or month-first as its values decide, never mixed; both kinds in
// one column make the minority's rows problems.
TEST(aggregate_transactions, text_dates_read_in_the_order_their_column_shows) {
    const crm::table month_first = {{"Customer ID", "Date", "Amount"},
                                    {"A", "12/1/10 8:26", 1.0},  // ambiguous alone
                                    {"A", "12/13/10 9:00", 1.0}, // only month-first
                                    {"A", "1/4/11", 1.0}};
    crm::read_options fr;
    fr.dates.day_first = true;  // the document's order says day-first: the values say otherwise
    const auto r = crm::aggregate_transactions(month_first, crm::serial_date(2011, 12, 31), fr);
    ASSERT_TRUE(r.problems.empty());
    EXPECT_EQ(r.mapping.day_first_columns.at(1), false);
    EXPECT_DOUBLE_EQ(r.customers[0].t_x * 7, crm::serial_date(2011, 1, 4) - crm::serial_date(2010, 12, 1));

    const crm::table mixed = {{"Customer ID", "Date", "Amount"},
                              {"A", "13/01/2024", 1.0}, {"A", "14/02/2024", 1.0}, {"A", "03/15/2024", 1.0},
                              {"A", "05/04/2024", 1.0}};
    const auto m = crm::aggregate_transactions(mixed, crm::serial_date(2024, 12, 31));
    EXPECT_EQ(m.mapping.day_first_columns.at(1), true);
    ASSERT_EQ(count(m, problem_kind::date_in_other_order), 1u);
    EXPECT_EQ(m.problems[0].row, 4u);
    EXPECT_EQ(m.customers[0].orders, 3u);  // 05/04/2024 read as 5 April, like its column
    EXPECT_DOUBLE_EQ(m.customers[0].t_x * 7, crm::serial_date(2024, 4, 5) - crm::serial_date(2024, 1, 13));

    // ISO dates and numbers say nothing; a column without evidence keeps the document's order.
    const crm::table iso = {{"Customer ID", "Date", "Amount"}, {"A", "2024-01-13", 1.0}, {"A", "03/04/2024", 1.0}};
    const auto i = crm::aggregate_transactions(iso, crm::serial_date(2024, 12, 31), fr);
    EXPECT_TRUE(i.mapping.day_first_columns.empty());
    EXPECT_DOUBLE_EQ(i.customers[0].t_x * 7, crm::serial_date(2024, 4, 3) - crm::serial_date(2024, 1, 13));
}

TEST(aggregate_transactions, yyyymmdd_numbers_are_dates) {
    // CDNOW's master log as a sheet: dates are 8-digit numbers, not Calc serials of year 56 000.
    const crm::table t = {{"customer_id", "date", "number_of_cds", "dollar_value"},
                          {"00001", 19970101.0, 1.0, 11.77}, {"00001", 19970115.0, 2.0, 20.0}};
    EXPECT_TRUE(crm::is_transactions_sheet(t));
    const auto r = crm::aggregate_transactions(t, crm::serial_date(1997, 2, 1));
    ASSERT_EQ(r.customers.size(), 1u);
    EXPECT_DOUBLE_EQ(r.customers[0].t_x, 2);
    EXPECT_EQ(*crm::latest_order_date(t), crm::serial_date(1997, 1, 15));
}

// The first 182 lines of the UCI Online Retail log (data/online-retail): amount = Quantity × UnitPrice,
// invoices as occasions, a cancellation netted, and the four broken lines (no comma after the description:
// Quantity holds the date) reported with their row without sinking the rest. Held against an independent
// reading of the file here (the well-formed lines have exactly eight fields).
TEST(aggregate_transactions, the_online_retail_lines) {
    const std::string path = std::string(CRM_DATA_DIR) + "/online-retail/online_retail_first_rows.csv";
    std::ifstream in(path);
    ASSERT_TRUE(in) << path;
    const crm::table t = crm::read_csv(in);
    std::ifstream again(path);
    std::string text;
    std::getline(again, text);  // header
    std::map<std::string, double> sales;
    std::map<std::string, std::set<std::string>> invoices;
    std::vector<std::size_t> broken;
    std::size_t cancellations = 0;
    for (std::size_t row = 2; std::getline(again, text); ++row) {
        std::vector<std::string> f;
        std::stringstream fields(text);
        for (std::string item; std::getline(fields, item, ',');) f.push_back(item);
        if (f.size() != 8) {
            broken.push_back(row);
            continue;
        }
        sales[f[6]] += std::stod(f[3]) * std::stod(f[5]);
        if (f[0][0] == 'C') ++cancellations;
        else invoices[f[6]].insert(f[0]);
    }
    ASSERT_EQ(broken.size(), 4u);
    const auto r = crm::aggregate_transactions(t, *crm::latest_order_date(t));
    std::vector<std::size_t> rows;
    for (const auto& p : r.problems)
        if (p.kind == problem_kind::unreadable_number) rows.push_back(p.row);
    EXPECT_EQ(rows, broken);
    EXPECT_EQ(count(r, problem_kind::returns_netted), cancellations > 0 ? 1u : 0u);
    EXPECT_EQ(r.mapping.day_first_columns.count(4), 0u);  // 12/1/10 alone says nothing
    ASSERT_EQ(r.customers.size(), sales.size());
    for (const auto& h : r.customers) {
        SCOPED_TRACE(h.id);
        ASSERT_TRUE(sales.count(h.id));
        EXPECT_NEAR(h.sales_by_year.at(2010), sales[h.id], 1e-9);
        EXPECT_EQ(h.frequency, static_cast<double>(invoices[h.id].size()));
    }
}
