// The schedule sheet's totals and pictures (spec wizard.md "Plans the reps can use": picture and totals): per rep,
// visits and km per month and unscheduled visits, and a native chart of each rep's territory.
#pragma once

#include <cstddef>
#include <vector>

#include <com/sun/star/sheet/XSpreadsheet.hpp>

#include "crm/schedule.hpp"
#include "crm/wording.hpp"

namespace crm_uno {

/// Writes, from column `left` of the schedule sheet, the table of each rep's months (visits, km, unscheduled
/// visits on his total row) and, beside it, each rep's territory chart: his customers on longitude/latitude by
/// tier, his start location, and the routes of his busiest week as lines (at most 12 reps, 2000 customers each).
void write_schedule_picture(const css::uno::Reference<css::sheet::XSpreadsheet>& sheet, std::size_t left,
                            const crm::schedule_result& plan, const crm::schedule_options& options,
                            const std::vector<crm::visit_customer>& customers, const std::vector<crm::rep_base>& bases,
                            const crm::text_lookup& words);

}  // namespace crm_uno
