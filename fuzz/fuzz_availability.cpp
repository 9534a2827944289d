// Fuzz target: what a user writes about availability and reps (spec "Plans the reps can use"): visit days, opening
// hours and days off as text, a Done mark, and a Reps sheet read from CSV text, with the invariants the planner
// relies on: windows sorted, disjoint, within a day; days off finite whole dates; reps named and placed in range.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>
#include <string_view>

#include "crm/availability.hpp"
#include "crm/csv.hpp"
#include "crm/error.hpp"
#include "crm/reps.hpp"
#include "crm/schedule_sheet.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    if (const auto days = crm::parse_weekdays(text)) {
        bool any = false;
        for (bool d : *days) any = any || d;
        if (!any) std::abort();  // a text that names days names at least one
    }
    if (const auto windows = crm::parse_opening_hours(text)) {
        double last_close = -1;
        for (const auto& [open, close] : *windows) {
            if (!(std::isfinite(open) && std::isfinite(close) && open >= 0 && close <= 24 * 60 && open < close)) std::abort();
            if (open < last_close) std::abort();  // sorted and disjoint
            last_close = close;
        }
    }
    for (const bool day_first : {false, true})
        if (const auto off = crm::parse_days_off(text, day_first))
            for (double d : *off)
                if (!std::isfinite(d) || d != std::floor(d)) std::abort();
    (void)crm::is_done_mark(text);
    try {
        std::istringstream in{std::string(text)};
        const crm::reps_read reps = crm::read_reps(crm::read_csv(in));
        for (const auto& r : reps.reps) {
            if (r.rep.empty()) std::abort();
            if (r.latitude && (std::fabs(*r.latitude) > 90 || !r.longitude || std::fabs(*r.longitude) > 180)) std::abort();
            if (r.day_start_hour && !(*r.day_start_hour >= 0 && *r.day_start_hour < 24)) std::abort();
        }
    } catch (const crm::error&) {
        // a sheet without rep names is refused in words: that is the contract
    }
    return 0;
}
