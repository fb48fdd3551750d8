"""Penalized least-squares paths for many small problems at once.

A lesson's panels need dozens of paths per state: one for every polynomial degree, every
resampled training set, every cross-validation fold. Solved one at a time, the Python
overhead of the small linear algebra dominates, so here B problems in Gram form,

    minimise over w   ½ wᵀH_b w − g_bᵀw + λ·P(w),   b = 1..B,

advance together through the same λ grid, with the features problem b may use given by
``allowed[b]`` (a polynomial of degree d uses the first d of the degree-20 features).

- ridge and least squares: one SVD per distinct mask (all in one batched call) or one
  eigendecomposition per problem, every λ from it;
- lasso: the exact piecewise-linear homotopy (LARS with drops), all problems in lock
  step, one event per problem per step, the inverses kept by rank-one updates;
- elastic net: a walk down the grid that re-solves each problem on its support and
  signs (one batched solve per grid point) and corrects the support where KKT fails;
- L0: every support of every size, scored through Schur complements, one level of
  subset size at a time.

Every lasso and elastic-net solution is checked against its KKT conditions; those that
fail are solved again by the exact solver's feature-sign steps, batched over the problems
of a grid point (``exact_many``; the single-problem solver of regviz.solvers for any it
does not settle), so the results are as exact as ``regviz.path``'s.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from regviz import solvers
from regviz.errors import InputError
from regviz.subsets import MAX_L0_FEATURES, best_by_size

# A variable that just entered or left has no event closer than this (relative) to that λ:
# such an event is round-off. Any other constraint violated by more than _LATE is overdue.
_LATE = 1e-12
_JUST_CHANGED = 1e-8
REFRESH = 16  # homotopy steps between exact re-inversions
STALL = 3  # events at one λ in a row after which the lasso homotopy stops a problem
WALK_TRIES = 4  # solves at one grid point (the first, then support corrections) before the exact solver takes over
KKT_TOL = 1e-8  # relative KKT residual accepted from the batched solvers before an exact re-solve


@dataclass(frozen=True)
class Batch:
    """B problems in Gram form; ``H`` may be shared (p, p) or one per problem (B, p, p)."""

    H: np.ndarray
    G: np.ndarray  # (B, p)
    allowed: np.ndarray  # (B, p) bool
    shared: np.ndarray | None = None  # the unmasked H when every problem has the same one
    X: np.ndarray | None = None  # the centred design (n, p) behind a shared H, for exact ridge
    Y: np.ndarray | None = None  # the centred targets (B, n) behind G

    @classmethod
    def create(cls, H: np.ndarray, G: np.ndarray, allowed: np.ndarray | None = None) -> Batch:
        G = np.atleast_2d(np.asarray(G, dtype=float))
        B, p = G.shape
        allowed = np.ones((B, p), dtype=bool) if allowed is None else np.asarray(allowed, dtype=bool)
        H = np.asarray(H, dtype=float)
        shared = H if H.ndim == 2 else None
        H = np.broadcast_to(H, (B, p, p)) if H.ndim == 2 else H
        mask = allowed[:, :, None] & allowed[:, None, :]
        return cls(np.where(mask, H, 0.0), np.where(allowed, G, 0.0), allowed, shared)

    def trimmed(self) -> Batch:
        """The same problems without the trailing features none of them may use."""
        used = np.flatnonzero(self.allowed.any(axis=0))
        q = int(used[-1]) + 1 if used.size else 1
        shared = None if self.shared is None else self.shared[:q, :q]
        X = None if self.X is None else self.X[:, :q]
        return Batch(self.H[:, :q, :q], self.G[:, :q], self.allowed[:, :q], shared, X, self.Y)

    @classmethod
    def from_design(cls, Xc: np.ndarray, Yc: np.ndarray, allowed: np.ndarray | None = None) -> Batch:
        """Problems sharing one centred design ``Xc`` (n, p) with centred targets ``Yc`` (B, n)."""
        n = Xc.shape[0]
        Yc = np.atleast_2d(Yc)
        made = cls.create(Xc.T @ Xc / n, Yc @ Xc / n, allowed)
        return cls(made.H, made.G, made.allowed, made.shared, Xc, Yc)

    @property
    def shape(self) -> tuple[int, int]:
        return self.G.shape[0], self.G.shape[1]


def _factorised(penalty: str, l1_ratio: float) -> bool:
    """Solved from each batch's own factorisation or subset search, not by the homotopy or the walk."""
    return penalty in ("none", "l2", "l0") or (penalty == "elasticnet" and l1_ratio == 0.0)


