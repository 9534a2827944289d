// The Customers sheet's column groups (see customers_sheet.hxx): each reads the customers the core read and
// writes its columns as one block of values or as formulas filled down, live over the source sheet.
#include "jobs/customers_sheet.hxx"

#include <algorithm>
#include <cmath>
#include <map>

#include <com/sun/star/sheet/XArrayFormulaRange.hpp>
#include <com/sun/star/table/XCell.hpp>
#include <com/sun/star/util/NumberFormat.hpp>
#include <fmt/format.h>

#include "addin_strings.hxx"
#include "crm/error.hpp"
#include "crm/mbgnbd.hpp"
#include "crm/model_fit.hpp"
#include "crm/pareto_nbd.hpp"
#include "shared/sheet_io.hxx"

namespace crm_uno {

using css::uno::Any;
using css::uno::Reference;
using namespace customers_columns;

namespace {

/// A quoted text constant for a formula.
std::string formula_text(const std::string& text) { return quoted(text, '"'); }


std::optional<std::size_t> column_of(const crm::column_mapping& mapping, crm::column_role role) {
    const auto found = mapping.columns.find(role);
    if (found == mapping.columns.end()) return std::nullopt;
    return found->second;
}

/// Adds the sheet rows (customer i on row i + 1) of the smallest and the largest value_of(i), i < n, to `rows`
/// (the most digits, a minus sign); customers without a value are passed over.
template <class ValueOf>
void add_extremes(std::vector<std::size_t>& rows, std::size_t n, ValueOf value_of) {
    std::size_t low = n, high = n;
    double low_value = 0, high_value = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const std::optional<double> v = value_of(i);
        if (!v || !std::isfinite(*v)) continue;
        if (low == n || *v < low_value) low = i, low_value = *v;
        if (high == n || *v > high_value) high = i, high_value = *v;
    }
    if (low < n) rows.push_back(low + 1);
    if (high < n) rows.push_back(high + 1);
}

/// Sheet rows (customer i on row i + 1) whose cells are likely the widest of the Customers sheet's columns:
/// the first rows, rows spread through the sheet (every tier, reason, segment and action text), the longest
/// ids and names, and the extremes of every number the columns are computed from (the most digits, a minus
/// sign). Only these rows are measured for widths and heights (fit_from_sample).
std::vector<std::size_t> widest_rows(const std::vector<crm::customer>& customers) {
    constexpr std::size_t first = 50, spread = 150, longest = 3;
    const std::size_t n = customers.size();
    std::vector<std::size_t> rows;
    for (std::size_t i = 0; i < std::min(n, first); ++i) rows.push_back(i + 1);
    for (std::size_t i = 0; i < n; i += std::max<std::size_t>(1, n / spread)) rows.push_back(i + 1);
    auto longest_of = [&](auto text_of) {
        std::vector<std::size_t> order(n);
        for (std::size_t i = 0; i < n; ++i) order[i] = i;
        const std::size_t k = std::min(n, longest);
        std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(k), order.end(),
                          [&](std::size_t a, std::size_t b) { return text_of(customers[a]).size() > text_of(customers[b]).size(); });
        for (std::size_t j = 0; j < k; ++j) rows.push_back(order[j] + 1);
    };
    longest_of([](const crm::customer& c) -> const std::string& { return c.id; });
    longest_of([](const crm::customer& c) -> const std::string& { return c.name; });
    auto extremes_of = [&](auto value_of) { add_extremes(rows, n, [&](std::size_t i) { return value_of(customers[i]); }); };
    using value = std::optional<double>;
    extremes_of([](const crm::customer& c) -> value { return c.sales; });
    extremes_of([](const crm::customer& c) -> value { return c.sales_previous; });
    extremes_of([](const crm::customer& c) -> value { return c.sales_before; });
    extremes_of([](const crm::customer& c) -> value { return c.cost ? value(c.sales - *c.cost) : std::nullopt; });
    extremes_of([](const crm::customer& c) -> value { return c.cost && c.sales != 0 ? value((c.sales - *c.cost) / c.sales) : std::nullopt; });
    extremes_of([](const crm::customer& c) -> value {
        return c.sales_previous && *c.sales_previous != 0 ? value(c.sales / *c.sales_previous) : std::nullopt; });
    extremes_of([](const crm::customer& c) -> value {
        return c.sales_previous && c.sales_before && *c.sales_before != 0 ? value(*c.sales_previous / *c.sales_before)
                                                                          : std::nullopt; });
    extremes_of([](const crm::customer& c) -> value { return c.last_visit; });
    return rows;
}

