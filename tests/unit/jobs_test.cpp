// The jobs' shared logic: tiering choice and its defaults, tiers by each method, visit customers, rep bases.
#include "crm/jobs.hpp"

#include <gtest/gtest.h>

#include "crm/error.hpp"

namespace {

crm::customer make(std::string id, double sales, std::string rep = "R", std::optional<double> lat = {},
                   std::optional<double> lon = {}, std::string city = {}) {
    crm::customer c;
    c.id = std::move(id);
    c.name = "Name " + c.id;
    c.sales = sales;
    c.rep = std::move(rep);
    c.latitude = lat;
    c.longitude = lon;
    c.city = std::move(city);
    return c;
}

TEST(TieringChoice, DefaultsPerMethod) {
    const auto p = crm::make_tiering_choice("pareto");
    EXPECT_DOUBLE_EQ(p.a, 0.8);
    EXPECT_DOUBLE_EQ(p.b, 0.95);
    const auto c = crm::make_tiering_choice("count");
    EXPECT_DOUBLE_EQ(c.a, 0.2);
    EXPECT_DOUBLE_EQ(c.b, 0.5);
    const auto g = crm::make_tiering_choice("growth", std::nullopt, 0.05);
    EXPECT_DOUBLE_EQ(g.a, 0.2);
    EXPECT_DOUBLE_EQ(g.b, 0.05);
}

TEST(TieringChoice, RejectsUnknownMethodAndBadShares) {
    EXPECT_THROW(crm::make_tiering_choice("abc"), crm::illegal_argument);
    EXPECT_THROW(crm::make_tiering_choice("pareto", 0.9, 0.5), crm::illegal_argument);
    EXPECT_THROW(crm::make_tiering_choice("count", 0.0, 0.5), crm::illegal_argument);
}

TEST(TieringChoice, RefusalsNameTheSettingAndTheRule) {
    const auto refusal_of = [](std::string_view method, std::optional<double> a, std::optional<double> b) {
        try {
            crm::make_tiering_choice(method, a, b);
        } catch (const crm::invalid_setting& e) {
            return std::make_pair(e.setting(), e.rule());
        }
        return std::make_pair(std::string("accepted"), crm::setting_rule::dates_only);
    };
    using rule = crm::setting_rule;
    EXPECT_EQ(refusal_of("magic", std::nullopt, std::nullopt), std::make_pair(std::string("Method"), rule::tiering_method));
    EXPECT_EQ(refusal_of("pareto", 0.9, 0.5), std::make_pair(std::string("shares"), rule::pareto_shares_in_order));
    EXPECT_EQ(refusal_of("count", 0.0, 0.5), std::make_pair(std::string("shares"), rule::count_shares_in_order));
    EXPECT_EQ(refusal_of("growth", 0.9, 0.5).first, "accepted");  // growth thresholds need no order
    try {
        crm::make_tiering_choice("magic");
        ADD_FAILURE() << "an unknown method was accepted";
    } catch (const crm::error& e) {
        EXPECT_STREQ(e.what(), "Method must be \"pareto\", \"count\" or \"growth\"");  // crm-cli's English, unchanged
    }
}

TEST(TiersOf, ParetoAndCount) {
    std::vector<crm::customer> cs;
    for (int i = 1; i <= 10; ++i) cs.push_back(make(std::to_string(i), i == 1 ? 1000 : 10));  // one whale
    const auto pareto = crm::tiers_of(cs, crm::make_tiering_choice("pareto"));
    EXPECT_EQ(pareto[0], 'A');
    for (std::size_t i = 1; i < cs.size(); ++i) EXPECT_NE(pareto[i], 'A');
    std::vector<crm::customer> ranked;
    for (int i = 1; i <= 10; ++i) ranked.push_back(make(std::to_string(i), 100.0 * i));
    const auto count = crm::tiers_of(ranked, crm::make_tiering_choice("count"));
    EXPECT_EQ(std::count(count.begin(), count.end(), 'A'), 2);
    EXPECT_EQ(std::count(count.begin(), count.end(), 'B'), 3);
    EXPECT_EQ(std::count(count.begin(), count.end(), 'C'), 5);
    EXPECT_EQ(count[9], 'A');
}

TEST(TiersOf, GrowthRule) {
    auto fast = make("f", 130);
    fast.sales_previous = 100;
    auto steady = make("s", 112);
    steady.sales_previous = 100;
    steady.sales_before = 90;
    auto flat = make("x", 100);
    const auto tiers = crm::tiers_of({fast, steady, flat}, crm::make_tiering_choice("growth"));
    EXPECT_EQ(tiers, (std::vector<char>{'A', 'B', 'C'}));
}

TEST(VisitCustomers, CarriesTierAndPlace) {
    const auto v = crm::visit_customers({make("1", 5, "Ann", 48.0, 2.0, "Paris")}, {'B'});
    ASSERT_EQ(v.size(), 1u);
    EXPECT_EQ(v[0].tier, 'B');
    EXPECT_EQ(v[0].rep, "Ann");
    EXPECT_EQ(v[0].city, "Paris");
    EXPECT_EQ(*v[0].latitude, 48.0);
    EXPECT_THROW(crm::visit_customers({make("1", 5)}, {}), crm::illegal_argument);
}

TEST(RepBases, MedoidWithCoordinatesElseMostFrequentCity) {
    const auto v = crm::visit_customers(
        {make("1", 1, "Ann", 48.0, 2.0, "West"), make("2", 1, "Ann", 48.0, 2.1, "Mid"),
         make("3", 1, "Ann", 48.0, 2.2, "East"), make("4", 1, "Bob", {}, {}, "Lyon"),
         make("5", 1, "Bob", {}, {}, "Lyon"), make("6", 1, "Bob", {}, {}, "Nice")},
        {'C', 'C', 'C', 'C', 'C', 'C'});
    const auto bases = crm::rep_bases(v);
    ASSERT_EQ(bases.size(), 2u);
    EXPECT_EQ(bases[0].rep, "Ann");
    EXPECT_EQ(bases[0].city, "Mid");
    EXPECT_DOUBLE_EQ(*bases[0].longitude, 2.1);
    EXPECT_EQ(bases[1].rep, "Bob");
    EXPECT_FALSE(bases[1].latitude);
    EXPECT_EQ(bases[1].city, "Lyon");
}

}  // namespace
