// SDBC as a crm::sql_reader: a registered data source (or an .odb file's URL) through css.sdb.DatabaseContext,
// or a database URL (sdbc:postgresql:…) through css.sdbc.DriverManager; the statements are the core's.
#include "jobs/database_orders.hxx"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <optional>

#include <com/sun/star/container/XNameAccess.hpp>
#include <com/sun/star/beans/XPropertySet.hpp>
#include <com/sun/star/sdb/CommandType.hpp>
#include <com/sun/star/sdb/DatabaseContext.hpp>
#include <com/sun/star/sdb/XQueriesSupplier.hpp>
#include <com/sun/star/sdbc/DriverManager.hpp>
#include <com/sun/star/sdbc/SQLException.hpp>
#include <com/sun/star/sdbc/XCloseable.hpp>
#include <com/sun/star/sdbc/XConnection.hpp>
#include <com/sun/star/sdbc/XDataSource.hpp>
#include <com/sun/star/sdbc/XDatabaseMetaData.hpp>
#include <com/sun/star/sdbc/XParameters.hpp>
#include <com/sun/star/sdbc/XPreparedStatement.hpp>
#include <com/sun/star/sdbc/XResultSet.hpp>
#include <com/sun/star/sdbc/XResultSetMetaData.hpp>
#include <com/sun/star/sdbc/XResultSetMetaDataSupplier.hpp>
#include <com/sun/star/sdbc/XRow.hpp>
#include <fmt/format.h>

#include "addin_strings.hxx"
#include "crm/text_values.hpp"
#include "shared/options.hxx"

namespace crm_uno {

using css::uno::Any;
using css::uno::Reference;
using css::uno::UNO_QUERY;
using css::uno::UNO_QUERY_THROW;

namespace {

// The driver's dialect, by its URL: Firebird (sdbc:embedded:firebird, an .odb's default, or sdbc:firebird:),
// SQLite through ODBC, else PostgreSQL's (standard SQL as PostgreSQL writes it, for any other driver).
crm::sql_dialect dialect_of(const std::string& url) {
    if (url.find("firebird") != std::string::npos) return crm::sql_dialect::firebird;
    return url.find("sqlite") != std::string::npos ? crm::sql_dialect::sqlite : crm::sql_dialect::postgresql;
}

// A parameter's whole-number text (the core's parameters are days), bound as a number where it is one.
std::optional<sal_Int64> whole_number(const std::string& text) {
    sal_Int64 value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    return error == std::errc{} && end == text.data() + text.size() ? std::optional<sal_Int64>(value) : std::nullopt;
}

class sdbc_reader final : public crm::sql_reader {
public:
    explicit sdbc_reader(Reference<css::sdbc::XConnection> connection) : connection_(std::move(connection)) {
        dialect_ = dialect_of(to_utf8(connection_->getMetaData()->getURL()));
    }
    ~sdbc_reader() override {
        try {
            connection_->close();
        } catch (const css::uno::Exception&) {
            // closing a broken connection: nothing left to do
        }
    }
    sdbc_reader(const sdbc_reader&) = delete;
    sdbc_reader& operator=(const sdbc_reader&) = delete;

    crm::sql_dialect dialect() const override { return dialect_; }
    crm::sql_placeholders placeholders() const override { return crm::sql_placeholders::positional; }

