// BG/NBD model (spec "Loyalty" > "BG/NBD"): likelihood with analytic gradient, ML fit, P(alive), expectations.
#include "crm/bgnbd.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <vector>

#include <boost/math/quadrature/tanh_sinh.hpp>

#include "crm/detail/model_fitting.hpp"
#include "crm/detail/quasi_newton.hpp"
#include "crm/error.hpp"
#include "special_functions.hpp"

namespace crm {

namespace detail {
namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

// One customer's summary, as the model reads it: x repeat purchases (a whole number),
// the last one at t_x, the customer observed from the first purchase until T (0 <= t_x <= T, T > 0).
void validate_customer(double x, double t_x, double T) {
    require(std::isfinite(x) && std::isfinite(t_x) && std::isfinite(T), "BG/NBD: x, t_x and T must be finite numbers");
    require(x >= 0 && x == std::floor(x), "BG/NBD: x must be a whole number >= 0");
    require(T > 0, "BG/NBD: T must be > 0");
    require(t_x >= 0 && t_x <= T, "BG/NBD: t_x must be in [0, T]");
}

void validate_sizes(std::span<const double> x, std::span<const double> t_x, std::span<const double> T) {
    require(x.size() == t_x.size() && x.size() == T.size(), "BG/NBD: x, t_x and T ranges differ in size");
    require(!x.empty(), "BG/NBD: no customer");
}

// The parts of the log-likelihood (FHL 2005 eq. 6, in the log form of their Excel note) that
// depend on the parameters and on x only, with their derivatives; shared by every customer with that x.
//   A1 = lnG(r+x) - lnG(r) + r ln(alpha)
//   A2 = lnG(a+b) + lnG(b+x) - lnG(b) - lnG(a+b+x)
//   A3 = -(r+x) ln(alpha+T)
//   A4 = ln(a) - ln(b+x-1) - (r+x) ln(alpha+t_x)      (only when x > 0)
//   LL = A1 + A2 + ln(exp(A3) + [x > 0] exp(A4))
struct x_terms {
    double lg_r = 0, dr = 0;            // lnG(r+x) - lnG(r) and its r-derivative
    double a2 = 0, a2_da = 0, a2_db = 0;  // A2 and its a-, b-derivatives
    double log_b_x_1 = 0;               // ln(b+x-1), x > 0
};

struct shared_terms {
    double lg_r, psi_r, lg_ab, psi_ab, lg_b, psi_b, log_alpha, log_a;
};

shared_terms make_shared_terms(const bgnbd_params& p) {
    return {log_gamma(p.r), digamma(p.r), log_gamma(p.a + p.b), digamma(p.a + p.b),
            log_gamma(p.b), digamma(p.b), std::log(p.alpha), std::log(p.a)};
}

x_terms make_x_terms(const bgnbd_params& p, const shared_terms& s, double x) {
    x_terms t;
    if (x == 0) return t;
    t.lg_r = log_gamma(p.r + x) - s.lg_r;
    t.dr = digamma(p.r + x) - s.psi_r;
    const double lg_abx = log_gamma(p.a + p.b + x), psi_abx = digamma(p.a + p.b + x);
    t.a2 = s.lg_ab + log_gamma(p.b + x) - s.lg_b - lg_abx;
    t.a2_da = s.psi_ab - psi_abx;
    t.a2_db = s.psi_ab + digamma(p.b + x) - s.psi_b - psi_abx;
    t.log_b_x_1 = std::log(p.b + x - 1);
    return t;
}

// Log-likelihood of one customer; with `gradient` non-null also d/d(r, alpha, a, b).
double customer_log_likelihood(const bgnbd_params& p, const shared_terms& s, const x_terms& xt, double x,
                               double t_x, double T, double* gradient) {
    const double log_alpha_T = std::log(p.alpha + T);
    const double a3 = -(p.r + x) * log_alpha_T;
    double tail = a3;
    double w3 = 1.0, w4 = 0.0, log_alpha_tx = 0.0;
    if (x > 0) {
        log_alpha_tx = std::log(p.alpha + t_x);
        const double a4 = s.log_a - xt.log_b_x_1 - (p.r + x) * log_alpha_tx;
        const double m = std::max(a3, a4);
        const double e3 = std::exp(a3 - m), e4 = std::exp(a4 - m);
        tail = m + std::log(e3 + e4);
        w3 = e3 / (e3 + e4);
        w4 = e4 / (e3 + e4);
    }
    if (gradient) {
        gradient[0] = xt.dr + s.log_alpha - w3 * log_alpha_T - w4 * log_alpha_tx;
        gradient[1] = p.r / p.alpha - w3 * (p.r + x) / (p.alpha + T) - (x > 0 ? w4 * (p.r + x) / (p.alpha + t_x) : 0.0);
        gradient[2] = xt.a2_da + (x > 0 ? w4 / p.a : 0.0);
        gradient[3] = xt.a2_db - (x > 0 ? w4 / (p.b + x - 1) : 0.0);
    }
    return xt.lg_r + p.r * s.log_alpha + xt.a2 + tail;
}

// Objective of the fit: minus the mean log-likelihood as a function of theta = ln(r, alpha, a, b) on the
// normalized clock (the data grouped into distinct (x, t_x, T), x-dependent terms computed once per distinct
// x); its gradient is minus the mean of d LL / d theta_k = param_k * d LL / d param_k.
double negative_mean_log_likelihood(const customer_patterns& d, std::span<const double> theta,
                                    std::span<double> gradient) {
    const bgnbd_params p{std::exp(theta[0]), std::exp(theta[1]), std::exp(theta[2]), std::exp(theta[3])};
    const shared_terms s = make_shared_terms(p);
    std::vector<x_terms> xt(d.table.distinct_x.size());
    for (std::size_t k = 0; k < xt.size(); ++k) xt[k] = make_x_terms(p, s, d.table.distinct_x[k]);
    // Compensated (Neumaier) sums: over a million customers a plain sum's rounding noise would hide the
    // last decreases of f from the line search, and the fit would stall short of its gradient tolerance.
    neumaier_sum ll;
    neumaier_sum g[4];
    double gi[4];
    for (const auto& row : d.table.rows) {
        ll.add(row.count * customer_log_likelihood(p, s, xt[row.x_index], row.x, row.t_x, row.T, gi));
        for (int k = 0; k < 4; ++k) g[k].add(row.count * gi[k]);
    }
    const double params[4] = {p.r, p.alpha, p.a, p.b};
    for (int k = 0; k < 4; ++k) gradient[k] = -g[k].value() * params[k] / d.table.customers;
    const double f = -ll.value() / d.table.customers;
    return std::isfinite(f) ? f : std::numeric_limits<double>::infinity();
}

// The integral form of eq. 10 without the P(alive) factor: I = E[(1 - (1 + p u)^-(r+x)) / p] with
// p ~ Beta(a, b+x) and u = t/(alpha+T) (given alive, the purchase rate integrated out analytically).
// The integrand behaves like p^(a-1) near 0; tanh-sinh quadrature copes with that end point.
double expectation_integral(double t, double x, double T, const bgnbd_params& p) {
    const double A = p.r + x, B = p.b + x;
    const double u = t / (p.alpha + T);
    const double log_norm = log_beta(p.a, B);
    auto integrand = [&](double q) {
        if (!(q > 0) || !(q < 1)) return 0.0;
        const double h = -std::expm1(-A * std::log1p(q * u));
        if (!(h > 0)) return 0.0;
        const double v = std::exp((p.a - 2) * std::log(q) + std::log(h) + (B - 1) * std::log1p(-q) - log_norm);
        return std::isfinite(v) ? v : 0.0;
    };
    try {
        boost::math::quadrature::tanh_sinh<double> integrator;
        return integrator.integrate(integrand, 0.0, 1.0, 1e-12);
    } catch (const std::exception&) {
        throw no_convergence("BG/NBD: expected purchases integral did not converge");
    }
}

// E[Y(t) | x, t_x, T] given P(alive) (FHL 2005 eq. 10):
//   (a+b+x-1)/(a-1) * [1 - ((alpha+T)/(alpha+T+t))^(r+x) 2F1(r+x, b+x; a+b+x-1; t/(alpha+T+t))] * P(alive).
// For T = 0, x = 0 it is the new customer's E[X(t)] (eq. 7). The 2F1 series has positive terms and
// is summed in log scale, so huge x cannot overflow; where it would be too long (z near 1 with large x),
// where a+b+x-1 <= 0, or near a = 1 (a removable 0/0), the integral form is used instead.
double conditional_expectation(double t, double x, double T, const bgnbd_params& p, double alive) {
    if (t == 0) return 0.0;
    const double A = p.r + x, B = p.b + x, C = p.a + p.b + x - 1;
    const double u = t / (p.alpha + T);
    const double z = t / (p.alpha + T + t);
    if (C > 0 && std::abs(p.a - 1) > 1e-6) {
        const double log_f = log_hyp2f1_series(A, B, C, z);
        if (std::isfinite(log_f)) {
            const double log_g = -A * std::log1p(u) + log_f;  // ln[(1-z)^A 2F1(...)]
            const double value = C / (p.a - 1) * -std::expm1(log_g) * alive;
            if (std::isfinite(value)) return std::max(0.0, value);
        }
    }
    return std::max(0.0, expectation_integral(t, x, T, p) * alive);
}

double alive_probability(double x, double t_x, double T, const bgnbd_params& p) {
    // FHL 2005 eq. 13: P(alive) = 1 / (1 + [x > 0] a/(b+x-1) ((alpha+T)/(alpha+t_x))^(r+x)).
    if (x == 0) return 1.0;
    const double log_odds = std::log(p.a) - std::log(p.b + x - 1) + (p.r + x) * std::log1p((T - t_x) / (p.alpha + t_x));
    if (log_odds > 0) {
        const double e = std::exp(-log_odds);
        return e / (1 + e);
    }
    return 1 / (1 + std::exp(log_odds));
}

}  // namespace

double log_hyp2f1_series(double a, double b, double c, double z, long max_terms) {
    if (!(a > 0 && b > 0 && c > 0 && z >= 0 && z < 1)) return nan;
    if (z == 0) return 0.0;
    constexpr double rescale = 1e-280;
    const double log_rescale = 280 * std::log(10.0);
    double sum = 1, term = 1, log_scale = 0;
    for (long k = 0; k < max_terms; ++k) {
        const double kd = static_cast<double>(k);
        const double ratio = (a + kd) * (b + kd) / ((c + kd) * (kd + 1)) * z;
        term *= ratio;
        sum += term;
        if (sum > 1e280) {
            sum *= rescale;
            term *= rescale;
            log_scale += log_rescale;
        }
        // The ratios tend to z; past the peak the rest of the series is at most term * m / (1 - m).
        const double m = std::max(ratio, z);
        if (m < 1 && term * m / (1 - m) <= 1e-17 * sum) return log_scale + std::log(sum);
    }
    return nan;
}

double bgnbd_log_likelihood_gradient(const bgnbd_params& params, double x, double t_x, double T, double gradient[4]) {
    validate(params);
    validate_customer(x, t_x, T);
    const shared_terms s = make_shared_terms(params);
    return finite_or_throw(
        customer_log_likelihood(params, s, make_x_terms(params, s, x), x, t_x, T, gradient), "BG/NBD log-likelihood");
}

double conditional_expected_purchases(double t, double x, double T, const bgnbd_params& params, double alive) {
    return conditional_expectation(t, x, T, params, alive);
}

double expected_purchases_by_integration(double t, double x, double t_x, double T, const bgnbd_params& params) {
    validate(params);
    validate_customer(x, t_x, T);
    require(std::isfinite(t) && t >= 0, "BG/NBD: t must be >= 0");
    if (t == 0) return 0.0;
    return finite_or_throw(expectation_integral(t, x, T, params) * alive_probability(x, t_x, T, params),
                           "expected purchases");
}

}  // namespace detail

