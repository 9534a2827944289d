// The job service org.calccrm.CustomerJobs: its identity and the cancel request; each job has a file of its own
// (analyze.cxx, plan_visits.cxx, export_calendar.cxx, detect_columns.cxx).
#include "jobs/customer_jobs.hxx"

#include "jobs/job_common.hxx"
#include "shared/sheet_io.hxx"

namespace crm_uno {

using css::uno::Reference;
using css::uno::Sequence;
using ::rtl::OUString;

namespace {

constexpr const char* kImplementationName = "org.calccrm.CustomerJobsImpl";
constexpr const char* kServiceName = "org.calccrm.CustomerJobs";

}  // namespace

CustomerJobs::CustomerJobs(const Reference<css::uno::XComponentContext>& context) : context_(context) {}

// XServiceInfo
OUString SAL_CALL CustomerJobs::getImplementationName() { return OUString::createFromAscii(kImplementationName); }
sal_Bool SAL_CALL CustomerJobs::supportsService(const OUString& name) { return name.equalsAscii(kServiceName); }
Sequence<OUString> SAL_CALL CustomerJobs::getSupportedServiceNames() {
    const OUString name = OUString::createFromAscii(kServiceName);
    return Sequence<OUString>(&name, 1);
}

// XCustomerJobs
sal_Bool SAL_CALL CustomerJobs::cancel(const Reference<css::frame::XModel>& document) {
    try {
        return document.is() && cancel_run(document);
    } catch (...) {
        return false;  // nothing may escape into the office
    }
}

}  // namespace crm_uno