def paths(batch: Batch, penalty: str, lams: np.ndarray, l1_ratio: float = 0.5) -> np.ndarray:
    """Weights of every problem along ``lams`` (positive, any order): shape (B, L, p)."""
    lams = np.asarray(lams, dtype=float)
    if penalty == "l0":
        return l0_paths(batch, lams)
    if _factorised(penalty, l1_ratio):
        return ridge_paths(batch, np.zeros_like(lams) if penalty == "none" else lams)
    rho = 1.0 if penalty == "l1" else float(l1_ratio)
    batch, p = batch.trimmed(), batch.shape[1]
    order = np.argsort(-lams, kind="stable")
    desc = lams[order]
    jitter = _jitter(batch)
    solid = Batch(batch.H + jitter[:, None, None] * np.eye(batch.shape[1]), batch.G, batch.allowed)
    if rho == 1.0:
        W = _lasso_homotopy(batch, desc, jitter)
    else:  # problems of one design and jitter have one H on any support they share
        same = None if batch.shared is None else np.unique(jitter, return_inverse=True)[1].ravel()
        W = _enet_walk(solid, desc, rho, same=same)
    W = _certify(batch, W, desc, rho, jitter)
    out = np.zeros((W.shape[0], lams.size, p))
    out[:, order, : W.shape[2]] = W
    return out


def paths_each(batches: list[Batch], penalty: str, lams: np.ndarray, l1_ratio: float = 0.5) -> list[np.ndarray]:
    """``paths`` of several batches over the same features (every fold of a CV, say).

    The homotopy and the walk step every problem at every grid point, so their batches run
    stacked as one (one loop instead of one per batch), and L0 scores every batch's
    supports in one enumeration; ridge uses each batch's own design, so runs them one by one.
    """
    if penalty == "l0":
        return l0_paths_each(batches, lams)
    if _factorised(penalty, l1_ratio):
        return [paths(b, penalty, lams, l1_ratio) for b in batches]
    stacked = Batch(*(np.concatenate([getattr(b, f) for b in batches]) for f in ("H", "G", "allowed")))
    return np.split(paths(stacked, penalty, lams, l1_ratio), np.cumsum([b.shape[0] for b in batches])[:-1])


def ridge_paths(batch: Batch, lams: np.ndarray) -> np.ndarray:
    """``w(λ) = V diag(s/(s² + nλ)) Uᵀy`` (or from H's eigenvalues), every λ at once.

    With the design at hand, one SVD per distinct set of allowed features (as
    ``regviz.path`` does: no squared condition number); else one eigendecomposition of
    each H. λ = 0 gives the minimum-norm least-squares weights: numerically zero
    directions are dropped, as a pseudo-inverse does.
    """
    lams = np.asarray(lams, dtype=float)
    if batch.X is not None and batch.Y is not None:
        return _ridge_svd(batch, lams)
    e, Q = np.linalg.eigh(batch.H)  # (B, p), (B, p, p)
    qg = np.einsum("bji,bj->bi", Q, batch.G)
    tiny = e[:, -1:] * e.shape[1] * 1e-13
    with np.errstate(divide="ignore", invalid="ignore"):
        factor = 1.0 / (e[:, None, :] + lams[None, :, None])  # (B, L, p)
    dead = (e[:, None, :] <= tiny[:, None, :]) & (lams[None, :, None] == 0.0)
    factor = np.where(dead | ~np.isfinite(factor), 0.0, factor)
    return np.einsum("bij,blj->bli", Q, factor * qg[:, None, :])


def _ridge_svd(batch: Batch, lams: np.ndarray) -> np.ndarray:
    """Ridge from the SVD of each distinct masked design, all in one batched SVD.

    X = QR, so a masked design is Q times the masked R: the SVDs are those of the small
    masked Rs (U = QU_R), and a mask's zero columns only add zero singular values, which
    are dropped.
    """
    assert batch.X is not None and batch.Y is not None
    n = batch.X.shape[0]
    masks, which = np.unique(batch.allowed, axis=0, return_inverse=True)
    Q, R = np.linalg.qr(batch.X)
    U, s, Vt = np.linalg.svd(R[None] * masks[:, None, :], full_matrices=False)  # (M, k, r), (M, r), (M, r, p)
    cols = masks.sum(axis=1)
    keep = np.arange(s.shape[1])[None, :] < np.minimum(cols, n)[:, None]  # past the rank: zero columns'
    tiny = s <= s[:, :1] * np.maximum(cols, n)[:, None] * np.finfo(float).eps
    nl = n * lams[None, :, None]
    with np.errstate(divide="ignore", invalid="ignore"):
        factor = np.where(s[:, None] ** 2 + nl > 0, s[:, None] / (s[:, None] ** 2 + nl), 0.0)  # (M, L, r)
    factor *= keep[:, None, :]
    factor[((lams == 0)[None, :, None] & tiny[:, None, :])] = 0.0
    which = np.ravel(which)
    uty = np.einsum("bk,bkr->br", batch.Y @ Q, U[which])  # (B, r)
    out = (factor[which] * uty[:, None, :]) @ Vt[which]
    return out * batch.allowed[:, None, :]


