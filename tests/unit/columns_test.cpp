// Tests of column detection (spec "Column detection, precisely"): synonyms in four languages, years, types.
#include "crm/columns.hpp"

#include <gtest/gtest.h>

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
