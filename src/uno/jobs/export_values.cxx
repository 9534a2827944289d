// exportValues: a copy of the document (or of some of its sheets) in which every calc-crm formula is its value,
// stored as .ods or .xlsx, for a colleague without the extension (spec wizard.md "Customer card and sharing").
// The user's document is never changed: it is stored to a private temporary folder, the copy is loaded hidden,
// converted, stored to the target and closed, and the folder is removed.
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

#include <com/sun/star/beans/PropertyValue.hpp>
#include <com/sun/star/frame/Desktop.hpp>
#include <com/sun/star/frame/XStorable.hpp>
#include <com/sun/star/io/IOException.hpp>
#include <com/sun/star/sheet/CellFlags.hpp>
#include <com/sun/star/sheet/XArrayFormulaRange.hpp>
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
#include "crm/text_values.hpp"
#include "jobs/customer_jobs.hxx"
#include "jobs/job_common.hxx"
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

const std::vector<std::string> kExportValuesOptions{"Sheets"};

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
        // The format by the file's extension: .ods or .xlsx, nothing else.
        const OUString lower = fileUrl.toAsciiLowerCase();
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

        // A copy of the user's document as it is now (storeToURL changes neither its location nor its
        // modified state), loaded hidden.
        const temp_folder folder(lang);
        const std::string copy_path = folder.file("copy.ods");
        const Any yes(true);
        const css::beans::PropertyValue store_copy[] = {value_of("FilterName", Any(OUString("calc8"))), value_of("Overwrite", yes)};
        Reference<css::frame::XStorable>(document, UNO_QUERY_THROW)->storeToURL(file_url(copy_path), Sequence<css::beans::PropertyValue>(store_copy, 2));
        const css::beans::PropertyValue load_hidden[] = {value_of("Hidden", yes)};
        const hidden_copy copy(css::frame::Desktop::create(context_)->loadComponentFromURL(
            file_url(copy_path), "_blank", 0, Sequence<css::beans::PropertyValue>(load_hidden, 1)));
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
                                                          value_of("Overwrite", yes)};
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
