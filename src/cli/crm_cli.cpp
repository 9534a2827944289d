// crm-cli: runs the core's jobs on files from a terminal (a developers' and benchmarks' tool, in English only).
#include <fmt/core.h>

#include <charconv>
#include <chrono>
#include <array>
#include <cmath>
#include <ctime>
#include <optional>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <span>
#include <stdexcept>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "crm/calendar.hpp"
#include "crm/csv.hpp"
#include "crm/customers.hpp"
#include "crm/error.hpp"
#include "crm/icalendar.hpp"
#include "crm/jobs.hpp"
#include "crm/ranked_column.hpp"
#include "crm/reps.hpp"
#include "crm/routing.hpp"
#include "crm/schedule.hpp"
#include "crm/schedule_sheet.hpp"
#include "crm/text_values.hpp"
#include "crm/tiering.hpp"
#include "crm/transactions.hpp"
#include "crm/tsplib.hpp"
#include "crm/wording.hpp"

#include "database.hpp"

#include "addin_strings.hxx"

namespace {

using arguments = std::span<const std::string_view>;

// Exit codes: 0 done, 2 bad command line or bad input (the message says which).
constexpr int exit_done = 0;
constexpr int exit_bad_input = 2;

// A command line that does not fit the subcommand's synopsis; main prints it with the usage.
struct usage_error : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// A subcommand: its name, what follows the name, one line on what it does, and the function that runs it.
// Another job (analyze, plan) is one more row of `subcommands` below.
struct subcommand {
    std::string_view name;
    std::string_view synopsis;
    std::string_view summary;
    int (*run)(arguments);
};

// The value after an option such as --seconds, parsed as a number (all of it).
template <typename T>
T option_value(arguments args, std::size_t& at) {
    if (at + 1 >= args.size()) throw usage_error(fmt::format("{} needs a value", args[at]));
    const std::string_view text = args[++at];
    T value{};
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc{} || end != text.data() + text.size())
        throw usage_error(fmt::format("{} needs a number, found \"{}\"", args[at - 1], text));
    return value;
}

std::ifstream open_input(std::string_view path) {
    std::error_code ignored;
    if (std::filesystem::is_directory(path, ignored)) throw crm::illegal_argument(fmt::format("\"{}\" is a directory", path));
    std::ifstream in{std::string(path)};
    if (!in) throw crm::illegal_argument(fmt::format("cannot open \"{}\"", path));
    return in;
}

// crm-cli route FILE.tsp [--seconds S] [--seed N]: routes a TSPLIB instance with route_day; the last line
// is "length N" with TSPLIB's integer distances, comparable with the published optimum.
int route_command(arguments args) {
    std::string_view path;
    crm::route_options options;
    // Half a second brings the TSPLIB instances here to their optimum or within 0.3 % of it (BENCHMARKS.md);
    // the clock, not the kick count, ends the search.
    options.time_budget_seconds = 0.5;
    options.max_kicks = 1'000'000;
    for (std::size_t at = 0; at < args.size(); ++at) {
        if (args[at] == "--seconds") {
            options.time_budget_seconds = option_value<double>(args, at);
            if (!std::isfinite(options.time_budget_seconds) || options.time_budget_seconds < 0)
                throw usage_error("--seconds needs a number of seconds, 0 or more");
        } else if (args[at] == "--seed") {
            options.seed = option_value<std::uint64_t>(args, at);
        } else if (args[at].starts_with("--") || !path.empty()) {
            throw usage_error(fmt::format("unexpected argument \"{}\"", args[at]));
        } else {
            path = args[at];
        }
    }
    if (path.empty()) throw usage_error("a TSPLIB file is needed");

    std::ifstream in = open_input(path);
    const crm::tsplib_instance instance = [&] {
        try {
            return crm::read_tsplib(in);
        } catch (const crm::error& e) {
            throw crm::illegal_argument(fmt::format("{}: {}", path, e.what()));  // say which file
        }
    }();
    const crm::distance_matrix d = crm::tsplib_distances(instance);
    const auto start = std::chrono::steady_clock::now();
    const crm::route tour = crm::route_day(d, options);
    const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
    fmt::print("instance {} ({} nodes, EUC_2D)\n", instance.name.empty() ? std::string(path) : instance.name, d.size());
    fmt::print("nearest neighbour {:.0f}\n", crm::nearest_neighbour_route(d).length);
    fmt::print("search {:.3f} s (budget {} s, seed {})\n", elapsed.count(), options.time_budget_seconds, options.seed);
    fmt::print("length {:.0f}\n", tour.length);
    return exit_done;
}


