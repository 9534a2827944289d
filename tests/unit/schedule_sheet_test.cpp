// Tests of the schedule sheet's contract: the split of a schedule too long for one sheet, the names of its
// sheets read back in four languages, and the plan's problems worded from the one strings table.
#include "crm/schedule_sheet.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "addin_strings.hxx"
#include "crm/calendar.hpp"

namespace {

crm::text_lookup language(int lang) {
    return [lang](std::string_view key) -> std::string {
        const char* const* texts = crm_text::text_by_key(key);
        if (!texts) throw std::logic_error("no text " + std::string(key));
        return texts[lang];
    };
}

std::vector<std::string> patterns() {
    std::vector<std::string> out;
    for (const auto* texts : {&crm_text::sheet_visits, &crm_text::sheet_visits_quarter, &crm_text::sheet_visits_month})
        for (const char* p : *texts) out.emplace_back(p);
    return out;
}

std::vector<crm::visit> visits_per_day(int year, int per_day) {
    std::vector<crm::visit> out;
    const double start = crm::serial_from_civil({year, 1, 1}), end = crm::serial_from_civil({year + 1, 1, 1});
    for (double d = start; d < end; ++d)
        for (int k = 0; k < per_day; ++k) out.push_back({d, "r", k + 1, "c", "n", 'C', crm::visit_purpose::help_grow, {}, 600});
    return out;
}

TEST(split_schedule, one_sheet_when_it_fits_else_quarters_else_months_else_refused) {
    const auto year = visits_per_day(2027, 10);  // 3 650 visits, 900 a quarter, 300 a month
    auto parts = crm::split_schedule(year, 3651);
    ASSERT_TRUE(parts);
    ASSERT_EQ(parts->size(), 1u);
    EXPECT_EQ((*parts)[0].quarter, 0);
    parts = crm::split_schedule(year, 3650);  // the header row takes one
    ASSERT_TRUE(parts);
    ASSERT_EQ(parts->size(), 4u);
    std::size_t next = 0;
    for (int q = 0; q < 4; ++q) {
        EXPECT_EQ((*parts)[q].quarter, q + 1);
        EXPECT_EQ((*parts)[q].year, 2027);
        EXPECT_EQ((*parts)[q].begin, next);
        for (std::size_t i = (*parts)[q].begin; i < (*parts)[q].end; ++i)
            EXPECT_EQ((crm::civil_from_serial(year[i].date).month - 1) / 3, q);
        next = (*parts)[q].end;
    }
    EXPECT_EQ(next, year.size());
    parts = crm::split_schedule(year, 400);  // a quarter does not fit, a month does
    ASSERT_TRUE(parts);
    ASSERT_EQ(parts->size(), 12u);
    EXPECT_EQ((*parts)[11].month, 12);
    EXPECT_FALSE(crm::split_schedule(year, 300).has_value());  // 310 visits in January
    EXPECT_EQ(crm::sheet_rows, 1048576u);
}

TEST(read_schedule_name, reads_the_four_languages_whole_and_split) {
    const auto p = patterns();
    const auto whole = crm::read_schedule_name("Visits 2027", p);
    ASSERT_TRUE(whole);
    EXPECT_EQ(whole->year, 2027);
    EXPECT_EQ(whole->quarter, 0);
    EXPECT_EQ(crm::read_schedule_name("Visites 2027 T3", p)->quarter, 3);
    EXPECT_EQ(crm::read_schedule_name("2027年第2季度拜访计划", p)->quarter, 2);
    EXPECT_EQ(crm::read_schedule_name("2028年11月拜訪計畫", p)->month, 11);
    EXPECT_EQ(crm::read_schedule_name("Visits 2027-05", p)->month, 5);
    for (const char* not_one : {"Visits", "Visits 27", "Visits 2027 Q9", "Visits 2027-13", "Customers", "Visits 2027 "})
        EXPECT_FALSE(crm::read_schedule_name(not_one, p)) << not_one;
}

TEST(latest_schedule, the_last_schedule_and_its_parts) {
    const auto p = patterns();
    EXPECT_EQ(crm::latest_schedule({"Customers", "Visits 2026", "Summary", "Visits 2027"}, p), (std::vector<std::size_t>{3}));
    EXPECT_EQ(crm::latest_schedule({"Visits 2026", "Visits 2027 Q1", "Visits 2027 Q2", "Visits 2027 Q3", "Visits 2027 Q4"}, p),
              (std::vector<std::size_t>{1, 2, 3, 4}));
    EXPECT_EQ(crm::latest_schedule({"Visits 2027 Q4", "Notes", "Visits 2028 Q1", "Visits 2028 Q2"}, p),
              (std::vector<std::size_t>{2, 3}));
    EXPECT_TRUE(crm::latest_schedule({"Customers", "Summary"}, p).empty());
}

TEST(plan_problems, name_the_rep_or_all_customers_in_every_language) {
    crm::schedule_result plan;
    crm::capacity_shortfall one;
    one.rep = "Ana";
    one.customers = 10;
    one.visits_wanted = 120;
    one.visits_planned = 100;
    one.working_days = 20;
    one.visits_per_day = 5.04;
    one.reps_needed = 2;
    one.remedies = {{crm::shortfall_remedy::more_reps, 1}, {crm::shortfall_remedy::more_visits_per_day, 7},
                    {crm::shortfall_remedy::fewer_visits_per_year, 10, 'A'}};
    crm::capacity_shortfall all = one;
    all.rep = "";
    all.too_far = {"K1", "K2"};
    all.hours_for_too_far = 11.5;
    plan.shortfalls = {one, all};
    plan.notes = {"place_unknown::3", "place_unknown:Ana:2"};
    crm::schedule_options o;
    const auto en = crm::plan_problems(plan, o, language(0));
    ASSERT_EQ(en.size(), 5u);
    EXPECT_EQ(en[0], "Ana: 120 visits wanted, 100 planned, 20 not scheduled (20 working days of about 5 visits); to fix "
                     "it: add 1 sales reps to share Ana's customers or allow 7 visits a day or plan 10 visits a year for tier A");
    EXPECT_EQ(en[1].rfind("All customers: 120 visits wanted", 0), 0u) << en[1];
    EXPECT_NE(en[1].find("add 1 sales reps or"), std::string::npos) << en[1];
    EXPECT_EQ(en[2], "All customers: 2 customers (K1, K2) are too far from the start location to visit within 8 hours a "
                     "day, drives there and back included: such a day takes 11.5 hours; give them a rep who starts nearer");
    EXPECT_EQ(en[3].rfind("All customers: 3 customers have no coordinates", 0), 0u) << en[3];
    EXPECT_EQ(en[4].rfind("Ana: 2 customers have no coordinates", 0), 0u) << en[4];
    for (const auto& line : en) EXPECT_NE(line.rfind(": ", 0), 0u) << line;  // never a line without its subject
    const auto fr = crm::plan_problems(plan, o, language(1));
    EXPECT_EQ(fr[1].rfind("Tous les clients", 0), 0u) << fr[1];
    const auto zh = crm::plan_problems(plan, o, language(2));
    EXPECT_EQ(zh[1].rfind("所有客户", 0), 0u) << zh[1];
    EXPECT_NE(zh[0].find("增加 1 名销售代表分担 Ana 的客户"), std::string::npos) << zh[0];
    EXPECT_EQ(crm::plan_problems(plan, o, language(3))[1].rfind("所有客戶", 0), 0u);
}

TEST(schedule_sheet, keys_exist_in_the_strings_table) {
    for (const auto key : crm::schedule_header_keys()) EXPECT_NE(crm_text::text_by_key(key), nullptr) << key;
    for (const auto key : crm::missing_visits_keys()) EXPECT_NE(crm_text::text_by_key(key), nullptr) << key;
    for (int d = 0; d < 7; ++d) EXPECT_NE(crm_text::text_by_key(crm::weekday_key(d)), nullptr);
    for (const auto p : {crm::visit_purpose::listen_to_problems, crm::visit_purpose::present_policies_and_promotions,
                         crm::visit_purpose::help_grow})
        EXPECT_NE(crm_text::text_by_key(crm::purpose_key(p)), nullptr);
    EXPECT_EQ(crm::weekday_key(0), "weekday_monday");  // crm::weekday counts from Monday
    EXPECT_EQ(crm::weekday(crm::serial_from_civil({2027, 1, 4})), 0);  // 4 January 2027 is a Monday
}

TEST(plan_problems, unavailable_customers_are_said_in_every_language) {
    crm::schedule_result plan;
    plan.unavailable = {{"K1", "k", "Ana", crm::unavailable_reason::no_visit_day},
                        {"K2", "k", "Ana", crm::unavailable_reason::hours_too_short},
                        {"K3", "k", "Ana", crm::unavailable_reason::hours_too_short}};
    const crm::schedule_options o;
    const auto en = crm::plan_problems(plan, o, language(0));
    ASSERT_EQ(en.size(), 2u);
    EXPECT_EQ(en[0].rfind("Ana: 1 customers have no visit day", 0), 0u) << en[0];
    EXPECT_NE(en[0].find("K1"), std::string::npos);
    EXPECT_NE(en[1].find("K2, K3"), std::string::npos) << en[1];
    EXPECT_NE(crm::plan_problems(plan, o, language(1))[0].find("Jours de visite"), std::string::npos);
    EXPECT_NE(crm::plan_problems(plan, o, language(2))[0].find("拜访日"), std::string::npos);
    EXPECT_NE(crm::plan_problems(plan, o, language(3))[0].find("拜訪日"), std::string::npos);
}

// Re-planning reads the schedule as planVisits (date and time cells) and crm-cli (ISO text) write it.
TEST(visits_to_keep, before_from_or_marked_done) {
    using namespace std::string_literals;
    const double july = crm::serial_from_civil({2027, 7, 1});
    crm::table rows{{"Date"s, "Weekday"s, "Rep"s, "Stop"s, "Id"s, "Name"s, "Tier"s, "Purpose"s, "km"s, "Arrival"s, "Done"s}};
    rows.push_back({july - 3, "Mon"s, "Ana"s, 1.0, "K1"s, "n"s, "A"s, "p"s, 12.5, 0.375, std::monostate{}});
    rows.push_back({july + 10, "Mon"s, "Ana"s, 2.0, "K2"s, "n"s, "B"s, "p"s, std::monostate{}, 0.5, "✓"s});
    rows.push_back({"2027-07-20"s, "Tue"s, "Ana"s, 1.0, "K3"s, "n"s, "C"s, "p"s, 3.0, "09:15"s, "oui"s});
    rows.push_back({july + 30, "Mon"s, "Ana"s, 1.0, "K4"s, "n"s, "C"s, "p"s, 3.0, "09:15"s, std::monostate{}});
    rows.push_back({"Customers with missing visits"s});
    const auto kept = crm::visits_to_keep(rows, july);
    ASSERT_EQ(kept.size(), 3u);
    EXPECT_EQ(kept[0].customer_id, "K1");
    EXPECT_FALSE(kept[0].done);
    EXPECT_DOUBLE_EQ(kept[0].arrival_minutes_from_midnight, 540);
    EXPECT_DOUBLE_EQ(*kept[0].km_from_previous, 12.5);
    EXPECT_TRUE(kept[1].done);
    EXPECT_FALSE(kept[1].km_from_previous);
    EXPECT_EQ(kept[2].customer_id, "K3");
    EXPECT_DOUBLE_EQ(kept[2].date, crm::serial_from_civil({2027, 7, 20}));
    EXPECT_DOUBLE_EQ(kept[2].arrival_minutes_from_midnight, 555);
    for (const char* mark : {"x", "X", "✓", "Yes", "fait", "是", "已完成", "已拜訪", "1"}) EXPECT_TRUE(crm::is_done_mark(mark)) << mark;
    for (const char* mark : {"", "no", "non", "否", "later", "0"}) EXPECT_FALSE(crm::is_done_mark(mark)) << mark;
}

TEST(location_text, address_postal_code_town_country_as_known) {
    crm::visit_customer c;
    EXPECT_EQ(crm::location_text(c), "");
    c.city = "Lyon";
    EXPECT_EQ(crm::location_text(c), "Lyon");
    c.postal_code = "69003";
    c.country = "FR";
    EXPECT_EQ(crm::location_text(c), "69003 Lyon, FR");
    c.address = "12 rue de la Paix";
    EXPECT_EQ(crm::location_text(c), "12 rue de la Paix, 69003 Lyon, FR");
    c.address = "12 rue de la Paix, 69003 Lyon";  // an address with its town is not repeated
    EXPECT_EQ(crm::location_text(c), "12 rue de la Paix, 69003 Lyon, FR");
}

// Spec "Calendars": the whole calendar, and one per rep by default when there are several.
TEST(schedule_calendars, one_per_rep_when_there_are_several) {
    crm::calendar_event a;
    a.date = crm::serial_from_civil({2027, 1, 4});
    a.start_minutes = 540;
    a.duration_minutes = 60;
    a.rep = "Ana";
    a.customer_id = "K1";
    a.summary = "K1";
    crm::calendar_event b = a;
    b.rep = "Li";
    crm::ical_options o;
    o.dtstamp_utc = a.date;
    const auto two = crm::schedule_calendars({a, b}, o, std::nullopt, language(1));
    ASSERT_EQ(two.size(), 3u);
    EXPECT_EQ(two[0].rep, "");
    EXPECT_NE(two[0].text.find("X-WR-CALNAME:Visites clients\r\n"), std::string::npos);
    EXPECT_EQ(two[1].rep, "Ana");
    EXPECT_NE(two[1].text.find("X-WR-CALNAME:Visites clients : Ana"), std::string::npos);
    EXPECT_EQ(two[2].rep, "Li");
    EXPECT_EQ(std::count(two[2].text.begin(), two[2].text.end(), '\n') < std::count(two[0].text.begin(), two[0].text.end(), '\n'), true);
    EXPECT_EQ(crm::schedule_calendars({a}, o, std::nullopt, language(0)).size(), 1u);
    EXPECT_EQ(crm::schedule_calendars({a}, o, true, language(0)).size(), 2u);
    EXPECT_EQ(crm::schedule_calendars({a, b}, o, false, language(0)).size(), 1u);
    EXPECT_EQ(crm::visit_description("Listen", "top 80 % of sales", crm::serial_from_civil({2026, 11, 3}), language(0)),
              "Listen\nWhy this tier: top 80 % of sales\nLast order: 2026-11-03");
    EXPECT_EQ(crm::visit_description("Listen", "", std::nullopt, language(0)), "Listen");
}

}  // namespace
