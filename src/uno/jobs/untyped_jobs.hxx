// The job service org.calccrm.Jobs: every job through com.sun.star.task.XJob and the office's own types only
// (spec wizard.md, "Scripts without the extension's types").
#pragma once

#include <com/sun/star/beans/NamedValue.hpp>
#include <com/sun/star/lang/XServiceInfo.hpp>
#include <com/sun/star/task/XJob.hpp>
#include <com/sun/star/uno/XComponentContext.hpp>
#include <cppuhelper/implbase2.hxx>
#include <rtl/ref.hxx>

#include "jobs/customer_jobs.hxx"

namespace crm_uno {

/// The same jobs as org.calccrm.CustomerJobs for a client that cannot receive the extension's own interface
/// (a script connected from outside the office without URE_MORE_TYPES): execute(Job, Document, Options, FileUrl)
/// runs the named job and returns its results as NamedValues of the same names; refusals are the same
/// IllegalArgumentException with the same localized message.
class UntypedJobs : public cppu::WeakImplHelper2<css::task::XJob, css::lang::XServiceInfo> {
public:
    explicit UntypedJobs(const css::uno::Reference<css::uno::XComponentContext>& context);

    // XJob
    css::uno::Any SAL_CALL execute(const css::uno::Sequence<css::beans::NamedValue>& arguments) override;

    // XServiceInfo
    ::rtl::OUString SAL_CALL getImplementationName() override;
    sal_Bool SAL_CALL supportsService(const ::rtl::OUString& name) override;
    css::uno::Sequence<::rtl::OUString> SAL_CALL getSupportedServiceNames() override;

private:
    css::uno::Reference<css::uno::XComponentContext> context_;
    rtl::Reference<CustomerJobs> jobs_;  // the typed service's implementation, called directly
};

}  // namespace crm_uno