// ---- analyze and plan: the office jobs on CSV files, through the same core calls ----

// The options analyze and plan share: the tiering method and thresholds, the output file.
struct customer_options {
    std::string_view path;
    std::string method = "pareto";
    std::optional<double> a_share, b_share;
    std::string_view out;
    crm::plan_settings plan;  // checked by the core, as for the planVisits job
    // Orders in a database instead of a file: --db URL with --orders TABLE or --orders-sql SELECT.
    std::string_view db, write_table;
    crm::order_source orders;
    bool show_sql = false;  // --show-sql: the statements on stderr
};

// The command-line name of a plan setting, for the core's messages.
std::string option_name(crm::plan_setting setting) {
    static const char* const names[] = {"--year", "--start-date", "--visits-a", "--visits-b", "--visits-c",
                                        "--minutes-a", "--minutes-b", "--minutes-c", "--max-visits-per-day",
                                        "--hours", "--speed", "--holidays", "--day-start", "--minutes-between-stops",
                                        "--start-date", "--from"};
    return names[static_cast<std::size_t>(setting)];
}

// A date given on the command line: ISO (2027-05-01) or as a person writes it.
double date_value(std::string_view option, std::string_view text) {
    const auto date = crm::parse_date(text);
    if (!date) throw usage_error(fmt::format("{} needs dates such as 2027-05-01, found \"{}\"", option, text));
    return *date;
}

// The schedule options of the command line, checked by the core (a bad value is a usage error).
crm::schedule_options schedule_of(const crm::plan_settings& settings) {
    try {
        return crm::schedule_options_from(settings, crm::this_year_utc(), option_name);
    } catch (const crm::illegal_argument& e) {
        throw usage_error(e.what());
    }
}

// Parses one of the shared options at args[at]; false when it is not one of them.
bool shared_option(arguments args, std::size_t& at, customer_options& options) {
    const std::string_view name = args[at];
    if (name == "--method") {
        if (at + 1 >= args.size()) throw usage_error("--method needs a value");
        options.method = std::string(args[++at]);
        try {
            crm::make_tiering_choice(options.method);
        } catch (const crm::invalid_setting&) {
            throw usage_error(fmt::format("--method must be pareto, count or growth, found \"{}\"", options.method));
        }
    } else if (name == "--a-share") {
        options.a_share = option_value<double>(args, at);
    } else if (name == "--b-share") {
        options.b_share = option_value<double>(args, at);
    } else if (name == "--out") {
        if (at + 1 >= args.size()) throw usage_error("--out needs a file name");
        options.out = args[++at];
    } else if (name == "--show-sql") {
        options.show_sql = true;
    } else if (name == "--db" || name == "--orders" || name == "--orders-sql" || name == "--write-table") {
        if (at + 1 >= args.size() || args[at + 1].empty()) throw usage_error(fmt::format("{} needs a value", name));
        const std::string_view value = args[++at];
        if (name == "--db") options.db = value;
        else if (name == "--orders") options.orders.table = std::string(value);
        else if (name == "--orders-sql") options.orders.sql = std::string(value);
        else options.write_table = value;
    } else if (name == "--visits-a" || name == "--visits-b" || name == "--visits-c") {
        options.plan.visits_per_year[static_cast<std::size_t>(name.back() - 'a')] = option_value<double>(args, at);
    } else {
        return false;
    }
    return true;
}

// Reads a CSV file as a table; a missing or unreadable file is bad input.
crm::table read_csv_file(std::string_view path) {
    std::ifstream in = open_input(path);
    return crm::read_csv(in);
}

