// The pure logic the jobs share, whatever their front end (office sheets or crm-cli's CSV files):
// the tiering choice, every customer's tier, the customers to visit and each rep's base.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crm/customers.hpp"
#include "crm/error.hpp"
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

/// Spec "Models on real data": when a plain fit has no interior maximum (its parameters run off to the
/// boundary, as on a store log where nearly every customer buys again and again), the jobs refit with the
/// smallest of these penalties that converges (lifetimes' penalizer_coef), and say so.
inline constexpr std::array<double, 4> fit_penalties{0.0, 0.001, 0.01, 0.1};

/// The first fit of fit_penalties that converges: fit(penalty) for each in turn; the last failure is rethrown.
template <class Fit>
auto fit_that_answers(Fit&& fit) -> decltype(fit(0.0)) {
    for (std::size_t k = 0;; ++k) {
        try {
            return fit(fit_penalties[k]);
        } catch (const no_convergence&) {
            if (k + 1 == fit_penalties.size()) throw;
        }
    }
}

/// Each rep's base: the customer of his that is closest in total to all his others (the medoid), so a rep
/// with no base given starts where his customers are; without coordinates, his most frequent city.
std::vector<rep_base> rep_bases(const std::vector<visit_customer>& customers);

}  // namespace crm
