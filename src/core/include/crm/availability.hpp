// When a customer can be visited and a rep works (spec wizard.md "Plans the reps can use"): visit days written in
// the four languages' weekday words, opening hours, and a rep's days off.
#pragma once

#include <array>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

namespace crm {

/// Weekdays, Monday first (crm::weekday's convention).
using weekday_set = std::array<bool, 7>;

/// The weekdays a text names: single days and ranges in English, French or Chinese words, or numbers 1..7 with
/// 1 = Monday ("Mon-Thu", "lun.-jeu.", "lundi, mercredi et vendredi", "周一至周四", "星期二、星期四", "1-4",
/// "Mon-Fri except Wed"); a range wraps over the week's end ("Fri-Mon"). nullopt for a text that names no day or
/// holds a word that is not one (it is reported, never guessed).
std::optional<weekday_set> parse_weekdays(std::string_view text);

/// A window of the day in minutes after midnight, [open, close).
using time_window = std::pair<double, double>;

/// The opening hours a text gives: one or more windows "09:00-12:00", "9h-12h, 14h-18h30", "09:00–12:00 / 14:00–18:00",
/// "9:00 à 12:00", "9点-12点", sorted and disjoint (overlaps merged). nullopt for text that is not such windows or a
/// window that closes before it opens.
std::optional<std::vector<time_window>> parse_opening_hours(std::string_view text);

/// Calc serial dates (whole days) of a rep's days off: dates and ranges separated by commas, semicolons or new
/// lines ("2027-07-01..2027-07-31; 24/12/2027", "2027-08-02 - 2027-08-20"), each in the document's date style
/// (`day_first` for a text whose day and month order is not clear). nullopt for text that holds something else or a
/// range that ends before it starts.
std::optional<std::vector<double>> parse_days_off(std::string_view text, bool day_first);

}  // namespace crm
