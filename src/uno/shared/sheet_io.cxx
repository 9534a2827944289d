// Bulk reads and writes of sheets for the jobs (never cell by cell), sheet naming, undo grouping.
#include "shared/sheet_io.hxx"

#include <algorithm>
#include <atomic>
#include <exception>
#include <map>
#include <mutex>
#include <span>
#include <stdexcept>

#include <com/sun/star/beans/PropertyValue.hpp>
#include <com/sun/star/beans/XPropertySet.hpp>
#include <com/sun/star/container/XEnumeration.hpp>
#include <com/sun/star/container/XEnumerationAccess.hpp>
#include <com/sun/star/container/XIndexAccess.hpp>
#include <com/sun/star/container/XNameAccess.hpp>
#include <com/sun/star/container/XNameContainer.hpp>
#include <com/sun/star/document/XUndoManagerSupplier.hpp>
#include <com/sun/star/frame/XController.hpp>
#include <com/sun/star/frame/XFrame.hpp>
#include <com/sun/star/frame/XFramesSupplier.hpp>
#include <com/sun/star/task/XStatusIndicatorFactory.hpp>
#include <com/sun/star/lang/XMultiServiceFactory.hpp>
#include <com/sun/star/sheet/CellFlags.hpp>
#include <com/sun/star/sheet/FillDirection.hpp>
#include <com/sun/star/sheet/FormulaResult.hpp>
#include <com/sun/star/sheet/XCellAddressable.hpp>
#include <com/sun/star/sheet/XCellRangeAddressable.hpp>
#include <com/sun/star/sheet/XCellRangesQuery.hpp>
#include <com/sun/star/sheet/XCellRangeData.hpp>
#include <com/sun/star/sheet/XCellRangeReferrer.hpp>
#include <com/sun/star/sheet/XSpreadsheetView.hpp>
#include <com/sun/star/container/XNamed.hpp>
#include <com/sun/star/table/CellRangeAddress.hpp>
#include <com/sun/star/sheet/XCellSeries.hpp>
#include <com/sun/star/sheet/XSheetCellCursor.hpp>
#include <com/sun/star/sheet/XSheetCellRanges.hpp>
#include <com/sun/star/sheet/XSheetOperation.hpp>
#include <com/sun/star/sheet/XSpreadsheets.hpp>
#include <com/sun/star/sheet/XUsedAreaCursor.hpp>
#include <com/sun/star/table/XCell.hpp>
#include <com/sun/star/table/XCellRange.hpp>
#include <com/sun/star/table/XColumnRowRange.hpp>
#include <com/sun/star/text/XTextRange.hpp>
#include <com/sun/star/util/XNumberFormatTypes.hpp>
#include <com/sun/star/util/XProtectable.hpp>
#include <com/sun/star/util/XNumberFormats.hpp>
#include <com/sun/star/util/XNumberFormatsSupplier.hpp>
#include <com/sun/star/util/CloseVetoException.hpp>
#include <com/sun/star/util/XCloseListener.hpp>
#include <cppuhelper/implbase1.hxx>

#include <fmt/format.h>

#include "addin_strings.hxx"
#include "crm/columns.hpp"
#include "shared/text.hxx"

