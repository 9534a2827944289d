// The Reps sheet (spec wizard.md "Plans the reps can use"): each rep's start location, day start and days off.
#pragma once

#include <string>
#include <vector>

#include "crm/cell.hpp"
#include "crm/customers.hpp"
#include "crm/schedule.hpp"

namespace crm {

/// What a Reps sheet gave: one entry per rep (a rep on several rows gets the union of their days off and the first
/// start location and day start given), in the order the reps first appear, and the rows it could not read.
struct reps_read {
    std::vector<rep_base> reps;
    std::vector<problem> problems;
    column_mapping mapping;
};

/// Reads a Reps sheet: a rep (or name) column, a start location as coordinates, or as an address, postal code,
/// city, region and country placed by the gazetteer, a Day start ("08:00" or a time cell) and Days off (date cells,
/// or text of dates and ranges in the document's `dates` style). Throws illegal_argument when no column names
/// the reps.
reps_read read_reps(const table& t, const date_style& dates = {});

/// The bases of a plan: `computed` (crm::rep_bases: where each rep's customers are) with the Reps sheet's entries
/// over them, field by field; a rep of the sheet without customers is left out.
std::vector<rep_base> with_rep_sheet(std::vector<rep_base> computed, const std::vector<rep_base>& sheet);

}  // namespace crm
