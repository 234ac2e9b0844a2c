"""Monotone alignment of a row's values with header columns (columns may be skipped).

Dumps drop blank cells, so a row's values must be placed by what they look like:
the caller scores how well each value fits each column and what skipping a
column costs; a small dynamic programme finds the best order-keeping match.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence


def best_alignment(
    n_values: int,
    columns: Sequence[str],
    fit: Callable[[int, str], float],
    skip_cost: Callable[[str], float],
) -> list[tuple[int, int]]:
    """(value index, column index) pairs of the best monotone assignment; n_values ≤ columns."""
    m = len(columns)
    neg = float("-inf")
    best = [[neg] * (m + 1) for _ in range(n_values + 1)]
    best[0][0] = 0.0
    for j in range(1, m + 1):
        best[0][j] = best[0][j - 1] - skip_cost(columns[j - 1])
    for i in range(1, n_values + 1):
        for j in range(i, m + 1):
            take = best[i - 1][j - 1] + fit(i - 1, columns[j - 1])
            skip = best[i][j - 1] - skip_cost(columns[j - 1])
            best[i][j] = max(take, skip)
    pairs: list[tuple[int, int]] = []
    i, j = n_values, m
    while i > 0 and j > 0:
        if j > i and best[i][j] == best[i][j - 1] - skip_cost(columns[j - 1]):
            j -= 1
            continue
        pairs.append((i - 1, j - 1))
        i, j = i - 1, j - 1
    return list(reversed(pairs))
