// The panel's runs: Analyze, Plan visits, Export calendar, Share as values and Cancel call the job service with the options the
// controls hold, and word what comes back; the holidays range is picked in the sheet.
#include <optional>

#include "panel/customers_panel.hxx"

#include <com/sun/star/awt/MessageBoxButtons.hpp>
#include <com/sun/star/awt/MessageBoxResults.hpp>
#include <com/sun/star/awt/MessageBoxType.hpp>
#include <com/sun/star/awt/Toolkit.hpp>
#include <com/sun/star/awt/XMessageBoxFactory.hpp>
#include <com/sun/star/awt/XWindowPeer.hpp>
#include <com/sun/star/sheet/XRangeSelection.hpp>
#include <com/sun/star/sheet/XSpreadsheetDocument.hpp>
#include <com/sun/star/sheet/XSpreadsheets.hpp>
#include <com/sun/star/ui/dialogs/ExecutableDialogResults.hpp>
#include <com/sun/star/ui/dialogs/FilePicker.hpp>
#include <com/sun/star/ui/dialogs/TemplateDescription.hpp>
#include <com/sun/star/ui/dialogs/XFilePicker3.hpp>
#include <fmt/format.h>

#include "addin_strings.hxx"
#include "panel/panel_results.hxx"
#include "shared/text.hxx"

