// The Customers panel: AWT controls made through the toolkit, laid out by hand for the sidebar's width; each
// button gathers the options and calls the job service, and the results come back as plain localized words.
#include "panel/customers_panel.hxx"

#include <algorithm>
#include <ctime>

#include <com/sun/star/accessibility/XAccessible.hpp>
#include <com/sun/star/awt/MessageBoxButtons.hpp>
#include <com/sun/star/awt/MessageBoxResults.hpp>
#include <com/sun/star/awt/MessageBoxType.hpp>
#include <com/sun/star/awt/PosSize.hpp>
#include <com/sun/star/awt/Toolkit.hpp>
#include <com/sun/star/awt/XButton.hpp>
#include <com/sun/star/awt/XLayoutConstrains.hpp>
#include <com/sun/star/awt/XListBox.hpp>
#include <com/sun/star/awt/XMessageBoxFactory.hpp>
#include <com/sun/star/awt/XWindowPeer.hpp>
#include <com/sun/star/beans/XPropertySet.hpp>
#include <com/sun/star/container/XNamed.hpp>
#include <com/sun/star/lang/XMultiServiceFactory.hpp>
#include <com/sun/star/sheet/XActivationBroadcaster.hpp>
#include <com/sun/star/sheet/XCellRangeData.hpp>
#include <com/sun/star/sheet/XCellRangeReferrer.hpp>
#include <com/sun/star/sheet/XRangeSelection.hpp>
#include <com/sun/star/sheet/XSpreadsheetDocument.hpp>
#include <com/sun/star/sheet/XSpreadsheetView.hpp>
#include <com/sun/star/sheet/XSpreadsheets.hpp>
#include <com/sun/star/table/CellRangeAddress.hpp>
#include <com/sun/star/table/XCellRange.hpp>
#include <com/sun/star/container/XIndexAccess.hpp>
#include <com/sun/star/ui/UIElementType.hpp>
#include <com/sun/star/ui/dialogs/ExecutableDialogResults.hpp>
#include <com/sun/star/ui/dialogs/FilePicker.hpp>
#include <com/sun/star/ui/dialogs/TemplateDescription.hpp>
#include <com/sun/star/ui/dialogs/XFilePicker3.hpp>
#include <fmt/format.h>

#include "addin_strings.hxx"
#include "crm/jobs.hpp"
#include "shared/text.hxx"
#include "shared/sheet_io.hxx"

