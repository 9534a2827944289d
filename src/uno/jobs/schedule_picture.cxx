// The schedule sheet's totals per rep and month, and each rep's territory as a native XY chart.
#include "jobs/schedule_picture.hxx"

#include <algorithm>
#include <cmath>
#include <map>

#include <com/sun/star/awt/Point.hpp>
#include <com/sun/star/awt/Rectangle.hpp>
#include <com/sun/star/beans/XPropertySet.hpp>
#include <com/sun/star/chart/ChartSymbolType.hpp>
#include <com/sun/star/chart/MissingValueTreatment.hpp>
#include <com/sun/star/chart/XChartDocument.hpp>
#include <com/sun/star/chart/XDiagram.hpp>
#include <com/sun/star/container/XNameAccess.hpp>
#include <com/sun/star/container/XNamed.hpp>
#include <com/sun/star/document/XEmbeddedObjectSupplier.hpp>
#include <com/sun/star/drawing/LineStyle.hpp>
#include <com/sun/star/lang/XMultiServiceFactory.hpp>
#include <com/sun/star/sheet/XCellRangeAddressable.hpp>
#include <com/sun/star/table/XCellRange.hpp>
#include <com/sun/star/table/XColumnRowRange.hpp>
#include <com/sun/star/table/XTableCharts.hpp>
#include <com/sun/star/table/XTableChartsSupplier.hpp>

#include <com/sun/star/beans/UnknownPropertyException.hpp>
#include <fmt/format.h>

#include "crm/calendar.hpp"
#include "crm/schedule_sheet.hpp"
#include "shared/sheet_io.hxx"
#include "shared/text.hxx"

