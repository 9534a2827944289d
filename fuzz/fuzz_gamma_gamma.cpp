// Fuzz target: the Gamma-Gamma spend model on arbitrary numbers: likelihood, expected average value and, for
// up to 16 customers, the fit. Results must be finite or refused with crm::error.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "crm/error.hpp"
#include "crm/gamma_gamma.hpp"
#include "fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    crm_fuzz::byte_reader in(data, size);
    const std::uint8_t mode = in.byte();
    const crm::gamma_gamma_params params{in.raw_double(), in.raw_double(), in.raw_double()};
    const double x = in.raw_double(), m = in.raw_double();
    try {
        const double value = crm::expected_average_value(x, m, params);
        if (std::isnan(value)) std::abort();
    } catch (const crm::error&) {
    }
    try {
        (void)crm::gamma_gamma_log_likelihood(params, x, m);
    } catch (const crm::error&) {
    }

    std::vector<double> xs, ms;
    const std::size_t n = 1 + (mode >> 1) % 16;
    for (std::size_t i = 0; i < n && in.remaining() > 0; ++i) {
        if (mode & 1) {
            xs.push_back(in.raw_double()), ms.push_back(in.raw_double());
        } else {
            xs.push_back(in.byte() % 20), ms.push_back(1 + in.byte() * 0.75 + in.byte() * 0.01);
        }
    }
    try {
        const auto fit = crm::fit_gamma_gamma(xs, ms);
        if (!std::isfinite(fit.log_likelihood) || !(fit.params.p > 0 && fit.params.q > 0 && fit.params.v > 0))
            std::abort();
    } catch (const crm::error&) {
    }
    return 0;
}
