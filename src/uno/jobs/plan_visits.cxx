// planVisits: the customers' tiers, the rep bases, the core's yearly plan, written as the schedule sheet.
#include <algorithm>
#include <array>
#include <chrono>
#include <future>
#include <iterator>
#include <cmath>
#include <ctime>

#include <com/sun/star/beans/XPropertySet.hpp>
#include <com/sun/star/lang/Locale.hpp>
#include <com/sun/star/sheet/XSpreadsheetDocument.hpp>
#include <com/sun/star/util/NumberFormat.hpp>
#include <com/sun/star/util/XNumberFormatTypes.hpp>
#include <com/sun/star/util/XNumberFormatsSupplier.hpp>
#include <fmt/format.h>

#include "addin_strings.hxx"
#include "shared/text.hxx"
#include "crm/calendar.hpp"
#include "crm/error.hpp"
#include "crm/jobs.hpp"
#include "crm/reps.hpp"
#include "crm/routing.hpp"
#include "crm/schedule.hpp"
#include "crm/schedule_sheet.hpp"
#include "jobs/customer_jobs.hxx"
#include "jobs/job_common.hxx"
#include "jobs/print_setup.hxx"
#include "jobs/schedule_picture.hxx"
#include "shared/sheet_io.hxx"
#include "shared/step_times.hxx"

