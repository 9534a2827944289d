// The Calc add-in object: cell functions declared from the generated table, arguments converted, errors mapped.
#pragma once

#include <cstdint>
#include <exception>
#include <optional>
#include <string>

#include <com/sun/star/beans/XPropertySet.hpp>
#include <com/sun/star/lang/IllegalArgumentException.hpp>
#include <com/sun/star/lang/Locale.hpp>
#include <com/sun/star/lang/XLocalizable.hpp>
#include <com/sun/star/lang/XServiceInfo.hpp>
#include <com/sun/star/lang/XServiceName.hpp>
#include <com/sun/star/sheet/NoConvergenceException.hpp>
#include <com/sun/star/uno/RuntimeException.hpp>
#include <com/sun/star/uno/Sequence.hxx>
#include <com/sun/star/uno/XComponentContext.hpp>
#include <cppuhelper/implbase5.hxx>
#include <org/calccrm/XCrmDiagnostics.hpp>
#include <org/calccrm/XCrmFunctions.hpp>
#include <rtl/ustring.hxx>

#include "crm/error.hpp"
#include "shared/text.hxx"

namespace crm_uno {

/// What a call knows about where it comes from.
struct call_context {
    std::uint64_t document;  // for the handle cache; 0 without a caller
    language lang;           // the office UI language
};

/// The add-in service org.calccrm.Functions.
class CrmFunctions
    : public cppu::WeakImplHelper5<org::calccrm::XCrmFunctions, org::calccrm::XCrmDiagnostics, css::lang::XServiceInfo,
                                   css::lang::XServiceName, css::lang::XLocalizable> {
public:
    explicit CrmFunctions(const css::uno::Reference<css::uno::XComponentContext>& context);

    // XCrmFunctions (generated)
#include "addin_methods.hxx"

    // XCrmDiagnostics
    sal_Int32 SAL_CALL cachedColumns() override;
    sal_Int64 SAL_CALL cachedColumnBytes() override;
    // XServiceName
    ::rtl::OUString SAL_CALL getServiceName() override;
    // XServiceInfo
    ::rtl::OUString SAL_CALL getImplementationName() override;
    sal_Bool SAL_CALL supportsService(const ::rtl::OUString& name) override;
    css::uno::Sequence<::rtl::OUString> SAL_CALL getSupportedServiceNames() override;
    // XLocalizable
    void SAL_CALL setLocale(const css::lang::Locale& locale) override;
    css::lang::Locale SAL_CALL getLocale() override;

private:
    call_context context_of(const css::uno::Reference<css::beans::XPropertySet>& document) const;

    css::lang::Locale locale_;
    language lang_ = 0;
};

/// The adapters the generated dispatch calls, one per cell function (crm_functions.cxx).
namespace impl {
::rtl::OUString column(const call_context& call, const css::uno::Any& range);
::rtl::OUString tier(const call_context& call, double value, const css::uno::Any& values, double a_share, double b_share);
css::uno::Sequence<css::uno::Sequence<css::uno::Any>> tiers(const call_context& call, const css::uno::Any& values,
                                                            double a_share, double b_share);
::rtl::OUString tier_count(const call_context& call, double value, const css::uno::Any& values, double a_top, double b_top);
::rtl::OUString tier_growth(double growth_last, double growth_prev, double loyalty, double a_growth, double b_growth,
                            double min_loyalty);
double pareto_share(const call_context& call, double value, const css::uno::Any& values);
double growth(double current, double previous);
double cagr(double first, double last, double periods);

// Loyalty, BG/NBD, Gamma-Gamma, profitability and visits (model_functions.cxx).
::rtl::OUString rfm(const call_context& call, double recency, double frequency, double monetary,
                    const css::uno::Any& recency_range, const css::uno::Any& frequency_range,
                    const css::uno::Any& monetary_range, double bins);
::rtl::OUString rfm_segment(const call_context& call, double r_score, double f_score);
double loyalty(const call_context& call, const css::uno::Any& signals, const css::uno::Any& signals_table,
               const css::uno::Any& weights);
double retention(double customers_start, double customers_end, double new_customers);
double churn(double customers_start, double customers_end, double new_customers);
css::uno::Sequence<css::uno::Sequence<css::uno::Any>> bgnbd_fit(const css::uno::Any& x_range,
                                                                const css::uno::Any& tx_range,
                                                                const css::uno::Any& T_range, double penalty);
double palive(double x, double t_x, double T, double r, double alpha, double a, double b);
double expected_purchases(double t, double x, double t_x, double T, double r, double alpha, double a, double b);
// Pareto/NBD, MBG/NBD and BG/BB (model_functions.cxx).
css::uno::Sequence<css::uno::Sequence<css::uno::Any>> pnbd_fit(const css::uno::Any& x_range,
                                                               const css::uno::Any& tx_range,
                                                               const css::uno::Any& T_range, double penalty);
double pnbd_palive(double x, double t_x, double T, double r, double alpha, double s, double beta);
double pnbd_expected_purchases(double t, double x, double t_x, double T, double r, double alpha, double s,
                               double beta);
css::uno::Sequence<css::uno::Sequence<css::uno::Any>> mbgnbd_fit(const css::uno::Any& x_range,
                                                                 const css::uno::Any& tx_range,
                                                                 const css::uno::Any& T_range, double penalty);
double mbgnbd_palive(double x, double t_x, double T, double r, double alpha, double a, double b);
double mbgnbd_expected_purchases(double t, double x, double t_x, double T, double r, double alpha, double a,
                                 double b);
css::uno::Sequence<css::uno::Sequence<css::uno::Any>> bgbb_fit(const css::uno::Any& x_range,
                                                               const css::uno::Any& tx_range,
                                                               const css::uno::Any& n_range,
                                                               const css::uno::Any& count_range, double penalty);
double bgbb_palive(double x, double t_x, double n, double alpha, double beta, double gamma, double delta);
double bgbb_expected_purchases(double t, double x, double t_x, double n, double alpha, double beta, double gamma,
                               double delta);
css::uno::Sequence<css::uno::Sequence<css::uno::Any>> gg_fit(const css::uno::Any& x_range,
                                                             const css::uno::Any& avg_value_range, double penalty);
double expected_value(double x, double avg_value, double p, double q, double v);
double margin(double revenue, double cost);
double profit(double revenue, double cost_of_goods, double discounts, double returns, double cost_to_serve);
double clv(double margin, double retention, double discount_rate, std::optional<double> periods);
double clv_model(double horizon, double x, double t_x, double T, double avg_value, double r, double alpha, double a,
                 double b, double p, double q, double v, double discount_rate, double step);
double visits_per_year(const ::rtl::OUString& tier, double a, double b, double c);
double next_visit(double last_visit, const ::rtl::OUString& tier, const css::uno::Any& holidays, double a, double b,
                  double c);
}  // namespace impl

}  // namespace crm_uno