std::string cell(std::size_t column) { return column_letters(column) + "2"; }

}  // namespace

customers_sheet_writer::customers_sheet_writer(const Reference<css::sheet::XSpreadsheet>& out, const std::string& source_name,
                                               const crm::table& source_table, const crm::customer_read& read, language lang)
    : out_(out), source_(sheet_reference(source_name)), table_(source_table), read_(read), customers_(read.customers),
      lang_(lang), n_(read.customers.size()), last_(read.customers.size()) {
    has_cost_ = std::any_of(customers_.begin(), customers_.end(), [](const auto& c) { return c.cost.has_value(); });
    row_ref_ = "$" + column_letters(source_row) + "2";
    handle_cell_ = "$" + column_letters(handle) + "$2";
    total_cell_ = "$" + column_letters(handle) + "$3";
    sample_ = widest_rows(customers_);
}

std::string customers_sheet_writer::whole(std::size_t column) const {
    const std::string c = column_letters(column);
    return source_ + "$" + c + "$1:$" + c + "$1048576";
}

std::string customers_sheet_writer::from_source(crm::column_role role) const {
    return "INDEX(" + whole(*column_of(read_.mapping, role)) + ";" + row_ref_ + ")";
}

std::string customers_sheet_writer::range_of(std::size_t column) const {
    return column_letters(column) + "$2:" + column_letters(column) + "$" + std::to_string(n_ + 1);
}

// Live formulas only where the source cell holds the very number the core read (numbers typed as text, or
// duplicate ids summed, are written as values).
template <class ValueOf>
bool customers_sheet_writer::live(crm::column_role role, ValueOf value_of) const {
    const auto col = column_of(read_.mapping, role);
    if (!col) return false;
    for (const auto& c : customers_) {
        const auto& row = table_.at(c.source_row - 1);
        const auto* number = *col < row.size() ? std::get_if<double>(&row[*col]) : nullptr;
        const auto expected = value_of(c);
        if (!number || !expected || *number != *expected) return false;
    }
    return true;
}

void customers_sheet_writer::headers() {
    const char* const* names[customers_width] = {
        text::head_id, text::head_name, text::head_sales, nullptr, nullptr, text::head_share, text::head_cumulative,
        text::head_tier, text::head_reason, text::head_growth, nullptr, text::head_profit, text::head_margin,
        text::head_visits_per_year, text::head_next_visit, text::head_action, text::head_rep, text::head_region,
        text::head_city, text::head_postal_code, text::head_source_row, text::head_handle, text::head_recency,
        text::head_frequency, text::head_monetary, text::head_x, text::head_tx, text::head_T, text::head_rfm,
        text::head_segment, text::head_palive, text::head_expected_purchases, text::head_expected_spend,
        text::head_clv, nullptr, text::head_country, text::head_latitude, text::head_longitude, text::head_coordinates};
    std::vector<std::vector<Any>> header(1, std::vector<Any>(customers_width));
    for (std::size_t c = 0; c < customers_width; ++c)
        if (names[c]) header[0][c] <<= to_ou(names[c][lang_ >= 0 && lang_ < 4 ? lang_ : 0]);
    const auto& map = read_.mapping;
    auto year_header = [&](std::size_t index) -> std::string {  // "Sales 2024" for the earlier years
        if (map.sales_by_year.size() <= index) return {};
        const auto& entry = map.sales_by_year[map.sales_by_year.size() - 1 - index];
        return text(text::head_sales) + " " + std::to_string(entry.first);
    };
    header[0][sales] <<= to_ou(map.sales_by_year.empty() ? text(text::head_sales) : year_header(0));
    header[0][previous] <<= to_ou(year_header(1));
    header[0][before] <<= to_ou(year_header(2));
    header[0][growth_prev] <<= to_ou(text(text::head_growth) + " −1");
    const char* param_names[7] = {"r", "alpha", "a", "b", "p", "q", "v"};
    for (std::size_t k = 0; k < 7; ++k) header[0][params + k] <<= ::rtl::OUString::createFromAscii(param_names[k]);
    write_block(out_, 0, 0, header);
}

