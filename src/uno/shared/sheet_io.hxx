// Bulk sheet I/O for the jobs: used areas in, blocks of values and filled formula columns out, one undo step.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <com/sun/star/document/XUndoManager.hpp>
#include <com/sun/star/frame/XModel.hpp>
#include <com/sun/star/task/XStatusIndicator.hpp>
#include <com/sun/star/sheet/XSpreadsheet.hpp>
#include <com/sun/star/sheet/XSpreadsheetDocument.hpp>
#include <com/sun/star/uno/Any.hxx>
#include <com/sun/star/uno/XComponentContext.hpp>
#include <com/sun/star/util/XCloseable.hpp>
#include <rtl/ref.hxx>

#include "crm/cell.hpp"
#include <com/sun/star/beans/XPropertySet.hpp>

#include "shared/text.hxx"

namespace crm_uno {

/// Which formula columns a read needs computed: given the table read so far and which columns hold their values
/// (the others, columns of formulas only, hold the text "=" in their formula cells below the first
/// crm::header_scan_rows + 1 rows), the columns the reader must see the values of; asked again after those are
/// read, until it gives none.
using column_needs = std::function<std::vector<std::size_t>(const crm::table& cells, const std::vector<bool>& known)>;

/// A sheet's used area as the core's table (row 0 = the sheet's first row); error cells marked as errors.
/// With `needs`, the formula cells below the first rows of a column of formulas it never asks for are not read
/// (they hold "="), and Calc does not compute them for the read.
crm::table read_used_area(const css::uno::Reference<css::sheet::XSpreadsheet>& sheet, const column_needs& needs = {});

/// The sheet called `name`, or nullptr.
css::uno::Reference<css::sheet::XSpreadsheet> sheet_named(
    const css::uno::Reference<css::sheet::XSpreadsheetDocument>& document, const std::string& name);

/// The values of the cells a range text names in `document`: a named range first ("Holidays"), then a reference
/// in the office's notation ("$Holidays.A1:A20"; without a sheet name, the active sheet's). nullopt when the
/// text names no range of the document.
std::optional<css::uno::Sequence<css::uno::Sequence<css::uno::Any>>> range_values(
    const css::uno::Reference<css::frame::XModel>& document, const std::string& range);

/// Sheet names in order.
std::vector<std::string> sheet_names(const css::uno::Reference<css::sheet::XSpreadsheetDocument>& document);

/// A new sheet for a job's output, named `name` (or `name (2)`, … when taken and not `replace`).
css::uno::Reference<css::sheet::XSpreadsheet> output_sheet(
    const css::uno::Reference<css::sheet::XSpreadsheetDocument>& document, const std::string& name, bool replace,
    std::string* final_name);

/// Refuses a run before it writes anything when its output cannot be written as the user protected it:
/// the document's structure is protected (no sheet may be added), or, with `replace`, an existing output
/// sheet is protected. Throws crm::illegal_argument with a message in the office language.
void check_outputs_writable(const css::uno::Reference<css::sheet::XSpreadsheetDocument>& document,
                            const std::vector<std::string>& output_names, bool replace, language lang);

/// Writes a block of values (rows of equal length) with one setDataArray call at (row, column), 0-based;
/// a void value leaves the cell blank.
void write_block(const css::uno::Reference<css::sheet::XSpreadsheet>& sheet, std::size_t row, std::size_t column,
                 const std::vector<std::vector<css::uno::Any>>& rows);

/// Writes `formula` (API grammar, relative to the first row) in rows first..last of a column, by
/// setting the first cell and filling down (fast at 100 000 rows, unlike one formula per cell).
void fill_formula_column(const css::uno::Reference<css::sheet::XSpreadsheet>& sheet, std::size_t column,
                         std::size_t first_row, std::size_t last_row, const std::string& formula);

/// The document's standard number format of a type (css::util::NumberFormat::DATE, TIME, PERCENT, …).
sal_Int32 standard_format(const css::uno::Reference<css::frame::XModel>& document, sal_Int16 type);

/// The document's number format for a format code such as "HH:MM" (added when missing).
sal_Int32 format_code(const css::uno::Reference<css::frame::XModel>& document, const std::string& code);

/// Applies a number format to rows first..last (0-based) of a column.
void set_format(const css::uno::Reference<css::sheet::XSpreadsheet>& sheet, std::size_t column, std::size_t first,
                std::size_t last, sal_Int32 format);

/// Up to this many rows, output sheets get optimal column widths.
inline constexpr std::size_t kFitColumnsRows = 20000;

/// Gives every used column of the sheet its optimal width.
void fit_columns(const css::uno::Reference<css::sheet::XSpreadsheet>& sheet);

/// Defers Calc's row-height adjustment while a run writes. Calc otherwise re-measures every cell of the rows a
/// write touches, so writing an output sheet column by column costs a measurement of the whole sheet per
/// column. finish() measures the written rows once; the document's own setting is restored in any case.
class deferred_row_heights {
public:
    explicit deferred_row_heights(const css::uno::Reference<css::frame::XModel>& document);
    ~deferred_row_heights();
    deferred_row_heights(const deferred_row_heights&) = delete;
    deferred_row_heights& operator=(const deferred_row_heights&) = delete;
    /// Restores the setting; true when heights were deferred, so the written rows need fit_rows.
    bool finish() noexcept;

private:
    void restore() noexcept;
    css::uno::Reference<css::beans::XPropertySet> document_;
    bool deferred_ = false;
};

/// Gives the used rows of the sheet their optimal height, in one measurement.
void fit_rows(const css::uno::Reference<css::sheet::XSpreadsheet>& sheet);

/// Column widths and row heights of a written block (columns [0, width), rows [0, last_row]) measured on some
/// of its rows instead of every cell: Calc's optimal width measures every cell of a column, computing every
/// formula first, and a job's Customers sheet is then computed twice (again once planVisits inserts its
/// sheet). The rows `sample` (0-based; the header row 0 is always added) are copied as values, with their
/// columns' number formats, into empty columns right of the block and measured there; the block's columns
/// get the measured widths, and its data rows the tallest sampled data row's height when that is not the
/// default. The copy is then cleared. Pick the rows that hold each column's longest texts and largest
/// numbers: a value wider than every sampled one would not fit its column.
void fit_from_sample(const css::uno::Reference<css::sheet::XSpreadsheet>& sheet, std::size_t width, std::size_t last_row,
                     std::vector<std::size_t> sample);

/// The column letters of a 0-based column index ("A", …, "Z", "AA", …).
std::string column_letters(std::size_t column);

/// Text between `quote` characters, a quote inside doubled: a formula's "text" or a sheet's 'name'.
std::string quoted(const std::string& text, char quote);

/// A sheet name quoted for a formula reference: $'Sheet name'.
std::string sheet_reference(const std::string& name);

class close_veto;

/// A job run on a document: its status-bar progress (silent when there is no window) and its cancel
/// switch. One run a document at a time: a second one is refused while the first is alive.
/// While it is alive the document cannot be closed under it (a close listener vetoes): a close asked with
/// ownership (a window closed, a script's close(true)) cancels the run, and the document is closed when the
/// run has ended; one asked without ownership gets the veto.
class progress {
public:
    progress(const css::uno::Reference<css::frame::XModel>& document, const std::string& text, language lang);
    ~progress();
    progress(const progress&) = delete;
    progress& operator=(const progress&) = delete;
    /// Moves the bar to `percent` (0..100); throws crm::cancelled when the run was asked to stop.
    void at(int percent);
    /// Moves the bar without checking for a cancel (while a worker thread must first be stopped).
    void show(int percent);
    /// Whether cancel_run was called for this run's document.
    bool cancel_requested() const;

private:
    const void* key_ = nullptr;
    css::uno::Reference<css::task::XStatusIndicator> indicator_;
    css::uno::Reference<css::util::XCloseable> closeable_;
    rtl::Reference<close_veto> veto_;
};

/// Asks the run in progress on `document` to stop at its next step; false when none is running.
bool cancel_run(const css::uno::Reference<css::frame::XModel>& document);

/// Groups everything written while alive into one undo step of the document (spec: a run is one undo
/// step). When the run ends by an exception (an error, or a cancel), what it wrote is undone, so the
/// document is left as it was.
class undo_step {
public:
    undo_step(const css::uno::Reference<css::frame::XModel>& document, const std::string& title);
    ~undo_step();
    undo_step(const undo_step&) = delete;
    undo_step& operator=(const undo_step&) = delete;
    /// Records a sheet the run inserted (removed again on failure in a hidden document, which keeps no undo).
    void inserted_sheet(const std::string& name);

private:
    void roll_back() noexcept;
    css::uno::Reference<css::frame::XModel> document_;
    css::uno::Reference<css::document::XUndoManager> undo_;
    std::string title_;
    int exceptions_ = 0;      // uncaught exceptions when the step began
    sal_Int32 undo_depth_ = 0;  // undo actions before the step
    bool hidden_ = false;
    std::vector<std::string> inserted_;
};

}  // namespace crm_uno
