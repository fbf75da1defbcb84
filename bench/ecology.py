"""Benchmark of the industry-ecology core (issue 13), each part against its straightforward
baseline in the same run (the machine is shared, so only the ratios in one run mean much):

  1. hourly CFE for --sites (1,000) sites x 8,784 hours (target < 0.5 s, memory printed)
     against a plain Python loop: bench/ecology_cfe.py;
  2. matching --offers (20,000) offers against --needs (20,000) needs (target < 10 s) against
     all pairs in Python on a sample of needs, extrapolated (said so): bench/ecology_matching.py.

Each runs in its own process (so the memory each prints is its own); this script prints their
reports and a summary line per target (met or missed) from their figures.

Usage: python bench/ecology.py [--sites 1000] [--offers 20000] [--needs 20000] [--seed 2026]
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
TARGETS = {"cfe": 0.5, "matching": 10.0}  # seconds, from the issue


def run(script: str, *args: str) -> str:
    """Run one bench script with this interpreter; its report (stdout), or exit on failure."""
    done = subprocess.run(
        [sys.executable, str(HERE / script), *args], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"{script} failed (exit {done.returncode})")
    return done.stdout


def figure(report: str, pattern: str) -> float:
    found = re.search(pattern, report)
    if found is None:
        raise SystemExit(f"no figure matching {pattern!r} in:\n{report}")
    return float(found.group(1).replace(",", ""))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sites", type=int, default=1000)
    parser.add_argument("--offers", type=int, default=20_000)
    parser.add_argument("--needs", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    seed = ["--seed", str(args.seed)]

    print("== 1. Hourly CFE (bench/ecology_cfe.py) ==")
    cfe = run("ecology_cfe.py", "--sites", str(args.sites), *seed)
    print(cfe)
    print("== 2. Symbiosis matching (bench/ecology_matching.py) ==")
    matching = run(
        "ecology_matching.py", "--offers", str(args.offers), "--needs", str(args.needs), *seed
    )
    print(matching)

    cfe_s = figure(cfe, r"\(a\) cfe_many\s+median\s+([\d.]+) s")
    cfe_ratio = figure(cfe, r"speed-up \(b\)/\(a\)\s+([\d.,]+) x")
    match_s = figure(matching, r"\(a\) match\(\)\s+median\s+([\d.]+) s")
    match_ratio = figure(matching, r"speed-up \(extrapolated all pairs / match\): ([\d.,]+)x")
    print("== Summary ==")
    for name, seconds, ratio, what in (
        ("cfe", cfe_s, cfe_ratio, f"CFE {args.sites} sites x 8,784 h"),
        ("matching", match_s, match_ratio, f"matching {args.offers:,} x {args.needs:,}"),
    ):
        verdict = "met" if seconds < TARGETS[name] else "MISSED"
        print(
            f"{what:<34} median {seconds:8.3f} s (target < {TARGETS[name]} s: {verdict}); "
            f"{ratio:,.1f}x the baseline"
        )


if __name__ == "__main__":
    main()
