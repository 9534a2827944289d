// The sidebar's factory of the Customers panel (Factories.xcu: private:resource/toolpanel/CalcCrmPanelFactory/…).
#pragma once

#include <com/sun/star/lang/XServiceInfo.hpp>
#include <com/sun/star/ui/XUIElementFactory.hpp>
#include <com/sun/star/uno/XComponentContext.hpp>
#include <cppuhelper/implbase2.hxx>

namespace crm_uno {

/// Creates the panel the sidebar asks for, inside the window it hands over.
class PanelFactory : public cppu::WeakImplHelper2<css::ui::XUIElementFactory, css::lang::XServiceInfo> {
public:
    explicit PanelFactory(const css::uno::Reference<css::uno::XComponentContext>& context);

    // XUIElementFactory
    css::uno::Reference<css::ui::XUIElement> SAL_CALL createUIElement(
        const ::rtl::OUString& url, const css::uno::Sequence<css::beans::PropertyValue>& arguments) override;

    // XServiceInfo
    ::rtl::OUString SAL_CALL getImplementationName() override;
    sal_Bool SAL_CALL supportsService(const ::rtl::OUString& name) override;
    css::uno::Sequence<::rtl::OUString> SAL_CALL getSupportedServiceNames() override;

private:
    css::uno::Reference<css::uno::XComponentContext> context_;
};

}  // namespace crm_uno
