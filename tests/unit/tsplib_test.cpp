// Tests of the TSPLIB reader and of route_day against the published optima of the instances in data/tsplib.
#include "crm/tsplib.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "crm/error.hpp"
#include "crm/routing.hpp"

namespace {

using crm::illegal_argument;
using namespace std::string_literals;

const std::filesystem::path tsplib_dir = std::filesystem::path(CRM_DATA_DIR) / "tsplib";

crm::tsplib_instance parse(const std::string& text) {
    std::istringstream in(text);
    return crm::read_tsplib(in);
}

std::vector<std::size_t> parse_tour(const std::string& text) {
    std::istringstream in(text);
    return crm::read_tsplib_tour(in);
}

// The message of the illegal_argument that reading `text` throws ("" if it reads).
template <typename Reader>
std::string error_of(Reader read, const std::string& text) {
    try {
        read(text);
    } catch (const illegal_argument& e) {
        return e.what();
    }
    return "";
}

const std::string four_nodes =
    "NAME : square\nCOMMENT : four nodes\nTYPE : TSP\nDIMENSION : 4\nEDGE_WEIGHT_TYPE : EUC_2D\n"
    "NODE_COORD_SECTION\n1 0 0\n2 3 4\n3 3.0 0\n4 0.5e1 -1.5\nEOF\n";

TEST(read_tsplib, a_small_instance) {
    const crm::tsplib_instance instance = parse(four_nodes);
    EXPECT_EQ(instance.name, "square");
    ASSERT_EQ(instance.coords.size(), 4u);
    EXPECT_EQ(instance.coords[1], (std::pair<double, double>{3, 4}));
    EXPECT_EQ(instance.coords[3], (std::pair<double, double>{5, -1.5}));
}

TEST(read_tsplib, spellings_of_real_files) {
    // "KEY: value" without a space (berlin52), CRLF line ends, nodes out of order, blank lines, no EOF.
    const crm::tsplib_instance instance =
        parse("NAME: b\r\nTYPE: TSP\r\nDIMENSION: 3\r\nEDGE_WEIGHT_TYPE : EUC_2D\r\nNODE_COORD_SECTION\r\n"
              "2 1.0 2.0\r\n\r\n1   7 8\r\n  3\t9 10  \r\n");
    EXPECT_EQ(instance.name, "b");
    EXPECT_EQ(instance.coords, (std::vector<std::pair<double, double>>{{7, 8}, {1, 2}, {9, 10}}));
}

TEST(read_tsplib, malformed_input_is_an_illegal_argument) {
    const std::string head = "NAME : x\nTYPE : TSP\nDIMENSION : 2\nEDGE_WEIGHT_TYPE : EUC_2D\nNODE_COORD_SECTION\n";
    const std::map<std::string, std::string> cases = {
        {"", "ends before its data section"},
        {"\x01\x02\xff garbage\n\x00\x00"s, "expected \"KEY : value\""},
        {"hello world\n", "expected \"KEY : value\""},
        {"NAME : x\nDIMENSION : 2\nEDGE_WEIGHT_TYPE : GEO\nNODE_COORD_SECTION\n1 0 0\n2 1 1\n", "EUC_2D"},
        {"NAME : x\nDIMENSION : 2\nNODE_COORD_SECTION\n1 0 0\n2 1 1\n", "EUC_2D"},
        {"TYPE : ATSP\nDIMENSION : 2\nEDGE_WEIGHT_TYPE : EUC_2D\nNODE_COORD_SECTION\n", "symmetric TSP"},
        {"DIMENSION : 2\nEDGE_WEIGHT_TYPE : EUC_2D\nEDGE_WEIGHT_SECTION\n0 1\n", "expected NODE_COORD_SECTION"},
        {"EDGE_WEIGHT_TYPE : EUC_2D\nNODE_COORD_SECTION\n1 0 0\n", "DIMENSION is missing"},
        {"DIMENSION : 0\n", "DIMENSION must be"},
        {"DIMENSION : -3\n", "DIMENSION must be"},
        {"DIMENSION : two\n", "DIMENSION must be"},
        {"DIMENSION : 99999999999999999999999\n", "DIMENSION must be"},
        {"DIMENSION : 1000000\n", "DIMENSION must be"},
        {"CAPACITY : 10\n", "unsupported keyword \"CAPACITY\""},
        {head + "1 0 0\n", "ends after 1 of 2 nodes"},
        {head + "1 0 0\n3 1 1\n", "node number must be from 1 to 2"},
        {head + "1 0 0\n0 1 1\n", "node number must be from 1 to 2"},
        {head + "1 0 0\n1 1 1\n", "node 1 appears twice"},
        {head + "1 0 0\n2 1 y\n", "finite numbers"},
        {head + "1 0 0\n2 1 nan\n", "finite numbers"},
        {head + "1 0 0\n2 1 1e999\n", "finite numbers"},
        {head + "1 0 0\n2 1\n", "expected \"node x y\""},
        {head + "1 0 0\n2 1 1 1\n", "expected \"node x y\""},
        {head + "1 0 0\n2 1 1\n3 2 2\n", "unexpected \"3 2 2\" after the data section"},
    };
    for (const auto& [text, expected] : cases) {
        const std::string message = error_of(parse, text);
        EXPECT_NE(message.find(expected), std::string::npos) << "input:\n" << text << "\nmessage: " << message;
        EXPECT_NE(message.find("line "), std::string::npos) << message;
    }
}

TEST(tsplib_distances, nint_rounding) {
    crm::tsplib_instance instance{"", {{0, 0}, {3, 4}, {1, 1}, {0.5, 0}, {2.5, 0}, {1, 2}}};
    const crm::distance_matrix d = crm::tsplib_distances(instance);
    EXPECT_EQ(d(0, 1), 5.0);
    EXPECT_EQ(d(0, 2), 1.0);  // 1.414 -> 1
    EXPECT_EQ(d(0, 3), 1.0);  // 0.5 rounds up
    EXPECT_EQ(d(0, 4), 3.0);  // 2.5 rounds up
    EXPECT_EQ(d(0, 5), 2.0);  // 2.236 -> 2
    EXPECT_EQ(d(5, 0), 2.0);
    EXPECT_EQ(d(3, 3), 0.0);
}

TEST(read_tsplib_tour, a_tour) {
    EXPECT_EQ(parse_tour("NAME : t.opt.tour\nTYPE : TOUR\nDIMENSION : 4\nTOUR_SECTION\n1\n3\n2 4\n-1\nEOF\n"),
              (std::vector<std::size_t>{0, 2, 1, 3}));
    EXPECT_EQ(parse_tour("TOUR_SECTION\n1 2 3 -1\n"), (std::vector<std::size_t>{0, 1, 2}));
}

TEST(read_tsplib_tour, malformed_tours) {
    const std::map<std::string, std::string> cases = {
        {"", "ends before its data section"},
        {"TYPE : TSP\nTOUR_SECTION\n1 -1\n", "TYPE must be TOUR"},
        {"DIMENSION : 3\nNODE_COORD_SECTION\n", "expected TOUR_SECTION"},
        {"DIMENSION : 3\nTOUR_SECTION\n1\n2\n3\n", "does not end with -1"},
        {"DIMENSION : 3\nTOUR_SECTION\n1\n2\n-1\n", "has 2 nodes, expected 3"},
        {"DIMENSION : 3\nTOUR_SECTION\n1\n2\n2\n-1\n", "node 2 appears twice"},
        {"DIMENSION : 3\nTOUR_SECTION\n1\n4\n2\n-1\n", "node number must be from 1 to 3"},
        {"DIMENSION : 3\nTOUR_SECTION\n1\n0\n2\n-1\n", "node number must be from 1 to 3"},
        {"DIMENSION : 3\nTOUR_SECTION\n1 x 2 -1\n", "found \"x\""},
        {"DIMENSION : 3\nTOUR_SECTION\n1 2 3 -1 4\n", "after -1"},
        {"DIMENSION : 3\nTOUR_SECTION\n1 2 3 -1\n5\n", "after the data section"},
        {"TOUR_SECTION\n1 3 -1\n", "has 2 nodes, expected 3"},  // without DIMENSION: 1..largest, all there
    };
    for (const auto& [text, expected] : cases) {
        const std::string message = error_of(parse_tour, text);
        EXPECT_NE(message.find(expected), std::string::npos) << "input:\n" << text << "\nmessage: " << message;
    }
}

// The published optimum of every instance: "name : length" lines of optimal-lengths.txt.
std::map<std::string, double> published_optima() {
    std::ifstream in(tsplib_dir / "optimal-lengths.txt");
    std::map<std::string, double> optima;
    std::string name, colon;
    double length;
    while (in >> name >> colon >> length) optima[name] = length;
    return optima;
}

struct reference_instance {
    std::string name;
    crm::distance_matrix distances;
    std::vector<std::size_t> optimal_tour;
    double optimum;
};

// Every instance of data/tsplib with its optimal tour and published optimum (at least the five we ship).
std::vector<reference_instance> reference_instances() {
    const auto optima = published_optima();
    std::vector<reference_instance> instances;
    for (const auto& entry : std::filesystem::directory_iterator(tsplib_dir)) {
        if (entry.path().extension() != ".tsp") continue;
        const std::string name = entry.path().stem().string();
        std::ifstream tsp(entry.path()), tour(tsplib_dir / (name + ".opt.tour"));
        EXPECT_TRUE(tsp && tour) << name;
        EXPECT_TRUE(optima.count(name)) << name << " has no published optimum";
        if (!tsp || !tour || !optima.count(name)) continue;
        const crm::tsplib_instance instance = crm::read_tsplib(tsp);
        EXPECT_EQ(instance.name, name);
        instances.push_back({name, crm::tsplib_distances(instance), crm::read_tsplib_tour(tour), optima.at(name)});
    }
    std::sort(instances.begin(), instances.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
    EXPECT_GE(instances.size(), 5u);
    return instances;
}

TEST(tsplib_reference, optimal_tours_have_the_published_length) {
    // Checks the reader and the nint rounding: the optimal tour file measured our way gives the published optimum.
    for (const reference_instance& instance : reference_instances()) {
        SCOPED_TRACE(instance.name);
        ASSERT_EQ(instance.optimal_tour.size(), instance.distances.size());
        EXPECT_EQ(crm::tour_length(instance.optimal_tour, instance.distances), instance.optimum);
        EXPECT_FALSE(crm::two_opt_improvable(instance.optimal_tour, instance.distances));
    }
}

TEST(tsplib_reference, route_day_is_within_two_percent_of_the_optimum) {
    // The goal is 1 %; the test holds the line at 2 %. max_kicks, not the clock, ends the search here.
    const crm::route_options options{.time_budget_seconds = 60, .seed = 1, .max_kicks = 1000};
    for (const reference_instance& instance : reference_instances()) {
        SCOPED_TRACE(instance.name);
        const crm::route r = crm::route_day(instance.distances, options);
        const double gap = r.length / instance.optimum - 1;
        EXPECT_GE(gap, 0.0);
        EXPECT_LE(gap, 0.02);
        EXPECT_FALSE(crm::two_opt_improvable(r.order, instance.distances));
        std::printf("%-10s optimum %8.0f  route_day %8.0f  gap %.2f %%\n", instance.name.c_str(), instance.optimum,
                    r.length, 100 * gap);
    }
}

TEST(tsplib_reference, route_day_ends_on_a_huge_coordinate) {
    // Fuzz finding (fuzz_tsplib, a timeout): eil76 with node 54 at x = 6.3e18. The distances (~6e18) made the
    // local search's prefix sums round by thousands, so moves that gained nothing but rounding undid each
    // other forever. Now a move must gain more than that rounding; the route is a valid tour, found at once.
    std::ifstream file(tsplib_dir / "eil76.tsp");
    ASSERT_TRUE(file) << "missing eil76.tsp";
    std::stringstream text;
    std::string line;
    while (std::getline(file, line)) text << (line.rfind("54 ", 0) == 0 ? "54 6333333333333333337 41" : line) << "\n";
    const crm::tsplib_instance instance = parse(text.str());
    ASSERT_EQ(instance.coords.size(), 76u);
    const crm::distance_matrix d = crm::tsplib_distances(instance);
    const auto start = std::chrono::steady_clock::now();
    const crm::route r = crm::route_day(d, {.time_budget_seconds = 0.01, .seed = 1, .max_kicks = 3});
    EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(), 5.0);
    std::vector<std::size_t> sorted = r.order;
    std::sort(sorted.begin(), sorted.end());
    for (std::size_t i = 0; i < sorted.size(); ++i) ASSERT_EQ(sorted[i], i);
    EXPECT_EQ(r.order.front(), 0u);
    // The far node is visited once: the tour goes there and back, about twice its distance.
    EXPECT_NEAR(r.length / (2 * 6333333333333333337.0), 1.0, 1e-6);
}

}  // namespace
