// Text and language for every front end of the extension (add-in, jobs, panel): the office UI language, UTF-8
// and UNO strings, the localized texts of the one strings table, and the mapping of core errors to UNO ones.
#pragma once

#include <exception>
#include <string>

#include <com/sun/star/lang/IllegalArgumentException.hpp>
#include <com/sun/star/lang/Locale.hpp>
#include <com/sun/star/sheet/NoConvergenceException.hpp>
#include <com/sun/star/uno/RuntimeException.hpp>
#include <com/sun/star/uno/XComponentContext.hpp>
#include <rtl/ustring.hxx>

#include "crm/error.hpp"
#include "crm/wording.hpp"

namespace crm_uno {

/// Index into the localized texts: 0 en-US, 1 fr, 2 zh-CN, 3 zh-TW (the order of the table's languages).
using language = int;

/// The table's language index for an office locale (English when not translated).
language language_of(const css::lang::Locale& locale);

/// The office UI language (configuration /org.openoffice.Setup/L10N/ooLocale); English when unreadable.
language office_language(const css::uno::Reference<css::uno::XComponentContext>& context);

/// UTF-8 to a UNO string.
::rtl::OUString to_ou(const std::string& text);

/// A UNO string as UTF-8.
std::string to_utf8(const ::rtl::OUString& text);

/// The text of `texts` (one per table language, from addin_strings.hxx) in `lang`.
std::string localized(const char* const (&texts)[4], language lang);

/// The strings table in `lang`, as the core's sentences look their texts up (crm::worded).
crm::text_lookup texts_in(language lang);

/// Runs a body and turns every failure into the exception the office maps: crm::illegal_argument ->
/// IllegalArgumentException (Err:502 in a cell), crm::no_convergence -> NoConvergenceException (Err:523),
/// anything else -> RuntimeException (#VALUE!). Nothing else may escape into the office.
template <class Body>
auto guarded(const char* function, Body&& body) -> decltype(body()) {
    try {
        return body();
    } catch (const crm::error& e) {
        const ::rtl::OUString message = to_ou(std::string(function) + ": " + e.what());
        if (e.kind() == crm::error_kind::no_convergence)
            throw css::sheet::NoConvergenceException(message, nullptr);
        throw css::lang::IllegalArgumentException(message, nullptr, 0);
    } catch (const css::uno::Exception&) {
        throw;
    } catch (const std::exception& e) {
        throw css::uno::RuntimeException(to_ou(std::string(function) + ": " + e.what()), nullptr);
    } catch (...) {
        throw css::uno::RuntimeException(to_ou(std::string(function) + ": unexpected failure"), nullptr);
    }
}

}  // namespace crm_uno