void customers_sheet_writer::source_values() {
    std::vector<std::vector<Any>> values(n_, std::vector<Any>(2));
    std::vector<std::vector<Any>> numbers(n_, std::vector<Any>(3));
    std::vector<std::vector<Any>> rows(n_, std::vector<Any>(1));
    std::vector<std::vector<Any>> places(n_, std::vector<Any>(4));  // who visits the customer, and where
    for (std::size_t i = 0; i < n_; ++i) {
        const auto& c = customers_[i];
        values[i][0] <<= to_ou(c.id);
        values[i][1] <<= to_ou(c.name);
        places[i] = {Any(to_ou(c.rep)), Any(to_ou(c.region)), Any(to_ou(c.city)), Any(to_ou(c.postal_code))};
        numbers[i][0] <<= c.sales;
        if (c.sales_previous) numbers[i][1] <<= *c.sales_previous;
        if (c.sales_before) numbers[i][2] <<= *c.sales_before;
        rows[i][0] <<= static_cast<double>(c.source_row);
    }
    write_block(out_, 1, id, values);
    write_block(out_, 1, sales, numbers);
    write_block(out_, 1, source_row, rows);
    write_block(out_, 1, rep, places);
    using crm::column_role;
    if (live(column_role::sales, [](const crm::customer& c) { return std::optional<double>(c.sales); }))
        fill_formula_column(out_, sales, 1, last_, "=" + from_source(column_role::sales));
    if (live(column_role::sales_previous, [](const crm::customer& c) { return c.sales_previous; }))
        fill_formula_column(out_, previous, 1, last_, "=" + from_source(column_role::sales_previous));
    if (live(column_role::sales_before, [](const crm::customer& c) { return c.sales_before; }))
        fill_formula_column(out_, before, 1, last_, "=" + from_source(column_role::sales_before));
}

void customers_sheet_writer::places() {
    std::vector<std::vector<Any>> values(n_, std::vector<Any>(4));
    for (std::size_t i = 0; i < n_; ++i) {
        const auto& c = customers_[i];
        values[i][0] <<= to_ou(c.country);
        if (!c.latitude || !c.longitude) continue;
        values[i][1] <<= *c.latitude;
        values[i][2] <<= *c.longitude;
        const char* const* source = c.located == crm::coordinates_source::postal_code ? text::coordinates_postal_code
                                    : c.located == crm::coordinates_source::city      ? text::coordinates_city
                                                                                      : text::coordinates_given;
        values[i][3] <<= to_ou(source[lang_ >= 0 && lang_ < 4 ? lang_ : 0]);
    }
    write_block(out_, 1, country, values);
}

