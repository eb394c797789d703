"""The total-fit breaker as it was before its speed work (bookpress 27b96c9, ``knuth_plass.break_lines``): the
oracle that :mod:`bookpress.render.knuth_plass` must agree with, break for break, demerit for demerit."""

from __future__ import annotations

from dataclasses import dataclass

from bookpress.render.knuth_plass import BOX, GLUE, INFINITY, PENALTY, TOLERANCES, Breaks, Item, Settings


@dataclass
class _Node:
    position: int
    line: int
    fitness: int
    hyphens: int
    demerits: float
    previous: "_Node | None"


def break_lines(items: list[Item], widths: tuple[float, float], settings: Settings = Settings()) -> Breaks | None:
    """Return the best breaks of ``items`` into lines of ``widths`` = (first line, other lines).

    The last items must be :func:`paragraph_end`. Tries ever looser adjustment ratios from :data:`TOLERANCES`
    up to 2.5 with the runt rule, then without it, then looser still; returns ``None`` when no breaking without an overfull line exists
    (a box wider than the line).
    """
    acceptable = [t for t in TOLERANCES if t <= 2.5]
    attempts = [(t, True) for t in acceptable] + [(t, False) for t in acceptable] + \
        [(t, runts) for t in TOLERANCES if t > 2.5 for runts in (True, False)]
    for tolerance, runts in attempts:
        result = _run(items, widths, settings, tolerance, runts)
        if result is not None:
            return Breaks(result[0], result[1] + (0 if runts else 1e7), tolerance)
    return None


def _fitness(ratio: float) -> int:
    return 0 if ratio < 0.5 else 1 if ratio < 1 else 2 if ratio < 2 else 3


def _run(items: list[Item], widths: tuple[float, float], s: Settings, tolerance: float,
         runts: bool) -> tuple[list[int], float] | None:
    n = len(items)
    # prefix sums of width and stretch
    sum_w = [0.0] * (n + 1)
    sum_y = [0.0] * (n + 1)
    for i, item in enumerate(items):
        sum_w[i + 1] = sum_w[i] + (item.width if item.kind != PENALTY else 0)
        sum_y[i + 1] = sum_y[i] + (item.stretch if item.kind == GLUE else 0)
    next_typed = [n] * (n + 1)
    for i in range(n - 1, -1, -1):
        next_typed[i] = i if items[i].kind == PENALTY and items[i].typed else next_typed[i + 1]
    active: list[_Node] = [_Node(0, 0, 1, 0, 0.0, None)]
    for b, item in enumerate(items):
        if item.kind == BOX or (item.kind == GLUE and (b == 0 or items[b - 1].kind != BOX)):
            continue
        if item.kind == PENALTY and item.penalty >= INFINITY:
            continue
        forced = item.kind == PENALTY and item.penalty <= -INFINITY
        candidates: dict[tuple[int, int], _Node] = {}
        keep = []
        for node in active:
            start = _after_break(items, node.position) if node.position else 0
            width = widths[0] if node.line == 0 else widths[1]
            natural = sum_w[b] - sum_w[start] + (item.width if item.kind == PENALTY else 0)
            stretch = sum_y[b] - sum_y[start]
            if natural > width:
                continue  # overfull: this node can never reach further breaks either
            keep.append(node)
            if forced:
                ratio = 0.0 if stretch >= 1e5 else ((width - natural) / stretch if stretch > 0 else INFINITY)
            else:
                ratio = (width - natural) / stretch if stretch > 0 else INFINITY
            if ratio > tolerance and not forced:
                continue
            typed = next_typed[b + 1] if b + 1 < n else n
            if not forced and typed < n and sum_w[typed] - sum_w[b] + items[typed].width <= width - natural:
                continue  # the renderer would carry on to that typed break: this line cannot end here
            hyphenated = item.kind == PENALTY and item.flagged
            hyphens = node.hyphens + 1 if hyphenated else 0
            if hyphens > s.max_hyphens:
                continue
            if forced and runts and _is_runt(items, start, b, s.runt_chars):
                continue
            badness = 100 * ratio ** 3 if not forced else 0.0
            demerits = (s.line_penalty + badness) ** 2
            if item.kind == PENALTY and item.penalty > 0:
                demerits += item.penalty ** 2
            if hyphenated and node.hyphens:
                demerits += s.double_hyphen_demerits
            fitness = _fitness(ratio) if not forced else 1
            if abs(fitness - node.fitness) > 1 and not forced:
                demerits += s.fitness_demerits
            total = node.demerits + demerits
            key = (fitness, hyphens)
            if key not in candidates or total < candidates[key].demerits:
                candidates[key] = _Node(b, node.line + 1, fitness, hyphens, total, node)
        active = keep + list(candidates.values())
        if forced:
            active = list(candidates.values())
        if not active:
            return None
    best = min(active, key=lambda node: node.demerits)
    if best.position != n - 1:
        return None
    breaks = []
    node = best
    while node is not None and node.position:
        breaks.append(node.position)
        node = node.previous
    return sorted(breaks)[:-1], best.demerits  # the final forced break is implicit


def _after_break(items: list[Item], position: int) -> int:
    """First item of the line after a break at ``position`` (glue and penalties after a break are discarded)."""
    i = position + 1
    while i < len(items) and items[i].kind != BOX:
        i += 1
    return i


def _is_runt(items: list[Item], start: int, end: int, runt_chars: int) -> bool:
    """The last line holds a single word (no glue between boxes) shorter than ``runt_chars`` characters."""
    boxes = [items[i] for i in range(start, end) if items[i].kind == BOX]
    has_space = any(items[i].kind == GLUE and items[i].width > 0 for i in range(start, end - 2))
    text = "".join(box.text for box in boxes)
    return bool(boxes) and not has_space and len(text) < runt_chars
