// The customer card's lookup on CDNOW's whole log (issue 16): the index built once, then one card a lookup, against
// a card made without an index (every table scanned for the customer's rows), in the same run.
// Usage: bench_customer_card CDNOW_master.txt [--lookups N]; prints BENCH lines that bench_customer_card.py reads.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "crm/customer_card.hpp"
#include "crm/transactions.hpp"

namespace {

using clock_type = std::chrono::steady_clock;
double ms_since(clock_type::time_point start) {
    return std::chrono::duration<double, std::milli>(clock_type::now() - start).count();
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: bench_customer_card CDNOW_master.txt [--lookups N]\n");
        return 2;
    }
    std::size_t lookups = 200;
    for (int i = 2; i + 1 < argc; ++i)
        if (std::string(argv[i]) == "--lookups") lookups = static_cast<std::size_t>(std::atol(argv[i + 1]));
    crm::table log{{crm::cell(std::string("customer_id")), crm::cell(std::string("date")),
                    crm::cell(std::string("number_of_cds")), crm::cell(std::string("dollar_value"))}};
    std::ifstream in(argv[1]);
    std::string line;
    std::getline(in, line);
    while (std::getline(in, line)) {
        std::istringstream fields(line);
        std::string id;
        double day = 0, cds = 0, dollars = 0;
        if (fields >> id >> day >> cds >> dollars) log.push_back({crm::cell(id), crm::cell(day), crm::cell(cds), crm::cell(dollars)});
    }
    // The Customers sheet as analyze lays out its first columns: id, name, tier; the orders are the log itself.
    const crm::customer_read read = crm::customers_from_orders(log);
    crm::card_sources sources;
    sources.customers.name = "Customers";
    sources.customers.cells.push_back({crm::cell(std::string("ID")), crm::cell(std::string("Name")), crm::cell(std::string("Tier"))});
    for (const auto& c : read.customers) sources.customers.cells.push_back({crm::cell(c.id), crm::cell(std::string()), crm::cell(std::string("C"))});
    sources.layout.columns = {{crm::card_field::id, 0}, {crm::card_field::name, 1}, {crm::card_field::tier, 2}};
    sources.orders = crm::named_table{"CDNOW", log};
    std::vector<std::string> ids;
    for (std::size_t i = 0; i < read.customers.size(); i += std::max<std::size_t>(1, read.customers.size() / lookups))
        ids.push_back(read.customers[i].id);

    const auto build_start = clock_type::now();
    const crm::customer_card_index index(sources);
    const double build_ms = ms_since(build_start);
    std::vector<double> indexed;
    std::size_t orders = 0;
    for (const auto& id : ids) {
        const auto start = clock_type::now();
        const auto card = index.card(id, 0);
        indexed.push_back(ms_since(start));
        orders += card ? card->orders : 0;
    }
    // The baseline: a card without an index, every table scanned for the customer's rows (an index made per card).
    std::vector<double> scanned;
    std::size_t scanned_orders = 0;
    for (std::size_t k = 0; k < std::min<std::size_t>(ids.size(), 20); ++k) {
        const auto start = clock_type::now();
        const crm::customer_card_index once(sources);
        const auto card = once.card(ids[k], 0);
        scanned.push_back(ms_since(start));
        scanned_orders += card ? card->orders : 0;
    }
    std::printf("BENCH customers=%zu orders=%zu index_ms=%.1f lookups=%zu lookup_median_ms=%.4f lookup_max_ms=%.4f "
                "scan_lookups=%zu scan_median_ms=%.1f cards_orders=%zu\n",
                index.customers(), log.size() - 1, build_ms, indexed.size(), median(indexed),
                *std::max_element(indexed.begin(), indexed.end()), scanned.size(), median(scanned), orders);
    return orders > 0 && scanned_orders > 0 && *std::max_element(indexed.begin(), indexed.end()) < 100.0 ? 0 : 1;
}
