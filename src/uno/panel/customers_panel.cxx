// The Customers panel: its controls come from the dialog extension/dialogs/CustomersPanel.xdl, stretched to the
// sidebar's width; each button gathers the options and calls the job service, and the results come back as plain
// localized words. The panel computes nothing of its own.
#include "panel/customers_panel.hxx"
#include "panel/panel_results.hxx"

#include <algorithm>
#include <ctime>

#include <com/sun/star/accessibility/XAccessible.hpp>
#include <com/sun/star/awt/MessageBoxButtons.hpp>
#include <com/sun/star/awt/MessageBoxResults.hpp>
#include <com/sun/star/awt/MessageBoxType.hpp>
#include <com/sun/star/awt/PosSize.hpp>
#include <com/sun/star/awt/Toolkit.hpp>
#include <com/sun/star/awt/XButton.hpp>
#include <com/sun/star/awt/XControlModel.hpp>
#include <com/sun/star/awt/XListBox.hpp>
#include <com/sun/star/awt/XMessageBoxFactory.hpp>
#include <com/sun/star/awt/XWindowPeer.hpp>
#include <com/sun/star/beans/XPropertySet.hpp>
#include <com/sun/star/container/XNamed.hpp>
#include <com/sun/star/lang/XMultiServiceFactory.hpp>
#include <com/sun/star/sheet/XActivationBroadcaster.hpp>
#include <com/sun/star/sheet/XRangeSelection.hpp>
#include <com/sun/star/sheet/XSpreadsheetDocument.hpp>
#include <com/sun/star/sheet/XSpreadsheets.hpp>
#include <com/sun/star/table/XCellRange.hpp>
#include <com/sun/star/container/XIndexAccess.hpp>
#include <com/sun/star/ui/UIElementType.hpp>
#include <com/sun/star/ui/dialogs/ExecutableDialogResults.hpp>
#include <com/sun/star/ui/dialogs/FilePicker.hpp>
#include <com/sun/star/ui/dialogs/TemplateDescription.hpp>
#include <com/sun/star/ui/dialogs/XFilePicker3.hpp>
#include <fmt/format.h>

#include <com/sun/star/awt/ContainerWindowProvider.hpp>
#include <com/sun/star/awt/XContainerWindowProvider.hpp>
#include <com/sun/star/deployment/PackageInformationProvider.hpp>
#include <com/sun/star/deployment/XPackageInformationProvider.hpp>

#include "addin_strings.hxx"
#include "crm/calendar.hpp"
#include "crm/columns.hpp"
#include "crm/jobs.hpp"
#include "crm/schedule.hpp"
#include "shared/text.hxx"
#include "shared/sheet_io.hxx"

