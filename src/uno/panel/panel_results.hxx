// What the panel reads back from the job service: values of a result by name, options built by name.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <com/sun/star/beans/PropertyValue.hpp>
#include <com/sun/star/uno/Sequence.hxx>

#include "shared/text.hxx"

namespace crm_uno::panel_results {

using css::uno::Any;
using css::uno::Sequence;
using ::rtl::OUString;

/// Problems shown in the panel after a run or a column check; the rest are counted.
inline constexpr std::size_t kShownProblems = 30;

inline const Any* value_of(const Sequence<css::beans::PropertyValue>& values, const char* name) {
    for (const auto& v : values)
        if (v.Name.equalsAscii(name)) return &v.Value;
    return nullptr;
}

inline std::string text_value(const Sequence<css::beans::PropertyValue>& values, const char* name) {
    OUString text;
    if (const Any* v = value_of(values, name)) *v >>= text;
    return to_utf8(text);
}

inline std::vector<std::string> texts_value(const Sequence<css::beans::PropertyValue>& values, const char* name) {
    Sequence<OUString> texts;
    if (const Any* v = value_of(values, name)) *v >>= texts;
    std::vector<std::string> out;
    for (const auto& t : texts) out.push_back(to_utf8(t));
    return out;
}

inline double number_value(const Sequence<css::beans::PropertyValue>& values, const char* name) {
    double number = 0;
    if (const Any* v = value_of(values, name)) *v >>= number;
    return number;
}

inline std::map<std::string, sal_Int32> columns_value(const Sequence<css::beans::PropertyValue>& values, const char* name) {
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
inline bool was_cancelled(const Sequence<css::beans::PropertyValue>& result) {
    bool cancelled = false;
    if (const Any* v = value_of(result, "Cancelled")) *v >>= cancelled;
    return cancelled;
}

inline css::beans::PropertyValue named(const char* name, const Any& value) {
    css::beans::PropertyValue p;
    p.Name = OUString::createFromAscii(name);
    p.Value = value;
    return p;
}

inline std::string trimmed(const std::string& text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) return {};
    return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

}  // namespace crm_uno::panel_results
