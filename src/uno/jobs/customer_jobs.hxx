// The job service org.calccrm.CustomerJobs: analyze, planVisits, exportCalendar, exportValues (spec wizard.md).
#pragma once

#include <com/sun/star/beans/PropertyValue.hpp>
#include <com/sun/star/frame/XModel.hpp>
#include <com/sun/star/lang/XServiceInfo.hpp>
#include <com/sun/star/uno/XComponentContext.hpp>
#include <cppuhelper/implbase2.hxx>
#include <org/calccrm/XCustomerJobs.hpp>

namespace crm_uno {

/// The jobs that the sidebar, macros and the headless command all call; nothing else computes.
class CustomerJobs : public cppu::WeakImplHelper2<org::calccrm::XCustomerJobs, css::lang::XServiceInfo> {
public:
    explicit CustomerJobs(const css::uno::Reference<css::uno::XComponentContext>& context);

    // XCustomerJobs
    css::uno::Sequence<css::beans::PropertyValue> SAL_CALL analyze(
        const css::uno::Reference<css::frame::XModel>& document,
        const css::uno::Sequence<css::beans::PropertyValue>& options) override;
    css::uno::Sequence<css::beans::PropertyValue> SAL_CALL planVisits(
        const css::uno::Reference<css::frame::XModel>& document,
        const css::uno::Sequence<css::beans::PropertyValue>& options) override;
    css::uno::Sequence<css::beans::PropertyValue> SAL_CALL detectColumns(
        const css::uno::Reference<css::frame::XModel>& document,
        const css::uno::Sequence<css::beans::PropertyValue>& options) override;
    void SAL_CALL exportCalendar(const css::uno::Reference<css::frame::XModel>& document,
                                 const ::rtl::OUString& fileUrl,
                                 const css::uno::Sequence<css::beans::PropertyValue>& options) override;
    css::uno::Sequence<css::beans::PropertyValue> SAL_CALL exportValues(
        const css::uno::Reference<css::frame::XModel>& document, const ::rtl::OUString& fileUrl,
        const css::uno::Sequence<css::beans::PropertyValue>& options) override;
    css::uno::Sequence<css::beans::PropertyValue> SAL_CALL customerCard(
        const css::uno::Reference<css::frame::XModel>& document, const ::rtl::OUString& customerId,
        const css::uno::Sequence<css::beans::PropertyValue>& options) override;
    sal_Bool SAL_CALL cancel(const css::uno::Reference<css::frame::XModel>& document) override;

    // XServiceInfo
    ::rtl::OUString SAL_CALL getImplementationName() override;
    sal_Bool SAL_CALL supportsService(const ::rtl::OUString& name) override;
    css::uno::Sequence<::rtl::OUString> SAL_CALL getSupportedServiceNames() override;

private:
    css::uno::Reference<css::uno::XComponentContext> context_;
};

}  // namespace crm_uno
