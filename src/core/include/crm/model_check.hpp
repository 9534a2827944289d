// The model check of analyze (spec wizard.md "Model check (held-out time)"): the purchase models fitted on the
// orders before a calibration end and judged on the repeat purchases after it (Fader, Hardie & Lee 2005, §5).
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "crm/transactions.hpp"

namespace crm {

/// The purchase models the check compares, in the order the result lists them.
enum class purchase_model { bgnbd, pareto_nbd, mbgnbd };
inline constexpr std::array<purchase_model, 3> purchase_models{purchase_model::bgnbd, purchase_model::pareto_nbd,
                                                               purchase_model::mbgnbd};
/// The option value naming a model: "bgnbd", "pnbd", "mbgnbd".
const char* model_key(purchase_model model) noexcept;
/// The model an option value names (case-insensitive), if any.
std::optional<purchase_model> model_from_key(const std::string& key);

/// Customers by repeat purchases in calibration: 0, 1, …, 6 and 7 or more.
inline constexpr std::size_t frequency_classes = 8;

/// One model fitted on the calibration period and judged on the holdout.
struct checked_model {
    purchase_model model = purchase_model::bgnbd;
    bool fitted = false;        ///< false: the fit did not converge at any penalty (`failure` says why)
    std::string failure;
    std::array<double, 4> parameters{};  ///< the model's order: r, alpha, a, b (BG/NBD, MBG/NBD); r, alpha, s, beta
    std::optional<std::array<double, 4>> standard_errors;
    double log_likelihood = 0;
    double penalty = 0;  ///< the smallest of fit_penalties that answered
    std::vector<double> predicted;       ///< expected holdout repeat purchases of each customer given calibration
    double predicted_total = 0;          ///< their sum
    double mean_absolute_error = 0;      ///< mean over customers of |predicted − actual|
    std::vector<double> tracking;        ///< expected cumulative repeat purchases at each point of the tracking
    std::array<double, frequency_classes> frequency{};  ///< expected customers by repeat purchases in calibration
};

/// What the check found.
struct model_check_result {
    double first_day = 0;        ///< the earliest first purchase (Calc serial)
    double calibration_end = 0;  ///< the last day of calibration (its purchases count in calibration)
    double holdout_end = 0;      ///< the last day of the holdout (the latest purchase day)
    double holdout_length = 0;   ///< in time units
    /// The customers whose first purchase is in calibration (the cohort the models describe), and theirs.
    std::vector<std::string> ids;
    std::vector<double> x, t_x, T;  ///< at the calibration end, in time units
    std::vector<double> actual;     ///< repeat purchase days in the holdout
    double actual_total = 0;
    /// The tracking points: days (Calc serials) a time unit apart ending on the calibration end, from the first
    /// one after the first day, and the holdout's points to its last day; the actual cumulative repeat purchases
    /// of the cohort up to each (days on or before it).
    std::vector<double> tracking_days, tracking_actual;
    std::array<double, frequency_classes> frequency_actual{};
    std::vector<checked_model> models;  ///< one per purchase_models, in that order
    std::optional<std::size_t> best;    ///< the fitted model with the lowest mean absolute error
};

/// The calibration end of a holdout of `holdout_units` time units that ends on the histories' latest purchase
/// day. Throws illegal_argument when no purchase day is known or the holdout is not above 0.
double calibration_end_for_holdout(const std::vector<customer_history>& histories, double holdout_units,
                                   double time_unit_days = 7.0);

/// Splits each history (aggregate_transactions at the latest order's date or after) at `calibration_end`,
/// fits each model on the calibration period with the smallest penalty that answers, and judges it on the
/// holdout. Throws illegal_argument when the calibration end leaves no customer before it, no day after it, or
/// no repeat purchase in calibration.
model_check_result check_models(const std::vector<customer_history>& histories, double calibration_end,
                                double time_unit_days = 7.0);

/// The model the Customers sheet uses: `forced` when given, else the check's best, else BG/NBD.
purchase_model chosen_model(const model_check_result* check, std::optional<purchase_model> forced);

}  // namespace crm
