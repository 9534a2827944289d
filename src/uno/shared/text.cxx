// Text and language helpers shared by the add-in, the jobs and the panel.
#include "shared/text.hxx"

#include <com/sun/star/beans/PropertyValue.hpp>
#include <com/sun/star/container/XNameAccess.hpp>
#include <com/sun/star/lang/XMultiServiceFactory.hpp>
#include <com/sun/star/uno/Sequence.hxx>

#include "addin_strings.hxx"

namespace crm_uno {

using css::uno::Reference;
using css::uno::UNO_QUERY_THROW;

::rtl::OUString to_ou(const std::string& text) {
    return ::rtl::OStringToOUString(::rtl::OString(text.data(), static_cast<sal_Int32>(text.size())),
                                    RTL_TEXTENCODING_UTF8);
}

std::string to_utf8(const ::rtl::OUString& text) {
    const ::rtl::OString bytes = ::rtl::OUStringToOString(text, RTL_TEXTENCODING_UTF8);
    return std::string(bytes.getStr(), static_cast<std::size_t>(bytes.getLength()));
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

language office_language(const Reference<css::uno::XComponentContext>& context) {
    try {
        const Reference<css::lang::XMultiServiceFactory> provider(
            context->getServiceManager()->createInstanceWithContext(
                "com.sun.star.configuration.ConfigurationProvider", context), UNO_QUERY_THROW);
        css::beans::PropertyValue path;
        path.Name = "nodepath";
        path.Value <<= ::rtl::OUString("/org.openoffice.Setup/L10N");
        css::uno::Sequence<css::uno::Any> arguments(1);
        arguments.getArray()[0] <<= path;
        const Reference<css::container::XNameAccess> node(
            provider->createInstanceWithArguments("com.sun.star.configuration.ConfigurationAccess", arguments),
            UNO_QUERY_THROW);
        ::rtl::OUString tag;
        node->getByName("ooLocale") >>= tag;
        const std::string lang = to_utf8(tag);
        css::lang::Locale locale;
        const auto dash = lang.find('-');
        locale.Language = to_ou(lang.substr(0, dash));
        if (dash != std::string::npos) locale.Country = to_ou(lang.substr(dash + 1));
        return language_of(locale);
    } catch (const css::uno::Exception&) {
        return 0;  // English when the configuration cannot be read
    }
}

std::string localized(const char* const (&texts)[4], language lang) { return texts[lang >= 0 && lang < 4 ? lang : 0]; }

crm::text_lookup texts_in(language lang) {
    return [lang](std::string_view key) -> std::string {
        const char* const* texts = text::text_by_key(key);
        if (!texts) throw crm::illegal_argument("internal: no text \"" + std::string(key) + "\" in the strings table");
        return texts[lang >= 0 && lang < 4 ? lang : 0];
    };
}

}  // namespace crm_uno
