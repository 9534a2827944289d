// The Customer panel: asks the job service for the card of the customer in the selected row (customerCard with the
// options Sheet and Row) at each change of the selection, and shows it as plain localized lines; a document without
// an analysis, or a row without a customer, gets the job's own sentence.
#include "panel/card_panel.hxx"

#include <cmath>
#include <map>

#include <com/sun/star/awt/PosSize.hpp>
#include <com/sun/star/awt/Toolkit.hpp>
#include <com/sun/star/awt/XWindowPeer.hpp>
#include <com/sun/star/beans/XPropertySet.hpp>
#include <com/sun/star/container/XIndexAccess.hpp>
#include <com/sun/star/container/XNamed.hpp>
#include <com/sun/star/frame/XModel.hpp>
#include <com/sun/star/sheet/XCellRangeAddressable.hpp>
#include <com/sun/star/sheet/XSpreadsheetDocument.hpp>
#include <com/sun/star/ui/UIElementType.hpp>
#include <com/sun/star/view/XSelectionSupplier.hpp>
#include <fmt/format.h>
#include <org/calccrm/XCustomerJobs.hpp>

#include "addin_strings.hxx"
#include "crm/calendar.hpp"

namespace crm_uno {

using css::uno::Any;
using css::uno::Reference;
using css::uno::Sequence;
using css::uno::UNO_QUERY;
using ::rtl::OUString;

namespace {

constexpr sal_Int32 kMinimalWidth = 230;  // pixels
constexpr sal_Int32 kHeight = 520;        // the card's text scrolls when longer

std::string number_text(const Any& value, int decimals) {
    double v = 0;
    if (value >>= v) return fmt::format("{:.{}f}", v, decimals);
    OUString s;
    if (value >>= s) return to_utf8(s);
    return "";
}

std::string value_text(const Any& value) {
    double v = 0;
    if (value >>= v) return std::floor(v) == v ? fmt::format("{:.0f}", v) : fmt::format("{:.2f}", v);
    OUString s;
    if (value >>= s) return to_utf8(s);
    return "";
}

std::string date_text(const Any& value) {
    double v = 0;
    return (value >>= v) ? crm::iso_date_text(v) : value_text(value);
}

}  // namespace

CardPanel::CardPanel(const Reference<css::uno::XComponentContext>& context, const Reference<css::frame::XFrame>& frame,
                     const Reference<css::awt::XWindow>& parent, const OUString& url)
    : context_(context), frame_(frame), parent_(parent), url_(url), listeners_(mutex_) {
    lang_ = office_language(context_);
    // One multi-line, read-only text in the sidebar's window.
    const auto smgr = context_->getServiceManager();
    const Reference<css::awt::XControlModel> model(
        smgr->createInstanceWithContext("com.sun.star.awt.UnoControlEditModel", context_), UNO_QUERY);
    const Reference<css::beans::XPropertySet> properties(model, UNO_QUERY);
    if (properties.is()) {
        properties->setPropertyValue("MultiLine", Any(true));
        properties->setPropertyValue("ReadOnly", Any(true));
        properties->setPropertyValue("VScroll", Any(true));
        properties->setPropertyValue("Border", Any(static_cast<sal_Int16>(0)));
    }
    control_.set(smgr->createInstanceWithContext("com.sun.star.awt.UnoControlEdit", context_), UNO_QUERY);
    if (control_.is() && model.is() && parent_.is()) {
        control_->setModel(model);
        const Reference<css::awt::XToolkit> toolkit(css::awt::Toolkit::create(context_), UNO_QUERY);
        control_->createPeer(toolkit, Reference<css::awt::XWindowPeer>(parent_, UNO_QUERY));
        window_.set(control_, UNO_QUERY);
        const auto size = parent_->getPosSize();
        window_->setPosSize(0, 0, size.Width, size.Height, css::awt::PosSize::POSSIZE);
        window_->setVisible(true);
        parent_->addWindowListener(this);
    }
    listen(true);
    show_selection();
}

void CardPanel::listen(bool on) {
    try {
        const auto controller = frame_.is() ? frame_->getController() : nullptr;
        const Reference<css::view::XSelectionSupplier> selection(controller, UNO_QUERY);
        if (!selection.is()) return;
        if (on) selection->addSelectionChangeListener(this);
        else selection->removeSelectionChangeListener(this);
    } catch (const css::uno::Exception&) {
        // The controller is gone with the window: nothing to follow.
    }
}

void CardPanel::show(const std::string& text) {
    if (text == shown_ || !control_.is()) return;
    shown_ = text;
    const Reference<css::beans::XPropertySet> model(control_->getModel(), UNO_QUERY);
    if (model.is()) model->setPropertyValue("Text", Any(to_ou(text)));
}

// The card of the selection's first row, in the sheet it is on.
void CardPanel::show_selection() {
    if (disposed_) return;
    try {
        const auto controller = frame_->getController();
        const Reference<css::view::XSelectionSupplier> selection(controller, UNO_QUERY);
        const Reference<css::sheet::XSpreadsheetDocument> doc(controller.is() ? controller->getModel() : nullptr, UNO_QUERY);
        const Reference<css::sheet::XCellRangeAddressable> range(selection.is() ? selection->getSelection() : Any(), UNO_QUERY);
        if (!doc.is() || !range.is()) return show(text(text::card_choose_row));
        const auto address = range->getRangeAddress();
        const Reference<css::container::XIndexAccess> sheets(doc->getSheets(), UNO_QUERY);
        const Reference<css::container::XNamed> sheet(sheets->getByIndex(address.Sheet), UNO_QUERY);
        const Reference<org::calccrm::XCustomerJobs> jobs(
            context_->getServiceManager()->createInstanceWithContext("org.calccrm.CustomerJobs", context_), UNO_QUERY);
        css::beans::PropertyValue options[2];
        options[0].Name = "Sheet";
        options[0].Value <<= sheet->getName();
        options[1].Name = "Row";
        options[1].Value <<= address.StartRow;
        const Sequence<css::beans::PropertyValue> card = jobs->customerCard(
            Reference<css::frame::XModel>(doc, UNO_QUERY), OUString(), Sequence<css::beans::PropertyValue>(options, 2));
        std::map<std::string, Any> v;
        for (const auto& p : card) v[to_utf8(p.Name)] = p.Value;

        std::string out = value_text(v["Name"]);
        out += (out.empty() ? "" : "  ") + ("(" + value_text(v["Id"]) + ")") + "\n\n";
        const auto line = [&](const char* const (&label)[4], const std::string& value) {
            if (!value.empty()) out += text(label) + ": " + value + "\n";
        };
        line(text::head_tier, value_text(v["Tier"]));
        line(text::head_reason, value_text(v["TierReason"]));
        line(text::head_rfm, value_text(v["RFM"]));
        line(text::head_segment, value_text(v["Segment"]));
        double p_active = 0;
        if (v["PActive"] >>= p_active) line(text::head_palive, fmt::format("{:.0f} %", 100 * p_active));
        line(text::head_expected_purchases, number_text(v["ExpectedPurchases"], 2));
        line(text::head_clv, number_text(v["LifetimeValue"], 2));
        line(text::head_lifetime_profit, number_text(v["LifetimeProfit"], 2));
        line(text::head_profit, number_text(v["Profit"], 2));
        line(text::head_action, value_text(v["Action"]));
        line(text::head_next_visit, date_text(v["NextVisit"]));

        const auto heading = [&](const char* const (&label)[4], const Any& count) {
            sal_Int32 n = 0;
            count >>= n;
            out += "\n" + fmt::format(fmt::runtime(text(label)), fmt::arg("count", n)) + "\n";
        };
        Sequence<Sequence<Any>> rows;
        if ((v["LastOrders"] >>= rows) && rows.getLength() > 0) {
            heading(text::card_last_orders, v["Orders"]);
            for (const auto& r : rows)
                out += "  " + date_text(r[0]) + "   " + number_text(r[1], 2) + (value_text(r[2]).empty() ? "" : "   " + value_text(r[2])) + "\n";
        }
        if ((v["ProductsBought"] >>= rows) && rows.getLength() > 0) {
            out += "\n" + text(text::card_products) + "\n";
            for (const auto& r : rows) out += "  " + value_text(r[0]) + " × " + value_text(r[1]) + "\n";
        }
        for (const auto& [details, count, label] : {std::make_tuple("VisitsDoneDetails", "VisitsDoneCount", &text::card_visits_done),
                                                    std::make_tuple("NextVisitsDetails", "NextVisitsCount", &text::card_next_visits)}) {
            if (!(v[details] >>= rows) || rows.getLength() == 0) continue;
            heading(*label, v[count]);
            for (const auto& r : rows)
                out += "  " + date_text(r[0]) + "   " + value_text(r[1]) + (value_text(r[2]).empty() ? "" : " — " + value_text(r[2])) + "\n";
        }
        Sequence<css::beans::PropertyValue> details;
        if ((v["Details"] >>= details) && details.getLength() > 0) {
            out += "\n" + text(text::card_profile) + "\n";
            for (const auto& d : details) out += "  " + to_utf8(d.Name) + ": " + value_text(d.Value) + "\n";
        }
        show(out);
    } catch (const css::uno::Exception& e) {
        // The job's refusal in the office language: no analysis yet, or a row without a customer.
        show(to_utf8(e.Message));
    } catch (...) {
        show(text(text::error_unexpected));
    }
}

// XSelectionChangeListener
void SAL_CALL CardPanel::selectionChanged(const css::lang::EventObject&) { show_selection(); }
void SAL_CALL CardPanel::disposing(const css::lang::EventObject&) {}

// XWindowListener
void SAL_CALL CardPanel::windowResized(const css::awt::WindowEvent& event) {
    if (window_.is()) window_->setPosSize(0, 0, event.Width, event.Height, css::awt::PosSize::POSSIZE);
}

// XUIElement
sal_Int16 SAL_CALL CardPanel::getType() { return css::ui::UIElementType::TOOLPANEL; }
Reference<css::uno::XInterface> SAL_CALL CardPanel::getRealInterface() { return static_cast<css::ui::XToolPanel*>(this); }

// XToolPanel
Reference<css::accessibility::XAccessible> SAL_CALL CardPanel::createAccessible(const Reference<css::accessibility::XAccessible>&) {
    return Reference<css::accessibility::XAccessible>(control_.is() ? control_->getPeer() : nullptr, UNO_QUERY);
}

// XSidebarPanel
css::ui::LayoutSize SAL_CALL CardPanel::getHeightForWidth(sal_Int32) { return css::ui::LayoutSize(kHeight, kHeight, kHeight); }
sal_Int32 SAL_CALL CardPanel::getMinimalWidth() { return kMinimalWidth; }

// XComponent
void SAL_CALL CardPanel::dispose() {
    if (disposed_) return;
    disposed_ = true;
    listeners_.disposeAndClear(css::lang::EventObject(static_cast<cppu::OWeakObject*>(this)));
    listen(false);
    try {
        if (parent_.is()) parent_->removeWindowListener(this);
        if (const Reference<css::lang::XComponent> component(control_, UNO_QUERY); component.is()) component->dispose();
    } catch (const css::uno::Exception&) {
        // The windows may already be gone with the sidebar.
    }
    control_.clear();
    window_.clear();
    parent_.clear();
    frame_.clear();
}
void SAL_CALL CardPanel::addEventListener(const Reference<css::lang::XEventListener>& l) { listeners_.addInterface(l); }
void SAL_CALL CardPanel::removeEventListener(const Reference<css::lang::XEventListener>& l) { listeners_.removeInterface(l); }

}  // namespace crm_uno
