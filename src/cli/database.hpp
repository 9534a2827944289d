// crm-cli's orders from a SQL database: PostgreSQL through libpq (postgresql://…), SQLite (sqlite:PATH).
// The statements come from the core (crm/order_sql.hpp); this file only connects, runs and writes.
#pragma once

#include <array>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "crm/customers.hpp"
#include "crm/order_reader.hpp"
#include "crm/order_sql.hpp"
#include "crm/transactions.hpp"

namespace crm_cli {

/// A connection: runs statements with bound text parameters, streams the rows, writes a table.
class database : public crm::sql_reader {
public:
    /// Runs a statement that returns no rows.
    virtual void execute(const std::string& sql) = 0;
    /// Appends rows of texts (nullopt: NULL) to an existing table, in one transaction.
    virtual void insert_rows(const std::string& quoted_table, std::size_t columns,
                             const std::vector<crm::sql_row>& rows) = 0;
};

/// Opens "postgresql://…" / "postgres://…" (libpq's URI, or a "host=… dbname=…" string after "postgresql:")
/// or "sqlite:PATH". The URL's password never appears in a message.
std::unique_ptr<database> open_database(std::string_view url);

/// The URL as it may be shown: any password replaced by "***".
std::string redacted_url(std::string_view url);

/// The customers of the orders at `source`, aggregated in the database by one statement; the histories too.
using crm::database_orders;
/// With `show_sql`, each statement and its parameters are printed on stderr before it runs.
database_orders read_database_orders(database& db, const crm::order_source& source, bool show_sql = false);

/// Stores one row per customer into table `name` (created, or emptied when an earlier run made it; any other
/// table of that name is refused): id, tier, recency days, frequency, monetary, the RFM scores, P(active) and
/// the expected purchases of the next 52 weeks of a BG/NBD fit on these customers, CLV (those purchases × the
/// mean order value, undiscounted) and the next visit's date after the last purchase.
void write_customer_table(database& db, std::string_view name, const database_orders& orders,
                          const std::vector<char>& tiers, const std::array<int, 3>& visits_per_year);

}  // namespace crm_cli
