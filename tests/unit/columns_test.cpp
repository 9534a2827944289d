// Tests of column detection (spec "Column detection, precisely"): synonyms in four languages, years, types.
#include "crm/columns.hpp"
#include "crm/customers.hpp"
#include "crm/transactions.hpp"

#include "addin_strings.hxx"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace {

using crm::column_role;
using crm::sheet_kind;


// Headers above one plausible data row per column: numbers under money, a date under dates.
crm::table sheet(std::vector<crm::cell> headers, std::vector<crm::cell> data) {
    return {std::move(headers), std::move(data)};
}

constexpr std::size_t none = 999;

std::size_t column_of(const crm::column_mapping& m, column_role role) {
    const auto found = m.columns.find(role);
    return found == m.columns.end() ? none : found->second;
}

// Checks each role's column (none: the role is absent).
void expect_columns(const crm::column_mapping& m, const std::vector<std::pair<column_role, std::size_t>>& expected) {
    for (const auto& [role, column] : expected) EXPECT_EQ(column_of(m, role), column) << crm::role_name(role);
}

TEST(normalize_header, folds_case_accents_width_and_script) {
    EXPECT_EQ(crm::normalize_header("N° Client"), "nclient");
    EXPECT_EQ(crm::normalize_header("Chiffre d’affaires"), "chiffredaffaires");
    EXPECT_EQ(crm::normalize_header("CoÛT"), "cout");
    EXPECT_EQ(crm::normalize_header("ＳＡＬＥＳ"), "sales");
    EXPECT_EQ(crm::normalize_header("客戶編號"), "客户编号");
    EXPECT_EQ(crm::normalize_header("  Dernière   visite "), "dernierevisite");
}

TEST(role_of_header, synonyms_in_four_languages) {
    const std::vector<std::pair<const char*, column_role>> cases = {
        {"ID", column_role::id},
        {"Code client", column_role::id},
        {"N° client", column_role::id},
        {"Customer ID", column_role::id},
        {"客户编号", column_role::id},
        {"客戶代號", column_role::id},
        {"客戶編號", column_role::id},
        {"Name", column_role::name},
        {"Nom", column_role::name},
        {"Client", column_role::name},
        {"Raison sociale", column_role::name},
        {"客户", column_role::name},
        {"客戶", column_role::name},
        {"客户名称", column_role::name},
        {"客戶名稱", column_role::name},
        {"Sales", column_role::sales},
        {"Revenue", column_role::sales},
        {"CA", column_role::sales},
        {"Chiffre d'affaires", column_role::sales},
        {"销售额", column_role::sales},
        {"銷售額", column_role::sales},
        {"营业额", column_role::sales},
        {"Cost", column_role::cost},
        {"Coût", column_role::cost},
        {"成本", column_role::cost},
        {"Sales rep", column_role::rep},
        {"Commercial", column_role::rep},
        {"Représentant", column_role::rep},
        {"業務代表", column_role::rep},  // the rep header the jobs write in Traditional Chinese
        {"銷售代表", column_role::rep},
        {"销售代表", column_role::rep},
        {"業務員", column_role::rep},
        {"負責人", column_role::rep},
        {"Dernière visite", column_role::last_visit},
        {"上次拜访", column_role::last_visit},
        {"上次拜訪", column_role::last_visit},
        {"Région", column_role::region},
        {"區域", column_role::region},
        {"Ville", column_role::city},
        {"城市", column_role::city},
        {"Adresse", column_role::address},
        {"地址", column_role::address},
        {"Latitude", column_role::latitude},
        {"緯度", column_role::latitude},
        {"Longitude", column_role::longitude},
        {"經度", column_role::longitude},
        {"Orders", column_role::orders},
        {"Referrals", column_role::referrals},
        {"Suggestions", column_role::suggestions},
        {"Product lines", column_role::product_lines},
        {"Share of wallet", column_role::share_of_wallet},
        {"Part de portefeuille", column_role::share_of_wallet},
        {"Marge", column_role::margin},
        {"Nom du client principal", column_role::name},
        {"Code postal", column_role::postal_code},
        {"Téléphone", column_role::unknown},
        {"Comments", column_role::unknown},
        {"", column_role::unknown},
    };
    for (const auto& [header, role] : cases)
        EXPECT_EQ(crm::role_of_header(header, sheet_kind::customers).first, role) << header;
}

