// The panel factory: checks the resource URL and the sidebar's arguments, then builds the panel.
#include "panel/panel_factory.hxx"

#include <com/sun/star/awt/XWindow.hpp>
#include <com/sun/star/container/NoSuchElementException.hpp>
#include <com/sun/star/frame/XFrame.hpp>
#include <com/sun/star/lang/IllegalArgumentException.hpp>

#include "panel/card_panel.hxx"
#include "panel/customers_panel.hxx"

namespace crm_uno {

using css::uno::Reference;
using css::uno::UNO_QUERY;
using ::rtl::OUString;

namespace {
constexpr const char* kImplementationName = "org.calccrm.PanelFactoryImpl";
constexpr const char* kServiceName = "org.calccrm.PanelFactory";
constexpr const char* kPanelUrl = "private:resource/toolpanel/CalcCrmPanelFactory/CalcCrmCustomersPanel";
constexpr const char* kCardPanelUrl = "private:resource/toolpanel/CalcCrmPanelFactory/CalcCrmCustomerCardPanel";
}  // namespace

PanelFactory::PanelFactory(const Reference<css::uno::XComponentContext>& context) : context_(context) {}

// XUIElementFactory
Reference<css::ui::XUIElement> SAL_CALL PanelFactory::createUIElement(
    const OUString& url, const css::uno::Sequence<css::beans::PropertyValue>& arguments) {
    if (!url.equalsAscii(kPanelUrl) && !url.equalsAscii(kCardPanelUrl))
        throw css::container::NoSuchElementException("calc-crm: no panel " + url, static_cast<cppu::OWeakObject*>(this));
    Reference<css::frame::XFrame> frame;
    Reference<css::awt::XWindow> parent;
    for (const auto& argument : arguments) {
        if (argument.Name == "Frame") argument.Value >>= frame;
        else if (argument.Name == "ParentWindow") argument.Value >>= parent;
    }
    if (!frame.is() || !parent.is())
        throw css::lang::IllegalArgumentException("calc-crm: the sidebar gave no frame or parent window",
                                                  static_cast<cppu::OWeakObject*>(this), 1);
    if (url.equalsAscii(kCardPanelUrl)) return new CardPanel(context_, frame, parent, url);
    return new CustomersPanel(context_, frame, parent, url);
}

// XServiceInfo
OUString SAL_CALL PanelFactory::getImplementationName() { return OUString::createFromAscii(kImplementationName); }
sal_Bool SAL_CALL PanelFactory::supportsService(const OUString& name) { return name.equalsAscii(kServiceName); }
css::uno::Sequence<OUString> SAL_CALL PanelFactory::getSupportedServiceNames() {
    const OUString name = OUString::createFromAscii(kServiceName);
    return css::uno::Sequence<OUString>(&name, 1);
}

}  // namespace crm_uno
