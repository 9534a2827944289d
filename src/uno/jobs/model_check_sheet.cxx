// The Model check sheet (see model_check_sheet.hxx): values the core computed, laid out in three blocks, and
// charts over the two series blocks.
#include "jobs/model_check_sheet.hxx"

#include <cmath>
#include <string>
#include <vector>

#include <com/sun/star/awt/Point.hpp>
#include <com/sun/star/awt/Rectangle.hpp>
#include <com/sun/star/beans/XPropertySet.hpp>
#include <com/sun/star/util/NumberFormat.hpp>
#include <fmt/format.h>

#include "addin_strings.hxx"
#include "jobs/summary_charts.hxx"
#include "shared/sheet_io.hxx"

namespace crm_uno {

using css::uno::Any;
using css::uno::Reference;

namespace {

Any text_any(const std::string& text) { return Any(to_ou(text)); }

css::awt::Point position_of(const Reference<css::sheet::XSpreadsheet>& sheet, std::size_t column, std::size_t row) {
    css::awt::Point p;
    Reference<css::beans::XPropertySet>(sheet->getCellByPosition(static_cast<sal_Int32>(column), static_cast<sal_Int32>(row)),
                                        css::uno::UNO_QUERY_THROW)
        ->getPropertyValue("Position") >>= p;
    return p;
}

}  // namespace

const char* model_name(crm::purchase_model model) noexcept {
    switch (model) {
        case crm::purchase_model::bgnbd: return "BG/NBD";
        case crm::purchase_model::pareto_nbd: return "Pareto/NBD";
        case crm::purchase_model::mbgnbd: return "MBG/NBD";
    }
    return "BG/NBD";
}

void write_model_check(const Reference<css::sheet::XSpreadsheet>& sheet, const Reference<css::frame::XModel>& document,
                       const crm::model_check_result& check, crm::purchase_model used, language lang) {
    const auto t = [&](const char* const (&texts)[4]) { return localized(texts, lang); };
    // The split.
    write_block(sheet, 0, 0, {{text_any(t(text::head_calibration_end)), Any(check.calibration_end)},
                              {text_any(t(text::head_holdout_weeks)), Any(check.holdout_length)},
                              {text_any(t(text::head_cohort)), Any(static_cast<double>(check.ids.size()))},
                              {text_any(t(text::head_actual_holdout)), Any(check.actual_total)}});
    set_format(sheet, 1, 0, 0, standard_format(document, css::util::NumberFormat::DATE));

    // One row per model: parameters, standard errors, log-likelihood, penalty, the holdout against the actual.
    const std::vector<std::string> names{"r", "alpha", "a | s", "b | beta"};
    std::vector<Any> header{text_any(t(text::head_model))};
    for (const auto& n : names) header.push_back(text_any(n));
    for (const auto& n : names)
        header.push_back(text_any(fmt::format(fmt::runtime(t(text::head_standard_error)), fmt::arg("parameter", n))));
    for (const auto* h : {&text::head_log_likelihood, &text::head_penalty, &text::head_predicted_holdout,
                          &text::head_actual_holdout, &text::head_mae, &text::head_best})
        header.push_back(text_any(t(*h)));
    std::vector<std::vector<Any>> table{header};
    for (const auto& m : check.models) {
        std::vector<Any> row(header.size());
        row[0] = text_any(model_name(m.model));
        if (m.fitted) {
            for (std::size_t k = 0; k < 4; ++k) {
                row[1 + k] = Any(m.parameters[k]);
                if (m.standard_errors) row[5 + k] = Any((*m.standard_errors)[k]);
            }
            row[9] = Any(m.log_likelihood);
            row[10] = Any(m.penalty);
            row[11] = Any(m.predicted_total);
            row[12] = Any(check.actual_total);
            row[13] = Any(m.mean_absolute_error);
        }
        row[14] = text_any(m.model == used ? "✓" : "");
        table.push_back(std::move(row));
    }
    constexpr std::size_t models_top = 5;
    write_block(sheet, models_top, 0, table);

    // The series the charts draw: the tracking (weeks since the first purchase) and the frequency classes.
    const std::size_t top = models_top + table.size() + 2;
    std::vector<std::vector<Any>> tracking{{text_any(t(text::head_week)), text_any(t(text::head_actual))}};
    for (const auto& m : check.models) tracking[0].push_back(text_any(model_name(m.model)));
    for (std::size_t k = 0; k < check.tracking_days.size(); ++k) {
        const double week = std::round((check.tracking_days[k] - check.first_day + 1) / 7 * 100) / 100;
        std::vector<Any> row{Any(week), Any(check.tracking_actual[k])};
        for (const auto& m : check.models) row.push_back(m.fitted ? Any(m.tracking[k]) : Any());
        tracking.push_back(std::move(row));
    }
    write_block(sheet, top, 0, tracking);
    const std::size_t freq_left = tracking[0].size() + 1;
    std::vector<std::vector<Any>> frequency{{text_any(t(text::head_repeat_purchases)), text_any(t(text::head_actual))}};
    for (const auto& m : check.models) frequency[0].push_back(text_any(model_name(m.model)));
    for (std::size_t k = 0; k < crm::frequency_classes; ++k) {
        std::vector<Any> row{text_any(k + 1 == crm::frequency_classes ? std::to_string(k) + "+" : std::to_string(k)),
                             Any(check.frequency_actual[k])};
        for (const auto& m : check.models) row.push_back(m.fitted ? Any(m.frequency[k]) : Any());
        frequency.push_back(std::move(row));
    }
    write_block(sheet, top, freq_left, frequency);
    fit_columns(sheet);

    // The charts, right of the frequency block: the tracking as lines, the histogram as bars.
    const std::size_t chart_column = freq_left + frequency[0].size() + 1;
    const css::awt::Point at = position_of(sheet, chart_column, top);
    constexpr sal_Int32 width = 16000, height = 9000;
    add_chart(sheet, "Tracking", t(text::chart_tracking),
              address_of(sheet, top, 0, top + tracking.size() - 1, tracking[0].size() - 1),
              css::awt::Rectangle(at.X, at.Y, width, height), false, 0, true);
    add_chart(sheet, "Frequency", t(text::chart_frequency),
              address_of(sheet, top, freq_left, top + frequency.size() - 1, freq_left + frequency[0].size() - 1),
              css::awt::Rectangle(at.X, at.Y + height + 500, width, height), true, 0, true);
}

}  // namespace crm_uno
