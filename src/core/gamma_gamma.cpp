// Gamma-Gamma spend model (spec "Gamma-Gamma"): likelihood with analytic gradient, ML fit, expected spend.
#include "crm/gamma_gamma.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <vector>

#include "crm/detail/model_fitting.hpp"
#include "crm/detail/quasi_newton.hpp"
#include "crm/error.hpp"
#include "special_functions.hpp"

namespace crm {

namespace detail {
namespace {

void validate_params(const gamma_gamma_params& g) {
    require(std::isfinite(g.p) && std::isfinite(g.q) && std::isfinite(g.v), "Gamma-Gamma: parameters must be finite");
    require(g.p > 0 && g.q > 0 && g.v > 0, "Gamma-Gamma: p, q, v must be > 0");
}

// A customer the model is fitted on: x > 0 repeat purchases with mean value zbar > 0.
void validate_spender(double x, double zbar) {
    require(std::isfinite(x) && x > 0, "Gamma-Gamma: x must be > 0");
    require(std::isfinite(zbar) && zbar > 0, "Gamma-Gamma: average value must be > 0 when x > 0");
}

// FHL 2005b: given nu, the mean zbar of x purchases is Gamma(p x, nu x); nu ~ Gamma(q, v). So
//   LL = lnG(px+q) - lnG(px) - lnG(q) + q ln v + (px-1) ln zbar + px ln x - (px+q) ln(x zbar + v),
// the same likelihood as the lifetimes library's GammaGammaFitter.
double spender_log_likelihood(const gamma_gamma_params& g, double x, double zbar, double lg_q, double psi_q,
                              double* gradient) {
    const double px = g.p * x;
    const double log_xzv = std::log(x * zbar + g.v);
    const double log_v = std::log(g.v);
    const double ll = log_gamma(px + g.q) - log_gamma(px) - lg_q + g.q * log_v + (px - 1) * std::log(zbar) +
                      px * std::log(x) - (px + g.q) * log_xzv;
    if (gradient) {
        const double psi_pxq = digamma(px + g.q);
        gradient[0] = x * (psi_pxq - digamma(px) + std::log(zbar) + std::log(x) - log_xzv);
        gradient[1] = psi_pxq - psi_q + log_v - log_xzv;
        gradient[2] = g.q / g.v - (px + g.q) / (x * zbar + g.v);
    }
    return ll;
}

struct spenders {
    std::vector<double> x, zbar;
    double scale = 1;  // mean zbar: values are divided by it so that v is of order one in any currency
};

}  // namespace

double gamma_gamma_log_likelihood_gradient(const gamma_gamma_params& params, double x, double avg_value,
                                           double gradient[3]) {
    validate_params(params);
    validate_spender(x, avg_value);
    return finite_or_throw(
        spender_log_likelihood(params, x, avg_value, log_gamma(params.q), digamma(params.q), gradient),
        "Gamma-Gamma log-likelihood");
}

}  // namespace detail

double gamma_gamma_log_likelihood(const gamma_gamma_params& params, double x, double avg_value) {
    double unused[3];
    return detail::gamma_gamma_log_likelihood_gradient(params, x, avg_value, unused);
}

double gamma_gamma_log_likelihood(const gamma_gamma_params& params, std::span<const double> x,
                                  std::span<const double> avg_value) {
    detail::validate_params(params);
    require(x.size() == avg_value.size(), "Gamma-Gamma: x and average value ranges differ in size");
    const double lg_q = detail::log_gamma(params.q), psi_q = detail::digamma(params.q);
    double sum = 0;
    bool any = false;
    for (std::size_t i = 0; i < x.size(); ++i) {
        require(std::isfinite(x[i]) && x[i] >= 0, "Gamma-Gamma: x must be >= 0");
        if (x[i] == 0) continue;
        detail::validate_spender(x[i], avg_value[i]);
        sum += detail::spender_log_likelihood(params, x[i], avg_value[i], lg_q, psi_q, nullptr);
        any = true;
    }
    require(any, "Gamma-Gamma: no customer with x > 0");
    return finite_or_throw(sum, "Gamma-Gamma log-likelihood");
}

// Spec "Gamma-Gamma", CRM_GG_FIT: maximum likelihood over p, q, v > 0 on the customers with x > 0,
// by BFGS on ln(p, q, v) with money divided by the mean zbar (v scales with the currency, p and q do
// not). The maximum is accepted only where the gradient vanishes at interior parameters. With a penalty
// lambda > 0 the objective is -(1/N) sum LL + lambda (p^2 + q^2 + v^2), as in the lifetimes library.
// Customers that cannot belong to the model (x < 0, non-finite, x > 0 with a mean spend <= 0) are left out.
gamma_gamma_fit_result fit_gamma_gamma(std::span<const double> x, std::span<const double> avg_value, double penalty) {
    require(x.size() == avg_value.size(), "Gamma-Gamma: x and average value ranges differ in size");
    detail::validate_penalty(penalty);
    detail::spenders data;
    std::size_t left_out = 0;
    std::vector<double> kept_x, kept_value;  // the customers used, when some are left out
    for (std::size_t i = 0; i < x.size(); ++i) {
        const bool valid = std::isfinite(x[i]) && x[i] >= 0 &&
                           (x[i] == 0 || (std::isfinite(avg_value[i]) && avg_value[i] > 0));
        if (!valid) {
            ++left_out;
            continue;
        }
        if (x[i] == 0) continue;
        data.x.push_back(x[i]);
        data.zbar.push_back(avg_value[i]);
    }
    require(!data.x.empty(), "Gamma-Gamma fit: no customer with x > 0");
    if (left_out > 0) {
        kept_x = data.x;
        kept_value = data.zbar;
    }
    const double n = static_cast<double>(data.x.size());
    double sum = 0;
    for (double z : data.zbar) sum += z;
    data.scale = sum / n;
    for (double& z : data.zbar) z /= data.scale;

    // The terms in p and q depend on a customer's x alone (log-gamma and digamma of p x and p x + q), so
    // customers are grouped by x and those are computed once a group: a few dozen distinct x against
    // thousands of customers. Per customer there remain one logarithm and one division.
    struct x_group {
        double x, log_x, count, sum_log_zbar;
        std::size_t begin, end;  // the group's customers in `zbar_by_x`
    };
    std::vector<std::size_t> order(data.x.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return data.x[a] < data.x[b]; });
    std::vector<double> zbar_by_x(order.size());
    std::vector<x_group> groups;
    for (std::size_t k = 0; k < order.size(); ++k) {
        const double xi = data.x[order[k]], zi = data.zbar[order[k]];
        zbar_by_x[k] = zi;
        if (groups.empty() || groups.back().x != xi) groups.push_back({xi, std::log(xi), 0.0, 0.0, k, k});
        x_group& group = groups.back();
        group.count += 1;
        group.sum_log_zbar += std::log(zi);
        group.end = k + 1;
    }
    // LL of a customer = lnG(px+q) - lnG(px) - lnG(q) + q ln v + (px-1) ln zbar + px ln x - (px+q) ln(x zbar + v)
    // (spender_log_likelihood), summed here group by group, with its gradient.
    detail::fit_problem problem;
    problem.mean_negative_log_likelihood = [&groups, &zbar_by_x, n](std::span<const double> theta,
                                                                    std::span<double> gradient) {
        const gamma_gamma_params g{std::exp(theta[0]), std::exp(theta[1]), std::exp(theta[2])};
        const double lg_q = detail::log_gamma(g.q), psi_q = detail::digamma(g.q), log_v = std::log(g.v);
        double ll = 0, gp = 0, gq = 0, gv = 0;
        for (const x_group& group : groups) {
            const double px = g.p * group.x;
            const double psi_pxq = detail::digamma(px + g.q);
            double sum_log_xzv = 0, sum_inverse_xzv = 0;
            for (std::size_t k = group.begin; k < group.end; ++k) {
                const double xzv = group.x * zbar_by_x[k] + g.v;
                sum_log_xzv += std::log(xzv);
                sum_inverse_xzv += 1.0 / xzv;
            }
            const double c = group.count;
            ll += c * (detail::log_gamma(px + g.q) - detail::log_gamma(px) - lg_q + g.q * log_v + px * group.log_x) +
                  (px - 1) * group.sum_log_zbar - (px + g.q) * sum_log_xzv;
            gp += group.x * (c * (psi_pxq - detail::digamma(px) + group.log_x) + group.sum_log_zbar - sum_log_xzv);
            gq += c * (psi_pxq - psi_q + log_v) - sum_log_xzv;
            gv += c * g.q / g.v - (px + g.q) * sum_inverse_xzv;
        }
        gradient[0] = -gp * g.p / n;
        gradient[1] = -gq * g.q / n;
        gradient[2] = -gv * g.v / n;
        const double value = -ll / n;
        return std::isfinite(value) ? value : std::numeric_limits<double>::infinity();
    };
    // Starts on the normalized scale (mean zbar = 1, so E[zbar] = p v / (q - 1) = 1 at p = 1, q = 2, v = 1).
    problem.starts = {{1.0, 2.0, 1.0}, {5.0, 4.0, 0.75}, {0.5, 1.5, 1.0}, {20.0, 10.0, 0.5}};
    problem.unit = {1.0, 1.0, data.scale};
    problem.customers = n;
    problem.penalty = penalty;
    const detail::fit_solution solution = detail::fit_maximum_likelihood(problem, "Gamma-Gamma fit");
    gamma_gamma_fit_result result;
    detail::fill_model_fit(result, solution, n, left_out, penalty);
    result.params = {result.parameters[0], result.parameters[1], result.parameters[2]};
    result.log_likelihood = left_out > 0 ? gamma_gamma_log_likelihood(result.params, kept_x, kept_value)
                                         : gamma_gamma_log_likelihood(result.params, x, avg_value);
    return result;
}

