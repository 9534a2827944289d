// Private wrappers of Boost special functions with a no-throw policy: errors come back as NaN or inf.
#pragma once

#include <boost/math/special_functions/beta.hpp>
#include <boost/math/special_functions/digamma.hpp>
#include <boost/math/special_functions/gamma.hpp>

namespace crm::detail {

// Quiet policy: no exceptions and no errno from deep inside the maths; callers check finiteness.
using quiet_policy = boost::math::policies::policy<
    boost::math::policies::domain_error<boost::math::policies::ignore_error>,
    boost::math::policies::pole_error<boost::math::policies::ignore_error>,
    boost::math::policies::overflow_error<boost::math::policies::ignore_error>,
    boost::math::policies::underflow_error<boost::math::policies::ignore_error>,
    boost::math::policies::evaluation_error<boost::math::policies::ignore_error>,
    boost::math::policies::promote_double<false>>;

inline double log_gamma(double x) { return boost::math::lgamma(x, quiet_policy()); }
inline double digamma(double x) { return boost::math::digamma(x, quiet_policy()); }
inline double log_beta(double a, double b) { return log_gamma(a) + log_gamma(b) - log_gamma(a + b); }
/// Regularized incomplete beta I_z(a, b).
inline double incomplete_beta(double a, double b, double z) { return boost::math::ibeta(a, b, z, quiet_policy()); }

}  // namespace crm::detail
