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
#include "crm/wording.hpp"

namespace crm {

/// How customers are put in tiers (spec wizard.md "The sidebar panel": Pareto 80/15/5, customer count 20/30/50,
/// growth and loyalty rule).
enum class tiering_method { pareto, count, growth };

/// A tiering method's name in options and files ("pareto", "count", "growth") and its default thresholds.
struct tiering_method_info {
    tiering_method method;
    std::string_view name;
    double a, b;  ///< the thresholds the method takes when none is given
};

/// The methods, in the order the panel lists them: the one home of their names and defaults.
inline constexpr std::array<tiering_method_info, 3> tiering_methods{{
    {tiering_method::pareto, "pareto", 0.8, 0.95},
    {tiering_method::count, "count", 0.2, 0.5},
    {tiering_method::growth, "growth", 0.2, 0.1},
}};

/// The information of a method.
const tiering_method_info& info(tiering_method method);

/// The tiering method and its two thresholds.
struct tiering_choice {
    tiering_method method = tiering_method::pareto;
    double a = tiering_methods[0].a;
    double b = tiering_methods[0].b;
};

/// The choice for the method named `method` ("pareto", "count" or "growth") with the method's default thresholds
/// unless given; throws invalid_setting for an unknown method ("Method", tiering_method) or thresholds the
/// method rejects ("shares", pareto_shares_in_order or count_shares_in_order).
tiering_choice make_tiering_choice(std::string_view method, std::optional<double> a = std::nullopt,
                                   std::optional<double> b = std::nullopt);

/// The tier letter of every customer by the chosen method (the same core rules as the cell functions).
std::vector<char> tiers_of(const std::vector<customer>& customers, const tiering_choice& tiering);

/// Why a customer is in each tier, A, B and C, under the choice, in the words of `texts` (the strings table:
/// "top 80 % of sales"): the Customers sheet's Reason column and the calendars' descriptions say the same.
std::array<std::string, 3> tier_reasons(const tiering_choice& tiering, const text_lookup& texts);

/// The customers as the planner takes them, each with its tier (tiers[i] for customers[i]) and, when given,
/// why that tier (`reasons` for A, B, C).
std::vector<visit_customer> visit_customers(const std::vector<customer>& customers, const std::vector<char>& tiers,
                                            const std::array<std::string, 3>& reasons = {});

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
