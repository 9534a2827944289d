// What the jobs share: the tiering choice, finding the customer sheet, result properties.
#pragma once

#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include <com/sun/star/beans/NamedValue.hpp>
#include <com/sun/star/beans/PropertyValue.hpp>
#include <com/sun/star/frame/XModel.hpp>
#include <com/sun/star/sheet/XSpreadsheetDocument.hpp>

#include "crm/customers.hpp"
#include "crm/jobs.hpp"
#include "crm/schedule.hpp"
#include "crm/wording.hpp"
#include "shared/text.hxx"
#include "shared/options.hxx"
#include "shared/sheet_io.hxx"

namespace crm_uno {

/// The tiering method and its two thresholds (now in the core, shared with crm-cli).
using crm::tiering_choice;

/// Reads Method, AShare and BShare; throws crm::invalid_setting for a bad choice.
tiering_choice tiering_of(const job_options& options);

/// A setting the core refused (crm::invalid_setting), in `lang`: the rule's sentence from the strings table,
/// the setting's name (an API name such as MaxVisitsPerDay) kept as it is inside it.
std::string setting_message(const crm::invalid_setting& refused, language lang);

/// The job service's option name of a plan setting, for its messages (an API name: never translated).
std::string plan_option_name(crm::plan_setting setting);

/// The tier letter of every customer by the chosen method (in the core, shared with crm-cli).
using crm::tiers_of;

/// Refuses, in `lang` and before anything is written, customers the chosen method cannot tier: the Pareto
/// rule needs a positive total of sales (spec "CRM_TIER"), which the core would refuse in English only.
void require_tierable(const std::vector<crm::customer>& customers, const tiering_choice& tiering, language lang);

struct customer_sheet {
    std::string name;         ///< the sheet's name
    crm::table cells;         ///< its used area, read once
    crm::customer_read read;  ///< the customers and problems found there
    bool from_orders = false; ///< the sheet is an order log: its customers were aggregated from the orders
};

/// How much of the sheets find_customers reads: every cell's value, or (for a job that uses nothing but the
/// customers it reads) only the columns whose headers name a role, the other columns' formulas left uncomputed:
/// its `cells` then hold "=" in those formula cells.
enum class cells_read { all, named_columns };

/// The customer sheet (option CustomerSheet, else the first sheet with a sales column that is not an order
/// log), read once, with the option Columns applied (a bad value is an illegal argument worded in `lang`);
/// without one, the customers of the first order log (spec: "and/or a transactions sheet").
customer_sheet find_customers(
    const css::uno::Reference<css::sheet::XSpreadsheetDocument>& document, const job_options& options,
    language lang, cells_read scope = cells_read::all);

/// The option Columns (role name → header text or 0-based column index, void or "" for "no such column")
/// resolved on the cells of `sheet` as the core's read options; throws illegal_argument in `lang`.
crm::read_options column_overrides(const job_options& options, const crm::table& cells, const std::string& sheet,
                                   language lang);

/// Runs a job's body with the error mapping of guarded(). The body gets the office UI language, in which
/// every refusal is worded: a setting the core refused (crm::invalid_setting, whose what() is crm-cli's English)
/// is worded here, once. A cancelled run (crm::cancelled, after its undo step rolled back what it wrote)
/// returns the single result Cancelled = true.
template <typename Body>
auto job_guarded(const char* job, const css::uno::Reference<css::uno::XComponentContext>& context, Body&& body)
    -> decltype(body(language{})) {
    using result = decltype(body(language{}));
    return guarded(job, [&]() -> result {
        const language lang = office_language(context);
        try {
            return body(lang);
        } catch (const crm::invalid_setting& refused) {
            throw crm::illegal_argument(setting_message(refused, lang));
        } catch (const crm::cancelled&) {
            if constexpr (std::is_void_v<result>) {
                throw;
            } else if constexpr (std::is_same_v<result, css::uno::Any>) {  // org.calccrm.Jobs: NamedValues
                const css::beans::NamedValue cancelled("Cancelled", css::uno::Any(true));
                return css::uno::Any(css::uno::Sequence<css::beans::NamedValue>(&cancelled, 1));
            } else {
                css::beans::PropertyValue cancelled;
                cancelled.Name = "Cancelled";
                cancelled.Value <<= true;
                return css::uno::Sequence<css::beans::PropertyValue>(&cancelled, 1);
            }
        }
    });
}

/// A named result value.
css::beans::PropertyValue property(const char* name, const css::uno::Any& value);

/// Texts as a UNO string sequence.
css::uno::Sequence<::rtl::OUString> strings_of(const std::vector<std::string>& texts);

/// The read problems, each as "row N: reason" in the office language.
/// The schedule sheets' name patterns in the four languages, whole or split by quarter or month.
std::vector<std::string> schedule_patterns();

/// Drops the customer cards' index of `document` (customer_card.cxx) when it is made and again when it ends:
/// a run that writes sheets (analyze, planVisits) makes a new one.
class customer_cards_forgotten {
public:
    explicit customer_cards_forgotten(const css::uno::Reference<css::frame::XModel>& document);
    ~customer_cards_forgotten();
    customer_cards_forgotten(const customer_cards_forgotten&) = delete;
    customer_cards_forgotten& operator=(const customer_cards_forgotten&) = delete;

private:
    const void* document_;
};

std::vector<std::string> problem_texts(const std::vector<crm::problem>& problems, language lang);

}  // namespace crm_uno