void customers_sheet_writer::tiers(const crm::tiering_choice& tiering) {
    // One column handle for the sales column, in the handle column's first data row; the positive total below.
    out_->getCellByPosition(handle, 1)->setFormula(to_ou("=CRM_COLUMN(" + range_of(sales) + ")"));
    out_->getCellByPosition(handle, 2)->setFormula(to_ou("=SUMIF(" + range_of(sales) + ";\">0\")"));
    const std::string s = cell(sales), g = cell(growth), gp = cell(growth_prev);
    fill_formula_column(out_, share, 1, last_, "=IF(" + total_cell_ + ">0;MAX(" + s + ";0)/" + total_cell_ + ";\"\")");
    fill_formula_column(out_, cumulative, 1, last_, "=CRM_PARETO_SHARE(" + s + ";" + handle_cell_ + ")");
    if (std::any_of(customers_.begin(), customers_.end(), [](const auto& c) { return c.sales_previous.has_value(); }))
        fill_formula_column(out_, growth, 1, last_, "=IFERROR(CRM_GROWTH(" + s + ";" + cell(previous) + ");\"\")");
    if (std::any_of(customers_.begin(), customers_.end(), [](const auto& c) { return c.sales_before.has_value(); }))
        fill_formula_column(out_, growth_prev, 1, last_,
                            "=IFERROR(CRM_GROWTH(" + cell(previous) + ";" + cell(before) + ");\"\")");
    const std::string a = fmt::format("{:g}", tiering.a), b = fmt::format("{:g}", tiering.b);
    std::string tier_formula;
    switch (tiering.method) {
        case crm::tiering_method::pareto:
            tier_formula = "=CRM_TIER(" + s + ";" + handle_cell_ + ";" + a + ";" + b + ")";
            break;
        case crm::tiering_method::count:
            tier_formula = "=CRM_TIER_COUNT(" + s + ";" + handle_cell_ + ";" + a + ";" + b + ")";
            break;
        case crm::tiering_method::growth:
            // Without loyalty signals the growth rule cannot grant B on loyalty; loyalty counts as met (1).
            tier_formula = "=CRM_TIER_GROWTH(N(" + g + ");N(" + gp + ");1;" + a + ";" + b + ")";
            break;
    }
    const auto [reason_a, reason_b, reason_c] = crm::tier_reasons(tiering, texts_in(lang_));
    fill_formula_column(out_, tier, 1, last_, tier_formula);
    const std::string t = cell(tier);
    fill_formula_column(out_, reason, 1, last_,
                        "=IF(" + t + "=\"A\";" + formula_text(reason_a) + ";IF(" + t + "=\"B\";" + formula_text(reason_b) +
                            ";" + formula_text(reason_c) + "))");
}

void customers_sheet_writer::profit_and_margin() {
    if (!has_cost_) return;
    if (live(crm::column_role::cost, [](const crm::customer& c) { return c.cost; })) {
        const std::string cost = from_source(crm::column_role::cost), s = cell(sales);
        fill_formula_column(out_, profit, 1, last_, "=" + s + "-" + cost);
        fill_formula_column(out_, margin, 1, last_, "=IFERROR(CRM_MARGIN(" + s + ";" + cost + ");\"\")");
        return;
    }
    std::vector<std::vector<Any>> pm(n_, std::vector<Any>(2));
    for (std::size_t i = 0; i < n_; ++i) {
        const auto& c = customers_[i];
        if (!c.cost) continue;
        pm[i][0] <<= c.sales - *c.cost;
        if (c.sales > 0) pm[i][1] <<= (c.sales - *c.cost) / c.sales;
    }
    write_block(out_, 1, profit, pm);
}

void customers_sheet_writer::visits(const std::array<int, 3>& visits_per_year) {
    const std::string t = cell(tier);
    const std::string counts = ";" + std::to_string(visits_per_year[0]) + ";" + std::to_string(visits_per_year[1]) + ";" +
                               std::to_string(visits_per_year[2]);
    fill_formula_column(out_, visits_a_year, 1, last_, "=CRM_VISITS_PER_YEAR(" + t + counts + ")");
    if (const auto last_visit = column_of(read_.mapping, crm::column_role::last_visit)) {
        const std::string lv = "INDEX(" + whole(*last_visit) + ";" + row_ref_ + ")";
        fill_formula_column(out_, next_visit, 1, last_,
                            "=IF(ISNUMBER(" + lv + ");CRM_NEXT_VISIT(" + lv + ";" + t + ";" + counts + ");\"\")");
    }
}

void customers_sheet_writer::actions() {
    // Recommended action by group (seed 003): A loyal, B potential, C one-time when bought once, else target.
    const auto orders = column_of(read_.mapping, crm::column_role::orders);
    const std::string one_time = orders ? "N(INDEX(" + whole(*orders) + ";" + row_ref_ + "))<=1" : "FALSE()";
    const std::string t = cell(tier);
    fill_formula_column(out_, action, 1, last_,
                        "=IF(" + t + "=\"A\";" + formula_text(text(text::action_loyal)) + ";IF(" + t + "=\"B\";" +
                            formula_text(text(text::action_potential)) + ";IF(" + one_time + ";" +
                            formula_text(text(text::action_one_time)) + ";" + formula_text(text(text::action_target)) +
                            ")))");
}

