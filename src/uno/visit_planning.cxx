// planVisits: the customers' tiers, the rep bases, the core's yearly plan, written as the schedule sheet.
#include <algorithm>
#include <array>
#include <chrono>
#include <future>
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
#include "arguments.hxx"
#include "crm/calendar.hpp"
#include "crm/jobs.hpp"
#include "crm/routing.hpp"
#include "crm/schedule.hpp"
#include "customer_jobs.hxx"
#include "job_common.hxx"
#include "sheet_io.hxx"

namespace crm_uno {

using css::uno::Any;
using css::uno::Reference;
using css::uno::Sequence;

namespace {

std::vector<std::string> plan_option_names() {
    std::vector<std::string> names = kTieringOptions;
    for (const char* n : {"Year", "StartDate", "VisitsA", "VisitsB", "VisitsC", "VisitMinutesA", "VisitMinutesB",
                          "VisitMinutesC", "MaxVisitsPerDay", "HoursPerDay", "SpeedKmh", "Holidays", "Replace", "Columns"})
        names.emplace_back(n);
    return names;
}

std::string number_text(double value) { return fmt::format("{:g}", value); }

/// The shortfalls in plain words, with the changes that would fix each (spec: drop nothing silently).
std::vector<std::string> shortfall_texts(const crm::schedule_result& plan, language lang) {
    const auto t = [&](const char* const (&texts)[4]) { return localized(texts, lang); };
    std::vector<std::string> texts;
    for (const auto& s : plan.shortfalls) {
        std::string line = fmt::format(fmt::runtime(t(text::shortfall)), fmt::arg("rep", s.rep),
                                       fmt::arg("needed", s.visit_days_needed), fmt::arg("days", s.working_days),
                                       fmt::arg("missing", s.missing_visit_days()), fmt::arg("visits", s.visits_needed),
                                       fmt::arg("capacity", s.visit_capacity));
        std::string remedies;
        for (const auto& r : s.remedies) {
            if (!remedies.empty()) remedies += t(text::or_word);
            const std::string value = number_text(r.value);
            switch (r.kind) {
                case crm::shortfall_remedy::more_visits_per_day:
                    remedies += fmt::format(fmt::runtime(t(text::remedy_more_visits_per_day)), fmt::arg("value", value));
                    break;
                case crm::shortfall_remedy::longer_working_days:
                    remedies += fmt::format(fmt::runtime(t(text::remedy_longer_days)), fmt::arg("value", value));
                    break;
                case crm::shortfall_remedy::fewer_visits_per_year:
                    remedies += fmt::format(fmt::runtime(t(text::remedy_fewer_visits)), fmt::arg("value", value),
                                            fmt::arg("tier", std::string(1, r.tier)));
                    break;
                case crm::shortfall_remedy::more_working_days:
                    remedies += fmt::format(fmt::runtime(t(text::remedy_more_days)), fmt::arg("value", value));
                    break;
            }
        }
        if (!remedies.empty()) line += "; " + fmt::format(fmt::runtime(t(text::to_fix)), fmt::arg("remedies", remedies));
        texts.push_back(line);
        if (s.unplaced_visits > 0)
            texts.push_back(fmt::format(fmt::runtime(t(text::unplaced)), fmt::arg("rep", s.rep),
                                        fmt::arg("count", s.unplaced_visits)));
    }
    return texts;
}

}  // namespace

Sequence<css::beans::PropertyValue> SAL_CALL CustomerJobs::planVisits(const Reference<css::frame::XModel>& document,
                                                                      const Sequence<css::beans::PropertyValue>& options) {
    return job_guarded("planVisits", context_, [&](language lang) {
        const Reference<css::sheet::XSpreadsheetDocument> doc(document, css::uno::UNO_QUERY);
        if (!doc.is()) throw refusal(text::error_not_spreadsheet, lang);
        const job_options opts(options, plan_option_names(), lang);
        const auto t = [&](const char* const (&texts)[4]) { return localized(texts, lang); };
        const tiering_choice tiering = tiering_of(opts);
        progress bar(document, t(text::progress_plan), lang);
        auto [source_name, source_cells, read, from_orders] = find_customers(doc, opts, lang);
        require_tierable(read.customers, tiering, lang);
        const std::vector<char> tiers = tiers_of(read.customers, tiering);

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
        settings.holidays = opts.numbers("Holidays");
        const crm::schedule_options plan_options = crm::schedule_options_from(settings, crm::this_year_utc(), plan_option_name);
        const int year = crm::plan_year(plan_options);
        check_outputs_writable(doc, {fmt::format(fmt::runtime(t(text::sheet_visits)), fmt::arg("year", year))},
                               opts.flag("Replace", false), lang);

        const std::vector<crm::visit_customer> customers = crm::visit_customers(read.customers, tiers);
        const auto bases = crm::rep_bases(customers);
        bar.at(20);
        // The plan runs on a worker thread while this one keeps the progress bar moving (which also lets
        // the window take a click on Cancel) and stops the worker when the run is cancelled.
        crm::run_control control;
        auto planning = std::async(std::launch::async, [&] { return crm::plan_visits(customers, bases, plan_options, &control); });
        while (planning.wait_for(std::chrono::milliseconds(20)) != std::future_status::ready) {
            const std::size_t total = control.days_total, done = control.days_done;
            bar.show(20 + static_cast<int>(60.0 * static_cast<double>(done) / static_cast<double>(std::max<std::size_t>(total, 1))));
            if (bar.cancel_requested()) control.stop = true;
        }
        const crm::schedule_result plan = planning.get();  // rethrows the worker's error, or crm::cancelled
        bar.at(80);

        undo_step undo(document, fmt::format(fmt::runtime(t(text::sheet_visits)), fmt::arg("year", year)));
        deferred_row_heights heights(document);
        std::string schedule_name;
        const std::string wanted = fmt::format(fmt::runtime(t(text::sheet_visits)), fmt::arg("year", year));
        const auto out = output_sheet(doc, wanted, opts.flag("Replace", false) && wanted != source_name, &schedule_name);
        undo.inserted_sheet(schedule_name);

        // Schedule sheet columns, in the contract's order: date, weekday, rep, stop, customer id, customer name,
        // tier, purpose, km from the previous stop, arrival time.
        const char* const* heads[] = {text::head_date, text::head_weekday, text::head_rep, text::head_stop,
                                      text::head_id, text::head_name, text::head_tier, text::head_purpose,
                                      text::head_km, text::head_arrival};
        // The weekday as text in the office UI language, as Calc's TEXT(date; "[$-LCID]NNN") writes it (the
        // shared templates use that formula). A value, like every other column of the schedule: 25 000 TEXT
        // formulas with a locale prefix took Calc 0.4 s to compute.
        static const std::array<const char* const (*)[4], 7> kWeekdays = {
            &text::weekday_monday, &text::weekday_tuesday,  &text::weekday_wednesday, &text::weekday_thursday,
            &text::weekday_friday, &text::weekday_saturday, &text::weekday_sunday};
        std::array<::rtl::OUString, 7> weekday_names;
        for (std::size_t d = 0; d < 7; ++d) weekday_names[d] = to_ou(t(*kWeekdays[d]));
        auto weekday_of = [&](double serial) { return weekday_names[static_cast<std::size_t>(crm::weekday(serial))]; };
        std::vector<std::vector<Any>> rows;
        rows.reserve(plan.visits.size() + 1);
        rows.emplace_back();
        for (const auto* head : heads) rows.back().push_back(Any(to_ou(head[lang >= 0 && lang < 4 ? lang : 0])));
        for (const auto& v : plan.visits) {
            const char* const* purpose = v.purpose == crm::visit_purpose::listen_to_problems ? text::purpose_listen
                                         : v.purpose == crm::visit_purpose::present_policies_and_promotions
                                             ? text::purpose_promote : text::purpose_grow;
            rows.push_back({Any(v.date), Any(weekday_of(v.date)), Any(to_ou(v.rep)), Any(static_cast<double>(v.stop)),
                            Any(to_ou(v.customer_id)), Any(to_ou(v.customer_name)),
                            Any(to_ou(std::string(1, v.tier))), Any(to_ou(purpose[lang >= 0 && lang < 4 ? lang : 0])),
                            Any(std::round(v.km_from_previous * 10.0) / 10.0),
                            Any(v.arrival_minutes_from_midnight / 1440.0)});
        }
        bar.at(85);
        write_block(out, 0, 0, rows);
        bar.at(90);
        const std::size_t last = plan.visits.size();
        if (last > 0) {
            set_format(out, 0, 1, last, standard_format(document, css::util::NumberFormat::DATE));
            set_format(out, 9, 1, last, format_code(document, "HH:MM"));  // arrival, to the minute
        }
        bar.at(95);  // a cancel pressed while the schedule was written is taken here, before the last measurement
        if (last <= kFitColumnsRows) fit_columns(out);  // measuring every cell of a huge sheet costs more than it helps
        if (heights.finish()) fit_rows(out);  // one measurement of the rows instead of one a block written
        bar.at(99);

        std::vector<std::string> problems = problem_texts(read.problems, lang);
        for (auto& line : shortfall_texts(plan, lang)) problems.push_back(std::move(line));
        Sequence<css::beans::PropertyValue> result(7);
        auto* r = result.getArray();
        r[0] = property("ScheduleSheet", Any(to_ou(schedule_name)));
        r[1] = property("VisitsPlanned", Any(static_cast<sal_Int32>(plan.visits.size())));
        r[2] = property("UnvisitedCustomers", Any(static_cast<sal_Int32>(plan.unvisited_customers)));
        r[3] = property("TotalKm", Any(plan.total_km));
        r[4] = property("Problems", Any(strings_of(problems)));
        r[5] = property("DaysOverCapacity", Any(static_cast<sal_Int32>(plan.days_over_capacity)));
        r[6] = property("SpacingViolations", Any(static_cast<sal_Int32>(plan.spacing_violations)));
        return result;
    });
}

}  // namespace crm_uno
