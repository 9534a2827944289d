// The analysis job: read the customer sheet, write the Customers sheet (live formulas) and the Summary sheet.
#include "jobs/customer_jobs.hxx"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <numeric>

#include <com/sun/star/sheet/XSpreadsheetDocument.hpp>
#include <fmt/format.h>

#include "addin_strings.hxx"
#include "shared/text.hxx"
#include "crm/customers.hpp"
#include "crm/bgnbd.hpp"
#include "crm/calendar.hpp"
#include "crm/gamma_gamma.hpp"
#include "crm/jobs.hpp"
#include "crm/model_check.hpp"
#include "crm/text_values.hpp"
#include "crm/tiering.hpp"
#include "crm/transactions.hpp"
#include "crm/value.hpp"
#include "jobs/customers_sheet.hxx"
#include "jobs/database_orders.hxx"
#include "jobs/job_common.hxx"
#include "jobs/model_check_sheet.hxx"
#include "shared/options.hxx"
#include "shared/sheet_io.hxx"
#include "shared/step_times.hxx"
#include "jobs/summary_charts.hxx"

namespace crm_uno {

using css::uno::Any;
using css::uno::Reference;
using css::uno::Sequence;
using ::rtl::OUString;

namespace {


const std::vector<std::string> kAnalyzeOptions{"CustomerSheet", "TransactionSheet", "Method", "AShare", "BShare",
                                               "VisitsA", "VisitsB", "VisitsC", "Replace", "Columns",
                                               "HoldoutWeeks", "CalibrationEnd", "Model", "DiscountRate",
                                               "TransactionSource"};

std::string text_in(const char* const (&texts)[4], language lang) { return localized(texts, lang); }


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

/// The customers of orders read from a database, as an order log's: no source cells to refer to (the blank
/// rows make every column a value, never a formula over a sheet).
customer_sheet database_customers(const source_orders& db) {
    customer_sheet out{db.name, crm::table(db.orders.read.customers.size() + 2), db.orders.read, true};
    return out;
}

/// The histories the database aggregated, as aggregate_transactions gives an order log's.
crm::transactions_read database_history(const source_orders& db) {
    crm::transactions_read tx;
    tx.customers = db.orders.histories;
    tx.mapping = db.orders.mapping;
    tx.has_cost = db.orders.has_cost;
    tx.as_of = db.orders.as_of;
    return tx;
}

/// The model check's options (spec "Model check (held-out time)"): HoldoutWeeks or CalibrationEnd, and Model.
struct check_request {
    std::optional<double> holdout_weeks, calibration_end;
    std::optional<crm::purchase_model> forced;
    bool wanted() const { return holdout_weeks || calibration_end; }
};

check_request check_request_of(const job_options& opts, language lang) {
    check_request c;
    c.holdout_weeks = opts.number("HoldoutWeeks");
    const auto ends = opts.numbers("CalibrationEnd");
    if (ends.size() > 1 || (c.holdout_weeks && !ends.empty()) ||
        (c.holdout_weeks && !(*c.holdout_weeks > 0 && std::isfinite(*c.holdout_weeks))))
        throw refusal(text::error_holdout_option, lang);
    if (!ends.empty()) c.calibration_end = ends.front();
    if (const auto model = opts.text("Model")) {
        c.forced = crm::model_from_key(*model);
        if (!c.forced) throw refusal(text::error_model_option, lang);
    }
    return c;
}

}  // namespace

Sequence<css::beans::PropertyValue> SAL_CALL CustomerJobs::analyze(const Reference<css::frame::XModel>& document,
                                                                   const Sequence<css::beans::PropertyValue>& options) {
    return job_guarded("analyze", context_, [&](language lang) {
        const Reference<css::sheet::XSpreadsheetDocument> doc(document, css::uno::UNO_QUERY);
        if (!doc.is()) throw refusal(text::error_not_spreadsheet, lang);
        const job_options opts(options, kAnalyzeOptions, lang);
        step_times steps("analyze");
        const tiering_choice tiering = tiering_of(opts);
        const bool replace = opts.flag("Replace", false);
        const check_request check_wanted = check_request_of(opts, lang);
        const auto lifetime = crm::lifetime_steps_for(opts.number("DiscountRate").value_or(0));
        if (!lifetime) throw refusal(text::error_discount_rate_option, lang);
        std::vector<std::string> outputs{text_in(text::sheet_customers, lang), text_in(text::sheet_summary, lang)};
        if (check_wanted.wanted()) outputs.push_back(text_in(text::sheet_model_check, lang));
        check_outputs_writable(doc, outputs, replace, lang);
        progress bar(document, text_in(text::progress_analyze, lang), lang);
        // Visits a year per tier, with the plan's defaults and checks (the same option names and rules as planVisits).
        crm::plan_settings visit_settings;
        visit_settings.visits_per_year = {opts.number("VisitsA"), opts.number("VisitsB"), opts.number("VisitsC")};
        const auto visits = crm::schedule_options_from(visit_settings, crm::this_year_utc(), plan_option_name).visits_per_year;
        // Spec "Orders from a database": TransactionSource, aggregated in the database, stands for an order log.
        const auto db_source = opts.named_values("TransactionSource");
        std::optional<source_orders> from_db;
        if (!db_source.empty()) from_db = read_transaction_source(context_, db_source, lang);
        const customer_sheet found = from_db ? database_customers(*from_db) : find_customers(doc, opts, lang);
        const auto& [source_name, source_table, read, from_orders] = found;
        const auto& customers = read.customers;
        if (customers.empty()) throw refusal(text::error_no_customer_row, lang);
        require_tierable(customers, tiering, lang);
        const std::size_t n = customers.size();
        steps.mark("read");

        bar.at(20);
        const customer_cards_forgotten cards(document);  // the run writes new sheets: new cards after it
        undo_step undo(document, text_in(text::sheet_customers, lang));
        deferred_row_heights heights(document);
        // Replacing never touches the source sheet, even when it bears the output's name. Both output sheets are
        // inserted before any formula is written: inserting a sheet makes Calc mark every formula of the document
        // dirty, so a sheet inserted later would throw away the results computed so far.
        std::string customers_name, summary_name;
        const auto out = output_sheet(doc, text_in(text::sheet_customers, lang),
                                      replace && text_in(text::sheet_customers, lang) != source_name, &customers_name);
        undo.inserted_sheet(customers_name);
        const auto summary = output_sheet(doc, text_in(text::sheet_summary, lang),
                                          replace && text_in(text::sheet_summary, lang) != source_name, &summary_name);
        undo.inserted_sheet(summary_name);
        std::string check_name;
        Reference<css::sheet::XSpreadsheet> check_sheet;
        if (check_wanted.wanted()) {
            check_sheet = output_sheet(doc, text_in(text::sheet_model_check, lang),
                                       replace && text_in(text::sheet_model_check, lang) != source_name, &check_name);
            undo.inserted_sheet(check_name);
        }
        steps.mark("sheets");

        customers_sheet_writer sheet(out, source_name, source_table, read, lang);
        sheet.headers();
        sheet.source_values();
        sheet.places();
        sheet.tiers(tiering);
        bar.at(40);
        sheet.profit_and_margin();
        sheet.visits(visits);
        sheet.actions();
        steps.mark("columns");

        // Purchase history from the transactions sheet (or the order log itself): RFM, P(active), CLV.
        std::vector<std::string> extra_problems;
        std::vector<std::string> date_orders;  // text date columns and the order their values decided
        model_fits fits;
        bool has_history = false;
        std::optional<crm::model_check_result> check;
        auto [tx_name, tx_table] = from_db ? std::pair<std::string, crm::table>() : find_transactions(doc, opts, found, lang);
        if (!tx_name.empty() || from_db) {
            if (const auto as_of = from_db ? std::optional<double>(from_db->orders.as_of) : crm::latest_order_date(tx_table)) {
                const crm::transactions_read tx = from_db ? database_history(*from_db) : crm::aggregate_transactions(tx_table, *as_of);
                if (!from_orders) {  // an order log's problems and date columns are already the customers'
                    for (const auto& [column, day_first] : tx.mapping.day_first_columns)
                        date_orders.push_back(tx_name + "." + crm::detail::header_text(tx_table, tx.mapping, column) + ": " +
                                              (day_first ? "day-first" : "month-first"));
                    for (const auto& p : problem_texts(tx.problems, lang)) extra_problems.push_back(tx_name + ": " + p);
                }
                has_history = sheet.history(tx);
                if (check_wanted.wanted() && has_history) {
                    try {
                        const double end = check_wanted.calibration_end
                                               ? *check_wanted.calibration_end
                                               : crm::calibration_end_for_holdout(tx.customers, *check_wanted.holdout_weeks);
                        check = crm::check_models(tx.customers, end);
                    } catch (const crm::illegal_argument& e) {
                        extra_problems.push_back(fmt::format(fmt::runtime(text_in(text::error_model_check_data, lang)),
                                                             fmt::arg("reason", e.what())));
                    }
                }
            }
        }
        steps.mark("history");
        if (check_wanted.wanted() && !has_history) extra_problems.push_back(text_in(text::error_model_check_no_orders, lang));
        if (check)
            for (const auto& m : check->models)
                if (!m.fitted)
                    extra_problems.push_back(fmt::format(fmt::runtime(text_in(text::problem_model_check_fit, lang)),
                                                         fmt::arg("model", model_name(m.model)), fmt::arg("reason", m.failure)));
        if (has_history) {
            const crm::purchase_model wanted_model = crm::chosen_model(check ? &*check : nullptr, check_wanted.forced);
            fits = sheet.fit_models(wanted_model);
            if ((check || check_wanted.forced) && fits.model == wanted_model)
                fits.notes.push_back(fmt::format(
                    fmt::runtime(text_in(check_wanted.forced ? text::note_model_forced : text::note_model_best, lang)),
                    fmt::arg("model", model_name(fits.model))));
            steps.mark("fits");
            extra_problems.insert(extra_problems.end(), fits.problems.begin(), fits.problems.end());
            extra_problems.insert(extra_problems.end(), fits.notes.begin(), fits.notes.end());
            sheet.models(fits, *lifetime);
            bar.at(60);
        }
        steps.mark("models");
        sheet.finish(document);
        steps.mark("widths");

        // The tier counts returned are the core's own reading of the same rule.
        std::vector<double> sales_values(n);
        for (std::size_t i = 0; i < n; ++i) sales_values[i] = customers[i].sales;
        std::array<sal_Int32, 3> counts{0, 0, 0};
        for (char tr : tiers_of(customers, tiering)) ++counts[static_cast<std::size_t>(tr - 'A')];

        bar.at(70);
        summary_input summary_data;
        summary_data.customers_sheet = customers_name;
        summary_data.tier_column = column_letters(customers_columns::tier);
        summary_data.sales_column = column_letters(customers_columns::sales);
        if (has_history) summary_data.segment_column = column_letters(customers_columns::segment);
        summary_data.customers = n;
        summary_data.sales = sales_values;
        if (sheet.has_cost())
            for (const auto& c : customers)
                summary_data.profit.push_back(c.cost ? std::optional<double>(c.sales - *c.cost) : std::nullopt);
        summary_data.a_cut = tiering.a;
        summary_data.b_cut = tiering.b;
        summary_data.pareto = tiering.method == crm::tiering_method::pareto;
        summary_data.lang = lang;
        summary_data.notes = fits.notes;
        if (has_history)  // the lifetime value's discount, stated (issue 15: lifetime profit "with the discount rate stated")
            summary_data.notes.push_back(
                lifetime->yearly_rate > 0
                    ? fmt::format(fmt::runtime(text_in(text::note_lifetime_discounted, lang)),
                                  fmt::arg("rate", fmt::format("{:.4g} %", lifetime->yearly_rate * 100)))
                    : text_in(text::note_lifetime_undiscounted, lang));
        write_summary(summary, summary_data);
        if (check_sheet.is() && check) write_model_check(check_sheet, document, *check, fits.model, lang);
        steps.mark("summary");
        if (heights.finish()) fit_rows(summary);  // the Customers rows were measured on their sample
        steps.mark("heights");
        bar.at(95);

        std::vector<std::string> problems = problem_texts(read.problems, lang);
        for (auto& line : extra_problems) problems.push_back(std::move(line));
        Sequence<sal_Int32> tier_counts(3);
        std::copy(counts.begin(), counts.end(), tier_counts.getArray());
        // Spec "Order logs as shops export them": how the text date columns were read ("InvoiceDate: month-first").
        for (const auto& [column, day_first] : read.mapping.day_first_columns)
            if (!from_db) date_orders.push_back(crm::detail::header_text(source_table, read.mapping, column) + ": " +
                                  (day_first ? "day-first" : "month-first"));
        Sequence<css::beans::PropertyValue> result(check_wanted.wanted() ? 8 : 6);
        auto* r = result.getArray();
        r[0] = property("CustomersSheet", Any(to_ou(customers_name)));
        r[1] = property("SummarySheet", Any(to_ou(summary_name)));
        r[2] = property("Customers", Any(static_cast<sal_Int32>(n)));
        r[3] = property("TierCounts", Any(tier_counts));
        r[4] = property("Problems", Any(strings_of(problems)));
        r[5] = property("DateOrders", Any(strings_of(date_orders)));
        if (check_wanted.wanted()) {  // spec "Model check (held-out time)": the sheet, and the model the columns use
            r[6] = property("ModelCheckSheet", Any(to_ou(check_name)));
            r[7] = property("Model", Any(to_ou(crm::model_key(fits.model))));
        }
        return result;
    });
}

}  // namespace crm_uno
