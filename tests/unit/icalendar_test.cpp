// Tests of the iCalendar (RFC 5545) and CSV exports of the visit schedule.
#include "crm/icalendar.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "crm/error.hpp"

namespace {

constexpr double monday_2024_01_01 = 45292;

// A tiny reader of our own output: splits on CRLF, checks every physical line, unfolds the
// continuation lines and returns the content lines.
std::vector<std::string> unfold(const std::string& text) {
    std::vector<std::string> lines;
    std::size_t pos = 0;
    while (pos < text.size()) {
        const std::size_t end = text.find("\r\n", pos);
        EXPECT_NE(end, std::string::npos) << "a line does not end in CRLF";
        if (end == std::string::npos) break;
        const std::string physical = text.substr(pos, end - pos);
        EXPECT_LE(physical.size(), 75u) << physical;
        EXPECT_EQ(physical.find('\n'), std::string::npos);
        EXPECT_EQ(physical.find('\r'), std::string::npos);
        if (!physical.empty() && physical[0] == ' ') {
            EXPECT_FALSE(lines.empty());
            if (!lines.empty()) lines.back() += physical.substr(1);
        } else {
            lines.push_back(physical);
        }
        pos = end + 2;
    }
    return lines;
}

// Reverses RFC 5545 TEXT escaping.
std::string unescape(const std::string& text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '\\' || i + 1 == text.size()) {
            out += text[i];
            continue;
        }
        const char next = text[++i];
        out += next == 'n' || next == 'N' ? '\n' : next;
    }
    return out;
}

std::string lf_only(std::string text) {
    for (std::size_t at; (at = text.find("\r\n")) != std::string::npos;) text.erase(at, 1);
    return text;
}

bool valid_utf8(const std::string& s) {
    for (std::size_t i = 0; i < s.size();) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        const std::size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
        if (n == 0 || i + n > s.size()) return false;
        for (std::size_t k = 1; k < n; ++k)
            if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
        i += n;
    }
    return true;
}

std::vector<crm::calendar_event> sample_events() {
    std::vector<crm::calendar_event> events;
    const std::vector<std::string> names = {"上海明珠贸易有限公司华东区域销售与客户服务中心（浦东新区分部）第二办公室",
                                            "Dupont, Fils & Cie; \"Le Comptoir\"\\Lyon", "臺北市信義區客戶服務中心股份有限公司",
                                            "Line one\nLine two\r\nLine three"};
    for (int i = 0; i < 40; ++i) {
        crm::calendar_event e;
        e.date = monday_2024_01_01 + i / 4;
        e.stop = i % 4 + 1;
        e.start_minutes = 510 + 75 * (i % 4) + 0.4;
        e.duration_minutes = 90;
        e.rep = i % 2 ? "王小明" : "Alice";
        e.customer_id = std::string("C").append(std::to_string(i));
        e.summary = "拜访 " + names[static_cast<std::size_t>(i) % names.size()];
        e.location = names[static_cast<std::size_t>(i + 1) % names.size()] + ", 中国";
        e.description = "倾听并发现客户的问题；带去新政策和促销活动 " + std::string(200, 'x') + "é漢字";
        events.push_back(e);
    }
    return events;
}

