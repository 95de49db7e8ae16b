"""Exact compliance decisions on float64 columns, without a Python object per row.

Why a float decision can be exact
---------------------------------
A float column stands for decimals: the value ``x`` of a cell means the decimal of ``repr(x)``,
which is what ``check`` makes of the same Python float (``units.exact_number``).  Call that
decimal ``X``; ``x`` is the double nearest to ``X`` (``repr`` round-trips), so
``|x - X| <= u·|x|`` with ``u = 2**-53``.  A threshold ``T`` (an exact ``Fraction`` of the rule
book) is held as ``t = float(T)``, also correctly rounded.

1. **A value against a threshold** (declared 容积率, height, parking, setback …).  Rounding to
   nearest is monotone, so ``X < T`` implies ``x <= t`` and ``X > T`` implies ``x >= t``; hence
   ``x > t`` proves ``X > T`` and ``x < t`` proves ``X < T``.  Only ``x == t`` is open.  When
   ``T`` is itself "repr-exact" (``Fraction(repr(t)) == T``, true of every short decimal such as
   2.4, 0.35 or 50), ``x == t`` gives ``repr(x) == repr(t)`` and so ``X == T``: an exact tie,
   decided by the bound's own rule (≤ holds, < breaks).  Otherwise ``X == T`` is impossible (it
   would make ``T`` repr-exact) but which side ``X`` lies on is unknown: the row is re-checked.
   So this case is decided in float64 with no error band at all.
2. **A ratio of two areas against a threshold** (计容面积 / 用地面积 ≤ T).  It is decided
   without dividing, as ``F − T·S ≤ 0`` (``S > 0``).  In float64, ``q = f − t·s`` carries the input
   errors (``u`` relative each, for ``f``, ``s`` and ``t``) and two roundings, so
   ``|q − (F − T·S)| <= 4u·(|f| + |t·s|)`` (to first order; second-order terms are ``O(u²)``).
   Outside the band ``|q| <= BAND·(|f| + |t·s|)`` with ``BAND = 16u`` (four times that bound) the
   sign of ``q`` is the sign of the exact difference.  Rows inside the band (exact ties such as
   9000.27 m² on 20000.6 m² at 45 %, and near-ties within a few units in the 16th digit) are
   re-checked by the reference ``checker.evaluate`` on exact ``Fraction``s.  The same argument,
   with one more term, covers ``|D − F/S| > h`` (declared figure against the computed one) and
   ``|S − R| > tol·R`` (用地面积 against the letter's).
3. The bounds need normal numbers: a row with a non-zero input outside ``[2**-400, 2**400]`` is
   re-checked exactly rather than decided in float (products of two such values stay normal).

4. **A declared ratio's rounding interval against a threshold** (``checker._rounded_at_limit``):
   a declared ``D`` stands for ``[D − H, D + H]`` (``H`` half a unit of its last written digit);
   the interval reaches across ``T`` when ``|D − T| < H``, and at ``|D − T| == H`` depending on the
   side and on the bound (see ``straddles``).  ``q = |d − t| − h`` is decided outside the band as in
   2.  Inside it the row is decided with integers: ``H = 5·10**-e``, so ``A = D·10**e`` is an
   integer, and when ``T`` has at most ``e`` decimals so is ``B = T·10**e``; both are recovered
   exactly by ``rint`` below ``2**51`` (the product's error is under a quarter), and ``A − B``
   against ``±5`` is exact.  What is left (a ``T`` with more decimals, huge values) is re-checked.

5. **A ratio's tie, with integers.**  Rows inside the band of case 2 are mostly exact ties
   (a design drawn to its limit: 118 332.5 m² on 47 333 m² at 2.5).  Where both areas are float
   or integer cells, ``F = Nf·10**-k`` and ``S = Ns·10**-k`` for integers below ``2**53``
   (``digits``), and ``T = P/Q``, ``per = a/b`` are Fractions, ``F·per/S`` against ``T`` is the
   sign of ``Nf·a·Q − Ns·P·b``: exact in int64 while each product stays below ``2**62``
   (``ratio_sign``).  Only the rest (text cells, huge values, long fractions) is re-checked.

In practice the band holds a handful of rows in a million, so the Python re-check costs nothing
measurable, while the verdicts are those of ``check`` row for row.
"""
from __future__ import annotations

