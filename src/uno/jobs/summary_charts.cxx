// Summary sheet: live tier table over the Customers sheet, chart data blocks, native Calc charts.
#include "jobs/summary_charts.hxx"

#include <algorithm>
#include <numeric>

#include <com/sun/star/container/XNamed.hpp>
#include <com/sun/star/awt/Rectangle.hpp>
#include <com/sun/star/beans/XPropertySet.hpp>
#include <com/sun/star/chart/ChartAxisAssign.hpp>
#include <com/sun/star/chart/ChartLegendPosition.hpp>
#include <com/sun/star/chart/XChartDocument.hpp>
#include <com/sun/star/chart/XDiagram.hpp>
#include <com/sun/star/container/XNameAccess.hpp>
#include <com/sun/star/document/XEmbeddedObjectSupplier.hpp>
#include <com/sun/star/lang/XMultiServiceFactory.hpp>
#include <com/sun/star/sheet/XCellRangeAddressable.hpp>
#include <com/sun/star/table/CellRangeAddress.hpp>
#include <com/sun/star/table/XTableCharts.hpp>
#include <com/sun/star/table/XTableChartsSupplier.hpp>

#include "addin_strings.hxx"
#include "shared/text.hxx"
#include "shared/sheet_io.hxx"

namespace crm_uno {

using css::uno::Any;
using css::uno::Reference;
using css::uno::UNO_QUERY_THROW;

namespace {

constexpr std::size_t kChartPoints = 500;  // a chart of every customer of a large sheet would not be readable

Any text_any(const std::string& text) { return Any(to_ou(text)); }

}  // namespace

css::table::CellRangeAddress address_of(const Reference<css::sheet::XSpreadsheet>& sheet, std::size_t top,
                                        std::size_t left, std::size_t bottom, std::size_t right) {
    const auto range = sheet->getCellRangeByPosition(static_cast<sal_Int32>(left), static_cast<sal_Int32>(top),
                                                     static_cast<sal_Int32>(right), static_cast<sal_Int32>(bottom));
    return Reference<css::sheet::XCellRangeAddressable>(range, UNO_QUERY_THROW)->getRangeAddress();
}

void add_chart(const Reference<css::sheet::XSpreadsheet>& sheet, const std::string& name, const std::string& title,
               const css::table::CellRangeAddress& data, const css::awt::Rectangle& place, bool bars, sal_Int32 lines,
               bool legend) {
    const Reference<css::table::XTableCharts> charts =
        Reference<css::table::XTableChartsSupplier>(sheet, UNO_QUERY_THROW)->getCharts();
    css::uno::Sequence<css::table::CellRangeAddress> ranges(1);
    ranges.getArray()[0] = data;
    // Chart names are unique in the whole document: a second Summary sheet needs its own ("Pareto · Summary (2)").
    const ::rtl::OUString unique = to_ou(name + " · " + to_utf8(Reference<css::container::XNamed>(sheet, UNO_QUERY_THROW)->getName()));
    charts->addNewByName(unique, place, ranges, true, true);
    const Reference<css::document::XEmbeddedObjectSupplier> object(
        Reference<css::container::XNameAccess>(charts, UNO_QUERY_THROW)->getByName(unique), UNO_QUERY_THROW);
    const Reference<css::chart::XChartDocument> chart(object->getEmbeddedObject(), UNO_QUERY_THROW);
    const Reference<css::lang::XMultiServiceFactory> factory(chart, UNO_QUERY_THROW);
    chart->setDiagram(Reference<css::chart::XDiagram>(
        factory->createInstance(::rtl::OUString::createFromAscii(bars ? "com.sun.star.chart.BarDiagram" : "com.sun.star.chart.LineDiagram")), UNO_QUERY_THROW));
    const Reference<css::beans::XPropertySet> chart_props(chart, UNO_QUERY_THROW);
    chart_props->setPropertyValue("HasMainTitle", Any(true));
    Reference<css::beans::XPropertySet>(chart->getTitle(), UNO_QUERY_THROW)->setPropertyValue("String", text_any(title));
    chart_props->setPropertyValue("HasLegend", Any(legend));
    if (legend)
        Reference<css::beans::XPropertySet>(chart->getLegend(), UNO_QUERY_THROW)
            ->setPropertyValue("Alignment", Any(css::chart::ChartLegendPosition_BOTTOM));
    if (bars && lines > 0) {
        const Reference<css::beans::XPropertySet> diagram(chart->getDiagram(), UNO_QUERY_THROW);
        diagram->setPropertyValue("NumberOfLines", Any(lines));
        diagram->setPropertyValue("HasSecondaryYAxis", Any(true));
        const sal_Int32 series = static_cast<sal_Int32>(data.EndColumn - data.StartColumn);
        for (sal_Int32 i = series - lines; i < series; ++i)
            chart->getDiagram()->getDataRowProperties(i)->setPropertyValue(
                "Axis", Any(static_cast<sal_Int32>(css::chart::ChartAxisAssign::SECONDARY_Y)));
    }
}

namespace {

/// Indices of up to kChartPoints ranks spread evenly over 0..n-1 (always the first and the last).
std::vector<std::size_t> chart_ranks(std::size_t n) {
    std::vector<std::size_t> ranks;
    if (n == 0) return ranks;
    const std::size_t points = std::min(n, kChartPoints);
    for (std::size_t k = 0; k < points; ++k) ranks.push_back(points == 1 ? 0 : k * (n - 1) / (points - 1));
    return ranks;
}

}  // namespace

void write_summary(const Reference<css::sheet::XSpreadsheet>& sheet, const summary_input& in) {
    const auto t = [&](const char* const (&texts)[4]) { return localized(texts, in.lang); };
    const std::string last = std::to_string(in.customers + 1);
    const std::string ref = sheet_reference(in.customers_sheet);
    const std::string tiers = ref + "$" + in.tier_column + "$2:$" + in.tier_column + "$" + last;
    const std::string sales = ref + "$" + in.sales_column + "$2:$" + in.sales_column + "$" + last;

    // The tier table, live over the Customers sheet.
    write_block(sheet, 0, 0, {{text_any(t(text::head_tier)), text_any(t(text::head_customers)),
                               text_any(t(text::head_sales)), text_any(t(text::head_share))}});
    const char* letters[] = {"A", "B", "C"};
    for (std::size_t i = 0; i < 3; ++i) {
        const std::string row = std::to_string(i + 2);
        write_block(sheet, i + 1, 0, {{text_any(letters[i])}});
        sheet->getCellByPosition(1, static_cast<sal_Int32>(i + 1))
            ->setFormula(to_ou("=COUNTIF(" + tiers + ";A" + row + ")"));
        sheet->getCellByPosition(2, static_cast<sal_Int32>(i + 1))
            ->setFormula(to_ou("=SUMIF(" + tiers + ";A" + row + ";" + sales + ")"));
        sheet->getCellByPosition(3, static_cast<sal_Int32>(i + 1))->setFormula(to_ou("=IF(C$5<>0;C" + row + "/C$5;\"\")"));
    }
    write_block(sheet, 4, 0, {{text_any(t(text::head_total))}});
    sheet->getCellByPosition(1, 4)->setFormula("=SUM(B2:B4)");
    sheet->getCellByPosition(2, 4)->setFormula("=SUM(C2:C4)");
    sheet->getCellByPosition(3, 4)->setFormula("=SUM(D2:D4)");

    // Tier × RFM segment, live over the Customers sheet, and the customers per segment as a chart.
    if (!in.segment_column.empty()) {
        const std::string segments = ref + "$" + in.segment_column + "$2:$" + in.segment_column + "$" + last;
        const char* const* names[] = {text::rfm_champions, text::rfm_cant_lose_them, text::rfm_at_risk,
                                      text::rfm_hibernating, text::rfm_need_attention, text::rfm_loyal,
                                      text::rfm_new_customers, text::rfm_promising, text::rfm_about_to_sleep,
                                      text::rfm_potential_loyalists};
        const std::size_t top = 6;  // row 7, below the tier table
        write_block(sheet, top, 0, {{text_any(t(text::head_segment_table)), Any(), Any(), Any(), Any()},
                                    {text_any(t(text::head_segment)), text_any("A"), text_any("B"), text_any("C"),
                                     text_any(t(text::head_total))}});
        std::vector<std::vector<Any>> labels;
        for (const auto* name : names) labels.push_back({text_any(name[in.lang >= 0 && in.lang < 4 ? in.lang : 0])});
        write_block(sheet, top + 2, 0, labels);
        for (std::size_t k = 0; k < std::size(names); ++k) {
            const std::string row = std::to_string(top + 3 + k);
            for (std::size_t c = 0; c < 3; ++c) {
                const std::string tier_cell = "$" + std::string(1, static_cast<char>('B' + c)) + "$" + std::to_string(top + 2);
                sheet->getCellByPosition(static_cast<sal_Int32>(1 + c), static_cast<sal_Int32>(top + 2 + k))
                    ->setFormula(to_ou("=COUNTIFS(" + tiers + ";" + tier_cell + ";" + segments + ";$A" + row + ")"));
            }
            sheet->getCellByPosition(4, static_cast<sal_Int32>(top + 2 + k))->setFormula(to_ou("=SUM(B" + row + ":D" + row + ")"));
        }
        add_chart(sheet, "Segments", t(text::chart_segments),
                  address_of(sheet, top + 1, 0, top + 1 + std::size(names), 3),
                  css::awt::Rectangle(36000, 19500, 16000, 9000), true, 0);
    }

    // Spec "Models on real data": how the models were fitted, said on the Summary too (below the tables).
    if (!in.notes.empty()) {
        std::vector<std::vector<Any>> lines{{text_any(t(text::head_model_notes))}};
        for (const auto& note : in.notes) lines.push_back({text_any(note)});
        write_block(sheet, 20, 0, lines);
    }

    // Pareto chart data (a snapshot of the run, sorted by sales): rank, sales, cumulative share, cut lines.
    std::vector<double> sorted = in.sales;
    std::sort(sorted.begin(), sorted.end(), std::greater<>());
    double positive = 0;
    for (double v : sorted) positive += std::max(v, 0.0);
    std::vector<double> cumulative(sorted.size());
    double running = 0;
    for (std::size_t i = 0; i < sorted.size(); ++i) {
        running += std::max(sorted[i], 0.0);
        cumulative[i] = positive > 0 ? running / positive : 0;
    }
    const auto ranks = chart_ranks(sorted.size());
    const std::size_t left = 6;  // column G
    std::vector<std::vector<Any>> block{{text_any(t(text::head_rank)), text_any(t(text::head_sales)),
                                         text_any(t(text::head_cumulative)), text_any(t(text::head_a_cut)),
                                         text_any(t(text::head_b_cut))}};
    for (std::size_t k : ranks)
        block.push_back({Any(static_cast<double>(k + 1)), Any(sorted[k]), Any(cumulative[k]), Any(in.a_cut), Any(in.b_cut)});
    const std::size_t width = in.pareto ? 5 : 3;
    for (auto& row : block) row.resize(width);
    write_block(sheet, 0, left, block);
    add_chart(sheet, "Pareto", t(text::chart_pareto), address_of(sheet, 0, left, block.size() - 1, left + width - 1),
              css::awt::Rectangle(36000, 500, 16000, 9000), true, static_cast<sal_Int32>(width - 2));

    // Whale curve: customers by profit, most profitable first, and the cumulative profit.
    std::vector<double> profits;
    for (const auto& p : in.profit)
        if (p) profits.push_back(*p);
    if (!profits.empty()) {
        std::sort(profits.begin(), profits.end(), std::greater<>());
        std::vector<double> running_profit(profits.size());
        std::partial_sum(profits.begin(), profits.end(), running_profit.begin());
        const std::size_t whale_left = left + 6;
        std::vector<std::vector<Any>> whale{{text_any(t(text::head_rank)), text_any(t(text::head_cumulative_profit))}};
        for (std::size_t k : chart_ranks(profits.size()))
            whale.push_back({Any(static_cast<double>(k + 1)), Any(running_profit[k])});
        write_block(sheet, 0, whale_left, whale);
        add_chart(sheet, "Whale", t(text::chart_whale), address_of(sheet, 0, whale_left, whale.size() - 1, whale_left + 1),
                  css::awt::Rectangle(36000, 10000, 16000, 9000), false, 0);
    }
}

}  // namespace crm_uno
