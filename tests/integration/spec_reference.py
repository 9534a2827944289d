"""An independent Python reading of spec/functions.md ("Tiering"), the oracle of the office tests.

Sums use math.fsum (correctly rounded, as the spec's exact comparisons need), so
ties and boundaries are decided the way the spec's arithmetic decides them.
"""
import math


class SpecError(Exception):
    """The spec says this input is an error (Err:502 in Calc)."""


def numbers(cells):
    """The numbers of a range: blanks and text are not customers."""
    return [c for c in cells if isinstance(c, float) or (isinstance(c, int) and not isinstance(c, bool))]


def check_shares(a, b):
    if not (0 < a <= b <= 1):
        raise SpecError("shares")


def pareto_tier(value, cells, a_share=0.8, b_share=0.95):
    check_shares(a_share, b_share)
    nums = numbers(cells)
    s = math.fsum(x for x in nums if x > 0)
    if s == 0:
        raise SpecError("S = 0")
    if value <= 0:
        return "C"
    g = math.fsum(x for x in nums if x > value)
    if g < a_share * s:
        return "A"
    if g < b_share * s:
        return "B"
    return "C"


def pareto_tiers(cells, a_share=0.8, b_share=0.95):
    check_shares(a_share, b_share)
    if math.fsum(x for x in numbers(cells) if x > 0) == 0:
        raise SpecError("S = 0")  # the rule's error holds for the array form too
    return [pareto_tier(c, cells, a_share, b_share) if c in numbers([c]) else "" for c in cells]


def count_tier(value, cells, a_top=0.2, b_top=0.5):
    if not (0 < a_top <= b_top <= 1):
        raise SpecError("shares")
    nums = numbers(cells)
    n = len(nums)
    if n == 0:
        raise SpecError("n = 0")
    k = sum(1 for x in nums if x > value)
    if k < a_top * n:
        return "A"
    if k < b_top * n:
        return "B"
    return "C"


def growth_tier(last, prev, loyalty, a_growth=0.2, b_growth=0.1, min_loyalty=0.5):
    if last >= a_growth:
        return "A"
    if last >= b_growth and prev >= b_growth and loyalty >= min_loyalty:
        return "B"
    return "C"


def pareto_share(value, cells):
    nums = numbers(cells)
    s = math.fsum(x for x in nums if x > 0)
    if s == 0:
        raise SpecError("S = 0")
    if value <= 0:
        return 1.0
    return math.fsum(x for x in nums if x > 0 and x >= value) / s


def growth(current, previous):
    if previous <= 0:
        raise SpecError("previous <= 0")
    return current / previous - 1


def cagr(first, last, periods):
    if first <= 0 or last < 0 or periods <= 0:
        raise SpecError("domain")
    return (last / first) ** (1 / periods) - 1


# --- "Loyalty", "Gamma-Gamma", "Profitability" and "Visits" -------------------------------------


def _rfm_score(k, n, bins):
    if n == 0:
        raise SpecError("empty range")
    return min(bins, 1 + (bins * k) // n)


def rfm(recency, frequency, monetary, recency_cells, frequency_cells, monetary_cells, bins=5):
    """Three digits R, F, M: rank scores, ties share a score (R counts the values strictly greater)."""
    if bins != int(bins) or not 2 <= bins <= 9:
        raise SpecError("bins")
    bins = int(bins)
    rs, fs, ms = numbers(recency_cells), numbers(frequency_cells), numbers(monetary_cells)
    r = _rfm_score(sum(1 for v in rs if v > recency), len(rs), bins)
    f = _rfm_score(sum(1 for v in fs if v < frequency), len(fs), bins)
    m = _rfm_score(sum(1 for v in ms if v < monetary), len(ms), bins)
    return "%d%d%d" % (r, f, m)


RFM_SEGMENTS = ["Champions", "Can't lose them", "At risk", "Hibernating", "Need attention", "Loyal",
                "New customers", "Promising", "About to sleep", "Potential loyalists"]


def rfm_segment(r, f):
    """English segment name by the spec's ten ordered rules."""
    if any(s != int(s) or not 1 <= s <= 5 for s in (r, f)):
        raise SpecError("score")
    rules = [r >= 4 and f >= 4, r <= 2 and f == 5, r <= 2 and f >= 3, r <= 2, r == 3 and f == 3, f >= 3,
             r == 5 and f == 1, r == 4 and f == 1, r == 3, True]
    return RFM_SEGMENTS[rules.index(True)]


def loyalty(signals, table_columns, weights=None):
    """100 * sum(w p) / sum(w) over the numeric signals; p = mid-rank percentile in its column."""
    k = len(table_columns)
    if len(signals) != k or (weights is not None and len(weights) != k):
        raise SpecError("shapes")
    weights = [1.0] * k if weights is None else weights
    if any(w < 0 for w in weights) or not any(w > 0 for w in weights):
        raise SpecError("weights")
    num = den = 0.0
    used = False
    for v, column, w in zip(signals, table_columns, weights):
        if v not in numbers([v]):
            continue
        used = True
        col = numbers(column)
        p = (sum(1 for c in col if c < v) + 0.5 * sum(1 for c in col if c == v)) / len(col)
        num += w * p
        den += w
    if not used or den == 0:
        raise SpecError("no numeric signal")
    return 100 * num / den


def retention(start, end, new):
    if start <= 0 or end < 0 or new < 0 or new > end:
        raise SpecError("counts")
    return (end - new) / start


def churn(start, end, new):
    return 1 - retention(start, end, new)


def expected_value(x, avg_value, p, q, v):
    if q <= 1:
        raise SpecError("q <= 1")
    return (v + avg_value * x) * p / (p * x + q - 1)


def margin(revenue, cost):
    if revenue <= 0:
        raise SpecError("revenue <= 0")
    return (revenue - cost) / revenue


def profit(revenue, cost_of_goods, discounts=0, returns=0, cost_to_serve=0):
    return revenue - cost_of_goods - discounts - returns - cost_to_serve


def clv(margin_, retention_, discount_rate, periods=None):
    if not 0 <= retention_ <= 1 or discount_rate <= -1:
        raise SpecError("rates")
    if periods is None:
        if retention_ >= 1 + discount_rate:
            raise SpecError("infinite sum diverges")
        return margin_ / (1 + discount_rate - retention_)
    if periods != int(periods) or periods < 1:
        raise SpecError("periods")
    return math.fsum(margin_ * retention_ ** (t - 1) / (1 + discount_rate) ** t for t in range(1, int(periods) + 1))


def visits_per_year(tier, a=12, b=4, c=1):
    counts = {"A": a, "B": b, "C": c}
    if tier.upper() not in counts:
        raise SpecError("tier")
    return counts[tier.upper()]


def next_visit(last_visit, tier, holidays=(), a=12, b=4, c=1):
    """last_visit + ROUND(365 / visits) (halves away from zero), then the next Monday..Friday not a holiday."""
    days = math.floor(365 / visits_per_year(tier, a, b, c) + 0.5)
    day = math.floor(last_visit) + days
    off = {math.floor(h) for h in numbers(list(holidays))}
    while day % 7 in (0, 1) or day in off:  # Calc serial 0 is a Saturday
        day += 1
    return day
