// The Summary sheet of an analysis: tier table (live formulas), Pareto chart and whale curve.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include <com/sun/star/awt/Rectangle.hpp>
#include <com/sun/star/sheet/XSpreadsheet.hpp>
#include <com/sun/star/table/CellRangeAddress.hpp>

#include "shared/text.hxx"

namespace crm_uno {

/// What the Summary sheet shows.
struct summary_input {
    std::string customers_sheet;      // where the tier and sales columns are
    std::string tier_column, sales_column;  // their letters on that sheet
    std::string segment_column;             // the RFM segment column's letters, empty without purchase history
    std::size_t customers = 0;
    std::vector<double> sales;         // per customer, for the Pareto chart
    std::vector<std::optional<double>> profit;  // per customer, for the whale curve (empty when unknown)
    double a_cut = 0.8, b_cut = 0.95;  // drawn on the Pareto chart when the method is Pareto
    bool pareto = true;
    language lang = 0;
    std::vector<std::string> notes;    // how the models were fitted (a penalty, customers left out), one a line
};

/// The address of rows top..bottom and columns left..right of `sheet`.
css::table::CellRangeAddress address_of(const css::uno::Reference<css::sheet::XSpreadsheet>& sheet, std::size_t top,
                                        std::size_t left, std::size_t bottom, std::size_t right);

/// Adds a chart over `data` (first row headers, first column categories); `lines` last series drawn as lines
/// on the secondary axis (a bar chart when `bars`), titled `title`. Its name is `name` · the sheet's name.
/// `legend`: the series' names below the plot (charts that compare several series, as the model check's).
void add_chart(const css::uno::Reference<css::sheet::XSpreadsheet>& sheet, const std::string& name, const std::string& title,
               const css::table::CellRangeAddress& data, const css::awt::Rectangle& place, bool bars, sal_Int32 lines,
               bool legend = false);

/// Writes the tier × count × sales table and the charts on `sheet`.
void write_summary(const css::uno::Reference<css::sheet::XSpreadsheet>& sheet, const summary_input& input);

}  // namespace crm_uno
