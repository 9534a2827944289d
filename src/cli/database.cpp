// crm-cli's database clients: libpq and SQLite run the core's statements (crm/order_sql.hpp) with bound
// parameters; a password is never part of a message.
#include "database.hpp"

#include <fmt/core.h>
#include <libpq-fe.h>
#include <sqlite3.h>

#include <charconv>
#include <cmath>
#include <stdexcept>

#include "crm/value.hpp"
#include "crm/bgnbd.hpp"
#include "crm/calendar.hpp"
#include "crm/error.hpp"
#include "crm/jobs.hpp"
#include "crm/loyalty.hpp"
#include "crm/ranked_column.hpp"
#include "crm/text_values.hpp"
#include "crm/visits.hpp"

namespace crm_cli {

namespace {

std::string trimmed(std::string text) {
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
    return text;
}

class postgresql final : public database {
public:
    explicit postgresql(const std::string& conninfo) : password_(crm::password_in(conninfo)) {
        conn_ = PQconnectdb(conninfo.c_str());
        if (PQstatus(conn_) != CONNECTION_OK) {
            const std::string message = failure("cannot connect to PostgreSQL");
            PQfinish(conn_);
            throw crm::illegal_argument(message);
        }
    }
    ~postgresql() override { PQfinish(conn_); }
    crm::sql_dialect dialect() const override { return crm::sql_dialect::postgresql; }

    void query(const std::string& sql, const std::vector<std::string>& parameters,
               const std::function<void(const crm::sql_row&)>& row, bool names_first) override {
        std::vector<const char*> values;
        for (const std::string& p : parameters) values.push_back(p.c_str());
        if (!PQsendQueryParams(conn_, sql.c_str(), static_cast<int>(values.size()), nullptr, values.data(), nullptr,
                               nullptr, 0))
            throw crm::illegal_argument(failure("PostgreSQL refused the statement"));
        PQsetSingleRowMode(conn_);  // one row at a time: memory does not grow with the result
        std::string error;
        bool named = !names_first;
        crm::sql_row values_of_row;
        while (PGresult* result = PQgetResult(conn_)) {
            const ExecStatusType status = PQresultStatus(result);
            if (status == PGRES_SINGLE_TUPLE || status == PGRES_TUPLES_OK) {
                const int columns = PQnfields(result);
                if (!named) {
                    crm::sql_row names;
                    for (int c = 0; c < columns; ++c) names.emplace_back(PQfname(result, c));
                    row(names);
                    named = true;
                }
                for (int r = 0; r < PQntuples(result) && error.empty(); ++r) {
                    values_of_row.assign(static_cast<std::size_t>(columns), std::nullopt);
                    for (int c = 0; c < columns; ++c)
                        if (!PQgetisnull(result, r, c)) values_of_row[static_cast<std::size_t>(c)] = PQgetvalue(result, r, c);
                    try {
                        row(values_of_row);
                    } catch (const std::exception& e) {
                        error = e.what();
                    }
                }
            } else if (status != PGRES_COMMAND_OK && error.empty()) {
                error = "PostgreSQL: " + crm::without_password(trimmed(PQresultErrorMessage(result)), password_);
            }
            PQclear(result);
        }
        if (!error.empty()) throw crm::illegal_argument(error);
    }

    void execute(const std::string& sql) override {
        query(sql, {}, [](const crm::sql_row&) {}, false);
    }

