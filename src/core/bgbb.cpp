// BG/BB model (spec "BG/BB"): likelihood with analytic gradient, ML fit over patterns, P(alive), expectations.
#include "crm/bgbb.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <vector>

#include "crm/detail/model_fitting.hpp"
#include "crm/error.hpp"
#include "special_functions.hpp"

namespace crm {

namespace detail {
namespace {

bool whole(double v) { return std::isfinite(v) && v == std::floor(v); }

// The likelihood sums over the opportunities after t_x, one term each: n is limited to ten million.
constexpr double max_opportunities = 1e7;

// A pattern the model can produce: x transactions in n opportunities, the last at opportunity t_x.
bool in_domain(double x, double t_x, double n) {
    return whole(x) && whole(t_x) && whole(n) && x >= 0 && x <= t_x && t_x <= n && (x > 0 || t_x == 0) &&
           n <= max_opportunities;
}

void validate_pattern(double x, double t_x, double n) {
    require(whole(x) && whole(t_x) && whole(n), "BG/BB: x, t_x and n must be whole numbers");
    require(x >= 0 && x <= t_x && t_x <= n, "BG/BB: 0 <= x <= t_x <= n must hold");
    require(x > 0 || t_x == 0, "BG/BB: t_x must be 0 when x = 0");
    require(n <= max_opportunities, "BG/BB: n must be at most 10^7 opportunities");
}

// The model (Fader, Hardie & Shang 2010): at each opportunity an alive customer transacts with probability
// p ~ Beta(alpha, beta) and, after it, dies with probability theta ~ Beta(gamma, delta). A customer with x
// transactions in n opportunities, the last at t_x, is either alive through n, or died after opportunity
// t_x + i, i = 0 .. n - t_x - 1 (having made no transaction after t_x). Integrating p and theta out:
//   L = B(alpha+x, beta+n-x)/B(alpha, beta) B(gamma, delta+n)/B(gamma, delta)
//     + sum_{i=0}^{n-t_x-1} B(alpha+x, beta+t_x-x+i)/B(alpha, beta) B(gamma+1, delta+t_x+i)/B(gamma, delta).
// The terms of the sum shrink by the ratio (beta+t_x-x+i)/(alpha+beta+t_x+i) (delta+t_x+i)/(gamma+delta+1+t_x+i)
// < 1, so they are made by that recursion (no log-gamma per term) and summed relative to the largest of the
// first two; their derivatives follow from psi(y+1) = psi(y) + 1/y in the same loop.
struct shared_terms {
    double lb_ab, lb_gd;                          // ln B(alpha, beta), ln B(gamma, delta)
    double psi_a, psi_b, psi_ab, psi_g, psi_d, psi_gd;
};

shared_terms make_shared_terms(const bgbb_params& p) {
    return {log_beta(p.alpha, p.beta), log_beta(p.gamma, p.delta), digamma(p.alpha), digamma(p.beta),
            digamma(p.alpha + p.beta), digamma(p.gamma), digamma(p.delta), digamma(p.gamma + p.delta)};
}

// ln of the first term (alive through n) and its gradient.
double log_alive_term(const bgbb_params& p, const shared_terms& s, double x, double n, double* gradient) {
    const double value = log_gamma(p.alpha + x) + log_gamma(p.beta + n - x) - log_gamma(p.alpha + p.beta + n) - s.lb_ab +
                         log_gamma(p.gamma) + log_gamma(p.delta + n) - log_gamma(p.gamma + p.delta + n) - s.lb_gd;
    if (gradient) {
        const double psi_abn = digamma(p.alpha + p.beta + n), psi_gdn = digamma(p.gamma + p.delta + n);
        gradient[0] = digamma(p.alpha + x) - psi_abn - s.psi_a + s.psi_ab;
        gradient[1] = digamma(p.beta + n - x) - psi_abn - s.psi_b + s.psi_ab;
        gradient[2] = -psi_gdn + s.psi_gd;  // psi(gamma) - psi(gamma+delta+n) - psi(gamma) + psi(gamma+delta)
        gradient[3] = digamma(p.delta + n) - psi_gdn - s.psi_d + s.psi_gd;
    }
    return value;
}

// Log-likelihood of one pattern; with `gradient` non-null also d/d(alpha, beta, gamma, delta).
double pattern_log_likelihood(const bgbb_params& p, const shared_terms& s, double x, double t_x, double n,
                              double* gradient) {
    double g_alive[4];
    const double alive = log_alive_term(p, s, x, n, gradient ? g_alive : nullptr);
    const double deaths = n - t_x;
    if (deaths == 0) {
        if (gradient) std::copy(g_alive, g_alive + 4, gradient);
        return alive;
    }
    // The first term of the sum (i = 0) and the derivatives of its logarithm.
    const double y_b = p.beta + t_x - x, y_ab = p.alpha + p.beta + t_x, y_d = p.delta + t_x,
                 y_gd = p.gamma + p.delta + 1 + t_x;
    const double first = log_gamma(p.alpha + x) + log_gamma(y_b) - log_gamma(y_ab) - s.lb_ab + log_gamma(p.gamma + 1) +
                         log_gamma(y_d) - log_gamma(y_gd) - s.lb_gd;
    double d[4] = {0, 0, 0, 0};  // derivatives of ln term_i, updated along i
    double psi_b = 0, psi_ab = 0, psi_d = 0, psi_gd = 0;
    if (gradient) {
        psi_b = digamma(y_b);
        psi_ab = digamma(y_ab);
        psi_d = digamma(y_d);
        psi_gd = digamma(y_gd);
    }
    const double m = std::max(alive, first);
    double sum = std::exp(alive - m), term = std::exp(first - m);
    double sum_g[4] = {0, 0, 0, 0};
    if (gradient)
        for (int k = 0; k < 4; ++k) sum_g[k] = sum * g_alive[k];
    const double psi_ax = gradient ? digamma(p.alpha + x) : 0.0, psi_g1 = gradient ? digamma(p.gamma + 1) : 0.0;
    for (double i = 0; i < deaths; ++i) {
        sum += term;
        if (gradient) {
            d[0] = psi_ax - psi_ab - s.psi_a + s.psi_ab;
            d[1] = psi_b - psi_ab - s.psi_b + s.psi_ab;
            d[2] = psi_g1 - psi_gd - s.psi_g + s.psi_gd;
            d[3] = psi_d - psi_gd - s.psi_d + s.psi_gd;
            for (int k = 0; k < 4; ++k) sum_g[k] += term * d[k];
            psi_b += 1 / (y_b + i);
            psi_ab += 1 / (y_ab + i);
            psi_d += 1 / (y_d + i);
            psi_gd += 1 / (y_gd + i);
        }
        term *= (y_b + i) / (y_ab + i) * (y_d + i) / (y_gd + i);
    }
    if (gradient)
        for (int k = 0; k < 4; ++k) gradient[k] = sum_g[k] / sum;
    return m + std::log(sum);
}

// The fit's data: distinct patterns with their counts.
pattern_table prepare(std::span<const double> x, std::span<const double> t_x, std::span<const double> n,
                      std::span<const double> counts, std::size_t& left_out) {
    std::vector<std::array<double, 4>> items;
    items.reserve(x.size());
    left_out = 0;
    for (std::size_t i = 0; i < x.size(); ++i) {
        const double c = counts.empty() ? 1.0 : counts[i];
        if (!in_domain(x[i], t_x[i], n[i]) || !std::isfinite(c) || c < 0) {
            ++left_out;
            continue;
        }
        if (c > 0) items.push_back({x[i], t_x[i], n[i], c});  // an empty pattern adds nothing
    }
    return group_patterns(items);
}

double negative_mean_log_likelihood(const pattern_table& d, std::span<const double> theta, std::span<double> gradient) {
    const bgbb_params p{std::exp(theta[0]), std::exp(theta[1]), std::exp(theta[2]), std::exp(theta[3])};
    const shared_terms s = make_shared_terms(p);
    neumaier_sum ll, g[4];
    double gi[4];
    for (const pattern& row : d.rows) {
        ll.add(row.count * pattern_log_likelihood(p, s, row.x, row.t_x, row.T, gi));
        for (int k = 0; k < 4; ++k) g[k].add(row.count * gi[k]);
    }
    const double params[4] = {p.alpha, p.beta, p.gamma, p.delta};
    for (int k = 0; k < 4; ++k) gradient[k] = -g[k].value() * params[k] / d.customers;
    const double f = -ll.value() / d.customers;
    return std::isfinite(f) ? f : std::numeric_limits<double>::infinity();
}

void validate_sizes(std::span<const double> x, std::span<const double> t_x, std::span<const double> n,
                    std::span<const double> counts) {
    require(x.size() == t_x.size() && x.size() == n.size(), "BG/BB: x, t_x and n ranges differ in size");
    require(counts.empty() || counts.size() == x.size(), "BG/BB: counts and patterns differ in size");
    require(!x.empty(), "BG/BB: no pattern");
}

}  // namespace

double bgbb_log_likelihood_gradient(const bgbb_params& params, double x, double t_x, double n, double gradient[4]) {
    validate(params);
    validate_pattern(x, t_x, n);
    return finite_or_throw(pattern_log_likelihood(params, make_shared_terms(params), x, t_x, n, gradient),
                           "BG/BB log-likelihood");
}

}  // namespace detail

void validate(const bgbb_params& p) {
    require(std::isfinite(p.alpha) && std::isfinite(p.beta) && std::isfinite(p.gamma) && std::isfinite(p.delta),
            "BG/BB: parameters must be finite numbers");
    require(p.alpha > 0 && p.beta > 0 && p.gamma > 0 && p.delta > 0, "BG/BB: alpha, beta, gamma, delta must be > 0");
}

double bgbb_log_likelihood(const bgbb_params& params, double x, double t_x, double n) {
    validate(params);
    detail::validate_pattern(x, t_x, n);
    return finite_or_throw(detail::pattern_log_likelihood(params, detail::make_shared_terms(params), x, t_x, n, nullptr),
                           "BG/BB log-likelihood");
}

double bgbb_log_likelihood(const bgbb_params& params, std::span<const double> x, std::span<const double> t_x,
                           std::span<const double> n, std::span<const double> counts) {
    validate(params);
    detail::validate_sizes(x, t_x, n, counts);
    const detail::shared_terms s = detail::make_shared_terms(params);
    double sum = 0;
    for (std::size_t i = 0; i < x.size(); ++i) {
        detail::validate_pattern(x[i], t_x[i], n[i]);
        const double c = counts.empty() ? 1.0 : counts[i];
        require(std::isfinite(c) && c >= 0, "BG/BB: counts must be finite numbers >= 0");
        if (c > 0) sum += c * detail::pattern_log_likelihood(params, s, x[i], t_x[i], n[i], nullptr);
    }
    return finite_or_throw(sum, "BG/BB log-likelihood");
}

// Maximum likelihood over alpha, beta, gamma, delta > 0 by BFGS on the log-parameters
// (detail::fit_maximum_likelihood); interior maxima only. With a penalty lambda > 0 the objective is
// -(1/N) sum count LL + lambda (alpha^2 + beta^2 + gamma^2 + delta^2) (lifetimes' penalizer_coef).
bgbb_fit_result fit_bgbb(std::span<const double> x, std::span<const double> t_x, std::span<const double> n,
                         std::span<const double> counts, double penalty) {
    detail::validate_sizes(x, t_x, n, counts);
    detail::validate_penalty(penalty);
    std::size_t left_out = 0;
    const detail::pattern_table data = detail::prepare(x, t_x, n, counts, left_out);
    require(data.customers > 0, "BG/BB fit: no pattern within the model's domain with a count > 0");
    require(std::any_of(data.rows.begin(), data.rows.end(), [](const detail::pattern& row) { return row.x > 0; }),
            "BG/BB fit: no customer has a repeat transaction");
    detail::fit_problem problem;
    problem.mean_negative_log_likelihood = [&data](std::span<const double> theta, std::span<double> gradient) {
        return detail::negative_mean_log_likelihood(data, theta, gradient);
    };
    problem.unit = {1.0, 1.0, 1.0, 1.0};
    problem.starts = {{1.0, 1.0, 1.0, 1.0}, {0.5, 0.5, 0.5, 2.0}, {2.0, 1.0, 0.3, 3.0}, {0.2, 0.8, 2.0, 5.0}};
    problem.customers = data.customers;
    problem.penalty = penalty;
    const detail::fit_solution solution = detail::fit_maximum_likelihood(problem, "BG/BB fit");
    bgbb_fit_result result;
    detail::fill_model_fit(result, solution, data.customers, left_out, penalty);
    result.params = {result.parameters[0], result.parameters[1], result.parameters[2], result.parameters[3]};
    // The likelihood at the estimates over the patterns used (the grouped ones: the same patterns and counts).
    const detail::shared_terms s = detail::make_shared_terms(result.params);
    double ll = 0;
    for (const detail::pattern& row : data.rows)
        ll += row.count * detail::pattern_log_likelihood(result.params, s, row.x, row.t_x, row.T, nullptr);
    result.log_likelihood = finite_or_throw(ll, "BG/BB log-likelihood");
    return result;
}

// FHS 2010: P(alive at n+1) = B(alpha+x, beta+n-x)/B(alpha, beta) B(gamma, delta+n+1)/B(gamma, delta) / L,
// the alive-through-n term of L times the chance (delta+n)/(gamma+delta+n) of surviving opportunity n too.
double bgbb_probability_alive(double x, double t_x, double n, const bgbb_params& params) {
    validate(params);
    detail::validate_pattern(x, t_x, n);
    const detail::shared_terms s = detail::make_shared_terms(params);
    const double log_alive = detail::log_alive_term(params, s, x, n, nullptr);
    const double ll = detail::pattern_log_likelihood(params, s, x, t_x, n, nullptr);
    const double survive = (params.delta + n) / (params.gamma + params.delta + n);
    return finite_or_throw(std::min(1.0, std::exp(log_alive - ll) * survive), "P(alive)");
}

// FHS 2010: E[X(n, n+n*) | x, t_x, n] = B(alpha+x+1, beta+n-x)/B(alpha, beta) / L
//   * sum_{k=1}^{n*} B(gamma, delta+n+k)/B(gamma, delta),
// the chance of being alive through n with the posterior mean transaction probability, times the chances of
// being alive at each later opportunity. Their sum is made by the recursion B(gamma, y+1)/B(gamma, y) =
// y/(gamma+y) (exact, no cancellation); beyond 10^7 opportunities by its telescoped closed form (the paper's)
//   G(gamma+delta)/G(delta) [R(n) - R(n+n*)] / (gamma-1),   R(m) = G(1+delta+m)/G(gamma+delta+m),
// with R from Boost's tgamma_delta_ratio, accurate however close gamma is to 1 (differences of log-gammas
// of size 10^8 would lose everything there), and R(n) - R(n+n*) = -R(n) expm1(ln R(n+n*) - ln R(n)). Within
// 1e-9 of gamma = 1 the limit delta (psi(delta+n+n*+1) - psi(delta+n+1)) is used (relative error below
// |gamma-1| ln(n+n*), under 1e-6).
double bgbb_expected_transactions(double n_star, double x, double t_x, double n, const bgbb_params& params) {
    validate(params);
    detail::validate_pattern(x, t_x, n);
    require(detail::whole(n_star) && n_star >= 0, "BG/BB: the number of opportunities must be a whole number >= 0");
    if (n_star == 0) return 0.0;
    const bgbb_params& p = params;
    const detail::shared_terms s = detail::make_shared_terms(p);
    const double ll = detail::pattern_log_likelihood(p, s, x, t_x, n, nullptr);
    // ln[B(alpha+x+1, beta+n-x)/B(alpha, beta)] and ln[B(gamma, delta+n)/B(gamma, delta)].
    const double log_transact = detail::log_gamma(p.alpha + x + 1) + detail::log_gamma(p.beta + n - x) -
                                detail::log_gamma(p.alpha + p.beta + n + 1) - s.lb_ab;
    const double log_alive_n = detail::log_gamma(p.delta + n) + detail::log_gamma(p.gamma + p.delta) -
                               detail::log_gamma(p.gamma + p.delta + n) - detail::log_gamma(p.delta);
    double sum = 0;
    if (n_star <= detail::max_opportunities) {
        double term = std::exp(log_alive_n);  // B(gamma, delta+n+k)/B(gamma, delta) at k = 0
        for (double k = 0; k < n_star; ++k) {
            term *= (p.delta + n + k) / (p.gamma + p.delta + n + k);
            sum += term;
        }
    } else if (std::abs(p.gamma - 1) < 1e-9) {
        sum = p.delta * (detail::digamma(p.delta + n + n_star + 1) - detail::digamma(p.delta + n + 1));
    } else {
        // ln R(m) = -ln[G(gamma+delta+m) / G(gamma+delta+m + 1-gamma)]
        const auto log_r = [&](double m) {
            return -std::log(boost::math::tgamma_delta_ratio(p.gamma + p.delta + m, 1 - p.gamma, detail::quiet_policy()));
        };
        const double log_r_n = log_r(n);
        sum = std::exp(detail::log_gamma(p.gamma + p.delta) - detail::log_gamma(p.delta) + log_r_n) *
              -std::expm1(log_r(n + n_star) - log_r_n) / (p.gamma - 1);
    }
    return finite_or_throw(std::exp(log_transact - ll) * sum, "expected transactions");
}

// FHS 2010: P(X(n) = x) = C(n, x) B(alpha+x, beta+n-x)/B(alpha, beta) B(gamma, delta+n)/B(gamma, delta)
//   + sum_{i=x}^{n-1} C(i, x) B(alpha+x, beta+i-x)/B(alpha, beta) B(gamma+1, delta+i)/B(gamma, delta):
// alive through n with x transactions anywhere, or alive through i with x transactions and dead after i.
// The sum's terms follow by recursion in logs and are added relative to the largest so far.
double bgbb_probability_of_transactions(double n, double x, const bgbb_params& params) {
    validate(params);
    require(detail::whole(n) && n >= 0, "BG/BB: n must be a whole number >= 0");
    require(n <= detail::max_opportunities, "BG/BB: n must be at most 10^7 opportunities");
    require(detail::whole(x) && x >= 0, "BG/BB: x must be a whole number >= 0");
    if (x > n) return 0.0;
    const bgbb_params& p = params;
    const detail::shared_terms s = detail::make_shared_terms(p);
    const auto log_choose = [](double a, double b) {
        return detail::log_gamma(a + 1) - detail::log_gamma(b + 1) - detail::log_gamma(a - b + 1);
    };
    double m = log_choose(n, x) + detail::log_alive_term(p, s, x, n, nullptr);
    double sum = 1;  // relative to e^m
    if (x < n) {
        // i = x: C(x, x) = 1, B(alpha+x, beta)/B(alpha, beta) B(gamma+1, delta+x)/B(gamma, delta).
        double log_term = detail::log_gamma(p.alpha + x) + detail::log_gamma(p.beta) -
                          detail::log_gamma(p.alpha + p.beta + x) - s.lb_ab + detail::log_gamma(p.gamma + 1) +
                          detail::log_gamma(p.delta + x) - detail::log_gamma(p.gamma + p.delta + 1 + x) - s.lb_gd;
        for (double i = x; i < n; ++i) {
            if (log_term > m) {
                sum = sum * std::exp(m - log_term) + 1;
                m = log_term;
            } else {
                sum += std::exp(log_term - m);
            }
            // i -> i + 1: C grows by (i+1)/(i+1-x), the Beta ratios by (beta+i-x)/(alpha+beta+i) and
            // (delta+i)/(gamma+delta+1+i).
            log_term += std::log((i + 1) / (i + 1 - x)) + std::log((p.beta + i - x) / (p.alpha + p.beta + i)) +
                        std::log((p.delta + i) / (p.gamma + p.delta + 1 + i));
        }
    }
    return finite_or_throw(std::clamp(std::exp(m + std::log(sum)), 0.0, 1.0), "P(X(n) = x)");
}

}  // namespace crm
