// Shared pieces of the jobs: tiering options, the customer sheet, result properties and problem texts.
#include "job_common.hxx"

#include <fmt/format.h>

#include "addin_strings.hxx"
#include "arguments.hxx"
#include "sheet_io.hxx"

namespace crm_uno {

using css::uno::Any;

const std::vector<std::string> kTieringOptions{"CustomerSheet", "TransactionSheet", "Method", "AShare", "BShare"};

tiering_choice tiering_of(const job_options& options) {
    return crm::make_tiering_choice(options.text("Method").value_or("pareto"), options.number("AShare"),
                                    options.number("BShare"));
}

customer_sheet find_customers(const css::uno::Reference<css::sheet::XSpreadsheetDocument>& document,
                              const job_options& options) {
    if (auto name = options.text("CustomerSheet")) {
        const auto sheet = sheet_named(document, *name);
        if (!sheet.is()) throw crm::illegal_argument("there is no sheet named '" + name->substr(0, 64) + "'");
        crm::table cells = read_used_area(sheet);
        auto read = crm::read_customers(cells);
        if (read.customers.empty())
            throw crm::illegal_argument("the sheet '" + name->substr(0, 64) + "' has no customer row with sales");
        return {*name, std::move(cells), std::move(read)};
    }
    for (const auto& name : sheet_names(document)) {
        crm::table cells = read_used_area(sheet_named(document, name));
        auto read = crm::read_customers(cells);
        if (read.mapping.columns.count(crm::column_role::sales) && !read.customers.empty())
            return {name, std::move(cells), std::move(read)};
    }
    throw crm::illegal_argument("no sheet with customers and a sales column was found: name it with the option CustomerSheet");
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

std::vector<std::string> problem_texts(const std::vector<crm::problem>& problems, language lang) {
    std::vector<std::string> texts;
    texts.reserve(problems.size());
    for (const auto& p : problems)
        texts.push_back(fmt::format(fmt::runtime(localized(text::problem_row, lang)), fmt::arg("row", p.row),
                                    fmt::arg("reason", crm::describe(p))));
    return texts;
}

}  // namespace crm_uno
