"""The bad-input matrix's baselines and oracles for Pareto/NBD, MBG/NBD and BG/BB (spec "More customer-base models"),
beside test_bad_input.py, which merges them into its own tables. The exact values are held by test_more_models.py;
here the oracles say where the spec requires Err:502 (inputs outside the domain) and, elsewhere, what any answer
must satisfy (a probability in [0, 1], an expectation >= 0, a fit's first parameter > 0 or the published one)."""
import math

import spec_reference as spec

PNBD_PARAMS = ["0.553", "10.578", "0.606", "11.669"]    # CDNOW, published (data/README.md)
MBGNBD_PARAMS = ["0.525", "6.183", "0.891", "1.614"]
BGBB_PARAMS = ["1.204", "0.750", "0.657", "2.783"]      # donations, published
PNBD_R, MBGNBD_R, BGBB_ALPHA = 0.553, 0.525, 1.204
DONATIONS_AT = "AM"  # the donations patterns (x, t_x, n, donors) in AM1:AP22


def baselines(n, n_donations):
    x, tx, T = ("$%s$1:$%s$%d" % (c, c, n) for c in ("AD", "AE", "AF"))
    short = lambda ref, rows: ref.replace("$%d" % rows, "$%d" % (rows - 1))  # noqa: E731
    mismatched = {"x_range": short(x, n), "tx_range": short(tx, n), "T_range": "$AF$2:$AF$%d" % n}
    bx, bt, bn, bc = ("$%s$1:$%s$%d" % (c, c, n_donations) for c in ("AM", "AN", "AO", "AP"))
    customer = ["26", "30.86", "31"]
    return {
        "CRM_PNBD_FIT": ([x, tx, T, "0"], mismatched),
        "CRM_PNBD_PALIVE": (customer + PNBD_PARAMS, {}),
        "CRM_PNBD_EXPECTED_PURCHASES": (["52"] + customer + PNBD_PARAMS, {}),
        "CRM_MBGNBD_FIT": ([x, tx, T, "0"], mismatched),
        "CRM_MBGNBD_PALIVE": (customer + MBGNBD_PARAMS, {}),
        "CRM_MBGNBD_EXPECTED_PURCHASES": (["52"] + customer + MBGNBD_PARAMS, {}),
        "CRM_BGBB_FIT": ([bx, bt, bn, bc, "0"], {"x_range": short(bx, n_donations), "count_range": short(bc, n_donations),
                                                 "n_range": "$AO$2:$AO$%d" % n_donations}),
        "CRM_BGBB_PALIVE": (["2", "4", "6"] + BGBB_PARAMS, {}),
        "CRM_BGBB_EXPECTED_PURCHASES": (["5", "2", "4", "6"] + BGBB_PARAMS, {}),
    }


