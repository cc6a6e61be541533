"""The refinement diagram: scenarios as boxes, refinement as arrows, label sets per scheme, flips marked.

The diagram is a Hasse diagram of strict refinement (docs/model.md, "Refinement"): an arrow from ``b`` up to
``a`` when ``b`` refines ``a`` and no third scenario lies strictly between them. More general scenarios sit
higher. Each box lists the scenario's label set under each chosen scheme; a scheme under which a refining
scenario gets a label its base did not allow (a non-monotone flip) is marked in red on the box and on the
arrow. It is drawn as SVG with :mod:`drawsvg`, in pure Python.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from misalign_logic.model.flips import Flip
from misalign_logic.model.verdicts import Relation, RelationKind, Status, Verdict
from misalign_logic.prose.markup import LABEL_COLOURS

__all__ = ["hasse", "refinement_svg"]

_FONT = "DejaVu Sans Mono, Menlo, Consolas, monospace"
_SIZE = 13  # font size, px
_CHAR = 0.62 * _SIZE  # a monospace character's advance, a little generous so text never overruns its box
_LINE = 19  # row height, px
_PAD = 10
_GAP_X, _GAP_Y = 48, 84
_FLIP = "#d1242f"
_MARK = "  ⚠ flip"
_LEGEND = (
    "arrow: the lower scenario refines the upper one (all its worlds are the upper's)",
    "each row: the scenario's label set under that scheme",
    "⚠ flip: a refining scenario gets a label its base did not allow",
)


def _strict(relations: Sequence[Relation]) -> set[tuple[str, str]]:
    """Pairs ``(b, a)`` where ``b`` strictly refines ``a``."""
    pairs = set()
    for r in relations:
        if r.kind is RelationKind.REFINES:
            pairs.add((r.a, r.b))
        elif r.kind is RelationKind.REFINED_BY:
            pairs.add((r.b, r.a))
    return pairs


def hasse(names: Sequence[str], relations: Sequence[Relation]) -> list[tuple[str, str]]:
    """The arrows of the diagram: ``(b, a)`` when ``b`` refines ``a`` with no scenario strictly between.

    Args:
        names: the scenarios' names.
        relations: relations between pairs of them (either direction; unrelated pairs may be missing).
    """
    strict = _strict(relations)
    return [
        (b, a)
        for b, a in sorted(strict, key=lambda p: (names.index(p[0]), names.index(p[1])))
        if not any((b, c) in strict and (c, a) in strict for c in names)
    ]


def _cell(verdict: Verdict) -> str:
    if verdict.status is Status.FORCED:
        return verdict.sorted_labels()[0]
    if verdict.status is Status.AMBIGUOUS:
        return "{" + ", ".join(verdict.sorted_labels()) + "}"
    return "no world" if verdict.status is Status.INCONSISTENT else "unknown"


def _layers(names: Sequence[str], edges: Sequence[tuple[str, str]]) -> list[list[str]]:
    """Scenarios by depth (longest chain of arrows above them), each layer ordered by its parents' places."""
    depth: dict[str, int] = {}

    def rank(n: str, seen: frozenset[str]) -> int:
        if n not in depth:
            ups = [a for b, a in edges if b == n and a not in seen]
            depth[n] = 1 + max((rank(a, seen | {n}) for a in ups), default=-1)
        return depth[n]

    for n in names:
        rank(n, frozenset())
    layers: list[list[str]] = [[] for _ in range(max(depth.values(), default=0) + 1)]
    for n in names:
        layers[depth[n]].append(n)
    # Two sweeps of the barycentre heuristic (down, then up) keep arrows short and uncrossed.
    for order in (range(1, len(layers)), range(len(layers) - 2, -1, -1), range(1, len(layers))):
        for k in order:
            near = layers[k - 1] if order.step == 1 else layers[k + 1]
            place = {n: i for i, n in enumerate(near)}

            def centre(n: str, place: dict[str, int] = place) -> float:
                ends = [place[x] for b, a in edges for m, x in ((b, a), (a, b)) if m == n and x in place]
                return sum(ends) / len(ends) if ends else len(place) + 1

            layers[k].sort(key=centre)
    return layers


def _place(
    names: Sequence[str], edges: Sequence[tuple[str, str]], width_of: Mapping[str, float], height: float
) -> tuple[dict[str, tuple[float, float, float, float]], float, float]:
    """Each box's ``(x, y, width, height)``, and the drawing's width and height (without the legend).

    Linked scenarios are laid out in layers, each layer centred; scenarios with no arrow stand in a last row,
    out of the arrows' way (so the drawing grows down, not sideways, and keeps its text readable).
    """
    linked = [n for n in names if any(n in edge for edge in edges)]
    alone = [n for n in names if n not in linked]
    layers = (_layers(linked, edges) if linked else []) + ([alone] if alone else [])
    span = max(sum(width_of[n] for n in layer) + _GAP_X * (len(layer) - 1) for layer in layers)
    box: dict[str, tuple[float, float, float, float]] = {}
    for k, layer in enumerate(layers):
        x = _PAD + (span - sum(width_of[n] for n in layer) - _GAP_X * (len(layer) - 1)) / 2
        for n in layer:
            box[n] = (x, _PAD + k * (height + _GAP_Y), width_of[n], height)
            x += width_of[n] + _GAP_X
    return box, span + 2 * _PAD, len(layers) * height + (len(layers) - 1) * _GAP_Y + 2 * _PAD


