"""The bad-input matrix's oracles (test_bad_input.py): for each cell function, the result the spec gives for the
arguments a case passes (computed by spec_reference.py and the functions below), or the invariant a result with no
Python oracle must satisfy. Beside bad_input_models.py, whose oracles of the other models are merged in here.

Expectations: ("value", v) exact (numbers to 1e-9 relative), ("error", code) with code None for "any Calc error",
("check", predicate, what) for a result no Python oracle computes."""
import collections
import math
import re

import bad_input_models
import spec_reference as spec

# Published CDNOW estimates (data/README.md): the fits' baseline and their whole-column case.
BGNBD = [0.2426, 4.4135, 0.7929, 2.4258]
GAMMA_GAMMA = [6.25, 3.74, 15.44]

class CalcError(Exception):
    """Calc refuses the argument before (or instead of) calling the function."""


class Unknown(Exception):
    """No oracle: the outcome is checked by an invariant instead."""

    def __init__(self, predicate, what, or_502=False, or_523=False):
        super().__init__(what)
        self.predicate, self.what, self.or_502, self.or_523 = predicate, what, or_502, or_523


def finite(v):
    return isinstance(v, float) and math.isfinite(v)


def nums(rng):
    return spec.numbers(rng.flat())


def bgnbd_domain(x, t_x, T, r, alpha, a, b):
    """The model's domain as test_models.py pins it: parameters > 0, x whole >= 0, T > 0, 0 <= t_x <= T."""
    if not all(math.isfinite(v) for v in (x, t_x, T, r, alpha, a, b)):
        raise spec.SpecError("not finite")
    if min(r, alpha, a, b) <= 0 or x < 0 or x != math.floor(x) or T <= 0 or not 0 <= t_x <= T:
        raise spec.SpecError("BG/NBD domain")


def gg_domain(x, avg_value, p, q, v):
    """Gamma-Gamma: p, q, v > 0 and q > 1 (spec); x, avg_value are a count and a mean spend (>= 0)."""
    if min(p, q, v) <= 0 or q <= 1 or x < 0 or avg_value < 0:
        raise spec.SpecError("Gamma-Gamma domain")


def palive(x, t_x, T, r, alpha, a, b):
    """FHL 2005 eq. 13, in log form."""
    bgnbd_domain(x, t_x, T, r, alpha, a, b)
    if x == 0:
        return 1.0
    log_odds = math.log(a) - math.log(b + x - 1) + (r + x) * math.log1p((T - t_x) / (alpha + t_x))
    if log_odds > 0:
        e = math.exp(-log_odds)
        return e / (1 + e)
    return 1 / (1 + math.exp(log_odds))


def expected_purchases(t, x, t_x, T, r, alpha, a, b):
    bgnbd_domain(x, t_x, T, r, alpha, a, b)
    if not t >= 0:
        raise spec.SpecError("t < 0")
    if t == 0:
        return 0.0
    # Bounded by the expectation of a customer surely alive with rate r/alpha-ish: only check >= 0, finite.
    raise Unknown(lambda v: finite(v) and v >= 0, "finite >= 0", or_502=True)


def expected_value(x, avg_value, p, q, v):
    gg_domain(x, avg_value, p, q, v)
    direct = spec.expected_value(x, avg_value, p, q, v)
    if math.isfinite(direct) or x == 0:
        return direct
    return (v / x + avg_value) * (p / (p + (q - 1) / x))   # the same value without overflowing products


