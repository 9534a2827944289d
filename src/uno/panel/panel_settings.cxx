// Keeping the panel's options in the document: one user-defined property with "name=value" lines.
#include "panel/panel_settings.hxx"

#include <com/sun/star/beans/PropertyAttribute.hpp>
#include <com/sun/star/beans/XPropertyContainer.hpp>
#include <com/sun/star/beans/XPropertySet.hpp>
#include <com/sun/star/document/XDocumentProperties.hpp>
#include <com/sun/star/document/XDocumentPropertiesSupplier.hpp>

#include "shared/text.hxx"

namespace crm_uno {

using css::uno::Reference;
using css::uno::UNO_QUERY;

namespace {

std::string escaped(const std::string& text) {
    std::string out;
    for (char c : text) {
        if (c == '\\') out += "\\\\";
        else if (c == '\n') out += "\\n";
        else if (c == '\r') out += "\\r";
        else out += c;
    }
    return out;
}

std::string unescaped(const std::string& text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '\\' || i + 1 == text.size()) {
            out += text[i];
            continue;
        }
        const char next = text[++i];
        out += next == 'n' ? '\n' : next == 'r' ? '\r' : next;
    }
    return out;
}

const ::rtl::OUString& property_name() {
    static const ::rtl::OUString name = ::rtl::OUString::createFromAscii(kPanelSettingsProperty);
    return name;
}

Reference<css::beans::XPropertyContainer> user_properties(const Reference<css::frame::XModel>& document) {
    const Reference<css::document::XDocumentPropertiesSupplier> supplier(document, UNO_QUERY);
    if (!supplier.is()) return nullptr;
    const auto properties = supplier->getDocumentProperties();
    return properties.is() ? properties->getUserDefinedProperties() : nullptr;
}

}  // namespace

std::string settings_text(const panel_settings& settings) {
    std::string text;
    for (const auto& [name, value] : settings) text += escaped(name) + "=" + escaped(value) + "\n";
    return text;
}

panel_settings settings_from_text(const std::string& text) {
    panel_settings settings;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        const std::string line = text.substr(start, end - start);
        start = end + 1;
        const std::size_t equals = line.find('=');
        if (equals == std::string::npos || equals == 0) continue;
        settings[unescaped(line.substr(0, equals))] = unescaped(line.substr(equals + 1));
    }
    return settings;
}

panel_settings load_panel_settings(const Reference<css::frame::XModel>& document) {
    const Reference<css::beans::XPropertySet> properties(user_properties(document), UNO_QUERY);
    if (!properties.is() || !properties->getPropertySetInfo()->hasPropertyByName(property_name())) return {};
    ::rtl::OUString text;
    properties->getPropertyValue(property_name()) >>= text;
    return settings_from_text(to_utf8(text));
}

void save_panel_settings(const Reference<css::frame::XModel>& document, const panel_settings& settings) {
    const auto container = user_properties(document);
    const Reference<css::beans::XPropertySet> properties(container, UNO_QUERY);
    if (!properties.is()) return;
    const css::uno::Any value(to_ou(settings_text(settings)));
    if (properties->getPropertySetInfo()->hasPropertyByName(property_name())) {
        ::rtl::OUString old;
        properties->getPropertyValue(property_name()) >>= old;
        if (to_utf8(old) != settings_text(settings)) properties->setPropertyValue(property_name(), value);
    } else {
        container->addProperty(property_name(), css::beans::PropertyAttribute::REMOVABLE, value);
    }
}

}  // namespace crm_uno