def _jitter(batch: Batch) -> np.ndarray:
    """A ridge of 1e-12·‖H_b‖ for problems whose H is singular (p > n, duplicated columns)."""
    e = np.linalg.eigvalsh(batch.H + np.where(batch.allowed, 0.0, 1.0)[:, :, None] * np.eye(batch.shape[1]))
    top = np.maximum(e[:, -1], 1e-300)
    return np.where(e[:, 0] < 1e-9 * top, 1e-12 * top, 0.0)


def _lasso_homotopy(batch: Batch, desc: np.ndarray, jitter: np.ndarray) -> np.ndarray:
    """Exact lasso paths at the λ values ``desc`` (descending), all problems in lock step.

    On a segment with active set A and signs s the weights are affine in λ:
    ``w_A(λ) = u − λv`` with ``u = H_AA⁻¹g_A``, ``v = H_AA⁻¹s_A``, and the correlations
    ``c(λ) = g − Hw(λ) = a + λq``. The segment ends where an inactive ``c_j`` reaches ±λ
    (j enters) or an active ``w_j`` reaches 0 (j leaves). ``P`` is the inverse of H_AA
    padded with the identity; each event changes it by ``σ zzᵀ + τ e_j e_jᵀ``.
    """
    B, p = batch.shape
    rows = np.arange(B)
    eye = np.eye(p)
    H = batch.H + jitter[:, None, None] * eye
    G, allowed = batch.G, batch.allowed
    lam = np.abs(G).max(axis=1)  # λ_max: above it every weight is zero
    first = np.abs(G).argmax(axis=1)
    active = np.zeros((B, p), dtype=bool)
    active[rows, first] = lam > 0
    R = np.zeros((B, p, 2))  # right-hand sides: g_A and s_A
    R[rows, first, 0] = np.where(lam > 0, G[rows, first], 0.0)
    R[rows, first, 1] = np.sign(R[rows, first, 0])
    P = np.tile(eye, (B, 1, 1))
    P[rows, first, first] = np.where(lam > 0, 1.0 / np.maximum(H[rows, first, first], 1e-300), 1.0)
    changed = np.zeros((B, p), dtype=bool)
    alive = lam > desc[-1]
    stalled = np.zeros(B, dtype=int)  # consecutive events at the same λ
    # Problems finish at different steps (a degree-1 fit after one event, degree 20 after
    # dozens): the loop steps only a working set, dropping finished ones when a quarter of
    # it has finished. A dropped problem's segment and knot stay as they were.
    work = np.arange(B)
    lam_all, U_last, V_last = lam.copy(), np.zeros((B, p)), np.zeros((B, p))
    knots, Us, Vs = [lam.copy()], [], []
    events = np.empty((B, 3, p))
    for step in range(8 * p + 8):
        if not alive.any():
            break
        if alive.sum() <= 0.75 * work.size:
            keep = np.flatnonzero(alive)
            work, H, G, allowed = work[keep], H[keep], G[keep], allowed[keep]
            lam, active, R, P, changed, alive, stalled = (x[keep] for x in (lam, active, R, P, changed, alive, stalled))
            rows, events = np.arange(keep.size), np.empty((keep.size, 3, p))
        if step and step % REFRESH == 0:  # rank-one updates drift on ill-conditioned designs
            P = _padded_inverse(H, active)
        UV = P @ R
        AQ = H @ UV
        u, v = UV[..., 0], UV[..., 1]
        a, q = G - AQ[..., 0], AQ[..., 1]
        with np.errstate(divide="ignore", invalid="ignore"):
            np.divide(a, 1.0 - q, out=events[:, 0])
            np.divide(a, -1.0 - q, out=events[:, 1])
            np.divide(u, v, out=events[:, 2])
        hi = lam[:, None] * np.where(changed, 1.0 - _JUST_CHANGED, 1.0)
        free = allowed & ~active
        ok = (events > 0) & (events < hi[:, None, :])
        ok[:, :2] &= free[:, None, :]
        ok[:, 2] &= active
        # Round-off can put an event a hair above λ: a constraint already violated at λ
        # (|c_j| > λ off the support, a weight of the wrong sign on it) happens now.
        c_now = a + lam[:, None] * q
        w_now = u - lam[:, None] * v
        late = ~changed & (lam[:, None] > 0)
        over = late & free & (np.abs(c_now) > lam[:, None] * (1.0 + _LATE))
        events[:, 0] = np.where(over & (c_now > 0), lam[:, None], events[:, 0])
        events[:, 1] = np.where(over & (c_now < 0), lam[:, None], events[:, 1])
        ok[:, 0] |= over & (c_now > 0)
        ok[:, 1] |= over & (c_now < 0)
        flip = late & active & (w_now * R[..., 1] < 0)
        events[:, 2] = np.where(flip, lam[:, None], events[:, 2])
        ok[:, 2] |= flip
        flat = np.where(ok, events, 0.0).reshape(work.size, -1)
        k = flat.argmax(axis=1)
        nxt = np.where(alive, flat[rows, k], lam)
        # Round-off can make variables trade places at one λ for ever: such a problem stops
        # here, and _certify solves the rest of its grid from where it stopped.
        stalled = np.where(alive & (nxt >= lam), stalled + 1, 0)
        alive &= stalled <= STALL
        nxt = np.where(alive, nxt, lam)
        kind, j = np.divmod(k, p)
        U_last[work], V_last[work], lam_all[work] = u, v, nxt
        Us.append(U_last.copy())
        Vs.append(V_last.copy())
        knots.append(lam_all.copy())
        ev = np.flatnonzero(alive & (nxt > 0))
        changed[:] = False
        if ev.size:
            je, enter = j[ev], kind[ev] < 2
            at = np.arange(ev.size)
            Pe = P[ev]
            # enter: z = H_AA⁻¹H_Aj − e_j, σ = 1/Schur, τ = −1;  leave: z = P e_j, σ = −1/P_jj, τ = +1
            h = np.where(enter[:, None], np.where(active[ev], H[ev, :, je], 0.0), eye[je])
            z = np.einsum("bij,bj->bi", Pe, h)
            schur = np.where(enter, H[ev, je, je] - np.einsum("bi,bi->b", h, z), z[at, je])
            z[at, je] -= enter
            with np.errstate(divide="ignore", invalid="ignore"):  # a dependent column: _certify re-solves
                sigma = np.where(enter, 1.0, -1.0) / schur
                Pe += sigma[:, None, None] * z[:, :, None] * z[:, None, :]
            Pe[at, je, je] += np.where(enter, -1.0, 1.0)
            out = at[~enter]  # a leaving row and column must be exactly e_j, not round-off
            Pe[out, je[~enter], :] = 0.0
            Pe[out, :, je[~enter]] = 0.0
            Pe[out, je[~enter], je[~enter]] = 1.0
            P[ev] = Pe
            active[ev, je] = enter
            sign = np.where(kind[ev] == 0, 1.0, -1.0)
            R[ev, je, 0] = np.where(enter, G[ev, je], 0.0)
            R[ev, je, 1] = np.where(enter, sign, 0.0)
            changed[ev, je] = True
        lam = nxt
        alive &= lam > desc[-1]
    if not Us:  # every λ is at or above every problem's λ_max
        return np.zeros((B, desc.size, p))
    # The segment of grid value λ_i is the number of later knots at or above it.
    K = np.array(knots)  # (steps + 1, B)
    seg = np.minimum((K[1:, :, None] >= desc[None, None, :]).sum(axis=0), len(Us) - 1)  # (B, L)
    U, V = np.array(Us), np.array(Vs)  # (steps, B, p)
    every = np.arange(B)[:, None]
    W = U[seg, every] - desc[None, :, None] * V[seg, every]
    W[desc[None, :] >= K[0][:, None]] = 0.0  # at or above λ_max
    return W


