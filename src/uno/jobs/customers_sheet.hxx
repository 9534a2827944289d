// The Customers sheet of analyze (spec wizard.md "Outputs"), written one named group of columns at a time:
// the source values, the tiers and their reasons, profit and margin, visits, the recommended action, the purchase
// history and the models' columns. Each group writes its block with one call and fills its formulas down.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include <com/sun/star/frame/XModel.hpp>
#include <com/sun/star/sheet/XSpreadsheet.hpp>
#include <com/sun/star/uno/Any.hxx>

#include "crm/value.hpp"
#include "crm/bgnbd.hpp"
#include "crm/columns.hpp"
#include "crm/customers.hpp"
#include "crm/gamma_gamma.hpp"
#include "crm/jobs.hpp"
#include "crm/model_check.hpp"
#include "crm/transactions.hpp"
#include "shared/text.hxx"

namespace crm_uno {

/// The columns of the Customers sheet, in order: id and name first, tier headed "Tier"; the history and model
/// columns follow, written when there is a purchase history.
namespace customers_columns {
enum column : std::size_t {
    id, name, sales, previous, before, share, cumulative, tier, reason, growth, growth_prev, profit, margin,
    visits_a_year, next_visit, action, rep, region, city, postal_code, source_row, handle,
    recency, frequency, monetary, repeat_x, repeat_tx, age_T, rfm, segment, palive, expected_purchases,
    expected_spend, clv, lifetime_profit, country, latitude, longitude, coordinates, params,
    customers_width = params + 7
};
}  // namespace customers_columns

/// The fits behind the model columns, and how they were made, in the user's words.
struct model_fits {
    std::optional<crm::bgnbd_fit_result> purchase;
    std::optional<crm::gamma_gamma_fit_result> spend;
    /// The purchase model of P(alive), expected purchases and the lifetime value (BG/NBD unless the model check
    /// or option Model chose another), and the penalty its fit on every customer's history answered with.
    crm::purchase_model model = crm::purchase_model::bgnbd;
    double model_penalty = 0;
    std::vector<std::string> problems;  ///< a fit that failed
    std::vector<std::string> notes;     ///< a penalty, no dropout seen, customers left out of the spend model
};

/// Writes the Customers sheet `out` of the customers read from `source_table` (the sheet `source_name`).
class customers_sheet_writer {
public:
    customers_sheet_writer(const css::uno::Reference<css::sheet::XSpreadsheet>& out, const std::string& source_name,
                           const crm::table& source_table, const crm::customer_read& read, language lang);

    /// The header row (years in the sales headers when the source names them).
    void headers();
    /// Id, name, the sales of up to three years (live where the source holds the very number read), the
    /// rep and places, the source row.
    void source_values();
    /// The customer's country and coordinates, and where they come from: the sheet, or the gazetteer (spec "Plans
    /// the reps can use": approximate, the place of a postal code or the centre of a town).
    void places();
    /// Share, cumulative share, growth, the tier by `tiering` and its reason.
    void tiers(const crm::tiering_choice& tiering);
    /// Profit and margin, when a cost column is known.
    void profit_and_margin();
    /// Visits a year per tier and the next visit after the last one.
    void visits(const std::array<int, 3>& visits_per_year);
    /// The recommended action of each customer's group.
    void actions();
    /// Recency, frequency, monetary, x, t_x, T of the customers found in `history`; false when nobody is.
    bool history(const crm::transactions_read& history);
    /// The fits the model columns use, made in the core (with the smallest penalty that answers); `model` is the
    /// purchase model of the columns (BG/NBD is fitted in any case, for the notes and the Summary).
    model_fits fit_models(crm::purchase_model model = crm::purchase_model::bgnbd) const;
    /// RFM, segment, P(alive), expected purchases and spend, lifetime value and profit, over live fits; the
    /// lifetime value over the next 52 weeks in the steps and discount of `lifetime`.
    void models(const model_fits& fits, const crm::lifetime_steps& lifetime = {});
    /// Percent formats, and widths and heights measured on the rows likely widest.
    void finish(const css::uno::Reference<css::frame::XModel>& document);

    bool has_cost() const { return has_cost_; }

private:
    std::string whole(std::size_t source_column) const;  // a whole source column, for INDEX(…; source row)
    std::string from_source(crm::column_role role) const;
    std::string text(const char* const (&texts)[4]) const { return localized(texts, lang_); }
    template <class ValueOf> bool live(crm::column_role role, ValueOf value_of) const;
    std::string range_of(std::size_t column) const;  // rows 2..n+1 of a column

    css::uno::Reference<css::sheet::XSpreadsheet> out_;
    std::string source_;  // the source sheet as a formula reference
    const crm::table& table_;
    const crm::customer_read& read_;
    const std::vector<crm::customer>& customers_;
    language lang_;
    std::size_t n_, last_;
    bool has_cost_ = false;
    std::string row_ref_;        // the source row cell of the first data row
    std::string handle_cell_, total_cell_;
    std::vector<std::size_t> sample_;  // rows measured for widths and heights
    std::vector<double> fit_x_, fit_tx_, fit_T_, fit_m_;  // the customers with a history, for the core's fits
};

}  // namespace crm_uno