// The customers of a CSV file, their problems on stderr ("row N: reason"); no customer is bad input.
// A file that is an order log (customer ids repeating, dates, amounts) gives its customers as the office jobs
// aggregate them (spec "Order logs as shops export them").
crm::customer_read read_customer_file(std::string_view path) {
    const crm::table table = read_csv_file(path);
    const bool orders = crm::is_order_log(table);
    crm::customer_read read = orders ? crm::customers_from_orders(table) : crm::read_customers(table);
    crm::place_customers(read);  // towns and postal codes without coordinates, from the offline gazetteer
    const crm::problem_list listed = crm::limit_problems(read.problems, 20);
    for (const crm::problem& p : listed.listed)
        fmt::print(stderr, "{}: row {}: {}\n", path, p.row, crm::describe(p));
    for (const auto& [kind, count] : listed.more)
        fmt::print(stderr, "{}: … and {} more rows: {}\n", path, count, crm::describe({kind, 0, {}}));
    for (const auto& [column, day_first] : read.mapping.day_first_columns)
        fmt::print(stderr, "{}: {} read {}\n", path, crm::detail::header_text(table, read.mapping, column),
                   day_first ? "day-first" : "month-first");
    if (!orders && !read.mapping.columns.count(crm::column_role::sales))
        throw crm::illegal_argument(fmt::format("{}: no column reads as sales", path));
    if (read.customers.empty()) throw crm::illegal_argument(fmt::format("{}: no customer row with sales", path));
    return read;
}

// The customers of the command line's source: a CSV file, or the orders of a database aggregated there (the
// database's connection and histories kept in `kept` for --write-table).
struct database_source {
    std::unique_ptr<crm_cli::database> db;
    crm_cli::database_orders orders;
};
crm::customer_read read_source(customer_options& options, database_source& kept) {
    if (options.db.empty()) {
        if (!options.orders.table.empty() || !options.orders.sql.empty() || !options.write_table.empty())
            throw usage_error("--orders, --orders-sql and --write-table need --db");
        if (options.path.empty()) throw usage_error("a customer CSV file is needed");
        return read_customer_file(options.path);
    }
    if (!options.path.empty()) throw usage_error(fmt::format("a CSV file and --db cannot both be read (\"{}\")", options.path));
    if (options.orders.table.empty() == options.orders.sql.empty())
        throw usage_error("--db needs one of --orders TABLE and --orders-sql SELECT");
    kept.db = crm_cli::open_database(options.db);
    kept.orders = crm_cli::read_database_orders(*kept.db, options.orders, options.show_sql);
    crm::place_customers(kept.orders.read);  // towns and postal codes without coordinates, from the gazetteer
    const std::string where = crm_cli::redacted_url(options.db);
    if (kept.orders.lines_read < kept.orders.lines)
        fmt::print(stderr, "{}: {} of {} order lines left out: no readable customer id, date or amount\n", where,
                   kept.orders.lines - kept.orders.lines_read, kept.orders.lines);
    if (kept.orders.read.customers.empty()) throw crm::illegal_argument(fmt::format("{}: no customer with orders", where));
    return std::move(kept.orders.read);
}

// Writes `content` to `path`, or to stdout when path is empty.
void write_output(std::string_view path, const std::string& content) {
    if (path.empty()) {
        std::fwrite(content.data(), 1, content.size(), stdout);
        return;
    }
    if (!crm::write_file(std::string(path), content)) throw crm::illegal_argument(fmt::format("cannot write \"{}\"", path));
}

std::string number_text(double value) { return fmt::format("{}", value); }
std::string number_text(std::optional<double> value) { return value ? number_text(*value) : std::string(); }

std::array<std::size_t, 3> tier_counts(const std::vector<char>& tiers) {
    std::array<std::size_t, 3> counts{0, 0, 0};
    for (char t : tiers) ++counts[static_cast<std::size_t>(t - 'A')];
    return counts;
}

