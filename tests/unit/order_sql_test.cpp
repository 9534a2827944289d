// The aggregation statement of orders in a SQL database (crm/order_sql.hpp): identifiers quoted, values bound,
// and its rows read as the histories aggregate_transactions makes from the same lines.
#include "crm/order_sql.hpp"

#include <gtest/gtest.h>

#include "crm/error.hpp"
#include "crm/text_values.hpp"

namespace {

crm::table orders_sample() {
    return {{std::string("Customer ID"), std::string("Order Date"), std::string("Sales"), std::string("Customer Name")},
            {std::string("c1"), std::string("2026-01-05"), 10.0, std::string("Ann")}};
}

TEST(OrderSql, QuotesIdentifiers) {
    EXPECT_EQ(crm::quote_identifier("orders"), "\"orders\"");
    EXPECT_EQ(crm::quote_identifier("a\"b"), "\"a\"\"b\"");
    EXPECT_EQ(crm::quote_identifier("x\"; DROP TABLE orders; --"), "\"x\"\"; DROP TABLE orders; --\"");
    EXPECT_EQ(crm::quote_table_name("sales.orders"), "\"sales\".\"orders\"");
    EXPECT_THROW(crm::quote_identifier(""), crm::illegal_argument);
    EXPECT_THROW(crm::quote_identifier("a\nb"), crm::illegal_argument);
    EXPECT_THROW(crm::quote_identifier(std::string("a\0b", 3)), crm::illegal_argument);
    EXPECT_THROW(crm::quote_table_name("sales."), crm::illegal_argument);
}

TEST(OrderSql, DetectsRolesAndRefusesMissingOnes) {
    const crm::order_columns columns = crm::detect_order_columns(orders_sample());
    EXPECT_EQ(columns.mapping.columns.at(crm::column_role::customer_id), 0u);
    EXPECT_EQ(columns.mapping.columns.at(crm::column_role::date), 1u);
    EXPECT_EQ(columns.mapping.columns.at(crm::column_role::amount), 2u);
    crm::table no_date = orders_sample();
    no_date[0][1] = std::string("Colour");
    try {
        crm::detect_order_columns(no_date);
        FAIL() << "a table without a date column was read";
    } catch (const crm::illegal_argument& e) {
        EXPECT_NE(std::string(e.what()).find("a date"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("Colour"), std::string::npos) << e.what();
    }
}

TEST(OrderSql, ColumnNamesAreQuotedAndValuesBound) {
    // A hostile column name of a rep column.
    const crm::table sample{{std::string("Customer ID"), std::string("Order Date"), std::string("Sales"),
                             std::string("Customer Name"), std::string("Sales Rep\"); DROP TABLE x; --")},
                            {std::string("c1"), std::string("2026-01-05"), std::string("10"), std::string("Ann"),
                             std::string("Bob")}};
    const crm::order_columns columns = crm::detect_order_columns(sample);
    ASSERT_EQ(columns.mapping.columns.at(crm::column_role::rep), 4u);
    for (const auto dialect : {crm::sql_dialect::postgresql, crm::sql_dialect::sqlite}) {
        const std::string sql = crm::order_aggregate_sql(dialect, {"orders", ""}, columns, false);
        EXPECT_NE(sql.find("\"Customer ID\""), std::string::npos);
        EXPECT_NE(sql.find("FROM \"orders\""), std::string::npos);
        EXPECT_NE(sql.find("\"Sales Rep\"\"); DROP TABLE x; --\""), std::string::npos) << sql;
        // The hostile text appears once, inside its quotes.
        EXPECT_EQ(sql.find("DROP TABLE x"), sql.find("\"Sales Rep\"\"); DROP TABLE x") + 15);
        EXPECT_EQ(sql.find("DROP TABLE x"), sql.rfind("DROP TABLE x"));
        // Five bound parameters (the analysis date, four 1 Januaries); no value of the data in the text.
        EXPECT_NE(sql.find(dialect == crm::sql_dialect::sqlite ? "?5" : "$5"), std::string::npos);
        EXPECT_EQ(sql.find(dialect == crm::sql_dialect::sqlite ? "?6" : "$6"), std::string::npos);
        EXPECT_EQ(sql.find("c1"), std::string::npos);
        EXPECT_EQ(sql.find("2026-01-05"), std::string::npos);
    }
    const std::string user_sql = crm::order_sample_sql({"", "SELECT * FROM orders WHERE 1 = 1;  "}, 10);
    EXPECT_EQ(user_sql, "SELECT * FROM (\nSELECT * FROM orders WHERE 1 = 1\n) AS \"crm_source\" LIMIT 10");
    const auto parameters = crm::order_sql_parameters(crm::serial_date(2026, 3, 1) + 0.5, 2026);
    ASSERT_EQ(parameters.size(), 5u);
    EXPECT_EQ(std::stod(parameters[0]), crm::serial_date(2026, 3, 1));
    EXPECT_EQ(std::stod(parameters[1]), crm::serial_date(2024, 1, 1));
    EXPECT_EQ(std::stod(parameters[4]), crm::serial_date(2027, 1, 1));
}

// The row the statement gives for four lines of c1 reads as the history aggregate_transactions makes of them.
TEST(OrderSql, AggregateRowIsTheOrderLogsHistory) {
    const double d1 = crm::serial_date(2025, 12, 30), d2 = crm::serial_date(2026, 1, 5), d3 = crm::serial_date(2026, 2, 1);
    const crm::table log{{std::string("Customer ID"), std::string("Order Date"), std::string("Sales"), std::string("Customer Name")},
                         {std::string("c1"), d1, 5.0, std::string("Ann")},
                         {std::string("c1"), d2, 10.0, std::string("")},
                         {std::string("c1"), d2, 4.0, std::string("Ann B.")},
                         {std::string("c1"), d3, -3.0, std::string("")}};
    const crm::customer_history expected = crm::aggregate_transactions(log, d3).customers.at(0);
    const crm::order_columns columns = crm::detect_order_columns(orders_sample());
    const auto text = [](double v) { return std::optional<std::string>(std::to_string(v)); };
    // cid, first day, last day, days, invoices, purchases, first day's total, orders, returns, first line's day,
    // then per year 2024, 2025, 2026: sales, lines, cost; then the name.
    const crm::sql_row row{"c1", text(d1), text(d2), text(2), text(0), text(19), text(5), text(3), text(1), text(d1),
                           text(0), text(0), text(0), text(5), text(1), text(0), text(11), text(3), text(0), "Ann B."};
    const crm::customer_history h = crm::history_from_aggregate(row, columns, d3, 2026);
    EXPECT_EQ(h.id, expected.id);
    EXPECT_DOUBLE_EQ(h.x, expected.x);
    EXPECT_DOUBLE_EQ(h.t_x, expected.t_x);
    EXPECT_DOUBLE_EQ(h.T, expected.T);
    EXPECT_DOUBLE_EQ(h.recency_days, expected.recency_days);
    EXPECT_DOUBLE_EQ(h.frequency, expected.frequency);
    EXPECT_DOUBLE_EQ(h.monetary, expected.monetary);
    EXPECT_DOUBLE_EQ(h.average_order_value, expected.average_order_value);
    EXPECT_EQ(h.sales_by_year, expected.sales_by_year);
    EXPECT_EQ(h.orders, expected.orders);
    EXPECT_EQ(h.returns, expected.returns);
    EXPECT_EQ(h.name, expected.name);
    EXPECT_THROW(crm::history_from_aggregate({"c1", text(d1)}, columns, d3, 2026), crm::illegal_argument);
    crm::sql_row bad = row;
    bad[5] = "nineteen";
    EXPECT_THROW(crm::history_from_aggregate(bad, columns, d3, 2026), crm::illegal_argument);
}

}  // namespace

// SDBC binds one value per "?": the positional statement, with each "?" replaced by its value, is the numbered
// statement with each $n replaced by its value (the same SQL for crm-cli and the office), with and without cost.
TEST(OrderSql, PositionalPlaceholdersBindTheSameValues) {
    const crm::table with_cost{{std::string("Customer ID"), std::string("Order Date"), std::string("Sales"), std::string("Cost")},
                               {std::string("c1"), std::string("2026-01-05"), 10.0, 4.0}};
    const crm::table without_cost{{std::string("Customer ID"), std::string("Order Date"), std::string("Sales")},
                                  {std::string("c1"), std::string("2026-01-05"), 10.0}};
    for (const auto* sample : {&with_cost, &without_cost}) {
        const crm::order_columns columns = crm::detect_order_columns(*sample);
        const double as_of = crm::serial_date(2026, 3, 1);
        std::string numbered = crm::order_aggregate_sql(crm::sql_dialect::postgresql, {"orders", ""}, columns, false);
        std::string positional = crm::order_aggregate_sql(crm::sql_dialect::postgresql, {"orders", ""}, columns, false,
                                                          crm::sql_placeholders::positional);
        const auto values = crm::order_sql_positional_parameters(columns, as_of, 2026);
        const auto numbered_values = crm::order_sql_parameters(as_of, 2026);
        EXPECT_EQ(values.size(), sample == &with_cost ? 19u : 13u);
        for (std::size_t k = numbered_values.size(); k-- > 0;)  // $5 before $1... no prefix clash below $10
            for (std::size_t at; (at = numbered.find("$" + std::to_string(k + 1))) != std::string::npos;)
                numbered.replace(at, 2, numbered_values[k]);
        std::size_t used = 0;
        for (std::size_t at = 0; (at = positional.find('?', at)) != std::string::npos; ++used) {
            ASSERT_LT(used, values.size());
            positional.replace(at, 1, values[used]);
            at += values[used].size();
        }
        EXPECT_EQ(used, values.size());
        EXPECT_EQ(positional, numbered);
    }
}

TEST(OrderSql, SampleCellsReadAsASheetHoldsThem) {
    EXPECT_TRUE(std::holds_alternative<std::monostate>(crm::sql_sample_cell(std::nullopt)));
    EXPECT_EQ(std::get<double>(crm::sql_sample_cell(std::string("12.5"))), 12.5);
    EXPECT_EQ(std::get<std::string>(crm::sql_sample_cell(std::string("1997-01-01"))), "1997-01-01");
    EXPECT_EQ(std::get<std::string>(crm::sql_sample_cell(std::string("12 kg"))), "12 kg");
}

// Firebird (an .odb's embedded database): no LIMIT, TEXT or substr, and none of its reserved words as a name.
TEST(OrderSql, FirebirdStatements) {
    const crm::table sample{{std::string("Customer ID"), std::string("Order Date"), std::string("Sales"), std::string("Invoice")},
                            {std::string("c1"), std::string("2026-01-05"), 10.0, std::string("C1")}};
    const crm::order_columns columns = crm::detect_order_columns(sample);
    EXPECT_EQ(crm::order_sample_sql({"orders", ""}, 5, crm::sql_dialect::firebird), "SELECT FIRST 5 * FROM \"orders\"");
    for (const std::string& sql : {crm::order_bounds_sql(crm::sql_dialect::firebird, {"orders", ""}, columns),
                                   crm::order_aggregate_sql(crm::sql_dialect::firebird, {"orders", ""}, columns, false,
                                                            crm::sql_placeholders::positional)}) {
        for (const char* absent : {"LIMIT", "TEXT", "substr", "REAL", " day,", " day ", "(day ", " returns", "$", "COLLATE"})
            EXPECT_EQ(sql.find(absent), std::string::npos) << absent << "\n" << sql;
    }
    EXPECT_NE(crm::order_aggregate_sql(crm::sql_dialect::firebird, {"orders", ""}, columns, false,
                                       crm::sql_placeholders::positional).find("SUBSTRING(inv FROM 1 FOR 1)"),
              std::string::npos);
}

TEST(OrderSql, PasswordsOfConnectionTextsAreFoundAndScrubbed) {
    EXPECT_EQ(crm::password_in("postgresql://ann:s3cret@127.0.0.1:5432/shop"), "s3cret");
    EXPECT_EQ(crm::password_in("postgresql://127.0.0.1/shop?user=ann&password=s3cret&sslmode=disable"), "s3cret");
    EXPECT_EQ(crm::password_in("host=127.0.0.1 user=ann password=s3cret dbname=shop"), "s3cret");
    EXPECT_EQ(crm::password_in("jdbc:postgresql://127.0.0.1/shop?user=ann&password=s3cret"), "s3cret");
    // ODBC connection strings: keys in any case, ';' between them.
    EXPECT_EQ(crm::password_in("sdbc:odbc:DSN=shop;UID=ann;PWD=s3cret;"), "s3cret");
    EXPECT_EQ(crm::password_in("Driver=psqlODBC;Pwd=s3cret"), "s3cret");
    EXPECT_EQ(crm::password_in("DSN=shop;UID=ann;Password=s3cret"), "s3cret");
    // No password, or a key that only ends like one.
    EXPECT_EQ(crm::password_in("sdbc:postgresql:dbname=shop host=127.0.0.1"), "");
    EXPECT_EQ(crm::password_in("postgresql://ann@127.0.0.1/shop"), "");
    EXPECT_EQ(crm::password_in("DSN=shop;OLDPWD=x"), "");
    EXPECT_EQ(crm::without_password("FATAL: password s3cret for ann, again s3cret", "s3cret"), "FATAL: password *** for ann, again ***");
    EXPECT_EQ(crm::without_password("nothing to hide", ""), "nothing to hide");
}
