// The jobs' shared pure logic: tiering choice and tiers, the customers to visit, the reps' bases.
#include "crm/jobs.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include "crm/error.hpp"
#include "crm/ranked_column.hpp"
#include "crm/routing.hpp"
#include "crm/tiering.hpp"
#include "crm/wording.hpp"

namespace crm {

const tiering_method_info& info(tiering_method method) {
    for (const auto& m : tiering_methods)
        if (m.method == method) return m;
    return tiering_methods[0];  // not reached: every method is listed
}

tiering_choice make_tiering_choice(std::string_view method, std::optional<double> a, std::optional<double> b) {
    const auto found = std::find_if(tiering_methods.begin(), tiering_methods.end(),
                                    [&](const tiering_method_info& m) { return m.name == method; });
    if (found == tiering_methods.end()) throw invalid_setting("Method", setting_rule::tiering_method);
    tiering_choice choice{found->method, a.value_or(found->a), b.value_or(found->b)};
    if (choice.method == tiering_method::pareto) validate(pareto_shares{choice.a, choice.b});
    if (choice.method == tiering_method::count) validate(count_shares{choice.a, choice.b});
    return choice;
}

std::vector<char> tiers_of(const std::vector<customer>& customers, const tiering_choice& tiering) {
    std::vector<char> tiers(customers.size(), 'C');
    if (tiering.method == tiering_method::growth) {
        // Without loyalty signals the growth rule counts loyalty as met (spec CRM_TIER_GROWTH; noted in the README).
        for (std::size_t i = 0; i < customers.size(); ++i) {
            const auto& c = customers[i];
            const double g1 = c.sales_previous && *c.sales_previous > 0 ? c.sales / *c.sales_previous - 1 : 0;
            const double g2 = c.sales_previous && c.sales_before && *c.sales_before > 0
                                  ? *c.sales_previous / *c.sales_before - 1 : 0;
            tiers[i] = tier_letter(growth_tier(g1, g2, 1.0, {tiering.a, tiering.b, 0.5}));
        }
        return tiers;
    }
    std::vector<double> sales(customers.size());
    for (std::size_t i = 0; i < customers.size(); ++i) sales[i] = customers[i].sales;
    const ranked_column column(sales);
    for (std::size_t i = 0; i < customers.size(); ++i)
        tiers[i] = tier_letter(tiering.method == tiering_method::pareto ? pareto_tier(sales[i], column, {tiering.a, tiering.b})
                                                                        : count_tier(sales[i], column, {tiering.a, tiering.b}));
    return tiers;
}

std::vector<visit_customer> visit_customers(const std::vector<customer>& customers, const std::vector<char>& tiers,
                                            const std::array<std::string, 3>& reasons) {
    require(tiers.size() == customers.size(), "one tier per customer is needed");
    std::vector<visit_customer> result;
    result.reserve(customers.size());
    for (std::size_t i = 0; i < customers.size(); ++i) {
        const auto& c = customers[i];
        visit_customer v;
        v.id = c.id, v.name = c.name, v.rep = c.rep, v.region = c.region, v.city = c.city, v.postal_code = c.postal_code;
        v.tier = tiers[i];
        v.latitude = c.latitude, v.longitude = c.longitude;
        v.visit_days = c.visit_days;
        v.opening_hours = c.opening_hours;
        v.address = c.address;
        v.country = c.country;
        v.approximate = c.located == coordinates_source::postal_code || c.located == coordinates_source::city;
        if (tiers[i] >= 'A' && tiers[i] <= 'C') v.why = reasons[static_cast<std::size_t>(tiers[i] - 'A')];
        v.last_order = c.last_order;
        result.push_back(std::move(v));
    }
    return result;
}

std::array<std::string, 3> tier_reasons(const tiering_choice& tiering, const text_lookup& texts) {
    // Shares in percent to a tenth, as the thresholds were given ("80", "2.5").
    const auto share = [](double s) { return number_words(std::round(s * 1000.0) / 10.0); };
    switch (tiering.method) {
        case tiering_method::pareto:
            return {worded(texts, "reason_a", {{"share", share(tiering.a)}}), worded(texts, "reason_b", {{"share", share(tiering.b)}}),
                    worded(texts, "reason_c", {{"share", share(1 - tiering.b)}})};
        case tiering_method::count:
            return {worded(texts, "reason_count_a", {{"share", share(tiering.a)}}),
                    worded(texts, "reason_count_b", {{"share", share(tiering.b)}}), worded(texts, "reason_count_c")};
        case tiering_method::growth: break;
    }
    return {worded(texts, "reason_growth_a", {{"share", share(tiering.a)}}), worded(texts, "reason_growth_b"),
            worded(texts, "reason_growth_c")};
}

std::vector<rep_base> rep_bases(const std::vector<visit_customer>& customers) {
    std::map<std::string, std::vector<const visit_customer*>> by_rep;
    for (const auto& c : customers) by_rep[c.rep].push_back(&c);
    std::vector<rep_base> bases;
    for (const auto& entry : by_rep) {
        const std::string& rep = entry.first;
        const std::vector<const visit_customer*>& mine = entry.second;  // a plain reference: lambdas below capture it
        rep_base base;
        base.rep = rep;
        double best = std::numeric_limits<double>::infinity();
        std::vector<earth_point> located;
        for (const auto* o : mine)
            if (o->latitude && o->longitude) located.push_back(earth_point_of(*o->latitude, *o->longitude));
        // At most 400 candidates keep this O(400·n) for large territories.
        const std::size_t step = std::max<std::size_t>(1, mine.size() / 400);
        for (std::size_t i = 0; i < mine.size(); i += step) {
            const auto* c = mine[i];
            if (!c->latitude || !c->longitude) continue;
            const earth_point here = earth_point_of(*c->latitude, *c->longitude);
            double total = 0;
            for (const auto& o : located) total += great_circle_km(here, o);
            if (total < best) {
                best = total;
                base.latitude = c->latitude;
                base.longitude = c->longitude;
                base.city = c->city;
            }
        }
        if (!base.latitude) {
            // Without coordinates, the rep starts where most of his customers are: their most frequent
            // region, city and postal code (a place name, for grouping his days; no distance is made up).
            const auto most_frequent = [&](auto field) {
                std::map<std::string, int> count;
                for (const auto* c : mine) ++count[field(*c)];
                return std::max_element(count.begin(), count.end(),
                                        [](const auto& x, const auto& y) { return x.second < y.second; })->first;
            };
            base.region = most_frequent([](const visit_customer& c) { return c.region; });
            base.city = most_frequent([](const visit_customer& c) { return c.city; });
            base.postal_code = most_frequent([](const visit_customer& c) { return c.postal_code; });
        }
        bases.push_back(base);
    }
    return bases;
}

}  // namespace crm