TEST(icalendar, structure_folding_and_round_trip) {
    const auto events = sample_events();
    crm::ical_options options;
    options.dtstamp_utc = monday_2024_01_01 - 10 + 0.5;  // 2023-12-22 12:00:00 UTC
    const std::string ics = crm::to_icalendar(events, options);
    ASSERT_TRUE(valid_utf8(ics));
    // Every LF is part of a CRLF, every CR starts one.
    for (std::size_t i = 0; i < ics.size(); ++i) {
        if (ics[i] == '\n') {
            ASSERT_TRUE(i > 0 && ics[i - 1] == '\r');
        }
        if (ics[i] == '\r') {
            ASSERT_TRUE(i + 1 < ics.size() && ics[i + 1] == '\n');
        }
    }
    // No physical line splits a UTF-8 character.
    std::size_t pos = 0;
    while (pos < ics.size()) {
        const std::size_t end = ics.find("\r\n", pos);
        ASSERT_TRUE(valid_utf8(ics.substr(pos, end - pos)));
        pos = end + 2;
    }
    const std::vector<std::string> lines = unfold(ics);
    ASSERT_GE(lines.size(), 6u);
    EXPECT_EQ(lines[0], "BEGIN:VCALENDAR");
    EXPECT_EQ(lines[1], "VERSION:2.0");
    EXPECT_EQ(lines[2].rfind("PRODID:", 0), 0u);
    EXPECT_EQ(lines[3], "CALSCALE:GREGORIAN");
    EXPECT_EQ(lines.back(), "END:VCALENDAR");

    // Parse the events back and compare with what went in.
    std::vector<std::map<std::string, std::string>> parsed;
    for (const std::string& l : lines) {
        if (l == "BEGIN:VEVENT") {
            parsed.emplace_back();
        } else if (l != "END:VEVENT" && !parsed.empty() && l.rfind("END:VCALENDAR", 0) != 0) {
            const std::size_t colon = l.find(':');
            ASSERT_NE(colon, std::string::npos);
            parsed.back()[l.substr(0, colon)] = l.substr(colon + 1);
        }
    }
    ASSERT_EQ(parsed.size(), events.size());
    std::set<std::string> uids;
    for (std::size_t i = 0; i < events.size(); ++i) {
        auto& p = parsed[i];
        // Line breaks come back as LF, whatever they were written with.
        EXPECT_EQ(unescape(p["SUMMARY"]), lf_only(events[i].summary));
        EXPECT_EQ(unescape(p["LOCATION"]), lf_only(events[i].location));
        EXPECT_EQ(unescape(p["DESCRIPTION"]), lf_only(events[i].description));
        EXPECT_EQ(p["DTSTAMP"], "20231222T120000Z");
        EXPECT_EQ(p["UID"], crm::visit_uid(events[i].rep, events[i].customer_id, events[i].date, events[i].stop));
        uids.insert(p["UID"]);
    }
    EXPECT_EQ(uids.size(), events.size()) << "different visits, different UIDs";
    // Arrival 510.4 minutes for 90 minutes on Monday 2024-01-01: whole minutes, 08:30 to 10:00 (spec "Calendars").
    EXPECT_EQ(parsed[0]["DTSTART"], "20240101T083000");
    EXPECT_EQ(parsed[0]["DTEND"], "20240101T100000");
    // Same input, same file (and so the same UIDs).
    EXPECT_EQ(crm::to_icalendar(events, options), ics);
}

TEST(icalendar, escaping) {
    EXPECT_EQ(crm::escape_ical_text("a\\b;c,d\ne\r\nf\rg"), "a\\\\b\\;c\\,d\\ne\\nf\\ng");
    EXPECT_EQ(crm::escape_ical_text(std::string("x\x01y\tz\x7f", 6)), "xy\tz");
    EXPECT_EQ(crm::escape_ical_text("客户:名"), "客户:名");  // a colon needs no escape in TEXT
}

TEST(icalendar, folding_property) {
    // Property: random mixes of 1- to 4-octet characters fold into lines of at most 75 octets
    // that never cut a character and unfold to the original.
    std::mt19937 rng(3);
    const std::vector<std::string> pieces = {"a", "é", "中", "😀", ";", " "};
    for (int trial = 0; trial < 300; ++trial) {
        std::string line = "X-TEST:";  // a content line starts with its name
        const int n = std::uniform_int_distribution<int>(0, 200)(rng);
        for (int i = 0; i < n; ++i) line += pieces[std::uniform_int_distribution<std::size_t>(0, pieces.size() - 1)(rng)];
        const std::string folded = crm::fold_ical_line(line);
        const std::vector<std::string> back = unfold(folded);
        ASSERT_EQ(back.size(), line.empty() ? 1u : 1u);
        EXPECT_EQ(back[0], line);
        std::size_t pos = 0;
        while (pos < folded.size()) {
            const std::size_t end = folded.find("\r\n", pos);
            EXPECT_TRUE(valid_utf8(folded.substr(pos, end - pos)));
            pos = end + 2;
        }
    }
}

