// crm-cli: runs the core's jobs on files from a terminal (a developers' and benchmarks' tool, in English only).
#include <fmt/core.h>

#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "crm/error.hpp"
#include "crm/routing.hpp"
#include "crm/tsplib.hpp"

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

constexpr subcommand subcommands[] = {
    {"route", "FILE.tsp [--seconds S] [--seed N]",
     "orders a TSPLIB EUC_2D instance into a short closed tour; last line: length N", route_command},
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