def clv(m, r, d, periods=None):
    if periods is not None and periods == int(periods) and 1 <= periods <= 10000 and 0 <= r <= 1 and d > -1:
        # spec.clv's terms with Python's ** overflow for a huge discount rate although the sum is finite
        # (each term tends to 0): the same terms as exp of their logarithms.
        def term(t):
            if m == 0 or (r == 0 and t > 1):
                return 0.0
            log_r = (t - 1) * math.log(r) if t > 1 else 0.0
            return math.copysign(math.exp(math.log(abs(m)) + log_r - t * math.log1p(d)), m)
        return math.fsum(term(t) for t in range(1, int(periods) + 1))
    if periods is not None and periods == int(periods) and periods > 10000 and 0 <= r <= 1 and d > -1:
        # spec.clv sums term by term; the same sum in closed form for long horizons.
        q = r / (1 + d)
        if q == 1:
            return m * periods / (1 + d)
        return m * (1 - q ** periods) / (1 + d - r)
    return spec.clv(m, r, d, periods)


def clv_model(horizon, x, t_x, T, avg, r, alpha, a, b, p, q, v, d, step):
    if not (horizon > 0 and step > 0 and d > -1):
        raise spec.SpecError("horizon, step or rate")
    steps = round(horizon / step)
    if steps < 1 or abs(horizon / step - steps) > 1e-9 * steps:
        raise spec.SpecError("horizon is not a whole number of steps")
    if steps > 100000:
        raise spec.SpecError("per-call cost bound of the implementation: at most 100 000 steps")
    gg_domain(x, avg, p, q, v)
    bgnbd_domain(x, t_x, T, r, alpha, a, b)
    raise Unknown(finite, "finite", or_502=True)


MAX_SERIAL = 2e7  # Calc's date range (years -32768..32767), as the implementation bounds a date


def visits_per_year(tier, a, b, c):
    # Help text: visits a year "so that no customer is left unvisited": every count is > 0.
    if min(a, b, c) <= 0:
        raise spec.SpecError("counts must be > 0")
    return float(spec.visits_per_year(tier, a, b, c))


def next_visit(last, tier, holidays, a, b, c):
    visits = visits_per_year(tier, a, b, c)
    if abs(last) > MAX_SERIAL:
        raise spec.SpecError("not a date")
    if abs(math.floor(last) + math.floor(365 / visits + 0.5)) > MAX_SERIAL:
        raise spec.SpecError("date out of range")
    days_off = nums(holidays) if holidays is not None else []
    return float(spec.next_visit(last, tier, days_off, a=a, b=b, c=c))


def customers(ranges):
    """Rows where every range holds a number (the fits' customers); sizes must match."""
    if len({r.size for r in ranges}) != 1:
        raise spec.SpecError("ranges differ in size")
    flats = [r.flat() for r in ranges]
    if len({len(f) for f in flats}) != 1:   # huge ranges with different used rows: compare by position
        raise Unknown(lambda v: True, "not modelled")
    return [row for row in zip(*flats) if all(c in spec.numbers([c]) for c in row)]


def fit_penalty(penalty):
    """Spec "Fits that always answer": the optional penalty is a number >= 0 (0 when omitted)."""
    if not (math.isfinite(penalty) and penalty >= 0):
        raise spec.SpecError("penalty below 0")


def bgnbd_fit(xr, txr, Tr, penalty=0.0):
    fit_penalty(penalty)
    rows = customers([xr, txr, Tr])
    # Customers whose inputs cannot belong to the model are left out, never fatal to the fit.
    def belongs(x, t_x, T):
        try:
            bgnbd_domain(x, t_x, T, 1, 1, 1, 1)
            return True
        except spec.SpecError:
            return False
    rows = [r for r in rows if belongs(*r)]
    if not rows:
        raise spec.SpecError("no customer")
    if not any(x > 0 for x, _, _ in rows):
        raise spec.SpecError("no repeat purchase")
    if penalty > 0:  # a penalised fit: shrunk estimates, or no convergence under an absurd penalty
        raise Unknown(lambda v: finite(v) and v > 0, "a penalised r > 0", or_523=True)
    if len(rows) == CDNOW_N and xr.ref.startswith("$AD"):
        return Unknown(lambda v: finite(v) and abs(v - BGNBD[0]) / BGNBD[0] < 0.001, "published r")
    raise Unknown(lambda v: finite(v) and v > 0, "r > 0")