namespace crm_uno {

using css::uno::Any;
using css::uno::Reference;
using css::uno::Sequence;
using css::uno::UNO_QUERY;
using css::uno::UNO_QUERY_THROW;
using ::rtl::OUString;
using namespace panel_results;

namespace {

/// The sheets among `names` that still exist in the document.
std::vector<std::string> existing(const Reference<css::frame::XModel>& doc, const std::vector<std::string>& names) {
    std::vector<std::string> out;
    const Reference<css::sheet::XSpreadsheetDocument> spreadsheet(doc, UNO_QUERY);
    if (!spreadsheet.is()) return out;
    for (const auto& name : names)
        if (spreadsheet->getSheets()->hasByName(to_ou(name))) out.push_back(name);
    return out;
}

/// The run's problems under a heading, the first kShownProblems of them, in the panel's language.
std::string problem_lines(const std::vector<std::string>& problems, language lang) {
    std::string out;
    if (problems.empty()) return out;
    out += "\n" + fmt::format(fmt::runtime(localized(text::msg_problems, lang)), fmt::arg("count", problems.size()));
    for (std::size_t i = 0; i < problems.size() && i < kShownProblems; ++i) out += "\n• " + problems[i];
    if (problems.size() > kShownProblems)
        out += "\n" + fmt::format(fmt::runtime(localized(text::msg_more_problems, lang)),
                                  fmt::arg("count", problems.size() - kShownProblems));
    return out;
}

}  // namespace

void CustomersPanel::set_running(bool running) {
    running_ = running;
    if (disposed_) return;
    // While a run is in progress the other buttons cannot start a second one (the job service would refuse it);
    // a press that still arrives (through the accessibility API, say) is ignored by actionPerformed.
    for (const char* name : {"analyze", "fromDatabase", "plan", "export", "shareValues", "pickHolidays"}) set_enabled(name, !running);
    set_enabled("cancel", running);
}

template <class Call>
Sequence<css::beans::PropertyValue> CustomersPanel::while_running(Call&& call) {
    set_running(true);
    struct back_to_idle {
        CustomersPanel& panel;
        ~back_to_idle() {
            try {
                panel.set_running(false);
            } catch (...) {
                panel.running_ = false;  // the controls are gone with the window: nothing left to set
            }
        }
    } idle{*this};
    return call();
}

void CustomersPanel::request_cancel() {
    // A press after the run ended (or on the disabled button, through the accessibility API) does nothing.
    if (!running_) return;
    const auto doc = document();
    // Accepted: the run stops at its next progress step and undoes what it wrote; the button has done its work.
    // Not accepted (the run had not reached its first step yet): the button stays, to be pressed again.
    if (doc.is() && jobs()->cancel(doc)) set_enabled("cancel", false);
}

void CustomersPanel::analyze(const std::optional<database_choice>& database) {
    const auto doc = document();
    auto options = run_options(false);
    if (database) {
        // The orders come from the database: the sheets' choices (source sheets, their columns) do not apply.
        std::vector<css::beans::PropertyValue> kept;
        for (const auto& option : options)
            if (option.Name != "CustomerSheet" && option.Name != "TransactionSheet" && option.Name != "Columns")
                kept.push_back(option);
        const css::beans::PropertyValue source[] = {
            named("DataSourceName", Any(to_ou(database->source))), named("Command", Any(to_ou(database->command))),
            named("CommandType", Any(OUString::createFromAscii(database->query ? "query" : "table")))};
        kept.push_back(named("TransactionSource", Any(Sequence<css::beans::PropertyValue>(source, 3))));
        options = Sequence<css::beans::PropertyValue>(kept.data(), static_cast<sal_Int32>(kept.size()));
    }
    // Earlier results of this panel are replaced only when the user says so (spec: "after the user confirms").
    const auto earlier = existing(doc, {text(text::sheet_customers), text(text::sheet_summary)});
    std::vector<std::string> ours;
    for (const auto& name : earlier)
        if (outputs_.count(name)) ours.push_back(name);
    if (!ours.empty()) {
        std::string names;
        for (const auto& name : ours) names += (names.empty() ? "'" : ", '") + name + "'";
        const Reference<css::awt::XMessageBoxFactory> boxes(css::awt::Toolkit::create(context_), UNO_QUERY_THROW);
        const auto box = boxes->createMessageBox(
            Reference<css::awt::XWindowPeer>(frame_->getContainerWindow(), UNO_QUERY), css::awt::MessageBoxType_QUERYBOX,
            css::awt::MessageBoxButtons::BUTTONS_YES_NO, to_ou(text(text::deck_title)),
            to_ou(fmt::format(fmt::runtime(text(text::msg_replace)), fmt::arg("sheets", names))));
        if (box.is() && box->execute() == css::awt::MessageBoxResults::YES) {
            options.realloc(options.getLength() + 1);
            options.getArray()[options.getLength() - 1] = named("Replace", Any(true));
        }
    }
    save_panel_settings(doc, current_settings());
    const auto result = while_running([&] { return jobs()->analyze(doc, options); });
    if (was_cancelled(result)) return show_message(text(text::msg_cancelled));
    Sequence<sal_Int32> tiers;
    if (const Any* v = value_of(result, "TierCounts")) *v >>= tiers;
    const std::string customers_sheet = text_value(result, "CustomersSheet");
    const std::string summary_sheet = text_value(result, "SummarySheet");
    outputs_.insert(customers_sheet);
    outputs_.insert(summary_sheet);
    save_panel_settings(doc, current_settings());
    std::string message = fmt::format(
        fmt::runtime(text(text::msg_analyzed)), fmt::arg("customers", static_cast<sal_Int32>(number_value(result, "Customers"))),
        fmt::arg("a", tiers.getLength() > 0 ? tiers[0] : 0), fmt::arg("b", tiers.getLength() > 1 ? tiers[1] : 0),
        fmt::arg("c", tiers.getLength() > 2 ? tiers[2] : 0), fmt::arg("customers_sheet", customers_sheet),
        fmt::arg("summary_sheet", summary_sheet));
    message += problem_lines(texts_value(result, "Problems"), lang_);
    show_message(message);
}

void CustomersPanel::orders_from_database() {
    const auto sources = registered_data_sources(context_);
    if (sources.empty()) return show_message(text(text::msg_no_data_source));
    std::string problem;
    const auto chosen = choose_database_orders(
        context_, Reference<css::awt::XWindowPeer>(frame_->getContainerWindow(), UNO_QUERY), sources, database_, lang_,
        problem);
    if (!chosen) {
        // Cancelled: a source that could not be read says why in the panel too.
        if (!problem.empty()) show_message(fmt::format(fmt::runtime(text(text::msg_failed)), fmt::arg("reason", problem)));
        return;
    }
    database_ = chosen;  // remembered (in the document's panel options) even when the run is refused
    save_panel_settings(document(), current_settings());
    analyze(chosen);
}

void CustomersPanel::plan_visits() {
    const auto doc = document();
    auto options = run_options(true);
    save_panel_settings(doc, current_settings());
    const auto result = while_running([&] { return jobs()->planVisits(doc, options); });
    if (was_cancelled(result)) return show_message(text(text::msg_cancelled));
    schedule_sheet_ = text_value(result, "ScheduleSheet");
    outputs_.insert(schedule_sheet_);
    save_panel_settings(doc, current_settings());
    std::string message = fmt::format(
        fmt::runtime(text(text::msg_planned)), fmt::arg("visits", static_cast<sal_Int64>(number_value(result, "VisitsPlanned"))),
        fmt::arg("sheet", schedule_sheet_), fmt::arg("unvisited", static_cast<sal_Int64>(number_value(result, "UnvisitedCustomers"))),
        fmt::arg("km", fmt::format("{:.0f}", number_value(result, "TotalKm"))));
    message += problem_lines(texts_value(result, "Problems"), lang_);
    show_message(message);
}

std::optional<OUString> CustomersPanel::save_file(const std::vector<std::pair<std::string, const char*>>& filters,
                                                  const char* default_name) {
    const auto picker = css::ui::dialogs::FilePicker::createWithMode(
        context_, css::ui::dialogs::TemplateDescription::FILESAVE_AUTOEXTENSION);
    for (const auto& [title, pattern] : filters) picker->appendFilter(to_ou(title), OUString::createFromAscii(pattern));
    picker->setCurrentFilter(to_ou(filters.front().first));
    picker->setDefaultName(OUString::createFromAscii(default_name));
    if (picker->execute() != css::ui::dialogs::ExecutableDialogResults::OK) return std::nullopt;
    const auto files = picker->getSelectedFiles();
    if (files.getLength() == 0) return std::nullopt;
    return files[0];
}

void CustomersPanel::export_calendar() {
    const auto doc = document();
    const auto chosen = save_file({{text(text::filter_ics), "*.ics"}}, "visits.ics");
    if (!chosen) return;
    const OUString url = *chosen;
    // The CSV goes next to the calendar, with the same name.
    const OUString csv = (url.endsWithIgnoreAsciiCase(".ics") ? url.copy(0, url.getLength() - 4) : url) + ".csv";
    std::vector<css::beans::PropertyValue> options{named("CsvUrl", Any(csv))};
    if (!schedule_sheet_.empty() && !existing(doc, {schedule_sheet_}).empty())
        options.push_back(named("ScheduleSheet", Any(to_ou(schedule_sheet_))));
    jobs()->exportCalendar(doc, url, Sequence<css::beans::PropertyValue>(options.data(), static_cast<sal_Int32>(options.size())));
    show_message(fmt::format(fmt::runtime(text(text::msg_exported)), fmt::arg("file", to_utf8(url) + "\n" + to_utf8(csv))));
}

void CustomersPanel::share_values() {
    const auto doc = document();
    // The format follows the chosen file's extension (exportValues reads it); the filters offer the three: the
    // .pdf is the latest schedule as reps print it (a page per rep and month, the rep and month in the footer).
    const auto chosen = save_file({{text(text::filter_ods), "*.ods"}, {text(text::filter_xlsx), "*.xlsx"},
                                   {text(text::filter_pdf), "*.pdf"}},
                                  "shared.ods");
    if (!chosen) return;
    const OUString url = *chosen;
    // The whole document: the source sheets and every run's results, each calc-crm formula as its value.
    const auto result = jobs()->exportValues(doc, url, Sequence<css::beans::PropertyValue>());
    if (url.endsWithIgnoreAsciiCase(".pdf")) {
        show_message(fmt::format(fmt::runtime(text(text::msg_printed)), fmt::arg("file", to_utf8(url))));
        return;
    }
    sal_Int32 converted = 0;
    if (const Any* v = value_of(result, "FormulasConverted")) *v >>= converted;
    show_message(fmt::format(fmt::runtime(text(text::msg_shared)), fmt::arg("file", to_utf8(url)), fmt::arg("count", converted)));
}

void CustomersPanel::pick_holidays() {
    const Reference<css::sheet::XRangeSelection> selection(frame_->getController(), UNO_QUERY_THROW);
    selection->removeRangeSelectionListener(this);
    selection->addRangeSelectionListener(this);
    const css::beans::PropertyValue arguments[] = {named("Title", Any(to_ou(text(text::pick_title)))),
                                                   named("CloseOnMouseRelease", Any(false)),
                                                   named("InitialValue", Any(to_ou(control_text("Holidays"))))};
    selection->startRangeSelection(Sequence<css::beans::PropertyValue>(arguments, 3));
}

}  // namespace crm_uno
