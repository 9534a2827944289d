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


# Pareto/NBD (Fader & Hardie 2005, "A note on deriving the Pareto/NBD model and related expressions", eq. 22-23),
# MBG/NBD (Batislam, Denizel & Filiztekin 2007) and BG/BB (Fader, Hardie & Shang 2010), from the papers' formulas.

def _pnbd_terms(params, x, t_x, T):
    """log C, log of the 'alive at T' term and log of the 'dropped out in (t_x, T]' term of each customer."""
    r, alpha, s, beta = params
    x, t_x, T = (numpy.asarray(v, dtype=float) for v in (x, t_x, T))
    log_c = special.gammaln(r + x) - special.gammaln(r) + r * math.log(alpha) + s * math.log(beta)
    alive = -(r + x) * numpy.log(alpha + T) - s * numpy.log(beta + T)
    if alpha >= beta:
        base, second, gap = alpha, s + 1, alpha - beta
    else:
        base, second, gap = beta, r + x, beta - alpha

    def log_a(t):
        return (numpy.log(special.hyp2f1(r + s + x, second, r + s + x + 1, gap / (base + t)))
                - (r + s + x) * numpy.log(base + t))
    at_tx, at_T = log_a(t_x), log_a(T)
    with numpy.errstate(divide="ignore"):
        dropped = numpy.log(s / (r + s + x)) + at_tx + numpy.log1p(-numpy.exp(at_T - at_tx))
    return log_c, alive, dropped


def pnbd_log_likelihood(params, x, t_x, T):
    log_c, alive, dropped = _pnbd_terms(params, x, t_x, T)
    return float(numpy.sum(log_c + numpy.logaddexp(alive, dropped)))


def pnbd_palive(x, t_x, T, r, alpha, s, beta):
    _, alive, dropped = _pnbd_terms((r, alpha, s, beta), [x], [t_x], [T])
    return float(1.0 / (1.0 + numpy.exp(dropped[0] - alive[0])))


def pnbd_expected_purchases(t, x, t_x, T, r, alpha, s, beta):
    """E[Y(t) | x, t_x, T] = P(alive) (r + x)(beta + T) / ((alpha + T)(s - 1)) [1 - ((beta + T)/(beta + T + t))^(s-1)]."""
    rate = (r + x) * (beta + T) / ((alpha + T) * (s - 1))
    return pnbd_palive(x, t_x, T, r, alpha, s, beta) * rate * (1 - ((beta + T) / (beta + T + t)) ** (s - 1))


def mbgnbd_log_likelihood(params, x, t_x, T):
    r, alpha, a, b = params
    x, t_x, T = (numpy.asarray(v, dtype=float) for v in (x, t_x, T))
    a1 = special.gammaln(r + x) - special.gammaln(r) + r * math.log(alpha)
    a2 = special.gammaln(a + b) + special.gammaln(b + x + 1) - special.gammaln(b) - special.gammaln(a + b + x + 1)
    a3 = -(r + x) * numpy.log(alpha + T)
    a4 = math.log(a) - numpy.log(b + x) + (r + x) * (numpy.log(alpha + T) - numpy.log(alpha + t_x))
    return float(numpy.sum(a1 + a2 + a3 + numpy.logaddexp(0.0, a4)))


def mbgnbd_palive(x, t_x, T, r, alpha, a, b):
    return 1.0 / (1.0 + (a / (b + x)) * ((alpha + T) / (alpha + t_x)) ** (r + x))


def mbgnbd_expected_purchases(t, x, t_x, T, r, alpha, a, b):
    z = t / (alpha + T + t)
    unconditional = ((a + b + x) / (a - 1)) * (
        1 - special.hyp2f1(r + x, b + x + 1, a + b + x, z) * ((alpha + T) / (alpha + T + t)) ** (r + x))
    return float(unconditional * mbgnbd_palive(x, t_x, T, r, alpha, a, b))


def _log_beta(p, q):
    return special.gammaln(p) + special.gammaln(q) - special.gammaln(p + q)


