// Adapters of the loyalty, model, profitability and visit functions: sheet values in, core call, cell value out.
#include <array>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <cmath>

#include "addin_strings.hxx"
#include "addin/arguments.hxx"
#include "crm/bgbb.hpp"
#include "crm/bgnbd.hpp"
#include "crm/gamma_gamma.hpp"
#include "crm/loyalty.hpp"
#include "crm/mbgnbd.hpp"
#include "crm/pareto_nbd.hpp"
#include "crm/value.hpp"
#include "crm/visits.hpp"
#include "addin/functions.hxx"

namespace crm_uno {

using css::uno::Any;
using css::uno::Sequence;
using ::rtl::OUString;

namespace {

/// Segment names in the order of crm::rfm_segment (texts in the table's "strings").
constexpr std::array<const char* const (*)[4], crm::rfm_segment_count> kSegmentNames = {
    &text::rfm_champions,      &text::rfm_cant_lose_them, &text::rfm_at_risk,
    &text::rfm_hibernating,    &text::rfm_need_attention, &text::rfm_loyal,
    &text::rfm_new_customers,  &text::rfm_promising,      &text::rfm_about_to_sleep,
    &text::rfm_potential_loyalists};

/// One RFM score from a "values" argument: O(log n) on a handle's ranked copy, one pass over a plain range.
/// A handle names every number of its range, so a multi-column range counts as one list, as the plain form does.
template <class Score>
int rfm_score(const call_context& call, double value, const Any& range, double bins, Score score) {
    const auto resolved = resolve_values(call, range);
    return resolved.handle ? score(value, resolved.handle->all(), bins)
                           : score(value, std::span<const double>(resolved.numbers), bins);
}

/// Customers of aligned ranges (the fits' x, t_x, T...): the rows where every range holds a number.
/// Spec "General rules": blank and text cells are not customers; the ranges must have the same size.
std::vector<std::vector<double>> customer_rows(std::initializer_list<const Any*> ranges) {
    std::vector<std::vector<std::optional<double>>> cells;
    for (const Any* range : ranges) cells.push_back(cells_of(*range));
    for (const auto& column : cells)
        if (column.size() != cells.front().size()) throw crm::illegal_argument("the ranges differ in size");
    std::vector<std::vector<double>> columns(cells.size());
    for (std::size_t row = 0; row < cells.front().size(); ++row) {
        bool complete = true;
        for (const auto& column : cells) complete = complete && column[row].has_value();
        if (!complete) continue;
        for (std::size_t c = 0; c < cells.size(); ++c) columns[c].push_back(*cells[c][row]);
    }
    return columns;
}

/// A fit's parameters as the one-row array the cell shows.
// Spec "Fits that always answer": the estimates in the first row, their standard errors in the second (a formula
// over one row shows the estimates; over three rows, Calc shows #N/A beyond). An error the fit could not know
// (the Hessian not positive definite there) is an empty cell, never a made-up number.
template <std::size_t N>
Sequence<Sequence<Any>> fit_rows(const crm::model_fit<N>& fit) {
    Sequence<Sequence<Any>> rows(2);
    rows.getArray()[0].realloc(static_cast<sal_Int32>(N));
    rows.getArray()[1].realloc(static_cast<sal_Int32>(N));
    for (std::size_t k = 0; k < N; ++k) {
        rows.getArray()[0].getArray()[k] <<= crm::finite_or_throw(fit.parameters[k], "fit");
        if (fit.standard_errors && std::isfinite((*fit.standard_errors)[k]))
            rows.getArray()[1].getArray()[k] <<= (*fit.standard_errors)[k];
        else
            rows.getArray()[1].getArray()[k] <<= OUString();
    }
    return rows;
}

double checked_penalty(double penalty) {
    if (!(std::isfinite(penalty) && penalty >= 0)) throw crm::illegal_argument("penalty must be a number of 0 or more");
    return penalty;
}

/// Every cell of an optional range that must hold only numbers (weights); empty when omitted.
std::vector<double> optional_numbers(const Any& argument, const char* name) {
    if (!argument.hasValue()) return {};
    const auto cells = cells_of(argument);
    std::vector<double> numbers = numbers_of(cells);
    if (numbers.size() != cells.size()) throw crm::illegal_argument(std::string(name) + " must all be numbers");
    return numbers;
}

}  // namespace

namespace impl {

// Spec "Loyalty", CRM_RFM: three rank scores; each range may be a handle cell (O(log n) per row).
OUString rfm(const call_context& call, double recency, double frequency, double monetary, const Any& recency_range,
             const Any& frequency_range, const Any& monetary_range, double bins) {
    const auto recency_score = [](double v, const auto& column, double b) { return crm::rfm_score_recency(v, column, b); };
    const auto ascending_score = [](double v, const auto& column, double b) {
        return crm::rfm_score_ascending(v, column, b);
    };
    const int r = rfm_score(call, recency, recency_range, bins, recency_score);
    const int f = rfm_score(call, frequency, frequency_range, bins, ascending_score);
    const int m = rfm_score(call, monetary, monetary_range, bins, ascending_score);
    const char digits[] = {static_cast<char>('0' + r), static_cast<char>('0' + f), static_cast<char>('0' + m), '\0'};
    return OUString::createFromAscii(digits);
}

// Spec "Loyalty", CRM_RFM_SEGMENT: the segment's name in the office UI language.
OUString rfm_segment(const call_context& call, double r_score, double f_score) {
    const auto segment = crm::segment_of(r_score, f_score);
    return to_ou(localized(*kSegmentNames[static_cast<std::size_t>(segment)], call.lang));
}

// Spec "Loyalty", CRM_LOYALTY: mid-rank percentiles per column; the table may be a handle cell,
// whose per-column ranked copies answer in O(k log n).
double loyalty(const call_context& call, const Any& signals, const Any& signals_table, const Any& weights) {
    const auto signal_cells = cells_of(signals);
    const auto weight_numbers = optional_numbers(weights, "weights");
    if (const auto handle = handle_of(call, signals_table)) {
        // A one-column range keeps no separate column: its column is `all()`.
        const std::span<const crm::ranked_column> columns =
            handle->columns().empty() ? std::span<const crm::ranked_column>(&handle->all(), 1)
                                      : std::span<const crm::ranked_column>(handle->columns());
        return crm::loyalty_index(signal_cells, columns, weight_numbers);
    }
    return crm::loyalty_index(signal_cells, columns_of(signals_table), weight_numbers);
}

double retention(double customers_start, double customers_end, double new_customers) {
    return crm::retention(customers_start, customers_end, new_customers);
}

double churn(double customers_start, double customers_end, double new_customers) {
    return crm::churn(customers_start, customers_end, new_customers);
}

// Spec "BG/NBD", CRM_BGNBD_FIT: maximum likelihood on the rows that hold x, t_x and T.
Sequence<Sequence<Any>> bgnbd_fit(const Any& x_range, const Any& tx_range, const Any& T_range, double penalty) {
    const auto customers = customer_rows({&x_range, &tx_range, &T_range});
    return fit_rows(crm::fit_bgnbd(customers[0], customers[1], customers[2], checked_penalty(penalty)));
}

double palive(double x, double t_x, double T, double r, double alpha, double a, double b) {
    return crm::probability_alive(x, t_x, T, {r, alpha, a, b});
}

double expected_purchases(double t, double x, double t_x, double T, double r, double alpha, double a, double b) {
    return crm::expected_purchases(t, x, t_x, T, {r, alpha, a, b});
}

// Spec "More customer-base models": Pareto/NBD, MBG/NBD and BG/BB, the same shapes as BG/NBD.
Sequence<Sequence<Any>> pnbd_fit(const Any& x_range, const Any& tx_range, const Any& T_range, double penalty) {
    const auto customers = customer_rows({&x_range, &tx_range, &T_range});
    return fit_rows(crm::fit_pareto_nbd(customers[0], customers[1], customers[2], checked_penalty(penalty)));
}

double pnbd_palive(double x, double t_x, double T, double r, double alpha, double s, double beta) {
    return crm::pareto_nbd_probability_alive(x, t_x, T, {r, alpha, s, beta});
}

double pnbd_expected_purchases(double t, double x, double t_x, double T, double r, double alpha, double s,
                               double beta) {
    return crm::pareto_nbd_expected_purchases(t, x, t_x, T, {r, alpha, s, beta});
}

Sequence<Sequence<Any>> mbgnbd_fit(const Any& x_range, const Any& tx_range, const Any& T_range, double penalty) {
    const auto customers = customer_rows({&x_range, &tx_range, &T_range});
    return fit_rows(crm::fit_mbgnbd(customers[0], customers[1], customers[2], checked_penalty(penalty)));
}

double mbgnbd_palive(double x, double t_x, double T, double r, double alpha, double a, double b) {
    return crm::mbgnbd_probability_alive(x, t_x, T, {r, alpha, a, b});
}

double mbgnbd_expected_purchases(double t, double x, double t_x, double T, double r, double alpha, double a,
                                 double b) {
    return crm::mbgnbd_expected_purchases(t, x, t_x, T, {r, alpha, a, b});
}

// CRM_BGBB_FIT: a row is a pattern when x, t_x, n (and its count, when counts are given) are numbers.
Sequence<Sequence<Any>> bgbb_fit(const Any& x_range, const Any& tx_range, const Any& n_range, const Any& count_range,
                                 double penalty) {
    const double lambda = checked_penalty(penalty);
    if (!count_range.hasValue()) {
        const auto patterns = customer_rows({&x_range, &tx_range, &n_range});
        return fit_rows(crm::fit_bgbb(patterns[0], patterns[1], patterns[2], {}, lambda));
    }
    const auto patterns = customer_rows({&x_range, &tx_range, &n_range, &count_range});
    return fit_rows(crm::fit_bgbb(patterns[0], patterns[1], patterns[2], patterns[3], lambda));
}

double bgbb_palive(double x, double t_x, double n, double alpha, double beta, double gamma, double delta) {
    return crm::bgbb_probability_alive(x, t_x, n, {alpha, beta, gamma, delta});
}

double bgbb_expected_purchases(double t, double x, double t_x, double n, double alpha, double beta, double gamma,
                               double delta) {
    return crm::bgbb_expected_transactions(t, x, t_x, n, {alpha, beta, gamma, delta});
}

// Spec "Gamma-Gamma", CRM_GG_FIT: the core fits on the customers with x > 0.
Sequence<Sequence<Any>> gg_fit(const Any& x_range, const Any& avg_value_range, double penalty) {
    const auto customers = customer_rows({&x_range, &avg_value_range});
    return fit_rows(crm::fit_gamma_gamma(customers[0], customers[1], checked_penalty(penalty)));
}

double expected_value(double x, double avg_value, double p, double q, double v) {
    return crm::expected_average_value(x, avg_value, {p, q, v});
}

double margin(double revenue, double cost) { return crm::margin(revenue, cost); }

double profit(double revenue, double cost_of_goods, double discounts, double returns, double cost_to_serve) {
    return crm::profit(revenue, cost_of_goods, discounts, returns, cost_to_serve);
}

// Spec "Profitability", CRM_CLV: without periods, the infinite sum.
double clv(double margin, double retention, double discount_rate, std::optional<double> periods) {
    return periods ? crm::clv(margin, retention, discount_rate, *periods) : crm::clv(margin, retention, discount_rate);
}

double clv_model(double horizon, double x, double t_x, double T, double avg_value, double r, double alpha, double a,
                 double b, double p, double q, double v, double discount_rate, double step) {
    return crm::clv_model(horizon, x, t_x, T, avg_value, {r, alpha, a, b}, {p, q, v}, discount_rate, step);
}

double visits_per_year(const OUString& tier, double a, double b, double c) {
    return crm::visits_per_year(to_utf8(tier), a, b, c);
}

// Spec "Visits", CRM_NEXT_VISIT: holidays are the numbers of an optional range (blanks and text ignored).
double next_visit(double last_visit, const OUString& tier, const Any& holidays, double a, double b, double c) {
    const std::vector<double> days_off = holidays.hasValue() ? numbers_of(cells_of(holidays)) : std::vector<double>{};
    return crm::next_visit(last_visit, to_utf8(tier), days_off, a, b, c);
}

}  // namespace impl
}  // namespace crm_uno