TEST(icalendar, uids_are_stable_and_distinct) {
    const std::string a = crm::visit_uid("Alice", "C1", 45292, 1);
    EXPECT_EQ(a, crm::visit_uid("Alice", "C1", 45292, 1));
    EXPECT_EQ(a.size(), 32u + std::string("@calc-crm").size());
    EXPECT_NE(a, crm::visit_uid("Alice", "C1", 45293, 1));
    EXPECT_NE(a, crm::visit_uid("Alice", "C1", 45292, 2));
    EXPECT_NE(a, crm::visit_uid("Alice", "C2", 45292, 1));
    EXPECT_NE(a, crm::visit_uid("Bob", "C1", 45292, 1));
    EXPECT_NE(crm::visit_uid("AB", "C", 45292, 1), crm::visit_uid("A", "BC", 45292, 1));
    std::set<std::string> many;
    for (int d = 0; d < 300; ++d)
        for (int s = 1; s <= 8; ++s) many.insert(crm::visit_uid("R", std::string("C").append(std::to_string(d % 17)), 45292 + d, s));
    EXPECT_EQ(many.size(), 300u * 8u);
}

TEST(icalendar, empty_calendar_and_bad_input) {
    const std::string ics = crm::to_icalendar({}, {});
    EXPECT_EQ(ics, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//calc-crm//Visit schedule//EN\r\n"
                   "CALSCALE:GREGORIAN\r\nEND:VCALENDAR\r\n");
    crm::calendar_event bad;
    bad.date = NAN;
    EXPECT_THROW(crm::to_icalendar({bad}, {}), crm::illegal_argument);
}

TEST(icalendar, dates_outside_years_0_to_9999_are_refused) {
    // Fuzz finding (fuzz_icalendar): a DTSTAMP or visit date of 1e300 overflowed llround and then negated
    // LLONG_MIN (undefined behaviour) before the year check; now it is refused with a message.
    crm::ical_options huge;
    huge.dtstamp_utc = 1e300;
    EXPECT_THROW(crm::to_icalendar({}, huge), crm::illegal_argument);
    huge.dtstamp_utc = -1e300;
    EXPECT_THROW(crm::to_icalendar({}, huge), crm::illegal_argument);
    crm::calendar_event far;
    far.date = 45292;
    far.start_minutes = 1e300;  // finite, but centuries of minutes
    EXPECT_THROW(crm::to_icalendar({far}, {}), crm::illegal_argument);
    far.start_minutes = 480;
    far.date = 2958466;  // 10000-01-01
    EXPECT_THROW(crm::to_icalendar({far}, {}), crm::illegal_argument);
    far.date = 2958465;  // 9999-12-31 still fits
    EXPECT_NE(crm::to_icalendar({far}, {}).find("DTSTART:99991231T080000"), std::string::npos);
    far.date = -693959;  // 0000-01-01 (proleptic Gregorian)
    EXPECT_NE(crm::to_icalendar({far}, {}).find("DTSTART:00000101T080000"), std::string::npos);
}

// The adapter checks each schedule row with is_exportable to name the row to_icalendar would refuse.
TEST(icalendar, is_exportable_says_exactly_what_to_icalendar_takes) {
    crm::calendar_event ok;
    ok.date = 45292;
    ok.start_minutes = 480;
    ok.duration_minutes = 90;
    std::vector<crm::calendar_event> cases(9, ok);
    cases[1].date = 2958465;                // 9999-12-31
    cases[1].start_minutes = 23 * 60;       // ... but ends in year 10000
    cases[2].date = 2958466;                // 10000-01-01
    cases[3].date = 1e9;
    cases[4].start_minutes = 1e300;         // finite, centuries of minutes
    cases[5].duration_minutes = -1;
    cases[6].date = std::nan("");
    cases[7].date = -693959;                // 0000-01-01 fits
    cases[8].date = 2958465;                // 9999-12-31 08:00 to 09:30 fits
    const std::vector<bool> exportable{true, false, false, false, false, false, false, true, true};
    for (std::size_t i = 0; i < cases.size(); ++i) {
        EXPECT_EQ(crm::is_exportable(cases[i]), exportable[i]) << i;
        if (exportable[i]) {
            EXPECT_NO_THROW(crm::to_icalendar({cases[i]}, {})) << i;
        } else {
            EXPECT_THROW(crm::to_icalendar({cases[i]}, {}), crm::illegal_argument) << i;
        }
    }
}