def _padded_inverse(H: np.ndarray, active: np.ndarray) -> np.ndarray:
    """Inverse of H_AA padded with the identity, for each problem."""
    return np.linalg.inv(_padded(H, active))


def _support_solve(
    H: np.ndarray, active: np.ndarray, shift: float, rhs: np.ndarray, same: np.ndarray | None
) -> np.ndarray:
    """``(H_AA + shift·I) w_A = rhs_A`` of each problem on its support A (rhs zero off it).

    Problems labelled alike in ``same`` with the same support share that system: it is
    solved once, their right-hand sides as its columns (resampled targets of one design
    share most supports; a batched solve costs per matrix, a column almost nothing).
    """
    B, p = active.shape
    if same is None or p > 62 or B < 64:  # a small batch: gathering costs more than it saves
        return np.linalg.solve(_padded(H, active, shift), rhs[..., None])[..., 0]
    keys = (active @ (1 << np.arange(p, dtype=np.int64))) * (int(same.max()) + 1) + same
    _, first, group = np.unique(keys, return_index=True, return_inverse=True)
    group = group.ravel()
    if first.size > 0.7 * B:  # few shared: one system each is cheaper than gathering
        return np.linalg.solve(_padded(H, active, shift), rhs[..., None])[..., 0]
    counts = np.bincount(group)
    order = np.argsort(group, kind="stable")
    column = np.empty(B, dtype=np.int64)
    column[order] = np.arange(B) - np.repeat(np.cumsum(counts) - counts, counts)
    columns = np.zeros((first.size, p, int(counts.max())))
    columns[group, :, column] = rhs
    return np.linalg.solve(_padded(H[first], active[first], shift), columns)[group, :, column]