void validate(const bgnbd_params& p) {
    require(std::isfinite(p.r) && std::isfinite(p.alpha) && std::isfinite(p.a) && std::isfinite(p.b),
            "BG/NBD: parameters must be finite numbers");
    require(p.r > 0 && p.alpha > 0 && p.a > 0 && p.b > 0, "BG/NBD: r, alpha, a, b must be > 0");
}

double bgnbd_log_likelihood(const bgnbd_params& params, double x, double t_x, double T) {
    double unused[4];
    return detail::bgnbd_log_likelihood_gradient(params, x, t_x, T, unused);
}

double bgnbd_log_likelihood(const bgnbd_params& params, std::span<const double> x, std::span<const double> t_x,
                            std::span<const double> T) {
    validate(params);
    detail::validate_sizes(x, t_x, T);
    const detail::shared_terms s = detail::make_shared_terms(params);
    double sum = 0;
    for (std::size_t i = 0; i < x.size(); ++i) {
        detail::validate_customer(x[i], t_x[i], T[i]);
        sum += detail::customer_log_likelihood(params, s, detail::make_x_terms(params, s, x[i]), x[i], t_x[i], T[i],
                                               nullptr);
    }
    return finite_or_throw(sum, "BG/NBD log-likelihood");
}

// Spec "BG/NBD", CRM_BGNBD_FIT: maximum likelihood over r, alpha, a, b > 0, found by BFGS on the
// log-parameters (detail::fit_maximum_likelihood). A maximum is accepted only where the gradient vanishes and
// the parameters are interior (not drifting to 0 or infinity, which is how a sample without an interior
// maximum shows). With a penalty lambda > 0 the objective is -(1/N) sum LL + lambda (r^2 + alpha^2 + a^2 + b^2),
// the penalizer_coef of the lifetimes library: it keeps r, alpha and b finite where the likelihood alone
// would send them to infinity (it does not stop a -> 0). Customers outside the domain are left out.
bgnbd_fit_result fit_bgnbd(std::span<const double> x, std::span<const double> t_x, std::span<const double> T,
                           double penalty) {
    detail::validate_sizes(x, t_x, T);
    detail::validate_penalty(penalty);
    const detail::kept_customers kept =
        detail::keep_customer_summaries(x, t_x, T, "BG/NBD: x, t_x and T ranges differ in size");
    require(!kept.x.empty(), "BG/NBD fit: no customer within the model's domain");
    require(std::any_of(kept.x.begin(), kept.x.end(), [](double v) { return v > 0; }),
            "BG/NBD fit: no customer has a repeat purchase");
    const detail::customer_patterns data = detail::group_customers(kept.x, kept.t_x, kept.T);
    detail::fit_problem problem;
    problem.mean_negative_log_likelihood = [&data](std::span<const double> theta, std::span<double> gradient) {
        return detail::negative_mean_log_likelihood(data, theta, gradient);
    };
    problem.unit = {1.0, data.scale, 1.0, 1.0};
    // Starts: a purchase rate matching the mean repeat count (alpha = r / mean x on the
    // normalized clock), then a few spread-out alternatives tried only if the first fails.
    const double m = std::max(data.mean_x, 1e-3);
    problem.starts = {{1.0, 1.0 / m, 1.0, 1.0}, {0.25, 0.05 / m, 0.8, 2.5}, {3.0, 3.0 / m, 3.0, 10.0},
                      {0.1, 0.01 / m, 0.3, 0.5}};
    problem.customers = data.table.customers;
    problem.penalty = penalty;
    const detail::fit_solution solution = detail::fit_maximum_likelihood(problem, "BG/NBD fit");
    bgnbd_fit_result result;
    detail::fill_model_fit(result, solution, data.table.customers, kept.left_out, penalty);
    result.params = {result.parameters[0], result.parameters[1], result.parameters[2], result.parameters[3]};
    result.log_likelihood = bgnbd_log_likelihood(result.params, kept.x, kept.t_x, kept.T);
    return result;
}

