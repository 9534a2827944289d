// exportCalendar: the schedule sheet of a document, read back in bulk, written as iCalendar (and CSV).
#include <cmath>
#include <map>

#include <com/sun/star/sheet/XSpreadsheetDocument.hpp>
#include <fmt/format.h>
#include <osl/file.hxx>

#include "addin_strings.hxx"
#include "shared/text.hxx"
#include "crm/calendar.hpp"
#include "crm/icalendar.hpp"
#include "crm/schedule.hpp"
#include "crm/schedule_sheet.hpp"
#include "crm/text_values.hpp"
#include "jobs/customer_jobs.hxx"
#include "jobs/job_common.hxx"
#include "shared/options.hxx"
#include "shared/sheet_io.hxx"

namespace crm_uno {

using css::uno::Reference;
using ::rtl::OUString;

namespace {

const std::vector<std::string> kExportOptions{"ScheduleSheet", "CsvUrl", "VisitMinutesA", "VisitMinutesB",
                                              "VisitMinutesC", "PerRep"};

std::string system_path(const OUString& url, language lang) {
    OUString path;
    if (osl::FileBase::getSystemPathFromFileURL(url, path) != osl::FileBase::E_None)
        throw refusal(text::error_not_file_url, lang, fmt::arg("url", crm::bounded_text(to_utf8(url))));
    return to_utf8(path);
}

void write_file(const std::string& path, const std::string& content, language lang) {
    if (!crm::write_file(path, content)) throw refusal(text::error_cannot_write, lang, fmt::arg("path", crm::bounded_text(path)));
}

}  // namespace

void SAL_CALL CustomerJobs::exportCalendar(const Reference<css::frame::XModel>& document, const OUString& fileUrl,
                                           const css::uno::Sequence<css::beans::PropertyValue>& options) {
    job_guarded("exportCalendar", context_, [&](language lang) {
        const Reference<css::sheet::XSpreadsheetDocument> doc(document, css::uno::UNO_QUERY);
        if (!doc.is()) throw refusal(text::error_not_spreadsheet, lang);
        const job_options opts(options, kExportOptions, lang);
        // The latest schedule: the sheet named, else the last schedule sheet and, when the plan was split
        // by quarter or month, all its parts.
        std::vector<std::string> names;
        if (auto chosen = opts.text("ScheduleSheet")) {
            names.push_back(*chosen);
        } else {
            const std::vector<std::string> all = sheet_names(doc);
            for (const std::size_t i : crm::latest_schedule(all, schedule_patterns())) names.push_back(all[i]);
        }
        if (names.empty() || !sheet_named(doc, names.front()).is()) throw refusal(text::error_no_schedule, lang);
        // Visit lengths by tier, with planVisits' defaults and rule: the core's own check (a refusal worded by
        // job_guarded).
        crm::plan_settings settings;
        settings.visit_minutes = {opts.number("VisitMinutesA"), opts.number("VisitMinutesB"), opts.number("VisitMinutesC")};
        const auto minutes = crm::schedule_options_from(settings, crm::this_year_utc(), plan_option_name).visit_minutes;

        // The schedule sheet's contract (crm/schedule_sheet.hpp): one visit a row below a header row.
        using column = crm::schedule_column;
        const auto at = [](const crm::table& rows, std::size_t r, column c) {
            return crm::cell_at(rows, r, static_cast<std::size_t>(c));
        };
        const crm::text_lookup words = texts_in(lang);
        std::vector<crm::calendar_event> events;
        std::vector<std::vector<std::string>> csv;
        for (const std::string& name : names) {
            const crm::table rows = read_used_area(sheet_named(doc, name));
            if (!rows.empty() && csv.empty()) {
                std::vector<std::string> header;
                for (std::size_t c = 0; c < crm::schedule_columns; ++c) header.push_back(crm::text_of(crm::cell_at(rows, 0, c)));
                csv.push_back(header);
            }
            for (std::size_t r = 1; r < rows.size(); ++r) {
                const auto date = crm::read_number(at(rows, r, column::date));
                if (date.status != crm::cell_status::value) continue;  // not a visit row
                crm::calendar_event e;
                e.date = date.value;
                e.rep = crm::text_of(at(rows, r, column::rep));
                // The sheet may have been edited: a stop number outside int is 0, never an undefined conversion.
                const auto stop = crm::read_number(at(rows, r, column::stop));
                e.stop = stop.status == crm::cell_status::value && std::fabs(stop.value) < 1e9 ? static_cast<int>(stop.value) : 0;
                e.customer_id = crm::text_of(at(rows, r, column::customer_id));
                const std::string customer = crm::text_of(at(rows, r, column::customer_name));
                const std::string tier = crm::text_of(at(rows, r, column::tier));
                // Spec "Calendars": LOCATION, GEO when known, CATEGORIES (the tier), DESCRIPTION (purpose, why this
                // tier, last order); a schedule without these columns (older, or a template) gives none of them.
                e.location = crm::text_of(at(rows, r, column::location));
                const auto lat = crm::read_number(at(rows, r, column::latitude)), lon = crm::read_number(at(rows, r, column::longitude));
                if (lat.status == crm::cell_status::value && lon.status == crm::cell_status::value) e.latitude = lat.value, e.longitude = lon.value;
                e.category = tier;
                const auto last = crm::read_date(at(rows, r, column::last_order));
                e.description = crm::visit_description(
                    crm::text_of(at(rows, r, column::purpose)), crm::text_of(at(rows, r, column::why)),
                    last.status == crm::cell_status::value ? std::optional<double>(last.value) : std::nullopt, words);
                const auto arrival = crm::read_number(at(rows, r, column::arrival));
                e.start_minutes = arrival.status == crm::cell_status::value ? arrival.value * 1440.0 : 0.0;
                const int t = tier.size() == 1 && tier[0] >= 'A' && tier[0] <= 'C' ? tier[0] - 'A' : 2;
                e.duration_minutes = minutes[static_cast<std::size_t>(t)];
                e.summary = customer.empty() ? e.customer_id : customer + " (" + tier + ")";
                // The sheet may have been edited: a visit no calendar can hold is refused with its row.
                if (!crm::is_exportable(e))
                    throw refusal(text::error_schedule_row, lang, fmt::arg("row", r + 1),
                                  fmt::arg("sheet", crm::bounded_text(name, 64)));
                events.push_back(e);
                std::vector<std::string> line;
                for (std::size_t c = 0; c < crm::schedule_columns; ++c) line.push_back(crm::text_of(crm::cell_at(rows, r, c)));
                line[static_cast<std::size_t>(column::date)] = crm::iso_date_text(e.date);
                line[static_cast<std::size_t>(column::arrival)] = crm::clock_text(e.start_minutes);
                csv.push_back(line);
            }
        }
        crm::ical_options ical;
        ical.dtstamp_utc = crm::utc_now_serial();
        const std::string path = system_path(fileUrl, lang);
        // Spec "Calendars": one calendar per rep beside the whole one (PerRep; by default when there are several).
        const bool per_rep = opts.flag("PerRep", true);  // the same either way when given
        const std::optional<bool> given = per_rep == opts.flag("PerRep", false) ? std::optional<bool>(per_rep) : std::nullopt;
        for (const auto& calendar : crm::schedule_calendars(events, ical, given, words))
            write_file(calendar.rep.empty() ? path : crm::per_rep_path(path, calendar.rep), calendar.text, lang);
        if (auto csv_url = opts.text("CsvUrl")) write_file(system_path(to_ou(*csv_url), lang), crm::to_csv(csv), lang);
    });
}

}  // namespace crm_uno