def _padded(H: np.ndarray, active: np.ndarray, shift: float = 0.0) -> np.ndarray:
    """Each problem's H on its support (rows and columns) plus ``shift`` on that diagonal,
    the identity off it: one square system per problem whatever the support's size."""
    on = active.astype(float)
    M = H * on[:, :, None]
    M *= on[:, None, :]
    M.reshape(M.shape[0], -1)[:, :: H.shape[-1] + 1] += np.where(active, shift, 1.0)
    return M


def _enet_walk(
    batch: Batch,
    desc: np.ndarray,
    rho: float,
    active: np.ndarray | None = None,
    s: np.ndarray | None = None,
    same: np.ndarray | None = None,
) -> np.ndarray:
    """Elastic-net weights at the λ values ``desc`` (descending), by a walk down the grid.

    At each λ every problem is solved on the support and signs it had at the previous λ
    (or ``active``, ``s`` at the first), ``(H_AA + λ(1−ρ)I) w_A = g_A − λρ s_A``; where a
    sign flips or an inactive correlation exceeds λρ, the support is corrected and the
    problem solved again. A point that does not settle within WALK_TRIES solves is solved
    by the exact solver there, so the next point starts from the right support.
    ``same`` (B,): problems with equal labels have the same H on a support they share
    (one design, nested features), so each support is factorised once (``_support_solve``).
    """
    B, p = batch.shape
    H, G, allowed = batch.H, batch.G, batch.allowed
    W = np.full((B, desc.size, p), np.nan)
    active = np.zeros((B, p), dtype=bool) if active is None else active.copy()
    s = np.zeros((B, p)) if s is None else s.copy()
    everyone = np.arange(B)
    C = np.zeros((2, B, p))  # the correlations g − Hw at the last two points
    for i, lam in enumerate(desc):
        l1, l2 = lam * rho, lam * (1.0 - rho)
        if i >= 2:
            active, s = _predicted_support(W[:, i - 2 : i], C, desc[i - 2 : i + 1], active, s, allowed, l1)
        todo = everyone
        for _ in range(WALK_TRIES):
            whole = todo.size == B
            Ht, Gt = (H, G) if whole else (H[todo], G[todo])
            act, sg = active[todo], s[todo]
            w = _support_solve(Ht, act, l2, (Gt - l1 * sg) * act, None if same is None else same[todo])
            corr = Gt - np.einsum("bij,bj->bi", Ht, w)
            flipped = act & (np.sign(w) != sg)
            enters = allowed[todo] & ~act & (np.abs(corr) > l1 * (1.0 + 1e-12))
            bad = flipped.any(axis=1) | enters.any(axis=1)
            W[todo[~bad], i] = w[~bad]
            C[1, todo[~bad]] = corr[~bad]
            if not bad.any():
                break
            # keep the weights whose signs held, add the violators with their correlation's sign
            new_act = (act & ~flipped) | enters
            active[todo[bad]] = new_act[bad]
            s[todo[bad]] = np.where(enters, np.sign(corr), np.where(new_act, sg, 0.0))[bad]
            todo = todo[bad]
        else:  # unsettled: solved exactly here, so the walk goes on from the right support
            start = W[todo, i - 1] if i else np.zeros((todo.size, p))
            W[todo, i] = exact_many(H[todo], G[todo], allowed[todo], l1, l2, start)
            C[1, todo] = G[todo] - np.einsum("bij,bj->bi", H[todo], W[todo, i])
        active, s = W[:, i] != 0, np.sign(W[:, i])
        C = C[::-1].copy()  # this point's correlations become the last point's
    return W