namespace crm_uno {

using css::uno::Any;
using css::uno::Reference;
using css::uno::Sequence;
using css::uno::UNO_QUERY_THROW;

namespace {

Reference<css::table::XCellRange> range_of(const Reference<css::sheet::XSpreadsheet>& sheet, std::size_t top,
                                           std::size_t left, std::size_t bottom, std::size_t right) {
    return sheet->getCellRangeByPosition(static_cast<sal_Int32>(left), static_cast<sal_Int32>(top),
                                         static_cast<sal_Int32>(right), static_cast<sal_Int32>(bottom));
}

css::table::CellRangeAddress used_area(const Reference<css::sheet::XSpreadsheet>& sheet) {
    const Reference<css::sheet::XSheetCellCursor> cursor = sheet->createCursor();
    Reference<css::sheet::XUsedAreaCursor>(cursor, UNO_QUERY_THROW)->gotoEndOfUsedArea(false);
    return Reference<css::sheet::XCellRangeAddressable>(cursor, UNO_QUERY_THROW)->getRangeAddress();
}

}  // namespace

namespace {

/// The values of rows top..bottom, columns left..right into `table` (sized already), error cells as errors.
void read_block(const Reference<css::sheet::XSpreadsheet>& sheet, std::size_t top, std::size_t left, std::size_t bottom,
                std::size_t right, crm::table& table) {
    const auto block = range_of(sheet, top, left, bottom, right);
    const Sequence<Sequence<Any>> data = Reference<css::sheet::XCellRangeData>(block, UNO_QUERY_THROW)->getDataArray();
    for (sal_Int32 r = 0; r < data.getLength(); ++r) {
        auto& row = table[top + static_cast<std::size_t>(r)];
        for (sal_Int32 c = 0; c < data[r].getLength(); ++c) {
            const Any& value = data[r][c];
            auto& cell = row[left + static_cast<std::size_t>(c)];
            double number;
            ::rtl::OUString text;
            if (value >>= number) cell = number;
            else if ((value >>= text) && !text.isEmpty()) cell = to_utf8(text);
            else cell = std::monostate{};
        }
    }
    // getDataArray shows an error cell as an empty value: find them in one query.
    const Reference<css::sheet::XCellRangesQuery> query(block, UNO_QUERY_THROW);
    const auto errors = query->queryFormulaCells(css::sheet::FormulaResult::ERROR)->getRangeAddresses();
    for (const auto& e : errors)
        for (sal_Int32 r = e.StartRow; r <= e.EndRow; ++r)
            for (sal_Int32 c = e.StartColumn; c <= e.EndColumn; ++c) {
                const Reference<css::table::XCell> cell = sheet->getCellByPosition(c, r);
                table[static_cast<std::size_t>(r)][static_cast<std::size_t>(c)] =
                    crm::cell_error{static_cast<int>(cell->getError())};
            }
}

}  // namespace

crm::table read_used_area(const Reference<css::sheet::XSpreadsheet>& sheet, const column_needs& needs) {
    const Reference<css::sheet::XSheetCellCursor> cursor = sheet->createCursor();
    const Reference<css::sheet::XUsedAreaCursor> used(cursor, UNO_QUERY_THROW);
    used->gotoStartOfUsedArea(false);
    used->gotoEndOfUsedArea(true);
    const auto area = Reference<css::sheet::XCellRangeAddressable>(cursor, UNO_QUERY_THROW)->getRangeAddress();
    // Read from A1 so that table rows and columns are sheet rows and columns.
    const auto bottom = static_cast<std::size_t>(area.EndRow), right = static_cast<std::size_t>(area.EndColumn);
    crm::table table(bottom + 1, std::vector<crm::cell>(right + 1));
    const std::size_t head_bottom = std::min(bottom, crm::header_scan_rows);
    if (!needs || head_bottom == bottom) {
        read_block(sheet, 0, 0, bottom, right, table);
        return table;
    }
    // The first rows whole (where the headers are); below them every column holding a constant, and the formula
    // columns the reader asks for. The others' formula cells hold a placeholder text, uncomputed and unread: a
    // Customers sheet's live model columns are computed once, after the run, instead of for a read that would
    // not use them (and their formula texts cost more to fetch than their values).
    read_block(sheet, 0, 0, head_bottom, right, table);
    const std::size_t first = head_bottom + 1;
    const Reference<css::sheet::XCellRangesQuery> rest(range_of(sheet, first, 0, bottom, right), UNO_QUERY_THROW);
    const auto formulas = rest->queryContentCells(css::sheet::CellFlags::FORMULA)->getRangeAddresses();
    const auto constants = rest->queryContentCells(css::sheet::CellFlags::VALUE | css::sheet::CellFlags::DATETIME |
                                                   css::sheet::CellFlags::STRING)->getRangeAddresses();
    std::vector<bool> known(right + 1, true), constant(right + 1, false);
    for (const auto& k : constants)
        for (sal_Int32 c = k.StartColumn; c <= k.EndColumn; ++c) constant[static_cast<std::size_t>(c)] = true;
    for (const auto& f : formulas)
        for (sal_Int32 c = f.StartColumn; c <= f.EndColumn; ++c)
            if (!constant[static_cast<std::size_t>(c)]) known[static_cast<std::size_t>(c)] = false;
    for (std::size_t left = 0; left <= right;) {  // runs of neighbouring columns read whole, one call each
        std::size_t end = left;
        while (end + 1 <= right && known[end + 1] == known[left]) ++end;
        if (known[left]) read_block(sheet, first, left, bottom, end, table);
        left = end + 1;
    }
    for (const auto& f : formulas)
        for (sal_Int32 r = f.StartRow; r <= f.EndRow; ++r)
            for (sal_Int32 c = f.StartColumn; c <= f.EndColumn; ++c)
                if (!known[static_cast<std::size_t>(c)])
                    table[static_cast<std::size_t>(r)][static_cast<std::size_t>(c)] = std::string("=");
    for (std::vector<std::size_t> more = needs(table, known); !more.empty(); more = needs(table, known))
        for (const std::size_t column : more) {
            if (column > right || known[column]) throw std::logic_error("column_needs asked for a column read already");
            read_block(sheet, first, column, bottom, column, table);
            known[column] = true;
        }
    return table;
}

std::optional<Sequence<Sequence<Any>>> range_values(const Reference<css::frame::XModel>& document,
                                                    const std::string& range) {
    const Reference<css::beans::XPropertySet> properties(document, css::uno::UNO_QUERY);
    const Reference<css::sheet::XSpreadsheetDocument> spreadsheet(document, css::uno::UNO_QUERY);
    if (!properties.is() || !spreadsheet.is() || range.empty()) return std::nullopt;
    Reference<css::container::XNameAccess> names;
    properties->getPropertyValue("NamedRanges") >>= names;
    if (names.is() && names->hasByName(to_ou(range))) {
        const Reference<css::sheet::XCellRangeReferrer> referrer(names->getByName(to_ou(range)), css::uno::UNO_QUERY);
        const Reference<css::sheet::XCellRangeData> data(referrer.is() ? referrer->getReferredCells() : nullptr,
                                                        css::uno::UNO_QUERY);
        if (!data.is()) return std::nullopt;
        return data->getDataArray();
    }
    const Reference<css::beans::XPropertySet> conversion(
        Reference<css::lang::XMultiServiceFactory>(document, css::uno::UNO_QUERY_THROW)
            ->createInstance("com.sun.star.table.CellRangeAddressConversion"),
        css::uno::UNO_QUERY_THROW);
    const Reference<css::container::XIndexAccess> sheets(spreadsheet->getSheets(), css::uno::UNO_QUERY_THROW);
    // A reference without a sheet name means the active sheet (a hidden document has none: the first).
    const Reference<css::sheet::XSpreadsheetView> view(document->getCurrentController(), css::uno::UNO_QUERY);
    if (view.is()) {
        const Reference<css::container::XNamed> active(view->getActiveSheet(), css::uno::UNO_QUERY);
        for (sal_Int32 i = 0; active.is() && i < sheets->getCount(); ++i)
            if (Reference<css::container::XNamed>(sheets->getByIndex(i), css::uno::UNO_QUERY_THROW)->getName() ==
                active->getName())
                conversion->setPropertyValue("ReferenceSheet", Any(i));
    }
    css::table::CellRangeAddress address;
    try {
        conversion->setPropertyValue("UserInterfaceRepresentation", Any(to_ou(range)));
        conversion->getPropertyValue("Address") >>= address;
    } catch (const css::uno::Exception&) {
        return std::nullopt;  // not a reference in the office's notation
    }
    if (address.Sheet < 0 || address.Sheet >= sheets->getCount()) return std::nullopt;
    const Reference<css::table::XCellRange> sheet(sheets->getByIndex(address.Sheet), css::uno::UNO_QUERY_THROW);
    const Reference<css::sheet::XCellRangeData> data(
        sheet->getCellRangeByPosition(address.StartColumn, address.StartRow, address.EndColumn, address.EndRow),
        css::uno::UNO_QUERY_THROW);
    return data->getDataArray();
}

std::vector<std::string> sheet_names(const Reference<css::sheet::XSpreadsheetDocument>& document) {
    std::vector<std::string> names;
    for (const auto& name : Reference<css::container::XNameAccess>(document->getSheets(), UNO_QUERY_THROW)->getElementNames())
        names.push_back(to_utf8(name));
    return names;
}

Reference<css::sheet::XSpreadsheet> sheet_named(const Reference<css::sheet::XSpreadsheetDocument>& document,
                                                const std::string& name) {
    const Reference<css::container::XNameAccess> sheets(document->getSheets(), UNO_QUERY_THROW);
    const ::rtl::OUString wanted = to_ou(name);
    if (!sheets->hasByName(wanted)) return nullptr;
    return Reference<css::sheet::XSpreadsheet>(sheets->getByName(wanted), UNO_QUERY_THROW);
}

Reference<css::sheet::XSpreadsheet> output_sheet(const Reference<css::sheet::XSpreadsheetDocument>& document,
                                                 const std::string& name, bool replace, std::string* final_name) {
    const Reference<css::sheet::XSpreadsheets> sheets = document->getSheets();
    std::string chosen = name;
    if (sheets->hasByName(to_ou(chosen))) {
        if (replace) {
            sheets->removeByName(to_ou(chosen));
        } else {
            for (int n = 2; sheets->hasByName(to_ou(chosen)); ++n) chosen = name + " (" + std::to_string(n) + ")";
        }
    }
    const Reference<css::container::XNameAccess> names(sheets, UNO_QUERY_THROW);
    sheets->insertNewByName(to_ou(chosen), static_cast<sal_Int16>(names->getElementNames().getLength()));
    if (final_name) *final_name = chosen;
    return Reference<css::sheet::XSpreadsheet>(names->getByName(to_ou(chosen)), UNO_QUERY_THROW);
}

void check_outputs_writable(const Reference<css::sheet::XSpreadsheetDocument>& document,
                            const std::vector<std::string>& output_names, bool replace, language lang) {
    const Reference<css::util::XProtectable> structure(document, css::uno::UNO_QUERY);
    if (structure.is() && structure->isProtected()) throw crm::illegal_argument(localized(text::error_protected_document, lang));
    if (!replace) return;
    for (const auto& name : output_names) {
        const Reference<css::util::XProtectable> sheet(sheet_named(document, name), css::uno::UNO_QUERY);
        if (sheet.is() && sheet->isProtected())
            throw crm::illegal_argument(fmt::format(fmt::runtime(localized(text::error_protected_output, lang)),
                                                    fmt::arg("sheet", name)));
    }
}

void write_block(const Reference<css::sheet::XSpreadsheet>& sheet, std::size_t row, std::size_t column,
                 const std::vector<std::vector<Any>>& rows) {
    if (rows.empty() || rows.front().empty()) return;
    const std::size_t width = rows.front().size();
    Sequence<Sequence<Any>> data(static_cast<sal_Int32>(rows.size()));
    auto* out = data.getArray();
    for (std::size_t r = 0; r < rows.size(); ++r) {
        if (rows[r].size() != width) throw crm::illegal_argument("internal: a block row of the wrong width");
        Sequence<Any> row(rows[r].data(), static_cast<sal_Int32>(width));
        // setDataArray reads a void value as #N/A (and crashed Calc 7.4 on a new sheet here):
        // a blank cell is an empty string.
        for (auto& value : row.getArray() ? std::span<Any>(row.getArray(), static_cast<std::size_t>(row.getLength())) : std::span<Any>())
            if (!value.hasValue()) value <<= ::rtl::OUString();
        out[r] = row;
    }
    const auto target = range_of(sheet, row, column, row + rows.size() - 1, column + width - 1);
    Reference<css::sheet::XCellRangeData>(target, UNO_QUERY_THROW)->setDataArray(data);
}

void fill_formula_column(const Reference<css::sheet::XSpreadsheet>& sheet, std::size_t column, std::size_t first_row,
                         std::size_t last_row, const std::string& formula) {
    if (last_row < first_row) return;
    sheet->getCellByPosition(static_cast<sal_Int32>(column), static_cast<sal_Int32>(first_row))->setFormula(to_ou(formula));
    if (last_row == first_row) return;
    const Reference<css::sheet::XCellSeries> series(range_of(sheet, first_row, column, last_row, column), UNO_QUERY_THROW);
    series->fillAuto(css::sheet::FillDirection_TO_BOTTOM, 1);
}

sal_Int32 standard_format(const Reference<css::frame::XModel>& document, sal_Int16 type) {
    const Reference<css::util::XNumberFormatsSupplier> supplier(document, UNO_QUERY_THROW);
    const Reference<css::util::XNumberFormatTypes> types(supplier->getNumberFormats(), UNO_QUERY_THROW);
    return types->getStandardFormat(type, css::lang::Locale());
}

void set_format(const Reference<css::sheet::XSpreadsheet>& sheet, std::size_t column, std::size_t first,
                std::size_t last, sal_Int32 format) {
    const auto range = sheet->getCellRangeByPosition(static_cast<sal_Int32>(column), static_cast<sal_Int32>(first),
                                                     static_cast<sal_Int32>(column), static_cast<sal_Int32>(last));
    Reference<css::beans::XPropertySet>(range, UNO_QUERY_THROW)->setPropertyValue("NumberFormat", Any(format));
}

sal_Int32 format_code(const Reference<css::frame::XModel>& document, const std::string& code) {
    const Reference<css::util::XNumberFormatsSupplier> supplier(document, UNO_QUERY_THROW);
    const Reference<css::util::XNumberFormats> formats = supplier->getNumberFormats();
    const css::lang::Locale any_locale;
    const sal_Int32 key = formats->queryKey(to_ou(code), any_locale, false);
    return key >= 0 ? key : formats->addNew(to_ou(code), any_locale);
}

void fit_columns(const Reference<css::sheet::XSpreadsheet>& sheet) {
    const auto end = used_area(sheet);
    // The used columns only: the sheet's other thousands of columns have nothing to measure.
    const Reference<css::table::XColumnRowRange> range(range_of(sheet, 0, 0, 0, static_cast<std::size_t>(end.EndColumn)),
                                                       UNO_QUERY_THROW);
    Reference<css::beans::XPropertySet>(range->getColumns(), UNO_QUERY_THROW)->setPropertyValue("OptimalWidth", Any(true));
}

deferred_row_heights::deferred_row_heights(const Reference<css::frame::XModel>& document)
    : document_(document, css::uno::UNO_QUERY) {
    static const ::rtl::OUString name("IsAdjustHeightEnabled");
    try {
        if (!document_.is() || !document_->getPropertySetInfo()->hasPropertyByName(name)) return;
        bool enabled = false;
        if ((document_->getPropertyValue(name) >>= enabled) && enabled) {
            document_->setPropertyValue(name, Any(false));
            deferred_ = true;
        }
    } catch (const css::uno::Exception&) {
        deferred_ = false;  // heights are then adjusted as each block is written: slower, never wrong
    }
}

deferred_row_heights::~deferred_row_heights() { restore(); }

void deferred_row_heights::restore() noexcept {
    if (!deferred_) return;
    deferred_ = false;
    try {
        document_->setPropertyValue("IsAdjustHeightEnabled", Any(true));
    } catch (...) {
    }
}

bool deferred_row_heights::finish() noexcept {
    const bool was_deferred = deferred_;
    restore();
    return was_deferred;
}

void fit_rows(const Reference<css::sheet::XSpreadsheet>& sheet) {
    const auto end = used_area(sheet);
    const Reference<css::table::XColumnRowRange> rows(range_of(sheet, 0, 0, static_cast<std::size_t>(end.EndRow), 0),
                                                      UNO_QUERY_THROW);
    Reference<css::beans::XPropertySet>(rows->getRows(), UNO_QUERY_THROW)->setPropertyValue("OptimalHeight", Any(true));
}

void fit_from_sample(const Reference<css::sheet::XSpreadsheet>& sheet, std::size_t width, std::size_t last_row,
                     std::vector<std::size_t> sample) {
    if (width == 0) return;
    sample.push_back(0);
    std::sort(sample.begin(), sample.end());
    sample.erase(std::unique(sample.begin(), sample.end()), sample.end());
    while (!sample.empty() && sample.back() > last_row) sample.pop_back();
    // The sampled rows' values, a run of consecutive rows in one call (only their formulas are computed).
    std::vector<std::vector<Any>> copy;
    copy.reserve(sample.size());
    for (std::size_t k = 0; k < sample.size();) {
        std::size_t end = k + 1;
        while (end < sample.size() && sample[end] == sample[end - 1] + 1) ++end;
        const auto run = range_of(sheet, sample[k], 0, sample[end - 1], width - 1);
        const Sequence<Sequence<Any>> data = Reference<css::sheet::XCellRangeData>(run, UNO_QUERY_THROW)->getDataArray();
        const std::size_t offset = copy.size();
        for (const auto& row : data) copy.emplace_back(row.begin(), row.end());
        // A formula's error reads as blank; the copy shows what the cell shows ("Err:523"), which must fit too.
        const Reference<css::sheet::XSheetCellRanges> errors =
            Reference<css::sheet::XCellRangesQuery>(run, UNO_QUERY_THROW)->queryFormulaCells(css::sheet::FormulaResult::ERROR);
        if (errors.is() && errors->getCount() > 0) {
            const Reference<css::container::XEnumeration> cells = errors->getCells()->createEnumeration();
            while (cells->hasMoreElements()) {
                const Reference<css::table::XCell> cell(cells->nextElement(), UNO_QUERY_THROW);
                const auto at = Reference<css::sheet::XCellAddressable>(cell, UNO_QUERY_THROW)->getCellAddress();
                const std::size_t r = offset + static_cast<std::size_t>(at.Row) - sample[k];
                const auto c = static_cast<std::size_t>(at.Column);
                if (r < copy.size() && c < width) copy[r][c] <<= Reference<css::text::XTextRange>(cell, UNO_QUERY_THROW)->getString();
            }
        }
        k = end;
    }
    const std::size_t scratch = width + 1;  // one empty column between the block and its copy
    const std::size_t copy_last = copy.size() - 1;
    const auto scratch_area = range_of(sheet, 0, scratch, copy_last, scratch + width - 1);
    const Reference<css::beans::XPropertySet> scratch_columns(
        Reference<css::table::XColumnRowRange>(scratch_area, UNO_QUERY_THROW)->getColumns(), UNO_QUERY_THROW);
    const Reference<css::container::XIndexAccess> scratch_column(scratch_columns, UNO_QUERY_THROW);
    const Any default_width = Reference<css::beans::XPropertySet>(scratch_column->getByIndex(0), UNO_QUERY_THROW)
                                  ->getPropertyValue("Width");
    write_block(sheet, 0, scratch, copy);
    if (copy_last >= 1)
        for (std::size_t c = 0; c < width; ++c) {
            const Any format = Reference<css::beans::XPropertySet>(
                sheet->getCellByPosition(static_cast<sal_Int32>(c), 1), UNO_QUERY_THROW)->getPropertyValue("NumberFormat");
            Reference<css::beans::XPropertySet>(range_of(sheet, 1, scratch + c, copy_last, scratch + c), UNO_QUERY_THROW)
                ->setPropertyValue("NumberFormat", format);
        }
    scratch_columns->setPropertyValue("OptimalWidth", Any(true));
    const Reference<css::container::XIndexAccess> block_column(
        Reference<css::table::XColumnRowRange>(range_of(sheet, 0, 0, 0, width - 1), UNO_QUERY_THROW)->getColumns(),
        UNO_QUERY_THROW);
    for (std::size_t c = 0; c < width; ++c) {
        const auto i = static_cast<sal_Int32>(c);
        Reference<css::beans::XPropertySet>(block_column->getByIndex(i), UNO_QUERY_THROW)
            ->setPropertyValue("Width", Reference<css::beans::XPropertySet>(scratch_column->getByIndex(i), UNO_QUERY_THROW)
                                            ->getPropertyValue("Width"));
    }
    // Heights: the copy's rows (they hold the sampled rows' values) measured; every data row gets the tallest.
    const Reference<css::container::XIndexAccess> rows(
        Reference<css::table::XColumnRowRange>(range_of(sheet, 0, 0, last_row, 0), UNO_QUERY_THROW)->getRows(),
        UNO_QUERY_THROW);
    auto height_of = [&](std::size_t row) {
        sal_Int32 height = 0;
        Reference<css::beans::XPropertySet>(rows->getByIndex(static_cast<sal_Int32>(row)), UNO_QUERY_THROW)
            ->getPropertyValue("Height") >>= height;
        return height;
    };
    const sal_Int32 default_height = last_row >= 1 ? height_of(last_row) : 0;  // the last row: never measured here
    Reference<css::beans::XPropertySet>(
        Reference<css::table::XColumnRowRange>(range_of(sheet, 0, 0, copy_last, 0), UNO_QUERY_THROW)->getRows(),
        UNO_QUERY_THROW)->setPropertyValue("OptimalHeight", Any(true));
    sal_Int32 tallest = 0;
    for (std::size_t r = 1; r <= copy_last; ++r) tallest = std::max(tallest, height_of(r));
    if (last_row >= 1 && tallest > 0 && tallest != default_height)
        Reference<css::beans::XPropertySet>(
            Reference<css::table::XColumnRowRange>(range_of(sheet, 1, 0, last_row, 0), UNO_QUERY_THROW)->getRows(),
            UNO_QUERY_THROW)->setPropertyValue("Height", Any(tallest));
    // The copy gone, its columns as wide as before.
    Reference<css::sheet::XSheetOperation>(scratch_area, UNO_QUERY_THROW)
        ->clearContents(css::sheet::CellFlags::VALUE | css::sheet::CellFlags::DATETIME | css::sheet::CellFlags::STRING |
                        css::sheet::CellFlags::ANNOTATION | css::sheet::CellFlags::FORMULA |
                        css::sheet::CellFlags::HARDATTR | css::sheet::CellFlags::STYLES | css::sheet::CellFlags::EDITATTR |
                        css::sheet::CellFlags::FORMATTED);
    scratch_columns->setPropertyValue("Width", default_width);
}

std::string column_letters(std::size_t column) {
    std::string letters;
    ++column;
    while (column > 0) {
        const std::size_t rem = (column - 1) % 26;
        letters.insert(letters.begin(), static_cast<char>('A' + rem));
        column = (column - 1) / 26;
    }
    return letters;
}

std::string quoted(const std::string& text, char quote) {
    std::string result(1, quote);
    for (char c : text) {
        result += c;
        if (c == quote) result += quote;  // a quote inside is written twice
    }
    return result + quote;
}

std::string sheet_reference(const std::string& name) { return "$" + quoted(name, '\'') + "."; }

namespace {

std::mutex runs_mutex;
std::map<const void*, bool> runs;  // document identity -> cancel asked

const void* identity_of(const Reference<css::frame::XModel>& document) {
    return Reference<css::uno::XInterface>(document, css::uno::UNO_QUERY).get();
}

bool is_hidden(const Reference<css::frame::XModel>& document) {
    try {
        for (const auto& arg : document->getArgs())
            if (arg.Name == "Hidden") return arg.Value.get<bool>();
    } catch (const css::uno::Exception&) {
    }
    return false;
}

}  // namespace

/// Keeps a document open while a run works on it: closing it under the run would dispose the sheets and the
/// undo manager the run is writing to, and LibreOffice 7.4 can crash on the next call (the user's other
/// unsaved documents lost with it).
class close_veto : public cppu::WeakImplHelper1<css::util::XCloseListener> {
public:
    close_veto(const void* key, std::string message) : key_(key), message_(std::move(message)) {}