// crm-cli analyze FILE.csv: the Customers sheet of the analyze job as CSV (values, not formulas);
// last line on stdout: "customers N A a B b C c".
int analyze_command(arguments args) {
    customer_options options;
    for (std::size_t at = 0; at < args.size(); ++at) {
        if (shared_option(args, at, options)) continue;
        if (args[at].starts_with("--") || !options.path.empty())
            throw usage_error(fmt::format("unexpected argument \"{}\"", args[at]));
        options.path = args[at];
    }
    const crm::tiering_choice tiering = crm::make_tiering_choice(options.method, options.a_share, options.b_share);
    const crm::schedule_options visits = schedule_of(options.plan);
    database_source source;
    const crm::customer_read read = read_source(options, source);
    const auto& customers = read.customers;
    const std::vector<char> tiers = crm::tiers_of(customers, tiering);

    std::vector<double> sales(customers.size());
    for (std::size_t i = 0; i < customers.size(); ++i) sales[i] = customers[i].sales;
    const crm::ranked_column column(sales);
    const double total = column.positive_sum();
    std::vector<std::vector<std::string>> rows;
    rows.reserve(customers.size() + 1);
    rows.push_back({"id", "name", "sales", "share", "cumulative share", "tier", "growth", "profit", "margin",
                    "visits a year"});
    for (std::size_t i = 0; i < customers.size(); ++i) {
        const crm::customer& c = customers[i];
        std::optional<double> growth, profit, margin;
        if (c.sales_previous && *c.sales_previous > 0) growth = crm::growth(c.sales, *c.sales_previous);
        if (c.cost) profit = c.sales - *c.cost;
        if (c.cost && c.sales > 0) margin = *profit / c.sales;
        rows.push_back({c.id, c.name, number_text(c.sales),
                        total > 0 ? number_text(std::max(c.sales, 0.0) / total) : std::string(),
                        number_text(crm::pareto_share(c.sales, column)), std::string(1, tiers[i]),
                        number_text(growth), number_text(profit), number_text(margin),
                        std::to_string(visits.visits_per_year[static_cast<std::size_t>(tiers[i] - 'A')])});
    }
    write_output(options.out, crm::to_csv(rows));
    if (!options.write_table.empty())
        crm_cli::write_customer_table(*source.db, options.write_table, source.orders, tiers, visits.visits_per_year);
    const auto counts = tier_counts(tiers);
    std::fflush(stdout);
    fmt::print("customers {} A {} B {} C {}\n", customers.size(), counts[0], counts[1], counts[2]);
    return exit_done;
}

// The strings table in English (crm-cli speaks English only): the same sentences the office jobs word.
const crm::text_lookup& english() {
    static const crm::text_lookup texts = [](std::string_view key) -> std::string {
        const char* const* found = crm_text::text_by_key(key);
        if (!found) throw std::logic_error("no text \"" + std::string(key) + "\" in the strings table");
        return found[0];
    };
    return texts;
}