// Spec "Gamma-Gamma", CRM_EXPECTED_VALUE: the posterior mean spend per purchase,
// (v + zbar x) p / (p x + q - 1); at x = 0 this is the population mean v p / (q - 1), finite only for q > 1.
double spend_of_record(double avg_value, const gamma_gamma_params& params) {
    if (std::isfinite(avg_value) && avg_value > 0) return avg_value;
    return expected_average_value(0, 0, params);
}

double expected_average_value(double x, double avg_value, const gamma_gamma_params& params) {
    detail::validate_params(params);
    require(params.q > 1, "Gamma-Gamma: q must be > 1 for an expected value");
    require(std::isfinite(x) && x >= 0, "expected value: x must be >= 0");
    require(std::isfinite(avg_value) && avg_value >= 0, "expected value: average value must be >= 0");
    if (x == 0) return finite_or_throw(params.v * params.p / (params.q - 1), "expected value");
    const double direct = (params.v + avg_value * x) * params.p / (params.p * x + params.q - 1);
    if (std::isfinite(direct)) return direct;
    // The same value divided through by x: finite whenever the result is, where the direct form
    // overflows in an intermediate product (huge x, avg_value, p or v).
    return finite_or_throw((params.v / x + avg_value) * (params.p / (params.p + (params.q - 1) / x)), "expected value");
}

}  // namespace crm
