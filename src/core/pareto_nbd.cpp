// Pareto/NBD model (spec "Pareto/NBD"): likelihood with analytic gradient, ML fit, P(alive) and expected purchases.
#include "crm/pareto_nbd.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <utility>
#include <vector>

#include <boost/math/quadrature/gauss.hpp>

#include "crm/detail/model_fitting.hpp"
#include "crm/error.hpp"
#include "special_functions.hpp"

namespace crm {

namespace detail {
namespace {

constexpr double infinity = std::numeric_limits<double>::infinity();

// One customer's summary, as the model reads it: x repeat purchases (a whole number), the last one at t_x,
// the customer observed from the first purchase until T (0 <= t_x <= T, T > 0).
void validate_customer(double x, double t_x, double T) {
    require(std::isfinite(x) && std::isfinite(t_x) && std::isfinite(T),
            "Pareto/NBD: x, t_x and T must be finite numbers");
    require(x >= 0 && x == std::floor(x), "Pareto/NBD: x must be a whole number >= 0");
    require(T > 0, "Pareto/NBD: T must be > 0");
    require(t_x >= 0 && t_x <= T, "Pareto/NBD: t_x must be in [0, T]");
}

// The model (Schmittlein, Morrison & Colombo 1987): while alive a customer buys at Poisson rate lambda and
// dies at exponential rate mu; lambda ~ Gamma(r, alpha), mu ~ Gamma(s, beta), independent. Given x purchases
// with the last at t_x, either the customer is alive at T or died at some u in (t_x, T]. Integrating
// lambda and mu out (Fader & Hardie 2005, "A note on deriving the Pareto/NBD model", section 3):
//   L = G(r+x)/G(r) alpha^r beta^s [ (alpha+T)^-(r+x) (beta+T)^-s + s D ],
//   D = int_{t_x}^T (alpha+u)^-(r+x) (beta+u)^-(s+1) du
// (their s/(r+s+x) A_0 is s D). D = I(t_x) - I(T) with the tail I(tau) = int_tau^inf of the same integrand,
// which the note writes with 2F1(r+s+x, s+1; r+s+x+1; (alpha-beta)/(alpha+tau)) when alpha >= beta and
// 2F1(r+s+x, r+x; r+s+x+1; (beta-alpha)/(beta+tau)) otherwise: the smaller of alpha, beta in the role that
// keeps the argument z in [0, 1). Euler's transformation 2F1(a, b; c; z) = (1-z)^(c-a-b) 2F1(c-a, c-b; c; z)
// turns both into G = 2F1(1, b'; a+1; z), a = r+s+x, b' = r+x (alpha >= beta) or s+1 (alpha < beta):
//   alpha >= beta: I(tau) = (alpha+tau)^-(r+x) (beta+tau)^-s G / a,       z = (alpha-beta)/(alpha+tau)
//   alpha <  beta: I(tau) = (alpha+tau)^(1-r-x) (beta+tau)^-(s+1) G / a,  z = (beta-alpha)/(beta+tau)
// G's terms decrease from the first (ratio (b'+k)/(a+1+k) z < z) and add up to less than 1/(1-z) however
// large x is, so nothing overflows where the untransformed terms (and (alpha+tau)^(r+s+x)) would; the powers
// are kept in logs. Near z = 1 the series is slow, and D is integrated numerically instead.

// ln G and its derivatives with respect to b, c and z, G = 2F1(1, b; c; z) = sum_k prod_{j<k} (b+j)/(c+j) z^k
// for 0 <= z < 1 and 0 < b < c - 1; false when more than max_terms terms would be needed.
// When to stop: the ratios z (b+j)/(c+j) stay below z, and below (b+j)/(c+j), whose products sum in closed
// form (sum_{j>=k} G(b+j)/G(c+j) = G(b+k) / ((c-b-1) G(c+k-1))); so from term t_k on, the rest of the series
// is at most t_k min(1/(1-z), (c+k-1)/(c-b-1)). The derivative sums carry factors up to k+1 more, and their
// polynomial bound needs one order more of decay; the test below bounds all of them with room to spare.
struct hyp2f1_one_result {
    double log_value, d_b, d_c, d_z;
};

bool hyp2f1_one(double b, double c, double z, hyp2f1_one_result& out, int max_terms = 400) {
    double term = 1, sum = 1, sum_b = 0, sum_c = 0, sum_z = 0, h_b = 0, h_c = 0;
    const double excess = c - b - 1;  // > 0
    const double geometric = 1 / ((1 - z) * (1 - z));
    const double inverse_excess2 = excess > 1 ? 1 / (excess * (excess - 1)) : std::numeric_limits<double>::infinity();
    for (int k = 0; k < max_terms; ++k) {
        const double bk = b + k, ck = c + k, inverse = 1.0 / (bk * ck);  // one division for 1/bk and 1/ck
        const double ratio = bk * bk * inverse;
        sum_z += (k + 1) * term * ratio;  // d/dz of term_{k+1} = (k+1) term_{k+1} / z
        h_b += ck * inverse;              // d/db ln term_{k+1} = sum_{j<=k} 1/(b+j)
        h_c += bk * inverse;              // d/dc ln term_{k+1} = -sum_{j<=k} 1/(c+j)
        term *= ratio * z;
        sum += term;
        sum_b += term * h_b;
        sum_c -= term * h_c;
        if (term * (k + 2) * std::min(geometric, (c + k) * (c + k) * inverse_excess2) <= 1e-17 * sum) {
            out = {std::log(sum), sum_b / sum, sum_c / sum, sum_z / sum};
            return true;
        }
    }
    return false;
}

// ln I(tau) and its gradient with respect to (r, alpha, s, beta) for a customer with x purchases; false where
// the series would be too long.
bool log_tail(const pareto_nbd_params& p, double x, double tau, double& log_i, double gradient[4]) {
    const double rx = p.r + x, a = rx + p.s;
    const double at = p.alpha + tau, bt = p.beta + tau;
    const double log_at = std::log(at), log_bt = std::log(bt), log_a = std::log(a);
    hyp2f1_one_result g;
    if (p.alpha >= p.beta) {
        if (!hyp2f1_one(rx, a + 1, (p.alpha - p.beta) / at, g)) return false;  // dz/dalpha = bt/at^2, dz/dbeta = -1/at
        log_i = -rx * log_at - p.s * log_bt + g.log_value - log_a;
        gradient[0] = -log_at + g.d_b + g.d_c - 1 / a;
        gradient[1] = -rx / at + g.d_z * bt / (at * at);
        gradient[2] = -log_bt + g.d_c - 1 / a;
        gradient[3] = -p.s / bt - g.d_z / at;
    } else {
        if (!hyp2f1_one(p.s + 1, a + 1, (p.beta - p.alpha) / bt, g)) return false;  // dz/dalpha = -1/bt, dz/dbeta = at/bt^2
        log_i = (1 - rx) * log_at - (p.s + 1) * log_bt + g.log_value - log_a;
        gradient[0] = -log_at + g.d_c - 1 / a;
        gradient[1] = (1 - rx) / at - g.d_z / bt;
        gradient[2] = -log_bt + g.d_b + g.d_c - 1 / a;
        gradient[3] = -(p.s + 1) / bt + g.d_z * at / (bt * bt);
    }
    return std::isfinite(log_i);
}

// ln D = ln(I(t) - I(T)) and its gradient from the two tails; -inf when D vanishes (t = T, or T so close to t
// that I(T)/I(t) rounds to 1: then s D is within L's rounding and drops out of it).
void death_from_tails(double log_it, const double g_it[4], double log_iT, const double g_iT[4], double& log_d,
                      double gradient[4]) {
    const double rho = std::exp(log_iT - log_it);
    if (!(rho < 1)) {
        log_d = -infinity;
        return;
    }
    log_d = log_it + std::log1p(-rho);
    for (int k = 0; k < 4; ++k) gradient[k] = (g_it[k] - rho * g_iT[k]) / (1 - rho);
}

// ln D and its gradient by composite Gauss-Legendre quadrature (20 points a panel) in v = ln(m+u) (counted
// from u = t), m = min(alpha, beta): there the factor with the smaller shift is a plain exponential and the
// other, (M-m + e^v)^-p, is analytic within pi of the real axis, so each panel (at most 1 wide, and narrow enough that
// the log-integrand changes by at most 8 across it) is integrated to rounding. Panels are taken from t up; the
// integrand decreases in u, so once its value times the length left is below 1e-17 of the sum, the rest is
// dropped. The gradient of ln D is the integrand-weighted mean of the derivatives of ln(integrand).
bool log_death_by_quadrature(const pareto_nbd_params& p, double x, double t, double T, double& log_d,
                             double gradient[4]) {
    using rule = boost::math::quadrature::gauss<double, 20>;
    const double rx = p.r + x, s1 = p.s + 1;
    const bool alpha_smaller = p.alpha < p.beta;
    const double m = alpha_smaller ? p.alpha : p.beta, gap = std::abs(p.alpha - p.beta);
    const double exponent_m = alpha_smaller ? rx : s1, exponent_gap = alpha_smaller ? s1 : rx;  // of (m+u), (M+u)
    // v is counted from t: m+u = (m+t) e^v, v in [0, ln(1 + (T-t)/(m+t))] (log1p keeps a short range exact).
    const double mt = m + t, log_mt = std::log(mt), end = std::log1p((T - t) / mt);
    const double gap_ratio = gap / mt;  // (M-m)/(m+t)
    // ln(integrand in v) = ln(m+t) + (1 - p_m)(ln(m+t) + v) - p_M ln(M+u): its slope
    // 1 - p_m - p_M (m+u)/(M+u) moves monotonically with v, so it is steepest at one end.
    const auto slope = [&](double v) { return 1 - exponent_m - exponent_gap / (1 + gap_ratio * std::exp(-v)); };
    const double steepest = std::max(std::abs(slope(0)), std::abs(slope(end)));
    const double width = std::min(1.0, 8.0 / std::max(steepest, 1e-300));
    const double panels = std::ceil(end / width);
    if (!(panels >= 1) || panels > 1e5) return false;
    const double step = end / panels;
    double scale = -infinity, sums[5] = {0, 0, 0, 0, 0};
    const auto add = [&](double v, double w) {
        const double log_m_u = log_mt + v, log_big_u = log_m_u + std::log1p(gap_ratio * std::exp(-v));
        const double log_alpha_u = alpha_smaller ? log_m_u : log_big_u, log_beta_u = alpha_smaller ? log_big_u : log_m_u;
        const double log_f = log_m_u - rx * log_alpha_u - s1 * log_beta_u;  // du = (m+u) dv
        if (log_f > scale) {
            const double shrink = scale == -infinity ? 0.0 : std::exp(scale - log_f);
            for (double& e : sums) e *= shrink;
            scale = log_f;
        }
        const double f = w * std::exp(log_f - scale);
        sums[0] += f;
        sums[1] -= f * log_alpha_u;
        sums[2] -= f * rx * std::exp(-log_alpha_u);
        sums[3] -= f * log_beta_u;
        sums[4] -= f * s1 * std::exp(-log_beta_u);
    };
    const auto& nodes = rule::abscissa();
    const auto& weights = rule::weights();
    for (double k = 0; k < panels; ++k) {
        const double a = k * step, b = k + 1 == panels ? end : a + step;
        const double half = 0.5 * (b - a), mid = 0.5 * (a + b);
        for (std::size_t i = 0; i < nodes.size(); ++i) {
            add(mid - half * nodes[i], half * weights[i]);
            add(mid + half * nodes[i], half * weights[i]);
        }
        // What is left is below integrand(u_b) (T - u_b), u_b - t = (m+t) (e^b - 1).
        const double left = (T - t) - mt * std::expm1(b);
        if (k + 1 < panels && left > 0) {
            const double u_b = t + mt * std::expm1(b);
            const double log_bound = -rx * std::log(p.alpha + u_b) - s1 * std::log(p.beta + u_b) + std::log(left);
            if (log_bound < scale + std::log(sums[0]) - 39.0) break;  // e^-39 ~ 1e-17
        }
    }
    if (!(sums[0] > 0)) return false;
    log_d = scale + std::log(sums[0]);
    for (int k = 0; k < 4; ++k) gradient[k] = sums[k + 1] / sums[0];
    return std::isfinite(log_d) && std::all_of(gradient, gradient + 4, [](double g) { return std::isfinite(g); });
}

// ln D and its gradient for one customer (t < T): the series where it converges, else the quadrature.
bool log_death(const pareto_nbd_params& p, double x, double t, double T, double& log_d, double gradient[4]) {
    double log_it, log_iT, g_it[4], g_iT[4];
    if (log_tail(p, x, t, log_it, g_it) && log_tail(p, x, T, log_iT, g_iT)) {
        death_from_tails(log_it, g_it, log_iT, g_iT, log_d, gradient);
        return true;
    }
    return log_death_by_quadrature(p, x, t, T, log_d, gradient);
}

struct shared_terms {
    double lg_r, psi_r, log_alpha, log_beta, log_s;
};

shared_terms make_shared_terms(const pareto_nbd_params& p) {
    return {log_gamma(p.r), digamma(p.r), std::log(p.alpha), std::log(p.beta), std::log(p.s)};
}

// lnG(r+x) - lnG(r) and psi(r+x) - psi(r): the terms of a customer that depend on x alone.
struct x_terms {
    double lg = 0, psi = 0;
};

x_terms make_x_terms(const pareto_nbd_params& p, const shared_terms& s, double x) {
    if (x == 0) return {};
    return {log_gamma(p.r + x) - s.lg_r, digamma(p.r + x) - s.psi_r};
}

// ln L of one customer from ln D (-inf when there is no dropout term) and its gradient; with `gradient`
// non-null also d ln L / d(r, alpha, s, beta):
//   ln L = lnG(r+x) - lnG(r) + r ln alpha + s ln beta + ln(e^A1 + e^A2),
//   A1 = -(r+x) ln(alpha+T) - s ln(beta+T) (alive at T),  A2 = ln s + ln D (died in (t_x, T]).
double customer_log_likelihood(const pareto_nbd_params& p, const shared_terms& s, const x_terms& xt, double x,
                               double T, double log_d, const double g_d[4], double* gradient) {
    const double log_aT = std::log(p.alpha + T), log_bT = std::log(p.beta + T);
    const double a1 = -(p.r + x) * log_aT - p.s * log_bT;
    double tail = a1, w1 = 1, w2 = 0;
    if (log_d > -infinity) {
        const double a2 = s.log_s + log_d;
        const double m = std::max(a1, a2);
        const double e1 = std::exp(a1 - m), e2 = std::exp(a2 - m);
        tail = m + std::log(e1 + e2);
        w1 = e1 / (e1 + e2);
        w2 = e2 / (e1 + e2);
    }
    if (gradient) {
        gradient[0] = xt.psi + s.log_alpha - w1 * log_aT + (w2 > 0 ? w2 * g_d[0] : 0.0);
        gradient[1] = p.r / p.alpha - w1 * (p.r + x) / (p.alpha + T) + (w2 > 0 ? w2 * g_d[1] : 0.0);
        gradient[2] = s.log_beta - w1 * log_bT + (w2 > 0 ? w2 * (1 / p.s + g_d[2]) : 0.0);
        gradient[3] = p.s / p.beta - w1 * p.s / (p.beta + T) + (w2 > 0 ? w2 * g_d[3] : 0.0);
    }
    return xt.lg + p.r * s.log_alpha + p.s * s.log_beta + tail;
}

// ln D of one customer (-inf if t_x = T) and its gradient; t_x plays no role when x = 0 (the last purchase is
// the first, at 0). Throws no_convergence when neither the series nor the quadrature gives D.
struct death_term {
    double log_d = -infinity, gradient[4] = {0, 0, 0, 0};
};

death_term death_of(const pareto_nbd_params& p, double x, double t_x, double T) {
    death_term d;
    const double t = x > 0 ? t_x : 0.0;
    if (t < T && !log_death(p, x, t, T, d.log_d, d.gradient))
        throw no_convergence("Pareto/NBD: the dropout integral did not converge");
    return d;
}

// The fit's data: distinct (x, t_x, T) with their counts on the normalized clock, and the distinct (x, T)
// pairs, whose tails I(T) are computed once an evaluation for all the rows that share them.
struct fit_data {
    customer_patterns patterns;
    std::vector<std::pair<std::size_t, double>> tails;  // (x_index, T), sorted
    std::vector<std::size_t> tail_of_row;
};

fit_data prepare(std::span<const double> x, std::span<const double> t_x, std::span<const double> T) {
    fit_data d;
    d.patterns = group_customers(x, t_x, T);
    const auto& rows = d.patterns.table.rows;
    for (const pattern& row : rows) d.tails.emplace_back(row.x_index, row.T);
    std::sort(d.tails.begin(), d.tails.end());
    d.tails.erase(std::unique(d.tails.begin(), d.tails.end()), d.tails.end());
    for (const pattern& row : rows)
        d.tail_of_row.push_back(static_cast<std::size_t>(
            std::lower_bound(d.tails.begin(), d.tails.end(), std::make_pair(row.x_index, row.T)) - d.tails.begin()));
    return d;
}

// Per-evaluation scratch space of the fit (reused, so an evaluation allocates nothing).
struct workspace {
    std::vector<x_terms> xt;
    std::vector<double> log_tail_T;
    std::vector<std::array<double, 4>> grad_tail_T;
    std::vector<char> tail_T_ok;
};

// Objective of the fit: minus the mean log-likelihood as a function of theta = ln(r, alpha, s, beta) on the
// normalized clock, and its gradient (d/d theta_k = param_k d/d param_k).
double negative_mean_log_likelihood(const fit_data& d, workspace& w, std::span<const double> theta,
                                    std::span<double> gradient) {
    const pareto_nbd_params p{std::exp(theta[0]), std::exp(theta[1]), std::exp(theta[2]), std::exp(theta[3])};
    const shared_terms s = make_shared_terms(p);
    const pattern_table& table = d.patterns.table;
    w.xt.resize(table.distinct_x.size());
    for (std::size_t k = 0; k < w.xt.size(); ++k) w.xt[k] = make_x_terms(p, s, table.distinct_x[k]);
    w.log_tail_T.resize(d.tails.size());
    w.grad_tail_T.resize(d.tails.size());
    w.tail_T_ok.resize(d.tails.size());
    for (std::size_t j = 0; j < d.tails.size(); ++j)
        w.tail_T_ok[j] = log_tail(p, table.distinct_x[d.tails[j].first], d.tails[j].second, w.log_tail_T[j],
                                  w.grad_tail_T[j].data());
    // Compensated sums: over a million customers a plain sum's rounding noise would hide the last decreases
    // of f from the line search.
    neumaier_sum ll, g[4];
    double gi[4], g_d[4] = {0, 0, 0, 0};
    double cached_x = -1, cached_t = -1, log_it = 0, g_it[4] = {0, 0, 0, 0};
    bool it_ok = false;
    for (std::size_t i = 0; i < table.rows.size(); ++i) {
        const pattern& row = table.rows[i];
        double log_d = -infinity;
        if (row.t_x < row.T) {
            if (row.x != cached_x || row.t_x != cached_t) {  // rows sharing (x, t_x) are consecutive
                it_ok = log_tail(p, row.x, row.t_x, log_it, g_it);
                cached_x = row.x;
                cached_t = row.t_x;
            }
            const std::size_t j = d.tail_of_row[i];
            if (it_ok && w.tail_T_ok[j]) {
                death_from_tails(log_it, g_it, w.log_tail_T[j], w.grad_tail_T[j].data(), log_d, g_d);
            } else if (!log_death_by_quadrature(p, row.x, row.t_x, row.T, log_d, g_d)) {
                return infinity;
            }
        }
        ll.add(row.count * customer_log_likelihood(p, s, w.xt[row.x_index], row.x, row.T, log_d, g_d, gi));
        for (int k = 0; k < 4; ++k) g[k].add(row.count * gi[k]);
    }
    const double params[4] = {p.r, p.alpha, p.s, p.beta};
    for (int k = 0; k < 4; ++k) gradient[k] = -g[k].value() * params[k] / table.customers;
    const double f = -ll.value() / table.customers;
    return std::isfinite(f) ? f : infinity;
}

double alive_probability(double x, double t_x, double T, const pareto_nbd_params& p) {
    // P(alive at T) = e^A1 / (e^A1 + e^A2): the alive part of the likelihood over the whole (the note, section 5).
    const death_term d = death_of(p, x, t_x, T);
    if (d.log_d == -infinity) return 1.0;
    const double a1 = -(p.r + x) * std::log(p.alpha + T) - p.s * std::log(p.beta + T);
    const double log_odds = std::log(p.s) + d.log_d - a1;  // ln P(dead) / P(alive)
    if (log_odds > 0) {
        const double e = std::exp(-log_odds);
        return e / (1 + e);
    }
    return 1 / (1 + std::exp(log_odds));
}

}  // namespace

double pareto_nbd_log_likelihood_gradient(const pareto_nbd_params& params, double x, double t_x, double T,
                                          double gradient[4]) {
    validate(params);
    validate_customer(x, t_x, T);
    const shared_terms s = make_shared_terms(params);
    const death_term d = death_of(params, x, t_x, T);
    return finite_or_throw(
        customer_log_likelihood(params, s, make_x_terms(params, s, x), x, T, d.log_d, d.gradient, gradient),
        "Pareto/NBD log-likelihood");
}

double pareto_nbd_log_likelihood_by_quadrature(const pareto_nbd_params& params, double x, double t_x, double T,
                                               double gradient[4]) {
    validate(params);
    validate_customer(x, t_x, T);
    const shared_terms s = make_shared_terms(params);
    const double t = x > 0 ? t_x : 0.0;
    double log_d = -infinity, g_d[4] = {0, 0, 0, 0};
    if (t < T && !log_death_by_quadrature(params, x, t, T, log_d, g_d))
        throw no_convergence("Pareto/NBD: the dropout integral did not converge");
    return finite_or_throw(customer_log_likelihood(params, s, make_x_terms(params, s, x), x, T, log_d, g_d, gradient),
                           "Pareto/NBD log-likelihood");
}

}  // namespace detail

void validate(const pareto_nbd_params& p) {
    require(std::isfinite(p.r) && std::isfinite(p.alpha) && std::isfinite(p.s) && std::isfinite(p.beta),
            "Pareto/NBD: parameters must be finite numbers");
    require(p.r > 0 && p.alpha > 0 && p.s > 0 && p.beta > 0, "Pareto/NBD: r, alpha, s, beta must be > 0");
}

double pareto_nbd_log_likelihood(const pareto_nbd_params& params, double x, double t_x, double T) {
    double unused[4];
    return detail::pareto_nbd_log_likelihood_gradient(params, x, t_x, T, unused);
}

double pareto_nbd_log_likelihood(const pareto_nbd_params& params, std::span<const double> x,
                                 std::span<const double> t_x, std::span<const double> T) {
    validate(params);
    require(x.size() == t_x.size() && x.size() == T.size(), "Pareto/NBD: x, t_x and T ranges differ in size");
    require(!x.empty(), "Pareto/NBD: no customer");
    double sum = 0;
    for (std::size_t i = 0; i < x.size(); ++i) sum += pareto_nbd_log_likelihood(params, x[i], t_x[i], T[i]);
    return finite_or_throw(sum, "Pareto/NBD log-likelihood");
}

// Maximum likelihood over r, alpha, s, beta > 0 by BFGS on the log-parameters (detail::fit_maximum_likelihood),
// times divided by the mean T; interior maxima only. With a penalty lambda > 0 the objective is
// -(1/N) sum LL + lambda (r^2 + alpha^2 + s^2 + beta^2) with alpha, beta in the data's time unit, the
// penalizer_coef of the lifetimes library. Customers outside the domain are left out and counted.
pareto_nbd_fit_result fit_pareto_nbd(std::span<const double> x, std::span<const double> t_x,
                                     std::span<const double> T, double penalty) {
    detail::validate_penalty(penalty);
    const detail::kept_customers kept =
        detail::keep_customer_summaries(x, t_x, T, "Pareto/NBD: x, t_x and T ranges differ in size");
    require(!kept.x.empty(), "Pareto/NBD fit: no customer within the model's domain");
    require(std::any_of(kept.x.begin(), kept.x.end(), [](double v) { return v > 0; }),
            "Pareto/NBD fit: no customer has a repeat purchase");
    const detail::fit_data data = detail::prepare(kept.x, kept.t_x, kept.T);
    detail::workspace work;
    detail::fit_problem problem;
    problem.mean_negative_log_likelihood = [&data, &work](std::span<const double> theta, std::span<double> gradient) {
        return detail::negative_mean_log_likelihood(data, work, theta, gradient);
    };
    problem.unit = {1.0, data.patterns.scale, 1.0, data.patterns.scale};
    // Starts on the normalized clock (mean T = 1): a purchase rate r / alpha matching the mean repeat count and
    // a dropout rate s / beta of one per mean T, then spread-out alternatives tried only if the first fails.
    const double m = std::max(data.patterns.mean_x, 1e-3);
    problem.starts = {{1.0, 1.0 / m, 1.0, 1.0}, {0.5, 0.5 / m, 0.5, 2.0}, {0.25, 0.05 / m, 0.8, 0.1},
                      {3.0, 3.0 / m, 3.0, 10.0}, {0.1, 0.01 / m, 0.3, 0.3}};
    problem.customers = data.patterns.table.customers;
    problem.penalty = penalty;
    const detail::fit_solution solution = detail::fit_maximum_likelihood(problem, "Pareto/NBD fit");
    pareto_nbd_fit_result result;
    detail::fill_model_fit(result, solution, problem.customers, kept.left_out, penalty);
    result.params = {result.parameters[0], result.parameters[1], result.parameters[2], result.parameters[3]};
    result.log_likelihood = pareto_nbd_log_likelihood(result.params, kept.x, kept.t_x, kept.T);
    return result;
}

double pareto_nbd_probability_alive(double x, double t_x, double T, const pareto_nbd_params& params) {
    validate(params);
    detail::validate_customer(x, t_x, T);
    return finite_or_throw(detail::alive_probability(x, t_x, T, params), "P(alive)");
}

// Schmittlein et al. (1987); Fader & Hardie's note, section 6: given alive at T, lambda ~ Gamma(r+x, alpha+T)
// and mu ~ Gamma(s, beta+T), and E[purchases in (T, T+t]] = E[lambda] E[(1 - e^(-mu t)) / mu], so
//   E = (r+x)/(alpha+T) * (beta+T)/(s-1) * [1 - ((beta+T)/(beta+T+t))^(s-1)] * P(alive).
// The bracket over s-1 is written -expm1(-(s-1) L)/(s-1) with L = ln(1 + t/(beta+T)): no cancellation near
// s = 1, where it tends to L.
double pareto_nbd_expected_purchases(double t, double x, double t_x, double T, const pareto_nbd_params& params) {
    validate(params);
    detail::validate_customer(x, t_x, T);
    require(std::isfinite(t) && t >= 0, "Pareto/NBD: t must be >= 0");
    if (t == 0) return 0.0;
    const double alive = detail::alive_probability(x, t_x, T, params);
    const double L = std::log1p(t / (params.beta + T));
    const double e = params.s - 1;
    const double lifetime = e == 0 ? L : -std::expm1(-e * L) / e;  // E[(1 - e^(-mu t)) / mu] / (beta+T)
    return finite_or_throw((params.r + x) / (params.alpha + T) * (params.beta + T) * lifetime * alive,
                           "expected purchases");
}

}  // namespace crm
