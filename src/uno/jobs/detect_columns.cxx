// detectColumns: what the jobs would read (sheets, header row, each role's column), for the panel to show and change.
#include <com/sun/star/sheet/XSpreadsheetDocument.hpp>

#include "addin_strings.hxx"
#include "shared/text.hxx"
#include "crm/columns.hpp"
#include "crm/customers.hpp"
#include "crm/text_values.hpp"
#include "crm/transactions.hpp"
#include "jobs/customer_jobs.hxx"
#include "jobs/job_common.hxx"
#include "shared/options.hxx"
#include "shared/sheet_io.hxx"

namespace crm_uno {

using css::uno::Any;
using css::uno::Reference;
using css::uno::Sequence;

namespace {

const std::vector<std::string> kDetectOptions{"CustomerSheet", "TransactionSheet", "Columns"};

Sequence<css::beans::PropertyValue> properties_of(const std::vector<std::pair<std::string, Any>>& values) {
    Sequence<css::beans::PropertyValue> result(static_cast<sal_Int32>(values.size()));
    for (std::size_t i = 0; i < values.size(); ++i) result.getArray()[i] = property(values[i].first.c_str(), values[i].second);
    return result;
}

}  // namespace

// XCustomerJobs
Sequence<css::beans::PropertyValue> SAL_CALL CustomerJobs::detectColumns(const Reference<css::frame::XModel>& document,
                                                                         const Sequence<css::beans::PropertyValue>& options) {
    return job_guarded("detectColumns", context_, [&](language lang) {
        const Reference<css::sheet::XSpreadsheetDocument> doc(document, css::uno::UNO_QUERY);
        if (!doc.is()) throw refusal(text::error_not_spreadsheet, lang);
        const job_options opts(options, kDetectOptions, lang);
        const std::vector<std::string> sheets = sheet_names(doc);

        // The customer sheet: as the jobs find it; without one, the first sheet, whose columns the user may then set.
        std::string name;
        crm::table cells;
        crm::customer_read read;
        std::vector<std::string> problems;
        bool has_customers = true;  // the sheet reads as a customer sheet with sales
        try {
            auto found = find_customers(doc, opts, lang);
            name = std::move(found.name);
            cells = std::move(found.cells);
            read = std::move(found.read);
        } catch (const crm::error& e) {
            if (opts.text("CustomerSheet")) {
                // A named sheet with no customer row yet: still show its columns (a bad Columns value still fails).
                name = *opts.text("CustomerSheet");
                const auto sheet = sheet_named(doc, name);
                if (!sheet.is()) throw;
                cells = read_used_area(sheet);
                read = crm::read_customers(cells, column_overrides(opts, cells, name, lang));
            } else if (!sheets.empty()) {
                name = sheets.front();
                cells = read_used_area(sheet_named(doc, name));
                read = crm::read_customers(cells);
            }
            problems.push_back(e.what());
            has_customers = false;
        }
        for (const auto& p : problem_texts(read.problems, lang)) problems.push_back(p);

        const std::size_t header_row = read.mapping.header_row;
        const std::vector<std::string> headers =
            crm::detail::is_empty_table(cells) ? std::vector<std::string>{} : crm::header_texts(cells, header_row);
        std::vector<std::pair<std::string, Any>> columns, column_headers;
        std::vector<std::string> roles;
        for (const auto role : crm::mappable_roles) {
            const std::string role_text(crm::role_name(role));
            roles.push_back(role_text);
            const auto found = read.mapping.columns.find(role);
            if (found == read.mapping.columns.end()) continue;
            columns.emplace_back(role_text, Any(static_cast<sal_Int32>(found->second)));
            column_headers.emplace_back(role_text, Any(to_ou(found->second < headers.size() ? headers[found->second] : "")));
        }

        // The transactions sheet: the named one, else the first other sheet that reads as one.
        std::string transactions;
        std::vector<std::pair<std::string, Any>> transaction_columns;
        auto use_transactions = [&](const std::string& sheet_name, const crm::table& t) {
            transactions = sheet_name;
            const auto mapping = crm::detect_columns(t, crm::sheet_kind::transactions);
            for (const auto role : {crm::column_role::customer_id, crm::column_role::date, crm::column_role::amount,
                                    crm::column_role::cost, crm::column_role::product, crm::column_role::quantity}) {
                const auto found = mapping.columns.find(role);
                if (found != mapping.columns.end())
                    transaction_columns.emplace_back(std::string(crm::role_name(role)), Any(static_cast<sal_Int32>(found->second)));
            }
        };
        const auto named = opts.text("TransactionSheet");  // "" says: no transactions sheet
        if (named && !named->empty()) {
            const auto sheet = sheet_named(doc, *named);
            if (!sheet.is()) throw refusal(text::error_no_sheet_named, lang, fmt::arg("sheet", crm::bounded_text(*named, 64)));
            use_transactions(*named, read_used_area(sheet));
        } else if (!named) {
            for (const auto& other : sheets) {
                if (other == name) continue;
                const crm::table t = read_used_area(sheet_named(doc, other));
                if (crm::is_transactions_sheet(t)) {
                    use_transactions(other, t);
                    break;
                }
            }
        }

        return properties_of({{"CustomerSheet", Any(to_ou(name))},
                              {"TransactionSheet", Any(to_ou(transactions))},
                              {"Sheets", Any(strings_of(sheets))},
                              {"HeaderRow", Any(static_cast<sal_Int32>(header_row))},
                              {"Headers", Any(strings_of(headers))},
                              {"Roles", Any(strings_of(roles))},
                              {"Columns", Any(properties_of(columns))},
                              {"ColumnHeaders", Any(properties_of(column_headers))},
                              {"TransactionColumns", Any(properties_of(transaction_columns))},
                              {"HasCustomers", Any(has_customers)},
                              {"Problems", Any(strings_of(problems))}});
    });
}

}  // namespace crm_uno