    void query(const std::string& sql, const std::vector<std::string>& parameters,
               const std::function<void(const crm::sql_row&)>& row, bool names_first) override {
        const Reference<css::sdbc::XPreparedStatement> statement = connection_->prepareStatement(to_ou(sql));
        const Reference<css::sdbc::XParameters> bound(statement, UNO_QUERY_THROW);
        for (std::size_t k = 0; k < parameters.size(); ++k) {
            const auto number = whole_number(parameters[k]);
            if (number && *number >= SAL_MIN_INT32 && *number <= SAL_MAX_INT32)  // Firebird's INTEGER takes only setInt
                bound->setInt(static_cast<sal_Int32>(k + 1), static_cast<sal_Int32>(*number));
            else if (number)
                bound->setLong(static_cast<sal_Int32>(k + 1), *number);
            else
                bound->setString(static_cast<sal_Int32>(k + 1), to_ou(parameters[k]));
        }
        const Reference<css::sdbc::XResultSet> result = statement->executeQuery();
        const Reference<css::sdbc::XRow> values(result, UNO_QUERY_THROW);
        const Reference<css::sdbc::XResultSetMetaDataSupplier> meta(result, UNO_QUERY_THROW);
        const sal_Int32 columns = meta->getMetaData()->getColumnCount();
        if (names_first) {
            crm::sql_row names;
            for (sal_Int32 c = 1; c <= columns; ++c) names.emplace_back(to_utf8(meta->getMetaData()->getColumnLabel(c)));
            row(names);
        }
        crm::sql_row line(static_cast<std::size_t>(columns));
        while (result->next()) {
            for (sal_Int32 c = 1; c <= columns; ++c) {
                const ::rtl::OUString text = values->getString(c);
                line[static_cast<std::size_t>(c - 1)] =
                    values->wasNull() ? std::nullopt : std::optional<std::string>(to_utf8(text));
            }
            row(line);
        }
        // The result set first, then the statement: LibreOffice's ODBC driver aborts the office when a result set
        // outlives its closed statement (OResultSet::disposing calls into the freed statement's ODBC handle).
        const Reference<css::sdbc::XCloseable> closing_result(result, UNO_QUERY);
        if (closing_result.is()) closing_result->close();
        const Reference<css::sdbc::XCloseable> closing(statement, UNO_QUERY);
        if (closing.is()) closing->close();
    }

private:
    Reference<css::sdbc::XConnection> connection_;
    crm::sql_dialect dialect_ = crm::sql_dialect::postgresql;
};

std::string lowered(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
    return text;
}

// CommandType: "table", "query", "sql" (or "command"), or css.sdb.CommandType's number.
sal_Int32 command_type_of(const Any& value, language lang) {
    if (!value.hasValue()) return css::sdb::CommandType::TABLE;
    ::rtl::OUString text;
    if (value >>= text) {
        const std::string t = lowered(to_utf8(text));
        if (t == "table") return css::sdb::CommandType::TABLE;
        if (t == "query") return css::sdb::CommandType::QUERY;
        if (t == "sql" || t == "command") return css::sdb::CommandType::COMMAND;
    }
    sal_Int32 number = -1;
    if ((value >>= number) && number >= 0 && number <= 2) return number;
    double real = -1;
    if ((value >>= real) && (real == 0 || real == 1 || real == 2)) return static_cast<sal_Int32>(real);
    throw refusal(text::error_transaction_source_option, lang);
}

}  // namespace

source_orders read_transaction_source(const Reference<css::uno::XComponentContext>& context,
                                      const std::vector<std::pair<std::string, Any>>& source, language lang) {
    std::string data_source, url, command;
    Any command_type;
    for (const auto& [key, value] : source) {
        ::rtl::OUString text;
        if (key == "DataSourceName" && (value >>= text)) data_source = to_utf8(text);
        else if (key == "DatabaseURL" && (value >>= text)) url = to_utf8(text);
        else if (key == "Command" && (value >>= text)) command = to_utf8(text);
        else if (key == "CommandType") command_type = value;
        else throw refusal(text::error_transaction_source_option, lang);
    }
    if (data_source.empty() == url.empty() || command.empty()) throw refusal(text::error_transaction_source_option, lang);
    const sal_Int32 type = command_type_of(command_type, lang);
    const std::string shown = data_source.empty() ? command : data_source + ": " + command;  // never the URL
    const auto bounded = crm::bounded_text(shown, 80);
    Reference<css::sdbc::XConnection> connection;
    try {
        if (!data_source.empty()) {
            const Reference<css::sdb::XDatabaseContext> databases = css::sdb::DatabaseContext::create(context);
            if (!databases->hasByName(to_ou(data_source)) && data_source.rfind("file:", 0) != 0)
                throw refusal(text::error_no_data_source, lang, fmt::arg("source", crm::bounded_text(data_source, 80)));
            const Reference<css::sdbc::XDataSource> ds(databases->getByName(to_ou(data_source)), UNO_QUERY_THROW);
            connection = ds->getConnection("", "");
        } else {
            connection = css::sdbc::DriverManager::create(context)->getConnection(to_ou(url));
        }
        if (!connection.is()) throw css::sdbc::SQLException("no driver for this database", nullptr, "", 0, Any());
    } catch (const css::uno::Exception& e) {
        // The driver's words, which may repeat the URL: its password never reaches the message.
        const std::string reason = crm::without_password(to_utf8(e.Message), crm::password_in(url));
        throw refusal(text::error_database_connect, lang, fmt::arg("source", bounded), fmt::arg("reason", reason));
    }
    try {
        crm::order_source where;
        if (type == css::sdb::CommandType::TABLE) {
            where.table = command;
        } else if (type == css::sdb::CommandType::COMMAND) {
            where.sql = command;
        } else {  // a query of the data source: its SQL, run as the aggregation's source
            const Reference<css::sdb::XQueriesSupplier> queries(connection, UNO_QUERY);
            if (!queries.is() || !queries->getQueries()->hasByName(to_ou(command)))
                throw refusal(text::error_no_database_query, lang, fmt::arg("source", bounded));
            const Reference<css::beans::XPropertySet> query(queries->getQueries()->getByName(to_ou(command)), UNO_QUERY_THROW);
            ::rtl::OUString sql;
            query->getPropertyValue("Command") >>= sql;
            where.sql = to_utf8(sql);
        }
        sdbc_reader reader(connection);
        try {
            return {shown, crm::read_database_orders(reader, where)};
        } catch (const crm::orders_refused& refused) {
            std::string names;
            for (const auto& n : refused.names()) names += (names.empty() ? "" : ", ") + crm::bounded_text(n, 40);
            if (refused.why() == crm::orders_refused::reason::no_roles)
                throw refusal(text::error_database_roles, lang, fmt::arg("source", bounded), fmt::arg("columns", names));
            throw refusal(text::error_database_no_lines, lang, fmt::arg("source", bounded),
                          fmt::arg("lines", refused.lines()));
        }
    } catch (const crm::error&) {
        throw;
    } catch (const css::uno::Exception& e) {
        throw refusal(text::error_database_read, lang, fmt::arg("source", bounded), fmt::arg("reason", to_utf8(e.Message)));
    }
}

}  // namespace crm_uno
