// exportValues: a copy of the document (or of some of its sheets) in which every calc-crm formula is its value,
// stored as .ods or .xlsx, for a colleague without the extension (spec wizard.md "Customer card and sharing");
// or, to .pdf, the latest schedule as reps print it: a sheet per (rep, month) in the throwaway copy, each with its
// own landscape page style whose footer names the rep and the month in words, the header row on every page.
// The user's document is never changed: it is stored to a private temporary folder, the copy is loaded hidden,
// converted, stored to the target and closed, and the folder is removed.
#include <algorithm>
#include <cstdlib>
#include <map>
#include <regex>
#include <tuple>
#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

#include <com/sun/star/beans/PropertyValue.hpp>
#include <com/sun/star/frame/Desktop.hpp>
#include <com/sun/star/frame/XStorable.hpp>
#include <com/sun/star/io/IOException.hpp>
#include <com/sun/star/sheet/CellFlags.hpp>
#include <com/sun/star/sheet/XCellRangeMovement.hpp>
#include <com/sun/star/sheet/XPrintAreas.hpp>
#include <com/sun/star/sheet/XSheetPageBreak.hpp>
#include <com/sun/star/table/CellAddress.hpp>
#include <com/sun/star/table/XColumnRowRange.hpp>
#include <com/sun/star/table/XTableColumns.hpp>
#include <com/sun/star/sheet/XArrayFormulaRange.hpp>
#include <com/sun/star/sheet/XCellRangeAddressable.hpp>
#include <com/sun/star/beans/XPropertySet.hpp>
#include <com/sun/star/container/XIndexAccess.hpp>
#include <com/sun/star/sheet/XSheetCellCursor.hpp>
#include <com/sun/star/sheet/XSheetCellRange.hpp>
#include <com/sun/star/sheet/XCellRangeData.hpp>
#include <com/sun/star/sheet/XCellRangeFormula.hpp>
#include <com/sun/star/sheet/XCellRangesQuery.hpp>
#include <com/sun/star/sheet/XSheetCellRanges.hpp>
#include <com/sun/star/sheet/XSpreadsheetDocument.hpp>
#include <com/sun/star/sheet/XSpreadsheets.hpp>
#include <com/sun/star/table/CellRangeAddress.hpp>
#include <com/sun/star/table/XCell.hpp>
#include <com/sun/star/table/XCellRange.hpp>
#include <com/sun/star/text/XTextRange.hpp>
#include <com/sun/star/util/XCloseable.hpp>
#include <fmt/format.h>
#include <osl/file.hxx>

#include "addin_strings.hxx"
#include "crm/calendar.hpp"
#include "crm/schedule_sheet.hpp"
#include "crm/text_values.hpp"
#include "jobs/customer_jobs.hxx"
#include "jobs/job_common.hxx"
#include "jobs/print_setup.hxx"
#include "shared/options.hxx"
#include "shared/sheet_io.hxx"
#include "shared/text.hxx"

