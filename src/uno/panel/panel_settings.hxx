// The panel's last options, kept in the document (a user-defined property) so that a template remembers them.
#pragma once

#include <map>
#include <string>

#include <com/sun/star/frame/XModel.hpp>

namespace crm_uno {

/// Option name → text as the panel shows it (sheet names, method, thresholds, column choices, …).
using panel_settings = std::map<std::string, std::string>;

/// The document property that holds the panel's settings.
inline constexpr const char* kPanelSettingsProperty = "CalcCrmPanelOptions";

/// Settings as one text, a "name=value" line each (newlines and backslashes escaped).
std::string settings_text(const panel_settings& settings);

/// The settings a text of settings_text holds; malformed lines are skipped.
panel_settings settings_from_text(const std::string& text);

/// The settings saved in the document; empty when it holds none or cannot hold any.
panel_settings load_panel_settings(const css::uno::Reference<css::frame::XModel>& document);

/// Saves the settings in the document's user-defined properties (File ▸ Properties ▸ Custom Properties).
void save_panel_settings(const css::uno::Reference<css::frame::XModel>& document, const panel_settings& settings);

}  // namespace crm_uno
