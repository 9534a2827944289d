// analyze's option TransactionSource (spec wizard.md "Orders from a database"): the orders read through SDBC,
// aggregated in the database by the core's statement (crm/order_reader.hpp); one row per customer crosses.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include <com/sun/star/uno/Any.hxx>
#include <com/sun/star/uno/XComponentContext.hpp>

#include "crm/order_reader.hpp"
#include "shared/text.hxx"

namespace crm_uno {

/// The orders of TransactionSource (DataSourceName or DatabaseURL, Command, CommandType "table", "query" or
/// "sql", or css.sdb.CommandType's 0, 1, 2), with a name to show (the command, never the URL). Every failure,
/// the driver's included, is a crm::illegal_argument worded in `lang`.
struct source_orders {
    std::string name;
    crm::database_orders orders;
};
source_orders read_transaction_source(const css::uno::Reference<css::uno::XComponentContext>& context,
                                      const std::vector<std::pair<std::string, css::uno::Any>>& source, language lang);

}  // namespace crm_uno
