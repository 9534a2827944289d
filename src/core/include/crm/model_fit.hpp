// The shape every customer-model fit returns (BG/NBD, Pareto/NBD, MBG/NBD, BG/BB, Gamma-Gamma).
#pragma once

#include <array>
#include <cstddef>
#include <optional>

namespace crm {

/// A maximum-likelihood fit of a model with N parameters, as every model's fit returns it.
template <std::size_t N>
struct model_fit {
    /// The estimates in the model's order (as its params struct lists them), in the data's units.
    std::array<double, N> parameters{};
    /// Square roots of the diagonal of the inverse Hessian of -sum LL + customers * penalty * sum theta^2 at the
    /// estimates; empty when that Hessian is not positive definite there (the errors are then unknown).
    std::optional<std::array<double, N>> standard_errors;
    double log_likelihood = 0.0;  ///< sum over the customers used, at the estimates (the penalty not included)
    double customers = 0.0;       ///< customers the fit used (for BG/BB the sum of the patterns' counts)
    std::size_t left_out = 0;     ///< input rows left out because they cannot belong to the model
    int iterations = 0;           ///< BFGS iterations of the accepted run
    double penalty = 0.0;         ///< the penalty coefficient lambda the fit was run with
    /// A penalised fit whose likelihood keeps rising as some parameters vanish: they stand for that limit (e.g.
    /// no customer ever drops out), and the standard errors are unknown.
    bool at_limit = false;
};

}  // namespace crm
