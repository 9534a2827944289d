// Visit days, opening hours and days off as managers write them in four languages.
#include <gtest/gtest.h>

#include "crm/availability.hpp"
#include "crm/text_values.hpp"

namespace {

crm::weekday_set days(std::initializer_list<int> list) {
    crm::weekday_set s{};
    for (int d : list) s[static_cast<std::size_t>(d)] = true;
    return s;
}

}  // namespace

TEST(parse_weekdays, ranges_and_lists_in_four_languages) {
    const crm::weekday_set mon_thu = days({0, 1, 2, 3});
    for (const char* text : {"Mon-Thu", "mon - thu", "Monday to Thursday", "lun.-jeu.", "du lundi au jeudi", "lundi à jeudi",
                             "周一至周四", "週一至週四", "星期一到星期四", "周一至四", "1-4", "Mo-Th", "Ｍｏｎ－Ｔｈｕ", "1–4"})
        EXPECT_EQ(crm::parse_weekdays(text), mon_thu) << text;
    for (const char* text : {"Mon, Wed, Fri", "lundi, mercredi et vendredi", "Mon/Wed/Fri", "周一、周三、周五", "周一、三、五",
                             "星期一，星期三，星期五", "1,3,5", "Mondays, Wednesdays and Fridays"})
        EXPECT_EQ(crm::parse_weekdays(text), days({0, 2, 4})) << text;
    EXPECT_EQ(crm::parse_weekdays("Fri-Mon"), days({4, 5, 6, 0}));  // over the week's end
    EXPECT_EQ(crm::parse_weekdays("Mon-Fri except Wed"), days({0, 1, 3, 4}));
    EXPECT_EQ(crm::parse_weekdays("lun-ven sauf mer"), days({0, 1, 3, 4}));
    EXPECT_EQ(crm::parse_weekdays("工作日除周三"), days({0, 1, 3, 4}));
    EXPECT_EQ(crm::parse_weekdays("weekdays"), days({0, 1, 2, 3, 4}));
    EXPECT_EQ(crm::parse_weekdays("tous les jours"), days({0, 1, 2, 3, 4, 5, 6}));
    EXPECT_EQ(crm::parse_weekdays("每天"), days({0, 1, 2, 3, 4, 5, 6}));
    EXPECT_EQ(crm::parse_weekdays("星期日"), days({6}));
    EXPECT_EQ(crm::parse_weekdays("Sat"), days({5}));
}

TEST(parse_weekdays, anything_else_is_not_guessed) {
    for (const char* text : {"", " ", "soon", "Mon-", "-Fri", "8", "12", "周八", "Monday or so", "except Mon", "March",
                             "lun;;;xyz"})
        EXPECT_FALSE(crm::parse_weekdays(text).has_value()) << text;
}

TEST(parse_opening_hours, windows_in_the_usual_forms) {
    using w = std::vector<crm::time_window>;
    EXPECT_EQ(crm::parse_opening_hours("09:00-12:00"), (w{{540, 720}}));
    EXPECT_EQ(crm::parse_opening_hours("9h-12h, 14h-18h30"), (w{{540, 720}, {840, 1110}}));
    EXPECT_EQ(crm::parse_opening_hours("09:00–12:00 / 14:00–18:00"), (w{{540, 720}, {840, 1080}}));
    EXPECT_EQ(crm::parse_opening_hours("9:00 à 12:00 et 14:00 à 17:00"), (w{{540, 720}, {840, 1020}}));
    EXPECT_EQ(crm::parse_opening_hours("9点-12点"), (w{{540, 720}}));
    EXPECT_EQ(crm::parse_opening_hours("9點30-17點"), (w{{570, 1020}}));
    EXPECT_EQ(crm::parse_opening_hours("9am-5pm"), (w{{540, 1020}}));
    EXPECT_EQ(crm::parse_opening_hours("14:00-18:00, 09:00-12:30"), (w{{540, 750}, {840, 1080}}));  // sorted
    EXPECT_EQ(crm::parse_opening_hours("9-13, 12-15"), (w{{540, 900}}));  // overlaps merged
    for (const char* text : {"", "closed", "12:00-09:00", "9:00", "9:7-10", "25:00-26:00", "9:00-", "morning"})
        EXPECT_FALSE(crm::parse_opening_hours(text).has_value()) << text;
}

TEST(parse_days_off, dates_and_ranges) {
    const double july1 = crm::serial_date(2027, 7, 1);
    const auto off = crm::parse_days_off("2027-07-01..2027-07-03; 24/12/2027", true);
    ASSERT_TRUE(off.has_value());
    EXPECT_EQ(*off, (std::vector<double>{july1, july1 + 1, july1 + 2, crm::serial_date(2027, 12, 24)}));
    const auto spaced = crm::parse_days_off("2027-08-02 - 2027-08-06", false);
    ASSERT_TRUE(spaced.has_value());
    EXPECT_EQ(spaced->size(), 5u);
    EXPECT_EQ(crm::parse_days_off("12/24/2027", false), (std::vector<double>{crm::serial_date(2027, 12, 24)}));
    for (const char* text : {"", "holidays", "2027-07-10..2027-07-01", "2027-07-01..later"})
        EXPECT_FALSE(crm::parse_days_off(text, true).has_value()) << text;
}
