// Argument conversion and the adapters of the tiering functions: sheet values in, core call, cell value out.
#include "addin/functions.hxx"

#include <cmath>
#include <memory>
#include <optional>
#include <string_view>
#include <variant>
#include <vector>

#include <fmt/format.h>

#include "addin_strings.hxx"
#include "addin/arguments.hxx"
#include "crm/column_cache.hpp"
#include "crm/tiering.hpp"
#include "addin/documents.hxx"

namespace crm_uno {

using css::uno::Any;
using css::uno::Sequence;
using ::rtl::OUString;

namespace {

constexpr const char* kServiceName = "org.calccrm.Functions";
constexpr const char* kImplementationName = "org.calccrm.FunctionsImpl";
// Up to this many cells CRM_TIERS returns exactly the shape of its range (Calc's conversion of the
// result stays under a second); above it, trailing rows without a number are left off.
constexpr std::size_t kTiersFullShapeCells = 100000;

OUString tier_text(crm::tier t) {
    const sal_Unicode letter = static_cast<sal_Unicode>(crm::tier_letter(t));
    return OUString(&letter, 1);
}

}  // namespace

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
    auto set = crm::make_column_set(columns_of(range));
    const std::size_t count = set->count();
    const std::uint64_t token = handle_cache().put(call.document, std::move(set));
    return to_ou(fmt::format(fmt::runtime(localized(text::column_handle, call.lang)), fmt::arg("count", count),
                             fmt::arg("token", crm::format_handle_token(token))));
}

OUString tier(const call_context& call, double value, const Any& values, double a_share, double b_share) {
    const crm::pareto_shares shares{a_share, b_share};
    const auto resolved = resolve_values(call, values);
    return tier_text(resolved.handle ? crm::pareto_tier(value, resolved.handle->all(), shares)
                                     : crm::pareto_tier(value, resolved.numbers, shares));
}

Sequence<Sequence<Any>> tiers(const call_context&, const Any& values, double a_share, double b_share) {
    if (const Any* cell = single_cell(values); cell && handle_token(*cell))
        throw crm::illegal_argument("CRM_TIERS needs the range itself, not a CRM_COLUMN handle");
    std::size_t width = 1;
    const auto cells = cells_of(values, &width);
    const auto tiers = crm::pareto_tiers(cells, {a_share, b_share});
    std::size_t height = width == 0 ? 0 : cells.size() / width;
    // LibreOffice 7.4 turns a returned array into a matrix pre-filled with numbers and replaces each text
    // element one by one, moving the rest of the block each time: O(n^2) for n text cells (100 s for a
    // whole column). On a large range the trailing rows without a number (all "") are left off, so the
    // cost follows the data, not the range; an array formula area below them shows #N/A.
    if (cells.size() > kTiersFullShapeCells) {
        while (height > 1) {
            bool any_number = false;
            for (std::size_t c = 0; c < width && !any_number; ++c) any_number = tiers[(height - 1) * width + c].has_value();
            if (any_number) break;
            --height;
        }
    }
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
    return tier_text(resolved.handle ? crm::count_tier(value, resolved.handle->all(), shares)
                                     : crm::count_tier(value, resolved.numbers, shares));
}

OUString tier_growth(double growth_last, double growth_prev, double loyalty, double a_growth, double b_growth,
                     double min_loyalty) {
    return tier_text(crm::growth_tier(growth_last, growth_prev, loyalty, {a_growth, b_growth, min_loyalty}));
}

double pareto_share(const call_context& call, double value, const Any& values) {
    const auto resolved = resolve_values(call, values);
    return resolved.handle ? crm::pareto_share(value, resolved.handle->all())
                           : crm::pareto_share(value, resolved.numbers);
}

double growth(double current, double previous) { return crm::growth(current, previous); }

double cagr(double first, double last, double periods) { return crm::cagr(first, last, periods); }

}  // namespace impl
}  // namespace crm_uno
