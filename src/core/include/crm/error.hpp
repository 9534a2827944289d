// The one error type of the core: what went wrong, and how Calc should show it.
#pragma once

#include <stdexcept>
#include <string>
#include <utility>

namespace crm {

/// How an adapter reports a core error to the office (Err:502 or Err:523 in Calc).
enum class error_kind { illegal_argument, no_convergence };

/// Every error the core raises: a plain message and its kind.
class error : public std::runtime_error {
public:
    error(error_kind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
    /// What kind of error this is (decides the cell error shown in Calc).
    error_kind kind() const noexcept { return kind_; }

private:
    error_kind kind_;
};

/// An argument outside the function's domain, or a result that is not finite (Calc: Err:502).
class illegal_argument : public error {
public:
    explicit illegal_argument(const std::string& message) : error(error_kind::illegal_argument, message) {}
};

/// The rule a setting given by the user broke. Adapters word it in the user's language; the English wording
/// (rule_wording) follows the setting's name in what(), which crm-cli prints as it is.
enum class setting_rule {
    // schedule_options_from: the plan settings as a user gives them
    date_from_1900_to_9998,      ///< StartDate
    year_from_1900_to_9998,      ///< Year
    whole_number_from_1_to_366,  ///< visits a year per tier
    minutes_from_1_to_1440,      ///< visit length per tier
    whole_number_from_1_to_100,  ///< most visits a day
    hours_above_0_to_24,         ///< working hours a day
    speed_above_0_to_1000,       ///< travel speed, km/h
    dates_only,                  ///< holidays
    // make_tiering_choice and the tier-share checks
    tiering_method,              ///< "pareto", "count" or "growth"
    pareto_shares_in_order,      ///< 0 < a_share <= b_share <= 1
    count_shares_in_order,       ///< 0 < a_top <= b_top <= 1
    days_from_0_to_3660,         ///< the period
    hour_from_0_to_24,           ///< when the day starts: 0 <= h < 24
    day_ends_by_midnight,        ///< DayStart + HoursPerDay <= 24
    minutes_from_0_to_600,       ///< travel between stops of unknown distance
    date_in_period               ///< From: a re-plan starts on a day of the period
};

/// The English wording of a rule, as it follows the setting's name ("must be a year from 1900 to 9998").
constexpr const char* rule_wording(setting_rule rule) noexcept {
    switch (rule) {
        case setting_rule::date_from_1900_to_9998: return "must be a date from 1900 to 9998";
        case setting_rule::year_from_1900_to_9998: return "must be a year from 1900 to 9998";
        case setting_rule::whole_number_from_1_to_366: return "must be a whole number from 1 to 366";
        case setting_rule::minutes_from_1_to_1440: return "must be from 1 to 1440 minutes";
        case setting_rule::whole_number_from_1_to_100: return "must be a whole number from 1 to 100";
        case setting_rule::hours_above_0_to_24: return "must be more than 0 and at most 24";
        case setting_rule::speed_above_0_to_1000: return "must be more than 0 and at most 1000 km/h";
        case setting_rule::dates_only: return "must hold dates only";
        case setting_rule::tiering_method: return "must be \"pareto\", \"count\" or \"growth\"";
        case setting_rule::pareto_shares_in_order: return "must satisfy 0 < a_share <= b_share <= 1";
        case setting_rule::count_shares_in_order: return "must satisfy 0 < a_top <= b_top <= 1";
        case setting_rule::days_from_0_to_3660: return "must be from 0 to 3660 days";
        case setting_rule::hour_from_0_to_24: return "must be a time from 00:00 to before 24:00";
        case setting_rule::day_ends_by_midnight: return "must leave the working day ending by midnight";
        case setting_rule::minutes_from_0_to_600: return "must be from 0 to 600 minutes";
        case setting_rule::date_in_period: return "must be a date within the planned period";
    }
    return "is out of range";  // not reached: every rule is listed above
}

/// A setting out of its rule, told as data: the setting's name as its front end calls it ("MaxVisitsPerDay",
/// "--max-visits-per-day") and the rule broken. what() is the English sentence "<setting> <rule wording>".
class invalid_setting : public illegal_argument {
public:
    invalid_setting(std::string setting, setting_rule rule)
        : illegal_argument(setting + " " + rule_wording(rule)), setting_(std::move(setting)), rule_(rule) {}
    /// The setting's name, as the caller of the core named it.
    const std::string& setting() const noexcept { return setting_; }
    /// The rule the value broke.
    setting_rule rule() const noexcept { return rule_; }

private:
    std::string setting_;
    setting_rule rule_;
};

/// An iterative estimate that did not converge (Calc: Err:523).
class no_convergence : public error {
public:
    explicit no_convergence(const std::string& message) : error(error_kind::no_convergence, message) {}
};

/// A run stopped because the user asked it to (not an error: adapters undo what the run wrote).
class cancelled : public std::exception {
public:
    const char* what() const noexcept override { return "cancelled"; }
};

/// Throws illegal_argument with `message` unless `condition` holds.
inline void require(bool condition, const char* message) {
    if (!condition) throw illegal_argument(message);
}

/// Returns `value` if it is finite, else throws illegal_argument (no made-up numbers reach a cell).
inline double finite_or_throw(double value, const char* what) {
    if (!(value - value == 0.0)) throw illegal_argument(std::string(what) + ": result is not a finite number");
    return value;
}

}  // namespace crm