// Spec "Calendars": the calendar's name, LOCATION, GEO when known, CATEGORIES, times in whole minutes.
TEST(icalendar, calendar_name_location_geo_categories_and_whole_minutes) {
    crm::calendar_event e;
    e.date = monday_2024_01_01;
    e.start_minutes = 9 * 60 + 14.6;  // 09:14:36 → 09:15
    e.duration_minutes = 44.7;        // → 45 minutes
    e.rep = "Ana";
    e.customer_id = "K1";
    e.summary = "Client (A)";
    e.location = "12 rue de la Paix, 69003 Lyon, FR";
    e.latitude = 45.76;
    e.longitude = 4.835;
    e.category = "A";
    crm::calendar_event no_place = e;
    no_place.customer_id = "K2";
    no_place.latitude.reset();
    crm::ical_options o;
    o.dtstamp_utc = monday_2024_01_01;
    o.calendar_name = "Visites clients : Ana";
    const auto lines = unfold(crm::to_icalendar({e, no_place}, o));
    const auto has = [&](const std::string& l) { return std::find(lines.begin(), lines.end(), l) != lines.end(); };
    EXPECT_TRUE(has("X-WR-CALNAME:Visites clients : Ana"));
    EXPECT_TRUE(has("DTSTART:20240101T091500"));
    EXPECT_TRUE(has("DTEND:20240101T100000"));
    EXPECT_TRUE(has("LOCATION:12 rue de la Paix\\, 69003 Lyon\\, FR"));
    EXPECT_TRUE(has("GEO:45.760000;4.835000"));
    EXPECT_EQ(std::count_if(lines.begin(), lines.end(), [](const std::string& l) { return l.rfind("GEO:", 0) == 0; }), 1);
    EXPECT_EQ(std::count(lines.begin(), lines.end(), std::string("CATEGORIES:A")), 2);
}

TEST(icalendar, per_rep_file_names_are_safe) {
    EXPECT_EQ(crm::file_safe("Anne Roux"), "Anne_Roux");
    EXPECT_EQ(crm::file_safe("../etc/passwd"), "etc_passwd");
    EXPECT_EQ(crm::file_safe("王 芳"), "王_芳");
    EXPECT_EQ(crm::file_safe("///"), "rep");
    EXPECT_EQ(crm::per_rep_path("out/visits.ics", "Anne Roux"), "out/visits-Anne_Roux.ics");
    EXPECT_EQ(crm::per_rep_path("/srv/a.b/visits", "Li"), "/srv/a.b/visits-Li.ics");
}

TEST(csv_export, formula_injection_is_neutralized) {
    // (cell, as written to the file): OWASP's starting characters get a quote; plain negative numbers stay numbers.
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"}, {"+1", "'+1"}, {"-1+1", "'-1+1"}, {"@SUM(1)", "'@SUM(1)"},
        {"\t=1", "'\t=1"}, {"\r=1", "'\r=1"}, {"-", "'-"}, {"-A1", "'-A1"}, {"-1.", "'-1."},
        {"-12.5", "-12.5"}, {"-3", "-3"}, {"-0,5", "-0,5"}, {"Dupont", "Dupont"}, {"a=b", "a=b"}, {"", ""}};
    for (const auto& [cell, written] : cases) EXPECT_EQ(crm::neutralize_formula(cell), written) << cell;
}

