#include "crm/model_check.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>

#include "crm/bgnbd.hpp"
#include "crm/error.hpp"
#include "crm/jobs.hpp"
#include "crm/mbgnbd.hpp"
#include "crm/pareto_nbd.hpp"

namespace crm {

namespace {

// NB(j; t): the probability of j purchases in t while alive, for gamma(r, alpha) purchase rates, j = 0..n-1.
std::array<double, frequency_classes> nbd_probabilities(double t, double r, double alpha) {
    std::array<double, frequency_classes> p{};
    p[0] = std::exp(r * std::log(alpha / (alpha + t)));
    const double z = t / (alpha + t);
    for (std::size_t j = 1; j < p.size(); ++j) p[j] = p[j - 1] * (r + static_cast<double>(j) - 1) / static_cast<double>(j) * z;
    return p;
}

// The last class holds "7 or more": 1 minus the others.
void close_classes(std::array<double, frequency_classes>& p) {
    double sum = 0;
    for (std::size_t k = 0; k + 1 < p.size(); ++k) sum += p[k];
    p.back() = std::max(0.0, 1 - sum);
}

// P(X(t) = k) of a new customer, k = 0..6, and 7+.
std::array<double, frequency_classes> class_probabilities(purchase_model model, const std::array<double, 4>& q, double t) {
    std::array<double, frequency_classes> p{};
    if (model == purchase_model::bgnbd) {
        const bgnbd_params params{q[0], q[1], q[2], q[3]};
        for (std::size_t k = 0; k + 1 < p.size(); ++k) p[k] = probability_of_purchases(t, static_cast<double>(k), params);
    } else if (model == purchase_model::mbgnbd) {
        // A customer drops out at time 0 or after a purchase with probability p: P(X = x | lambda, p) =
        // (1 - p)^(x+1) Poisson(x) + p (1 - p)^x P(N(t) >= x); the beta and gamma mixtures give beta-function
        // ratios and the NBD.
        const double r = q[0], alpha = q[1], a = q[2], b = q[3];
        const auto nb = nbd_probabilities(t, r, alpha);
        double below = 0;  // P(N(t) < x)
        for (std::size_t k = 0; k + 1 < p.size(); ++k) {
            const double x = static_cast<double>(k);
            const double stay = std::exp(std::lgamma(b + x + 1) + std::lgamma(a + b) - std::lgamma(b) - std::lgamma(a + b + x + 1));
            const double drop = std::exp(std::lgamma(a + 1) + std::lgamma(b + x) + std::lgamma(a + b) - std::lgamma(a) -
                                         std::lgamma(b) - std::lgamma(a + b + x + 1));
            p[k] = stay * nb[k] + drop * (1 - below);
            below += nb[k];
        }
    } else {
        // Pareto/NBD: alive through t with probability (beta/(beta+t))^s, else dead at tau with the Pareto (II)
        // density s/beta (beta/(beta+tau))^(s+1); purchases until then are NBD. The integral by Simpson's rule.
        const double r = q[0], alpha = q[1], s = q[2], beta = q[3];
        const auto alive = nbd_probabilities(t, r, alpha);
        const double survive = std::exp(s * std::log(beta / (beta + t)));
        for (std::size_t k = 0; k + 1 < p.size(); ++k) p[k] = survive * alive[k];
        constexpr int steps = 400;
        const double h = t / steps;
        for (int i = 0; i <= steps; ++i) {
            const double tau = i * h;
            const double weight = (i == 0 || i == steps ? 1.0 : (i % 2 ? 4.0 : 2.0)) * h / 3;
            const double density = s / beta * std::exp((s + 1) * std::log(beta / (beta + tau)));
            const auto nb = nbd_probabilities(tau, r, alpha);
            for (std::size_t k = 0; k + 1 < p.size(); ++k) p[k] += weight * density * nb[k];
        }
    }
    close_classes(p);
    return p;
}

// E[X(t)] of a new customer.
double expected_new(purchase_model model, const std::array<double, 4>& q, double t) {
    if (t <= 0) return 0;
    if (model == purchase_model::bgnbd) return expected_purchases_new_customer(t, bgnbd_params{q[0], q[1], q[2], q[3]});
    const double r = q[0], alpha = q[1];
    if (model == purchase_model::pareto_nbd) {
        const double s = q[2], beta = q[3];
        if (std::abs(s - 1) < 1e-9) return r * beta / alpha * std::log1p(t / beta);
        return r * beta / (alpha * (s - 1)) * (1 - std::exp((s - 1) * std::log(beta / (beta + t))));
    }
    // MBG/NBD (Batislam, Denizel & Filiztekin 2007): b/(a-1) [1 - (alpha/(alpha+t))^r 2F1(r, b+1; a+b; t/(alpha+t))].
    double a = q[2];
    const double b = q[3];
    if (std::abs(a - 1) < 1e-9) a = 1 + 1e-9;
    const double z = t / (alpha + t);
    const double log_term = r * std::log(alpha / (alpha + t)) + detail::log_hyp2f1_series(r, b + 1, a + b, z);
    return b / (a - 1) * (1 - std::exp(log_term));
}

double expected_given(purchase_model model, const std::array<double, 4>& q, double t, double x, double t_x, double T) {
    switch (model) {
        case purchase_model::bgnbd: return expected_purchases(t, x, t_x, T, bgnbd_params{q[0], q[1], q[2], q[3]});
        case purchase_model::pareto_nbd:
            return pareto_nbd_expected_purchases(t, x, t_x, T, pareto_nbd_params{q[0], q[1], q[2], q[3]});
        case purchase_model::mbgnbd: return mbgnbd_expected_purchases(t, x, t_x, T, mbgnbd_params{q[0], q[1], q[2], q[3]});
    }
    return 0;
}

template <class Fit>
void take_fit(checked_model& m, const Fit& fit) {
    m.fitted = true;
    m.parameters = fit.parameters;
    m.standard_errors = fit.standard_errors;
    m.log_likelihood = fit.log_likelihood;
    m.penalty = fit.penalty;
}

void fit_model(checked_model& m, const model_check_result& r) {
    try {
        switch (m.model) {
            case purchase_model::bgnbd:
                take_fit(m, fit_that_answers([&](double penalty) { return fit_bgnbd(r.x, r.t_x, r.T, penalty); }));
                break;
            case purchase_model::pareto_nbd:
                take_fit(m, fit_that_answers([&](double penalty) { return fit_pareto_nbd(r.x, r.t_x, r.T, penalty); }));
                break;
            case purchase_model::mbgnbd:
                take_fit(m, fit_that_answers([&](double penalty) { return fit_mbgnbd(r.x, r.t_x, r.T, penalty); }));
                break;
        }
    } catch (const error& e) {
        m.fitted = false;
        m.failure = e.what();
    }
}

}  // namespace

const char* model_key(purchase_model model) noexcept {
    switch (model) {
        case purchase_model::bgnbd: return "bgnbd";
        case purchase_model::pareto_nbd: return "pnbd";
        case purchase_model::mbgnbd: return "mbgnbd";
    }
    return "bgnbd";
}

std::optional<purchase_model> model_from_key(const std::string& key) {
    std::string k;
    for (char c : key)
        if (!std::isspace(static_cast<unsigned char>(c)) && c != '/' && c != '-') k += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (k == "paretonbd") k = "pnbd";
    for (purchase_model m : purchase_models)
        if (k == model_key(m)) return m;
    return std::nullopt;
}

double calibration_end_for_holdout(const std::vector<customer_history>& histories, double holdout_units,
                                   double time_unit_days) {
    if (!(holdout_units > 0) || !std::isfinite(holdout_units))
        throw illegal_argument("model check: the holdout must be a number of weeks above 0");
    double last = -1e300;
    for (const auto& h : histories)
        if (!h.purchase_days.empty()) last = std::max(last, h.purchase_days.back());
    if (last == -1e300) throw illegal_argument("model check: the orders hold no purchase");
    return last - holdout_units * time_unit_days;
}

model_check_result check_models(const std::vector<customer_history>& histories, double calibration_end,
                                double time_unit_days) {
    model_check_result r;
    r.calibration_end = calibration_end;
    r.first_day = 1e300;
    r.holdout_end = -1e300;
    std::vector<double> repeat_days;  // every repeat purchase day of the cohort
    std::map<double, double> cohort_by_first_day;
    for (const auto& h : histories) {
        if (h.purchase_days.empty()) continue;
        r.holdout_end = std::max(r.holdout_end, h.purchase_days.back());
        const double first = h.purchase_days.front();
        if (first > calibration_end) continue;  // a customer of the holdout: not in the cohort the models describe
        r.first_day = std::min(r.first_day, first);
        ++cohort_by_first_day[first];
        double x = 0, last = first, held = 0;
        for (std::size_t k = 1; k < h.purchase_days.size(); ++k) {
            const double d = h.purchase_days[k];
            repeat_days.push_back(d);
            if (d <= calibration_end) ++x, last = d;
            else ++held;
        }
        r.ids.push_back(h.id);
        r.x.push_back(x);
        r.t_x.push_back((last - first) / time_unit_days);
        r.T.push_back((calibration_end - first) / time_unit_days);
        r.actual.push_back(held);
        r.actual_total += held;
        ++r.frequency_actual[std::min<std::size_t>(static_cast<std::size_t>(x), frequency_classes - 1)];
    }
    if (r.ids.empty()) throw illegal_argument("model check: no customer bought before the calibration end");
    if (!(r.holdout_end > calibration_end)) throw illegal_argument("model check: no order after the calibration end");
    if (std::none_of(r.x.begin(), r.x.end(), [](double x) { return x > 0; }))
        throw illegal_argument("model check: no customer bought again before the calibration end");
    r.holdout_length = (r.holdout_end - calibration_end) / time_unit_days;

    // Tracking points: a time unit apart, ending on the calibration end, and the holdout's last day.
    for (double d = calibration_end; d >= r.first_day; d -= time_unit_days) r.tracking_days.push_back(d);
    std::reverse(r.tracking_days.begin(), r.tracking_days.end());
    for (double d = calibration_end + time_unit_days; d < r.holdout_end; d += time_unit_days) r.tracking_days.push_back(d);
    r.tracking_days.push_back(r.holdout_end);
    std::sort(repeat_days.begin(), repeat_days.end());
    for (double d : r.tracking_days)
        r.tracking_actual.push_back(static_cast<double>(std::upper_bound(repeat_days.begin(), repeat_days.end(), d) - repeat_days.begin()));

    std::map<double, double> by_T;  // customers by age at the calibration end
    for (double T : r.T) ++by_T[T];
    for (purchase_model model : purchase_models) {
        checked_model m;
        m.model = model;
        fit_model(m, r);
        if (m.fitted) {
            m.predicted.reserve(r.ids.size());
            double error = 0;
            for (std::size_t i = 0; i < r.ids.size(); ++i) {
                const double e = expected_given(model, m.parameters, r.holdout_length, r.x[i], r.t_x[i], r.T[i]);
                m.predicted.push_back(e);
                m.predicted_total += e;
                error += std::abs(e - r.actual[i]);
            }
            m.mean_absolute_error = error / static_cast<double>(r.ids.size());
            for (double d : r.tracking_days) {
                double sum = 0;
                for (const auto& [first, count] : cohort_by_first_day)
                    if (d > first) sum += count * expected_new(model, m.parameters, (d - first) / time_unit_days);
                m.tracking.push_back(sum);
            }
            for (const auto& [T, count] : by_T) {
                const auto p = class_probabilities(model, m.parameters, T);
                for (std::size_t k = 0; k < frequency_classes; ++k) m.frequency[k] += count * p[k];
            }
        }
        r.models.push_back(std::move(m));
    }
    for (std::size_t k = 0; k < r.models.size(); ++k)
        if (r.models[k].fitted && (!r.best || r.models[k].mean_absolute_error < r.models[*r.best].mean_absolute_error)) r.best = k;
    return r;
}

purchase_model chosen_model(const model_check_result* check, std::optional<purchase_model> forced) {
    if (forced) return *forced;
    if (check && check->best) return check->models[*check->best].model;
    return purchase_model::bgnbd;
}

}  // namespace crm