bool customers_sheet_writer::history(const crm::transactions_read& tx) {
    std::map<std::string, const crm::customer_history*> by_id;
    for (const auto& h : tx.customers) by_id.emplace(h.id, &h);
    std::vector<std::vector<Any>> rows(n_, std::vector<Any>(6));
    bool any = false;
    for (std::size_t i = 0; i < n_; ++i) {
        const auto found = by_id.find(customers_[i].id);
        if (found == by_id.end()) continue;  // no order: the history columns stay blank
        const auto& h = *found->second;
        rows[i] = {Any(h.recency_days), Any(h.frequency), Any(h.monetary), Any(h.x), Any(h.t_x), Any(h.T)};
        fit_x_.push_back(h.x);
        fit_tx_.push_back(h.t_x);
        fit_T_.push_back(h.T);
        fit_m_.push_back(h.monetary);
        any = true;
    }
    if (!any) return false;
    write_block(out_, 1, recency, rows);
    // The history numbers' extremes drive the model columns' widest values.
    for (std::size_t k = 0; k < 6; ++k)
        add_extremes(sample_, n_, [&](std::size_t i) {
            double v = 0;
            return (rows[i][k] >>= v) ? std::optional<double>(v) : std::nullopt;
        });
    return true;
}

model_fits customers_sheet_writer::fit_models(crm::purchase_model model) const {
    // Spec "Models on real data": the fits run in the core first. A plain fit with no interior maximum is refitted
    // with the smallest penalty that converges (named in the formula, in Problems and on the Summary); the spend
    // model leaves out the customers whose repeat purchases are worth 0 or less.
    model_fits fits;
    std::string failure;
    if (std::none_of(fit_x_.begin(), fit_x_.end(), [](double x) { return x > 0; })) {
        failure = text(text::problem_fit_no_repeat);
    } else {
        try {
            fits.purchase = crm::fit_that_answers([&](double penalty) { return crm::fit_bgnbd(fit_x_, fit_tx_, fit_T_, penalty); });
            fits.spend = crm::fit_that_answers([&](double penalty) { return crm::fit_gamma_gamma(fit_x_, fit_m_, penalty); });
        } catch (const crm::error& e) {
            failure = e.kind() == crm::error_kind::no_convergence ? text(text::problem_fit_no_convergence) : std::string(e.what());
        }
    }
    if (!failure.empty())
        fits.problems.push_back(fmt::format(fmt::runtime(text(text::problem_fit)), fmt::arg("reason", failure)));
    const auto penalized = [&](const char* const (&model)[4], double penalty) {
        fits.notes.push_back(fmt::format(fmt::runtime(text(text::problem_fit_penalized)), fmt::arg("model", text(model)),
                                         fmt::arg("penalty", fmt::format("{:g}", penalty))));
    };
    if (fits.purchase) fits.model_penalty = fits.purchase->penalty;
    if (fits.purchase && model != crm::purchase_model::bgnbd) {
        // Spec "Model check (held-out time)": the columns use the chosen model, fitted on every history here.
        try {
            if (model == crm::purchase_model::pareto_nbd)
                fits.model_penalty = crm::fit_that_answers([&](double penalty) { return crm::fit_pareto_nbd(fit_x_, fit_tx_, fit_T_, penalty); }).penalty;
            else
                fits.model_penalty = crm::fit_that_answers([&](double penalty) { return crm::fit_mbgnbd(fit_x_, fit_tx_, fit_T_, penalty); }).penalty;
            fits.model = model;
        } catch (const crm::error&) {
            // The chosen model does not answer on the whole history: the columns keep BG/NBD (fits.model says so).
        }
    }
    if (fits.purchase && fits.purchase->penalty > 0) penalized(text::model_bgnbd, fits.purchase->penalty);
    if (fits.purchase && fits.purchase->at_limit) fits.notes.push_back(text(text::problem_fit_no_dropout));
    if (fits.spend && fits.spend->penalty > 0) penalized(text::model_gamma_gamma, fits.spend->penalty);
    std::size_t worthless = 0;  // repeat buyers whose repeat purchases are worth 0 or less
    for (std::size_t i = 0; i < fit_x_.size(); ++i) worthless += fit_x_[i] > 0 && fit_m_[i] <= 0;
    if (fits.spend && worthless > 0) {
        const auto& g = fits.spend->params;
        fits.notes.push_back(fmt::format(fmt::runtime(text(text::problem_spend_left_out)), fmt::arg("count", worthless),
                                         fmt::arg("value", fmt::format("{:.2f}", g.v * g.p / (g.q - 1)))));
    }
    return fits;
}