TEST(role_of_header, years_and_units) {
    EXPECT_EQ(crm::role_of_header("CA 2025", sheet_kind::customers), std::make_pair(column_role::sales, 2025));
    EXPECT_EQ(crm::role_of_header("Sales 2023", sheet_kind::customers), std::make_pair(column_role::sales, 2023));
    EXPECT_EQ(crm::role_of_header("2025年銷售額", sheet_kind::customers), std::make_pair(column_role::sales, 2025));
    EXPECT_EQ(crm::role_of_header("销售额2024年", sheet_kind::customers), std::make_pair(column_role::sales, 2024));
    EXPECT_EQ(crm::role_of_header("CA 2025 (k€)", sheet_kind::customers), std::make_pair(column_role::sales, 2025));
    EXPECT_EQ(crm::role_of_header("FY2024 Revenue", sheet_kind::customers), std::make_pair(column_role::sales, 2024));
    EXPECT_EQ(crm::role_of_header("2024", sheet_kind::customers), std::make_pair(column_role::sales, 2024));
    EXPECT_EQ(crm::role_of_header("CA N-1", sheet_kind::customers).first, column_role::sales_previous);
}

TEST(detect_columns, english_customer_sheet) {
    const auto t = sheet({"ID", "Name", "Sales", "Cost", "Region", "City", "Address", "Latitude", "Longitude",
                          "Sales rep", "Last visit", "Orders", "Referrals", "Suggestions", "Product lines",
                          "Share of wallet"},
                         {"C1", "Acme", 100.0, 60.0, "North", "Lille", "1 rue", 50.6,
                          3.06, "Ann", 45292.0, 12.0, 1.0, 2.0, 3.0, 0.4});
    const auto m = crm::detect_columns(t, sheet_kind::customers);
    EXPECT_EQ(m.header_row, 0u);
    const std::vector<column_role> roles = {
        column_role::id, column_role::name, column_role::sales, column_role::cost, column_role::region,
        column_role::city, column_role::address, column_role::latitude, column_role::longitude, column_role::rep,
        column_role::last_visit, column_role::orders, column_role::referrals, column_role::suggestions,
        column_role::product_lines, column_role::share_of_wallet};
    for (std::size_t k = 0; k < roles.size(); ++k) EXPECT_EQ(column_of(m, roles[k]), k) << crm::role_name(roles[k]);
    EXPECT_TRUE(m.sales_by_year.empty());
}

TEST(detect_columns, french_customer_sheet_with_yearly_sales) {
    const auto t =
        sheet({"N° client", "Raison sociale", "CA 2023", "CA 2025", "CA 2024", "Commercial", "Dernière visite"},
              {1.0, "Dupont SA", "1 000 €", 1200.0, 1100.0, "Luc", "03/04/2025"});
    const auto m = crm::detect_columns(t, sheet_kind::customers);
    expect_columns(m, {{column_role::id, 0}, {column_role::name, 1}, {column_role::sales, 3},
                       {column_role::sales_previous, 4}, {column_role::sales_before, 2}, {column_role::rep, 5},
                       {column_role::last_visit, 6}});
    const std::vector<std::pair<int, std::size_t>> years = {{2023, 2}, {2024, 4}, {2025, 3}};
    EXPECT_EQ(m.sales_by_year, years);
}

TEST(detect_columns, simplified_chinese_sheet) {
    const auto t =
        sheet({"客户编号", "客户名称", "2024年销售额", "2025年销售额", "成本", "区域", "纬度", "经度", "销售代表"},
              {"K01", "华联", 80.0, 90.0, 50.0, "华东", 31.2, 121.5, "王"});
    const auto m = crm::detect_columns(t, sheet_kind::customers);
    expect_columns(m, {{column_role::id, 0}, {column_role::name, 1}, {column_role::sales, 3},
                       {column_role::sales_previous, 2}, {column_role::sales_before, none}, {column_role::cost, 4},
                       {column_role::region, 5}, {column_role::latitude, 6}, {column_role::longitude, 7},
                       {column_role::rep, 8}});
}

TEST(detect_columns, traditional_chinese_sheet) {
    const auto t =
        sheet({"客戶代號", "客戶名稱", "2025年銷售額", "2024年銷售額", "2023年銷售額", "業務員", "負責人", "上次拜訪"},
              {"T1", "台積", 3.0, 2.0, 1.0, "陳", "林", "2025/3/1"});
    const auto m = crm::detect_columns(t, sheet_kind::customers);
    // The first rep column is the rep; the second is noted and ignored.
    expect_columns(m, {{column_role::id, 0}, {column_role::name, 1}, {column_role::sales, 2},
                       {column_role::sales_previous, 3}, {column_role::sales_before, 4}, {column_role::rep, 5},
                       {column_role::last_visit, 7}});
    EXPECT_FALSE(m.notes.empty());
}

