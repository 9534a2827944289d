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
