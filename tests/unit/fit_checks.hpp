// Test helpers for the model fits: the donations data, and standard errors by a second, independent route.
#pragma once

#include <cmath>
#include <fstream>
#include <functional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace crm::test {

/// The donation patterns of Fader, Hardie & Shang (2010): one row per (x, t_x, n) with its number of donors.
struct donation_patterns {
    std::vector<double> x, t_x, n, count;
};

#ifdef CRM_DATA_DIR
/// Reads data/donations/donations.csv (header frequency,recency,periods,weights).
inline donation_patterns read_donations() {
    const std::string path = std::string(CRM_DATA_DIR) + "/donations/donations.csv";
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot open " + path);
    donation_patterns d;
    std::string line;
    std::getline(in, line);
    if (line.rfind("frequency,recency,periods,weights", 0) != 0) throw std::runtime_error("unexpected header in " + path);
    while (std::getline(in, line)) {
        if (line.empty() || line == "\r") continue;
        std::istringstream fields(line);
        std::string f[4];
        for (auto& field : f) std::getline(fields, field, ',');
        d.x.push_back(std::stod(f[0]));
        d.t_x.push_back(std::stod(f[1]));
        d.n.push_back(std::stod(f[2]));
        d.count.push_back(std::stod(f[3]));
    }
    return d;
}
#endif

/// Standard errors at `at` from the Hessian of a total log-likelihood in the parameters themselves, by central
/// second differences of its values (step 1e-4 of each parameter) and Gauss-Jordan inversion: another route
/// than the fits' (differences of the analytic gradient in the log-parameters). Empty if not positive definite.
inline std::vector<double> standard_errors_by_value_hessian(const std::function<double(const std::vector<double>&)>& ll,
                                                            const std::vector<double>& at) {
    const std::size_t n = at.size();
    std::vector<double> h(n);
    for (std::size_t i = 0; i < n; ++i) h[i] = 1e-4 * at[i];
    std::vector<std::vector<double>> a(n, std::vector<double>(2 * n, 0.0));
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < n; ++j) {
            auto p = at;
            const auto f = [&](double si, double sj) {
                p = at;
                p[i] += si * h[i];
                p[j] += sj * h[j];
                return ll(p);
            };
            // minus the second derivative of LL: the observed information
            a[i][j] = -(f(1, 1) - f(1, -1) - f(-1, 1) + f(-1, -1)) / (4 * h[i] * h[j]);
        }
    for (std::size_t i = 0; i < n; ++i) a[i][n + i] = 1.0;
    for (std::size_t c = 0; c < n; ++c) {
        std::size_t pivot = c;
        for (std::size_t r = c + 1; r < n; ++r)
            if (std::abs(a[r][c]) > std::abs(a[pivot][c])) pivot = r;
        std::swap(a[c], a[pivot]);
        if (!(std::abs(a[c][c]) > 0)) return {};
        const double d = a[c][c];
        for (double& e : a[c]) e /= d;
        for (std::size_t r = 0; r < n; ++r)
            if (r != c) {
                const double m = a[r][c];
                for (std::size_t k = 0; k < 2 * n; ++k) a[r][k] -= m * a[c][k];
            }
    }
    std::vector<double> se(n);
    for (std::size_t i = 0; i < n; ++i) {
        if (!(a[i][n + i] > 0)) return {};
        se[i] = std::sqrt(a[i][n + i]);
    }
    return se;
}

}  // namespace crm::test