def refinement_svg(
    names: Sequence[str],
    relations: Sequence[Relation],
    verdicts: Mapping[str, Sequence[Verdict]],
    flips: Sequence[Flip] = (),
) -> str:
    """The refinement diagram as an inline ``<svg>`` element.

    Args:
        names: the scenarios' names, in file order.
        relations: relations between pairs of scenarios.
        verdicts: each scenario's verdicts, one per chosen scheme, in the same scheme order for all.
        flips: the non-monotone flips to mark.

    Returns:
        SVG markup with no XML header, ready to inline in HTML.
    """
    edges = hasse(names, relations)
    flipped_rows = {(f.refined, f.scheme) for f in flips}
    flipped_edges = {(f.refined, f.base) for f in flips}
    scheme_w = max((len(v.scheme) for vs in verdicts.values() for v in vs), default=0)
    cell_w = max((len(_cell(v)) for vs in verdicts.values() for v in vs), default=0) + len(_MARK)
    rows = max((len(vs) for vs in verdicts.values()), default=0)
    width_of = {n: 2 * _PAD + _CHAR * max(scheme_w + 2 + cell_w, len(n) + 2) for n in names}
    height = 2 * _PAD + _LINE * (rows + 1.4)
    box, total_w, total_h = _place(names, edges, width_of, height)
    legend_h = 3 * _LINE + 2 * _PAD
    total_h += legend_h
    total_w = max(total_w, (_SIZE - 1) * 0.62 * max(len(line) for line in _LEGEND) + 2 * _PAD)
    import drawsvg  # here, not at the top: a command that draws nothing should not load it

    d = drawsvg.Drawing(round(total_w), round(total_h), id_prefix="refinement", font_family=_FONT)
    d.append(drawsvg.Rectangle(0, 0, round(total_w), round(total_h), fill="white"))
    # Marker sizes in user units, so a thicker (flip) arrow does not get a bigger head.
    arrow = drawsvg.Marker(
        -1, -0.5, 0.2, 0.5, scale=11, orient="auto", id="ml-refines-arrow", markerUnits="userSpaceOnUse"
    )
    arrow.append(drawsvg.Lines(-1, -0.5, 0.2, 0, -1, 0.5, close=True, fill="#24292f"))
    red = drawsvg.Marker(
        -1, -0.5, 0.2, 0.5, scale=13, orient="auto", id="ml-refines-arrow-flip", markerUnits="userSpaceOnUse"
    )
    red.append(drawsvg.Lines(-1, -0.5, 0.2, 0, -1, 0.5, close=True, fill=_FLIP))
    for b, a in edges:
        bx, by, bw, _ = box[b]
        ax, ay, aw, ah = box[a]
        ups = [p for c, p in edges if c == b]
        downs = [c for c, p in edges if p == a]
        x1 = bx + bw * (ups.index(a) + 1) / (len(ups) + 1)
        x2 = ax + aw * (downs.index(b) + 1) / (len(downs) + 1)
        flip = (b, a) in flipped_edges
        colour = _FLIP if flip else "#24292f"
        g = drawsvg.Group(**{"class": "refines", "data-from": b, "data-to": a})
        g.append(
            drawsvg.Line(
                x1,
                by,
                x2,
                ay + ah + 2,
                stroke=colour,
                stroke_width=2.5 if flip else 1.6,
                marker_end=red if flip else arrow,
            )
        )
        mx, my = (x1 + x2) / 2, (by + ay + ah) / 2
        text = "refines ⚠ flip" if flip else "refines"
        tw = _CHAR * len(text) + 8
        g.append(drawsvg.Rectangle(mx - tw / 2, my - 10, tw, 20, rx=4, fill="white", stroke=colour if flip else "none"))
        g.append(
            drawsvg.Text(
                text,
                _SIZE - 1,
                mx,
                my + 4,
                text_anchor="middle",
                fill=colour,
                font_weight="bold" if flip else "normal",
                **({"class": "flip"} if flip else {}),
            )
        )
        d.append(g)
    for n in names:
        x, y, w, h = box[n]
        g = drawsvg.Group(**{"class": "scenario", "data-name": n})
        g.append(drawsvg.Rectangle(x, y, w, h, rx=8, fill="#f6f8fa", stroke="#57606a", stroke_width=1.2))
        g.append(drawsvg.Text(n, _SIZE + 2, x + _PAD, y + _PAD + _SIZE, font_weight="bold", fill="#24292f"))
        for i, v in enumerate(verdicts.get(n, ())):
            ty = y + _PAD + _LINE * (i + 1.4) + _SIZE
            if (n, v.scheme) in flipped_rows:
                g.append(drawsvg.Rectangle(x + 3, ty - _SIZE, w - 6, _LINE - 2, rx=3, fill="#ffebe9"))
            g.append(drawsvg.Text(v.scheme, _SIZE, x + _PAD, ty, fill="#57606a"))
            cell = _cell(v) + (_MARK if (n, v.scheme) in flipped_rows else "")
            colour = LABEL_COLOURS.get(cell, _FLIP if (n, v.scheme) in flipped_rows else "#24292f")
            g.append(drawsvg.Text(cell, _SIZE, x + _PAD + _CHAR * (scheme_w + 2), ty, fill=colour, font_weight="bold"))
        d.append(g)
    ly = total_h - legend_h + _SIZE
    for i, line in enumerate(_LEGEND):
        d.append(drawsvg.Text(line, _SIZE - 1, _PAD, ly + i * _LINE, fill=_FLIP if i == 2 else "#57606a"))
    return str(d.as_svg(header=""))
