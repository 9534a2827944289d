"""Independent model fits for the office tests, written from the papers with scipy (python3-scipy), never from the
extension's code: BG/NBD (Fader, Hardie & Lee 2005, eq. 6) and Gamma-Gamma (Fader, Hardie & Lee 2005b)."""
import math

import numpy
from scipy import optimize, special


def bgnbd_log_likelihood(params, x, t_x, T):
    """Σ of each customer's BG/NBD log-likelihood; x, t_x, T numpy arrays."""
    r, alpha, a, b = params
    a1 = special.gammaln(r + x) - special.gammaln(r) + r * math.log(alpha)
    a2 = special.gammaln(a + b) + special.gammaln(b + x) - special.gammaln(b) - special.gammaln(a + b + x)
    a3 = -(r + x) * numpy.log(alpha + T)
    with numpy.errstate(divide="ignore", invalid="ignore"):
        a4 = numpy.where(x > 0, math.log(a) - numpy.log(numpy.maximum(b + x - 1, 1e-300)) - (r + x) * numpy.log(alpha + t_x),
                         -numpy.inf)
    return float(numpy.sum(a1 + a2 + numpy.logaddexp(a3, a4)))


def gamma_gamma_log_likelihood(params, x, m):
    """Σ of the Gamma-Gamma log-likelihood of customers with x > 0 repeat purchases of mean value m > 0."""
    p, q, v = params
    px = p * x
    return float(numpy.sum(special.gammaln(px + q) - special.gammaln(px) - special.gammaln(q) + q * math.log(v)
                           + (px - 1) * numpy.log(m) + px * numpy.log(x) - (px + q) * numpy.log(x * m + v)))


def _fit(log_likelihood, start, n, penalty):
    def objective(log_params):
        params = numpy.exp(log_params)
        value = -log_likelihood(params) / n + penalty * float(numpy.sum(params ** 2))
        return value if math.isfinite(value) else 1e300
    best = optimize.minimize(objective, numpy.log(start), method="Nelder-Mead",
                             options={"xatol": 1e-10, "fatol": 1e-12, "maxiter": 40000, "maxfev": 80000})
    best = optimize.minimize(objective, best.x, method="BFGS", options={"gtol": 1e-9})
    return [float(v) for v in numpy.exp(best.x)]


def fit_bgnbd(x, t_x, T, penalty=0.0):
    """Maximum-likelihood (or penalised) r, alpha, a, b."""
    x, t_x, T = (numpy.asarray(v, dtype=float) for v in (x, t_x, T))
    return _fit(lambda p: bgnbd_log_likelihood(p, x, t_x, T), [0.5, float(numpy.mean(T)) or 1.0, 1.0, 1.0], len(x),
                penalty)


def fit_gamma_gamma(x, m, penalty=0.0):
    """p, q, v on the customers with x > 0 and m > 0 (those the model can hold)."""
    x, m = numpy.asarray(x, dtype=float), numpy.asarray(m, dtype=float)
    keep = (x > 0) & (m > 0)
    x, m = x[keep], m[keep]
    return _fit(lambda p: gamma_gamma_log_likelihood(p, x, m), [1.0, 1.0, float(numpy.mean(m))], len(x), penalty)


def bgnbd_palive(x, t_x, T, r, alpha, a, b):
    """P(alive) of FHL 2005 (eq. 6 of the 2005 note): 1 when x = 0."""
    if x == 0:
        return 1.0
    ratio = (a / (b + x - 1)) * ((alpha + T) / (alpha + t_x)) ** (r + x)
    return 1.0 / (1.0 + ratio)
