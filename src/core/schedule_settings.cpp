// The plan's settings (spec "The visit schedule": Options): the one check of a plan's options, the options of
// the settings a user gave, and the purposes of the visits (seed 000).
#include <cmath>

#include "crm/calendar.hpp"
#include "crm/error.hpp"
#include "crm/schedule.hpp"
#include "schedule_parts.hpp"

namespace crm {

namespace {

// The schedule_options field of each setting, the name a direct caller of the core knows.
std::string field_name(plan_setting setting) {
    static const char* const names[] = {"year", "start_date", "visits_per_year", "visits_per_year", "visits_per_year",
                                        "visit_minutes", "visit_minutes", "visit_minutes", "max_visits_per_day",
                                        "hours_per_day", "speed_kmh", "holidays", "day_start_hour",
                                        "minutes_between_stops", "days", "from"};
    return names[static_cast<std::size_t>(setting)];
}

bool whole(double v) { return std::isfinite(v) && v == std::floor(v); }

}  // namespace

// The ranges every front end shares (a value outside is refused, never clamped): visits a year 1..366,
// visit lengths 1..1440 minutes, most visits a day 1..100, working hours (0, 24] ending by midnight, speed
// (0, 1000] km/h, a period of 0..3660 days from a date of 1900..9998, the day's start in [0, 24) hours, and
// 0..600 minutes between two stops of unknown distance.
void validate(const schedule_options& o, std::string (*name_of)(plan_setting)) {
    if (!name_of) name_of = field_name;
    const auto check = [&](bool holds, plan_setting setting, setting_rule rule) {
        if (!holds) throw invalid_setting(name_of(setting), rule);
    };
    check(std::isfinite(o.start_date) && o.start_date >= serial_from_civil({1900, 1, 1}) &&
              o.start_date < serial_from_civil({9999, 1, 1}),
          plan_setting::start_date, setting_rule::date_from_1900_to_9998);
    check(o.days >= 0 && o.days <= 3660, plan_setting::period_days, setting_rule::days_from_0_to_3660);
    const plan_setting visits[3] = {plan_setting::visits_a, plan_setting::visits_b, plan_setting::visits_c};
    const plan_setting minutes[3] = {plan_setting::minutes_a, plan_setting::minutes_b, plan_setting::minutes_c};
    for (std::size_t t = 0; t < 3; ++t) {
        check(o.visits_per_year[t] >= 1 && o.visits_per_year[t] <= 366, visits[t], setting_rule::whole_number_from_1_to_366);
        check(std::isfinite(o.visit_minutes[t]) && o.visit_minutes[t] >= 1 && o.visit_minutes[t] <= 1440, minutes[t],
              setting_rule::minutes_from_1_to_1440);
    }
    check(o.max_visits_per_day >= 1 && o.max_visits_per_day <= 100, plan_setting::max_visits_per_day,
          setting_rule::whole_number_from_1_to_100);
    check(std::isfinite(o.hours_per_day) && o.hours_per_day > 0 && o.hours_per_day <= 24, plan_setting::hours_per_day,
          setting_rule::hours_above_0_to_24);
    check(std::isfinite(o.speed_kmh) && o.speed_kmh > 0 && o.speed_kmh <= 1000, plan_setting::speed_kmh,
          setting_rule::speed_above_0_to_1000);
    check(std::isfinite(o.day_start_hour) && o.day_start_hour >= 0 && o.day_start_hour < 24, plan_setting::day_start,
          setting_rule::hour_from_0_to_24);
    check(o.day_start_hour + o.hours_per_day <= 24 + 1e-9, plan_setting::hours_per_day, setting_rule::day_ends_by_midnight);
    check(std::isfinite(o.minutes_between_stops) && o.minutes_between_stops >= 0 && o.minutes_between_stops <= 600,
          plan_setting::minutes_between_stops, setting_rule::minutes_from_0_to_600);
    for (double h : o.holidays) check(std::isfinite(h), plan_setting::holidays, setting_rule::dates_only);
    check(o.from == 0 || (std::isfinite(o.from) && std::floor(o.from) >= std::floor(o.start_date) &&
                          std::floor(o.from) < std::floor(o.start_date) + o.days),
          plan_setting::from, setting_rule::date_in_period);
}

schedule_options schedule_options_from(const plan_settings& settings, int this_year, std::string (*name_of)(plan_setting)) {
    const auto fail = [&](plan_setting which, setting_rule rule) { throw invalid_setting(name_of(which), rule); };
    schedule_options o;
    if (settings.start_date) {
        if (!(std::isfinite(*settings.start_date) && *settings.start_date >= serial_from_civil({1900, 1, 1}) &&
              *settings.start_date < serial_from_civil({9999, 1, 1})))
            fail(plan_setting::start_date, setting_rule::date_from_1900_to_9998);
        o.start_date = std::floor(*settings.start_date);
        const civil_date from = civil_from_serial(o.start_date);
        o.days = static_cast<int>(serial_from_civil({from.year + 1, from.month, from.day}) - o.start_date);
    } else {
        const double y = settings.year.value_or(this_year + 1);
        if (!(y >= 1900 && y <= 9998 && whole(y))) fail(plan_setting::year, setting_rule::year_from_1900_to_9998);
        const int year = static_cast<int>(y);
        o.start_date = serial_from_civil({year, 1, 1});
        o.days = static_cast<int>(serial_from_civil({year + 1, 1, 1}) - o.start_date);
    }
    // Whole numbers are checked here, where a user's 4.5 visits can still be told apart from 4.
    const plan_setting visit_names[3] = {plan_setting::visits_a, plan_setting::visits_b, plan_setting::visits_c};
    for (std::size_t i = 0; i < 3; ++i) {
        const double visits = settings.visits_per_year[i].value_or(o.visits_per_year[i]);
        if (!(whole(visits) && visits >= 1 && visits <= 366)) fail(visit_names[i], setting_rule::whole_number_from_1_to_366);
        o.visits_per_year[i] = static_cast<int>(visits);
        o.visit_minutes[i] = settings.visit_minutes[i].value_or(o.visit_minutes[i]);
    }
    const double per_day = settings.max_visits_per_day.value_or(o.max_visits_per_day);
    if (!(whole(per_day) && per_day >= 1 && per_day <= 100))
        fail(plan_setting::max_visits_per_day, setting_rule::whole_number_from_1_to_100);
    o.max_visits_per_day = static_cast<int>(per_day);
    o.hours_per_day = settings.hours_per_day.value_or(o.hours_per_day);
    o.speed_kmh = settings.speed_kmh.value_or(o.speed_kmh);
    if (settings.day_start) {
        if (!(std::isfinite(*settings.day_start) && *settings.day_start >= 0 && *settings.day_start < 1))
            fail(plan_setting::day_start, setting_rule::hour_from_0_to_24);
        o.day_start_hour = *settings.day_start * 24.0;
    }
    o.minutes_between_stops = settings.minutes_between_stops.value_or(o.minutes_between_stops);
    o.holidays = settings.holidays;
    if (settings.from) o.from = std::isfinite(*settings.from) ? std::floor(*settings.from) : *settings.from;
    validate(o, name_of);
    return o;
}

int plan_year(const schedule_options& options) { return civil_from_serial(std::floor(options.start_date)).year; }

// Seed 000 gives a visit three purposes: listen and find the customer's problems, bring the new policies
// and promotions, help a potential customer grow. A and B customers (the ones carrying the sales) are
// first visited to listen; their visits then alternate between bringing the new policies and promotions
// and listening again. C customers are the potential customers, so each of their visits is to help them grow.
visit_purpose purpose_of_visit(char tier, int visit_index) {
    if (detail::tier_index(tier) == 2) return visit_purpose::help_grow;
    return visit_index % 2 == 0 ? visit_purpose::listen_to_problems : visit_purpose::present_policies_and_promotions;
}

}  // namespace crm