def gg_fit(xr, zr, penalty=0.0):
    fit_penalty(penalty)
    # Customers the model cannot hold (x < 0, or repeat purchases worth 0 or less) are left out.
    rows = [(x, z) for x, z in customers([xr, zr]) if x >= 0 and (x == 0 or z > 0)]
    if not any(x > 0 for x, _ in rows):
        raise spec.SpecError("no customer with x > 0")
    if penalty > 0:
        raise Unknown(lambda v: finite(v) and v > 0, "a penalised p > 0", or_523=True)
    if len(rows) == CDNOW_N and xr.ref.startswith("$AD"):
        raise Unknown(lambda v: finite(v) and abs(v - GAMMA_GAMMA[0]) < 0.01, "published p")
    raise Unknown(lambda v: finite(v) and v > 0, "p > 0")


def column(rng):
    count = len(nums(rng))
    pattern = re.compile(r"CRM column · (\d+) values · #[0-9a-f]+")

    def ok(v):
        m = isinstance(v, str) and pattern.fullmatch(v)
        return bool(m) and int(m.group(1)) == count
    raise Unknown(ok, "a handle naming %d values" % count)


def tiers_top_left(rng, a, b):
    """A plain (non-array) formula shows the top-left element of the array."""
    return spec.pareto_tiers(rng.flat(), a, b)[0]


def loyalty(signals, table, weights=None):
    w = None
    if weights is not None:
        w = weights.flat()
        if len(spec.numbers(w)) != len(w):
            raise spec.SpecError("weights must be numbers")
    cols = table.columns()
    sig = signals.flat()
    if len(sig) == len(cols) and any(s in spec.numbers([s]) and not spec.numbers(c) for s, c in zip(sig, cols)):
        raise spec.SpecError("a signal column is empty")
    return spec.loyalty(sig, cols, w)


CDNOW_N = 0  # set by test_bad_input's setUpClass (rows of the CDNOW data)
ORACLES = {
    "CRM_COLUMN": column,
    "CRM_TIER": lambda v, r, a, b: spec.pareto_tier(v, r.flat(), a, b),
    "CRM_TIERS": tiers_top_left,
    "CRM_TIER_COUNT": lambda v, r, a, b: spec.count_tier(v, r.flat(), a, b),
    "CRM_TIER_GROWTH": spec.growth_tier,
    "CRM_PARETO_SHARE": lambda v, r: spec.pareto_share(v, r.flat()),
    "CRM_GROWTH": spec.growth,
    "CRM_CAGR": spec.cagr,
    "CRM_RFM": lambda r, f, m, rr, fr, mr, bins: spec.rfm(r, f, m, rr.flat(), fr.flat(), mr.flat(), bins),
    "CRM_RFM_SEGMENT": spec.rfm_segment,
    "CRM_LOYALTY": loyalty,
    "CRM_RETENTION": spec.retention,
    "CRM_CHURN": spec.churn,
    "CRM_BGNBD_FIT": bgnbd_fit,
    "CRM_PALIVE": palive,
    "CRM_EXPECTED_PURCHASES": expected_purchases,
    "CRM_GG_FIT": gg_fit,
    "CRM_EXPECTED_VALUE": expected_value,
    "CRM_MARGIN": spec.margin,
    "CRM_PROFIT": spec.profit,
    "CRM_CLV": clv,
    "CRM_CLV_MODEL": clv_model,
    "CRM_VISITS_PER_YEAR": visits_per_year,
    "CRM_NEXT_VISIT": next_visit,
}
ORACLES.update(bad_input_models.oracles(collections.namedtuple(
    "Helpers", "Unknown finite customers fit_penalty bgnbd_domain cdnow_n")(
        Unknown, finite, customers, fit_penalty, bgnbd_domain, lambda: CDNOW_N)))