def oracles(h):
    """The oracles, given test_bad_input's helpers h (Unknown, finite, customers, fit_penalty, bgnbd_domain and
    the size of the CDNOW sample as h.cdnow_n())."""

    def probability(*_):
        return h.Unknown(lambda v: h.finite(v) and 0 <= v <= 1, "a probability in [0, 1]", or_502=True, or_523=True)

    def continuous_palive(x, t_x, T, *params):
        h.bgnbd_domain(x, t_x, T, *params)  # Pareto/NBD and MBG/NBD share BG/NBD's domain
        raise probability()

    def continuous_expected(t, x, t_x, T, *params):
        h.bgnbd_domain(x, t_x, T, *params)
        if not t >= 0:
            raise spec.SpecError("t < 0")
        raise h.Unknown(lambda v: h.finite(v) and v >= 0, "finite >= 0", or_502=True, or_523=True)

    def continuous_fit(published_r):
        def fit(xr, txr, Tr, penalty=0.0):
            h.fit_penalty(penalty)
            rows = [r for r in h.customers([xr, txr, Tr]) if in_continuous_domain(*r)]
            if not rows:
                raise spec.SpecError("no customer")
            if not any(x > 0 for x, _, _ in rows):
                raise spec.SpecError("no repeat purchase")
            if penalty > 0:
                raise h.Unknown(lambda v: h.finite(v) and v > 0, "a penalised r > 0", or_523=True)
            if len(rows) == h.cdnow_n() and xr.ref.startswith("$AD"):
                raise h.Unknown(lambda v: h.finite(v) and abs(v - published_r) / published_r < 0.005, "published r")
            raise h.Unknown(lambda v: h.finite(v) and v > 0, "r > 0", or_523=True)
        return fit

    def in_continuous_domain(x, t_x, T):
        try:
            h.bgnbd_domain(x, t_x, T, 1, 1, 1, 1)
            return True
        except spec.SpecError:
            return False

    def bgbb_domain(x, t_x, n, alpha, beta, gamma, delta):
        values = (x, t_x, n, alpha, beta, gamma, delta)
        if not all(math.isfinite(v) for v in values):
            raise spec.SpecError("not finite")
        if min(alpha, beta, gamma, delta) <= 0:
            raise spec.SpecError("a parameter <= 0")
        if any(v != math.floor(v) for v in (x, t_x, n)) or not 0 <= x <= t_x <= n or (x == 0 and t_x != 0):
            raise spec.SpecError("BG/BB: whole numbers with 0 <= x <= t_x <= n, t_x = 0 when x = 0")
        if n > 1e7:
            raise spec.SpecError("BG/BB: at most 10^7 opportunities")

    def bgbb_palive(x, t_x, n, *params):
        bgbb_domain(x, t_x, n, *params)
        raise probability()

    def bgbb_expected(t, x, t_x, n, *params):
        bgbb_domain(x, t_x, n, *params)
        if not (t >= 0 and t == math.floor(t)):
            raise spec.SpecError("t is not a whole number >= 0")
        raise h.Unknown(lambda v: h.finite(v) and v >= 0, "finite >= 0", or_502=True, or_523=True)

    def bgbb_fit(xr, txr, nr, cr=None, penalty=0.0):
        h.fit_penalty(penalty)
        rows = h.customers([xr, txr, nr] + ([cr] if cr is not None else []))

        def belongs(row):
            try:
                bgbb_domain(*row[:3], 1, 1, 1, 1)
            except spec.SpecError:
                return False
            return len(row) == 3 or row[3] >= 0
        rows = [r for r in rows if belongs(r)]
        counted = [r for r in rows if len(r) == 3 or r[3] > 0]
        if not counted:
            raise spec.SpecError("no pattern with a count > 0")
        if not any(r[0] > 0 for r in counted):
            raise spec.SpecError("no repeat transaction")
        if penalty > 0:
            raise h.Unknown(lambda v: h.finite(v) and v > 0, "a penalised alpha > 0", or_523=True)
        if cr is not None and xr.ref.startswith("$" + DONATIONS_AT) and len(rows) == 22:
            raise h.Unknown(lambda v: h.finite(v) and abs(v - BGBB_ALPHA) / BGBB_ALPHA < 0.005, "published alpha")
        raise h.Unknown(lambda v: h.finite(v) and v > 0, "alpha > 0", or_523=True)

    return {
        "CRM_PNBD_FIT": continuous_fit(PNBD_R),
        "CRM_PNBD_PALIVE": continuous_palive,
        "CRM_PNBD_EXPECTED_PURCHASES": continuous_expected,
        "CRM_MBGNBD_FIT": continuous_fit(MBGNBD_R),
        "CRM_MBGNBD_PALIVE": continuous_palive,
        "CRM_MBGNBD_EXPECTED_PURCHASES": continuous_expected,
        "CRM_BGBB_FIT": bgbb_fit,
        "CRM_BGBB_PALIVE": bgbb_palive,
        "CRM_BGBB_EXPECTED_PURCHASES": bgbb_expected,
    }