namespace crm_uno {

using css::uno::Any;
using css::uno::Reference;
using css::uno::Sequence;
using css::uno::UNO_QUERY;
using css::uno::UNO_QUERY_THROW;
using ::rtl::OUString;
using namespace panel_results;

namespace {

constexpr sal_Int32 kMargin = 6;          // around the panel, pixels
constexpr sal_Int32 kMinimalWidth = 230;  // narrower, the column labels would wrap into many lines
constexpr sal_Int32 kScrollBarAllowance = 20;  // the deck's vertical scroll bar takes this from the width asked
constexpr sal_Int32 kDialogUnitsFloor = 40;  // the dialog model's size once its rows are captured

// The panel's controls and rows (editable in the Basic IDE's dialog editor), in the package.
constexpr const char* kExtensionId = "org.calccrm.extension";
constexpr const char* kDialog = "/dialogs/CustomersPanel.xdl";

// The tiering methods' names, in the order the list shows them (the core's table).
const char* method_name(sal_Int16 index) {
    return crm::tiering_methods[static_cast<std::size_t>(index >= 0 && index < 3 ? index : 0)].name.data();
}
const char* const kNumberFields[] = {"AShare", "BShare", "HoldoutWeeks", "DiscountRate", "VisitsA", "VisitsB",
                                     "VisitsC", "MaxVisitsPerDay", "HoursPerDay", "Year"};


/// The message text of whatever was thrown, for the panel (`unexpected` when it carries none).
std::string reason_of(const std::exception_ptr& thrown, const std::string& unexpected) {
    try {
        std::rethrow_exception(thrown);
    } catch (const css::uno::Exception& e) {
        return to_utf8(e.Message);
    } catch (const std::exception& e) {
        return e.what();
    } catch (...) {
        return unexpected;
    }
}

}  // namespace

CustomersPanel::CustomersPanel(const Reference<css::uno::XComponentContext>& context,
                               const Reference<css::frame::XFrame>& frame, const Reference<css::awt::XWindow>& parent,
                               const OUString& url)
    : context_(context), frame_(frame), parent_(parent), url_(url), listeners_(mutex_) {
    lang_ = office_language(context_);
    build();
    // Whatever goes wrong reading the document, the panel stays built and says so.
    guarded_ui([&] {
        const panel_settings settings = load_panel_settings(document());
        const auto setting = [&](const char* key) -> std::optional<std::string> {
            const auto found = settings.find(key);
            if (found == settings.end()) return std::nullopt;
            return found->second;
        };
        // The saved sheets, when they still exist; else as the jobs would find them.
        std::string customers = setting("CustomerSheet").value_or("");
        std::optional<std::string> transactions = setting("TransactionSheet");
        const Reference<css::sheet::XSpreadsheetDocument> doc(document(), UNO_QUERY);
        if (doc.is()) {
            const auto sheets = doc->getSheets();
            if (!customers.empty() && !sheets->hasByName(to_ou(customers))) customers.clear();
            if (transactions && !transactions->empty() && !sheets->hasByName(to_ou(*transactions))) transactions.reset();
        }
        refresh(customers, transactions);
        apply_settings(settings);
        if (!overrides_.empty()) refresh(selected_sheet(controls_["customerSheet"], false),
                                         selected_sheet(controls_["transactionSheet"], true));
    });
    listen_to_controller(true);
    if (parent_.is()) parent_->addWindowListener(this);
}

CustomersPanel::~CustomersPanel() = default;

template <class Body>
void CustomersPanel::guarded_ui(Body&& body) noexcept {
    try {
        body();
    } catch (...) {
        try {
            show_message(fmt::format(fmt::runtime(text(text::msg_failed)), fmt::arg("reason", reason_of(std::current_exception(), text(text::error_unexpected)))));
        } catch (...) {
            // The panel itself is gone: nothing left to tell, and nothing may reach the office.
        }
    }
}

std::string CustomersPanel::text(const char* const (&texts)[4]) const { return localized(texts, lang_); }

// ---------------------------------------------------------------- building

void CustomersPanel::build() {
    // The controls and their rows come from the dialog (its texts resolved in the office language from the
    // .properties beside it); the code binds them by name and reacts.
    const OUString location = css::deployment::PackageInformationProvider::get(context_)->getPackageLocation(
        OUString::createFromAscii(kExtensionId));
    // The dialog goes into a plain container window of the sidebar's: a dialog window reports its controls'
    // extent as its preferred size, and the sidebar would then widen the panel past what the deck shows.
    const auto smgr = context_->getServiceManager();
    host_control_.set(smgr->createInstanceWithContext("com.sun.star.awt.UnoControlContainer", context_), UNO_QUERY_THROW);
    host_control_->setModel(Reference<css::awt::XControlModel>(
        smgr->createInstanceWithContext("com.sun.star.awt.UnoControlContainerModel", context_), UNO_QUERY_THROW));
    host_control_->createPeer(Reference<css::awt::XToolkit>(css::awt::Toolkit::create(context_), UNO_QUERY_THROW), Reference<css::awt::XWindowPeer>(parent_, UNO_QUERY_THROW));
    window_.set(host_control_, UNO_QUERY_THROW);
    const Reference<css::awt::XContainerWindowProvider> provider = css::awt::ContainerWindowProvider::create(context_);
    dialog_ = provider->createContainerWindow(location + OUString::createFromAscii(kDialog), OUString(),
                                              host_control_->getPeer(), nullptr);
    container_.set(dialog_, UNO_QUERY_THROW);
    container_control_.set(dialog_, UNO_QUERY_THROW);
    for (const auto& control : container_->getControls()) {
        OUString name;
        Reference<css::beans::XPropertySet>(control->getModel(), UNO_QUERY_THROW)->getPropertyValue("Name") >>= name;
        controls_[to_utf8(name)] = control;
        if (const Reference<css::awt::XListBox> list(control, UNO_QUERY); list.is()) list->addItemListener(this);
        if (const Reference<css::awt::XButton> button(control, UNO_QUERY); button.is()) {
            button->setActionCommand(name);
            button->addActionListener(this);
        }
    }
    for (const auto role : crm::mappable_roles) {
        const std::string name(crm::role_name(role));
        roles_.push_back({name, controls_.at("label_" + name), controls_.at("column_" + name)});
    }
    set_items(controls_.at("method"), {text(text::method_pareto), text(text::method_count), text(text::method_growth)}, 0);
    set_enabled("cancel", false);  // enabled only while the panel's own run is in progress
    set_control_text("messages", text(text::msg_ready));

    // Defaults shown in the fields: the core's own, as the jobs take them.
    const auto choice = crm::make_tiering_choice(crm::tiering_methods[0].name);
    set_control_text("AShare", fmt::format("{:g}", choice.a));
    set_control_text("BShare", fmt::format("{:g}", choice.b));
    const crm::schedule_options plan;
    const char* const visit_fields[] = {"VisitsA", "VisitsB", "VisitsC"};
    for (std::size_t t = 0; t < 3; ++t) set_control_text(visit_fields[t], std::to_string(plan.visits_per_year[t]));
    set_control_text("MaxVisitsPerDay", std::to_string(plan.max_visits_per_day));
    set_control_text("HoursPerDay", fmt::format("{:g}", plan.hours_per_day));
    set_control_text("Year", std::to_string(crm::this_year_utc() + 1));  // the jobs' default: next calendar year

    layout_.capture(container_, kMargin);
    // The dialog's designed size (150 dialog units, wider than the sidebar in French or Chinese) would be the
    // window's preferred size, and the sidebar would widen the panel past what the deck shows: the panel's
    // size is the sidebar's, and its model keeps none of its own.
    const Reference<css::beans::XPropertySet> dialog_model(container_control_->getModel(), UNO_QUERY_THROW);
    dialog_model->setPropertyValue("Width", Any(sal_Int32(kDialogUnitsFloor)));
    dialog_model->setPropertyValue("Height", Any(sal_Int32(kDialogUnitsFloor)));
    const auto size = parent_->getPosSize();
    window_->setPosSize(0, 0, size.Width, size.Height, css::awt::PosSize::POSSIZE);
    dialog_->setPosSize(0, 0, size.Width, size.Height, css::awt::PosSize::POSSIZE);
    width_ = size.Width;
    layout(size.Width, true);
    dialog_->setVisible(true);
    window_->setVisible(true);
}

sal_Int32 CustomersPanel::layout(sal_Int32 width, bool apply) { return layout_.arrange(std::max(width, kMinimalWidth), apply); }

// ---------------------------------------------------------------- controls

std::string CustomersPanel::control_text(const std::string& name) const {
    const auto found = controls_.find(name);
    if (found == controls_.end()) return {};
    OUString value;
    Reference<css::beans::XPropertySet>(found->second->getModel(), UNO_QUERY_THROW)->getPropertyValue("Text") >>= value;
    return to_utf8(value);
}

void CustomersPanel::set_control_text(const std::string& name, const std::string& value) {
    const auto found = controls_.find(name);
    if (found == controls_.end()) return;
    Reference<css::beans::XPropertySet>(found->second->getModel(), UNO_QUERY_THROW)->setPropertyValue("Text", Any(to_ou(value)));
}

void CustomersPanel::set_items(const Reference<css::awt::XControl>& box, const std::vector<std::string>& items,
                               sal_Int16 selected_item) {
    const Reference<css::beans::XPropertySet> model(box->getModel(), UNO_QUERY_THROW);
    Sequence<OUString> texts(static_cast<sal_Int32>(items.size()));
    for (std::size_t i = 0; i < items.size(); ++i) texts.getArray()[i] = to_ou(items[i]);
    const bool was_updating = updating_;
    updating_ = true;
    model->setPropertyValue("StringItemList", Any(texts));
    Sequence<sal_Int16> selection;
    if (selected_item >= 0 && selected_item < static_cast<sal_Int16>(items.size())) selection = Sequence<sal_Int16>(&selected_item, 1);
    model->setPropertyValue("SelectedItems", Any(selection));
    updating_ = was_updating;
}

sal_Int16 CustomersPanel::selected(const Reference<css::awt::XControl>& box) const {
    const Reference<css::awt::XListBox> list(box, UNO_QUERY);
    return list.is() ? list->getSelectedItemPos() : -1;
}

std::string CustomersPanel::selected_sheet(const Reference<css::awt::XControl>& box, bool optional) const {
    const sal_Int16 at = selected(box);
    const sal_Int16 index = optional ? at - 1 : at;  // the optional list starts with "(none)"
    if (index < 0 || index >= static_cast<sal_Int16>(sheets_.size())) return {};
    return sheets_[static_cast<std::size_t>(index)];
}

void CustomersPanel::set_enabled(const std::string& name, bool enabled) {
    const auto found = controls_.find(name);
    if (found == controls_.end() || !found->second.is()) return;
    Reference<css::beans::XPropertySet>(found->second->getModel(), UNO_QUERY_THROW)->setPropertyValue("Enabled", Any(enabled));
}

void CustomersPanel::show_message(const std::string& message) {
    if (disposed_) return;
    set_control_text("messages", message);
}

Reference<css::frame::XModel> CustomersPanel::document() const {
    if (!frame_.is()) return nullptr;
    const auto controller = frame_->getController();
    return controller.is() ? controller->getModel() : nullptr;
}

Reference<org::calccrm::XCustomerJobs> CustomersPanel::jobs() const {
    return Reference<org::calccrm::XCustomerJobs>(
        context_->getServiceManager()->createInstanceWithContext("org.calccrm.CustomerJobs", context_), UNO_QUERY_THROW);
}

// ---------------------------------------------------------------- reading the document

void CustomersPanel::refresh(const std::string& customer_sheet, const std::optional<std::string>& transaction_sheet) {
    const auto doc = document();
    if (!doc.is()) return;
    std::vector<css::beans::PropertyValue> options;
    if (!customer_sheet.empty()) options.push_back(named("CustomerSheet", Any(to_ou(customer_sheet))));
    if (transaction_sheet) options.push_back(named("TransactionSheet", Any(to_ou(*transaction_sheet))));
    Sequence<css::beans::PropertyValue> columns(static_cast<sal_Int32>(overrides_.size()));
    std::size_t k = 0;
    for (const auto& [role, column] : overrides_) columns.getArray()[k++] = named(role.c_str(), Any(column));
    if (!overrides_.empty()) options.push_back(named("Columns", Any(columns)));

    Sequence<css::beans::PropertyValue> found;
    std::string columns_problem;
    try {
        found = jobs()->detectColumns(doc, Sequence<css::beans::PropertyValue>(options.data(), static_cast<sal_Int32>(options.size())));
    } catch (const css::lang::IllegalArgumentException& e) {
        if (overrides_.empty()) throw;
        // The user's column choices no longer fit the sheet (a column was deleted): back to what is detected.
        columns_problem = to_utf8(e.Message);
        overrides_.clear();
        options.erase(std::remove_if(options.begin(), options.end(), [](const auto& p) { return p.Name == "Columns"; }),
                      options.end());
        found = jobs()->detectColumns(doc, Sequence<css::beans::PropertyValue>(options.data(), static_cast<sal_Int32>(options.size())));
    }

    sheets_ = texts_value(found, "Sheets");
    headers_ = texts_value(found, "Headers");
    detected_ = columns_value(found, "Columns");
    const std::string customers = text_value(found, "CustomerSheet");
    const std::string transactions = text_value(found, "TransactionSheet");
    auto index_of = [&](const std::string& name) -> sal_Int16 {
        const auto at = std::find(sheets_.begin(), sheets_.end(), name);
        return at == sheets_.end() ? -1 : static_cast<sal_Int16>(at - sheets_.begin());
    };
    std::vector<std::string> optional_sheets{text(text::choice_none)};
    optional_sheets.insert(optional_sheets.end(), sheets_.begin(), sheets_.end());
    set_items(controls_["customerSheet"], sheets_, index_of(customers));
    set_items(controls_["transactionSheet"], optional_sheets,
              transactions.empty() ? 0 : static_cast<sal_Int16>(index_of(transactions) + 1));

    std::vector<std::string> choices{text(text::choice_none)};
    for (std::size_t column = 0; column < headers_.size(); ++column)
        choices.push_back(headers_[column].empty()
                              ? fmt::format(fmt::runtime(text(text::choice_column)), fmt::arg("number", column + 1))
                              : headers_[column]);
    for (const auto& row : roles_) {
        const auto chosen = overrides_.find(row.role);
        const auto detected = detected_.find(row.role);
        const sal_Int32 column = chosen != overrides_.end() ? chosen->second : detected != detected_.end() ? detected->second : -1;
        set_items(row.box, choices, static_cast<sal_Int16>(column + 1));
    }

    // Problems of the sheet (no sales column, unreadable rows) are shown before any run.
    std::vector<std::string> lines;
    if (!columns_problem.empty()) lines.push_back(columns_problem);
    const bool has_customers = [&] {
        bool has = false;
        if (const Any* v = value_of(found, "HasCustomers")) *v >>= has;
        return has;
    }();
    if (!has_customers) lines.push_back(text(text::msg_no_customer_sheet));
    const auto problems = texts_value(found, "Problems");
    if (!has_customers || !problems.empty()) {
        if (!problems.empty()) lines.push_back(fmt::format(fmt::runtime(text(text::msg_problems)), fmt::arg("count", problems.size())));
        for (std::size_t i = 0; i < problems.size() && i < kShownProblems; ++i) lines.push_back("• " + problems[i]);
        if (problems.size() > kShownProblems)
            lines.push_back(fmt::format(fmt::runtime(text(text::msg_more_problems)), fmt::arg("count", problems.size() - kShownProblems)));
    } else {
        lines.push_back(text(text::msg_ready));
    }
    std::string message;
    for (const auto& line : lines) message += (message.empty() ? "" : "\n") + line;
    show_message(message);
}

void CustomersPanel::apply_settings(const panel_settings& settings) {
    for (const char* field : kNumberFields) {
        const auto found = settings.find(field);
        if (found != settings.end()) set_control_text(field, found->second);
    }
    if (const auto found = settings.find("Holidays"); found != settings.end()) set_control_text("Holidays", found->second);
    if (const auto found = settings.find("Method"); found != settings.end())
        for (sal_Int16 i = 0; i < 3; ++i)
            if (found->second == method_name(i)) set_items(controls_["method"], {text(text::method_pareto), text(text::method_count), text(text::method_growth)}, i);
    if (const auto found = settings.find("Outputs"); found != settings.end()) {
        std::size_t start = 0;
        const std::string& list = found->second;
        while (start <= list.size()) {
            const auto end = std::min(list.find('\t', start), list.size());
            if (end > start) outputs_.insert(list.substr(start, end - start));
            start = end + 1;
        }
    }
    if (const auto found = settings.find("ScheduleSheet"); found != settings.end()) schedule_sheet_ = found->second;
    if (const auto found = settings.find("DataSource"); found != settings.end() && !found->second.empty()) {
        database_choice kept{found->second, "", false};
        if (const auto command = settings.find("DataCommand"); command != settings.end()) kept.command = command->second;
        if (const auto type = settings.find("DataCommandType"); type != settings.end()) kept.query = type->second == "query";
        database_ = kept;
    }
    // Column choices are kept by header text (a column moved is still found); "" says "no such column".
    for (const auto& row : roles_) {
        const auto found = settings.find("col." + row.role);
        if (found == settings.end()) continue;
        if (found->second.empty()) {
            overrides_[row.role] = -1;
            continue;
        }
        const auto at = std::find(headers_.begin(), headers_.end(), found->second);
        if (at != headers_.end()) overrides_[row.role] = static_cast<sal_Int32>(at - headers_.begin());
    }
}

panel_settings CustomersPanel::current_settings() const {
    panel_settings settings;
    settings["CustomerSheet"] = selected_sheet(controls_.at("customerSheet"), false);
    settings["TransactionSheet"] = selected_sheet(controls_.at("transactionSheet"), true);
    const sal_Int16 method = selected(controls_.at("method"));
    settings["Method"] = method_name(method);
    for (const char* field : kNumberFields) settings[field] = control_text(field);
    settings["Holidays"] = control_text("Holidays");
    for (const auto& [role, column] : overrides_)
        settings["col." + role] = column >= 0 && static_cast<std::size_t>(column) < headers_.size() ? headers_[column] : "";
    std::string outputs;
    for (const auto& name : outputs_) outputs += (outputs.empty() ? "" : "\t") + name;
    settings["Outputs"] = outputs;
    settings["ScheduleSheet"] = schedule_sheet_;
    if (database_) {
        settings["DataSource"] = database_->source;
        settings["DataCommand"] = database_->command;
        settings["DataCommandType"] = database_->query ? "query" : "table";
    }
    return settings;
}

Sequence<css::beans::PropertyValue> CustomersPanel::run_options(bool for_plan) const {
    std::vector<css::beans::PropertyValue> options;
    const std::string customers = selected_sheet(controls_.at("customerSheet"), false);
    if (!customers.empty()) options.push_back(named("CustomerSheet", Any(to_ou(customers))));
    // "" says no transactions sheet: analyze then does not look for one either (the plan reads none).
    if (!for_plan)
        options.push_back(named("TransactionSheet", Any(to_ou(selected_sheet(controls_.at("transactionSheet"), true)))));
    const sal_Int16 method = selected(controls_.at("method"));
    options.push_back(named("Method", Any(OUString::createFromAscii(method_name(method)))));
    // Numbers go as the text typed: the job service reads "0,8" and "0.8" alike and words its own complaints.
    std::vector<const char*> fields{"AShare", "BShare", "VisitsA", "VisitsB", "VisitsC"};
    // The model check's holdout (empty: none) and the lifetime value's yearly discount rate (empty: undiscounted).
    if (!for_plan) fields.insert(fields.end(), {"HoldoutWeeks", "DiscountRate"});
    if (for_plan) fields.insert(fields.end(), {"MaxVisitsPerDay", "HoursPerDay", "Year"});
    for (const char* field : fields) {
        const std::string value = trimmed(control_text(field));
        if (!value.empty()) options.push_back(named(field, Any(to_ou(value))));
    }
    // The holidays as typed or picked (a range or a range name): planVisits reads the range and words its refusal.
    if (for_plan) {
        const std::string range = trimmed(control_text("Holidays"));
        if (!range.empty()) options.push_back(named("Holidays", Any(to_ou(range))));
    }
    if (!overrides_.empty()) {
        Sequence<css::beans::PropertyValue> columns(static_cast<sal_Int32>(overrides_.size()));
        std::size_t k = 0;
        for (const auto& [role, column] : overrides_) columns.getArray()[k++] = named(role.c_str(), Any(column));
        options.push_back(named("Columns", Any(columns)));
    }
    return Sequence<css::beans::PropertyValue>(options.data(), static_cast<sal_Int32>(options.size()));
}

// ---------------------------------------------------------------- listeners

void CustomersPanel::listen_to_controller(bool add) {
    try {
        const Reference<css::sheet::XActivationBroadcaster> broadcaster(
            add ? (frame_.is() ? frame_->getController() : nullptr) : Reference<css::frame::XController>(controller_, UNO_QUERY),
            UNO_QUERY);
        if (!broadcaster.is()) return;
        if (add) {
            broadcaster->addActivationEventListener(this);
            controller_ = broadcaster;
        } else {
            broadcaster->removeActivationEventListener(this);
            const Reference<css::sheet::XRangeSelection> selection(broadcaster, UNO_QUERY);
            if (selection.is()) selection->removeRangeSelectionListener(this);
            controller_.clear();
        }
    } catch (const css::uno::Exception&) {
        // A controller already gone has no listener left to remove.
    }
}

void SAL_CALL CustomersPanel::actionPerformed(const css::awt::ActionEvent& event) {
    if (disposed_) return;
    const std::string command = to_utf8(event.ActionCommand);
    // Cancel is pressed while a run is in progress: the run's status-bar progress (the frame's status
    // indicator) lets the window handle events at each step, so this call comes nested inside the run's own
    // actionPerformed, on the same thread.
    if (command == "cancel") return guarded_ui([&] { request_cancel(); });
    if (busy_) return;  // another button while a run is in progress: no second run, no error box
    guarded_ui([&] {
        busy_ = true;
        struct done_guard {
            bool& flag;
            ~done_guard() { flag = false; }
        } guard{busy_};
        if (command == "analyze") analyze();
        else if (command == "plan") plan_visits();
        else if (command == "export") export_calendar();
        else if (command == "shareValues") share_values();
        else if (command == "fromDatabase") orders_from_database();
        else if (command == "pickHolidays") pick_holidays();
    });
    // The runs added sheets: the lists show them (the selections stay).
    if (!disposed_)
        guarded_ui([&] {
            const std::string message = control_text("messages");
            refresh(selected_sheet(controls_["customerSheet"], false), selected_sheet(controls_["transactionSheet"], true));
            set_control_text("messages", message);
        });
}

void SAL_CALL CustomersPanel::itemStateChanged(const css::awt::ItemEvent& event) {
    if (disposed_ || updating_ || busy_) return;
    guarded_ui([&] {
        const Reference<css::awt::XControl> source(event.Source, UNO_QUERY);
        if (source == controls_["customerSheet"]) {
            overrides_.clear();  // another sheet: its own columns
            refresh(selected_sheet(controls_["customerSheet"], false), selected_sheet(controls_["transactionSheet"], true));
        } else if (source == controls_["transactionSheet"]) {
            refresh(selected_sheet(controls_["customerSheet"], false), selected_sheet(controls_["transactionSheet"], true));
        } else if (source == controls_["method"]) {
            // The thresholds shown become the chosen method's defaults (from the core, as the jobs use them).
            const sal_Int16 method = selected(source);
            const auto choice = crm::make_tiering_choice(method_name(method), std::nullopt, std::nullopt);
            set_control_text("AShare", fmt::format("{:g}", choice.a));
            set_control_text("BShare", fmt::format("{:g}", choice.b));
        } else {
            for (const auto& row : roles_) {
                if (source != row.box) continue;
                overrides_[row.role] = selected(row.box) - 1;  // item 0 is "(none)"
                refresh(selected_sheet(controls_["customerSheet"], false), selected_sheet(controls_["transactionSheet"], true));
                break;
            }
        }
    });
}

void SAL_CALL CustomersPanel::windowResized(const css::awt::WindowEvent& event) {
    if (disposed_) return;
    guarded_ui([&] {
        const auto size = parent_->getPosSize();
        window_->setPosSize(0, 0, size.Width, size.Height, css::awt::PosSize::POSSIZE);
        dialog_->setPosSize(0, 0, size.Width, size.Height, css::awt::PosSize::POSSIZE);
        if (size.Width != width_) {
            width_ = size.Width;
            layout(size.Width, true);
        }
        (void)event;
    });
}

void SAL_CALL CustomersPanel::activeSpreadsheetChanged(const css::sheet::ActivationEvent& event) {
    if (disposed_ || busy_ || updating_) return;
    guarded_ui([&] {
        const Reference<css::container::XNamed> sheet(event.ActiveSheet, UNO_QUERY);
        const std::string active = sheet.is() ? to_utf8(sheet->getName()) : std::string();
        const std::string current = selected_sheet(controls_["customerSheet"], false);
        const std::string transactions = selected_sheet(controls_["transactionSheet"], true);
        // A customer sheet made active becomes the source, unless the panel wrote it.
        if (!active.empty() && active != current && active != transactions && !outputs_.count(active)) {
            const css::beans::PropertyValue probe[] = {named("CustomerSheet", Any(to_ou(active)))};
            const auto found = jobs()->detectColumns(document(), Sequence<css::beans::PropertyValue>(probe, 1));
            bool has_customers = false;
            if (const Any* v = value_of(found, "HasCustomers")) *v >>= has_customers;
            if (has_customers) {
                overrides_.clear();
                refresh(active, std::nullopt);
                return;
            }
        }
        // Same source: the lists and columns are read again, the last run's summary stays on show.
        const std::string message = control_text("messages");
        refresh(current, transactions);
        set_control_text("messages", message);
    });
}

void SAL_CALL CustomersPanel::done(const css::sheet::RangeSelectionEvent& event) {
    if (disposed_) return;
    guarded_ui([&] { set_control_text("Holidays", to_utf8(event.RangeDescriptor)); });
}

void SAL_CALL CustomersPanel::aborted(const css::sheet::RangeSelectionEvent&) {}

void SAL_CALL CustomersPanel::disposing(const css::lang::EventObject& event) {
    if (event.Source == parent_) parent_.clear();
    if (event.Source == controller_) controller_.clear();
}

// ---------------------------------------------------------------- XUIElement, XToolPanel, XSidebarPanel

Reference<css::frame::XFrame> SAL_CALL CustomersPanel::getFrame() { return frame_; }
OUString SAL_CALL CustomersPanel::getResourceURL() { return url_; }
sal_Int16 SAL_CALL CustomersPanel::getType() { return css::ui::UIElementType::TOOLPANEL; }
Reference<css::uno::XInterface> SAL_CALL CustomersPanel::getRealInterface() { return static_cast<css::ui::XToolPanel*>(this); }

// The dialog's window (its controls by name), not the plain host the sidebar holds it in.
Reference<css::awt::XWindow> SAL_CALL CustomersPanel::getWindow() { return dialog_; }

Reference<css::accessibility::XAccessible> SAL_CALL CustomersPanel::createAccessible(
    const Reference<css::accessibility::XAccessible>&) {
    return Reference<css::accessibility::XAccessible>(container_control_.is() ? container_control_->getPeer() : nullptr, UNO_QUERY);
}

css::ui::LayoutSize SAL_CALL CustomersPanel::getHeightForWidth(sal_Int32 width) {
    sal_Int32 height = 900;
    if (!disposed_) {
        try {
            height = layout(width, false);
        } catch (...) {
            // Measuring failed (a control already gone): the fallback height keeps the sidebar going.
        }
    }
    return css::ui::LayoutSize(height, height, height);
}

sal_Int32 SAL_CALL CustomersPanel::getMinimalWidth() { return kMinimalWidth + kScrollBarAllowance; }

// ---------------------------------------------------------------- XComponent

void SAL_CALL CustomersPanel::dispose() {
    if (disposed_) return;
    disposed_ = true;
    const Reference<css::uno::XInterface> self(static_cast<cppu::OWeakObject*>(this));
    listeners_.disposeAndClear(css::lang::EventObject(self));
    listen_to_controller(false);
    try {
        if (parent_.is()) parent_->removeWindowListener(this);
        for (const auto& [name, control] : controls_) {
            if (const Reference<css::awt::XButton> button(control, UNO_QUERY); button.is()) button->removeActionListener(this);
            if (const Reference<css::awt::XListBox> list(control, UNO_QUERY); list.is()) list->removeItemListener(this);
        }
        for (const auto& control : {container_control_, host_control_})
            if (const Reference<css::lang::XComponent> component(control, UNO_QUERY); component.is()) component->dispose();
    } catch (const css::uno::Exception&) {
        // The windows may already be gone with the sidebar.
    }
    controls_.clear();
    roles_.clear();
    container_.clear();
    container_control_.clear();
    host_control_.clear();
    dialog_.clear();
    window_.clear();
    parent_.clear();
    frame_.clear();
}

void SAL_CALL CustomersPanel::addEventListener(const Reference<css::lang::XEventListener>& listener) {
    listeners_.addInterface(listener);
}

void SAL_CALL CustomersPanel::removeEventListener(const Reference<css::lang::XEventListener>& listener) {
    listeners_.removeInterface(listener);
}

}  // namespace crm_uno