    void insert_rows(const std::string& quoted_table, std::size_t, const std::vector<crm::sql_row>& rows) override {
        execute("BEGIN");
        try {
            PGresult* started = PQexec(conn_, fmt::format("COPY {} FROM STDIN", quoted_table).c_str());
            const bool copying = PQresultStatus(started) == PGRES_COPY_IN;
            const std::string refused = copying ? std::string() : crm::without_password(trimmed(PQresultErrorMessage(started)), password_);
            PQclear(started);
            if (!copying) throw crm::illegal_argument("PostgreSQL: " + refused);
            std::string buffer;
            for (const crm::sql_row& r : rows) {
                for (std::size_t c = 0; c < r.size(); ++c) {
                    if (c) buffer += '\t';
                    if (!r[c]) {
                        buffer += "\\N";
                        continue;
                    }
                    for (const char ch : *r[c]) {  // COPY's text format: backslash escapes
                        if (ch == '\\') buffer += "\\\\";
                        else if (ch == '\t') buffer += "\\t";
                        else if (ch == '\n') buffer += "\\n";
                        else if (ch == '\r') buffer += "\\r";
                        else buffer += ch;
                    }
                }
                buffer += '\n';
                if (buffer.size() > (1 << 20)) flush(buffer);
            }
            flush(buffer);
            if (PQputCopyEnd(conn_, nullptr) != 1) throw crm::illegal_argument(failure("PostgreSQL refused the rows"));
            std::string error;
            while (PGresult* result = PQgetResult(conn_)) {
                if (PQresultStatus(result) != PGRES_COMMAND_OK && error.empty())
                    error = "PostgreSQL: " + crm::without_password(trimmed(PQresultErrorMessage(result)), password_);
                PQclear(result);
            }
            if (!error.empty()) throw crm::illegal_argument(error);
            execute("COMMIT");
        } catch (...) {
            PQclear(PQexec(conn_, "ROLLBACK"));
            throw;
        }
    }

private:
    void flush(std::string& buffer) {
        if (!buffer.empty() && PQputCopyData(conn_, buffer.data(), static_cast<int>(buffer.size())) != 1)
            throw crm::illegal_argument(failure("PostgreSQL refused the rows"));
        buffer.clear();
    }
    std::string failure(std::string_view what) const {
        return fmt::format("{}: {}", what, crm::without_password(trimmed(PQerrorMessage(conn_)), password_));
    }
    PGconn* conn_ = nullptr;
    std::string password_;
};

class sqlite final : public database {
public:
    explicit sqlite(const std::string& path) {
        if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
            const std::string message = fmt::format("cannot open the SQLite database \"{}\": {}", path, sqlite3_errmsg(db_));
            sqlite3_close(db_);
            throw crm::illegal_argument(message);
        }
    }
    ~sqlite() override { sqlite3_close(db_); }
    crm::sql_dialect dialect() const override { return crm::sql_dialect::sqlite; }

    void query(const std::string& sql, const std::vector<std::string>& parameters,
               const std::function<void(const crm::sql_row&)>& row, bool names_first) override {
        sqlite3_stmt* statement = prepare(sql);
        try {
            for (std::size_t k = 0; k < parameters.size(); ++k)
                sqlite3_bind_text(statement, static_cast<int>(k + 1), parameters[k].c_str(), -1, SQLITE_TRANSIENT);
            const int columns = sqlite3_column_count(statement);
            if (names_first) {
                crm::sql_row names;
                for (int c = 0; c < columns; ++c) names.emplace_back(sqlite3_column_name(statement, c));
                row(names);
            }
            crm::sql_row values(static_cast<std::size_t>(columns));
            int step;
            while ((step = sqlite3_step(statement)) == SQLITE_ROW) {
                for (int c = 0; c < columns; ++c) {
                    if (sqlite3_column_type(statement, c) == SQLITE_FLOAT) {  // every digit (SQLite's text keeps 15)
                        values[static_cast<std::size_t>(c)] = fmt::format("{}", sqlite3_column_double(statement, c));
                        continue;
                    }
                    const auto text = reinterpret_cast<const char*>(sqlite3_column_text(statement, c));
                    values[static_cast<std::size_t>(c)] =
                        text ? std::optional<std::string>(std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(statement, c))))
                             : std::nullopt;
                }
                row(values);
            }
            if (step != SQLITE_DONE) throw crm::illegal_argument(fmt::format("SQLite: {}", sqlite3_errmsg(db_)));
        } catch (...) {
            sqlite3_finalize(statement);
            throw;
        }
        sqlite3_finalize(statement);
    }

    void execute(const std::string& sql) override {
        query(sql, {}, [](const crm::sql_row&) {}, false);
    }

    void insert_rows(const std::string& quoted_table, std::size_t columns, const std::vector<crm::sql_row>& rows) override {
        std::string sql = fmt::format("INSERT INTO {} VALUES (", quoted_table);
        for (std::size_t c = 0; c < columns; ++c) sql += c ? ", ?" : "?";
        sql += ")";
        execute("BEGIN");
        sqlite3_stmt* statement = nullptr;
        try {
            statement = prepare(sql);
            for (const crm::sql_row& r : rows) {
                for (std::size_t c = 0; c < columns; ++c) {
                    if (c < r.size() && r[c])
                        sqlite3_bind_text(statement, static_cast<int>(c + 1), r[c]->c_str(), -1, SQLITE_TRANSIENT);
                    else
                        sqlite3_bind_null(statement, static_cast<int>(c + 1));
                }
                if (sqlite3_step(statement) != SQLITE_DONE)
                    throw crm::illegal_argument(fmt::format("SQLite: {}", sqlite3_errmsg(db_)));
                sqlite3_reset(statement);
            }
            sqlite3_finalize(statement);
            execute("COMMIT");
        } catch (...) {
            sqlite3_finalize(statement);
            sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
            throw;
        }
    }