    void SAL_CALL queryClosing(const css::lang::EventObject&, sal_Bool gets_ownership) override {
        if (gets_ownership) {
            // The closer hands the document over: it is closed when the run has ended, which stops early.
            owner_ = true;
            const std::lock_guard lock(runs_mutex);
            if (const auto found = runs.find(key_); found != runs.end()) found->second = true;
        }
        throw css::util::CloseVetoException(to_ou(message_), static_cast<cppu::OWeakObject*>(this));
    }
    void SAL_CALL notifyClosing(const css::lang::EventObject&) override {}
    void SAL_CALL disposing(const css::lang::EventObject&) override {}

    bool owner() const { return owner_; }

private:
    const void* key_;
    std::string message_;
    std::atomic<bool> owner_ = false;
};

progress::progress(const Reference<css::frame::XModel>& document, const std::string& text, language lang) {
    {
        const std::lock_guard lock(runs_mutex);
        const void* key = identity_of(document);
        if (!runs.emplace(key, false).second)
            throw crm::illegal_argument(localized(text::error_run_in_progress, lang));
        key_ = key;
    }
    try {
        const auto controller = document->getCurrentController();
        const Reference<css::task::XStatusIndicatorFactory> factory(
            controller.is() ? controller->getFrame() : nullptr, css::uno::UNO_QUERY);
        if (factory.is()) indicator_ = factory->createStatusIndicator();
        if (indicator_.is()) indicator_->start(to_ou(text), 100);
    } catch (const css::uno::Exception&) {
        indicator_.clear();  // no window (a hidden document): the run goes on without a bar
    }
    try {
        closeable_.set(document, css::uno::UNO_QUERY);
        if (closeable_.is()) {
            veto_ = new close_veto(key_, localized(text::error_run_in_progress, lang));
            closeable_->addCloseListener(Reference<css::util::XCloseListener>(veto_.get()));
        }
    } catch (const css::uno::Exception&) {
        closeable_.clear();
        veto_.clear();
    }
}

progress::~progress() {
    try {
        if (indicator_.is()) indicator_->end();
    } catch (...) {
    }
    {
        const std::lock_guard lock(runs_mutex);
        runs.erase(key_);
    }
    if (!veto_.is()) return;
    try {
        closeable_->removeCloseListener(Reference<css::util::XCloseListener>(veto_.get()));
        // The close asked during the run, now that nothing works on the document any more.
        if (veto_->owner()) closeable_->close(true);
    } catch (...) {
        // Vetoed again (another listener then owns the document) or already gone: nothing left to do here.
    }
}

void progress::show(int percent) {
    try {
        if (indicator_.is()) indicator_->setValue(percent);  // also lets the window handle a click on Cancel
    } catch (const css::uno::Exception&) {
        indicator_.clear();  // the window went away: the run goes on without a bar
    }
}

void progress::at(int percent) {
    show(percent);
    if (cancel_requested()) throw crm::cancelled();
}

bool progress::cancel_requested() const {
    const std::lock_guard lock(runs_mutex);
    const auto found = runs.find(key_);
    return found != runs.end() && found->second;
}

bool cancel_run(const Reference<css::frame::XModel>& document) {
    const std::lock_guard lock(runs_mutex);
    const auto found = runs.find(identity_of(document));
    if (found == runs.end()) return false;
    found->second = true;
    return true;
}

undo_step::undo_step(const Reference<css::frame::XModel>& document, const std::string& title)
    : document_(document), title_(title), exceptions_(std::uncaught_exceptions()), hidden_(is_hidden(document)) {
    const Reference<css::document::XUndoManagerSupplier> supplier(document, css::uno::UNO_QUERY);
    if (supplier.is()) undo_ = supplier->getUndoManager();
    if (undo_.is()) {
        undo_depth_ = undo_->getAllUndoActionTitles().getLength();
        undo_->enterUndoContext(to_ou(title));
    }
}

void undo_step::inserted_sheet(const std::string& name) { inserted_.push_back(name); }

undo_step::~undo_step() {
    try {
        if (undo_.is()) undo_->leaveUndoContext();
    } catch (...) {
        // Leaving a context the document already closed: nothing to undo any more.
    }
    if (std::uncaught_exceptions() > exceptions_) roll_back();
}

void undo_step::roll_back() noexcept {
    try {
        if (hidden_ || !undo_.is()) {
            // A hidden document keeps no undo of cell writes, and undoing a sheet insertion there crashes
            // LibreOffice 7.4: remove the sheets the run inserted instead.
            const Reference<css::sheet::XSpreadsheetDocument> doc(document_, css::uno::UNO_QUERY);
            if (!doc.is()) return;
            const Reference<css::container::XNameContainer> sheets(doc->getSheets(), css::uno::UNO_QUERY);
            for (const auto& name : inserted_)
                if (sheets.is() && sheets->hasByName(to_ou(name))) sheets->removeByName(to_ou(name));
            return;
        }
        // Calc undoes a sheet insertion in the active view: a run on a document that is not the active one (a
        // script working on two documents) would leave its sheets behind, or undo in the wrong document, and the
        // next call on it lose the bridge. The run's document becomes the active one first.
        if (const Reference<css::frame::XController> controller = document_->getCurrentController(); controller.is())
            if (const Reference<css::frame::XFrame> frame = controller->getFrame(); frame.is()) {
                if (const Reference<css::frame::XFramesSupplier> creator = frame->getCreator(); creator.is())
                    creator->setActiveFrame(frame);
                frame->activate();
            }
        const auto titles = undo_->getAllUndoActionTitles();
        // The run's step is on top when the stack grew (or, at its size limit, when the top bears its title).
        const bool recorded = titles.getLength() > undo_depth_ ||
                              (!inserted_.empty() && titles.getLength() > 0 && titles[0] == to_ou(title_));
        if (recorded && undo_->isUndoPossible()) {
            undo_->undo();
            undo_->clearRedo();  // a cancelled run is not something to redo
        }

    } catch (...) {
        // Rolling back must never throw out of a destructor: the error itself is being reported.
    }
}

}  // namespace crm_uno
