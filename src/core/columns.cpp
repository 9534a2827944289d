// Column detection (spec "Inputs" and "Column detection, precisely"): header synonyms in en, fr, zh-CN and
// zh-TW, yearly sales columns, and the type of the data below each header.
#include "crm/columns.hpp"

#include <algorithm>
#include <set>
#include <array>
#include <cmath>
#include <optional>
#include <unordered_map>

namespace crm {

namespace {

struct synonyms {
    column_role role;
    std::vector<std::string_view> headers;
};

// Headers managers write, by role. Traditional Chinese is folded to simplified before matching, so the
// simplified form is enough unless the words differ ("代號" and "代号" are the same after folding).
const std::vector<synonyms>& synonym_table() {
    static const std::vector<synonyms> table = {
        {column_role::id, {"ID", "Id client", "Client ID", "Code", "Code client", "N° client", "No client", "Numéro client",
                           "Numéro de client", "Réf client", "Référence client", "Customer ID", "Customer code",
                           "Customer number", "Customer no", "Account", "Account ID", "Account number", "客户编号",
                           "客户代号", "客户代码", "客户号", "客户ID", "编号", "代号"}},
        {column_role::name, {"Name", "Nom", "Client", "Clients", "Nom du client", "Nom client", "Raison sociale",
                             "Société", "Entreprise", "Customer", "Customer name", "Company", "Company name",
                             "Account name", "客户", "客户名称", "客户名", "名称", "公司", "公司名称", "姓名"}},
        {column_role::sales, {"Sales", "Revenue", "Turnover", "CA", "CA N", "Sales N", "Chiffre d'affaires", "Ventes",
                              "Montant des ventes", "Total sales", "Annual sales", "销售额", "营业额", "销售", "销售金额",
                              "营收", "年销售额", "销量金额", "业绩"}},
        {column_role::sales_previous, {"CA N-1", "Sales N-1", "Sales last year", "Last year sales", "Previous year sales",
                                       "Prior year sales", "CA année précédente", "CA an dernier", "去年销售额",
                                       "上年销售额"}},
        {column_role::sales_before, {"CA N-2", "Sales N-2", "Sales two years ago", "前年销售额"}},
        {column_role::cost, {"Cost", "Costs", "Cost of sales", "Coût", "Coûts", "Coût de revient", "Cost price",
                             "Coût d'achat", "Prix de revient", "COGS", "成本", "销售成本", "总成本", "进货成本"}},
        {column_role::margin, {"Margin", "Gross margin", "Profit", "Marge", "Marge brute", "Bénéfice", "毛利", "利润",
                               "毛利润"}},
        {column_role::region, {"Region", "Région", "Zone", "Territory", "Territoire", "Secteur", "State", "Province",
                               "Département", "Department", "区域", "地区", "大区", "片区", "省份", "省", "州"}},
        {column_role::city, {"City", "Town", "Ville", "Commune", "城市", "市", "城市名"}},
        {column_role::address, {"Address", "Street", "Adresse", "Rue", "地址", "详细地址", "Start location",
                                "Lieu de départ", "Domicile", "出发地", "出发地点", "起点"}},
        {column_role::latitude, {"Latitude", "Lat", "纬度"}},
        {column_role::longitude, {"Longitude", "Lon", "Lng", "Long", "经度"}},
        {column_role::rep, {"Sales rep", "Rep", "Salesperson", "Account manager", "Owner", "Commercial", "Représentant",
                            "Vendeur", "Chargé de clientèle", "销售代表", "业务代表", "业务员", "负责人", "销售员", "客户经理"}},
        {column_role::last_visit, {"Last visit", "Last visit date", "Last visited", "Dernière visite",
                                   "Date de dernière visite", "Date dernière visite", "上次拜访", "最近拜访",
                                   "上次拜访日期", "最近拜访日期"}},
        {column_role::orders, {"Orders", "Orders a year", "Orders per year", "Number of orders", "Commandes",
                               "Nombre de commandes", "Commandes par an", "订单数", "订单量", "购买次数", "年订单数"}},
        {column_role::referrals, {"Referrals", "Recommendations", "Recommandations", "Parrainages", "推荐", "推荐数",
                                  "转介绍", "转介绍数"}},
        {column_role::suggestions, {"Suggestions", "Feedback", "Suggestions faites", "建议", "建议数", "反馈"}},
        {column_role::product_lines, {"Product lines", "Lines", "Gammes", "Gammes achetées", "Lignes de produits",
                                      "产品线", "产品线数", "购买品类"}},
        {column_role::share_of_wallet, {"Share of wallet", "Wallet share", "Part de portefeuille", "Part du budget",
                                        "钱包份额", "份额", "采购份额"}},
        {column_role::date, {"Date", "Order date", "Date de commande", "Date commande", "Invoice date", "Date facture",
                             "Date de facture", "Transaction date", "Purchase date", "日期", "订单日期", "下单日期",
                             "交易日期", "购买日期", "发票日期", "开票日期"}},
        {column_role::amount, {"Amount", "Total", "Value", "Order value", "Montant", "Montant TTC", "Montant HT", "Valeur",
                               "金额", "订单金额", "交易金额", "总金额"}},
        {column_role::quantity, {"Quantity", "Qty", "Units", "Quantité", "Qté", "数量", "件数"}},
        {column_role::unit_price, {"Unit price", "Price", "Price each", "Prix unitaire", "Prix",
                                   "Prix unitaire HT", "PU", "单价", "价格", "售价", "销售单价"}},
        {column_role::invoice, {"Invoice", "Invoice no", "Invoice number", "Invoice ID", "Order ID", "Order no",
                                "Order number", "Receipt", "Receipt no", "Facture", "N° facture", "Numéro de facture",
                                "N° de facture", "N° commande", "N° de commande", "Numéro de commande", "Bon de commande",
                                "发票号", "发票号码", "发票编号", "订单号", "订单编号", "单号", "单据号", "小票号"}},
        {column_role::postal_code, {"Code postal", "Postal code", "Postcode", "Post code", "Zip", "Zip code", "CP",
                                    "邮编", "邮政编码", "邮递区号"}},
        {column_role::country, {"Country", "Pays", "Country code", "Code pays", "国家", "国别", "国家/地区"}},
        {column_role::visit_days, {"Visit days", "Visiting days", "Days to visit", "Jours de visite", "Jours de passage",
                                   "Jours de visite possibles", "拜访日", "可拜访日", "拜访日期段"}},
        {column_role::opening_hours, {"Opening hours", "Opening times", "Hours", "Business hours", "Heures d'ouverture",
                                      "Horaires", "Horaires d'ouverture", "营业时间", "开门时间", "营业时段"}},
        {column_role::day_start, {"Day start", "Start time", "Starts at", "Début de journée", "Heure de départ",
                                  "Heure de début", "出发时间", "上班时间", "开始时间"}},
        {column_role::days_off, {"Days off", "Holidays", "Leave", "Time off", "Absences", "Congés", "Jours de congé",
                                 "Jours off", "休假", "休息日", "请假", "假期"}},
        // Headers that look like a role but are not: exact names here keep them unknown.
        {column_role::unknown, {"Téléphone", "Phone", "Tel", "Email", "E-mail", "Courriel", "电话", "Ship date", "Date d'expédition", "发货日期", "Discount", "Remise", "折扣"}},
        {column_role::product, {"Product", "Item", "SKU", "Produit", "Article", "Référence", "Stock code", "Product ID",
                                "Product code", "Item code", "Product name", "Description", "Désignation", "Libellé",
                                "产品", "商品", "品名", "产品名称", "商品名称", "货号"}},
    };
    return table;
}

// Traditional Chinese characters of the headers above, as simplified, so "客戶編號" matches "客户编号".
char32_t simplified(char32_t c) {
    static const std::unordered_map<char32_t, char32_t> map = {
        {U'戶', U'户'}, {U'銷', U'销'}, {U'額', U'额'}, {U'編', U'编'}, {U'號', U'号'}, {U'稱', U'称'}, {U'業', U'业'},
        {U'務', U'务'}, {U'員', U'员'}, {U'負', U'负'}, {U'責', U'责'}, {U'訪', U'访'}, {U'區', U'区'}, {U'經', U'经'},
        {U'緯', U'纬'}, {U'線', U'线'}, {U'單', U'单'}, {U'數', U'数'}, {U'購', U'购'}, {U'買', U'买'}, {U'訂', U'订'},
        {U'產', U'产'}, {U'價', U'价'}, {U'營', U'营'}, {U'薦', U'荐'}, {U'議', U'议'}, {U'類', U'类'}, {U'錢', U'钱'},
        {U'與', U'与'}, {U'馬', U'马'}, {U'碼', U'码'}, {U'饋', U'馈'}, {U'轉', U'转'}, {U'紹', U'绍'}, {U'為', U'为'},
        {U'總', U'总'}, {U'採', U'采'}, {U'詳', U'详'}, {U'細', U'细'}, {U'圖', U'图'}, {U'貨', U'货'}, {U'門', U'门'},
        {U'車', U'车'}, {U'東', U'东'}, {U'間', U'间'}, {U'達', U'达'}, {U'長', U'长'}, {U'萬', U'万'}, {U'潤', U'润'},
        {U'帳', U'账'}, {U'賬', U'账'}, {U'績', U'绩'}, {U'層', U'层'}, {U'級', U'级'},
        {U'別', U'别'}, {U'個', U'个'}, {U'項', U'项'}, {U'筆', U'笔'}, {U'讓', U'让'}, {U'貢', U'贡'}, {U'獻', U'献'},
        {U'亞', U'亚'}, {U'廣', U'广'}, {U'場', U'场'}, {U'縣', U'县'}, {U'鄉', U'乡'}, {U'鎮', U'镇'}, {U'郵', U'邮'}, {U'話', U'话'}, {U'電', U'电'},
        {U'遞', U'递'}, {U'據', U'据'}, {U'發', U'发'}, {U'開', U'开'}, {U'進', U'进'}, {U'賣', U'卖'},
        {U'國', U'国'}, {U'時', U'时'}, {U'請', U'请'}, {U'點', U'点'},
    };
    const auto found = map.find(c);
    return found == map.end() ? c : found->second;
}

// Latin letters with accents as their base letters; ligatures spelled out.
std::string_view unaccented(char32_t c) {
    if ((c >= 0xC0 && c <= 0xC5) || (c >= 0xE0 && c <= 0xE5)) return "a";
    if (c == 0xC7 || c == 0xE7) return "c";
    if ((c >= 0xC8 && c <= 0xCB) || (c >= 0xE8 && c <= 0xEB)) return "e";
    if ((c >= 0xCC && c <= 0xCF) || (c >= 0xEC && c <= 0xEF)) return "i";
    if (c == 0xD1 || c == 0xF1) return "n";
    if ((c >= 0xD2 && c <= 0xD6) || c == 0xD8 || (c >= 0xF2 && c <= 0xF6) || c == 0xF8) return "o";
    if ((c >= 0xD9 && c <= 0xDC) || (c >= 0xF9 && c <= 0xFC)) return "u";
    if (c == 0xDD || c == 0xFD || c == 0xFF) return "y";
    if (c == 0x152 || c == 0x153) return "oe";
    if (c == 0xC6 || c == 0xE6) return "ae";
    if (c == 0xDF) return "ss";
    return {};
}

bool is_dropped(char32_t c) {
    if (c < 0x80) return !((c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z') || (c >= U'0' && c <= U'9'));
    // °, º, №, the ideographic comma and full stop, the middle dot: punctuation inside headers.
    return c == 0xB0 || c == 0xBA || c == 0x2116 || c == 0x3001 || c == 0x3002 || c == 0xB7 || c == 0x30FB;
}

struct synonym_index {
    std::unordered_map<std::string, column_role> exact;
    std::vector<std::pair<std::string, column_role>> all;
};

const synonym_index& index() {
    static const synonym_index built = [] {
        synonym_index index;
        for (const auto& entry : synonym_table())
            for (const auto header : entry.headers) {
                std::string key = normalize_header(header);
                index.exact.emplace(key, entry.role);
                index.all.emplace_back(std::move(key), entry.role);
            }
        return index;
    }();
    return built;
}

// The header without its year: "CA 2025" → ("ca", 2025), "2025年銷售額" → ("销售额", 2025).
std::pair<std::string, int> without_year(const std::string& normalized) {
    for (std::size_t i = 0; i + 4 <= normalized.size(); ++i) {
        const auto is_digit = [&](std::size_t k) { return k < normalized.size() && normalized[k] >= '0' && normalized[k] <= '9'; };
        if (!is_digit(i) || (i > 0 && is_digit(i - 1)) || !is_digit(i + 1) || !is_digit(i + 2) || !is_digit(i + 3) ||
            is_digit(i + 4))
            continue;
        const int year = std::stoi(normalized.substr(i, 4));
        if (year < 1900 || year > 2100) continue;
        std::string rest = normalized.substr(0, i);
        std::string after = normalized.substr(i + 4);
        if (after.rfind("年", 0) == 0) after.erase(0, std::string_view("年").size());
        if (rest.size() >= 2 && rest.compare(rest.size() - 2, 2, "fy") == 0) rest.erase(rest.size() - 2);
        return {rest + after, year};
    }
    return {normalized, 0};
}

// A role of one sheet kind: on a transactions sheet the id is the customer id and sales are amounts;
// on a customer sheet an amount is sales and order-level columns mean nothing.
column_role for_kind(column_role role, sheet_kind kind) {
    if (kind == sheet_kind::transactions) {
        if (role == column_role::id) return column_role::customer_id;
        if (role == column_role::sales) return column_role::amount;
        return role;
    }
    if (role == column_role::amount) return column_role::sales;
    if (role == column_role::date || role == column_role::quantity || role == column_role::product ||
        role == column_role::invoice || role == column_role::unit_price)
        return column_role::unknown;
    return role;
}

// What the cells below a header hold, to confirm a header's role by the data's type.
struct column_profile {
    std::size_t filled = 0, numbers = 0, dates = 0, texts = 0, latitudes = 0, longitudes = 0;
};

column_profile profile(const table& t, std::size_t first_row, std::size_t column) {
    column_profile p;
    // A sample of the first thousand filled cells tells the type; every cell is still read row by row later.
    for (std::size_t r = first_row; r < t.size() && p.filled < 1000; ++r) {
        const cell& c = cell_at(t, r, column);
        if (is_blank(c) || std::holds_alternative<cell_error>(c)) continue;
        ++p.filled;
        const auto number = read_number(c);
        if (number.status == cell_status::value) {
            ++p.numbers;
            p.latitudes += std::fabs(number.value) <= 90;
            p.longitudes += std::fabs(number.value) <= 180;
        }
        if (const auto* value = std::get_if<double>(&c)) {
            const auto date = date_of_number(*value);  // a Calc serial, or yyyymmdd
            if (date && *date >= 1 && *date < 2958466) ++p.dates;  // between 1899 and 9999
        } else if (const auto* text = std::get_if<std::string>(&c)) {
            if (parse_date(*text) || parse_date(*text, {.day_first = true})) ++p.dates;
            else if (number.status != cell_status::value) ++p.texts;
        }
    }
    return p;
}

bool is_money_like(column_role role) {
    switch (role) {
    case column_role::sales: case column_role::sales_previous: case column_role::sales_before: case column_role::cost:
    case column_role::margin: case column_role::orders: case column_role::referrals: case column_role::suggestions:
    case column_role::product_lines: case column_role::share_of_wallet: case column_role::amount:
    case column_role::quantity: case column_role::unit_price:
        return true;
    default:
        return false;
    }
}

// The data below a header must agree with it: mostly numbers under money and counts, mostly dates under
// dates, and mostly numbers within [-90, 90] / [-180, 180] under latitude / longitude (a few typos do not
// disqualify a column: those cells are reported row by row). An empty column agrees.
std::optional<std::string> disagreement(column_role role, const column_profile& p) {
    if (p.filled == 0) return std::nullopt;
    const bool mostly_numbers = p.numbers * 2 >= p.filled;
    if (is_money_like(role) && !mostly_numbers) return "mostly text, not numbers";
    if ((role == column_role::date || role == column_role::last_visit) && p.dates * 2 < p.filled)
        return "mostly not dates";
    if (role == column_role::latitude && p.latitudes * 2 < p.filled) return "mostly not latitudes within ±90";
    if (role == column_role::longitude && p.longitudes * 2 < p.filled) return "mostly not longitudes within ±180";
    return std::nullopt;
}

std::size_t count_matches(const table& t, std::size_t row, sheet_kind kind, std::size_t& texts, std::size_t& filled) {
    std::size_t matches = 0;
    texts = filled = 0;
    if (row >= t.size()) return 0;
    for (const cell& c : t[row]) {
        if (is_blank(c)) continue;
        ++filled;
        const auto* text = std::get_if<std::string>(&c);
        if (!text || read_number(c).status == cell_status::value) continue;
        ++texts;
        if (role_of_header(*text, kind).first != column_role::unknown) ++matches;
    }
    return matches;
}

// The header row is the row among the first ten with the most recognized headers (the first of equals);
// without any recognized header, the first mostly-text row above a row holding a number; else row 0.
std::size_t find_header_row(const table& t, sheet_kind kind, std::vector<std::string>& notes) {
    const std::size_t scan = std::min<std::size_t>(t.size(), header_scan_rows);
    std::size_t best = 0, best_matches = 0;
    std::optional<std::size_t> above_numbers;
    for (std::size_t r = 0; r < scan; ++r) {
        std::size_t texts = 0, filled = 0;
        const std::size_t matches = count_matches(t, r, kind, texts, filled);
        if (matches > best_matches) {
            best = r;
            best_matches = matches;
        }
        if (!above_numbers && filled > 0 && texts * 2 > filled && r + 1 < t.size() &&
            std::any_of(t[r + 1].begin(), t[r + 1].end(),
                        [](const cell& c) { return read_number(c).status == cell_status::value; }))
            above_numbers = r;
    }
    if (best_matches > 0) return best;
    if (above_numbers) {
        notes.push_back("no header recognized: row " + std::to_string(*above_numbers + 1) + " taken as the header row");
        return *above_numbers;
    }
    notes.push_back("no header row found: row 1 taken as the header row");
    return 0;
}

void assign_years(column_mapping& m, std::vector<std::pair<int, std::size_t>> years) {
    std::stable_sort(years.begin(), years.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    for (const auto& [year, column] : years) {
        if (!m.sales_by_year.empty() && m.sales_by_year.back().first == year) {
            m.notes.push_back("second sales column for " + std::to_string(year) + " ignored (column " +
                              std::to_string(column + 1) + ")");
            continue;
        }
        m.sales_by_year.emplace_back(year, column);
    }
    // The latest year is the customer's sales, the two before it give growth (spec "Column detection").
    const std::array<column_role, 3> order = {column_role::sales, column_role::sales_previous, column_role::sales_before};
    std::size_t next = 0;
    if (m.columns.count(column_role::sales)) {
        next = 1;
        if (!m.sales_by_year.empty()) m.notes.push_back("a sales column without a year is this year's; yearly columns are earlier years");
    }
    for (auto it = m.sales_by_year.rbegin(); it != m.sales_by_year.rend() && next < order.size(); ++it, ++next)
        m.columns.emplace(order[next], it->second);
}

// Spec "Order logs as shops export them": a text date column is day-first or month-first as its values
// decide: a first field above 12 means day-first, a second above 12 month-first. The order the most
// values tell holds for the whole column (never mixed); the values telling the other order are then
// unreadable, each reported with its row. A column whose values never tell keeps the document's order.
void decide_date_orders(const table& t, column_mapping& m) {
    for (const column_role role : {column_role::date, column_role::last_visit}) {
        const auto found = m.columns.find(role);
        if (found == m.columns.end()) continue;
        std::size_t day_first = 0, month_first = 0;
        for (std::size_t r = m.header_row + 1; r < t.size(); ++r)
            if (const auto* text = std::get_if<std::string>(&cell_at(t, r, found->second)))
                if (const auto evidence = day_first_evidence(*text)) ++(*evidence ? day_first : month_first);
        if (day_first + month_first == 0) continue;
        const bool order = day_first > month_first;
        m.day_first_columns[found->second] = order;
        m.notes.push_back("column " + std::to_string(found->second + 1) + " dates read " +
                          (order ? "day-first" : "month-first") + " (" + std::to_string(order ? day_first : month_first) +
                          " dates can only be read so" +
                          (day_first && month_first ? ", " + std::to_string(order ? month_first : day_first) +
                                                          " only the other way: those rows are problems"
                                                    : std::string()) +
                          ")");
    }
}

}  // namespace

std::string normalize_header(std::string_view header) {
    std::string out;
    for (char32_t c : detail::decode_utf8(header)) {
        c = simplified(detail::fold_width(c));
        if (c >= U'A' && c <= U'Z') c += 32;
        if (is_dropped(c)) continue;
        if (const auto plain = unaccented(c); !plain.empty()) {
            out += plain;
            continue;
        }
        detail::append_utf8(out, c);
    }
    return out;
}

std::pair<column_role, int> role_of_header(std::string_view header, sheet_kind kind) {
    // A unit in parentheses ("CA 2025 (k€)", "Montant (EUR)") says nothing about the role.
    std::string text(header);
    for (const std::string_view open : {"(", "（"})
        if (const auto at = text.find(open); at != std::string::npos && at > 0) text.erase(at);
    auto [key, year] = without_year(normalize_header(text));
    if (key.empty()) return {year != 0 ? for_kind(column_role::sales, kind) : column_role::unknown, year};
    const auto& synonyms = index();
    if (const auto found = synonyms.exact.find(key); found != synonyms.exact.end())
        return {for_kind(found->second, kind), year};
    // Otherwise the longest synonym of four bytes or more inside the header ("Nom du client principal").
    std::size_t longest = 0;
    column_role role = column_role::unknown;
    for (const auto& [synonym, synonym_role] : synonyms.all)
        if (synonym.size() >= 4 && synonym.size() > longest && key.find(synonym) != std::string::npos) {
            longest = synonym.size();
            role = synonym_role;
        }
    return {for_kind(role, kind), year};
}

namespace {

/// detect_columns; with `known`, a column whose values are not known yet (false) and that could take a role is
/// listed in `needed` instead of being looked at (as if its values disagreed with the role).
column_mapping detect(const table& t, sheet_kind kind, const std::vector<bool>* known, std::vector<std::size_t>* needed) {
    column_mapping m;
    if (t.empty()) {
        m.notes.push_back("empty sheet");
        return m;
    }
    m.header_row = find_header_row(t, kind, m.notes);
    const auto& header = t[m.header_row];
    std::vector<std::pair<int, std::size_t>> years;
    std::set<column_role> pending;  // roles whose first candidate column is not known yet
    for (std::size_t column = 0; column < header.size(); ++column) {
        const std::string text = text_of(header[column]);
        if (text.empty()) continue;  // a blank header (merged cells) names nothing
        const std::string quoted = bounded_text(text, max_quoted_chars / 2);  // for the notes
        const auto [role, year] = role_of_header(text, kind);
        if (role == column_role::unknown) continue;
        if (known && (column >= known->size() || !(*known)[column])) {
            // Its values decide whether it is read, unless an earlier column holds its role already or may still
            // (the first candidate of a role is read first; the next one only if that one is refused).
            const bool yearly = year != 0 && (role == column_role::sales || role == column_role::amount) &&
                                kind == sheet_kind::customers;
            if (yearly || (!m.columns.count(role) && pending.insert(role).second)) needed->push_back(column);
            continue;
        }
        if (const auto why = disagreement(role, profile(t, m.header_row + 1, column))) {
            m.notes.push_back("column " + std::to_string(column + 1) + " \"" + quoted + "\" not read as " +
                              std::string(role_name(role)) + ": " + *why);
            continue;
        }
        if (year != 0 && (role == column_role::sales || role == column_role::amount) && kind == sheet_kind::customers) {
            years.emplace_back(year, column);
        } else if (!m.columns.emplace(role, column).second) {
            m.notes.push_back("column " + std::to_string(column + 1) + " \"" + quoted + "\" ignored: " +
                              std::string(role_name(role)) + " is column " + std::to_string(m.columns[role] + 1));
        }
    }
    decide_date_orders(t, m);
    if (kind == sheet_kind::customers) {
        assign_years(m, std::move(years));
        if (!m.columns.count(column_role::id)) m.notes.push_back("no id column: ids are the row numbers");
    } else if (!m.columns.count(column_role::customer_id) && m.columns.count(column_role::name)) {
        m.columns.emplace(column_role::customer_id, m.columns[column_role::name]);
        m.notes.push_back("no customer id column: customers are told apart by name");
    }
    return m;
}

}  // namespace

column_mapping detect_columns(const table& t, sheet_kind kind) { return detect(t, kind, nullptr, nullptr); }

std::vector<std::size_t> columns_to_read(const table& t, const std::vector<bool>& known) {
    std::vector<std::size_t> needed;
    if (t.empty()) return needed;
    for (const sheet_kind kind : {sheet_kind::customers, sheet_kind::transactions}) detect(t, kind, &known, &needed);
    std::sort(needed.begin(), needed.end());
    needed.erase(std::unique(needed.begin(), needed.end()), needed.end());
    return needed;
}

std::string_view role_name(column_role role) {
    static constexpr std::array<std::string_view, 33> names = {
        "id", "name", "sales", "sales_previous", "sales_before", "cost", "margin", "region", "city", "address",
        "latitude", "longitude", "rep", "last_visit", "orders", "referrals", "suggestions", "product_lines",
        "share_of_wallet", "customer_id", "date", "amount", "quantity", "product", "invoice", "unit_price",
        "postal_code", "country", "visit_days", "opening_hours", "day_start", "days_off", "unknown"};
    return names[static_cast<std::size_t>(role)];
}

std::optional<column_role> role_from_name(std::string_view name) {
    for (std::size_t r = 0; r < static_cast<std::size_t>(column_role::unknown); ++r) {
        const auto role = static_cast<column_role>(r);
        if (role_name(role) == name) return role;
    }
    return std::nullopt;
}

std::vector<std::string> header_texts(const table& t, std::size_t header_row) {
    std::size_t width = 0;
    for (const auto& row : t) width = std::max(width, row.size());
    std::vector<std::string> texts(width);
    for (std::size_t column = 0; column < width; ++column) texts[column] = text_of(cell_at(t, header_row, column));
    return texts;
}

std::optional<std::size_t> column_headed(const table& t, std::size_t header_row, std::string_view header) {
    const auto texts = header_texts(t, header_row);
    for (std::size_t column = 0; column < texts.size(); ++column)
        if (texts[column] == header) return column;
    const std::string folded = normalize_header(header);
    if (folded.empty()) return std::nullopt;
    for (std::size_t column = 0; column < texts.size(); ++column)
        if (normalize_header(texts[column]) == folded) return column;
    return std::nullopt;
}

}  // namespace crm