namespace crm_uno {

using css::uno::Any;
using css::uno::Reference;
using css::uno::Sequence;
using ::rtl::OUString;

namespace {

std::vector<std::string> plan_option_names() {
    // No TransactionSheet: the plan visits the customers of the customer sheet (or order log) alone.
    std::vector<std::string> names;
    for (const char* n : {"CustomerSheet", "Method", "AShare", "BShare", "Year", "StartDate", "VisitsA", "VisitsB", "VisitsC", "VisitMinutesA", "VisitMinutesB",
                          "VisitMinutesC", "MaxVisitsPerDay", "HoursPerDay", "SpeedKmh", "Holidays", "DayStart",
                          "MinutesBetweenStops", "Replace", "Columns", "RepSheet", "From", "PrintByRep"})
        names.emplace_back(n);
    return names;
}

/// Rows written by one setDataArray call: a schedule of a million visits is written in parts, so the office
/// never holds a second copy of the whole sheet.
constexpr std::size_t kRowsPerWrite = 50000;

/// The Holidays option: dates (a range's values, a list of numbers or ISO dates), or the text of a range of the
/// document ("$Holidays.A1:A20", a named range "Holidays") whose cells hold them.
std::vector<double> holidays_of(const Reference<css::frame::XModel>& document, const job_options& opts,
                                const Sequence<css::beans::PropertyValue>& options, language lang) {
    std::optional<std::string> range;
    for (const auto& option : options) {
        ::rtl::OUString text;
        if (option.Name == "Holidays" && (option.Value >>= text)) range = to_utf8(text);
    }
    if (!range) return opts.numbers("Holidays");
    const auto first = range->find_first_not_of(" \t");
    if (first == std::string::npos) return {};
    const std::string name = range->substr(first, range->find_last_not_of(" \t") - first + 1);
    const auto values = range_values(document, name);
    if (!values) throw refusal(text::error_holidays_range, lang, fmt::arg("range", crm::bounded_text(name, 80)));
    const css::beans::PropertyValue dates("Holidays", 0, Any(*values), css::beans::PropertyState_DIRECT_VALUE);
    return job_options(Sequence<css::beans::PropertyValue>(&dates, 1), {"Holidays"}, lang).numbers("Holidays");
}

// Spec "Plans the reps can use": the Reps sheet, named by the option RepSheet, else a sheet named Reps in one of
// the four languages; none: the reps start where their customers are, as before. Its problems, named by the sheet.
std::vector<crm::rep_base> rep_sheet(const css::uno::Reference<css::sheet::XSpreadsheetDocument>& document,
                                     const job_options& opts, language lang, std::vector<std::string>& problems) {
    std::string name;
    if (auto given = opts.text("RepSheet")) {
        name = *given;
        if (!sheet_named(document, name).is())
            throw refusal(text::error_no_sheet_named, lang, fmt::arg("sheet", crm::bounded_text(name, 64)));
    } else {
        const auto names = sheet_names(document);
        for (const char* candidate : text::sheet_reps)
            if (std::find(names.begin(), names.end(), candidate) != names.end()) {
                name = candidate;
                break;
            }
        if (name.empty()) return {};
    }
    crm::reps_read reps;
    try {
        reps = crm::read_reps(read_used_area(sheet_named(document, name)), crm::date_style{lang == 1 /* fr: day first */, false});
    } catch (const crm::illegal_argument&) {
        throw refusal(text::error_reps_sheet, lang, fmt::arg("sheet", crm::bounded_text(name, 64)));
    }
    for (auto& line : problem_texts(reps.problems, lang))
        problems.push_back(fmt::format(fmt::runtime(localized(text::problem_on_sheet, lang)), fmt::arg("sheet", name),
                                       fmt::arg("problem", line)));
    return std::move(reps.reps);
}

/// Rows (0-based) of a schedule sheet likely to hold each column's widest cell, for fit_from_sample: the first
/// rows, rows spread through the sheet, the first visit of every weekday and purpose, the longest rep, id and
/// name texts, the most stops and km; for the list of customers with missing visits beside the schedule (its
/// customer k on row k + 2), the longest texts and the largest counts. Dates and times have one width.
std::vector<std::size_t> schedule_sample(const std::vector<crm::visit>& visits, std::size_t begin, std::size_t end,
                                         const std::vector<crm::missing_visits>& missing, std::size_t missing_rows) {
    constexpr std::size_t first = 60, spread = 150;
    std::vector<std::size_t> rows;
    const std::size_t n = end - begin;
    for (std::size_t i = 0; i < std::min(n, first); ++i) rows.push_back(i + 1);
    for (std::size_t i = 0; i < n; i += std::max<std::size_t>(1, n / spread)) rows.push_back(i + 1);
    // The row of the largest key(i) over i < count (row_of(i) its sheet row), when there is one.
    const auto largest = [&rows](std::size_t count, auto key, auto row_of) {
        if (count == 0) return;
        std::size_t best = 0;
        for (std::size_t i = 1; i < count; ++i)
            if (key(i) > key(best)) best = i;
        rows.push_back(row_of(best));
    };
    const auto visit_row = [](std::size_t i) { return i + 1; };
    const auto& v = visits;
    largest(n, [&](std::size_t i) { return v[begin + i].rep.size(); }, visit_row);
    largest(n, [&](std::size_t i) { return v[begin + i].customer_id.size(); }, visit_row);
    largest(n, [&](std::size_t i) { return v[begin + i].customer_name.size(); }, visit_row);
    largest(n, [&](std::size_t i) { return v[begin + i].stop; }, visit_row);
    largest(n, [&](std::size_t i) { return v[begin + i].km_from_previous.value_or(0.0); }, visit_row);
    std::array<bool, 7> weekday_seen{};
    std::array<bool, 3> purpose_seen{};
    for (std::size_t i = 0; i < n; ++i) {
        const auto day = static_cast<std::size_t>(crm::weekday(v[begin + i].date));
        const auto purpose = static_cast<std::size_t>(v[begin + i].purpose);
        if (day < 7 && !weekday_seen[day]) weekday_seen[day] = true, rows.push_back(i + 1);
        if (purpose < 3 && !purpose_seen[purpose]) purpose_seen[purpose] = true, rows.push_back(i + 1);
    }
    const std::size_t m = std::min(missing.size(), missing_rows);
    const auto missing_row = [](std::size_t k) { return k + 2; };
    rows.push_back(1);  // the list's header row
    for (std::size_t k = 0; k < std::min(m, first); ++k) rows.push_back(k + 2);
    largest(m, [&](std::size_t k) { return missing[k].customer_id.size(); }, missing_row);
    largest(m, [&](std::size_t k) { return missing[k].customer_name.size(); }, missing_row);
    largest(m, [&](std::size_t k) { return missing[k].rep.size(); }, missing_row);
    largest(m, [&](std::size_t k) { return missing[k].wanted; }, missing_row);
    largest(m, [&](std::size_t k) { return missing[k].planned; }, missing_row);
    return rows;
}

}  // namespace

Sequence<css::beans::PropertyValue> SAL_CALL CustomerJobs::planVisits(const Reference<css::frame::XModel>& document,
                                                                      const Sequence<css::beans::PropertyValue>& options) {
    return job_guarded("planVisits", context_, [&](language lang) {
        const Reference<css::sheet::XSpreadsheetDocument> doc(document, css::uno::UNO_QUERY);
        if (!doc.is()) throw refusal(text::error_not_spreadsheet, lang);
        const job_options opts(options, plan_option_names(), lang);
        step_times steps("planVisits");
        const auto t = [&](const char* const (&texts)[4]) { return localized(texts, lang); };
        const crm::text_lookup words = texts_in(lang);
        const tiering_choice tiering = tiering_of(opts);
        progress bar(document, t(text::progress_plan), lang);
        // The plan uses the customers only: a Customers sheet's model columns are not computed for it.
        auto [source_name, source_cells, read, from_orders] = find_customers(doc, opts, lang, cells_read::named_columns);
        require_tierable(read.customers, tiering, lang);
        const std::vector<char> tiers = tiers_of(read.customers, tiering);
        steps.mark("read");

        crm::plan_settings settings;
        settings.year = opts.number("Year");
        settings.start_date = opts.number("StartDate");
        const char* visit_names[3] = {"VisitsA", "VisitsB", "VisitsC"};
        const char* minute_names[3] = {"VisitMinutesA", "VisitMinutesB", "VisitMinutesC"};
        for (std::size_t i = 0; i < 3; ++i) {
            settings.visits_per_year[i] = opts.number(visit_names[i]);
            settings.visit_minutes[i] = opts.number(minute_names[i]);
        }
        settings.max_visits_per_day = opts.number("MaxVisitsPerDay");
        settings.hours_per_day = opts.number("HoursPerDay");
        settings.speed_kmh = opts.number("SpeedKmh");
        settings.holidays = holidays_of(document, opts, options, lang);
        settings.day_start = opts.time_of_day("DayStart");
        settings.minutes_between_stops = opts.number("MinutesBetweenStops");
        settings.from = opts.number("From");
        const crm::schedule_options plan_options = crm::schedule_options_from(settings, crm::this_year_utc(), plan_option_name);
        // Spec "re-planning": the latest schedule's visits dated before From or marked done stay as they are.
        std::vector<crm::kept_visit> kept;
        if (plan_options.from != 0) {
            const std::vector<std::string> all = sheet_names(doc);
            for (const std::size_t i : crm::latest_schedule(all, schedule_patterns())) {
                auto rows = crm::visits_to_keep(read_used_area(sheet_named(doc, all[i])), plan_options.from);
                std::move(rows.begin(), rows.end(), std::back_inserter(kept));
            }
        }
        const int year = crm::plan_year(plan_options);
        const bool replace = opts.flag("Replace", false);
        check_outputs_writable(doc, {fmt::format(fmt::runtime(t(text::sheet_visits)), fmt::arg("year", year))}, replace, lang);

        const std::vector<crm::visit_customer> customers =
            crm::visit_customers(read.customers, tiers, crm::tier_reasons(tiering, words));
        std::vector<std::string> rep_problems;
        const auto bases = crm::with_rep_sheet(crm::rep_bases(customers), rep_sheet(doc, opts, lang, rep_problems));
        bar.at(20);
        // The plan runs on a worker thread while this one keeps the progress bar moving (which also lets
        // the window take a click on Cancel) and stops the worker when the run is cancelled.
        crm::run_control control;
        auto planning =
            std::async(std::launch::async, [&] { return crm::plan_visits(customers, bases, plan_options, &control, kept); });
        while (planning.wait_for(std::chrono::milliseconds(20)) != std::future_status::ready) {
            const std::size_t total = control.days_total, done = control.days_done;
            bar.show(20 + static_cast<int>(60.0 * static_cast<double>(done) / static_cast<double>(std::max<std::size_t>(total, 1))));
            if (bar.cancel_requested()) control.stop = true;
        }
        const crm::schedule_result plan = planning.get();  // rethrows the worker's error, or crm::cancelled
        bar.at(80);
        steps.mark("plan");

        // Spec "A plan larger than a sheet": one sheet per quarter (or month) when one sheet cannot hold the
        // visits, or a refusal before anything is written when a month cannot either.
        const auto parts = crm::split_schedule(plan.visits);
        if (!parts)
            throw refusal(text::error_plan_too_large, lang, fmt::arg("visits", plan.visits.size()),
                          fmt::arg("rows", crm::sheet_rows));
        std::vector<std::string> part_names;
        for (const auto& part : *parts)
            part_names.push_back(part.quarter ? fmt::format(fmt::runtime(t(text::sheet_visits_quarter)), fmt::arg("year", part.year),
                                                            fmt::arg("quarter", part.quarter))
                                 : part.month ? fmt::format(fmt::runtime(t(text::sheet_visits_month)), fmt::arg("year", part.year),
                                                            fmt::arg("month", fmt::format("{:02}", part.month)))
                                              : fmt::format(fmt::runtime(t(text::sheet_visits)), fmt::arg("year", year)));
        check_outputs_writable(doc, part_names, replace, lang);

        const customer_cards_forgotten cards(document);  // the run writes new sheets: new cards after it
        undo_step undo(document, fmt::format(fmt::runtime(t(text::sheet_visits)), fmt::arg("year", year)));
        deferred_row_heights heights(document);
        std::vector<std::string> written;
        std::vector<Reference<css::sheet::XSpreadsheet>> sheets;
        for (const auto& wanted : part_names) {
            std::string name;
            sheets.push_back(output_sheet(doc, wanted, replace && wanted != source_name, &name));
            undo.inserted_sheet(name);
            written.push_back(name);
        }
        steps.mark("sheets");

        // The weekday as text in the office UI language, as Calc's TEXT(date; "[$-LCID]NNN") writes it (the
        // shared templates use that formula). A value, like every other column of the schedule: 25 000 TEXT
        // formulas with a locale prefix took Calc 0.4 s to compute.
        std::array<::rtl::OUString, 7> weekday_names, purposes;
        for (int d = 0; d < 7; ++d) weekday_names[static_cast<std::size_t>(d)] = to_ou(words(crm::weekday_key(d)));
        for (const auto p : {crm::visit_purpose::listen_to_problems, crm::visit_purpose::present_policies_and_promotions,
                             crm::visit_purpose::help_grow})
            purposes[static_cast<std::size_t>(p)] = to_ou(words(crm::purpose_key(p)));
        std::vector<Any> header;
        for (const auto key : crm::schedule_header_keys()) header.push_back(Any(to_ou(words(key))));
        const OUString done_mark = to_ou(words("done_mark"));
        const auto row_of = [&](const crm::visit& v) {
            const crm::visit_customer& c = customers[v.customer];
            const auto degrees = [](const std::optional<double>& d) { return d ? Any(std::round(*d * 1e5) / 1e5) : Any(); };
            return std::vector<Any>{Any(v.date), Any(weekday_names[static_cast<std::size_t>(crm::weekday(v.date))]),
                                    Any(to_ou(v.rep)), Any(static_cast<double>(v.stop)), Any(to_ou(v.customer_id)),
                                    Any(to_ou(v.customer_name)), Any(to_ou(std::string(1, v.tier))),
                                    Any(purposes[static_cast<std::size_t>(v.purpose)]),
                                    v.km_from_previous ? Any(std::round(*v.km_from_previous * 10.0) / 10.0) : Any(),
                                    Any(v.arrival_minutes_from_midnight / 1440.0),
                                    v.done ? Any(done_mark) : Any(OUString()), Any(to_ou(crm::location_text(c))),
                                    degrees(c.latitude), degrees(c.longitude), Any(to_ou(c.why)),
                                    c.last_order ? Any(*c.last_order) : Any()};
        };
        const std::size_t total_rows = std::max<std::size_t>(1, plan.visits.size());
        std::size_t done_rows = 0;
        // Spec "the schedule prints as reps use it": a page break at each change of month, and with PrintByRep
        // the rows of each part ordered by rep, then date, so that a page break falls at each change of rep or
        // month (the default order stays the date, then the rep, that the day's plan reads best in).
        const bool by_rep = opts.flag("PrintByRep", false);
        std::vector<std::size_t> order(plan.visits.size());
        for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
        const auto month_of = [&](const crm::visit& v) {
            const crm::civil_date d = crm::civil_from_serial(v.date);
            return fmt::format("{:04}-{:02}", d.year, d.month);
        };
        for (std::size_t p = 0; p < parts->size(); ++p) {
            const auto& part = (*parts)[p];
            if (by_rep)
                std::stable_sort(order.begin() + static_cast<std::ptrdiff_t>(part.begin), order.begin() + static_cast<std::ptrdiff_t>(part.end),
                                 [&](std::size_t a, std::size_t b) {
                                     const crm::visit &x = plan.visits[a], &y = plan.visits[b];
                                     if (x.rep != y.rep) return x.rep < y.rep;
                                     return x.date < y.date;  // stable: the stops of a day keep their order
                                 });
            std::vector<std::string> groups;
            groups.reserve(part.end - part.begin);
            for (std::size_t i = part.begin; i < part.end; ++i) {
                const crm::visit& v = plan.visits[order[i]];
                groups.push_back(by_rep ? v.rep + "\n" + month_of(v) : month_of(v));
            }
            write_block(sheets[p], 0, 0, {header});
            for (std::size_t from = part.begin; from < part.end; from += kRowsPerWrite) {
                const std::size_t to = std::min(part.end, from + kRowsPerWrite);
                std::vector<std::vector<Any>> rows;
                rows.reserve(to - from);
                for (std::size_t i = from; i < to; ++i) rows.push_back(row_of(plan.visits[order[i]]));
                write_block(sheets[p], 1 + from - part.begin, 0, rows);
                done_rows += to - from;
                bar.at(80 + static_cast<int>(10.0 * static_cast<double>(done_rows) / static_cast<double>(total_rows)));
            }
            const std::size_t last = part.end - part.begin;
            if (last > 0) {
                set_format(sheets[p], 0, 1, last, standard_format(document, css::util::NumberFormat::DATE));
                set_format(sheets[p], 9, 1, last, format_code(document, "HH:MM"));  // arrival, to the minute
                set_format(sheets[p], static_cast<std::size_t>(crm::schedule_column::last_order), 1, last,
                           standard_format(document, css::util::NumberFormat::DATE));
            }
            set_up_schedule_print(document, sheets[p], crm::schedule_columns, groups, words("print_page"));
        }
        steps.mark("schedule");
        // Spec "When the period cannot hold every visit": the customers with missing visits, beside the schedule.
        if (!plan.missing.empty()) {
            const auto& keys = crm::missing_visits_keys();
            std::vector<std::vector<Any>> list;
            list.push_back(std::vector<Any>(6));
            list[0][0] <<= to_ou(words(keys[0]));
            list.push_back({});
            for (std::size_t k = 1; k < keys.size(); ++k) list.back().push_back(Any(to_ou(words(keys[k]))));
            for (const auto& m : plan.missing)
                list.push_back({Any(to_ou(m.customer_id)), Any(to_ou(m.customer_name)), Any(to_ou(m.rep)),
                                Any(to_ou(std::string(1, m.tier))), Any(static_cast<double>(m.wanted)),
                                Any(static_cast<double>(m.planned))});
            list.resize(std::min(list.size(), crm::sheet_rows));  // the sheet's rows: the problems count them all
            write_block(sheets.front(), 0, crm::schedule_columns + 1, list);
        }
        steps.mark("missing");
        bar.at(95);  // a cancel pressed while the schedule was written is taken here, before the last measurement
        // Widths and heights measured on a sample of the rows (the list of customers with missing visits alone
        // can be 23 000 rows of text, measured cell by cell by Calc's optimal width and height), while row
        // heights are still deferred. A huge plan gets no widths: measuring costs more than it helps.
        const bool fit = plan.visits.size() <= kFitColumnsRows;
        if (fit)
            for (std::size_t p = 0; p < parts->size(); ++p) {
                const auto& part = (*parts)[p];
                const std::size_t missing_rows = p == 0 && !plan.missing.empty() ? std::min(plan.missing.size(), crm::sheet_rows - 2) : 0;
                const std::size_t width = missing_rows ? crm::schedule_columns + 1 + crm::missing_visits_keys().size() - 1
                                                       : crm::schedule_columns;
                const std::size_t last_row = std::max(part.end - part.begin, missing_rows ? missing_rows + 1 : 0);
                fit_from_sample(sheets[p], width, last_row,
                                schedule_sample(plan.visits, part.begin, part.end, plan.missing, missing_rows));
            }
        steps.mark("widths");
        // Spec "Picture and totals": each rep's months and his territory, right of the missing visits (after the
        // widths: their measurement uses the columns beside the schedule as scratch).
        write_schedule_picture(sheets.front(), crm::schedule_columns + 1 + crm::missing_visits_keys().size(), plan,
                               plan_options, customers, bases, words);
        if (heights.finish() && !fit)
            for (const auto& sheet : sheets) fit_rows(sheet);  // one measurement of the rows instead of one a block written
        steps.mark("heights");
        bar.at(99);

        std::vector<std::string> problems = problem_texts(read.problems, lang);
        for (auto& line : rep_problems) problems.push_back(std::move(line));
        for (auto& line : crm::plan_problems(plan, plan_options, words)) problems.push_back(std::move(line));
        Sequence<::rtl::OUString> sheet_names(static_cast<sal_Int32>(written.size()));
        for (std::size_t i = 0; i < written.size(); ++i) sheet_names.getArray()[i] = to_ou(written[i]);
        const std::pair<const char*, Any> results[] = {
            {"ScheduleSheet", Any(to_ou(written.front()))},
            {"ScheduleSheets", Any(sheet_names)},
            {"VisitsPlanned", Any(static_cast<sal_Int32>(plan.visits.size()))},
            {"VisitsWanted", Any(static_cast<sal_Int32>(plan.visits_wanted))},
            {"VisitsKept", Any(static_cast<sal_Int32>(std::count_if(plan.visits.begin(), plan.visits.end(),
                                                                    [&](const crm::visit& v) { return plan_options.from != 0 && (v.done || v.date < plan_options.from); })))},
            {"VisitsUnscheduled", Any(static_cast<sal_Int32>(plan.visits_unscheduled()))},
            {"RepsNeeded", Any(static_cast<sal_Int32>(plan.reps_needed))},
            {"UnvisitedCustomers", Any(static_cast<sal_Int32>(plan.unvisited_customers))},
            {"TotalKm", Any(plan.total_km)},
            {"Problems", Any(strings_of(problems))},
            {"DaysOverCapacity", Any(static_cast<sal_Int32>(plan.days_over_capacity))},
            {"SpacingViolations", Any(static_cast<sal_Int32>(plan.spacing_violations))},
        };
        Sequence<css::beans::PropertyValue> result(static_cast<sal_Int32>(std::size(results)));
        for (std::size_t i = 0; i < std::size(results); ++i) result.getArray()[i] = property(results[i].first, results[i].second);
        return result;
    });
}

}  // namespace crm_uno