TEST(csv_export, formula_after_leading_spaces_is_neutralized) {
    // Security review: Calc's CSV import can trim spaces, which would turn " =cmd" into a formula.
    const std::vector<std::pair<std::string, std::string>> cases = {
        {" =1+1", "' =1+1"}, {"   @SUM(A1)", "'   @SUM(A1)"}, {"  +1", "'  +1"}, {" \t=1", "' \t=1"},
        {" -12.5", " -12.5"}, {" -A1", "' -A1"}, {"  ", "  "}, {" Dupont", " Dupont"}, {"a =1", "a =1"}};
    for (const auto& [cell, written] : cases) EXPECT_EQ(crm::neutralize_formula(cell), written) << cell;
    EXPECT_EQ(crm::to_csv({{" =HYPERLINK(\"x\")", " -3"}}), "\"' =HYPERLINK(\"\"x\"\")\", -3\r\n");
}

TEST(csv_export, every_cell_of_a_random_sheet_is_safe_and_round_trips) {
    // Property: whatever the cell, the CSV field read back (RFC 4180) is the cell, with one leading quote
    // exactly when the cell could start a formula.
    std::mt19937 rng(11);
    const std::vector<std::string> pieces = {"=", "+", "-", "@", "\t", "\r", "\n", " ", ",", "\"", "'", "1", ".", "a",
                                             "\xE5\xAE\xA2"};
    for (int trial = 0; trial < 2000; ++trial) {
        std::string cell;
        const int n = std::uniform_int_distribution<int>(0, 8)(rng);
        for (int i = 0; i < n; ++i) cell += pieces[std::uniform_int_distribution<std::size_t>(0, pieces.size() - 1)(rng)];
        const std::string csv = crm::to_csv({{cell}});
        ASSERT_GE(csv.size(), 2u);
        ASSERT_EQ(csv.substr(csv.size() - 2), "\r\n");
        std::string field = csv.substr(0, csv.size() - 2);
        if (!field.empty() && field.front() == '"') {
            ASSERT_EQ(field.back(), '"') << cell;
            std::string unquoted;
            for (std::size_t i = 1; i + 1 < field.size(); ++i) {
                unquoted += field[i];
                if (field[i] == '"') {
                    ASSERT_EQ(field[i + 1], '"') << cell;  // every inner quote doubled
                    ++i;
                }
            }
            field = unquoted;
        } else {
            ASSERT_EQ(field.find_first_of(",\"\r\n"), std::string::npos) << cell;
        }
        const std::size_t first = cell.find_first_not_of(' ');
        const bool risky = first != std::string::npos && std::string("=+-@\t\r").find(cell[first]) != std::string::npos;
        const std::string text = first == std::string::npos ? "" : cell.substr(first);
        const bool plain_negative = text.size() >= 2 && text[0] == '-' &&
                                    text.find_first_not_of("0123456789.,", 1) == std::string::npos &&
                                    std::isdigit(static_cast<unsigned char>(text[1])) && text.back() != '.' &&
                                    text.back() != ',' && std::count_if(text.begin(), text.end(), [](char c) { return c == '.' || c == ','; }) <= 1;
        if (risky && !plain_negative) EXPECT_EQ(field, "'" + cell) << cell;
        else EXPECT_EQ(field, cell) << cell;
    }
}

TEST(csv_export, quoting_and_rows) {
    const std::string csv = crm::to_csv({{"date", "customer", "note"},
                                         {"2024-01-01", "Dupont, \"Fils\"", "line1\nline2"},
                                         {"=1+2", "-12.5", "@x"},
                                         {"", "客户", "a\r\nb"}});
    EXPECT_EQ(csv,
              "date,customer,note\r\n"
              "2024-01-01,\"Dupont, \"\"Fils\"\"\",\"line1\nline2\"\r\n"
              "'=1+2,-12.5,'@x\r\n"
              ",客户,\"a\r\nb\"\r\n");
    // A neutralized cell that also needs quotes gets both.
    EXPECT_EQ(crm::to_csv({{"=HYPERLINK(\"x\",\"y\")"}}), "\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\"\r\n");
    EXPECT_EQ(crm::to_csv({}), "");
}

}  // namespace
