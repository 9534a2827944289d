// The core's errors: a refused setting told as data (setting, rule) with the English sentence crm-cli prints.
#include "crm/error.hpp"

#include <set>
#include <string>

#include <gtest/gtest.h>

namespace {

constexpr crm::setting_rule kEveryRule[] = {
    crm::setting_rule::date_from_1900_to_9998, crm::setting_rule::year_from_1900_to_9998,
    crm::setting_rule::whole_number_from_1_to_366, crm::setting_rule::minutes_from_1_to_1440,
    crm::setting_rule::whole_number_from_1_to_100, crm::setting_rule::hours_above_0_to_24,
    crm::setting_rule::speed_above_0_to_1000, crm::setting_rule::dates_only, crm::setting_rule::tiering_method,
    crm::setting_rule::pareto_shares_in_order, crm::setting_rule::count_shares_in_order,
    crm::setting_rule::days_from_0_to_3660, crm::setting_rule::hour_from_0_to_24,
    crm::setting_rule::day_ends_by_midnight, crm::setting_rule::minutes_from_0_to_600};

TEST(invalid_setting, carries_the_setting_and_the_rule_and_says_them_in_english) {
    const crm::invalid_setting e("MaxVisitsPerDay", crm::setting_rule::whole_number_from_1_to_100);
    EXPECT_EQ(e.setting(), "MaxVisitsPerDay");
    EXPECT_EQ(e.rule(), crm::setting_rule::whole_number_from_1_to_100);
    EXPECT_STREQ(e.what(), "MaxVisitsPerDay must be a whole number from 1 to 100");
    EXPECT_EQ(e.kind(), crm::error_kind::illegal_argument);  // Err:502 in a cell, IllegalArgumentException in a job
}

TEST(invalid_setting, is_caught_as_an_illegal_argument_and_as_a_core_error) {
    const auto thrower = [] { throw crm::invalid_setting("--year", crm::setting_rule::year_from_1900_to_9998); };
    EXPECT_THROW(thrower(), crm::illegal_argument);
    try {
        thrower();
        ADD_FAILURE() << "not thrown";
    } catch (const crm::error& e) {  // crm-cli's and guarded()'s catch: the English sentence, setting first
        EXPECT_STREQ(e.what(), "--year must be a year from 1900 to 9998");
    }
}

TEST(invalid_setting, every_rule_has_its_own_english_wording) {
    std::set<std::string> wordings;
    for (const auto rule : kEveryRule) {
        const std::string wording = crm::rule_wording(rule);
        EXPECT_EQ(wording.rfind("must ", 0), 0u) << wording;  // reads on after the setting's name
        EXPECT_NE(wording, "is out of range");                  // the fallback is never reached
        wordings.insert(wording);
    }
    EXPECT_EQ(wordings.size(), std::size(kEveryRule));
}

}  // namespace
