// Argument conversion and the adapters of the tiering functions: sheet values in, core call, cell value out.
#include "crm_functions.hxx"

#include <cmath>
#include <memory>
#include <optional>
#include <string_view>
#include <variant>
#include <vector>

#include <fmt/format.h>

#include "addin_strings.hxx"
#include "crm/column_cache.hpp"
#include "crm/tiering.hpp"
#include "documents.hxx"

namespace crm_uno {

using css::uno::Any;
using css::uno::Sequence;
using ::rtl::OUString;

namespace {

constexpr const char* kServiceName = "org.calccrm.Functions";
constexpr const char* kImplementationName = "org.calccrm.FunctionsImpl";

using cell_rows = Sequence<Sequence<Any>>;

std::string to_utf8(const OUString& text) {
    const ::rtl::OString bytes = ::rtl::OUStringToOString(text, RTL_TEXTENCODING_UTF8);
    return std::string(bytes.getStr(), static_cast<std::size_t>(bytes.getLength()));
}

/// A number cell as the core sees it; blanks and text are not numbers (spec: "General rules").
std::optional<double> number_of(const Any& cell) {
    switch (cell.getValueTypeClass()) {
        case css::uno::TypeClass_DOUBLE: return *static_cast<const double*>(cell.getValue());
        case css::uno::TypeClass_BOOLEAN: return *static_cast<const sal_Bool*>(cell.getValue()) ? 1.0 : 0.0;
        default: {
            double value;
            if (cell.getValueTypeClass() != css::uno::TypeClass_STRING && (cell >>= value)) return value;
            return std::nullopt;
        }
    }
}

/// The token of a CRM_COLUMN handle held by a cell, if the cell holds one.
std::optional<std::uint64_t> handle_token(const Any& cell) {
    if (cell.getValueTypeClass() != css::uno::TypeClass_STRING) return std::nullopt;
    const OUString& text = *static_cast<const OUString*>(cell.getValue());
    return crm::parse_handle_token(std::u16string_view(reinterpret_cast<const char16_t*>(text.getStr()),
                                                        static_cast<std::size_t>(text.getLength())));
}

/// A 1×1 range or a scalar: the single cell, else nullptr.
const Any* single_cell(const Any& argument) {
    if (argument.getValueTypeClass() != css::uno::TypeClass_SEQUENCE) return &argument;
    const auto* rows = static_cast<const cell_rows*>(argument.getValue());
    if (argument.getValueType() != cppu::UnoType<cell_rows>::get()) return nullptr;
    if (rows->getLength() == 1 && (*rows)[0].getLength() == 1) return &(*rows)[0][0];
    return nullptr;
}

/// Every cell of a range argument (or an inline array, or a scalar), row by row.
std::vector<std::optional<double>> cells_of(const Any& argument, std::size_t* columns = nullptr) {
    if (columns) *columns = 1;
    if (!argument.hasValue()) throw crm::illegal_argument("a required range is missing");
    if (argument.getValueType() == cppu::UnoType<cell_rows>::get()) {
        const auto& rows = *static_cast<const cell_rows*>(argument.getValue());
        std::vector<std::optional<double>> cells;
        const sal_Int32 width = rows.getLength() > 0 ? rows[0].getLength() : 0;
        if (columns) *columns = static_cast<std::size_t>(width);
        cells.reserve(static_cast<std::size_t>(rows.getLength()) * static_cast<std::size_t>(width));
        for (const auto& row : rows) {
            if (row.getLength() != width) throw crm::illegal_argument("the range is not rectangular");
            for (const auto& cell : row) cells.push_back(number_of(cell));
        }
        return cells;
    }
    if (argument.getValueTypeClass() == css::uno::TypeClass_SEQUENCE)
        throw crm::illegal_argument("the range holds values of an unexpected type");
    return {number_of(argument)};
}

std::vector<double> numbers_of(const std::vector<std::optional<double>>& cells) {
    std::vector<double> numbers;
    numbers.reserve(cells.size());
    for (const auto& cell : cells)
        if (cell) numbers.push_back(*cell);
    return numbers;
}

/// A "values" argument: either the cached copy named by a handle cell, or the numbers of the range.
struct values_argument {
    std::shared_ptr<const crm::column_set> handle;
    std::vector<double> numbers;
};

values_argument resolve_values(const call_context& call, const Any& argument) {
    if (const Any* cell = single_cell(argument)) {
        if (const auto token = handle_token(*cell)) {
            auto found = handle_cache().find(call.document, *token);
            // Spec "Column handles": a handle whose copy is gone never answers
            // from another column or document; it is an illegal argument.
            if (!found)
                throw crm::illegal_argument(
                    "this CRM_COLUMN handle is no longer available (recalculate its cell, e.g. Ctrl+Shift+F9)");
            return {std::move(found), {}};
        }
    }
    return {nullptr, numbers_of(cells_of(argument))};
}

OUString tier_text(crm::tier t) {
    const sal_Unicode letter = static_cast<sal_Unicode>(crm::tier_letter(t));
    return OUString(&letter, 1);
}

std::string localized(const char* const (&texts)[4], language lang) {
    return texts[lang >= 0 && lang < 4 ? lang : 0];
}

}  // namespace

OUString to_ou(const std::string& text) {
    return ::rtl::OStringToOUString(::rtl::OString(text.data(), static_cast<sal_Int32>(text.size())),
                                    RTL_TEXTENCODING_UTF8);
}

language language_of(const css::lang::Locale& locale) {
    const std::string lang = to_utf8(locale.Language);
    if (lang == "fr") return 1;
    if (lang == "zh") {
        const std::string country = to_utf8(locale.Country);
        const std::string variant = to_utf8(locale.Variant);
        const bool traditional = country == "TW" || country == "HK" || country == "MO" ||
                                 variant.find("Hant") != std::string::npos;
        return traditional ? 3 : 2;
    }
    return 0;
}

double optional_number(const Any& argument, double fallback, const char* name) {
    if (!argument.hasValue()) return fallback;  // omitted
    const Any* cell = single_cell(argument);
    if (!cell) throw crm::illegal_argument(std::string(name) + " must be a single number");
    if (!cell->hasValue()) return 0.0;  // a blank cell counts as 0, as in Calc's own functions
    const auto number = number_of(*cell);
    if (!number) throw crm::illegal_argument(std::string(name) + " must be a number");
    return *number;
}

CrmFunctions::CrmFunctions(const css::uno::Reference<css::uno::XComponentContext>&) {}

call_context CrmFunctions::context_of(const css::uno::Reference<css::beans::XPropertySet>& document) const {
    return {document_id(document), lang_};
}

// XCrmDiagnostics
sal_Int32 SAL_CALL CrmFunctions::cachedColumns() { return static_cast<sal_Int32>(handle_cache().entries()); }
sal_Int64 SAL_CALL CrmFunctions::cachedColumnBytes() { return static_cast<sal_Int64>(handle_cache().bytes()); }

// XServiceName
OUString SAL_CALL CrmFunctions::getServiceName() { return OUString::createFromAscii(kServiceName); }

// XServiceInfo
OUString SAL_CALL CrmFunctions::getImplementationName() { return OUString::createFromAscii(kImplementationName); }
sal_Bool SAL_CALL CrmFunctions::supportsService(const OUString& name) {
    return name.equalsAscii(kServiceName);
}
Sequence<OUString> SAL_CALL CrmFunctions::getSupportedServiceNames() {
    const OUString name = OUString::createFromAscii(kServiceName);
    return Sequence<OUString>(&name, 1);
}

// XLocalizable
void SAL_CALL CrmFunctions::setLocale(const css::lang::Locale& locale) {
    locale_ = locale;
    lang_ = language_of(locale);
}
css::lang::Locale SAL_CALL CrmFunctions::getLocale() { return locale_; }

namespace impl {

// Spec "Column handles": read the range once, rank each column, name the copy.
OUString column(const call_context& call, const Any& range) {
    std::size_t width = 1;
    const auto cells = cells_of(range, &width);
    std::vector<std::vector<double>> columns(std::max<std::size_t>(width, 1));
    for (std::size_t i = 0; i < cells.size(); ++i)
        if (cells[i]) columns[i % columns.size()].push_back(*cells[i]);
    auto set = crm::make_column_set(std::move(columns));
    const std::size_t count = set->all.size();
    const std::uint64_t token = handle_cache().put(call.document, std::move(set));
    return to_ou(fmt::format(fmt::runtime(localized(text::column_handle, call.lang)), fmt::arg("count", count),
                             fmt::arg("token", crm::format_handle_token(token))));
}

OUString tier(const call_context& call, double value, const Any& values, double a_share, double b_share) {
    const crm::pareto_shares shares{a_share, b_share};
    const auto resolved = resolve_values(call, values);
    return tier_text(resolved.handle ? crm::pareto_tier(value, resolved.handle->all, shares)
                                     : crm::pareto_tier(value, resolved.numbers, shares));
}

Sequence<Sequence<Any>> tiers(const call_context&, const Any& values, double a_share, double b_share) {
    if (const Any* cell = single_cell(values); cell && handle_token(*cell))
        throw crm::illegal_argument("CRM_TIERS needs the range itself, not a CRM_COLUMN handle");
    std::size_t width = 1;
    const auto cells = cells_of(values, &width);
    const auto tiers = crm::pareto_tiers(cells, {a_share, b_share});
    const std::size_t height = width == 0 ? 0 : cells.size() / width;
    Sequence<Sequence<Any>> result(static_cast<sal_Int32>(height));
    auto* rows = result.getArray();
    for (std::size_t r = 0; r < height; ++r) {
        rows[r].realloc(static_cast<sal_Int32>(width));
        auto* out = rows[r].getArray();
        for (std::size_t c = 0; c < width; ++c) {
            const auto& t = tiers[r * width + c];
            out[c] <<= t ? tier_text(*t) : OUString();
        }
    }
    return result;
}

OUString tier_count(const call_context& call, double value, const Any& values, double a_top, double b_top) {
    const crm::count_shares shares{a_top, b_top};
    const auto resolved = resolve_values(call, values);
    return tier_text(resolved.handle ? crm::count_tier(value, resolved.handle->all, shares)
                                     : crm::count_tier(value, resolved.numbers, shares));
}

OUString tier_growth(double growth_last, double growth_prev, double loyalty, double a_growth, double b_growth,
                     double min_loyalty) {
    return tier_text(crm::growth_tier(growth_last, growth_prev, loyalty, {a_growth, b_growth, min_loyalty}));
}

double pareto_share(const call_context& call, double value, const Any& values) {
    const auto resolved = resolve_values(call, values);
    return resolved.handle ? crm::pareto_share(value, resolved.handle->all)
                           : crm::pareto_share(value, resolved.numbers);
}

double growth(double current, double previous) { return crm::growth(current, previous); }

double cagr(double first, double last, double periods) { return crm::cagr(first, last, periods); }

}  // namespace impl
}  // namespace crm_uno
