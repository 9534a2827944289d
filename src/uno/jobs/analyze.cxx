// The analysis job: read the customer sheet, write the Customers sheet (live formulas) and the Summary sheet.
#include "jobs/customer_jobs.hxx"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <numeric>

#include <com/sun/star/sheet/XArrayFormulaRange.hpp>
#include <com/sun/star/sheet/XSpreadsheetDocument.hpp>
#include <com/sun/star/util/NumberFormat.hpp>
#include <fmt/format.h>

#include "addin_strings.hxx"
#include "shared/text.hxx"
#include "crm/customers.hpp"
#include "crm/bgnbd.hpp"
#include "crm/calendar.hpp"
#include "crm/gamma_gamma.hpp"
#include "crm/jobs.hpp"
#include "crm/text_values.hpp"
#include "crm/tiering.hpp"
#include "crm/transactions.hpp"
#include "jobs/job_common.hxx"
#include "shared/options.hxx"
#include "shared/sheet_io.hxx"
#include "jobs/summary_charts.hxx"

namespace crm_uno {

using css::uno::Any;
using css::uno::Reference;
using css::uno::Sequence;
using ::rtl::OUString;

namespace {


const std::vector<std::string> kAnalyzeOptions{"CustomerSheet", "TransactionSheet", "Method", "AShare", "BShare",
                                               "VisitsA", "VisitsB", "VisitsC", "Replace", "Columns"};

std::string text_in(const char* const (&texts)[4], language lang) { return localized(texts, lang); }

/// A quoted text constant for a formula.
std::string formula_text(const std::string& text) { return quoted(text, '"'); }

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

std::string percent(double share) { return fmt::format("{:g}", std::round(share * 1000.0) / 10.0); }

/// The transactions sheet: the named one ("" for none), else the first other sheet that reads as one; empty name if none.
std::pair<std::string, crm::table> find_transactions(const Reference<css::sheet::XSpreadsheetDocument>& doc,
                                                     const job_options& options, const customer_sheet& customers,
                                                     language lang) {
    if (customers.from_orders) return {customers.name, customers.cells};  // the order log is both
    if (auto name = options.text("TransactionSheet")) {
        if (name->empty()) return {};  // "" says: no transactions sheet, do not look for one
        const auto sheet = sheet_named(doc, *name);
        if (!sheet.is()) throw refusal(text::error_no_sheet_named, lang, fmt::arg("sheet", crm::bounded_text(*name, 64)));
        crm::table t = read_used_area(sheet);
        if (!crm::is_transactions_sheet(t))
            throw refusal(text::error_not_transactions_sheet, lang, fmt::arg("sheet", crm::bounded_text(*name, 64)));
        return {*name, std::move(t)};
    }
    for (const auto& name : sheet_names(doc)) {
        if (name == customers.name) continue;
        crm::table t = read_used_area(sheet_named(doc, name));
        if (crm::is_transactions_sheet(t)) return {name, std::move(t)};
    }
    return {};
}

std::optional<std::size_t> column_of(const crm::column_mapping& mapping, crm::column_role role) {
    const auto found = mapping.columns.find(role);
    if (found == mapping.columns.end()) return std::nullopt;
    return found->second;
}

}  // namespace

Sequence<css::beans::PropertyValue> SAL_CALL CustomerJobs::analyze(const Reference<css::frame::XModel>& document,
                                                                   const Sequence<css::beans::PropertyValue>& options) {
    return job_guarded("analyze", context_, [&](language lang) {
        const Reference<css::sheet::XSpreadsheetDocument> doc(document, css::uno::UNO_QUERY);
        if (!doc.is()) throw refusal(text::error_not_spreadsheet, lang);
        const job_options opts(options, kAnalyzeOptions, lang);
        const tiering_choice tiering = tiering_of(opts);
        check_outputs_writable(doc, {text_in(text::sheet_customers, lang), text_in(text::sheet_summary, lang)},
                               opts.flag("Replace", false), lang);
        progress bar(document, text_in(text::progress_analyze, lang), lang);
        // Visits a year per tier, with the plan's defaults and checks (the same option names and rules as planVisits).
        crm::plan_settings visit_settings;
        visit_settings.visits_per_year = {opts.number("VisitsA"), opts.number("VisitsB"), opts.number("VisitsC")};
        const auto visits = crm::schedule_options_from(visit_settings, crm::this_year_utc(), plan_option_name).visits_per_year;
        const customer_sheet found = find_customers(doc, opts, lang);
        const auto& [source_name, source_table, read, from_orders] = found;
        const auto& customers = read.customers;
        if (customers.empty()) throw refusal(text::error_no_customer_row, lang);
        require_tierable(customers, tiering, lang);
        const std::size_t n = customers.size();
        const auto& map = read.mapping;
        const std::string src = sheet_reference(source_name);
        auto whole = [&](std::size_t column) {  // a whole source column, for INDEX(…; source row)
            const std::string c = column_letters(column);
            return src + "$" + c + "$1:$" + c + "$1048576";
        };
        // Live formulas only where the source cell holds the very number the core read
        // (numbers typed as text, or duplicate ids summed, are written as values).
        auto live = [&](crm::column_role role, auto value_of) {
            const auto col = column_of(map, role);
            if (!col) return false;
            for (const auto& c : customers) {
                const auto& row = source_table.at(c.source_row - 1);
                const auto* number = *col < row.size() ? std::get_if<double>(&row[*col]) : nullptr;
                const auto expected = value_of(c);
                if (!number || !expected || *number != *expected) return false;
            }
            return true;
        };
        const bool live_sales = live(crm::column_role::sales, [](const crm::customer& c) { return std::optional<double>(c.sales); });
        const bool live_previous = live(crm::column_role::sales_previous, [](const crm::customer& c) { return c.sales_previous; });
        const bool live_before = live(crm::column_role::sales_before, [](const crm::customer& c) { return c.sales_before; });
        const bool live_cost = live(crm::column_role::cost, [](const crm::customer& c) { return c.cost; });
        const bool has_previous = std::any_of(customers.begin(), customers.end(), [](const auto& c) { return c.sales_previous.has_value(); });
        const bool has_before = std::any_of(customers.begin(), customers.end(), [](const auto& c) { return c.sales_before.has_value(); });
        const bool has_cost = std::any_of(customers.begin(), customers.end(), [](const auto& c) { return c.cost.has_value(); });
        const auto last_visit_col = column_of(map, crm::column_role::last_visit);

        bar.at(20);
        undo_step undo(document, text_in(text::sheet_customers, lang));
        deferred_row_heights heights(document);
        std::string customers_name;
        // Replacing never touches the source sheet, even when it bears the output's name.
        const bool replace = opts.flag("Replace", false);
        const auto out = output_sheet(doc, text_in(text::sheet_customers, lang),
                                      replace && text_in(text::sheet_customers, lang) != source_name, &customers_name);
        undo.inserted_sheet(customers_name);
        // Both output sheets are inserted before any formula is written: inserting a sheet makes Calc mark every
        // formula of the document dirty, so a sheet inserted later would throw away the results computed so far.
        std::string summary_name;
        const auto summary = output_sheet(doc, text_in(text::sheet_summary, lang),
                                          replace && text_in(text::sheet_summary, lang) != source_name, &summary_name);
        undo.inserted_sheet(summary_name);

        // Columns of the Customers sheet (spec wizard.md "Outputs"): id and name first, tier headed "Tier".
        enum col : std::size_t { id, name, sales, previous, before, share, cumulative, tier, reason, growth, growth_prev,
                                 profit, margin, visits_a_year, next_visit, action, rep, region, city, postal_code,
                                 source_row, handle,
                                 // from the transactions sheet, when there is one
                                 recency, frequency, monetary, repeat_x, repeat_tx, age_T, rfm, segment, palive,
                                 expected_purchases, expected_spend, clv, lifetime_profit, params, width = params + 7 };
        const char* const* headers[width] = {text::head_id, text::head_name, text::head_sales, nullptr, nullptr,
                                             text::head_share, text::head_cumulative, text::head_tier, text::head_reason,
                                             text::head_growth, nullptr, text::head_profit, text::head_margin,
                                             text::head_visits_per_year, text::head_next_visit, text::head_action,
                                             text::head_rep, text::head_region, text::head_city, text::head_postal_code,
                                             text::head_source_row, text::head_handle, text::head_recency,
                                             text::head_frequency, text::head_monetary, text::head_x, text::head_tx,
                                             text::head_T, text::head_rfm, text::head_segment, text::head_palive,
                                             text::head_expected_purchases, text::head_expected_spend, text::head_clv,
                                             nullptr};
        std::vector<std::vector<Any>> header(1, std::vector<Any>(width));
        for (std::size_t c = 0; c < width; ++c)
            if (headers[c]) header[0][c] <<= to_ou(headers[c][lang >= 0 && lang < 4 ? lang : 0]);
        auto year_header = [&](std::size_t index) -> std::string {  // "Sales 2024" for the earlier years
            if (map.sales_by_year.size() <= index) return {};
            const auto& entry = map.sales_by_year[map.sales_by_year.size() - 1 - index];
            return text_in(text::head_sales, lang) + " " + std::to_string(entry.first);
        };
        header[0][sales] <<= to_ou(map.sales_by_year.empty() ? text_in(text::head_sales, lang) : year_header(0));
        header[0][previous] <<= to_ou(year_header(1));
        header[0][before] <<= to_ou(year_header(2));
        header[0][growth_prev] <<= to_ou(text_in(text::head_growth, lang) + " −1");
        const char* param_names[7] = {"r", "alpha", "a", "b", "p", "q", "v"};
        for (std::size_t k = 0; k < 7; ++k) header[0][params + k] <<= ::rtl::OUString::createFromAscii(param_names[k]);
        write_block(out, 0, 0, header);

        // Values: id, name, and the source numbers that cannot stay live.
        std::vector<std::vector<Any>> values(n, std::vector<Any>(2));
        std::vector<std::vector<Any>> numbers(n, std::vector<Any>(3));
        std::vector<std::vector<Any>> rows_and_cost(n, std::vector<Any>(1));
        std::vector<std::vector<Any>> places(n, std::vector<Any>(4));  // who visits the customer, and where
        for (std::size_t i = 0; i < n; ++i) {
            const auto& c = customers[i];
            values[i][0] <<= to_ou(c.id);
            values[i][1] <<= to_ou(c.name);
            places[i] = {Any(to_ou(c.rep)), Any(to_ou(c.region)), Any(to_ou(c.city)), Any(to_ou(c.postal_code))};
            numbers[i][0] <<= c.sales;
            if (c.sales_previous) numbers[i][1] <<= *c.sales_previous;
            if (c.sales_before) numbers[i][2] <<= *c.sales_before;
            rows_and_cost[i][0] <<= static_cast<double>(c.source_row);
        }
        write_block(out, 1, id, values);
        write_block(out, 1, sales, numbers);
        write_block(out, 1, source_row, rows_and_cost);
        write_block(out, 1, rep, places);
        const std::size_t last = n;  // 0-based index of the last data row
        const std::string row_ref = "$" + column_letters(source_row) + "2";
        auto from_source = [&](crm::column_role role) {
            return "INDEX(" + whole(*column_of(map, role)) + ";" + row_ref + ")";
        };
        if (live_sales) fill_formula_column(out, sales, 1, last, "=" + from_source(crm::column_role::sales));
        if (live_previous) fill_formula_column(out, previous, 1, last, "=" + from_source(crm::column_role::sales_previous));
        if (live_before) fill_formula_column(out, before, 1, last, "=" + from_source(crm::column_role::sales_before));

        // One column handle for the sales column, in the handle column's first data row.
        const std::string sales_range = column_letters(sales) + "$2:" + column_letters(sales) + "$" + std::to_string(n + 1);
        const std::string handle_cell = "$" + column_letters(handle) + "$2";
        const std::string total_cell = "$" + column_letters(handle) + "$3";
        out->getCellByPosition(handle, 1)->setFormula(to_ou("=CRM_COLUMN(" + column_letters(sales) + "$2:" +
                                                            column_letters(sales) + "$" + std::to_string(n + 1) + ")"));
        out->getCellByPosition(handle, 2)->setFormula(to_ou("=SUMIF(" + sales_range + ";\">0\")"));
        const std::string s = column_letters(sales) + "2";
        fill_formula_column(out, share, 1, last, "=IF(" + total_cell + ">0;MAX(" + s + ";0)/" + total_cell + ";\"\")");
        fill_formula_column(out, cumulative, 1, last, "=CRM_PARETO_SHARE(" + s + ";" + handle_cell + ")");
        const std::string g = column_letters(growth) + "2";
        const std::string gp = column_letters(growth_prev) + "2";
        if (has_previous)
            fill_formula_column(out, growth, 1, last,
                                "=IFERROR(CRM_GROWTH(" + s + ";" + column_letters(previous) + "2);\"\")");
        if (has_before)
            fill_formula_column(out, growth_prev, 1, last,
                                "=IFERROR(CRM_GROWTH(" + column_letters(previous) + "2;" + column_letters(before) + "2);\"\")");
        const std::string a = fmt::format("{:g}", tiering.a), b = fmt::format("{:g}", tiering.b);
        std::string tier_formula, reason_a, reason_b, reason_c;
        if (tiering.method == crm::tiering_method::pareto) {
            tier_formula = "=CRM_TIER(" + s + ";" + handle_cell + ";" + a + ";" + b + ")";
            reason_a = fmt::format(fmt::runtime(text_in(text::reason_a, lang)), fmt::arg("share", percent(tiering.a)));
            reason_b = fmt::format(fmt::runtime(text_in(text::reason_b, lang)), fmt::arg("share", percent(tiering.b)));
            reason_c = fmt::format(fmt::runtime(text_in(text::reason_c, lang)), fmt::arg("share", percent(1 - tiering.b)));
        } else if (tiering.method == crm::tiering_method::count) {
            tier_formula = "=CRM_TIER_COUNT(" + s + ";" + handle_cell + ";" + a + ";" + b + ")";
            reason_a = fmt::format(fmt::runtime(text_in(text::reason_count_a, lang)), fmt::arg("share", percent(tiering.a)));
            reason_b = fmt::format(fmt::runtime(text_in(text::reason_count_b, lang)), fmt::arg("share", percent(tiering.b)));
            reason_c = text_in(text::reason_count_c, lang);
        } else {
            // Without loyalty signals the growth rule cannot grant B on loyalty; loyalty counts as met (1).
            tier_formula = "=CRM_TIER_GROWTH(N(" + g + ");N(" + gp + ");1;" + a + ";" + b + ")";
            reason_a = fmt::format(fmt::runtime(text_in(text::reason_growth_a, lang)), fmt::arg("share", percent(tiering.a)));
            reason_b = text_in(text::reason_growth_b, lang);
            reason_c = text_in(text::reason_growth_c, lang);
        }
        fill_formula_column(out, tier, 1, last, tier_formula);
        bar.at(40);
        const std::string t = column_letters(tier) + "2";
        fill_formula_column(out, reason, 1, last,
                            "=IF(" + t + "=\"A\";" + formula_text(reason_a) + ";IF(" + t + "=\"B\";" +
                                formula_text(reason_b) + ";" + formula_text(reason_c) + "))");
        if (has_cost) {
            const std::string cost = live_cost ? from_source(crm::column_role::cost) : "0";
            if (live_cost) {
                fill_formula_column(out, profit, 1, last, "=" + s + "-" + cost);
                fill_formula_column(out, margin, 1, last, "=IFERROR(CRM_MARGIN(" + s + ";" + cost + ");\"\")");
            } else {
                std::vector<std::vector<Any>> pm(n, std::vector<Any>(2));
                for (std::size_t i = 0; i < n; ++i) {
                    const auto& c = customers[i];
                    if (!c.cost) continue;
                    pm[i][0] <<= c.sales - *c.cost;
                    if (c.sales > 0) pm[i][1] <<= (c.sales - *c.cost) / c.sales;
                }
                write_block(out, 1, profit, pm);
            }
        }
        const std::string va = std::to_string(visits[0]), vb = std::to_string(visits[1]),
                          vc = std::to_string(visits[2]);
        fill_formula_column(out, visits_a_year, 1, last, "=CRM_VISITS_PER_YEAR(" + t + ";" + va + ";" + vb + ";" + vc + ")");
        if (last_visit_col) {
            const std::string lv = "INDEX(" + whole(*last_visit_col) + ";" + row_ref + ")";
            fill_formula_column(out, next_visit, 1, last,
                                "=IF(ISNUMBER(" + lv + ");CRM_NEXT_VISIT(" + lv + ";" + t + ";;" + va + ";" + vb + ";" +
                                    vc + ");\"\")");
        }
        // Recommended action by group (seed 003): A loyal, B potential, C one-time when bought once, else target.
        const auto orders_col = column_of(map, crm::column_role::orders);
        const std::string one_time = orders_col ? "N(INDEX(" + whole(*orders_col) + ";" + row_ref + "))<=1" : "FALSE()";
        fill_formula_column(out, action, 1, last,
                            "=IF(" + t + "=\"A\";" + formula_text(text_in(text::action_loyal, lang)) + ";IF(" + t +
                                "=\"B\";" + formula_text(text_in(text::action_potential, lang)) + ";IF(" + one_time + ";" +
                                formula_text(text_in(text::action_one_time, lang)) + ";" +
                                formula_text(text_in(text::action_target, lang)) + ")))");

        // Rows whose cells are likely the widest of their columns: measured instead of the whole sheet.
        std::vector<std::size_t> sample = widest_rows(customers);

        // Purchase history from the transactions sheet: RFM, P(active), expected purchases and spend, CLV.
        std::vector<std::string> extra_problems;
        bool has_history = false;
        std::vector<double> fit_x, fit_tx, fit_T, fit_m;  // the customers with a history, for the core's own fits
        std::vector<std::string> model_notes;  // how the models were fitted: in Problems and on the Summary
        std::vector<std::string> date_orders;  // text date columns and the order their values decided
        auto [tx_name, tx_table] = find_transactions(doc, opts, found, lang);
        if (!tx_name.empty()) {
            if (const auto as_of = crm::latest_order_date(tx_table)) {
                const crm::transactions_read tx = crm::aggregate_transactions(tx_table, *as_of);
                if (!from_orders)
                    for (const auto& [column, day_first] : tx.mapping.day_first_columns)
                        date_orders.push_back(tx_name + "." + crm::detail::header_text(tx_table, tx.mapping, column) + ": " +
                                              (day_first ? "day-first" : "month-first"));
                if (!from_orders)  // an order log's problems are already the customers' problems
                    for (const auto& p : problem_texts(tx.problems, lang)) extra_problems.push_back(tx_name + ": " + p);
                std::map<std::string, const crm::customer_history*> by_id;
                for (const auto& h : tx.customers) by_id.emplace(h.id, &h);
                std::vector<std::vector<Any>> history(n, std::vector<Any>(6));
                for (std::size_t i = 0; i < n; ++i) {
                    const auto found = by_id.find(customers[i].id);
                    if (found == by_id.end()) continue;  // no order: the history columns stay blank
                    const auto& h = *found->second;
                    history[i] = {Any(h.recency_days), Any(h.frequency), Any(h.monetary), Any(h.x), Any(h.t_x), Any(h.T)};
                    fit_x.push_back(h.x);
                    fit_tx.push_back(h.t_x);
                    fit_T.push_back(h.T);
                    fit_m.push_back(h.monetary);
                    has_history = true;
                }
                if (has_history) {
                    write_block(out, 1, recency, history);
                    // The history numbers' extremes drive the model columns' widest values.
                    for (std::size_t k = 0; k < 6; ++k)
                        add_extremes(sample, n, [&](std::size_t i) {
                            double v = 0;
                            return (history[i][k] >>= v) ? std::optional<double>(v) : std::nullopt;
                        });
                }
            }
        }
        if (has_history) {
            auto range_of_col = [&](std::size_t c) {
                return column_letters(c) + "$2:" + column_letters(c) + "$" + std::to_string(n + 1);
            };
            // One handle per RFM column (rows 4 to 6 of the handle column), so each row costs O(log n).
            for (std::size_t k = 0; k < 3; ++k)
                out->getCellByPosition(handle, static_cast<sal_Int32>(3 + k))
                    ->setFormula(to_ou("=CRM_COLUMN(" + range_of_col(recency + k) + ")"));
            const std::string h = "$" + column_letters(handle) + "$";
            // Spec "Models on real data": the fits run in the core first. A plain fit with no interior maximum is
            // refitted with the smallest penalty that converges (named in the formula, in Problems and on the
            // Summary); the spend model leaves out the customers whose repeat purchases are worth 0 or less.
            std::optional<crm::bgnbd_fit_result> purchase_fit;
            std::optional<crm::gamma_gamma_fit_result> spend_fit;
            std::string fit_failure;
            if (std::none_of(fit_x.begin(), fit_x.end(), [](double x) { return x > 0; })) {
                fit_failure = text_in(text::problem_fit_no_repeat, lang);
            } else {
                try {
                    purchase_fit = crm::fit_that_answers([&](double penalty) { return crm::fit_bgnbd(fit_x, fit_tx, fit_T, penalty); });
                    spend_fit = crm::fit_that_answers([&](double penalty) { return crm::fit_gamma_gamma(fit_x, fit_m, penalty); });
                } catch (const crm::error& e) {
                    fit_failure = e.kind() == crm::error_kind::no_convergence ? text_in(text::problem_fit_no_convergence, lang)
                                                                              : std::string(e.what());
                }
            }
            if (!fit_failure.empty())
                extra_problems.push_back(fmt::format(fmt::runtime(text_in(text::problem_fit, lang)),
                                                     fmt::arg("reason", fit_failure)));
            const auto penalty_argument = [](double penalty) { return penalty > 0 ? ";" + fmt::format("{:g}", penalty) : std::string(); };
            if (purchase_fit && purchase_fit->penalty > 0)
                model_notes.push_back(fmt::format(fmt::runtime(text_in(text::problem_fit_penalized, lang)),
                                                  fmt::arg("model", text_in(text::model_bgnbd, lang)),
                                                  fmt::arg("penalty", fmt::format("{:g}", purchase_fit->penalty))));
            if (purchase_fit && purchase_fit->at_limit)
                model_notes.push_back(text_in(text::problem_fit_no_dropout, lang));
            if (spend_fit && spend_fit->penalty > 0)
                model_notes.push_back(fmt::format(fmt::runtime(text_in(text::problem_fit_penalized, lang)),
                                                  fmt::arg("model", text_in(text::model_gamma_gamma, lang)),
                                                  fmt::arg("penalty", fmt::format("{:g}", spend_fit->penalty))));
            std::size_t worthless = 0;  // repeat buyers whose repeat purchases are worth 0 or less
            for (std::size_t i = 0; i < fit_x.size(); ++i) worthless += fit_x[i] > 0 && fit_m[i] <= 0;
            if (spend_fit && worthless > 0) {
                const auto& g = spend_fit->params;
                model_notes.push_back(fmt::format(fmt::runtime(text_in(text::problem_spend_left_out, lang)),
                                                  fmt::arg("count", worthless),
                                                  fmt::arg("value", fmt::format("{:.2f}", g.v * g.p / (g.q - 1)))));
            }
            for (const auto& note : model_notes) extra_problems.push_back(note);

            // The model parameters: live fits over the history columns (1×4 and 1×3 array formulas).
            const std::string p = column_letters(params);
            Reference<css::sheet::XArrayFormulaRange>(out->getCellRangeByPosition(params, 1, params + 3, 1),
                                                      css::uno::UNO_QUERY_THROW)
                ->setArrayFormula(to_ou("=CRM_BGNBD_FIT(" + range_of_col(repeat_x) + ";" + range_of_col(repeat_tx) + ";" +
                                        range_of_col(age_T) + penalty_argument(purchase_fit ? purchase_fit->penalty : 0) + ")"));
            Reference<css::sheet::XArrayFormulaRange>(out->getCellRangeByPosition(params + 4, 1, params + 6, 1),
                                                      css::uno::UNO_QUERY_THROW)
                ->setArrayFormula(to_ou("=CRM_GG_FIT(" + range_of_col(repeat_x) + ";" + range_of_col(monetary) +
                                        penalty_argument(spend_fit ? spend_fit->penalty : 0) + ")"));
            std::string bgnbd, gg;
            for (std::size_t k = 0; k < 4; ++k) bgnbd += ";$" + column_letters(params + k) + "$2";
            for (std::size_t k = 4; k < 7; ++k) gg += ";$" + column_letters(params + k) + "$2";
            const std::string x = column_letters(repeat_x) + "2", tx2 = column_letters(repeat_tx) + "2",
                              T = column_letters(age_T) + "2", m = column_letters(monetary) + "2";
            const std::string has = "ISNUMBER(" + x + ")";
            // A customer the spend model leaves out (repeat purchases worth 0 or less) gets the population's mean
            // spend v·p/(q − 1): the model's expected value at that average is exactly it, whatever x.
            const std::string pc = "$" + column_letters(params + 4) + "$2", qc = "$" + column_letters(params + 5) + "$2",
                              vc = "$" + column_letters(params + 6) + "$2";
            const std::string spend = "IF(" + m + ">0;" + m + ";" + vc + "*" + pc + "/(" + qc + "-1))";
            fill_formula_column(out, rfm, 1, last,
                                "=IF(" + has + ";CRM_RFM(" + column_letters(recency) + "2;" + column_letters(frequency) +
                                    "2;" + m + ";" + h + "4;" + h + "5;" + h + "6);\"\")");
            const std::string r = column_letters(rfm) + "2";
            fill_formula_column(out, segment, 1, last,
                                "=IF(" + r + "=\"\";\"\";CRM_RFM_SEGMENT(VALUE(LEFT(" + r + ";1));VALUE(MID(" + r + ";2;1))))");
            fill_formula_column(out, palive, 1, last,
                                "=IF(" + has + ";CRM_PALIVE(" + x + ";" + tx2 + ";" + T + bgnbd + ");\"\")");
            fill_formula_column(out, expected_purchases, 1, last,
                                "=IF(" + has + ";CRM_EXPECTED_PURCHASES(52;" + x + ";" + tx2 + ";" + T + bgnbd + ");\"\")");
            fill_formula_column(out, expected_spend, 1, last,
                                "=IF(" + has + ";CRM_EXPECTED_VALUE(" + x + ";" + spend + gg + ");\"\")");
            // The next 52 weeks' value, undiscounted: the sum of the model's steps telescopes to E(52) - E(0),
            // so one step of 52 weeks gives the same number as 13 steps of 4 at a 13th of the cost.
            fill_formula_column(out, clv, 1, last,
                                "=IF(" + has + ";CRM_CLV_MODEL(52;" + x + ";" + tx2 + ";" + T + ";" + spend + bgnbd + gg +
                                    ";0;52);\"\")");
            // Spec "Models on real data": where cost or profit is known, the lifetime profit is the lifetime value
            // times the customer's margin (seed 003: 终生利润率).
            if (has_cost) {
                write_block(out, 0, lifetime_profit, {{Any(to_ou(text_in(text::head_lifetime_profit, lang)))}});
                const std::string v = column_letters(clv) + "2", mg = column_letters(margin) + "2";
                fill_formula_column(out, lifetime_profit, 1, last,
                                    "=IF(AND(ISNUMBER(" + v + ");ISNUMBER(" + mg + "));" + v + "*" + mg + ";\"\")");
            }
            bar.at(60);
        }

        // Shares and rates as percentages, columns wide enough to read.
        const sal_Int32 percent_format = standard_format(document, css::util::NumberFormat::PERCENT);
        for (std::size_t column : {std::size_t{share}, std::size_t{cumulative}, std::size_t{growth}, std::size_t{growth_prev},
                                   std::size_t{margin}, std::size_t{palive}})
            set_format(out, column, 1, last, percent_format);
        // Widths and heights from the sampled rows, while row heights are still deferred (a width changed
        // afterwards would make Calc measure every row again).
        fit_from_sample(out, width, last, std::move(sample));

        // The tier counts returned are the core's own reading of the same rule.
        std::vector<double> sales_values(n);
        for (std::size_t i = 0; i < n; ++i) sales_values[i] = customers[i].sales;
        std::array<sal_Int32, 3> counts{0, 0, 0};
        const std::vector<char> tiers = tiers_of(customers, tiering);
        for (char tr : tiers) ++counts[static_cast<std::size_t>(tr - 'A')];

        bar.at(70);
        summary_input summary_data;
        summary_data.customers_sheet = customers_name;
        summary_data.tier_column = column_letters(tier);
        summary_data.sales_column = column_letters(sales);
        if (has_history) summary_data.segment_column = column_letters(segment);
        summary_data.customers = n;
        summary_data.sales = sales_values;
        if (has_cost)
            for (const auto& c : customers)
                summary_data.profit.push_back(c.cost ? std::optional<double>(c.sales - *c.cost) : std::nullopt);
        summary_data.a_cut = tiering.a;
        summary_data.b_cut = tiering.b;
        summary_data.pareto = tiering.method == crm::tiering_method::pareto;
        summary_data.lang = lang;
        summary_data.notes = model_notes;
        write_summary(summary, summary_data);
        if (heights.finish()) fit_rows(summary);  // the Customers rows were measured on their sample
        bar.at(95);

        std::vector<std::string> problems = problem_texts(read.problems, lang);
        for (auto& line : extra_problems) problems.push_back(std::move(line));
        Sequence<sal_Int32> tier_counts(3);
        std::copy(counts.begin(), counts.end(), tier_counts.getArray());
        // Spec "Order logs as shops export them": how the text date columns were read ("InvoiceDate: month-first").
        for (const auto& [column, day_first] : map.day_first_columns)
            date_orders.push_back(crm::detail::header_text(source_table, map, column) + ": " + (day_first ? "day-first" : "month-first"));
        Sequence<css::beans::PropertyValue> result(6);
        auto* r = result.getArray();
        r[0] = property("CustomersSheet", Any(to_ou(customers_name)));
        r[1] = property("SummarySheet", Any(to_ou(summary_name)));
        r[2] = property("Customers", Any(static_cast<sal_Int32>(n)));
        r[3] = property("TierCounts", Any(tier_counts));
        r[4] = property("Problems", Any(strings_of(problems)));
        r[5] = property("DateOrders", Any(strings_of(date_orders)));
        return result;
    });
}

}  // namespace crm_uno