def _predicted_support(
    W2: np.ndarray, C: np.ndarray, lams: np.ndarray, active: np.ndarray, s: np.ndarray, allowed: np.ndarray, l1: float
) -> tuple[np.ndarray, np.ndarray]:
    """The support at the next λ from the last two points, extrapolated along the grid:
    a weight about to cross zero leaves, a correlation about to pass λρ enters. A wrong
    guess costs one more solve (the walk checks every solution), a right one saves it."""
    r = (lams[2] - lams[1]) / (lams[1] - lams[0])
    w_next = W2[:, 1] + r * (W2[:, 1] - W2[:, 0])
    c_next = C[0] + r * (C[0] - C[1])
    leave = active & (np.sign(w_next) != s)
    enter = allowed & ~active & (np.abs(c_next) > l1)
    active = (active & ~leave) | enter
    return active, np.where(enter, np.sign(c_next), np.where(active, s, 0.0))


def kkt_residual(batch: Batch, W: np.ndarray, desc: np.ndarray, rho: float, jitter: np.ndarray) -> np.ndarray:
    """Relative KKT violation of each solution, shape (B, L); 0 at an exact optimum.

    Stationarity on the support, ``|g − Hw − λ(1−ρ)w − λρ·sign(w)|``, and feasibility off it,
    ``max(|g − Hw| − λρ, 0)``, over ``max(λρ, max|g|)``.
    """
    H = batch.H + jitter[:, None, None] * np.eye(batch.shape[1])
    l1 = (desc * rho)[None, :, None]
    finite = np.isfinite(W)
    W = np.where(finite, W, 0.0)  # a solution with a NaN fails whatever its residual (below)
    corr = W @ H  # H is symmetric: (Hw)ᵀ = wᵀH; the arithmetic in place (a path is B·L·p values)
    np.subtract(batch.G[:, None, :], corr, out=corr)
    corr -= (desc * (1.0 - rho))[None, :, None] * W
    on = corr - l1 * np.sign(W)
    np.abs(on, out=on)
    off = np.abs(corr, out=corr)
    off -= l1
    np.maximum(off, 0.0, out=off)
    off *= batch.allowed[:, None, :]
    res = np.where(W != 0, on, off).max(axis=2)
    scale = np.maximum(desc[None, :] * rho, np.abs(batch.G).max(axis=1)[:, None])
    return np.where(finite.all(axis=2), res / np.maximum(scale, 1e-300), np.inf)


def _certify(batch: Batch, W: np.ndarray, desc: np.ndarray, rho: float, jitter: np.ndarray) -> np.ndarray:
    """Re-solve exactly every solution whose KKT residual exceeds KKT_TOL.

    Failures come in runs at the small-λ end of ill-conditioned problems (an event the
    homotopy computed from round-off, or a problem it stopped); each is solved warm-started
    from the certified solution at the next larger λ, which is one or two support changes
    away, all failures at one grid point in one batch.
    """
    bad = kkt_residual(batch, W, desc, rho, jitter) > KKT_TOL
    if not bad.any():
        return W
    H = batch.H + jitter[:, None, None] * np.eye(batch.shape[1])
    for i in np.flatnonzero(bad.any(axis=0)):  # in grid order: each starts from the point before
        rows = np.flatnonzero(bad[:, i])
        start = W[rows, i - 1] if i else np.zeros((rows.size, batch.shape[1]))
        W[rows, i] = exact_many(
            H[rows], batch.G[rows], batch.allowed[rows], desc[i] * rho, desc[i] * (1.0 - rho), start
        )
    return W