namespace crm_uno {

using css::uno::Any;
using css::uno::Reference;
using css::uno::UNO_QUERY_THROW;

namespace {

constexpr std::size_t kMaxTerritoryCharts = 12;    // more charts than that are not looked at, and slow the sheet
constexpr std::size_t kMaxChartCustomers = 2000;   // points a chart shows of a rep's customers (spread evenly)
constexpr std::size_t kSeries = 9;                 // A, B, C, start, and one route a weekday
constexpr sal_Int32 kChartWidth = 16000, kChartHeight = 11000;  // 1/100 mm

Any text(const std::string& s) { return Any(to_ou(s)); }

// The rep's busiest week: the Monday of the week holding most of his visits (the first such week).
double busiest_monday(const std::vector<const crm::visit*>& visits) {
    std::map<double, std::size_t> per_week;
    for (const auto* v : visits) ++per_week[v->date - crm::weekday(v->date)];
    double best = 0;
    std::size_t most = 0;
    for (const auto& [monday, n] : per_week)
        if (n > most) most = n, best = monday;
    return best;
}

void territory_chart(const Reference<css::sheet::XSpreadsheet>& sheet, const std::string& name, const std::string& title,
                     std::size_t top, std::size_t left, std::size_t bottom, const css::awt::Rectangle& place) {
    const Reference<css::table::XTableCharts> charts =
        Reference<css::table::XTableChartsSupplier>(sheet, UNO_QUERY_THROW)->getCharts();
    const auto range = sheet->getCellRangeByPosition(static_cast<sal_Int32>(left), static_cast<sal_Int32>(top),
                                                     static_cast<sal_Int32>(left + kSeries), static_cast<sal_Int32>(bottom));
    css::uno::Sequence<css::table::CellRangeAddress> ranges(1);
    ranges.getArray()[0] = Reference<css::sheet::XCellRangeAddressable>(range, UNO_QUERY_THROW)->getRangeAddress();
    const ::rtl::OUString unique =
        to_ou(name + " · " + to_utf8(Reference<css::container::XNamed>(sheet, UNO_QUERY_THROW)->getName()));
    if (Reference<css::container::XNameAccess>(charts, UNO_QUERY_THROW)->hasByName(unique)) return;
    charts->addNewByName(unique, place, ranges, true, false);
    const Reference<css::document::XEmbeddedObjectSupplier> object(
        Reference<css::container::XNameAccess>(charts, UNO_QUERY_THROW)->getByName(unique), UNO_QUERY_THROW);
    const Reference<css::chart::XChartDocument> chart(object->getEmbeddedObject(), UNO_QUERY_THROW);
    const Reference<css::lang::XMultiServiceFactory> factory(chart, UNO_QUERY_THROW);
    chart->setDiagram(Reference<css::chart::XDiagram>(factory->createInstance("com.sun.star.chart.XYDiagram"), UNO_QUERY_THROW));
    const Reference<css::beans::XPropertySet> chart_props(chart, UNO_QUERY_THROW);
    chart_props->setPropertyValue("HasMainTitle", Any(true));
    chart_props->setPropertyValue("HasLegend", Any(true));
    Reference<css::beans::XPropertySet>(chart->getTitle(), UNO_QUERY_THROW)->setPropertyValue("String", text(title));
    const Reference<css::beans::XPropertySet> diagram(chart->getDiagram(), UNO_QUERY_THROW);
    diagram->setPropertyValue("Lines", Any(true));
    // A route's points are on rows of their own: the blanks of the other series must not break its lines.
    try {
        diagram->setPropertyValue("MissingValueTreatment", Any(css::chart::MissingValueTreatment::CONTINUE));
    } catch (const css::beans::UnknownPropertyException&) {
        // an office without it draws each route's points unjoined: still a picture of the territory
    }
    static constexpr sal_Int32 colours[kSeries] = {0xC0392B, 0xE67E22, 0x7F8C8D, 0x000000, 0x1F77B4,
                                                   0x2CA02C, 0x9467BD, 0x17BECF, 0x8C564B};
    for (sal_Int32 i = 0; i < static_cast<sal_Int32>(kSeries); ++i) {
        // In an XY chart the old API counts the x values as data row 0: the series are rows 1 to kSeries.
        const Reference<css::beans::XPropertySet> series = chart->getDiagram()->getDataRowProperties(i + 1);
        series->setPropertyValue("Color", Any(colours[i]));
        if (i < 4) {  // customers and the start: points only
            series->setPropertyValue("LineStyle", Any(css::drawing::LineStyle_NONE));
            series->setPropertyValue("SymbolType", Any(i == 3 ? css::chart::ChartSymbolType::SYMBOL3 : css::chart::ChartSymbolType::SYMBOL0));
        } else {      // a day's route: lines only
            series->setPropertyValue("SymbolType", Any(css::chart::ChartSymbolType::NONE));
            series->setPropertyValue("LineWidth", Any(static_cast<sal_Int32>(40)));
        }
    }
}

// Columns first..last at their optimal width (numbers and short texts only: cheap to measure).
void fit_columns_of(const Reference<css::sheet::XSpreadsheet>& sheet, std::size_t first, std::size_t last) {
    const auto range = sheet->getCellRangeByPosition(static_cast<sal_Int32>(first), 0, static_cast<sal_Int32>(last), 0);
    Reference<css::beans::XPropertySet>(Reference<css::table::XColumnRowRange>(range, UNO_QUERY_THROW)->getColumns(),
                                        UNO_QUERY_THROW)
        ->setPropertyValue("OptimalWidth", Any(true));
}

}  // namespace

void write_schedule_picture(const Reference<css::sheet::XSpreadsheet>& sheet, std::size_t left,
                            const crm::schedule_result& plan, const crm::schedule_options& options,
                            const std::vector<crm::visit_customer>& customers, const std::vector<crm::rep_base>& bases,
                            const crm::text_lookup& words) {
    // Per rep and month: visits and km, then his total row with the visits left unscheduled.
    std::map<std::string, std::size_t> unscheduled;
    for (const auto& m : plan.missing) unscheduled[m.rep] += static_cast<std::size_t>(m.wanted - m.planned);
    std::vector<std::vector<Any>> table;
    table.push_back({text(words("head_rep_months")), Any(), Any(), Any(), Any()});
    table.push_back({text(words("head_rep")), text(words("head_month")), text(words("head_visits")), text(words("head_km")),
                     text(words("head_unscheduled"))});
    const auto months = crm::rep_months(plan, options);
    for (std::size_t i = 0; i < months.size(); ++i) {
        const auto& m = months[i];
        table.push_back({text(m.rep), text(fmt::format("{:04}-{:02}", m.year, m.month)), Any(static_cast<double>(m.visits)),
                         Any(std::round(m.km * 10.0) / 10.0), Any()});
        if (i + 1 == months.size() || months[i + 1].rep != m.rep) {
            std::size_t visits = 0;
            double km = 0;
            for (const auto& n : months)
                if (n.rep == m.rep) visits += n.visits, km += n.km;
            table.push_back({text(m.rep), text(words("head_total")), Any(static_cast<double>(visits)),
                             Any(std::round(km * 10.0) / 10.0), Any(static_cast<double>(unscheduled[m.rep]))});
        }
    }
    table.resize(std::min(table.size(), crm::sheet_rows));
    write_block(sheet, 0, left, table);
    fit_columns_of(sheet, left, left + 4);  // a few hundred rows of short texts and numbers: measured whole

    // Each rep's territory: a data block (longitude, then latitude in the column of its series) and its chart.
    std::map<std::string, std::vector<std::size_t>> members;
    for (std::size_t i = 0; i < customers.size(); ++i)
        if (customers[i].latitude && customers[i].longitude) members[customers[i].rep].push_back(i);
    std::map<std::string, std::vector<const crm::visit*>> visits_of;
    for (const auto& v : plan.visits) visits_of[v.rep].push_back(&v);
    const std::size_t data_left = left + 6;
    const sal_Int32 chart_x = Reference<css::beans::XPropertySet>(
        Reference<css::table::XColumnRowRange>(sheet, UNO_QUERY_THROW)->getColumns()->getByIndex(static_cast<sal_Int32>(data_left + kSeries + 2)),
        UNO_QUERY_THROW)->getPropertyValue("Position").get<css::awt::Point>().X;
    std::size_t top = 0, charted = 0;
    for (const auto& [rep, mine] : members) {
        if (charted == kMaxTerritoryCharts) break;
        const auto base = std::find_if(bases.begin(), bases.end(), [&](const crm::rep_base& b) { return b.rep == rep; });
        std::vector<std::vector<Any>> block;
        std::vector<Any> header{text(words("head_longitude"))};
        for (const char* tier : {"A", "B", "C"}) header.push_back(text(tier));
        header.push_back(text(words("head_start")));
        for (int d = 0; d < 5; ++d) header.push_back(text(words(crm::weekday_key(d))));
        block.push_back(header);
        const auto row = [&](double lon, std::size_t series, double lat) {
            std::vector<Any> r(kSeries + 1);
            r[0] <<= lon;
            r[series + 1] <<= lat;
            block.push_back(std::move(r));
        };
        const std::size_t step = std::max<std::size_t>(1, (mine.size() + kMaxChartCustomers - 1) / kMaxChartCustomers);
        for (std::size_t k = 0; k < mine.size(); k += step) {
            const auto& c = customers[mine[k]];
            row(*c.longitude, static_cast<std::size_t>(c.tier - 'A'), *c.latitude);
        }
        const bool base_located = base != bases.end() && base->latitude && base->longitude;
        if (base_located) row(*base->longitude, 3, *base->latitude);
        // The routes of his busiest week, base to base, one series a weekday.
        const auto& his = visits_of[rep];
        const double monday = busiest_monday(his);
        for (int d = 0; d < 5; ++d) {
            std::vector<const crm::visit*> day;
            for (const auto* v : his)
                if (v->date == monday + d) day.push_back(v);
            std::sort(day.begin(), day.end(), [](const auto* a, const auto* b) { return a->stop < b->stop; });
            if (day.empty()) continue;
            if (base_located) row(*base->longitude, 4 + static_cast<std::size_t>(d), *base->latitude);
            for (const auto* v : day) {
                const auto& c = customers[v->customer];
                if (c.latitude && c.longitude) row(*c.longitude, 4 + static_cast<std::size_t>(d), *c.latitude);
            }
            if (base_located) row(*base->longitude, 4 + static_cast<std::size_t>(d), *base->latitude);
        }
        write_block(sheet, top, data_left, block);
        fit_columns_of(sheet, data_left, data_left + kSeries);
        const std::string title = crm::worded(words, "chart_territory", {{"rep", rep.empty() ? words("plan_all_customers") : rep},
                                                                         {"week", crm::iso_date_text(monday)}});
        territory_chart(sheet, "Territory " + rep, title, top, data_left, top + block.size() - 1,
                        css::awt::Rectangle(chart_x, static_cast<sal_Int32>(charted) * (kChartHeight + 500), kChartWidth, kChartHeight));
        top += block.size() + 1;
        ++charted;
    }
}

}  // namespace crm_uno
