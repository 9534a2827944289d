// "Orders from a database…" of the Customers panel: a small modal dialog, built at run time, to pick a data
// source registered in LibreOffice and one of its tables or queries (spec wizard.md "Orders from a database").
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <com/sun/star/awt/XWindowPeer.hpp>
#include <com/sun/star/uno/XComponentContext.hpp>

#include "shared/text.hxx"

namespace crm_uno {

/// What the user picked: analyze's TransactionSource (DataSourceName, Command, CommandType).
struct database_choice {
    std::string source;   ///< a name of css.sdb.DatabaseContext
    std::string command;  ///< a table or a query of it
    bool query = false;   ///< CommandType "query" (else "table")
};

/// The names of the data sources registered in LibreOffice (css.sdb.DatabaseContext), as it lists them.
std::vector<std::string> registered_data_sources(const css::uno::Reference<css::uno::XComponentContext>& context);

/// Shows the dialog over `parent` with `sources` (not empty), `remembered` preselected when still there; nullopt
/// when cancelled. A source that cannot be read (connection refused) is said in the dialog, worded as the job
/// words it, and its words are left in `problem` for the panel.
std::optional<database_choice> choose_database_orders(const css::uno::Reference<css::uno::XComponentContext>& context,
                                                      const css::uno::Reference<css::awt::XWindowPeer>& parent,
                                                      const std::vector<std::string>& sources,
                                                      const std::optional<database_choice>& remembered, language lang,
                                                      std::string& problem);

}  // namespace crm_uno
