"""Benchmark of the product-footprint solver (issue 14) against Brightway's bw2calc, same run.

A seeded random supply graph of --processes (100,000) processes, one product each, in sites
of four: every process takes about three inputs, each from a process of an earlier site, or
(5 %) from a process of its own site, in any direction (loops such as steam and power made
for each other); 1 % of processes use some of their own product. Inputs per column sum to
under 0.8 of the output, so the model is productive.

  ours: ``solve_arrays(A, e)``: the footprint per unit of EVERY product (A^T f = e, one
        sparse LU, with the productivity check), target < 2 s;
  bw2calc: ``LCA(demand={product: 1}).lci(); .lcia()`` on the same matrix from a
        bw_processing datapackage (technosphere A, one biosphere flow e, characterization 1):
        the footprint of ONE product (its supply vector A s = d), the way bw2calc is used.
        Its score for --check (5) products is compared with ours (1e-9 relative), on a
        graph of --compare-processes (20,000) built the same way: bw2calc factorises again
        for every product and on the full 100,000 did not finish in 20 minutes here.

The time ratio printed is bw2calc's time for one product over ours for all of them; the two
tasks differ, and both are printed. bw2calc is the optional `bench` extra
(`pip install -e '.[bench]'`, which `make bench-footprint` does); without it the bench says
so and times ours only.

Usage: python bench/footprint.py [--processes 100000] [--compare-processes 20000] [--repeat 3]
       [--check 5] [--seed 2026]
"""

from __future__ import annotations

import argparse
import statistics
import time
import warnings
from typing import Any

import numpy as np
import scipy.sparse as sp

from greenledger.core.products.footprint import solve_arrays

_SITE = 4  # processes per site: loops (steam and power made for each other) stay in a site


def supply_graph(n: int, seed: int) -> tuple[sp.csc_matrix, np.ndarray]:
    """The technosphere matrix (column j: process j; +output on the diagonal, inputs negative)
    and the direct emissions per run of each process."""
    rng = np.random.default_rng(seed)
    k = rng.poisson(3, n)
    cols = np.repeat(np.arange(n), k)
    m = cols.size
    site = (cols // _SITE) * _SITE  # the first process of the column's site
    upstream = (site * rng.random(m)).astype(np.int64)  # a process of an earlier site
    same_site = site + rng.integers(0, _SITE, m)
    local = (rng.random(m) < 0.05) | (site == 0)
    rows = np.minimum(np.where(local, same_site, upstream), n - 1)
    keep = rows != cols
    rows, cols = rows[keep], cols[keep]
    own = np.flatnonzero(rng.random(n) < 0.01)
    rows = np.concatenate([rows, own])
    cols = np.concatenate([cols, own])
    amount = rng.random(rows.size)
    per_column = np.bincount(cols, amount, n)
    output = rng.uniform(0.5, 2.0, n)
    amount = amount / per_column[cols] * 0.8 * rng.random(rows.size) * output[cols]
    a = sp.csc_matrix(
        (
            np.concatenate([output, -amount]),
            (np.concatenate([np.arange(n), rows]), np.concatenate([np.arange(n), cols])),
        ),
        shape=(n, n),
    )
    return a, rng.uniform(0.0, 5.0, n)


def _bw2calc() -> Any:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # its note that pypardiso is not installed
            import bw2calc
            import bw_processing
    except ImportError:
        return None
    return bw2calc, bw_processing


def _datapackage(bwp: Any, a: sp.csc_matrix, e: np.ndarray) -> Any:
    coo = a.tocoo()
    n = a.shape[0]
    dp = bwp.create_datapackage()
    indices = np.empty(coo.nnz, dtype=bwp.INDICES_DTYPE)
    indices["row"], indices["col"] = coo.row, coo.col
    dp.add_persistent_vector(
        matrix="technosphere_matrix",
        indices_array=indices,
        data_array=np.abs(coo.data),
        flip_array=coo.data < 0,
        name="technosphere",
    )
    flow = n  # one biosphere flow (tCO2e), its id after the products'
    bio = np.empty(n, dtype=bwp.INDICES_DTYPE)
    bio["row"], bio["col"] = flow, np.arange(n)
    dp.add_persistent_vector(
        matrix="biosphere_matrix", indices_array=bio, data_array=e, name="biosphere"
    )
    cf = np.empty(1, dtype=bwp.INDICES_DTYPE)
    cf["row"], cf["col"] = flow, flow
    dp.add_persistent_vector(
        matrix="characterization_matrix",
        indices_array=cf,
        data_array=np.ones(1),
        name="characterization",
    )
    return dp


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--processes", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--check", type=int, default=5)
    # bw2calc factorises the matrix again for every product; on this random graph SciPy's
    # ordering fills in badly (100,000 processes did not finish in 20 minutes here, with or
    # without pypardiso under load), so the comparison runs on a graph of this size
    parser.add_argument("--compare-processes", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    a, e = supply_graph(args.processes, args.seed)
    print(f"supply graph: {a.shape[0]:,} processes, {a.nnz:,} nonzeros (seed {args.seed})")

    ours: list[float] = []
    f = np.empty(0)
    for _ in range(args.repeat):
        start = time.perf_counter()
        f = solve_arrays(a, e)
        ours.append(time.perf_counter() - start)
    ours_median = statistics.median(ours)
    residual = float(np.abs(a.T @ f - e).max())
    print(
        f"ours     all {a.shape[0]:,} footprints: median {ours_median:.3f} s of {args.repeat} "
        f"(target < 2 s: {'met' if ours_median < 2 else 'NOT met'}); max |A^T f - e| = "
        f"{residual:.1e}"
    )

    found = _bw2calc()
    if found is None:
        print(
            "bw2calc: NOT INSTALLED, so no comparison was made. Install the bench extra: "
            "pip install -e '.[bench]' (make bench-footprint does)."
        )
        return
    bw2calc, bwp = found
    if args.compare_processes != a.shape[0]:
        a, e = supply_graph(args.compare_processes, args.seed)
        ours = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            f = solve_arrays(a, e)
            ours.append(time.perf_counter() - start)
        ours_median = statistics.median(ours)
        print(
            f"comparison graph: {a.shape[0]:,} processes, {a.nnz:,} nonzeros; ours all "
            f"footprints: median {ours_median:.3f} s of {args.repeat}"
        )
    rng = np.random.default_rng(args.seed + 1)
    products = rng.choice(a.shape[0], size=args.check, replace=False)
    solver = "pypardiso" if getattr(bw2calc, "PYPARDISO", False) else "SciPy spsolve"
    print(f"bw2calc {bw2calc.__version__} ({solver}): {len(products)} products ...", flush=True)
    theirs: list[float] = []
    worst = 0.0
    for product in products:
        dp = _datapackage(bwp, a, e)
        start = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            lca = bw2calc.LCA(demand={int(product): 1.0}, data_objs=[dp])
            lca.lci()
            lca.lcia()
        theirs.append(time.perf_counter() - start)
        score = float(lca.score)
        worst = max(worst, abs(score - f[product]) / abs(f[product]))
    theirs_median = statistics.median(theirs)
    print(
        f"bw2calc {bw2calc.__version__} one product's footprint (matrices built from the "
        f"datapackage, lci, lcia): median {theirs_median:.3f} s of {len(theirs)}"
    )
    verdict = "agree" if worst <= 1e-9 else "DISAGREE"
    print(f"{len(products)} products compared: largest relative difference {worst:.1e} ({verdict})")
    print(
        f"time ratio bw2calc (one product) / ours (all products): "
        f"{theirs_median / ours_median:.1f}x"
    )
    if worst > 1e-9:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