void customers_sheet_writer::models(const model_fits& fits, const crm::lifetime_steps& lifetime) {
    // One handle per RFM column (rows 4 to 6 of the handle column), so each row costs O(log n).
    for (std::size_t k = 0; k < 3; ++k)
        out_->getCellByPosition(handle, static_cast<sal_Int32>(3 + k))->setFormula(to_ou("=CRM_COLUMN(" + range_of(recency + k) + ")"));
    const std::string h = "$" + column_letters(handle) + "$";
    const auto penalty_argument = [](double penalty) { return penalty > 0 ? ";" + fmt::format("{:g}", penalty) : std::string(); };

    // The model parameters: live fits over the history columns (1×4 and 1×3 array formulas).
    // The purchase model's functions: BG/NBD's unless the model check or option Model chose another.
    const char* fit_function = "CRM_BGNBD_FIT";
    const char* palive_function = "CRM_PALIVE";
    const char* expected_function = "CRM_EXPECTED_PURCHASES";
    if (fits.model == crm::purchase_model::pareto_nbd)
        fit_function = "CRM_PNBD_FIT", palive_function = "CRM_PNBD_PALIVE", expected_function = "CRM_PNBD_EXPECTED_PURCHASES";
    if (fits.model == crm::purchase_model::mbgnbd)
        fit_function = "CRM_MBGNBD_FIT", palive_function = "CRM_MBGNBD_PALIVE", expected_function = "CRM_MBGNBD_EXPECTED_PURCHASES";
    Reference<css::sheet::XArrayFormulaRange>(out_->getCellRangeByPosition(params, 1, params + 3, 1), css::uno::UNO_QUERY_THROW)
        ->setArrayFormula(to_ou("=" + std::string(fit_function) + "(" + range_of(repeat_x) + ";" + range_of(repeat_tx) + ";" +
                                range_of(age_T) + penalty_argument(fits.model_penalty) + ")"));
    Reference<css::sheet::XArrayFormulaRange>(out_->getCellRangeByPosition(params + 4, 1, params + 6, 1), css::uno::UNO_QUERY_THROW)
        ->setArrayFormula(to_ou("=CRM_GG_FIT(" + range_of(repeat_x) + ";" + range_of(monetary) +
                                penalty_argument(fits.spend ? fits.spend->penalty : 0) + ")"));
    std::string bgnbd, gg;
    for (std::size_t k = 0; k < 4; ++k) bgnbd += ";$" + column_letters(params + k) + "$2";
    for (std::size_t k = 4; k < 7; ++k) gg += ";$" + column_letters(params + k) + "$2";
    const std::string x = cell(repeat_x), tx = cell(repeat_tx), T = cell(age_T), m = cell(monetary);
    const std::string has = "ISNUMBER(" + x + ")";
    // A customer the spend model leaves out (repeat purchases worth 0 or less) gets the population's mean spend
    // v·p/(q − 1): the model's expected value at that average is exactly it, whatever x.
    const std::string pc = "$" + column_letters(params + 4) + "$2", qc = "$" + column_letters(params + 5) + "$2",
                      vc = "$" + column_letters(params + 6) + "$2";
    const std::string spend = "IF(" + m + ">0;" + m + ";" + vc + "*" + pc + "/(" + qc + "-1))";
    fill_formula_column(out_, rfm, 1, last_,
                        "=IF(" + has + ";CRM_RFM(" + cell(recency) + ";" + cell(frequency) + ";" + m + ";" + h + "4;" + h +
                            "5;" + h + "6);\"\")");
    const std::string r = cell(rfm);
    fill_formula_column(out_, segment, 1, last_,
                        "=IF(" + r + "=\"\";\"\";CRM_RFM_SEGMENT(VALUE(LEFT(" + r + ";1));VALUE(MID(" + r + ";2;1))))");
    fill_formula_column(out_, palive, 1, last_,
                        "=IF(" + has + ";" + palive_function + "(" + x + ";" + tx + ";" + T + bgnbd + ");\"\")");
    fill_formula_column(out_, expected_purchases, 1, last_,
                        "=IF(" + has + ";" + expected_function + "(52;" + x + ";" + tx + ";" + T + bgnbd + ");\"\")");
    fill_formula_column(out_, expected_spend, 1, last_, "=IF(" + has + ";CRM_EXPECTED_VALUE(" + x + ";" + spend + gg + ");\"\")");
    // The next 52 weeks' value (crm::lifetime_steps): undiscounted, one step of 52 weeks, since the model's steps
    // telescope to E(52) - E(0) (the same number as 13 steps of 4 at a 13th of the cost); discounted, 13 steps.
    const std::string steps = fmt::format(";{:.15g};{:.15g}", lifetime.step_rate, lifetime.step_weeks);
    if (fits.model == crm::purchase_model::bgnbd) {
        fill_formula_column(out_, clv, 1, last_,
                            "=IF(" + has + ";CRM_CLV_MODEL(" + fmt::format("{:.15g}", lifetime.horizon_weeks) + ";" + x +
                                ";" + tx + ";" + T + ";" + spend + bgnbd + gg + steps + ");\"\")");
    } else if (lifetime.step_rate == 0) {  // the expected purchases of the next 52 weeks times the expected spend
        fill_formula_column(out_, clv, 1, last_,
                            "=IF(" + has + ";" + cell(expected_purchases) + "*" + cell(expected_spend) + ";\"\")");
    } else {
        // The expected spend times sum_i (E(i s) - E((i-1) s)) w_i, w_i = (1 + rate)^-i, summed by parts as
        // sum_i E(i s) (w_i - w_{i+1}) + E(n s) w_n: one call of the model a step.
        const int n = static_cast<int>(std::lround(lifetime.horizon_weeks / lifetime.step_weeks));
        std::string sum;
        for (int i = 1; i <= n; ++i) {
            const double w = std::pow(1 + lifetime.step_rate, -i);
            const double weight = i < n ? w - std::pow(1 + lifetime.step_rate, -(i + 1)) : w;
            sum += fmt::format("{}{}({:.15g};{};{};{}{})*{:.15g}", i > 1 ? "+" : "", expected_function,
                               i * lifetime.step_weeks, x, tx, T, bgnbd, weight);
        }
        fill_formula_column(out_, clv, 1, last_, "=IF(" + has + ";" + cell(expected_spend) + "*(" + sum + ");\"\")");
    }
    // Spec "Models on real data": where cost or profit is known, the lifetime profit is the lifetime value times
    // the customer's margin (seed 003: 终生利润率).
    if (has_cost_) {
        write_block(out_, 0, lifetime_profit, {{Any(to_ou(text(text::head_lifetime_profit)))}});
        const std::string v = cell(clv), mg = cell(margin);
        fill_formula_column(out_, lifetime_profit, 1, last_,
                            "=IF(AND(ISNUMBER(" + v + ");ISNUMBER(" + mg + "));" + v + "*" + mg + ";\"\")");
    }
}

void customers_sheet_writer::finish(const Reference<css::frame::XModel>& document) {
    // Shares and rates as percentages, columns wide enough to read.
    const sal_Int32 percent_format = standard_format(document, css::util::NumberFormat::PERCENT);
    for (std::size_t column : {std::size_t{share}, std::size_t{cumulative}, std::size_t{growth}, std::size_t{growth_prev},
                               std::size_t{margin}, std::size_t{palive}})
        set_format(out_, column, 1, last_, percent_format);
    // Widths and heights from the sampled rows, while row heights are still deferred (a width changed afterwards
    // would make Calc measure every row again).
    fit_from_sample(out_, customers_width, last_, std::move(sample_));
}

}  // namespace crm_uno
