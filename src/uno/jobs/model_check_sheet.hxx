// The Model check sheet of analyze (spec wizard.md "Model check (held-out time)"): each model's fit on the
// calibration period, its holdout prediction against the actual, the tracking chart and the frequency chart.
#pragma once

#include <com/sun/star/frame/XModel.hpp>
#include <com/sun/star/sheet/XSpreadsheet.hpp>

#include "crm/model_check.hpp"
#include "shared/text.hxx"

namespace crm_uno {

/// The models' display names: "BG/NBD", "Pareto/NBD", "MBG/NBD".
const char* model_name(crm::purchase_model model) noexcept;

/// Writes the check's tables and its two native charts (a line chart and a bar chart) on `sheet`; `used` is
/// the model the Customers sheet uses.
void write_model_check(const css::uno::Reference<css::sheet::XSpreadsheet>& sheet,
                       const css::uno::Reference<css::frame::XModel>& document, const crm::model_check_result& check,
                       crm::purchase_model used, language lang);

}  // namespace crm_uno