def exact_many(
    H: np.ndarray,
    G: np.ndarray,
    allowed: np.ndarray,
    l1: float,
    l2: float,
    start: np.ndarray,
    max_iter: int = 0,
    fallback: bool = True,
) -> np.ndarray:
    """``solvers.solve_enet_gram`` for many problems at one λ at once (the same feature-sign
    steps, each problem at its own pace); a problem not certified after ``max_iter`` steps
    (default 20p + 100, as there) is solved by it alone (unless ``fallback`` is off)."""
    P, p = G.shape
    rows = np.arange(P)
    H = H * allowed[:, :, None] * allowed[:, None, :] + l2 * np.eye(p) * allowed[:, :, None]
    G = np.where(allowed, G, 0.0)
    w = np.where(allowed, np.nan_to_num(start), 0.0)
    tol = solvers.KKT_TOL * np.maximum(np.maximum(l1, np.abs(G).max(axis=1)), 1e-300)
    done, stalled = np.zeros(P, dtype=bool), np.zeros(P, dtype=bool)
    for _ in range(max_iter or 20 * p + 100):
        grad = (H @ w[..., None])[..., 0] - G
        act, theta = w != 0, np.sign(w)
        off_kkt = np.where(act, np.abs(grad + l1 * theta), 0.0).max(axis=1) > tol
        on_support = ~done & act.any(axis=1) & off_kkt & ~stalled  # a step on the support
        violation = np.where(act | ~allowed, -np.inf, np.abs(grad) - l1)
        j = violation.argmax(axis=1)
        done |= ~on_support & (violation[rows, j] <= tol)
        grow = ~done & ~on_support  # the most violating feature enters
        moving = np.flatnonzero(on_support | grow)
        if not moving.size:
            break
        act[grow, j[grow]] = True
        theta[grow, j[grow]] = -np.sign(grad[grow, j[grow]])
        Hm, Gm, wm = H[moving], G[moving], w[moving]
        try:
            new = _sign_steps(Hm, Gm, l1, wm, act[moving], theta[moving])
        except np.linalg.LinAlgError:  # an exactly singular support: the single-problem solver's
            break
        worse = on_support[moving] & (_objectives(Hm, Gm, l1, new) >= _objectives(Hm, Gm, l1, wm))
        w[moving] = np.where(worse[:, None], wm, new)
        stalled[moving] = worse
    for b in np.flatnonzero(~done & fallback):  # what did not settle here: the single-problem solver
        idx = np.flatnonzero(allowed[b])
        w[b] = 0.0
        w[b, idx] = solvers.solve_enet_gram(H[b][np.ix_(idx, idx)], G[b, idx], l1, np.nan_to_num(start[b, idx]))
    return w


def _objectives(H: np.ndarray, G: np.ndarray, l1: float, X: np.ndarray) -> np.ndarray:
    """½xᵀHx − gᵀx + l1‖x‖₁ of each problem's x (P, p), or of several per problem (P, C, p)."""
    HX = X @ H if X.ndim == 3 else (H @ X[..., None])[..., 0]
    g = G[:, None, :] if X.ndim == 3 else G
    return (0.5 * HX * X - g * X).sum(axis=-1) + l1 * np.abs(X).sum(axis=-1)


def _sign_steps(
    H: np.ndarray, G: np.ndarray, l1: float, x: np.ndarray, act: np.ndarray, theta: np.ndarray
) -> np.ndarray:
    """Feature-sign steps (solvers._feature_sign_step) of many problems: to the sign-fixed
    optimum on each support, stopping at the best of its zero crossings."""
    P, p = x.shape
    target = np.linalg.solve(_padded(H, act), ((G - l1 * theta) * act)[..., None])[..., 0]
    crossing = (x != 0) & act & (np.sign(target) != np.sign(x))
    with np.errstate(divide="ignore", invalid="ignore"):
        t = np.where(crossing, x / (x - target), 0.0)
    cut = x[:, None, :] + t[:, :, None] * (target - x)[:, None, :]  # (P, p, p): stop where j crosses
    cut[:, np.arange(p), np.arange(p)] = 0.0
    candidates = np.concatenate([target[:, None, :], cut], axis=1)  # the segment's end first: ties keep it
    f = _objectives(H, G, l1, candidates)
    f[:, 1:][~crossing] = np.inf
    return candidates[np.arange(P), f.argmin(axis=1)]


def l0_paths(batch: Batch, lams: np.ndarray) -> np.ndarray:
    """Exact best-subset (L0) weights of every problem along ``lams``."""
    return l0_paths_each([batch], lams)[0]