private:
    sqlite3_stmt* prepare(const std::string& sql) {
        sqlite3_stmt* statement = nullptr;
        if (sqlite3_prepare_v2(db_, sql.c_str(), static_cast<int>(sql.size()), &statement, nullptr) != SQLITE_OK)
            throw crm::illegal_argument(fmt::format("SQLite: {}", sqlite3_errmsg(db_)));
        return statement;
    }
    sqlite3* db_ = nullptr;
};

}  // namespace

std::string redacted_url(std::string_view url) { return crm::without_password(std::string(url), crm::password_in(url)); }

std::unique_ptr<database> open_database(std::string_view url) {
    if (url.starts_with("sqlite:")) {
        std::string_view path = url.substr(7);
        if (path.starts_with("//")) path.remove_prefix(2);  // sqlite:///abs/path
        if (path.empty()) throw crm::illegal_argument("--db sqlite: needs a file, such as sqlite:orders.db");
        return std::make_unique<sqlite>(std::string(path));
    }
    if (url.starts_with("postgresql://") || url.starts_with("postgres://")) return std::make_unique<postgresql>(std::string(url));
    if (url.starts_with("postgresql:")) return std::make_unique<postgresql>(std::string(url.substr(11)));
    throw crm::illegal_argument(
        fmt::format("--db needs postgresql://… or sqlite:PATH, found \"{}\"", redacted_url(url)));
}

database_orders read_database_orders(database& db, const crm::order_source& source, bool show_sql) {
    if (!show_sql) return crm::read_database_orders(db, source);
    return crm::read_database_orders(db, source, [](std::string_view what, const std::string& sql,
                                                    const std::vector<std::string>& parameters) {
        std::string bound;
        for (std::size_t k = 0; k < parameters.size(); ++k) bound += fmt::format(" ${}={}", k + 1, parameters[k]);
        fmt::print(stderr, "-- crm-cli: {}{}{}\n{};\n", what, bound.empty() ? "" : "; parameters", bound, sql);
    });
}

// The columns of the customer table, with their types in each dialect.
struct result_column {
    const char* name;
    const char* postgresql;
    const char* sqlite;
};
constexpr result_column result_columns[] = {
    {"customer_id", "TEXT PRIMARY KEY", "TEXT PRIMARY KEY"}, {"tier", "TEXT", "TEXT"},
    {"recency_days", "DOUBLE PRECISION", "REAL"},          {"frequency", "DOUBLE PRECISION", "REAL"},
    {"monetary", "DOUBLE PRECISION", "REAL"},              {"r_score", "INTEGER", "INTEGER"},
    {"f_score", "INTEGER", "INTEGER"},                     {"m_score", "INTEGER", "INTEGER"},
    {"p_active", "DOUBLE PRECISION", "REAL"},              {"expected_purchases_52w", "DOUBLE PRECISION", "REAL"},
    {"clv", "DOUBLE PRECISION", "REAL"},                   {"next_visit", "DATE", "TEXT"}};