TEST(detect_columns, header_row_below_a_title) {
    crm::table t = {{"Customer list 2025"}, {}, {"", "Customer ID", "Customer name", "Revenue"},
                    {{}, "A1", "Alpha", 10.0}, {{}, "A2", "Beta", 20.0}};
    const auto m = crm::detect_columns(t, sheet_kind::customers);
    EXPECT_EQ(m.header_row, 2u);
    expect_columns(m, {{column_role::id, 1}, {column_role::name, 2}, {column_role::sales, 3}});
}

TEST(detect_columns, blank_merged_header_cells_do_not_break_detection) {
    crm::table t = {{"ID", "", "Sales", "", "", "City"},
                    {"1", "x", 5.0, {}, 7.0, "Paris"}};
    const auto m = crm::detect_columns(t, sheet_kind::customers);
    expect_columns(m, {{column_role::id, 0}, {column_role::sales, 2}, {column_role::city, 5}});
    EXPECT_EQ(m.columns.size(), 3u);
}

TEST(detect_columns, data_type_confirms_or_overrides_headers) {
    crm::table t = {{"ID", "Sales", "Latitude", "Longitude", "Last visit", "Revenue"},
                    {"1", "Alpha", 95.0, 2.0, "someday", 10.0},
                    {"2", "Beta", -120.0, 2.0, "never", 20.0}};
    const auto m = crm::detect_columns(t, sheet_kind::customers);
    // "Sales" holds names, so "Revenue" is the sales; 95 and -120 are no latitudes; no date is a last visit.
    expect_columns(m, {{column_role::sales, 5}, {column_role::latitude, none}, {column_role::longitude, 3},
                       {column_role::last_visit, none}});
    EXPECT_GE(m.notes.size(), 3u);
}

TEST(detect_columns, first_identifier_is_the_id_and_without_one_the_row_number) {
    auto m = crm::detect_columns(sheet({"Customer ID", "ID", "Sales"}, {"a", "b", 1.0}), sheet_kind::customers);
    EXPECT_EQ(column_of(m, column_role::id), 0u);
    m = crm::detect_columns(sheet({"Name", "Sales", "Code postal"}, {"a", 1.0, "75001"}), sheet_kind::customers);
    EXPECT_EQ(column_of(m, column_role::id), none);
    ASSERT_FALSE(m.notes.empty());
    EXPECT_NE(m.notes.back().find("row numbers"), std::string::npos);
}

TEST(detect_columns, transactions_in_four_languages) {
    const std::vector<std::vector<crm::cell>> headers = {
        {"Customer ID", "Date", "Amount", "Quantity", "Product"},
        {"Code client", "Date de commande", "Montant", "Quantité", "Produit"},
        {"客户编号", "日期", "金额", "数量", "产品"},
        {"客戶編號", "日期", "金額", "數量", "產品"}};
    for (const auto& h : headers) {
        const auto m = crm::detect_columns(sheet(h, {"C1", "2025-01-02", "12,50 €", 2.0, "Pen"}),
                                           sheet_kind::transactions);
        SCOPED_TRACE(crm::text_of(h[0]));
        expect_columns(m, {{column_role::customer_id, 0}, {column_role::date, 1}, {column_role::amount, 2},
                           {column_role::quantity, 3}, {column_role::product, 4}});
    }
    // Without an id, the customer's name tells customers apart.
    const auto m = crm::detect_columns(sheet({"Client", "Date", "Sales"}, {"Acme", 45292.0, 3.0}),
                                       sheet_kind::transactions);
    EXPECT_EQ(column_of(m, column_role::customer_id), 0u);
    EXPECT_EQ(column_of(m, column_role::amount), 2u);
}

TEST(detect_columns, empty_and_header_only_sheets) {
    auto m = crm::detect_columns({}, sheet_kind::customers);
    EXPECT_TRUE(m.columns.empty());
    m = crm::detect_columns({{}, {}}, sheet_kind::customers);
    EXPECT_TRUE(m.columns.empty());
    m = crm::detect_columns({{"ID", "Name", "Sales"}}, sheet_kind::customers);
    EXPECT_EQ(column_of(m, column_role::sales), 2u);
    m = crm::detect_columns({{crm::cell_error{502}, 1.0}, {2.0, 3.0}}, sheet_kind::customers);
    EXPECT_TRUE(m.columns.empty());
}