namespace crm_uno {

using css::uno::Any;
using css::uno::Reference;
using css::uno::Sequence;
using css::uno::UNO_QUERY;
using css::uno::UNO_QUERY_THROW;
using ::rtl::OUString;

namespace {

// Layout constants, in pixels (the sidebar's default width is about 300).
constexpr sal_Int32 kMargin = 6;         // around the panel
constexpr sal_Int32 kGap = 4;            // between a field and the next label
constexpr sal_Int32 kLabelGap = 2;       // between a label and its field
constexpr sal_Int32 kSection = 10;       // between groups of fields
constexpr sal_Int32 kColumnGap = 6;      // between side-by-side controls
constexpr sal_Int32 kMinimalWidth = 230;  // narrower, the column labels would wrap into many lines
constexpr sal_Int32 kScrollBarAllowance = 20;  // the deck's vertical scroll bar takes this from the width asked
constexpr sal_Int32 kMessageLines = 9;   // height of the results area
constexpr std::size_t kShownProblems = 30;

const char* const kMethods[] = {"pareto", "count", "growth"};
const char* const kNumberFields[] = {"AShare", "BShare", "VisitsA", "VisitsB", "VisitsC", "MaxVisitsPerDay",
                                     "HoursPerDay", "Year"};

const char* const (*role_label(const std::string& role))[4] {
    if (role == "id") return &text::role_id;
    if (role == "name") return &text::role_name;
    if (role == "sales") return &text::role_sales;
    if (role == "sales_previous") return &text::role_sales_previous;
    if (role == "sales_before") return &text::role_sales_before;
    if (role == "cost") return &text::role_cost;
    if (role == "rep") return &text::role_rep;
    if (role == "region") return &text::role_region;
    if (role == "city") return &text::role_city;
    if (role == "latitude") return &text::role_latitude;
    if (role == "longitude") return &text::role_longitude;
    if (role == "last_visit") return &text::role_last_visit;
    if (role == "orders") return &text::role_orders;
    return nullptr;
}

const Any* value_of(const Sequence<css::beans::PropertyValue>& values, const char* name) {
    for (const auto& v : values)
        if (v.Name.equalsAscii(name)) return &v.Value;
    return nullptr;
}

std::string text_value(const Sequence<css::beans::PropertyValue>& values, const char* name) {
    OUString text;
    if (const Any* v = value_of(values, name)) *v >>= text;
    return to_utf8(text);
}

std::vector<std::string> texts_value(const Sequence<css::beans::PropertyValue>& values, const char* name) {
    Sequence<OUString> texts;
    if (const Any* v = value_of(values, name)) *v >>= texts;
    std::vector<std::string> out;
    for (const auto& t : texts) out.push_back(to_utf8(t));
    return out;
}

double number_value(const Sequence<css::beans::PropertyValue>& values, const char* name) {
    double number = 0;
    if (const Any* v = value_of(values, name)) *v >>= number;
    return number;
}

std::map<std::string, sal_Int32> columns_value(const Sequence<css::beans::PropertyValue>& values, const char* name) {
    Sequence<css::beans::PropertyValue> columns;
    if (const Any* v = value_of(values, name)) *v >>= columns;
    std::map<std::string, sal_Int32> out;
    for (const auto& c : columns) {
        sal_Int32 index = -1;
        if (c.Value >>= index) out[to_utf8(c.Name)] = index;
    }
    return out;
}

/// A run stopped by XCustomerJobs.cancel (from a macro or another window) answers Cancelled = true alone.
bool was_cancelled(const Sequence<css::beans::PropertyValue>& result) {
    bool cancelled = false;
    if (const Any* v = value_of(result, "Cancelled")) *v >>= cancelled;
    return cancelled;
}

css::beans::PropertyValue named(const char* name, const Any& value) {
    css::beans::PropertyValue p;
    p.Name = OUString::createFromAscii(name);
    p.Value = value;
    return p;
}

std::string trimmed(const std::string& text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) return {};
    return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

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
                               const Reference<css::ui::XSidebar>& sidebar, const OUString& url)
    : context_(context), frame_(frame), parent_(parent), sidebar_(sidebar), url_(url), listeners_(mutex_) {
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

Reference<css::awt::XControl> CustomersPanel::add_control(const char* kind, const std::string& name,
                                                          const std::vector<std::pair<const char*, Any>>& properties) {
    const auto smgr = context_->getServiceManager();
    const OUString service = "com.sun.star.awt.UnoControl" + OUString::createFromAscii(kind);
    const Reference<css::awt::XControlModel> model(smgr->createInstanceWithContext(service + "Model", context_),
                                                   UNO_QUERY_THROW);
    const Reference<css::beans::XPropertySet> model_properties(model, UNO_QUERY_THROW);
    for (const auto& [property, value] : properties) model_properties->setPropertyValue(OUString::createFromAscii(property), value);
    const Reference<css::awt::XControl> control(smgr->createInstanceWithContext(service, context_), UNO_QUERY_THROW);
    control->setModel(model);
    container_->addControl(to_ou(name), control);  // the container has a peer: the control gets its own now
    controls_[name] = control;
    return control;
}

Reference<css::awt::XControl> CustomersPanel::add_label(const std::string& name, const char* const (&label)[4]) {
    return add_control("FixedText", name, {{"Label", Any(to_ou(text(label)))}, {"MultiLine", Any(true)}});
}

void CustomersPanel::build() {
    const auto smgr = context_->getServiceManager();
    container_control_.set(smgr->createInstanceWithContext("com.sun.star.awt.UnoControlContainer", context_), UNO_QUERY_THROW);
    const Reference<css::awt::XControlModel> model(
        smgr->createInstanceWithContext("com.sun.star.awt.UnoControlContainerModel", context_), UNO_QUERY_THROW);
    container_control_->setModel(model);
    const Reference<css::awt::XToolkit> toolkit(css::awt::Toolkit::create(context_), UNO_QUERY_THROW);
    container_control_->createPeer(toolkit, Reference<css::awt::XWindowPeer>(parent_, UNO_QUERY_THROW));
    container_.set(container_control_, UNO_QUERY_THROW);
    window_.set(container_control_, UNO_QUERY_THROW);

    const Any dropdown(true);
    const Any lines(static_cast<sal_Int16>(14));
    auto list = [&](const std::string& name) {
        const auto box = add_control("ListBox", name, {{"Dropdown", dropdown}, {"LineCount", lines}});
        Reference<css::awt::XListBox>(box, UNO_QUERY_THROW)->addItemListener(this);
        return box;
    };
    auto edit = [&](const std::string& name) { return add_control("Edit", name, {}); };
    auto button = [&](const std::string& name, const char* const (&label)[4]) {
        const auto b = add_control("Button", name, {{"Label", Any(to_ou(text(label)))}});
        const Reference<css::awt::XButton> xb(b, UNO_QUERY_THROW);
        xb->setActionCommand(to_ou(name));
        xb->addActionListener(this);
        return b;
    };

    add_label("labelCustomerSheet", text::label_customer_sheet);
    list("customerSheet");
    add_label("labelTransactionSheet", text::label_transaction_sheet);
    list("transactionSheet");
    add_label("labelColumns", text::label_columns);
    for (const auto role : {"id", "name", "sales", "sales_previous", "sales_before", "cost", "rep", "region", "city",
                            "latitude", "longitude", "last_visit", "orders"}) {
        role_row row;
        row.role = role;
        row.label = add_label(std::string("label_") + role, *role_label(role));
        row.box = list(std::string("column_") + role);
        roles_.push_back(row);
    }
    add_label("labelMethod", text::label_method);
    const auto method = list("method");
    set_items(method, {text(text::method_pareto), text(text::method_count), text(text::method_growth)}, 0);
    add_label("labelAShare", text::label_a_share);
    edit("AShare");
    add_label("labelBShare", text::label_b_share);
    edit("BShare");
    add_label("labelVisits", text::label_visits);
    edit("VisitsA");
    edit("VisitsB");
    edit("VisitsC");
    add_label("labelMaxVisits", text::label_max_visits);
    edit("MaxVisitsPerDay");
    add_label("labelHours", text::label_hours);
    edit("HoursPerDay");
    add_label("labelHolidays", text::label_holidays);
    edit("Holidays");
    button("pickHolidays", text::button_pick);
    add_label("labelYear", text::label_year);
    edit("Year");
    button("analyze", text::button_analyze);
    button("plan", text::button_plan);
    button("export", text::button_export);
    button("cancel", text::button_cancel);
    set_enabled("cancel", false);  // enabled only while the panel's own run is in progress
    add_label("labelMessages", text::label_messages);
    add_control("Edit", "messages", {{"MultiLine", Any(true)}, {"ReadOnly", Any(true)}, {"VScroll", Any(true)},
                                     {"Text", Any(to_ou(text(text::msg_ready)))}});

    // Defaults shown in the fields: the job service's own defaults.
    const auto choice = crm::make_tiering_choice("pareto", std::nullopt, std::nullopt);
    set_control_text("AShare", fmt::format("{:g}", choice.a));
    set_control_text("BShare", fmt::format("{:g}", choice.b));
    set_control_text("VisitsA", "12");
    set_control_text("VisitsB", "4");
    set_control_text("VisitsC", "1");
    set_control_text("MaxVisitsPerDay", "6");
    set_control_text("HoursPerDay", "8");
    const std::time_t now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    set_control_text("Year", std::to_string(local.tm_year + 1900 + 1));  // the jobs' default: next calendar year

    // Heights measured from the controls themselves, so a larger font is never clipped.
    auto preferred = [&](const char* name, sal_Int32 fallback) {
        const Reference<css::awt::XLayoutConstrains> layout(controls_[name], UNO_QUERY);
        return layout.is() ? std::max(fallback, layout->getPreferredSize().Height) : fallback;
    };
    field_height_ = std::max(preferred("customerSheet", 24), preferred("AShare", 24));
    button_height_ = preferred("analyze", 26);
    line_height_ = preferred("labelMethod", 16);

    const auto size = parent_->getPosSize();
    window_->setPosSize(0, 0, size.Width, size.Height, css::awt::PosSize::POSSIZE);
    width_ = size.Width;
    layout(size.Width, true);
    window_->setVisible(true);
}

sal_Int32 CustomersPanel::label_height(const Reference<css::awt::XControl>& label, sal_Int32 width) const {
    const Reference<css::awt::XLayoutConstrains> layout(label, UNO_QUERY);
    if (!layout.is()) return line_height_;
    const sal_Int32 height = layout->calcAdjustedSize(css::awt::Size(width, 0)).Height;
    return height > 0 ? height : line_height_;
}

sal_Int32 CustomersPanel::layout(sal_Int32 width, bool apply) {
    const sal_Int32 inner = std::max(width, kMinimalWidth) - 2 * kMargin;
    const sal_Int32 x = kMargin;
    sal_Int32 y = kMargin;
    auto put = [&](const Reference<css::awt::XControl>& control, sal_Int32 left, sal_Int32 top, sal_Int32 w, sal_Int32 h) {
        if (!apply || !control.is()) return;
        Reference<css::awt::XWindow>(control, UNO_QUERY_THROW)->setPosSize(left, top, w, h, css::awt::PosSize::POSSIZE);
    };
    auto c = [&](const char* name) { return controls_[name]; };
    auto label_over = [&](const char* label, const char* field, sal_Int32 left, sal_Int32 w, sal_Int32 top,
                          sal_Int32 label_h) {
        put(c(label), left, top, w, label_h);
        put(c(field), left, top + label_h + kLabelGap, w, field_height_);
    };
    auto stacked = [&](const char* label, const char* field) {
        const sal_Int32 h = label_height(c(label), inner);
        label_over(label, field, x, inner, y, h);
        y += h + kLabelGap + field_height_ + kGap;
    };
    // Two fields side by side, each under its label; both labels get the taller one's height.
    auto halves = [&](const char* label_a, const char* field_a, const char* label_b, const char* field_b) {
        const sal_Int32 half = (inner - kColumnGap) / 2;
        const sal_Int32 h = std::max(label_height(c(label_a), half), label_b ? label_height(c(label_b), half) : 0);
        label_over(label_a, field_a, x, half, y, h);
        if (label_b) label_over(label_b, field_b, x + half + kColumnGap, half, y, h);
        y += h + kLabelGap + field_height_ + kGap;
    };

    stacked("labelCustomerSheet", "customerSheet");
    stacked("labelTransactionSheet", "transactionSheet");
    y += kSection - kGap;

    // One row per column role: the role on the left, the column chosen on the right.
    const sal_Int32 heading = label_height(c("labelColumns"), inner);
    put(c("labelColumns"), x, y, inner, heading);
    y += heading + kLabelGap;
    const sal_Int32 label_w = (inner - kColumnGap) * 45 / 100, box_w = inner - kColumnGap - label_w;
    for (const auto& row : roles_) {
        const sal_Int32 lh = label_height(row.label, label_w);
        const sal_Int32 h = std::max(lh, field_height_);
        put(row.label, x, y + (h - lh) / 2, label_w, lh);
        put(row.box, x + label_w + kColumnGap, y + (h - field_height_) / 2, box_w, field_height_);
        y += h + kLabelGap;
    }
    y += kSection - kLabelGap;

    stacked("labelMethod", "method");
    halves("labelAShare", "AShare", "labelBShare", "BShare");
    y += kSection - kGap;
    {
        const sal_Int32 h = label_height(c("labelVisits"), inner);
        put(c("labelVisits"), x, y, inner, h);
        y += h + kLabelGap;
        const sal_Int32 third = (inner - 2 * kColumnGap) / 3;
        put(c("VisitsA"), x, y, third, field_height_);
        put(c("VisitsB"), x + third + kColumnGap, y, third, field_height_);
        put(c("VisitsC"), x + 2 * (third + kColumnGap), y, inner - 2 * (third + kColumnGap), field_height_);
        y += field_height_ + kGap;
    }
    halves("labelMaxVisits", "MaxVisitsPerDay", "labelHours", "HoursPerDay");
    {
        const sal_Int32 h = label_height(c("labelHolidays"), inner);
        put(c("labelHolidays"), x, y, inner, h);
        y += h + kLabelGap;
        const Reference<css::awt::XLayoutConstrains> pick(c("pickHolidays"), UNO_QUERY);
        const sal_Int32 pick_w = std::min(inner / 2, pick.is() ? pick->getPreferredSize().Width + 8 : 70);
        const sal_Int32 row_h = std::max(field_height_, button_height_);
        put(c("Holidays"), x, y + (row_h - field_height_) / 2, inner - pick_w - kColumnGap, field_height_);
        put(c("pickHolidays"), x + inner - pick_w, y + (row_h - button_height_) / 2, pick_w, button_height_);
        y += row_h + kGap;
    }
    halves("labelYear", "Year", nullptr, nullptr);
    y += kSection - kGap;

    // Buttons in pairs: side by side, half and half, when both labels fit with room to spare; else one under
    // the other. A short right-hand button (`snug`: Cancel) may instead sit beside a longer one, each at least
    // as wide as its label needs, so that the panel grows no taller than it must (CJK buttons are tall, and a
    // panel taller than the deck scrolls).
    auto preferred_width = [&](const char* name) {
        const Reference<css::awt::XLayoutConstrains> b(c(name), UNO_QUERY);
        return b.is() ? b->getPreferredSize().Width : inner;
    };
    constexpr sal_Int32 kButtonRoom = 12;  // spare width around a button's label
    const sal_Int32 half = (inner - kColumnGap) / 2;
    auto pair = [&](const char* left, const char* right, bool snug) {
        const sal_Int32 left_w = preferred_width(left), right_w = preferred_width(right);
        if (left_w + kButtonRoom <= half && right_w + kButtonRoom <= half) {
            put(c(left), x, y, half, button_height_);
            put(c(right), x + half + kColumnGap, y, inner - half - kColumnGap, button_height_);
            y += button_height_ + kGap;
        } else if (snug && left_w + kColumnGap + right_w <= inner) {
            const sal_Int32 w = std::max(right_w, std::min(right_w + kButtonRoom, inner - kColumnGap - left_w));
            put(c(left), x, y, inner - kColumnGap - w, button_height_);
            put(c(right), x + inner - w, y, w, button_height_);
            y += button_height_ + kGap;
        } else {
            put(c(left), x, y, inner, button_height_);
            y += button_height_ + kGap;
            put(c(right), x, y, inner, button_height_);
            y += button_height_ + kGap;
        }
    };
    pair("analyze", "plan", false);
    pair("export", "cancel", true);
    y += kSection - kGap;

    const sal_Int32 h = label_height(c("labelMessages"), inner);
    put(c("labelMessages"), x, y, inner, h);
    y += h + kLabelGap;
    const sal_Int32 messages_h = kMessageLines * line_height_ + 8;
    put(c("messages"), x, y, inner, messages_h);
    y += messages_h + kMargin;
    return y;
}

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
            if (found->second == kMethods[i]) set_items(controls_["method"], {text(text::method_pareto), text(text::method_count), text(text::method_growth)}, i);
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
    settings["Method"] = kMethods[method >= 0 && method < 3 ? method : 0];
    for (const char* field : kNumberFields) settings[field] = control_text(field);
    settings["Holidays"] = control_text("Holidays");
    for (const auto& [role, column] : overrides_)
        settings["col." + role] = column >= 0 && static_cast<std::size_t>(column) < headers_.size() ? headers_[column] : "";
    std::string outputs;
    for (const auto& name : outputs_) outputs += (outputs.empty() ? "" : "\t") + name;
    settings["Outputs"] = outputs;
    settings["ScheduleSheet"] = schedule_sheet_;
    return settings;
}

Any CustomersPanel::holidays() const {
    const std::string range = trimmed(control_text("Holidays"));
    if (range.empty()) return {};
    const auto doc = document();
    const auto bad = [&] {
        return css::lang::IllegalArgumentException(
            to_ou(fmt::format(fmt::runtime(text(text::msg_holidays_bad)), fmt::arg("range", range.substr(0, 80)))), nullptr, 0);
    };
    const Reference<css::beans::XPropertySet> doc_properties(doc, UNO_QUERY_THROW);
    // A named range first ("Holidays"), then a reference in the office's notation ("$Holidays.A1:A20").
    Reference<css::container::XNameAccess> names;
    doc_properties->getPropertyValue("NamedRanges") >>= names;
    if (names.is() && names->hasByName(to_ou(range))) {
        const Reference<css::sheet::XCellRangeReferrer> referrer(names->getByName(to_ou(range)), UNO_QUERY);
        const Reference<css::sheet::XCellRangeData> data(referrer.is() ? referrer->getReferredCells() : nullptr, UNO_QUERY);
        if (!data.is()) throw bad();
        return Any(data->getDataArray());
    }
    const Reference<css::beans::XPropertySet> conversion(
        Reference<css::lang::XMultiServiceFactory>(doc, UNO_QUERY_THROW)
            ->createInstance("com.sun.star.table.CellRangeAddressConversion"), UNO_QUERY_THROW);
    const Reference<css::sheet::XSpreadsheetView> view(doc->getCurrentController(), UNO_QUERY);
    const Reference<css::sheet::XSpreadsheetDocument> spreadsheet(doc, UNO_QUERY_THROW);
    const Reference<css::container::XIndexAccess> sheets(spreadsheet->getSheets(), UNO_QUERY_THROW);
    if (view.is()) {  // a reference without a sheet name means the active sheet
        const Reference<css::container::XNamed> active(view->getActiveSheet(), UNO_QUERY);
        for (sal_Int32 i = 0; active.is() && i < sheets->getCount(); ++i)
            if (Reference<css::container::XNamed>(sheets->getByIndex(i), UNO_QUERY_THROW)->getName() == active->getName())
                conversion->setPropertyValue("ReferenceSheet", Any(i));
    }
    css::table::CellRangeAddress address;
    try {
        conversion->setPropertyValue("UserInterfaceRepresentation", Any(to_ou(range)));
        conversion->getPropertyValue("Address") >>= address;
    } catch (const css::uno::Exception&) {
        throw bad();
    }
    if (address.Sheet < 0 || address.Sheet >= sheets->getCount()) throw bad();
    const Reference<css::table::XCellRange> sheet(sheets->getByIndex(address.Sheet), UNO_QUERY_THROW);
    const Reference<css::sheet::XCellRangeData> data(
        sheet->getCellRangeByPosition(address.StartColumn, address.StartRow, address.EndColumn, address.EndRow), UNO_QUERY_THROW);
    return Any(data->getDataArray());
}

Sequence<css::beans::PropertyValue> CustomersPanel::run_options(bool for_plan) const {
    std::vector<css::beans::PropertyValue> options;
    const std::string customers = selected_sheet(controls_.at("customerSheet"), false);
    if (!customers.empty()) options.push_back(named("CustomerSheet", Any(to_ou(customers))));
    // "" says no transactions sheet: the jobs then do not look for one either.
    options.push_back(named("TransactionSheet", Any(to_ou(selected_sheet(controls_.at("transactionSheet"), true)))));
    const sal_Int16 method = selected(controls_.at("method"));
    options.push_back(named("Method", Any(OUString::createFromAscii(kMethods[method >= 0 && method < 3 ? method : 0]))));
    // Numbers go as the text typed: the job service reads "0,8" and "0.8" alike and words its own complaints.
    std::vector<const char*> fields{"AShare", "BShare", "VisitsA", "VisitsB", "VisitsC"};
    if (for_plan) fields.insert(fields.end(), {"MaxVisitsPerDay", "HoursPerDay", "Year"});
    for (const char* field : fields) {
        const std::string value = trimmed(control_text(field));
        if (!value.empty()) options.push_back(named(field, Any(to_ou(value))));
    }
    if (for_plan) {
        const Any dates = holidays();
        if (dates.hasValue()) options.push_back(named("Holidays", dates));
    }
    if (!overrides_.empty()) {
        Sequence<css::beans::PropertyValue> columns(static_cast<sal_Int32>(overrides_.size()));
        std::size_t k = 0;
        for (const auto& [role, column] : overrides_) columns.getArray()[k++] = named(role.c_str(), Any(column));
        options.push_back(named("Columns", Any(columns)));
    }
    return Sequence<css::beans::PropertyValue>(options.data(), static_cast<sal_Int32>(options.size()));
}

// ---------------------------------------------------------------- the jobs

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
    for (const char* name : {"analyze", "plan", "export", "pickHolidays"}) set_enabled(name, !running);
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

void CustomersPanel::analyze() {
    const auto doc = document();
    auto options = run_options(false);
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

void CustomersPanel::export_calendar() {
    const auto doc = document();
    const auto picker = css::ui::dialogs::FilePicker::createWithMode(
        context_, css::ui::dialogs::TemplateDescription::FILESAVE_AUTOEXTENSION);
    picker->appendFilter(to_ou(text(text::filter_ics)), "*.ics");
    picker->setCurrentFilter(to_ou(text(text::filter_ics)));
    picker->setDefaultName("visits.ics");
    if (picker->execute() != css::ui::dialogs::ExecutableDialogResults::OK) return;
    const auto files = picker->getSelectedFiles();
    if (files.getLength() == 0) return;
    const OUString url = files[0];
    // The CSV goes next to the calendar, with the same name.
    const OUString csv = (url.endsWithIgnoreAsciiCase(".ics") ? url.copy(0, url.getLength() - 4) : url) + ".csv";
    std::vector<css::beans::PropertyValue> options{named("CsvUrl", Any(csv))};
    if (!schedule_sheet_.empty() && !existing(doc, {schedule_sheet_}).empty())
        options.push_back(named("ScheduleSheet", Any(to_ou(schedule_sheet_))));
    jobs()->exportCalendar(doc, url, Sequence<css::beans::PropertyValue>(options.data(), static_cast<sal_Int32>(options.size())));
    show_message(fmt::format(fmt::runtime(text(text::msg_exported)), fmt::arg("file", to_utf8(url) + "\n" + to_utf8(csv))));
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
            const auto choice = crm::make_tiering_choice(kMethods[method >= 0 && method < 3 ? method : 0], std::nullopt, std::nullopt);
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

Reference<css::awt::XWindow> SAL_CALL CustomersPanel::getWindow() { return window_; }

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
        if (const Reference<css::lang::XComponent> component(container_control_, UNO_QUERY); component.is()) component->dispose();
    } catch (const css::uno::Exception&) {
        // The windows may already be gone with the sidebar.
    }
    controls_.clear();
    roles_.clear();
    container_.clear();
    container_control_.clear();
    window_.clear();
    parent_.clear();
    frame_.clear();
    sidebar_.clear();
}

void SAL_CALL CustomersPanel::addEventListener(const Reference<css::lang::XEventListener>& listener) {
    listeners_.addInterface(listener);
}

void SAL_CALL CustomersPanel::removeEventListener(const Reference<css::lang::XEventListener>& listener) {
    listeners_.removeInterface(listener);
}

}  // namespace crm_uno
