// org.calccrm.Jobs: reads execute()'s NamedValues, runs the job of org.calccrm.CustomerJobs it names, and gives
// its results back as NamedValues.
#include "jobs/untyped_jobs.hxx"

#include <algorithm>
#include <string>
#include <vector>

#include <com/sun/star/frame/XModel.hpp>
#include <fmt/format.h>

#include "addin_strings.hxx"
#include "shared/text.hxx"
#include "crm/text_values.hpp"
#include "jobs/job_common.hxx"
#include "shared/options.hxx"

namespace crm_uno {

using css::beans::NamedValue;
using css::beans::PropertyValue;
using css::uno::Any;
using css::uno::Reference;
using css::uno::Sequence;
using ::rtl::OUString;

namespace {

constexpr const char* kImplementationName = "org.calccrm.JobsImpl";
constexpr const char* kServiceName = "org.calccrm.Jobs";

const std::vector<std::string> kJobs{"analyze", "planVisits", "exportCalendar", "exportValues", "detectColumns", "customerCard", "cancel"};
const std::vector<std::string> kArguments{"Job", "Document", "Options", "FileUrl", "CustomerId"};

std::string joined(const std::vector<std::string>& words) {
    std::string out;
    for (const auto& w : words) out += (out.empty() ? "" : ", ") + w;
    return out;
}

/// The arguments of one execute() call by name; an unknown name is refused (a typo must not pass silently).
class job_arguments {
public:
    job_arguments(const Sequence<NamedValue>& arguments, language lang) : lang_(lang) {
        for (const auto& a : arguments) {
            const std::string name = to_utf8(a.Name);
            if (std::find(kArguments.begin(), kArguments.end(), name) == kArguments.end())
                throw refusal(text::error_job_argument, lang, fmt::arg("argument", crm::bounded_text(name, 64)),
                              fmt::arg("arguments", joined(kArguments)));
            values_.emplace_back(name, a.Value);
        }
    }

    const Any* find(const std::string& name) const {
        for (const auto& [n, v] : values_)
            if (n == name && v.hasValue()) return &v;
        return nullptr;
    }

    /// A text argument the job needs.
    std::string text(const std::string& job, const std::string& name) const {
        const Any* value = find(name);
        if (!value) throw refusal(text::error_job_needs, lang_, fmt::arg("job", job), fmt::arg("argument", name));
        OUString text;
        if (!(*value >>= text))
            throw refusal(text::error_job_argument_type, lang_, fmt::arg("argument", name),
                          fmt::arg("kind", localized(text::kind_text, lang_)));
        return to_utf8(text);
    }

    /// The document every job works on.
    Reference<css::frame::XModel> document(const std::string& job) const {
        const Any* value = find("Document");
        if (!value) throw refusal(text::error_job_needs, lang_, fmt::arg("job", job), fmt::arg("argument", "Document"));
        Reference<css::frame::XModel> model(*value, css::uno::UNO_QUERY);
        if (!model.is())
            throw refusal(text::error_job_argument_type, lang_, fmt::arg("argument", "Document"),
                          fmt::arg("kind", localized(text::kind_document, lang_)));
        return model;
    }

    /// Options as PropertyValues, whichever form the caller used: PropertyValues, NamedValues, or a sequence of
    /// any holding either (what Python and Basic build).
    Sequence<PropertyValue> options() const {
        const Any* value = find("Options");
        if (!value) return {};
        Sequence<PropertyValue> properties;
        if (*value >>= properties) return properties;
        Sequence<NamedValue> named;
        Sequence<Any> items;
        std::vector<PropertyValue> out;
        if (*value >>= named) {
            for (const auto& n : named) out.push_back(property_of(n));
        } else if (*value >>= items) {
            for (const auto& item : items) {
                PropertyValue p;
                NamedValue n;
                if (item >>= p) {
                    out.push_back(p);
                } else if (item >>= n) {
                    out.push_back(property_of(n));
                } else {
                    throw refusal(text::error_job_options, lang_);
                }
            }
        } else {
            throw refusal(text::error_job_options, lang_);
        }
        return Sequence<PropertyValue>(out.data(), static_cast<sal_Int32>(out.size()));
    }

private:
    static PropertyValue property_of(const NamedValue& n) {
        PropertyValue p;
        p.Name = n.Name;
        p.Value = n.Value;
        return p;
    }

    std::vector<std::pair<std::string, Any>> values_;
    language lang_;
};

Any named_values(const Sequence<PropertyValue>& results) {
    Sequence<NamedValue> out(results.getLength());
    for (sal_Int32 i = 0; i < results.getLength(); ++i) out.getArray()[i] = NamedValue(results[i].Name, results[i].Value);
    return Any(out);
}

}  // namespace

UntypedJobs::UntypedJobs(const Reference<css::uno::XComponentContext>& context)
    : context_(context), jobs_(new CustomerJobs(context)) {}

// XJob
Any SAL_CALL UntypedJobs::execute(const Sequence<NamedValue>& arguments) {
    return job_guarded("Jobs", context_, [&](language lang) -> Any {
        const job_arguments args(arguments, lang);
        const std::string job = args.text("execute", "Job");
        if (job == "analyze") return named_values(jobs_->analyze(args.document(job), args.options()));
        if (job == "planVisits") return named_values(jobs_->planVisits(args.document(job), args.options()));
        if (job == "detectColumns") return named_values(jobs_->detectColumns(args.document(job), args.options()));
        if (job == "exportCalendar") {
            jobs_->exportCalendar(args.document(job), to_ou(args.text(job, "FileUrl")), args.options());
            return named_values({});
        }
        if (job == "exportValues")
            return named_values(jobs_->exportValues(args.document(job), to_ou(args.text(job, "FileUrl")), args.options()));
        if (job == "customerCard") {
            // CustomerId may be left out when the options name a Sheet and Row.
            const OUString id = args.find("CustomerId") ? to_ou(args.text(job, "CustomerId")) : OUString();
            return named_values(jobs_->customerCard(args.document(job), id, args.options()));
        }
        if (job == "cancel") {
            const bool was_running = jobs_->cancel(args.document(job));
            const PropertyValue cancelled = property("Cancelled", Any(was_running));
            return named_values(Sequence<PropertyValue>(&cancelled, 1));
        }
        throw refusal(text::error_job_unknown, lang, fmt::arg("job", crm::bounded_text(job, 64)), fmt::arg("jobs", joined(kJobs)));
    });
}

// XServiceInfo
OUString SAL_CALL UntypedJobs::getImplementationName() { return OUString::createFromAscii(kImplementationName); }
sal_Bool SAL_CALL UntypedJobs::supportsService(const OUString& name) {
    return name.equalsAscii(kServiceName) || name == "com.sun.star.task.Job";
}
Sequence<OUString> SAL_CALL UntypedJobs::getSupportedServiceNames() {
    const OUString names[] = {OUString::createFromAscii(kServiceName), "com.sun.star.task.Job"};
    return Sequence<OUString>(names, 2);
}

}  // namespace crm_uno
