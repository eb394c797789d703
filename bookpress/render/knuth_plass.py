"""Total-fit line breaking (Knuth & Plass, "Breaking paragraphs into lines", 1981): items → chosen break indices.

Pure computation, no fonts: the caller measures. A paragraph is a list of :class:`Item` — a *box* (a word or a
word fragment, fixed width), *glue* (an inter-word space: natural width, stretch; no shrink, because the renderer
only ever widens spaces) or *penalty* (a possible hyphenation point: the hyphen's width, a cost, flagged). All
widths share one unit (CSS px here). Compared with the published algorithm this one adds two hard rules the book's
typography asks for: at most ``max_hyphens`` hyphenated lines in a row, and no last line that is one short word.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import accumulate
from operator import mul

BOX, GLUE, PENALTY = "box", "glue", "penalty"
INFINITY = 10_000


@dataclass(frozen=True)
class Item:
    """One element of a paragraph: ``kind`` is BOX, GLUE or PENALTY; ``text`` is kept for the runt rule.

    A ``typed`` penalty is a break the renderer takes by itself (after a typed hyphen, dash or slash) and cannot be
    switched off: a line must not end where the renderer would still fit the text up to the next typed break.
    """

    kind: str
    width: float
    stretch: float = 0.0
    penalty: float = 0.0
    flagged: bool = False
    text: str = ""
    typed: bool = False


@dataclass(frozen=True)
class Settings:
    """Tuning: ``tolerance`` is the largest adjustment ratio tried first (1.0 = every space at its stretch limit);
    ``hyphen_penalty``, ``double_hyphen_demerits`` and ``fitness_demerits`` as in TeX (\\hyphenpenalty,
    \\doublehyphendemerits, \\adjdemerits); ``runt_chars``: a last line of one word shorter than this is refused."""

    tolerance: float = 1.0
    hyphen_penalty: float = 50
    double_hyphen_demerits: float = 3000
    fitness_demerits: float = 3000
    line_penalty: float = 10
    max_hyphens: int = 2
    runt_chars: int = 8


@dataclass(frozen=True)
class Breaks:
    """A paragraph's chosen breaks: item ``indices`` where lines end (the paragraph's end is implicit), the total
    ``demerits`` and the adjustment-ratio ``tolerance`` that was needed (lower is better)."""

    indices: list[int]
    demerits: float
    tolerance: float


TOLERANCES = (1.0, 1.3, 1.6, 2.5, 4.0, 100.0)
#: The (adjustment-ratio tolerance, runt rule) pairs tried in turn: up to 2.5 with the runt rule, then without it,
#: then looser still.
ATTEMPTS = tuple([(t, True) for t in TOLERANCES if t <= 2.5] + [(t, False) for t in TOLERANCES if t <= 2.5] +
                 [(t, runts) for t in TOLERANCES if t > 2.5 for runts in (True, False)])


def break_lines(items: list[Item], widths: tuple[float, float], settings: Settings = Settings()) -> Breaks | None:
    """Return the best breaks of ``items`` into lines of ``widths`` = (first line, other lines).

    The last items must be :func:`paragraph_end`. Tries ever looser adjustment ratios (:data:`ATTEMPTS`: from
    :data:`TOLERANCES` up to 2.5 with the runt rule, then without it, then looser still); returns ``None`` when no
    breaking without an overfull line exists (a box wider than the line).
    """
    paragraph = Paragraph([item.kind for item in items], [item.penalty for item in items],
                          [item.flagged for item in items], [item.typed for item in items],
                          [item.text for item in items])
    return paragraph.break_lines([item.width for item in items], [item.stretch for item in items], widths, settings)


def paragraph_end() -> list[Item]:
    """Finishing items: infinite-stretch glue and a forced break (TeX's \\parfillskip)."""
    return [Item(PENALTY, 0, penalty=INFINITY), Item(GLUE, 0, stretch=1e6), Item(PENALTY, 0, penalty=-INFINITY)]


class Paragraph:
    """A paragraph's items as columns, prepared once and then broken with any number of metrics.

    ``kinds``, ``penalties``, ``flagged``, ``typed`` and ``texts`` are the :class:`Item` fields of every item, in
    order (the last three items those of :func:`paragraph_end`). What does not depend on widths — the legal
    breakpoints, where the line after each one begins, the next typed break — is worked out here once; several
    metrics (the same words with tighter spaces or a hair of tracking) then share it: :meth:`break_lines`.
    """

    def __init__(self, kinds: list[str], penalties: list[float], flagged: list[bool], typed: list[bool],
                 texts: list[str]) -> None:
        n = len(kinds)
        self.n = n
        self.kinds = kinds
        self.texts = texts
        self.counts_width = [0 if kind == PENALTY else 1 for kind in kinds]
        self.counts_stretch = [1 if kind == GLUE else 0 for kind in kinds]
        next_box = [n] * (n + 1)
        next_typed = [n] * (n + 1)
        for i in range(n - 1, -1, -1):
            next_box[i] = i if kinds[i] == BOX else next_box[i + 1]
            next_typed[i] = i if kinds[i] == PENALTY and typed[i] else next_typed[i + 1]
        #: per legal breakpoint b: (b, is a penalty, its penalty counts (> 0), the penalty, hyphenated, forced,
        #: the next typed break after b or None, the first item of the line after a break at b)
        self.breakpoints: list[tuple] = []
        previous = None
        for b, kind in enumerate(kinds):
            after_box, previous = previous == BOX, kind
            if kind == BOX or (kind == GLUE and (b == 0 or not after_box)):
                continue
            is_penalty = kind == PENALTY
            penalty = penalties[b] if is_penalty else 0.0
            if is_penalty and penalty >= INFINITY:
                continue
            typed_at = next_typed[b + 1] if b + 1 < n else n
            self.breakpoints.append((b, is_penalty, is_penalty and penalty > 0, penalty, is_penalty and flagged[b],
                                     is_penalty and penalty <= -INFINITY, typed_at if typed_at < n else None,
                                     next_box[b + 1]))

    def break_lines(self, widths: list[float], stretches: list[float], line_widths: tuple[float, float],
                    settings: Settings = Settings()) -> Breaks | None:
        """Best breaks with item ``widths`` and ``stretches`` (one per item; only a glue's stretch counts) into
        lines of ``line_widths`` = (first line, other lines); as :func:`break_lines`."""
        # prefix sums of width (boxes and glue) and stretch (glue), added up in item order
        sum_w = list(accumulate(map(mul, widths, self.counts_width), initial=0.0))
        sum_y = list(accumulate(map(mul, stretches, self.counts_stretch), initial=0.0))
        runt_cache: dict[tuple[int, int], bool] = {}
        for tolerance, runts in ATTEMPTS:
            result = self._run(sum_w, sum_y, widths, line_widths, settings, tolerance, runts, runt_cache)
            if result is not None:
                return Breaks(result[0], result[1] + (0 if runts else 1e7), tolerance)
        return None

    def _run(self, sum_w: list[float], sum_y: list[float], widths: list[float], line_widths: tuple[float, float],
             s: Settings, tolerance: float, runts: bool,
             runt_cache: dict[tuple[int, int], bool]) -> tuple[list[int], float] | None:
        """One pass at ``tolerance``: the published algorithm (active nodes; at each breakpoint one best new node
        per fitness class and hyphen count). A node is a tuple (demerits, position, line, fitness, hyphens,
        previous node, width sum and stretch sum before its next line, that line's width, its first item)."""
        n = self.n
        first_width, other_width = line_widths
        line_penalty, max_hyphens = s.line_penalty, s.max_hyphens
        double_hyphen, fitness_demerits = s.double_hyphen_demerits, s.fitness_demerits
        active: list[tuple] = [(0.0, 0, 0, 1, 0, None, sum_w[0], sum_y[0], first_width, 0)]
        for b, is_penalty, costly, penalty, hyphenated, forced, typed, after in self.breakpoints:
            sum_w_b, sum_y_b = sum_w[b], sum_y[b]
            own = widths[b] if is_penalty else 0
            typed_width = sum_w[typed] - sum_w_b + widths[typed] if typed is not None and not forced else None
            candidates: dict[tuple[int, int], tuple] = {}
            keep = []
            for node in active:
                demerits_before, _, line, node_fitness, node_hyphens, _, start_w, start_y, width, start = node
                natural = sum_w_b - start_w + own
                if natural > width:
                    continue  # overfull: this node can never reach further breaks either
                keep.append(node)
                stretch = sum_y_b - start_y
                if forced:
                    ratio = 0.0 if stretch >= 1e5 else ((width - natural) / stretch if stretch > 0 else INFINITY)
                else:
                    ratio = (width - natural) / stretch if stretch > 0 else INFINITY
                    if ratio > tolerance:
                        continue
                    if typed_width is not None and typed_width <= width - natural:
                        continue  # the renderer would carry on to that typed break: this line cannot end here
                hyphens = node_hyphens + 1 if hyphenated else 0
                if hyphens > max_hyphens:
                    continue
                if forced and runts:
                    runt = runt_cache.get((start, b))
                    if runt is None:
                        runt = runt_cache[(start, b)] = self._is_runt(widths, start, b, s.runt_chars)
                    if runt:
                        continue
                badness = 100 * ratio ** 3 if not forced else 0.0
                demerits = (line_penalty + badness) ** 2
                if costly:
                    demerits += penalty ** 2
                if hyphenated and node_hyphens:
                    demerits += double_hyphen
                if forced:
                    fitness = 1
                else:
                    fitness = 0 if ratio < 0.5 else 1 if ratio < 1 else 2 if ratio < 2 else 3
                    if abs(fitness - node_fitness) > 1:
                        demerits += fitness_demerits
                total = demerits_before + demerits
                key = (fitness, hyphens)
                found = candidates.get(key)
                if found is None or total < found[0]:
                    begin = after if b else 0
                    candidates[key] = (total, b, line + 1, fitness, hyphens, node, sum_w[begin], sum_y[begin],
                                       other_width, begin)
            if forced:
                active = list(candidates.values())
            else:
                keep.extend(candidates.values())
                active = keep
            if not active:
                return None
        best = min(active, key=lambda node: node[0])
        if best[1] != n - 1:
            return None
        breaks = []
        node = best
        while node is not None and node[1]:
            breaks.append(node[1])
            node = node[5]
        return sorted(breaks)[:-1], best[0]  # the final forced break is implicit

    def _is_runt(self, widths: list[float], start: int, end: int, runt_chars: int) -> bool:
        """The last line holds a single word (no glue between boxes) shorter than ``runt_chars`` characters."""
        kinds = self.kinds
        boxes = [i for i in range(start, end) if kinds[i] == BOX]
        has_space = any(kinds[i] == GLUE and widths[i] > 0 for i in range(start, end - 2))
        return bool(boxes) and not has_space and len("".join(self.texts[i] for i in boxes)) < runt_chars