namespace crm_uno {

using css::uno::Any;
using css::uno::Reference;
using css::uno::Sequence;
using css::uno::UNO_QUERY;
using css::uno::UNO_QUERY_THROW;
using ::rtl::OUString;

namespace {

const std::vector<std::string> kExportValuesOptions{"Sheets", "Rep", "Month"};

css::beans::PropertyValue value_of(const char* name, const Any& value) {
    return css::beans::PropertyValue(OUString::createFromAscii(name), 0, value, css::beans::PropertyState_DIRECT_VALUE);
}

/// A private folder under the system's temporary folder, removed with everything in it when the job ends.
class temp_folder {
public:
    explicit temp_folder(language lang) {
        std::error_code ec;
        std::string pattern = (std::filesystem::temp_directory_path(ec) / "calc-crm-share-XXXXXX").string();
        if (ec || !::mkdtemp(pattern.data())) throw refusal(text::error_cannot_write, lang, fmt::arg("path", pattern));
        path_ = pattern;
    }
    ~temp_folder() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    temp_folder(const temp_folder&) = delete;
    temp_folder& operator=(const temp_folder&) = delete;
    std::string file(const char* name) const { return (std::filesystem::path(path_) / name).string(); }

private:
    std::string path_;
};

/// A document loaded hidden, closed whatever happens.
class hidden_copy {
public:
    explicit hidden_copy(Reference<css::lang::XComponent> doc) : doc_(std::move(doc)) {}
    ~hidden_copy() {
        try {
            Reference<css::util::XCloseable> closeable(doc_, UNO_QUERY);
            if (closeable.is()) closeable->close(true);
            else if (doc_.is()) doc_->dispose();
        } catch (...) {
        }
    }
    hidden_copy(const hidden_copy&) = delete;
    hidden_copy& operator=(const hidden_copy&) = delete;
    const Reference<css::lang::XComponent>& get() const { return doc_; }

private:
    Reference<css::lang::XComponent> doc_;
};

OUString file_url(const std::string& path) {
    OUString url;
    osl::FileBase::getFileURLFromSystemPath(to_ou(path), url);
    return url;
}

/// A copy of the user's document as it is now, stored as `copy_path` (storeToURL changes neither the document's
/// location nor its modified state) and loaded hidden: what the export changes is changed there, never in the
/// user's document. The copy is closed when the returned object goes.
hidden_copy open_hidden_copy(const Reference<css::frame::XModel>& document, const Reference<css::uno::XComponentContext>& context,
                             const std::string& copy_path) {
    const Any yes(true);
    const css::beans::PropertyValue store_copy[] = {value_of("FilterName", Any(OUString("calc8"))), value_of("Overwrite", Any(true))};
    Reference<css::frame::XStorable>(document, UNO_QUERY_THROW)->storeToURL(file_url(copy_path), Sequence<css::beans::PropertyValue>(store_copy, 2));
    const css::beans::PropertyValue load_hidden[] = {value_of("Hidden", yes)};
    return hidden_copy(css::frame::Desktop::create(context)->loadComponentFromURL(
        file_url(copy_path), "_blank", 0, Sequence<css::beans::PropertyValue>(load_hidden, 1)));
}

/// The option Sheets: a list of sheet names (sequence<string> or sequence<any>) or one name; none: all sheets.
std::vector<std::string> sheets_option(const Sequence<css::beans::PropertyValue>& options) {
    std::vector<std::string> names;
    for (const auto& option : options) {
        if (option.Name != "Sheets") continue;
        Sequence<OUString> texts;
        Sequence<Any> values;
        OUString one;
        if (option.Value >>= texts) {
            for (const auto& t : texts) names.push_back(to_utf8(t));
        } else if (option.Value >>= values) {
            for (const auto& v : values)
                if (v >>= one) names.push_back(to_utf8(one));
        } else if (option.Value >>= one) {
            names.push_back(to_utf8(one));
        }
    }
    return names;
}

/// A formula of calc-crm: it calls one of the add-in's functions (CRM_… in the user's view, the add-in's
/// service name in the API's).
bool is_crm_formula(const OUString& formula) {
    const OUString upper = formula.toAsciiUpperCase();
    return upper.indexOf("CRM_") >= 0 || upper.indexOf("ORG.CALCCRM.") >= 0;
}

/// Replaces the chosen formulas of one sheet by their values, column by column in runs (one setDataArray per
/// run of adjacent cells: a column of 20 000 CRM_ formulas is one call). Formats stay: only contents change.
/// Returns the number of cells converted.
std::size_t freeze_sheet(const Reference<css::sheet::XSpreadsheet>& sheet, bool every_formula) {
    const Reference<css::sheet::XCellRangesQuery> query(sheet, UNO_QUERY_THROW);
    const Reference<css::sheet::XSheetCellRanges> formulas = query->queryContentCells(css::sheet::CellFlags::FORMULA);
    if (!formulas.is()) return 0;
    std::size_t converted = 0;
    const Reference<css::table::XCellRange> cells(sheet, UNO_QUERY_THROW);
    for (const auto& a : formulas->getRangeAddresses()) {
        const Reference<css::table::XCellRange> block =
            cells->getCellRangeByPosition(a.StartColumn, a.StartRow, a.EndColumn, a.EndRow);
        const Sequence<Sequence<OUString>> text = Reference<css::sheet::XCellRangeFormula>(block, UNO_QUERY_THROW)->getFormulaArray();
        const Sequence<Sequence<Any>> data = Reference<css::sheet::XCellRangeData>(block, UNO_QUERY_THROW)->getDataArray();
        const sal_Int32 rows = text.getLength(), columns = rows ? text[0].getLength() : 0;
        // Array formulas ({=CRM_BGNBD_FIT(…)}) are replaced whole: a part of an array cannot be written.
        for (sal_Int32 r = 0; r < rows; ++r)
            for (sal_Int32 c = 0; c < columns; ++c) {
                const OUString& f = text[r][c];
                if (!f.startsWith("{=") || !(every_formula || is_crm_formula(f))) continue;
                const Reference<css::table::XCell> cell = block->getCellByPosition(c, r);
                if (!cell->getFormula().startsWith("{")) continue;  // converted with an earlier cell of its array
                const Reference<css::sheet::XSheetCellCursor> array = sheet->createCursorByRange(
                    Reference<css::sheet::XSheetCellRange>(block->getCellRangeByPosition(c, r, c, r), UNO_QUERY_THROW));
                array->collapseToCurrentArray();
                const Sequence<Sequence<Any>> result = Reference<css::sheet::XCellRangeData>(array, UNO_QUERY_THROW)->getDataArray();
                Reference<css::sheet::XArrayFormulaRange>(array, UNO_QUERY_THROW)->setArrayFormula(OUString());
                Reference<css::sheet::XCellRangeData>(array, UNO_QUERY_THROW)->setDataArray(result);
                converted += static_cast<std::size_t>(result.getLength() * (result.getLength() ? result[0].getLength() : 0));
            }
        for (sal_Int32 c = 0; c < columns; ++c) {
            sal_Int32 r = 0;
            while (r < rows) {
                const auto wanted = [&](sal_Int32 row) {
                    const OUString& f = text[row][c];
                    return f.startsWith("=") && (every_formula || is_crm_formula(f));
                };
                if (!wanted(r)) {
                    ++r;
                    continue;
                }
                sal_Int32 end = r;
                while (end < rows && wanted(end)) ++end;
                Sequence<Sequence<Any>> run(end - r);
                for (sal_Int32 i = r; i < end; ++i) {
                    Any v = data[i][c];
                    // getDataArray shows an error cell as empty: the copy keeps the error's text (Err:502,
                    // #VALUE!), as the user saw it, rather than a blank that would look like no result.
                    if (!v.hasValue()) {
                        const Reference<css::table::XCell> cell = block->getCellByPosition(c, i);
                        if (cell->getError() != 0) v <<= Reference<css::text::XTextRange>(cell, UNO_QUERY_THROW)->getString();
                        else v <<= OUString();
                    }
                    run.getArray()[i - r] = Sequence<Any>(&v, 1);
                }
                Reference<css::sheet::XCellRangeData>(block->getCellRangeByPosition(c, r, c, end - 1), UNO_QUERY_THROW)
                    ->setDataArray(run);
                converted += static_cast<std::size_t>(end - r);
                r = end;
            }
        }
    }
    return converted;
}


/// A month of the calendar.
struct year_month {
    int year = 0, month = 0;
    friend auto operator<=>(const year_month&, const year_month&) = default;
};

/// The option Month: "2027-01", a date text in it ("2027-01-15", as parse_date reads dates) or a Calc date
/// serial; nullopt when absent; a refusal for anything else.
std::optional<year_month> month_option(const Sequence<css::beans::PropertyValue>& options, language lang) {
    for (const auto& option : options) {
        if (option.Name != "Month") continue;
        double serial = 0;
        OUString text;
        if (option.Value >>= serial) {
            if (serial >= 1 && serial < 2958466) {
                const crm::civil_date d = crm::civil_from_serial(serial);
                return year_month{d.year, d.month};
            }
            throw refusal(text::error_print_month, lang, fmt::arg("value", fmt::format("{}", serial)));
        }
        if (option.Value >>= text) {
            const std::string t = to_utf8(text.trim());
            static const std::regex iso_month(R"(^(\d{4})-(\d{1,2})$)");
            std::smatch m;
            if (std::regex_match(t, m, iso_month)) {
                const int year = std::stoi(m[1].str()), month = std::stoi(m[2].str());
                if (month >= 1 && month <= 12) return year_month{year, month};
            } else if (const auto date = crm::parse_date(t)) {
                const crm::civil_date d = crm::civil_from_serial(*date);
                return year_month{d.year, d.month};
            }
            throw refusal(text::error_print_month, lang, fmt::arg("value", crm::bounded_text(t, 64)));
        }
        throw refusal(text::error_print_month, lang, fmt::arg("value", "?"));
    }
    return std::nullopt;
}

/// A month in words in the office language: "January 2027", "janvier 2027", "2027年1月".
std::string month_words(const year_month& m, const crm::text_lookup& words) {
    const std::string name(words(fmt::format("month_{:02}", m.month)));
    return fmt::format(fmt::runtime(std::string(words("print_month"))), fmt::arg("month", name), fmt::arg("year", m.year));
}

/// A sheet name Calc accepts, from a rep and a month.
std::string print_sheet_name(std::size_t index, const std::string& rep, const year_month& m) {
    std::string name = fmt::format("{} {} {:04}-{:02}", index + 1, crm::bounded_text(rep, 40), m.year, m.month);
    for (char& c : name)
        if (c == '[' || c == ']' || c == '*' || c == '?' || c == ':' || c == '/' || c == '\\' || c == '\'') c = '_';
    return name;
}

/// One visit row of the schedule: the sheet (index into the schedule's sheets) and its 0-based row.
struct row_ref {
    std::size_t sheet;
    sal_Int32 row;
};

/// exportValues to .pdf: the latest schedule of `document`, one (rep, month) a sheet of a throwaway copy, each
/// sheet its own landscape page style with the rep and the month in words in its footer, printed by
/// calc_pdf_Export. Options Rep and Month keep one rep's visits, one month's, or one rep's month.
Sequence<css::beans::PropertyValue> export_schedule_pdf(const Reference<css::uno::XComponentContext>& context,
                                                        const Reference<css::frame::XModel>& document,
                                                        const Reference<css::sheet::XSpreadsheetDocument>& doc,
                                                        const OUString& fileUrl, const OUString& target_path,
                                                        const job_options& opts,
                                                        const Sequence<css::beans::PropertyValue>& options, language lang) {
    const crm::text_lookup words = texts_in(lang);
    const std::optional<std::string> rep_wanted = opts.text("Rep");
    const std::optional<year_month> month_wanted = month_option(options, lang);
    // The latest schedule (all its parts when the plan was split by quarter or month), read on the user's
    // document before anything is written.
    const std::vector<std::string> all = sheet_names(doc);
    std::vector<std::string> parts;
    for (const std::size_t i : crm::latest_schedule(all, schedule_patterns())) parts.push_back(all[i]);
    if (parts.empty()) throw refusal(text::error_no_schedule, lang);
    using column = crm::schedule_column;
    std::map<std::tuple<std::string, int, int>, std::vector<row_ref>> groups;  // by rep, then month
    std::vector<std::string> reps;
    std::optional<year_month> first_month, last_month;
    std::size_t visits = 0;
    sal_Int32 columns = static_cast<sal_Int32>(crm::schedule_columns);
    for (std::size_t p = 0; p < parts.size(); ++p) {
        const crm::table rows = read_used_area(sheet_named(doc, parts[p]));
        for (std::size_t r = 1; r < rows.size(); ++r) {
            const crm::cell_reading date = crm::read_date(crm::cell_at(rows, r, static_cast<std::size_t>(column::date)));
            if (date.status != crm::cell_status::value) continue;  // not a visit row
            const std::string rep = crm::text_of(crm::cell_at(rows, r, static_cast<std::size_t>(column::rep)));
            const crm::civil_date d = crm::civil_from_serial(date.value);
            const year_month m{d.year, d.month};
            ++visits;
            if (std::find(reps.begin(), reps.end(), rep) == reps.end()) reps.push_back(rep);
            if (rep_wanted && rep != *rep_wanted) continue;
            if (!first_month || m < *first_month) first_month = m;
            if (!last_month || *last_month < m) last_month = m;
            if (month_wanted && m != *month_wanted) continue;
            groups[{rep, m.year, m.month}].push_back({p, static_cast<sal_Int32>(r)});
        }
    }
    if (visits == 0) throw refusal(text::error_print_no_visits, lang, fmt::arg("sheet", crm::bounded_text(parts.back(), 64)));
    if (rep_wanted && !first_month) {
        std::sort(reps.begin(), reps.end());
        std::string list;
        for (const auto& r : reps) list += (list.empty() ? "" : ", ") + r;
        throw refusal(text::error_print_no_rep, lang, fmt::arg("rep", crm::bounded_text(*rep_wanted, 64)),
                      fmt::arg("reps", crm::bounded_text(list, 200)));
    }
    if (groups.empty())
        throw refusal(text::error_print_no_month, lang, fmt::arg("month", month_words(*month_wanted, words)),
                      fmt::arg("from", month_words(*first_month, words)), fmt::arg("to", month_words(*last_month, words)));

    // The sheets per rep and month are made in a hidden copy, never in the user's document.
    const temp_folder folder(lang);
    const std::string copy_path = folder.file("copy.ods");
    const hidden_copy copy = open_hidden_copy(document, context, copy_path);
    const Reference<css::sheet::XSpreadsheetDocument> copy_doc(copy.get(), UNO_QUERY);
    const Reference<css::frame::XModel> copy_model(copy.get(), UNO_QUERY);
    if (!copy_doc.is() || !copy_model.is()) throw refusal(text::error_cannot_write, lang, fmt::arg("path", copy_path));
    const Reference<css::sheet::XSpreadsheets> sheets = copy_doc->getSheets();
    std::vector<Reference<css::sheet::XSpreadsheet>> sources;
    std::vector<sal_Int16> source_tabs;
    for (const auto& name : parts) {
        sources.push_back(sheet_named(copy_doc, name));
        source_tabs.push_back(Reference<css::sheet::XCellRangeAddressable>(sources.back(), UNO_QUERY_THROW)->getRangeAddress().Sheet);
    }
    const std::string page_word(words("print_page"));
    std::size_t index = 0;
    for (const auto& [key, rows] : groups) {
        const auto& [rep, year, month] = key;
        const OUString name = to_ou(print_sheet_name(index, rep, year_month{year, month}));
        sheets->insertNewByName(name, static_cast<sal_Int16>(Reference<css::container::XIndexAccess>(sheets, UNO_QUERY_THROW)->getCount()));
        const Reference<css::sheet::XSpreadsheet> target = sheet_named(copy_doc, to_utf8(name));
        const sal_Int16 tab = Reference<css::sheet::XCellRangeAddressable>(target, UNO_QUERY_THROW)->getRangeAddress().Sheet;
        const Reference<css::sheet::XCellRangeMovement> move(target, UNO_QUERY_THROW);
        // The header row, then the group's rows, each run of adjacent rows one copy (contents and formats).
        const std::size_t first_part = rows.front().sheet;
        move->copyRange(css::table::CellAddress(tab, 0, 0),
                        css::table::CellRangeAddress(source_tabs[first_part], 0, 0, columns - 1, 0));
        sal_Int32 at = 1;
        for (std::size_t i = 0; i < rows.size();) {
            std::size_t end = i + 1;
            while (end < rows.size() && rows[end].sheet == rows[i].sheet && rows[end].row == rows[end - 1].row + 1) ++end;
            const sal_Int32 count = static_cast<sal_Int32>(end - i);
            move->copyRange(css::table::CellAddress(tab, 0, at),
                            css::table::CellRangeAddress(source_tabs[rows[i].sheet], 0, rows[i].row, columns - 1,
                                                         rows[i].row + count - 1));
            at += count;
            i = end;
        }
        // The schedule's column widths; no manual break left inside a group (each sheet starts a page).
        const Reference<css::table::XTableColumns> from =
            Reference<css::table::XColumnRowRange>(sources[first_part], UNO_QUERY_THROW)->getColumns();
        const Reference<css::table::XTableColumns> to = Reference<css::table::XColumnRowRange>(target, UNO_QUERY_THROW)->getColumns();
        for (sal_Int32 c = 0; c < columns; ++c)
            Reference<css::beans::XPropertySet>(to->getByIndex(c), UNO_QUERY_THROW)
                ->setPropertyValue("Width", Reference<css::beans::XPropertySet>(from->getByIndex(c), UNO_QUERY_THROW)->getPropertyValue("Width"));
        Reference<css::sheet::XSheetPageBreak>(target, UNO_QUERY_THROW)->removeAllManualPageBreaks();
        // Its own page style: landscape, the footer "<rep> · <month in words> · page N / M".
        const std::string title = rep + " \u00b7 " + month_words(year_month{year, month}, words);
        Reference<css::beans::XPropertySet>(target, UNO_QUERY_THROW)
            ->setPropertyValue("PageStyle", Any(landscape_page_style(copy_model, to_ou(fmt::format("CRM print {}", index + 1)), title, page_word)));
        const Reference<css::sheet::XPrintAreas> print(target, UNO_QUERY_THROW);
        const css::table::CellRangeAddress area(tab, 0, 0, columns - 1, at - 1);
        print->setPrintAreas(Sequence<css::table::CellRangeAddress>(&area, 1));
        print->setTitleRows(css::table::CellRangeAddress(tab, 0, 0, columns - 1, 0));
        print->setPrintTitleRows(true);
        freeze_sheet(target, true);  // a formula of the schedule would lose its sheet below: its value instead
        ++index;
    }
    for (const auto& name : all) sheets->removeByName(to_ou(name));
    const css::beans::PropertyValue store_target[] = {value_of("FilterName", Any(OUString("calc_pdf_Export"))),
                                                      value_of("Overwrite", Any(true))};
    try {
        Reference<css::frame::XStorable>(copy.get(), UNO_QUERY_THROW)->storeToURL(fileUrl, Sequence<css::beans::PropertyValue>(store_target, 2));
    } catch (const css::io::IOException&) {
        throw refusal(text::error_cannot_write, lang, fmt::arg("path", crm::bounded_text(to_utf8(target_path))));
    }
    std::size_t printed = 0;
    for (const auto& [key, rows] : groups) printed += rows.size();
    const css::beans::PropertyValue results[] = {property("Sheets", Any(strings_of(parts))),
                                                 property("Groups", Any(static_cast<sal_Int32>(groups.size()))),
                                                 property("VisitsPrinted", Any(static_cast<sal_Int32>(printed))),
                                                 property("FormulasConverted", Any(sal_Int32(0)))};
    return Sequence<css::beans::PropertyValue>(results, 4);
}

}  // namespace

Sequence<css::beans::PropertyValue> SAL_CALL CustomerJobs::exportValues(const Reference<css::frame::XModel>& document,
                                                                        const OUString& fileUrl,
                                                                        const Sequence<css::beans::PropertyValue>& options) {
    return job_guarded("exportValues", context_, [&](language lang) {
        const Reference<css::sheet::XSpreadsheetDocument> doc(document, UNO_QUERY);
        if (!doc.is()) throw refusal(text::error_not_spreadsheet, lang);
        const job_options opts(options, kExportValuesOptions, lang);
        OUString target_path;
        if (osl::FileBase::getSystemPathFromFileURL(fileUrl, target_path) != osl::FileBase::E_None)
            throw refusal(text::error_not_file_url, lang, fmt::arg("url", crm::bounded_text(to_utf8(fileUrl))));
        // The format by the file's extension: .ods or .xlsx, or .pdf for the schedule as reps print it.
        const OUString lower = fileUrl.toAsciiLowerCase();
        if (lower.endsWith(".pdf")) return export_schedule_pdf(context_, document, doc, fileUrl, target_path, opts, options, lang);
        const char* filter = lower.endsWith(".ods") ? "calc8" : lower.endsWith(".xlsx") ? "Calc MS Excel 2007 XML" : nullptr;
        if (!filter) throw refusal(text::error_export_format, lang, fmt::arg("url", crm::bounded_text(to_utf8(fileUrl))));
        // The sheets kept, checked on the user's document before anything is written.
        const std::vector<std::string> all = sheet_names(doc);
        std::vector<std::string> kept = sheets_option(options);
        for (const auto& name : kept)
            if (std::find(all.begin(), all.end(), name) == all.end())
                throw refusal(text::error_no_sheet_named, lang, fmt::arg("sheet", crm::bounded_text(name, 64)));
        const bool subset = !kept.empty();
        if (!subset) kept = all;

        const temp_folder folder(lang);
        const std::string copy_path = folder.file("copy.ods");
        const hidden_copy copy = open_hidden_copy(document, context_, copy_path);
        const Reference<css::sheet::XSpreadsheetDocument> copy_doc(copy.get(), UNO_QUERY);
        if (!copy_doc.is()) throw refusal(text::error_cannot_write, lang, fmt::arg("path", copy_path));

        // Every calc-crm formula of the kept sheets becomes its value. A subset of sheets keeps no reference to
        // the sheets left out: each of its formulas becomes its value too (the copy is a snapshot).
        std::size_t converted = 0;
        for (const auto& name : kept) converted += freeze_sheet(sheet_named(copy_doc, name), subset);
        if (subset) {
            const Reference<css::sheet::XSpreadsheets> sheets = copy_doc->getSheets();
            for (const auto& name : all)
                if (std::find(kept.begin(), kept.end(), name) == kept.end()) sheets->removeByName(to_ou(name));
        }
        const css::beans::PropertyValue store_target[] = {value_of("FilterName", Any(OUString::createFromAscii(filter))),
                                                          value_of("Overwrite", Any(true))};
        try {
            Reference<css::frame::XStorable>(copy.get(), UNO_QUERY_THROW)->storeToURL(fileUrl, Sequence<css::beans::PropertyValue>(store_target, 2));
        } catch (const css::io::IOException&) {
            throw refusal(text::error_cannot_write, lang, fmt::arg("path", crm::bounded_text(to_utf8(target_path))));
        }
        Sequence<OUString> names(static_cast<sal_Int32>(kept.size()));
        for (std::size_t i = 0; i < kept.size(); ++i) names.getArray()[i] = to_ou(kept[i]);
        const css::beans::PropertyValue results[] = {property("Sheets", Any(names)),
                                                     property("FormulasConverted", Any(static_cast<sal_Int32>(converted)))};
        return Sequence<css::beans::PropertyValue>(results, 2);
    });
}

}  // namespace crm_uno