// crm-cli plan FILE.csv: the planVisits job's schedule as CSV (and iCalendar with --ics);
// last line on stdout: "visits N unvisited U km K".
int plan_command(arguments args) {
    customer_options options;
    std::string_view ics, reps_path, previous_path;
    std::optional<bool> per_rep;  // by default, when there are several reps
    crm::plan_settings& settings = options.plan;
    for (std::size_t at = 0; at < args.size(); ++at) {
        const std::string_view name = args[at];
        if (shared_option(args, at, options)) continue;
        if (name == "--year") {
            settings.year = option_value<double>(args, at);
        } else if (name == "--start-date") {
            if (at + 1 >= args.size()) throw usage_error("--start-date needs a date");
            settings.start_date = date_value(name, args[++at]);
        } else if (name == "--minutes-a" || name == "--minutes-b" || name == "--minutes-c") {
            settings.visit_minutes[static_cast<std::size_t>(name.back() - 'a')] = option_value<double>(args, at);
        } else if (name == "--max-visits-per-day") {
            settings.max_visits_per_day = option_value<double>(args, at);
        } else if (name == "--hours") {
            settings.hours_per_day = option_value<double>(args, at);
        } else if (name == "--speed") {
            settings.speed_kmh = option_value<double>(args, at);
        } else if (name == "--day-start") {
            if (at + 1 >= args.size()) throw usage_error("--day-start needs a time such as 08:30");
            settings.day_start = crm::parse_time_of_day(args[++at]);
            if (!settings.day_start) throw usage_error(fmt::format("--day-start needs a time such as 08:30, found \"{}\"", args[at]));
        } else if (name == "--minutes-between-stops") {
            settings.minutes_between_stops = option_value<double>(args, at);
        } else if (name == "--holidays") {  // dates separated by commas
            if (at + 1 >= args.size()) throw usage_error("--holidays needs dates separated by commas");
            const std::string_view list = args[++at];
            for (std::size_t from = 0; from <= list.size();) {
                const std::size_t comma = std::min(list.find(',', from), list.size());
                const std::string_view date = list.substr(from, comma - from);
                if (!date.empty()) settings.holidays.push_back(date_value(name, date));
                from = comma + 1;
            }
        } else if (name == "--ics") {
            if (at + 1 >= args.size()) throw usage_error("--ics needs a file name");
            ics = args[++at];
        } else if (name == "--from") {
            if (at + 1 >= args.size()) throw usage_error("--from needs a date");
            settings.from = date_value(name, args[++at]);
        } else if (name == "--previous") {
            if (at + 1 >= args.size()) throw usage_error("--previous needs the schedule CSV of the earlier plan");
            previous_path = args[++at];
        } else if (name == "--one-calendar") {
            per_rep = false;
        } else if (name == "--reps") {
            if (at + 1 >= args.size()) throw usage_error("--reps needs a CSV file of reps (rep, start location, day start, days off)");
            reps_path = args[++at];
        } else if (name.starts_with("--") || !options.path.empty()) {
            throw usage_error(fmt::format("unexpected argument \"{}\"", name));
        } else {
            options.path = name;
        }
    }
    if (settings.from.has_value() != !previous_path.empty())
        throw usage_error("a re-plan needs both --from DATE and --previous SCHEDULE.csv");
    const crm::tiering_choice tiering = crm::make_tiering_choice(options.method, options.a_share, options.b_share);
    const crm::schedule_options plan_options = schedule_of(settings);

    database_source source;
    const crm::customer_read read = read_source(options, source);
    const std::vector<char> tiers = crm::tiers_of(read.customers, tiering);
    if (!options.write_table.empty())
        crm_cli::write_customer_table(*source.db, options.write_table, source.orders, tiers, plan_options.visits_per_year);
    const std::vector<crm::visit_customer> customers =
        crm::visit_customers(read.customers, tiers, crm::tier_reasons(tiering, english()));
    // Spec "Plans the reps can use": the reps' start locations, day starts and days off (the Reps sheet's columns).
    std::vector<crm::rep_base> sheet_reps;
    if (!reps_path.empty()) {
        crm::reps_read reps;
        const crm::table reps_table = read_csv_file(reps_path);  // a file that cannot be read says so itself
        try {
            reps = crm::read_reps(reps_table);
        } catch (const crm::illegal_argument&) {
            throw crm::illegal_argument(fmt::format("{}: no column of rep names (a header such as Rep, Sales rep or Name)", reps_path));
        }
        for (const crm::problem& p : reps.problems) fmt::print(stderr, "{}: row {}: {}\n", reps_path, p.row, crm::describe(p));
        sheet_reps = std::move(reps.reps);
    }
    // Spec "re-planning": the earlier schedule's visits before --from, or marked done, stay as they are.
    const std::vector<crm::kept_visit> kept =
        previous_path.empty() ? std::vector<crm::kept_visit>{} : crm::visits_to_keep(read_csv_file(previous_path), plan_options.from);
    const crm::schedule_result plan =
        crm::plan_visits(customers, crm::with_rep_sheet(crm::rep_bases(customers), sheet_reps), plan_options, nullptr, kept);

    // The schedule sheet's contract, in English: the same columns and texts as the planVisits job.
    std::vector<std::vector<std::string>> rows;
    rows.reserve(plan.visits.size() + 1);
    rows.emplace_back();
    for (const auto key : crm::schedule_header_keys()) rows.back().push_back(english()(key));
    const auto degrees = [](const std::optional<double>& d) { return d ? fmt::format("{:.5f}", *d) : std::string(); };
    for (const crm::visit& v : plan.visits) {
        const crm::visit_customer& c = customers[v.customer];
        rows.push_back({crm::iso_date_text(v.date), english()(crm::weekday_key(crm::weekday(v.date))), v.rep,
                        std::to_string(v.stop), v.customer_id, v.customer_name, std::string(1, v.tier),
                        english()(crm::purpose_key(v.purpose)),
                        v.km_from_previous ? fmt::format("{:.1f}", *v.km_from_previous) : std::string(),
                        crm::clock_text(v.arrival_minutes_from_midnight), v.done ? english()("done_mark") : std::string(),
                        crm::location_text(c), degrees(c.latitude), degrees(c.longitude), c.why,
                        c.last_order ? crm::iso_date_text(*c.last_order) : std::string()});
    }
    write_output(options.out, crm::to_csv(rows));
    if (!ics.empty()) {
        std::vector<crm::calendar_event> events;
        events.reserve(plan.visits.size());
        for (const crm::visit& v : plan.visits) {
            crm::calendar_event e;
            e.date = v.date;
            e.start_minutes = v.arrival_minutes_from_midnight;
            e.duration_minutes = plan_options.visit_minutes[static_cast<std::size_t>(v.tier - 'A')];
            e.rep = v.rep;
            e.customer_id = v.customer_id;
            e.stop = v.stop;
            e.summary = v.customer_name.empty() ? v.customer_id : v.customer_name + " (" + v.tier + ")";
            // Spec "Calendars": the same LOCATION, GEO, CATEGORIES and DESCRIPTION as exportCalendar writes.
            const crm::visit_customer& c = customers[v.customer];
            e.location = crm::location_text(c);
            e.latitude = c.latitude, e.longitude = c.longitude;
            e.category = std::string(1, v.tier);
            e.description = crm::visit_description(english()(crm::purpose_key(v.purpose)), c.why, c.last_order, english());
            events.push_back(std::move(e));
        }
        crm::ical_options ical;
        ical.dtstamp_utc = crm::utc_now_serial();
        for (const auto& calendar : crm::schedule_calendars(events, ical, per_rep, english()))
            write_output(calendar.rep.empty() ? std::string(ics) : crm::per_rep_path(ics, calendar.rep), calendar.text);
    }
    for (const std::string& line : crm::plan_problems(plan, plan_options, english())) fmt::print(stderr, "{}\n", line);
    std::fflush(stdout);
    fmt::print(stderr, "visits wanted {} planned {} unscheduled {} reps needed {}\n", plan.visits_wanted,
               plan.visits.size(), plan.visits_unscheduled(), plan.reps_needed);
    fmt::print("visits {} unvisited {} km {:.0f}\n", plan.visits.size(), plan.unvisited_customers, plan.total_km);
    return exit_done;
}