def l0_paths_each(batches: list[Batch], lams: np.ndarray) -> list[np.ndarray]:
    """``l0_paths`` of several batches, their prefix problems scored in one enumeration.

    Problems that use a prefix of their features (every polynomial degree) are scored
    together: a subset belongs to a degree when its last feature is inside it. Problems
    that share H (every degree, every resampled target of one design) share one Gram
    matrix of the enumeration, each distinct target one column; a problem with its own H
    (a fold of a cross-validation) is one more Gram matrix, all walked at once.
    """
    out = [np.zeros((b.shape[0], len(lams), b.shape[1])) for b in batches]
    grams: list[np.ndarray] = []  # per Gram matrix of the enumeration: H and its distinct targets
    targets: list[np.ndarray] = []
    owners: list[tuple[int, np.ndarray, np.ndarray]] = []  # per Gram matrix: (batch, its problems, their target)
    for i, batch in enumerate(batches):
        B, p = batch.shape
        degrees = batch.allowed.sum(axis=1)
        if not np.array_equal(batch.allowed, np.arange(p)[None, :] < degrees[:, None]):
            out[i] = _l0_reordered(batch, lams)
            continue
        top = int(degrees.max())
        if top > MAX_L0_FEATURES:
            raise InputError("l0_too_many", maximum=MAX_L0_FEATURES, p=top)
        if batch.shared is None:
            for b in range(B):
                grams.append(batch.H[b, :top, :top])
                targets.append(batch.G[b : b + 1, :top])
                owners.append((i, np.array([b]), np.array([0])))
            continue
        # G is masked per problem, the design's is not
        G = batch.G if batch.X is None or batch.Y is None else batch.Y @ batch.X / batch.X.shape[0]
        distinct, which = np.unique(G[:, :top], axis=0, return_inverse=True)
        grams.append(batch.shared[:top, :top])
        targets.append(distinct)
        owners.append((i, np.arange(B), np.ravel(which)))
    if grams:
        d = np.concatenate([batches[i].allowed[rows].sum(axis=1) for i, rows, _ in owners])
        f_of = np.concatenate([np.full(len(rows), f) for f, (_, rows, _) in enumerate(owners)])
        W = _l0_enumerated(lams, grams, targets, d, f_of, np.concatenate([which for *_, which in owners]))
        start = 0
        for i, rows, _ in owners:
            q = min(W.shape[2], out[i].shape[2])
            out[i][rows, :, :q] = W[start : start + len(rows), :, :q]
            start += len(rows)
    return out


def _l0_enumerated(
    lams: np.ndarray,
    grams: list[np.ndarray],
    targets: list[np.ndarray],
    d: np.ndarray,
    f_of: np.ndarray,
    r_of: np.ndarray,
) -> np.ndarray:
    """Problem k of degree d[k], Gram matrix ``grams[f_of[k]]`` and target ``targets[f_of[k]][r_of[k]]``:
    its weights (P, L, max d), least squares on each λ's best support, from one enumeration."""
    top = int(d.max())
    F, R = len(grams), max(t.shape[0] for t in targets)
    H, T = np.zeros((F, top, top)), np.zeros((F, R, top))
    for f, (h, t) in enumerate(zip(grams, targets, strict=True)):
        q = h.shape[0]
        H[f, :q, :q], T[f, : t.shape[0], :q] = h, t
    gains, masks = best_by_size(H, T)  # (top + 1, top + 1, F, R): prefix d, size k, Gram f, target r
    loss = -0.5 * gains[d, :, f_of, r_of]  # (P, top + 1): the data loss of each size's best, up to ½yy; inf past d
    sizes = np.arange(top + 1)
    best_k = np.argmin(loss[:, None, :] + np.asarray(lams)[None, :, None] * sizes, axis=2)  # (P, L); ties: smaller
    chosen = np.stack(
        [
            masks[d[:, None], best_k, f_of[:, None], r_of[:, None]],
            *np.broadcast_arrays(f_of[:, None], r_of[:, None], best_k)[:2],
        ],
        axis=-1,
    )
    triples, inverse = np.unique(chosen.reshape(-1, 3), axis=0, return_inverse=True)  # (support, Gram, target) to fit
    bits = ((triples[:, :1] >> np.arange(top)) & 1).astype(bool)  # (U, top)
    fitted = np.zeros((len(triples), top))
    for k in np.unique(bits.sum(axis=1)):
        if k == 0:
            continue
        rows = np.flatnonzero(bits.sum(axis=1) == k)
        S = np.nonzero(bits[rows])[1].reshape(rows.size, k)
        f, r = triples[rows, 1], triples[rows, 2]
        # least squares on each support (minimum norm where a duplicate makes H_SS singular)
        inv = np.linalg.pinv(H[f[:, None, None], S[:, :, None], S[:, None, :]])
        fitted[rows[:, None], S] = np.einsum("uij,uj->ui", inv, T[f[:, None], r[:, None], S])
    return fitted[inverse.ravel()].reshape(len(d), len(lams), top)


def _l0_reordered(batch: Batch, lams: np.ndarray) -> np.ndarray:
    """Problems with any allowed features: each one's allowed features moved to the front
    (a prefix, each problem its own H), solved, and the weights put back in place."""
    order = np.argsort(~batch.allowed, axis=1, kind="stable")  # (B, p): allowed first
    H = np.take_along_axis(np.take_along_axis(batch.H, order[:, :, None], axis=1), order[:, None, :], axis=2)
    G, allowed = np.take_along_axis(batch.G, order, axis=1), np.take_along_axis(batch.allowed, order, axis=1)
    W = np.zeros((batch.shape[0], len(lams), batch.shape[1]))
    np.put_along_axis(W, np.broadcast_to(order[:, None, :], W.shape), l0_paths(Batch(H, G, allowed), lams), axis=2)
    return W