double probability_alive(double x, double t_x, double T, const bgnbd_params& params) {
    validate(params);
    detail::validate_customer(x, t_x, T);
    return finite_or_throw(detail::alive_probability(x, t_x, T, params), "P(alive)");
}

double expected_purchases(double t, double x, double t_x, double T, const bgnbd_params& params) {
    validate(params);
    detail::validate_customer(x, t_x, T);
    require(std::isfinite(t) && t >= 0, "BG/NBD: t must be >= 0");
    const double alive = detail::alive_probability(x, t_x, T, params);
    // The limit of no dropout (a penalised fit on a log where nobody drops out: a, b -> 0 with a/(a+b) -> 0,
    // model_fit::at_limit): the dropout probability's Beta(a, b + x) puts all but a/(a+b+x) of its mass at 0,
    // where the closed form's 2F1 with c = a + b + x - 1 loses every digit; the customer is then the NBD's,
    // E = P(alive) t (r + x) / (alpha + T), exact to that mass (below 1e-12).
    if (params.a / (params.a + params.b + x) < 1e-12)
        return finite_or_throw(alive * t * (params.r + x) / (params.alpha + T), "expected purchases");
    return finite_or_throw(detail::conditional_expectation(t, x, T, params, alive), "expected purchases");
}

double expected_purchases_new_customer(double t, const bgnbd_params& params) {
    validate(params);
    require(std::isfinite(t) && t >= 0, "BG/NBD: t must be >= 0");
    return finite_or_throw(detail::conditional_expectation(t, 0.0, 0.0, params, 1.0), "expected purchases");
}