from fractions import Fraction

import numpy as np

U = 2.0 ** -53
#: Half-width of the undecided band, relative to the sum of the magnitudes of the terms.
BAND = 16 * U
SAFE_MIN, SAFE_MAX = 2.0 ** -400, 2.0 ** 400


def repr_exact(value: Fraction) -> bool:
    """Whether the double nearest to ``value`` prints back as ``value`` itself."""
    return Fraction(repr(float(value))) == value


def outside_safe_range(x: np.ndarray) -> np.ndarray:
    """Non-zero magnitudes too small or large for the relative error bounds above."""
    a = np.abs(x)
    return (a != 0) & ((a < SAFE_MIN) | (a > SAFE_MAX))


def direct(x: np.ndarray, t: np.ndarray, t_exact: np.ndarray, tie_breaks: np.ndarray,
           upper: bool) -> tuple[np.ndarray, np.ndarray]:
    """(broken, undecided) for ``X`` against a threshold (case 1 above).

    ``upper``: the bound is a maximum (``X > T`` breaks it), else a minimum.  ``tie_breaks``:
    whether ``X == T`` breaks it (an exclusive bound); ``t_exact``: ``T`` is repr-exact.
    """
    beyond = x > t if upper else x < t
    tie = x == t
    broken = beyond | (tie & t_exact & tie_breaks)
    return broken, tie & ~t_exact


