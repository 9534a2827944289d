// Registration of the add-in's implementation (constructor-based, see extension/calc-crm.components).
#include <cppuhelper/weak.hxx>
#include <sal/types.h>

#include "addin/functions.hxx"
#include "jobs/customer_jobs.hxx"
#include "panel/panel_factory.hxx"
#include "jobs/untyped_jobs.hxx"

extern "C" SAL_DLLPUBLIC_EXPORT css::uno::XInterface* org_calccrm_FunctionsImpl_get_implementation(
    css::uno::XComponentContext* context, const css::uno::Sequence<css::uno::Any>&) {
    auto* functions = new crm_uno::CrmFunctions(context);
    functions->acquire();
    return static_cast<cppu::OWeakObject*>(functions);
}

extern "C" SAL_DLLPUBLIC_EXPORT css::uno::XInterface* org_calccrm_CustomerJobsImpl_get_implementation(
    css::uno::XComponentContext* context, const css::uno::Sequence<css::uno::Any>&) {
    auto* jobs = new crm_uno::CustomerJobs(context);
    jobs->acquire();
    return static_cast<cppu::OWeakObject*>(jobs);
}

extern "C" SAL_DLLPUBLIC_EXPORT css::uno::XInterface* org_calccrm_PanelFactoryImpl_get_implementation(
    css::uno::XComponentContext* context, const css::uno::Sequence<css::uno::Any>&) {
    auto* factory = new crm_uno::PanelFactory(context);
    factory->acquire();
    return static_cast<cppu::OWeakObject*>(factory);
}

extern "C" SAL_DLLPUBLIC_EXPORT css::uno::XInterface* org_calccrm_JobsImpl_get_implementation(
    css::uno::XComponentContext* context, const css::uno::Sequence<css::uno::Any>&) {
    auto* jobs = new crm_uno::UntypedJobs(context);
    jobs->acquire();
    return static_cast<cppu::OWeakObject*>(jobs);
}
