// exportCalendar: the schedule sheet of a document, read back in bulk, written as iCalendar (and CSV).
#include <cmath>
#include <ctime>
#include <fstream>

#include <com/sun/star/sheet/XSpreadsheetDocument.hpp>
#include <fmt/format.h>
#include <osl/file.hxx>

#include "addin_strings.hxx"
#include "arguments.hxx"
#include "crm/calendar.hpp"
#include "crm/icalendar.hpp"
#include "crm/schedule.hpp"
#include "crm/text_values.hpp"
#include "customer_jobs.hxx"
#include "job_common.hxx"
#include "job_options.hxx"
#include "sheet_io.hxx"

namespace crm_uno {

using css::uno::Reference;
using ::rtl::OUString;

namespace {

const std::vector<std::string> kExportOptions{"ScheduleSheet", "CsvUrl", "VisitMinutesA", "VisitMinutesB",
                                              "VisitMinutesC"};

/// Whether `name` is a schedule sheet's name in any of the four languages ("Visits 2027", "2027年拜访计划", …).
bool is_schedule_name(const std::string& name) {
    for (const char* pattern : text::sheet_visits) {
        const std::string p = pattern;
        const auto at = p.find("{year}");
        const std::string prefix = p.substr(0, at), suffix = p.substr(at + 6);
        if (name.size() != prefix.size() + 4 + suffix.size()) continue;
        if (name.compare(0, prefix.size(), prefix) != 0 || name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0)
            continue;
        const std::string year = name.substr(prefix.size(), 4);
        if (year.find_first_not_of("0123456789") == std::string::npos) return true;
    }
    return false;
}

std::string system_path(const OUString& url, language lang) {
    OUString path;
    if (osl::FileBase::getSystemPathFromFileURL(url, path) != osl::FileBase::E_None)
        throw refusal(text::error_not_file_url, lang, fmt::arg("url", crm::bounded_text(to_utf8(url))));
    return to_utf8(path);
}

void write_file(const std::string& path, const std::string& content, language lang) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) throw refusal(text::error_cannot_write, lang, fmt::arg("path", crm::bounded_text(path)));
    out << content;
    if (!out.flush()) throw refusal(text::error_cannot_write, lang, fmt::arg("path", crm::bounded_text(path)));
}

}  // namespace

void SAL_CALL CustomerJobs::exportCalendar(const Reference<css::frame::XModel>& document, const OUString& fileUrl,
                                           const css::uno::Sequence<css::beans::PropertyValue>& options) {
    job_guarded("exportCalendar", context_, [&](language lang) {
        const Reference<css::sheet::XSpreadsheetDocument> doc(document, css::uno::UNO_QUERY);
        if (!doc.is()) throw refusal(text::error_not_spreadsheet, lang);
        const job_options opts(options, kExportOptions, lang);
        std::string name;
        if (auto chosen = opts.text("ScheduleSheet")) {
            name = *chosen;
        } else {
            for (const auto& candidate : sheet_names(doc))
                if (is_schedule_name(candidate)) name = candidate;  // the last one: the latest plan
        }
        const auto sheet = name.empty() ? nullptr : sheet_named(doc, name);
        if (!sheet.is()) throw refusal(text::error_no_schedule, lang);
        // Visit lengths by tier, with planVisits' defaults and rule: the core's own check (a refusal worded by
        // job_guarded).
        crm::plan_settings settings;
        settings.visit_minutes = {opts.number("VisitMinutesA"), opts.number("VisitMinutesB"), opts.number("VisitMinutesC")};
        const auto minutes = crm::schedule_options_from(settings, crm::this_year_utc(), plan_option_name).visit_minutes;

        // Schedule columns (spec wizard.md): date, weekday, rep, stop, id, name, tier, purpose, km, arrival.
        const crm::table rows = read_used_area(sheet);
        std::vector<crm::calendar_event> events;
        std::vector<std::vector<std::string>> csv;
        if (!rows.empty()) {
            std::vector<std::string> header;
            for (const auto& c : rows.front()) header.push_back(crm::text_of(c));
            csv.push_back(header);
        }
        for (std::size_t r = 1; r < rows.size(); ++r) {
            const auto& row = rows[r];
            const auto date = crm::read_number(crm::cell_at(rows, r, 0));
            if (date.status != crm::cell_status::value) continue;  // not a visit row
            crm::calendar_event e;
            e.date = date.value;
            e.rep = crm::text_of(crm::cell_at(rows, r, 2));
            // The sheet may have been edited: a stop number outside int is 0, never an undefined conversion.
            const auto stop = crm::read_number(crm::cell_at(rows, r, 3));
            e.stop = stop.status == crm::cell_status::value && std::fabs(stop.value) < 1e9 ? static_cast<int>(stop.value) : 0;
            e.customer_id = crm::text_of(crm::cell_at(rows, r, 4));
            const std::string customer = crm::text_of(crm::cell_at(rows, r, 5));
            const std::string tier = crm::text_of(crm::cell_at(rows, r, 6));
            e.description = crm::text_of(crm::cell_at(rows, r, 7));
            const auto arrival = crm::read_number(crm::cell_at(rows, r, 9));
            e.start_minutes = arrival.status == crm::cell_status::value ? arrival.value * 1440.0 : 0.0;
            const int t = tier.size() == 1 && tier[0] >= 'A' && tier[0] <= 'C' ? tier[0] - 'A' : 2;
            e.duration_minutes = minutes[t];
            e.summary = customer.empty() ? e.customer_id : customer + " (" + tier + ")";
            // The sheet may have been edited: a visit no calendar can hold is refused with its row.
            if (!crm::is_exportable(e))
                throw refusal(text::error_schedule_row, lang, fmt::arg("row", r + 1),
                              fmt::arg("sheet", crm::bounded_text(name, 64)));
            events.push_back(e);
            std::vector<std::string> line;
            for (std::size_t c = 0; c < row.size(); ++c) line.push_back(crm::text_of(row[c]));
            if (!line.empty()) line[0] = crm::iso_date_text(e.date);
            if (line.size() > 9) line[9] = crm::clock_text(e.start_minutes);
            csv.push_back(line);
        }
        crm::ical_options ical;
        ical.dtstamp_utc = static_cast<double>(std::time(nullptr)) / 86400.0 + 25569.0;  // Unix epoch = serial 25569
        write_file(system_path(fileUrl, lang), crm::to_icalendar(events, ical), lang);
        if (auto csv_url = opts.text("CsvUrl")) write_file(system_path(to_ou(*csv_url), lang), crm::to_csv(csv), lang);
    });
}

}  // namespace crm_uno