def banded(q: np.ndarray, magnitude: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(positive, undecided) for a float difference ``q`` whose terms sum to ``magnitude``."""
    tol = BAND * magnitude
    return q > tol, ~(np.abs(q) > tol)  # NaN (a missing input) is never decided here


def digits(x: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(N, k, found): the decimal of ``repr(x)`` as ``N·10**-k``, ``N`` an integral float below
    ``2**51`` and ``k`` the fewest decimals that give it back.

    The smallest ``k`` with ``rint(x·10**k) / 10**k == x`` is the number of decimals of ``repr(x)``
    while ``x·10**k < 2**51`` (no false positive: ``N / 10**k`` is the correctly rounded quotient
    of two exact integers, so it equals ``x`` only if a ``k``-digit decimal rounds to ``x``; no false
    negative: ``x·10**k`` is then within 2u·N of the integer N).  Rows where no ``k <= 17`` is
    found keep ``found = False``.
    """
    x = np.asarray(x, dtype=np.float64)
    n = np.zeros(x.shape)
    k_of = np.zeros(x.shape, dtype=np.int64)
    found = np.zeros(x.shape, dtype=bool)
    todo = np.flatnonzero(np.isfinite(x))
    for k in range(0, 18):
        if todo.size == 0:
            break
        v = x[todo]
        scaled = np.rint(v * 10.0 ** k)
        ok = (np.abs(scaled) < 2.0 ** 51) & (scaled / 10.0 ** k == v)
        hit = todo[ok]
        n[hit] = scaled[ok]
        k_of[hit] = k
        found[hit] = True
        todo = todo[~ok]
    return n, k_of, found


def half_steps(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Half a unit of the last digit of ``repr(x)``, as ``check`` takes it for a declared float.

    Returns (half_step, found), from ``digits``; ``repr`` writes integral floats as ``2.0``: one
    decimal at least.  Rows without ``found`` are re-checked exactly.
    """
    _, k, found = digits(x)
    half = np.where(found, 5.0 / 10.0 ** (np.maximum(k, 1) + 1), np.nan)
    return half, found


def ratio_sign(f: np.ndarray, s: np.ndarray, left: np.ndarray, right: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(sign of ``F·left − S·right``, decided) for the decimals ``F``, ``S`` of ``repr(f)``,
    ``repr(s)`` and integer factors per row (case 5 above), in int64; undecided where a product
    could leave int64 or a value has no short decimal."""
    nf, kf, okf = digits(f)
    ns, ks, oks = digits(s)
    k = np.maximum(kf, ks)
    with np.errstate(over="ignore", invalid="ignore"):
        big_f = nf * 10.0 ** (k - kf)  # a common scale; exact while below 2**53
        big_s = ns * 10.0 ** (k - ks)
        lf, rf = left.astype(np.float64), right.astype(np.float64)
        ok = (okf & oks & (np.abs(big_f) < 2.0 ** 53) & (np.abs(big_s) < 2.0 ** 53)
              & (np.abs(big_f) * np.abs(lf) < 2.0 ** 62) & (np.abs(big_s) * np.abs(rf) < 2.0 ** 62))
    fi = np.where(ok, big_f, 0.0).astype(np.int64)
    si = np.where(ok, big_s, 0.0).astype(np.int64)
    return np.sign(fi * np.where(ok, left, 0) - si * np.where(ok, right, 0)), ok


def decimals(value: Fraction) -> int:
    """How many decimals ``value`` has when written out exactly (a large number if it has no end)."""
    den, k = value.denominator, 0
    while den % 10 == 0:
        den //= 10
        k += 1
    while den % 2 == 0 or den % 5 == 0:
        den //= 2 if den % 2 == 0 else 5
        k += 1
        if k > 30:
            break
    return k if den == 1 else 99


def straddles(d: np.ndarray, h: np.ndarray, t: np.ndarray, t_decimals: np.ndarray,
              tie_high: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(straddles, undecided) for declared values ``D`` of half-step ``H`` against thresholds ``T``
    (case 4 above): whether ``[D − H, D + H]`` holds values on both sides of the bound.

    ``tie_high``: per row, whether ``D − T == +H`` straddles (an inclusive maximum or an exclusive
    minimum: ``T = D − H`` is then on the bound's good side and ``D + H`` beyond it); otherwise
    ``D − T == −H`` does.  ``t_decimals``: the exact number of decimals of ``T``.
    """
    with np.errstate(invalid="ignore", over="ignore"):
        diff = d - t
        q = np.abs(diff) - h
        mag = np.abs(d) + np.abs(t) + h
    inside, undecided = banded(-q, mag)
    rows = np.flatnonzero(undecided & np.isfinite(q))
    if rows.size:
        hv, dv, tv = h[rows], d[rows], t[rows]
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            e = np.rint(np.log10(5.0 / hv))
            e = np.where(np.isfinite(e) & (e >= 0) & (e <= 17), e, 0).astype(np.int64)
            p10 = 10.0 ** e
            a = np.rint(dv * p10)
            b = np.rint(tv * p10)
        ok = ((hv == 5.0 / p10) & (np.abs(a) < 2.0 ** 51) & (a / p10 == dv) & (t_decimals[rows] <= e)
              & (np.abs(b) < 2.0 ** 51))
        gap = a - b  # D − T in units of 10**-e, exact where ok
        hi = tie_high[rows]
        decided = (np.abs(gap) < 5) | (gap == 5) & hi | (gap == -5) & ~hi
        inside[rows[ok]] = decided[ok]
        undecided[rows[ok]] = False
    return inside, undecided


def within(x: np.ndarray, t: np.ndarray, reach: float, chunk: int = 1 << 16) -> np.ndarray:
    """``|x − t| <= reach`` (False where either is NaN), in cache-sized chunks: the temporaries of
    a whole-column expression cost more than the arithmetic (a prefilter, not a decision)."""
    n = len(x)
    out = np.empty(n, dtype=bool)
    buf = np.empty(min(chunk, n))
    with np.errstate(invalid="ignore"):
        for i in range(0, n, chunk):
            j = min(i + chunk, n)
            b = buf[:j - i]
            np.subtract(x[i:j], t[i:j], out=b)
            np.abs(b, out=b)
            np.less_equal(b, reach, out=out[i:j])
    return out


def at_most_decimals(x: np.ndarray, k: int) -> np.ndarray:
    """Whether ``repr(x)`` has at most ``k`` decimals (the test of ``half_steps``: no false
    positive; values too large to tell count as yes, so that a filter keeps them)."""
    p10 = 10.0 ** k
    with np.errstate(invalid="ignore", over="ignore"):
        scaled = x * p10
        return (np.rint(scaled) / p10 == x) | (np.abs(scaled) >= 2.0 ** 51)