TEST(role_from_name, reads_back_every_role_name) {
    for (std::size_t r = 0; r < static_cast<std::size_t>(column_role::unknown); ++r) {
        const auto role = static_cast<column_role>(r);
        EXPECT_EQ(crm::role_from_name(crm::role_name(role)), role) << crm::role_name(role);
    }
    EXPECT_FALSE(crm::role_from_name("Sales").has_value());  // names are exact, as role_name writes them
    EXPECT_FALSE(crm::role_from_name("unknown").has_value());
    EXPECT_FALSE(crm::role_from_name("").has_value());
}

TEST(column_headed, exact_text_first_then_folded) {
    const crm::table t = {{"Titre"}, {"N° client", "Chiffre d’affaires 2025", "CA", "ca"}, {"C1", 10.0, 1.0, 2.0}};
    EXPECT_EQ(crm::column_headed(t, 1, "N° client"), 0u);
    EXPECT_EQ(crm::column_headed(t, 1, "chiffre d'affaires 2025"), 1u);  // folded: case and apostrophe
    EXPECT_EQ(crm::column_headed(t, 1, "ca"), 3u);                       // the exact text wins over the folded
    EXPECT_EQ(crm::column_headed(t, 1, "CA"), 2u);
    EXPECT_FALSE(crm::column_headed(t, 1, "Sales").has_value());
    EXPECT_FALSE(crm::column_headed(t, 1, "  ").has_value());
    EXPECT_FALSE(crm::column_headed(t, 7, "CA").has_value());  // no such row
}

TEST(header_texts, one_text_per_column_of_the_widest_row) {
    const crm::table t = {{"ID", {}, 3.0}, {"A", "B", "C", "D"}};
    EXPECT_EQ(crm::header_texts(t, 0), (std::vector<std::string>{"ID", "", "3", ""}));
}

}  // namespace

