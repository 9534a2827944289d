// The jobs' options as PropertyValues from Basic, Python or the panel: any numeric type, sequences of any.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <com/sun/star/beans/PropertyValue.hpp>
#include <com/sun/star/uno/Sequence.hxx>
#include <fmt/format.h>

#include "shared/text.hxx"
#include "crm/error.hpp"

namespace crm_uno {

/// A job's refusal, worded in `lang` from the strings table with fmt's named arguments ({sheet}, {option}, …).
template <typename... Args>
crm::illegal_argument refusal(const char* const (&texts)[4], language lang, const Args&... args) {
    return crm::illegal_argument(fmt::format(fmt::runtime(localized(texts, lang)), args...));
}

/// Named options of one job call; unknown names are an illegal argument (a typo must not pass silently).
/// Every refusal is worded in `lang`, the office UI language.
class job_options {
public:
    job_options(const css::uno::Sequence<css::beans::PropertyValue>& options, std::vector<std::string> known,
                language lang);

    /// A number option (any integer or floating type, or a numeric string); nullopt when absent.
    std::optional<double> number(const std::string& name) const;
    /// A time of day option as a fraction of a day: a Calc time value, or text "08:30"; nullopt when absent.
    std::optional<double> time_of_day(const std::string& name) const;
    /// A text option; nullopt when absent.
    std::optional<std::string> text(const std::string& name) const;
    /// A boolean option (bool or a number); `fallback` when absent.
    bool flag(const std::string& name, bool fallback) const;
    /// A list of numbers (sequence<any>, sequence<double>, …; date strings in ISO form are read too).
    std::vector<double> numbers(const std::string& name) const;
    /// A list of named values (sequence<PropertyValue>, or sequence<any> of PropertyValues as Basic passes it).
    std::vector<std::pair<std::string, css::uno::Any>> named_values(const std::string& name) const;

private:
    const css::uno::Any* find(const std::string& name) const;
    css::uno::Sequence<css::beans::PropertyValue> options_;
    language lang_;
};

}  // namespace crm_uno
