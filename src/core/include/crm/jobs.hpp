// The pure logic the jobs share, whatever their front end (office sheets or crm-cli's CSV files):
// the tiering choice, every customer's tier, the customers to visit and each rep's base.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crm/customers.hpp"
#include "crm/schedule.hpp"

namespace crm {

/// The tiering method and its two thresholds (spec wizard.md: Pareto 80/15/5, count 20/30/50, growth rule).
struct tiering_choice {
    std::string method = "pareto";
    double a = 0.8;
    double b = 0.95;
};

/// The choice for `method` ("pareto", "count" or "growth") with the method's default thresholds unless
/// given; throws invalid_setting for an unknown method ("Method", tiering_method) or thresholds the method
/// rejects ("shares", pareto_shares_in_order or count_shares_in_order).
tiering_choice make_tiering_choice(std::string_view method, std::optional<double> a = std::nullopt,
                                   std::optional<double> b = std::nullopt);

/// The tier letter of every customer by the chosen method (the same core rules as the cell functions).
std::vector<char> tiers_of(const std::vector<customer>& customers, const tiering_choice& tiering);

/// The customers as the planner takes them, each with its tier (tiers[i] for customers[i]).
std::vector<visit_customer> visit_customers(const std::vector<customer>& customers, const std::vector<char>& tiers);

/// Each rep's base: the customer of his that is closest in total to all his others (the medoid), so a rep
/// with no base given starts where his customers are; without coordinates, his most frequent city.
std::vector<rep_base> rep_bases(const std::vector<visit_customer>& customers);

}  // namespace crm