// columns_to_read: a reader that computes only the formula columns it is asked for detects as on the whole sheet.
namespace columns_to_read_tests {

// What the lazy reader (read_used_area with needs) sees: the first rows whole, then every column of `formulas` as
// "=" in each cell until asked for.
struct lazy_read {
    crm::table cells;
    std::vector<bool> known;
    std::vector<std::size_t> computed;  // the formula columns it had to compute, in order
};

lazy_read read_lazily(const crm::table& whole, const std::vector<std::size_t>& formulas) {
    lazy_read out{whole, std::vector<bool>(whole.front().size(), true), {}};
    for (const std::size_t c : formulas) {
        out.known[c] = false;
        for (std::size_t r = crm::header_scan_rows + 1; r < out.cells.size(); ++r) out.cells[r][c] = std::string("=");
    }
    for (auto more = crm::columns_to_read(out.cells, out.known); !more.empty(); more = crm::columns_to_read(out.cells, out.known))
        for (const std::size_t c : more) {
            EXPECT_FALSE(out.known[c]) << "asked twice for column " << c;
            for (std::size_t r = 0; r < whole.size(); ++r) out.cells[r][c] = whole[r][c];
            out.known[c] = true;
            out.computed.push_back(c);
        }
    return out;
}

void expect_same_detection(const crm::table& whole, const crm::table& lazy) {
    for (const auto kind : {sheet_kind::customers, sheet_kind::transactions}) {
        const auto a = crm::detect_columns(whole, kind), b = crm::detect_columns(lazy, kind);
        EXPECT_EQ(a.columns, b.columns);
        EXPECT_EQ(a.sales_by_year, b.sales_by_year);
        EXPECT_EQ(a.header_row, b.header_row);
    }
}

// A Customers sheet as analyze writes it (its headers in `lang`), 30 customers, every column but the first
// eight a formula column.
crm::table customers_sheet(int lang, std::vector<std::string>& keys) {
    keys = {"head_id", "head_name", "head_sales", "head_city", "head_latitude", "head_longitude", "head_rep",
            "head_last_order", "head_share", "head_cumulative", "head_tier", "head_reason", "head_growth",
            "head_profit", "head_margin", "head_visits_per_year", "head_next_visit", "head_action", "head_rfm",
            "head_segment", "head_palive", "head_expected_purchases", "head_expected_spend", "head_clv",
            "head_lifetime_profit"};
    crm::table t(31);
    for (const auto& key : keys) t[0].emplace_back(std::string(crm_text::text_by_key(key)[lang]));
    for (std::size_t r = 1; r < t.size(); ++r) {
        const double i = static_cast<double>(r);
        t[r] = {std::string("C") + std::to_string(r), std::string("Shop ") + std::to_string(r), 1000.0 * i, std::string("Lyon"),
                45.7 + i / 100, 4.8 + i / 100, std::string("Anne"), 46000.0 + i, i / 465, i / 30, std::string(r < 6 ? "A" : "C"),
                std::string("top sales"), 0.1, 100.0 * i, 0.1, 4.0, 46100.0 + i, std::string("Keep"), std::string("555"),
                std::string("Champions"), 0.9, 1.5, 30.0, 45.0 * i, 4.5 * i};
    }
    return t;
}

TEST(columns_to_read, a_customers_sheet_model_columns_stay_uncomputed) {
    for (int lang = 0; lang < 4; ++lang) {
        std::vector<std::string> keys;
        const crm::table whole = customers_sheet(lang, keys);
        std::vector<std::size_t> formulas;
        for (std::size_t c = 8; c < keys.size(); ++c) formulas.push_back(c);
        const lazy_read lazy = read_lazily(whole, formulas);
        expect_same_detection(whole, lazy.cells);
        const auto a = crm::read_customers(whole), b = crm::read_customers(lazy.cells);
        ASSERT_EQ(a.customers.size(), b.customers.size());
        for (std::size_t i = 0; i < a.customers.size(); ++i) {
            EXPECT_EQ(a.customers[i].id, b.customers[i].id);
            EXPECT_EQ(a.customers[i].sales, b.customers[i].sales);
            EXPECT_EQ(a.customers[i].cost, b.customers[i].cost);
        }
        EXPECT_EQ(a.problems.size(), b.problems.size());
        // The model columns are left alone: not one of P(active), expected spend, lifetime value and profit is
        // computed. (In Chinese "未来52周预期购买次数" reads as the orders signal and "建议行动" as the suggestions
        // signal, so those two are computed for detection to look at them.)
        std::vector<std::string> model = {"head_palive", "head_expected_spend", "head_clv", "head_lifetime_profit",
                                          "head_rfm", "head_segment", "head_next_visit", "head_tier", "head_share"};
        if (lang < 2) model.insert(model.end(), {"head_expected_purchases", "head_action"});
        for (const std::size_t c : lazy.computed)
            EXPECT_EQ(std::find(model.begin(), model.end(), keys[c]), model.end()) << keys[c] << ", language " << lang;
        EXPECT_LE(lazy.computed.size(), 6u);
    }
}

TEST(columns_to_read, formula_columns_a_role_may_use_are_computed) {
    // Sales made of formulas (=B*C), then a second sales-like column: the first is computed; its values decide.
    crm::table whole = {{std::string("ID"), std::string("Sales"), std::string("Revenue"), std::string("Notes")}};
    for (int r = 1; r <= 20; ++r)
        whole.push_back({std::string("K") + std::to_string(r), 100.0 * r, 7.0 * r, std::string("call back")});
    lazy_read lazy = read_lazily(whole, {1, 2, 3});
    expect_same_detection(whole, lazy.cells);
    EXPECT_EQ(lazy.computed, std::vector<std::size_t>{1});  // Revenue's role is Sales' already; Notes names none
    EXPECT_EQ(crm::read_customers(lazy.cells).customers.at(4).sales, 500.0);
    // The same sheet where the Sales formulas give text: Sales is not read as sales, so Revenue's values decide.
    for (std::size_t r = 1; r < whole.size(); ++r) whole[r][1] = std::string("n/a");
    lazy = read_lazily(whole, {1, 2, 3});
    expect_same_detection(whole, lazy.cells);
    EXPECT_EQ(lazy.computed, (std::vector<std::size_t>{1, 2}));
    EXPECT_EQ(crm::read_customers(lazy.cells).customers.at(4).sales, 35.0);
}

TEST(columns_to_read, an_order_log_of_formulas_is_read_whole) {
    // CDNOW's layout with every column a formula (an export pasted as formulas): every column is read.
    crm::table whole = {{std::string("customer_id"), std::string("date"), std::string("number_of_cds"), std::string("dollar_value")}};
    for (int r = 1; r <= 40; ++r) whole.push_back({std::to_string(1 + r % 7), 35000.0 + r, 1.0 + r % 3, 12.5 * r});
    const lazy_read lazy = read_lazily(whole, {0, 1, 2, 3});
    expect_same_detection(whole, lazy.cells);
    EXPECT_TRUE(crm::is_order_log(lazy.cells));
    // number_of_cds names no role (the readers never use it): the only column left uncomputed.
    EXPECT_EQ(lazy.computed, (std::vector<std::size_t>{0, 1, 3}));
}

}  // namespace columns_to_read_tests
