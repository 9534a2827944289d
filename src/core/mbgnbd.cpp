// MBG/NBD model (spec "MBG/NBD"): likelihood with analytic gradient, ML fit, P(alive) and expected purchases.
#include "crm/mbgnbd.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <vector>

#include "crm/bgnbd.hpp"
#include "crm/detail/model_fitting.hpp"
#include "crm/error.hpp"
#include "special_functions.hpp"

namespace crm {

namespace detail {
namespace {

void validate_customer(double x, double t_x, double T) {
    require(std::isfinite(x) && std::isfinite(t_x) && std::isfinite(T), "MBG/NBD: x, t_x and T must be finite numbers");
    require(x >= 0 && x == std::floor(x), "MBG/NBD: x must be a whole number >= 0");
    require(T > 0, "MBG/NBD: T must be > 0");
    require(t_x >= 0 && t_x <= T, "MBG/NBD: t_x must be in [0, T]");
}

// The model (Batislam, Denizel & Filiztekin 2007): BG/NBD's purchase process (Poisson at rate lambda ~
// Gamma(r, alpha)) and dropout (probability p ~ Beta(a, b) after a purchase), except that a customer may drop
// out after any purchase, the first (at time 0) included. Given lambda and p, x repeat purchases with the last
// at t_x are seen with probability (1-p)^(x+1) lambda^x e^(-lambda T) (alive at T) or
// p (1-p)^x lambda^x e^(-lambda t_x) (dropped out after the last); integrating lambda and p out,
//   L = G(r+x)/G(r) alpha^r [ B(a, b+x+1)/B(a, b) (alpha+T)^-(r+x) + B(a+1, b+x)/B(a, b) (alpha+t_x)^-(r+x) ].
// In logs, with B(a+1, b+x) / B(a, b+x+1) = a / (b+x):
//   A1 = lnG(r+x) - lnG(r) + r ln(alpha),  A2 = lnG(a+b) + lnG(b+x+1) - lnG(b) - lnG(a+b+x+1),
//   A3 = -(r+x) ln(alpha+T),               A4 = ln(a) - ln(b+x) - (r+x) ln(alpha+t_x),
//   LL = A1 + A2 + ln(e^A3 + e^A4)   (every x, 0 included, where t_x = 0).
struct shared_terms {
    double lg_r, psi_r, lg_ab, psi_ab, lg_b, psi_b, log_alpha, log_a;
};

shared_terms make_shared_terms(const mbgnbd_params& p) {
    return {log_gamma(p.r), digamma(p.r), log_gamma(p.a + p.b), digamma(p.a + p.b),
            log_gamma(p.b), digamma(p.b), std::log(p.alpha), std::log(p.a)};
}

// The terms that depend on the parameters and on x only, with their derivatives.
struct x_terms {
    double lg_r = 0, dr = 0;              // lnG(r+x) - lnG(r) and its r-derivative
    double a2 = 0, a2_da = 0, a2_db = 0;  // A2 and its a-, b-derivatives
    double log_b_x = 0;                   // ln(b+x)
};

x_terms make_x_terms(const mbgnbd_params& p, const shared_terms& s, double x) {
    x_terms t;
    if (x > 0) {
        t.lg_r = log_gamma(p.r + x) - s.lg_r;
        t.dr = digamma(p.r + x) - s.psi_r;
    }
    const double lg_abx = log_gamma(p.a + p.b + x + 1), psi_abx = digamma(p.a + p.b + x + 1);
    t.a2 = s.lg_ab + log_gamma(p.b + x + 1) - s.lg_b - lg_abx;
    t.a2_da = s.psi_ab - psi_abx;
    t.a2_db = s.psi_ab + digamma(p.b + x + 1) - s.psi_b - psi_abx;
    t.log_b_x = std::log(p.b + x);
    return t;
}

// Log-likelihood of one customer; with `gradient` non-null also d/d(r, alpha, a, b).
double customer_log_likelihood(const mbgnbd_params& p, const shared_terms& s, const x_terms& xt, double x, double t_x,
                               double T, double* gradient) {
    const double log_alpha_T = std::log(p.alpha + T), log_alpha_tx = std::log(p.alpha + t_x);
    const double a3 = -(p.r + x) * log_alpha_T;
    const double a4 = s.log_a - xt.log_b_x - (p.r + x) * log_alpha_tx;
    const double m = std::max(a3, a4);
    const double e3 = std::exp(a3 - m), e4 = std::exp(a4 - m);
    const double w3 = e3 / (e3 + e4), w4 = e4 / (e3 + e4);
    if (gradient) {
        gradient[0] = xt.dr + s.log_alpha - w3 * log_alpha_T - w4 * log_alpha_tx;
        gradient[1] = p.r / p.alpha - (p.r + x) * (w3 / (p.alpha + T) + w4 / (p.alpha + t_x));
        gradient[2] = xt.a2_da + w4 / p.a;
        gradient[3] = xt.a2_db - w4 / (p.b + x);
    }
    return xt.lg_r + p.r * s.log_alpha + xt.a2 + m + std::log(e3 + e4);
}

// Objective of the fit: minus the mean log-likelihood of theta = ln(r, alpha, a, b) on the normalized clock,
// over the distinct (x, t_x, T) with their counts.
double negative_mean_log_likelihood(const customer_patterns& d, std::vector<x_terms>& xt,
                                    std::span<const double> theta, std::span<double> gradient) {
    const mbgnbd_params p{std::exp(theta[0]), std::exp(theta[1]), std::exp(theta[2]), std::exp(theta[3])};
    const shared_terms s = make_shared_terms(p);
    xt.resize(d.table.distinct_x.size());
    for (std::size_t k = 0; k < xt.size(); ++k) xt[k] = make_x_terms(p, s, d.table.distinct_x[k]);
    neumaier_sum ll, g[4];
    double gi[4];
    for (const pattern& row : d.table.rows) {
        ll.add(row.count * customer_log_likelihood(p, s, xt[row.x_index], row.x, row.t_x, row.T, gi));
        for (int k = 0; k < 4; ++k) g[k].add(row.count * gi[k]);
    }
    const double params[4] = {p.r, p.alpha, p.a, p.b};
    for (int k = 0; k < 4; ++k) gradient[k] = -g[k].value() * params[k] / d.table.customers;
    const double f = -ll.value() / d.table.customers;
    return std::isfinite(f) ? f : std::numeric_limits<double>::infinity();
}

// P(alive at T) = e^A3 / (e^A3 + e^A4) = 1 / (1 + a/(b+x) ((alpha+T)/(alpha+t_x))^(r+x)).
double alive_probability(double x, double t_x, double T, const mbgnbd_params& p) {
    const double log_odds = std::log(p.a) - std::log(p.b + x) + (p.r + x) * std::log1p((T - t_x) / (p.alpha + t_x));
    if (log_odds > 0) {
        const double e = std::exp(-log_odds);
        return e / (1 + e);
    }
    return 1 / (1 + std::exp(log_odds));
}

}  // namespace

double mbgnbd_log_likelihood_gradient(const mbgnbd_params& params, double x, double t_x, double T, double gradient[4]) {
    validate(params);
    validate_customer(x, t_x, T);
    const double t = x > 0 ? t_x : 0.0;
    const shared_terms s = make_shared_terms(params);
    return finite_or_throw(customer_log_likelihood(params, s, make_x_terms(params, s, x), x, t, T, gradient),
                           "MBG/NBD log-likelihood");
}

}  // namespace detail

void validate(const mbgnbd_params& p) {
    require(std::isfinite(p.r) && std::isfinite(p.alpha) && std::isfinite(p.a) && std::isfinite(p.b),
            "MBG/NBD: parameters must be finite numbers");
    require(p.r > 0 && p.alpha > 0 && p.a > 0 && p.b > 0, "MBG/NBD: r, alpha, a, b must be > 0");
}

double mbgnbd_log_likelihood(const mbgnbd_params& params, double x, double t_x, double T) {
    double unused[4];
    return detail::mbgnbd_log_likelihood_gradient(params, x, t_x, T, unused);
}

double mbgnbd_log_likelihood(const mbgnbd_params& params, std::span<const double> x, std::span<const double> t_x,
                             std::span<const double> T) {
    validate(params);
    require(x.size() == t_x.size() && x.size() == T.size(), "MBG/NBD: x, t_x and T ranges differ in size");
    require(!x.empty(), "MBG/NBD: no customer");
    const detail::shared_terms s = detail::make_shared_terms(params);
    double sum = 0;
    for (std::size_t i = 0; i < x.size(); ++i) {
        detail::validate_customer(x[i], t_x[i], T[i]);
        sum += detail::customer_log_likelihood(params, s, detail::make_x_terms(params, s, x[i]), x[i],
                                               x[i] > 0 ? t_x[i] : 0.0, T[i], nullptr);
    }
    return finite_or_throw(sum, "MBG/NBD log-likelihood");
}

// Maximum likelihood over r, alpha, a, b > 0 by BFGS on the log-parameters (detail::fit_maximum_likelihood),
// times divided by the mean T; interior maxima only. With a penalty lambda > 0 the objective is
// -(1/N) sum LL + lambda (r^2 + alpha^2 + a^2 + b^2), alpha in the data's time unit (lifetimes' penalizer_coef).
mbgnbd_fit_result fit_mbgnbd(std::span<const double> x, std::span<const double> t_x, std::span<const double> T,
                             double penalty) {
    detail::validate_penalty(penalty);
    const detail::kept_customers kept =
        detail::keep_customer_summaries(x, t_x, T, "MBG/NBD: x, t_x and T ranges differ in size");
    require(!kept.x.empty(), "MBG/NBD fit: no customer within the model's domain");
    require(std::any_of(kept.x.begin(), kept.x.end(), [](double v) { return v > 0; }),
            "MBG/NBD fit: no customer has a repeat purchase");
    const detail::customer_patterns data = detail::group_customers(kept.x, kept.t_x, kept.T);
    std::vector<detail::x_terms> work;
    detail::fit_problem problem;
    problem.mean_negative_log_likelihood = [&data, &work](std::span<const double> theta, std::span<double> gradient) {
        return detail::negative_mean_log_likelihood(data, work, theta, gradient);
    };
    problem.unit = {1.0, data.scale, 1.0, 1.0};
    const double m = std::max(data.mean_x, 1e-3);
    problem.starts = {{1.0, 1.0 / m, 1.0, 1.0}, {0.25, 0.05 / m, 0.8, 2.5}, {3.0, 3.0 / m, 3.0, 10.0},
                      {0.1, 0.01 / m, 0.3, 0.5}};
    problem.customers = data.table.customers;
    problem.penalty = penalty;
    const detail::fit_solution solution = detail::fit_maximum_likelihood(problem, "MBG/NBD fit");
    mbgnbd_fit_result result;
    detail::fill_model_fit(result, solution, data.table.customers, kept.left_out, penalty);
    result.params = {result.parameters[0], result.parameters[1], result.parameters[2], result.parameters[3]};
    result.log_likelihood = mbgnbd_log_likelihood(result.params, kept.x, kept.t_x, kept.T);
    return result;
}

double mbgnbd_probability_alive(double x, double t_x, double T, const mbgnbd_params& params) {
    validate(params);
    detail::validate_customer(x, t_x, T);
    return finite_or_throw(detail::alive_probability(x, x > 0 ? t_x : 0.0, T, params), "P(alive)");
}

// Given alive at T, the customer has survived x+1 purchases, so p ~ Beta(a, b+x+1), lambda ~ Gamma(r+x,
// alpha+T): from there on the future is BG/NBD's with b+1 in place of b (Batislam et al. 2007):
//   E = (a+b+x)/(a-1) [1 - ((alpha+T)/(alpha+T+t))^(r+x) 2F1(r+x, b+x+1; a+b+x; t/(alpha+T+t))] P(alive),
// BG/NBD's eq. 10 at b+1, computed by BG/NBD's own closed form (or its integral form where that fails).
double mbgnbd_expected_purchases(double t, double x, double t_x, double T, const mbgnbd_params& params) {
    validate(params);
    detail::validate_customer(x, t_x, T);
    require(std::isfinite(t) && t >= 0, "MBG/NBD: t must be >= 0");
    const double alive = detail::alive_probability(x, x > 0 ? t_x : 0.0, T, params);
    const bgnbd_params shifted{params.r, params.alpha, params.a, params.b + 1};
    return finite_or_throw(detail::conditional_expected_purchases(t, x, T, shifted, alive), "expected purchases");
}

}  // namespace crm
