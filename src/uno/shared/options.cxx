// Reading job options whatever numeric or sequence type the caller used.
#include "shared/options.hxx"

#include <algorithm>

#include "addin_strings.hxx"
#include "shared/text.hxx"
#include "crm/error.hpp"
#include "crm/text_values.hpp"

namespace crm_uno {

using css::uno::Any;

job_options::job_options(const css::uno::Sequence<css::beans::PropertyValue>& options, std::vector<std::string> known,
                         language lang)
    : options_(options), lang_(lang) {
    for (const auto& option : options) {
        const std::string name = to_utf8(option.Name);
        if (std::find(known.begin(), known.end(), name) == known.end())
            throw refusal(text::error_option_unknown, lang_, fmt::arg("option", crm::bounded_text(name, 64)));
    }
}

const Any* job_options::find(const std::string& name) const {
    for (const auto& option : options_)
        if (to_utf8(option.Name) == name && option.Value.hasValue()) return &option.Value;
    return nullptr;
}

std::optional<double> job_options::number(const std::string& name) const {
    const Any* value = find(name);
    if (!value) return std::nullopt;
    double number;
    if (*value >>= number) return number;
    bool flag;
    if (*value >>= flag) return flag ? 1.0 : 0.0;
    ::rtl::OUString text;
    if (*value >>= text) {
        if (auto parsed = crm::parse_number(to_utf8(text))) return parsed;
    }
    throw refusal(text::error_option_number, lang_, fmt::arg("option", name));
}

std::optional<double> job_options::time_of_day(const std::string& name) const {
    const Any* value = find(name);
    if (!value) return std::nullopt;
    double number;
    if (*value >>= number) return number;
    ::rtl::OUString text;
    if (*value >>= text)
        if (auto parsed = crm::parse_time_of_day(to_utf8(text))) return parsed;
    throw refusal(text::error_option_time, lang_, fmt::arg("option", name));
}

std::optional<std::string> job_options::text(const std::string& name) const {
    const Any* value = find(name);
    if (!value) return std::nullopt;
    ::rtl::OUString text;
    if (!(*value >>= text)) throw refusal(text::error_option_text, lang_, fmt::arg("option", name));
    return to_utf8(text);
}

bool job_options::flag(const std::string& name, bool fallback) const {
    const Any* value = find(name);
    if (!value) return fallback;
    bool flag;
    if (*value >>= flag) return flag;
    double number;
    if (*value >>= number) return number != 0.0;
    throw refusal(text::error_option_flag, lang_, fmt::arg("option", name));
}

std::vector<double> job_options::numbers(const std::string& name) const {
    const Any* value = find(name);
    std::vector<double> result;
    if (!value) return result;
    css::uno::Sequence<Any> items;
    css::uno::Sequence<double> doubles;
    css::uno::Sequence<css::uno::Sequence<Any>> rows;
    if (*value >>= doubles) return std::vector<double>(doubles.begin(), doubles.end());
    auto add = [&](const Any& item) {
        double number;
        ::rtl::OUString text;
        if (!item.hasValue()) return;  // a blank cell of a range
        if (item >>= number) {
            result.push_back(number);
        } else if (item >>= text) {
            if (text.isEmpty()) return;
            const auto date = crm::parse_date(to_utf8(text));
            if (!date)
                throw refusal(text::error_option_not_a_date, lang_, fmt::arg("option", name),
                              fmt::arg("text", crm::bounded_text(to_utf8(text), 64)));
            result.push_back(*date);
        } else {
            throw refusal(text::error_option_dates, lang_, fmt::arg("option", name));
        }
    };
    if (*value >>= rows) {
        for (const auto& row : rows)
            for (const auto& item : row) add(item);
    } else if (*value >>= items) {
        for (const auto& item : items) add(item);
    } else {
        add(*value);
    }
    return result;
}

std::vector<std::pair<std::string, Any>> job_options::named_values(const std::string& name) const {
    std::vector<std::pair<std::string, Any>> result;
    const Any* value = find(name);
    if (!value) return result;
    css::uno::Sequence<css::beans::PropertyValue> properties;
    css::uno::Sequence<Any> items;
    if (*value >>= properties) {
        for (const auto& p : properties) result.emplace_back(to_utf8(p.Name), p.Value);
    } else if (*value >>= items) {
        for (const auto& item : items) {
            css::beans::PropertyValue p;
            if (!(item >>= p)) throw refusal(text::error_option_named_values, lang_, fmt::arg("option", name));
            result.emplace_back(to_utf8(p.Name), p.Value);
        }
    } else {
        throw refusal(text::error_option_named_values, lang_, fmt::arg("option", name));
    }
    return result;
}

}  // namespace crm_uno