// FHL 2005 eq. 8: P(X(t) = n) = B(a, b+n)/B(a, b) * NBD(n; r, alpha/(alpha+t))
//   + [n > 0] B(a+1, b+n-1)/B(a, b) * P(NBD(r, alpha/(alpha+t)) >= n),
// the tail written as the regularized incomplete beta I_{t/(alpha+t)}(n, r) (no cancellation).
double probability_of_purchases(double t, double n, const bgnbd_params& params) {
    validate(params);
    require(std::isfinite(t) && t >= 0, "BG/NBD: t must be >= 0");
    require(std::isfinite(n) && n >= 0 && n == std::floor(n), "BG/NBD: n must be a whole number >= 0");
    if (t == 0) return n == 0 ? 1.0 : 0.0;
    const auto& p = params;
    const double lb_ab = detail::log_beta(p.a, p.b);
    double log_first = detail::log_beta(p.a, p.b + n) - lb_ab - p.r * std::log1p(t / p.alpha);
    if (n > 0)
        log_first += detail::log_gamma(p.r + n) - detail::log_gamma(p.r) - detail::log_gamma(n + 1) -
                     n * std::log1p(p.alpha / t);
    double value = std::exp(log_first);
    if (n > 0)
        value += std::exp(detail::log_beta(p.a + 1, p.b + n - 1) - lb_ab) *
                 detail::incomplete_beta(n, p.r, t / (p.alpha + t));
    return finite_or_throw(std::clamp(value, 0.0, 1.0), "P(X(t) = n)");
}

}  // namespace crm