def bgbb_likelihood(x, t_x, n, alpha, beta, gamma, delta):
    """FHS 2010 eq. 5: alive through n, or dropped out after opportunity t_x + i (i = 0 .. n - t_x - 1)."""
    lb_ab, lb_gd = _log_beta(alpha, beta), _log_beta(gamma, delta)
    total = math.exp(_log_beta(alpha + x, beta + n - x) - lb_ab + _log_beta(gamma, delta + n) - lb_gd)
    for i in range(int(n - t_x)):
        total += math.exp(_log_beta(alpha + x, beta + t_x - x + i) - lb_ab + _log_beta(gamma + 1, delta + t_x + i) - lb_gd)
    return total


def bgbb_log_likelihood(params, x, t_x, n, counts):
    return float(sum(c * math.log(bgbb_likelihood(xi, ti, ni, *params)) for xi, ti, ni, c in zip(x, t_x, n, counts)))


def bgbb_palive(x, t_x, n, alpha, beta, gamma, delta):
    """P(alive at opportunity n + 1 | x, t_x, n) (FHS 2010 eq. 11 with m = 1)."""
    alive = math.exp(_log_beta(alpha + x, beta + n - x) - _log_beta(alpha, beta)
                     + _log_beta(gamma, delta + n + 1) - _log_beta(gamma, delta))
    return alive / bgbb_likelihood(x, t_x, n, alpha, beta, gamma, delta)


def bgbb_expected_purchases(t, x, t_x, n, alpha, beta, gamma, delta):
    """E[X(n, n + t) | x, t_x, n] (FHS 2010 eq. 13)."""
    lead = math.exp(_log_beta(alpha + x + 1, beta + n - x) - _log_beta(alpha, beta)) * delta / (gamma - 1) * math.exp(
        special.gammaln(gamma + delta) - special.gammaln(1 + delta))
    g = special.gammaln
    bracket = math.exp(g(1 + delta + n) - g(gamma + delta + n)) - math.exp(g(1 + delta + n + t) - g(gamma + delta + n + t))
    return lead * bracket / bgbb_likelihood(x, t_x, n, alpha, beta, gamma, delta)


def fit_pnbd(x, t_x, T, penalty=0.0):
    x, t_x, T = (numpy.asarray(v, dtype=float) for v in (x, t_x, T))
    return _fit(lambda p: pnbd_log_likelihood(p, x, t_x, T), [0.5, float(numpy.mean(T)), 0.5, float(numpy.mean(T))],
                len(x), penalty)


def fit_mbgnbd(x, t_x, T, penalty=0.0):
    x, t_x, T = (numpy.asarray(v, dtype=float) for v in (x, t_x, T))
    return _fit(lambda p: mbgnbd_log_likelihood(p, x, t_x, T), [0.5, float(numpy.mean(T)), 1.0, 1.0], len(x), penalty)


def fit_bgbb(x, t_x, n, counts, penalty=0.0):
    return _fit(lambda p: bgbb_log_likelihood(p, x, t_x, n, counts), [1.0, 1.0, 1.0, 1.0], sum(counts), penalty)


def standard_errors(log_likelihood, at, step=1e-4):
    """Square roots of the diagonal of the inverse of the negative log-likelihood's Hessian, by central second
    differences in relative steps."""
    k = len(at)
    h = [step * abs(v) for v in at]
    hessian = numpy.zeros((k, k))

    def ll(shifts):
        return log_likelihood([v + d for v, d in zip(at, shifts)])
    for i in range(k):
        for j in range(i, k):
            e = [0.0] * k
            value = 0.0
            for si, sj, sign in ((1, 1, 1), (1, -1, -1), (-1, 1, -1), (-1, -1, 1)):
                e = [0.0] * k
                e[i] += si * h[i]
                e[j] += sj * h[j]
                value += sign * ll(e)
            hessian[i, j] = hessian[j, i] = -value / (4 * h[i] * h[j])
    return [float(math.sqrt(v)) for v in numpy.diag(numpy.linalg.inv(hessian))]