constexpr subcommand subcommands[] = {
    {"route", "FILE.tsp [--seconds S] [--seed N]",
     "orders a TSPLIB EUC_2D instance into a short closed tour; last line: length N", route_command},
    {"analyze", "FILE.csv | --db URL --orders TABLE|--orders-sql SELECT [--write-table NAME] [--show-sql] [--method pareto|count|growth] [--a-share X] [--b-share Y] [--visits-a N --visits-b N --visits-c N] [--out OUT.csv]",
     "tiers the customers of a CSV file; writes one row per customer (stdout unless --out); last line: customers N A a B b C c",
     analyze_command},
    {"plan", "FILE.csv | --db URL --orders TABLE|--orders-sql SELECT [--write-table NAME] [--show-sql] [--year Y] [--method M] [--a-share X] [--b-share Y] [--visits-a 12 --visits-b 4 --visits-c 1] "
             "[--start-date DATE] [--minutes-a 90 --minutes-b 60 --minutes-c 45] [--max-visits-per-day 6] [--hours 8] "
             "[--speed 50] [--day-start 08:30] [--minutes-between-stops 20] [--holidays DATE,DATE,...] [--reps REPS.csv] [--from DATE --previous OLD.csv] [--ics OUT.ics [--one-calendar]] "
             "[--out OUT.csv]",
     "plans the year's visits of a CSV file's customers; writes the schedule (stdout unless --out); last line: visits N unvisited U km K",
     plan_command},
};

void print_usage(std::FILE* to) {
    fmt::print(to, "usage: crm-cli SUBCOMMAND [ARGUMENTS]\n");
    for (const subcommand& command : subcommands)
        fmt::print(to, "  crm-cli {} {}\n      {}\n", command.name, command.synopsis, command.summary);
}

}  // namespace

// Dispatches to the subcommand named first; every failure is a message on stderr and exit code 2, never a crash.
int main(int argc, char** argv) {
    const std::vector<std::string_view> args(argv + 1, argv + argc);
    if (args.empty()) {
        print_usage(stderr);
        return exit_bad_input;
    }
    if (args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
        print_usage(stdout);
        return exit_done;
    }
    for (const subcommand& command : subcommands) {
        if (command.name != args[0]) continue;
        try {
            return command.run(arguments(args).subspan(1));
        } catch (const usage_error& e) {
            fmt::print(stderr, "crm-cli {}: {}\nusage: crm-cli {} {}\n", command.name, e.what(), command.name,
                       command.synopsis);
        } catch (const std::exception& e) {
            fmt::print(stderr, "crm-cli {}: {}\n", command.name, e.what());
        }
        return exit_bad_input;
    }
    fmt::print(stderr, "crm-cli: unknown subcommand \"{}\"\n", args[0]);
    print_usage(stderr);
    return exit_bad_input;
}
