// Shared pieces of the jobs: tiering options, the customer sheet, result properties and problem texts.
#include "jobs/job_common.hxx"

#include <algorithm>
#include <cmath>
#include <optional>

#include "crm/text_values.hpp"
#include "crm/transactions.hpp"

#include <fmt/format.h>

#include "addin_strings.hxx"
#include "crm/columns.hpp"
#include "shared/text.hxx"
#include "shared/sheet_io.hxx"

namespace crm_uno {

using css::uno::Any;


tiering_choice tiering_of(const job_options& options) {
    return crm::make_tiering_choice(options.text("Method").value_or(std::string(crm::tiering_methods[0].name)), options.number("AShare"),
                                    options.number("BShare"));
}

void require_tierable(const std::vector<crm::customer>& customers, const tiering_choice& tiering, language lang) {
    if (tiering.method != crm::tiering_method::pareto) return;
    if (std::none_of(customers.begin(), customers.end(), [](const crm::customer& c) { return c.sales > 0; }))
        throw refusal(text::error_no_positive_sales, lang);
}

std::string setting_message(const crm::invalid_setting& refused, language lang) {
    using r = crm::setting_rule;
    const auto worded = [&](const char* const (&texts)[4]) {
        return fmt::format(fmt::runtime(localized(texts, lang)), fmt::arg("setting", refused.setting()));
    };
    switch (refused.rule()) {
        case r::date_from_1900_to_9998: return worded(text::error_setting_date);
        case r::year_from_1900_to_9998: return worded(text::error_setting_year);
        case r::whole_number_from_1_to_366: return worded(text::error_setting_visits);
        case r::minutes_from_1_to_1440: return worded(text::error_setting_minutes);
        case r::whole_number_from_1_to_100: return worded(text::error_setting_visits_per_day);
        case r::hours_above_0_to_24: return worded(text::error_setting_hours);
        case r::speed_above_0_to_1000: return worded(text::error_setting_speed);
        case r::dates_only: return worded(text::error_setting_dates);
        case r::tiering_method: return worded(text::error_setting_method);
        // The jobs take both tier shares from the options AShare and BShare, whatever the method.
        case r::pareto_shares_in_order:
        case r::count_shares_in_order: return worded(text::error_setting_shares);
        case r::days_from_0_to_3660: return worded(text::error_setting_days);
        case r::hour_from_0_to_24: return worded(text::error_setting_day_start);
        case r::day_ends_by_midnight: return worded(text::error_setting_day_end);
        case r::minutes_from_0_to_600: return worded(text::error_setting_minutes_between);
        case r::date_in_period: return worded(text::error_setting_from);
    }
    return refused.what();  // not reached: every rule is listed above
}

std::string plan_option_name(crm::plan_setting setting) {
    static const char* const names[] = {"Year", "StartDate", "VisitsA", "VisitsB", "VisitsC", "VisitMinutesA",
                                        "VisitMinutesB", "VisitMinutesC", "MaxVisitsPerDay", "HoursPerDay", "SpeedKmh",
                                        "Holidays", "DayStart", "MinutesBetweenStops", "StartDate", "From"};
    return names[static_cast<std::size_t>(setting)];
}

crm::read_options column_overrides(const job_options& options, const crm::table& cells, const std::string& sheet,
                                   language lang) {
    crm::read_options read;
    const auto values = options.named_values("Columns");
    if (values.empty()) return read;
    const std::size_t header_row = crm::detect_columns(cells, crm::sheet_kind::customers).header_row;
    const std::size_t width = crm::header_texts(cells, header_row).size();
    for (const auto& [role_text, value] : values) {
        const auto role = crm::role_from_name(role_text);
        if (!role || std::find(crm::mappable_roles.begin(), crm::mappable_roles.end(), *role) == crm::mappable_roles.end()) {
            std::string roles;
            for (const auto r : crm::mappable_roles) roles += (roles.empty() ? "" : ", ") + std::string(crm::role_name(r));
            throw refusal(text::error_column_role, lang, fmt::arg("role", role_text.substr(0, 64)), fmt::arg("roles", roles));
        }
        double index;
        ::rtl::OUString header;
        if (!value.hasValue()) {
            read.absent.push_back(*role);
        } else if (value >>= index) {
            if (index == -1) {
                read.absent.push_back(*role);
                continue;
            }
            if (!(index >= 0 && index < static_cast<double>(width) && index == std::floor(index)))
                throw refusal(text::error_column_index, lang, fmt::arg("index", fmt::format("{:g}", index)),
                          fmt::arg("role", role_text), fmt::arg("sheet", sheet.substr(0, 64)),
                          fmt::arg("last", width == 0 ? 0 : width - 1));
            read.columns[*role] = static_cast<std::size_t>(index);
        } else if (value >>= header) {
            const std::string text = to_utf8(header);
            if (text.find_first_not_of(" \t") == std::string::npos) {
                read.absent.push_back(*role);
                continue;
            }
            const auto column = crm::column_headed(cells, header_row, text);
            if (!column)
                throw refusal(text::error_column_header, lang, fmt::arg("header", text.substr(0, 64)), fmt::arg("role", role_text),
                          fmt::arg("sheet", sheet.substr(0, 64)));
            read.columns[*role] = *column;
        } else {
            throw refusal(text::error_column_value, lang, fmt::arg("role", role_text));
        }
    }
    return read;
}

namespace {

customer_sheet find_customer_rows(const css::uno::Reference<css::sheet::XSpreadsheetDocument>& document,
                                  const job_options& options, language lang, const column_needs& wanted) {
    if (auto name = options.text("CustomerSheet")) {
        const auto sheet = sheet_named(document, *name);
        if (!sheet.is()) throw refusal(text::error_no_sheet_named, lang, fmt::arg("sheet", crm::bounded_text(*name, 64)));
        crm::table cells = read_used_area(sheet, wanted);
        const bool orders = crm::is_order_log(cells);
        auto read = orders ? crm::customers_from_orders(cells)
                           : crm::read_customers(cells, column_overrides(options, cells, *name, lang));
        if (read.customers.empty())
            throw refusal(text::error_sheet_without_customers, lang, fmt::arg("sheet", crm::bounded_text(*name, 64)));
        return {*name, std::move(cells), std::move(read), orders};
    }
    std::optional<customer_sheet> order_log;
    std::optional<crm::error> bad_columns;  // the Columns option may fit only the customer sheet
    for (const auto& name : sheet_names(document)) {
        crm::table cells = read_used_area(sheet_named(document, name), wanted);
        if (crm::is_order_log(cells)) {
            if (!order_log) order_log = customer_sheet{name, std::move(cells), {}, true};
            continue;
        }
        crm::read_options overrides;
        try {
            overrides = column_overrides(options, cells, name, lang);
        } catch (const crm::error& e) {
            if (!bad_columns) bad_columns = e;
            continue;
        }
        auto read = crm::read_customers(cells, overrides);
        if (read.mapping.columns.count(crm::column_role::sales) && !read.customers.empty())
            return {name, std::move(cells), std::move(read)};
    }
    if (bad_columns) throw *bad_columns;
    if (order_log) {
        order_log->read = crm::customers_from_orders(order_log->cells);
        if (!order_log->read.customers.empty()) return std::move(*order_log);
    }
    throw refusal(text::error_no_customer_sheet, lang);
}

}  // namespace

customer_sheet find_customers(const css::uno::Reference<css::sheet::XSpreadsheetDocument>& document,
                              const job_options& options, language lang, cells_read scope) {
    column_needs wanted;
    // With the Columns option any column may be named: every column is read.
    if (scope == cells_read::named_columns && options.named_values("Columns").empty()) wanted = crm::columns_to_read;
    customer_sheet found = find_customer_rows(document, options, lang, wanted);
    crm::place_customers(found.read);  // towns and postal codes without coordinates, from the offline gazetteer
    return found;
}

css::beans::PropertyValue property(const char* name, const Any& value) {
    css::beans::PropertyValue p;
    p.Name = ::rtl::OUString::createFromAscii(name);
    p.Value = value;
    return p;
}

css::uno::Sequence<::rtl::OUString> strings_of(const std::vector<std::string>& texts) {
    css::uno::Sequence<::rtl::OUString> result(static_cast<sal_Int32>(texts.size()));
    for (std::size_t i = 0; i < texts.size(); ++i) result.getArray()[i] = to_ou(texts[i]);
    return result;
}

namespace {

/// What kind of problem, in the office language (the core's describe() is the English of crm-cli).
const char* const (&problem_kind_texts(crm::problem_kind kind))[4] {
    using k = crm::problem_kind;
    switch (kind) {
    case k::empty_sheet: return text::problem_empty_sheet;
    case k::no_data_rows: return text::problem_no_data_rows;
    case k::no_sales_column: return text::problem_no_sales_column;
    case k::no_customer_id_column: return text::problem_no_customer_id_column;
    case k::no_date_column: return text::problem_no_date_column;
    case k::no_amount_column: return text::problem_no_amount_column;
    case k::unreadable_number: return text::problem_unreadable_number;
    case k::unreadable_date: return text::problem_unreadable_date;
    case k::error_cell: return text::problem_error_cell;
    case k::missing_id: return text::problem_missing_id;
    case k::missing_sales: return text::problem_missing_sales;
    case k::duplicate_id: return text::problem_duplicate_id;
    case k::negative_sales: return text::problem_negative_sales;
    case k::missing_coordinates: return text::problem_missing_coordinates;
    case k::invalid_coordinates: return text::problem_invalid_coordinates;
    case k::missing_date: return text::problem_missing_date;
    case k::missing_amount: return text::problem_missing_amount;
    case k::date_after_as_of: return text::problem_date_after_as_of;
    case k::total_row: return text::problem_total_row;
    case k::date_in_other_order: return text::problem_date_in_other_order;
    case k::returns_netted: return text::problem_returns_netted;
    case k::unreadable_visit_days: return text::problem_unreadable_visit_days;
    case k::unreadable_opening_hours: return text::problem_unreadable_opening_hours;
    case k::place_unknown: return text::problem_place_unknown;
    case k::place_ambiguous: return text::problem_place_ambiguous;
    }
    return text::problem_error_cell;  // not reached: every kind is listed above
}

}  // namespace

std::vector<std::string> schedule_patterns() {
    std::vector<std::string> patterns;
    for (const auto* texts : {&text::sheet_visits, &text::sheet_visits_quarter, &text::sheet_visits_month})
        for (const char* pattern : *texts) patterns.emplace_back(pattern);
    return patterns;
}

std::vector<std::string> problem_texts(const std::vector<crm::problem>& problems, language lang) {
    // Up to 20 rows of each kind, then how many more: a real log's hundred thousand rows without a customer id
    // are one line, not a list nobody reads.
    const crm::problem_list limited = crm::limit_problems(problems, 20);
    std::vector<std::string> texts;
    texts.reserve(limited.listed.size() + limited.more.size());
    for (const auto& p : limited.listed) {
        if (p.kind == crm::problem_kind::returns_netted) {  // a count for the whole log, not a row
            texts.push_back(fmt::format(fmt::runtime(localized(text::problem_returns_netted, lang)), fmt::arg("count", p.detail)));
            continue;
        }
        std::string reason = localized(problem_kind_texts(p.kind), lang);
        if (!p.detail.empty()) reason += " — " + crm::bounded_text(p.detail);  // cell text: length-bounded
        if (p.first_row > 0)
            reason += " " + fmt::format(fmt::runtime(localized(text::problem_first_at_row, lang)), fmt::arg("row", p.first_row));
        texts.push_back(fmt::format(fmt::runtime(localized(text::problem_row, lang)), fmt::arg("row", p.row),
                                    fmt::arg("reason", reason)));
    }
    for (const auto& [kind, count] : limited.more)
        texts.push_back(fmt::format(fmt::runtime(localized(text::problem_more_rows, lang)), fmt::arg("count", count),
                                    fmt::arg("reason", localized(problem_kind_texts(kind), lang))));
    return texts;
}

}  // namespace crm_uno
