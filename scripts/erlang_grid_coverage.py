"""How often the validation grid's 99% intervals hold the closed form, over
many independent studies (each a different seed): the coverage the grid test
relies on. Prints misses per grid point and metric, and the overall rate.

    nice .venv/bin/python scripts/erlang_grid_coverage.py --studies 30 [--model c|a|both]
"""

from __future__ import annotations

import argparse
import collections
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.csba.simulation.grid import PATIENCE, grid  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--studies", type=int, default=30)
    parser.add_argument("--replications", type=int, default=10)
    parser.add_argument("--model", choices=("c", "a", "both"), default="both")
    parser.add_argument("--first-seed", type=int, default=1000)
    args = parser.parse_args()
    models = {"c": [None], "a": [PATIENCE], "both": [None, PATIENCE]}[args.model]
    for patience in models:
        misses, checks = collections.Counter(), 0
        for study in range(args.studies):
            for check in grid(patience=patience, replications=args.replications, seed=args.first_seed + study):
                checks += check.method == "t"
                if not check.inside:
                    misses[(check.load, check.agents, check.metric, check.method)] += 1
        name = "Erlang C" if patience is None else f"Erlang A (patience {patience:g} s)"
        total = sum(misses.values())
        print(
            f"{name}: {total} misses in {checks} interval checks over {args.studies} studies "
            f"(coverage {1 - total / checks:.4f}; nominal 0.99)"
        )
        for key, count in misses.most_common():
            print("  ", *key, count)
        sys.stdout.flush()


if __name__ == "__main__":
    main()