void write_customer_table(database& db, std::string_view name, const database_orders& orders,
                          const std::vector<char>& tiers, const std::array<int, 3>& visits_per_year) {
    const std::string table = crm::quote_table_name(name);
    const auto& histories = orders.histories;
    if (tiers.size() != histories.size()) throw std::logic_error("one tier per customer is needed");
    // An existing table is reused only when it has exactly these columns (an earlier run's): never another one.
    std::optional<crm::sql_row> existing;
    try {
        db.query(fmt::format("SELECT * FROM {} LIMIT 0", table), {},
                 [&](const crm::sql_row& names) { existing = names; }, true);
    } catch (const crm::illegal_argument&) {
        existing.reset();  // no such table
    }
    if (existing) {
        bool same = existing->size() == std::size(result_columns);
        for (std::size_t c = 0; same && c < existing->size(); ++c) same = (*existing)[c] == result_columns[c].name;
        if (!same)
            throw crm::illegal_argument(fmt::format(
                "--write-table {}: a table of that name exists with other columns; crm-cli replaces only its own tables", name));
        db.execute(fmt::format("DELETE FROM {}", table));
    } else {
        std::string columns;
        for (const result_column& c : result_columns)
            columns += fmt::format("{}{} {}", columns.empty() ? "" : ", ", crm::quote_identifier(c.name),
                                   db.dialect() == crm::sql_dialect::sqlite ? c.sqlite : c.postgresql);
        db.execute(fmt::format("CREATE TABLE {} ({})", table, columns));
    }

    std::vector<double> x, t_x, T, spend, recency, frequency, monetary;
    for (const crm::customer_history& h : histories) {
        recency.push_back(h.recency_days), frequency.push_back(h.frequency), monetary.push_back(h.average_order_value);
        if (h.T > 0) x.push_back(h.x), t_x.push_back(h.t_x), T.push_back(h.T), spend.push_back(h.monetary);
    }
    // The fits the Customers sheet makes (the smallest penalty that answers), and its lifetime value: the next 52
    // weeks' expected purchases times the Gamma-Gamma expected spend (CRM_CLV_MODEL, undiscounted).
    std::optional<crm::bgnbd_params> model;
    std::optional<crm::gamma_gamma_params> spend_model;
    try {
        model = crm::fit_that_answers([&](double penalty) { return crm::fit_bgnbd(x, t_x, T, penalty); }).params;
    } catch (const crm::error& e) {
        fmt::print(stderr, "--write-table {}: no BG/NBD fit ({}); P(active) and CLV are left empty\n", name, e.what());
    }
    try {
        if (model) spend_model = crm::fit_that_answers([&](double penalty) { return crm::fit_gamma_gamma(x, spend, penalty); }).params;
    } catch (const crm::error& e) {
        fmt::print(stderr, "--write-table {}: no Gamma-Gamma fit ({}); CLV is left empty\n", name, e.what());
    }
    const crm::lifetime_steps lifetime = *crm::lifetime_steps_for(0);
    const crm::ranked_column recency_column(recency), frequency_column(frequency), monetary_column(monetary);
    const auto number = [](double v) { return std::isfinite(v) ? std::optional<std::string>(fmt::format("{}", v)) : std::nullopt; };
    std::vector<crm::sql_row> rows;
    rows.reserve(histories.size());
    for (std::size_t i = 0; i < histories.size(); ++i) {
        const crm::customer_history& h = histories[i];
        const crm::rfm_scores scores =
            crm::rfm(h.recency_days, h.frequency, h.average_order_value, recency_column, frequency_column, monetary_column);
        std::optional<std::string> alive, purchases, value, visit;
        if (model && h.T > 0) {
            const double expected = crm::expected_purchases(52, h.x, h.t_x, h.T, *model);
            alive = number(crm::probability_alive(h.x, h.t_x, h.T, *model));
            purchases = number(expected);
            if (spend_model)
                value = number(crm::clv_model(lifetime.horizon_weeks, h.x, h.t_x, h.T, crm::spend_of_record(h.monetary, *spend_model),
                                              *model, *spend_model, lifetime.step_rate, lifetime.step_weeks));
        }
        if (h.orders > 0)
            visit = crm::iso_date_text(crm::next_visit(orders.as_of - h.recency_days, std::string_view(&tiers[i], 1), {},
                                                       visits_per_year[0], visits_per_year[1], visits_per_year[2]));
        rows.push_back({h.id, std::string(1, tiers[i]), number(h.recency_days), number(h.frequency),
                        number(h.average_order_value), std::to_string(scores.recency), std::to_string(scores.frequency),
                        std::to_string(scores.monetary), alive, purchases, value, visit});
    }
    db.insert_rows(table, std::size(result_columns), rows);
}

}  // namespace crm_cli
