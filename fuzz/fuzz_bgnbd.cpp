// Fuzz target: the BG/NBD model on arbitrary numbers: likelihoods, P(alive), expected purchases (any
// parameters, finite or not) and, for up to 12 customers, the maximum-likelihood fit. Results must be
// finite or refused with crm::error; any other exception or a crash is a finding.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "crm/bgnbd.hpp"
#include "crm/error.hpp"
#include "fuzz_input.hpp"

namespace {
template <typename F>
void checked(F&& f) {
    try {
        const double value = f();
        if (std::isnan(value)) std::abort();  // a made-up number must not reach a cell
    } catch (const crm::error&) {
    }
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    crm_fuzz::byte_reader in(data, size);
    const std::uint8_t mode = in.byte();
    crm::bgnbd_params params{in.raw_double(), in.raw_double(), in.raw_double(), in.raw_double()};
    const double x = in.raw_double(), t_x = in.raw_double(), T = in.raw_double(), t = in.raw_double();

    bool valid = true;
    try {
        crm::validate(params);
    } catch (const crm::error&) {
        valid = false;
    }
    if (valid) {
        checked([&] { return crm::probability_alive(x, t_x, T, params); });
        checked([&] { return crm::expected_purchases(t, x, t_x, T, params); });
        checked([&] { return crm::expected_purchases_new_customer(t, params); });
        checked([&] { return crm::probability_of_purchases(t, x, params); });
        try {
            (void)crm::bgnbd_log_likelihood(params, x, t_x, T);
        } catch (const crm::error&) {
        }
    }

    if (mode & 1) {
        // A fit on up to 12 customers: small values from single bytes (realistic) or raw doubles (anything).
        std::vector<double> xs, txs, Ts;
        const std::size_t n = 1 + (mode >> 1) % 12;
        for (std::size_t i = 0; i < n && in.remaining() > 0; ++i) {
            if (mode & 0x80) {
                xs.push_back(in.raw_double()), txs.push_back(in.raw_double()), Ts.push_back(in.raw_double());
            } else {
                const double Ti = 1 + in.byte() % 64;
                const double xi = in.byte() % 16;
                xs.push_back(xi), txs.push_back(xi > 0 ? Ti * (in.byte() % 101) / 100.0 : 0), Ts.push_back(Ti);
            }
        }
        try {
            const auto fit = crm::fit_bgnbd(xs, txs, Ts);
            if (!std::isfinite(fit.log_likelihood)) std::abort();
            crm::validate(fit.params);
        } catch (const crm::error&) {
        }
    }
    return 0;
}
