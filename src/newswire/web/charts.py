"""Charts as SVG, drawn by newswire itself: no script, no CDN, no outside request.

Each function takes plain rows and a `link(...)` that gives the URL of the
filtered list a mark counts; every mark is an `<a>` to it, with a `<title>`
tooltip, and carries `data-*` attributes naming what it counts."""
from __future__ import annotations

import math
from functools import lru_cache
from importlib import resources

import numpy as np
from markupsafe import Markup, escape

from ..plover import QUAD_NAMES

QUAD_COLOURS = {1: "#7fb3e6", 2: "#1f5fa8", 3: "#f2a65a", 4: "#c0392b", 0: "#999999"}


def _a(href: str, inner: str, **data) -> str:
    attrs = "".join(f' data-{k}="{escape(v)}"' for k, v in data.items())
    return f'<a href="{escape(href)}"{attrs}>{inner}</a>'


def legend(quads=(1, 2, 3, 4)) -> Markup:
    items = "".join(f'<span class="key"><i style="background:{QUAD_COLOURS[q]}"></i>{escape(QUAD_NAMES[q])}</span>'
                    for q in quads)
    return Markup(f'<div class="legend">{items}</div>')


SCALES = ("count", "log", "share")


def auto_scale(buckets: list[dict]) -> str:
    """log when one bucket dwarfs the others (its peak over 8 times the median bucket
    with events), so that the rest are not flattened to nothing; count otherwise."""
    totals = sorted(b["total"] for b in buckets if b["total"])
    if len(totals) < 3:
        return "count"
    return "log" if totals[-1] > 8 * totals[len(totals) // 2] else "count"


def _heights(by_quad: dict, total: int, peak: int, scale: str, plot_h: float) -> list[tuple[int, int, float]]:
    """(quad, events, height) of each segment of one bar, stacked in quad order: the bar is
    its count (linear), its count on a log scale split by share, or its shares of 100%."""
    if scale == "share":
        whole = plot_h
    elif scale == "log":
        whole = plot_h * math.log10(1 + total) / math.log10(1 + peak)
    else:
        whole = plot_h * total / peak
    return [(q, by_quad.get(q, 0), whole * by_quad.get(q, 0) / total) for q in (1, 2, 3, 4)
            if total and by_quad.get(q, 0)]


def _y_ticks(peak: int, scale: str, plot_h: float) -> list[tuple[str, float]]:
    """(label, height above the axis) of the grid lines."""
    if scale == "share":
        return [(f"{p}%", plot_h * p / 100) for p in (0, 25, 50, 75, 100)]
    if scale == "log":
        ticks = [t for t in (1, 3, 10, 30, 100, 300, 1000, 3000, 10000, 30000, 100000) if t <= peak]
        return [("0", 0.0)] + [(str(t), plot_h * math.log10(1 + t) / math.log10(1 + peak)) for t in ticks]
    return [(str(t), plot_h * t / peak) for t in _ticks(peak)]


def timeline_svg(buckets: list[dict], link, width: int = 960, height: int = 240, scale: str = "count",
                 zoom: str | None = None) -> Markup:
    """Bars per bucket, stacked by quad class; `link(start, end, quad)`. `scale`: count, log
    or share (SCALES). With `zoom` (a URL), a script can brush a range of buckets (their
    `rect.slot`) and open `zoom` with that since/until; without one, each bar is still a link."""
    if not buckets:
        return Markup('<p class="empty">No dated events match these filters.</p>')
    left, bottom, top = 40, 28, 8
    plot_w, plot_h = width - left - 8, height - bottom - top
    peak = max(b["total"] for b in buckets) or 1
    step = plot_w / len(buckets)
    bar = max(1.0, step * 0.8)
    zoom_attr = f' data-zoom="{escape(zoom)}"' if zoom else ""
    parts = [f'<svg class="chart timeline" viewBox="0 0 {width} {height}" role="img" data-scale="{scale}"{zoom_attr} '
             f'aria-label="events per {escape(buckets[0].get("bucket", "bucket"))}" xmlns="http://www.w3.org/2000/svg">']
    for label, h in _y_ticks(peak, scale, plot_h):
        y = top + plot_h - h
        parts.append(f'<line class="grid" x1="{left}" x2="{width - 8}" y1="{y:.1f}" y2="{y:.1f}"/>'
                     f'<text class="axis" x="{left - 4}" y="{y + 4:.1f}" text-anchor="end">{label}</text>')
    label_every = max(1, math.ceil(len(buckets) / 12))
    for i, b in enumerate(buckets):
        x = left + i * step + (step - bar) / 2
        parts.append(f'<rect class="slot" x="{left + i * step:.1f}" y="{top}" width="{step:.1f}" height="{plot_h}" '
                     f'data-start="{b["start"]}" data-end="{b["end"]}"/>')
        y = top + plot_h
        by_quad = b["by_quad"] if isinstance(b["by_quad"], dict) else {}
        for quad, n, h in _heights(by_quad, b["total"], peak, scale, plot_h):
            y -= h
            share = f", {round(100 * n / b['total'])}% of {b['total']}" if scale == "share" else ""
            tip = f'{b["start"]}–{b["end"]}: {n} {QUAD_NAMES[quad]}{share}'
            rect = (f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" '
                    f'fill="{QUAD_COLOURS[quad]}"><title>{escape(tip)}</title></rect>')
            parts.append(_a(link(b["start"], b["end"], quad), rect, start=b["start"], quad=quad, count=n))
        if i % label_every == 0:
            parts.append(f'<text class="axis" x="{x + bar / 2:.1f}" y="{height - 10}" text-anchor="middle">'
                         f'{escape(b["start"][:7] if len(buckets) > 40 else b["start"])}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def _ticks(peak: int) -> list[int]:
    step = max(1, 10 ** int(math.log10(peak)) if peak >= 10 else 1)
    while peak / step > 5:
        step *= 2
    return list(range(0, peak + 1, step))


def bars_svg(rows: list[dict], label: str, value: str, link, width: int = 460, row_h: int = 22) -> Markup:
    """Horizontal bars, one row each: `link(row)`."""
    if not rows:
        return Markup('<p class="empty">Nothing matches these filters.</p>')
    peak = max(r[value] for r in rows) or 1
    text_w = 190
    height = row_h * len(rows) + 4
    parts = [f'<svg class="chart bars" viewBox="0 0 {width} {height}" role="img" xmlns="http://www.w3.org/2000/svg">']
    for i, r in enumerate(rows):
        y = i * row_h + 2
        w = max(1.0, r[value] / peak * (width - text_w - 40))
        name = str(r[label])
        short = name if len(name) <= 28 else name[:27] + "…"
        inner = (f'<text x="{text_w - 6}" y="{y + 15}" text-anchor="end">{escape(short)}</text>'
                 f'<rect x="{text_w}" y="{y + 3}" width="{w:.1f}" height="{row_h - 6}" fill="#5b7fa6">'
                 f'<title>{escape(name)}: {r[value]}</title></rect>'
                 f'<text class="n" x="{text_w + w + 4:.1f}" y="{y + 15}">{r[value]}</text>')
        parts.append(_a(link(r), inner, name=name, count=r[value]))
    parts.append("</svg>")
    return Markup("".join(parts))


def spring_layout(nodes: list[str], edges: list[tuple[str, str, float]], iterations: int = 160) -> dict:
    """Fruchterman–Reingold positions in the unit square, deterministic (nodes start on a
    circle); an edge pulls by the log of its weight, so that partners in many events sit close."""
    n = len(nodes)
    if n == 0:
        return {}
    angle = np.linspace(0, 2 * np.pi, n, endpoint=False)
    pos = np.c_[np.cos(angle), np.sin(angle)] * 0.5
    index = {name: i for i, name in enumerate(nodes)}
    kept = [(index[s], index[t], w) for s, t, w in edges if s in index and t in index]
    pairs = np.array([(i, j) for i, j, _ in kept], dtype=int).reshape(-1, 2)
    weight = np.array([1 + math.log(max(w, 1)) for _, _, w in kept], dtype=float)
    k = 1.0 / math.sqrt(n)
    temperature = 0.1
    for _ in range(iterations):
        delta = pos[:, None, :] - pos[None, :, :]
        dist = np.maximum(np.linalg.norm(delta, axis=2), 1e-3)
        force = (delta / dist[..., None] * (k * k / dist)[..., None]).sum(axis=1)
        if len(pairs):
            d = pos[pairs[:, 0]] - pos[pairs[:, 1]]
            length = np.maximum(np.linalg.norm(d, axis=1), 1e-3)
            pull = d * (length / k * weight)[:, None]
            np.add.at(force, pairs[:, 0], -pull)
            np.add.at(force, pairs[:, 1], pull)
        force -= pos * 0.05 * n  # gravity keeps parts that are not connected in view
        length = np.maximum(np.linalg.norm(force, axis=1), 1e-9)
        pos += force / length[:, None] * np.minimum(length, temperature)[:, None]
        temperature *= 0.97
    # scale to the bulk of the nodes, so that one far-off part does not squeeze the rest
    lo, hi = np.percentile(pos, 4, axis=0), np.percentile(pos, 96, axis=0)
    pos = np.clip((pos - lo) / np.where(hi - lo > 0, hi - lo, 1), 0, 1)
    return {name: (float(pos[i, 0]), float(pos[i, 1])) for name, i in index.items()}


CHAR_W, LINE_H = 6.4, 13  # an 11px label: the width of an average character, the height of a line


def label_box(x: float, y: float, text: str, anchor: str) -> tuple[float, float, float, float]:
    """(x0, y0, x1, y1) of a label drawn at (x, y) (its baseline) with `anchor` start|middle|end."""
    w = CHAR_W * len(text) + 2
    x0 = {"start": x, "middle": x - w / 2, "end": x - w}[anchor]
    return x0, y - LINE_H + 3, x0 + w, y + 3


def _overlaps(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def place_labels(marks: list[tuple[str, float, float, float]], width: float, height: float,
                 most: int | None = None) -> dict[int, tuple[float, float, str]]:
    """Where to write each mark's label so that no two labels overlap, none covers another
    mark, and none leaves the drawing: marks are (text, x, y, radius), most important first;
    each tries above, below, right and left of its mark and is left out (its tooltip still
    names it) when none fits. Gives {index: (x, y, anchor)}; `most` caps how many."""
    circles = [(x - r, y - r, x + r, y + r) for _, x, y, r in marks]
    placed: list[tuple] = []
    out: dict[int, tuple[float, float, str]] = {}
    for i, (text, x, y, r) in enumerate(marks):
        if most is not None and len(out) >= most:
            break
        for lx, ly, anchor in ((x, y - r - 3, "middle"), (x, y + r + LINE_H, "middle"),
                               (x + r + 3, y + 4, "start"), (x - r - 3, y + 4, "end")):
            box = label_box(lx, ly, text, anchor)
            if anchor == "middle" and (box[0] < 1 or box[2] > width - 1):  # slide it in along its line
                shift = (1 - box[0]) if box[0] < 1 else (width - 1 - box[2])
                lx, box = lx + shift, (box[0] + shift, box[1], box[2] + shift, box[3])
            if box[0] < 1 or box[1] < 1 or box[2] > width - 1 or box[3] > height - 1:
                continue
            if any(_overlaps(box, p) for p in placed) or any(
                    _overlaps(box, c) for j, c in enumerate(circles) if j != i):
                continue
            placed.append(box)
            out[i] = (lx, ly, anchor)
            break
    return out


def network_svg(network: dict, node_link, edge_link, width: int = 960, height: int = 640) -> Markup:
    """Actors as circles sized by events, labelled where a label fits without overlapping
    another; edges source→target, as wide as their events, coloured by their main quad class."""
    nodes = network["nodes"]
    if not nodes:
        return Markup('<p class="empty">No actors in the events that match these filters.</p>')
    edges = network["edges"]
    pos = spring_layout([n["name"] for n in nodes], [(e["source"], e["target"], e["events"]) for e in edges])
    pad = 70
    xy = {name: (pad + x * (width - 2 * pad), 30 + y * (height - 60)) for name, (x, y) in pos.items()}
    peak = max(n["events"] for n in nodes) or 1
    radius = {n["name"]: 4 + 16 * math.sqrt(n["events"] / peak) for n in nodes}
    epeak = max((e["events"] for e in edges), default=1)
    parts = [f'<svg class="chart network" viewBox="0 0 {width} {height}" role="img" xmlns="http://www.w3.org/2000/svg">'
             '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" markerUnits="userSpaceOnUse" '
             'orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="#777"/></marker></defs>']
    for e in sorted(edges, key=lambda e: e["events"]):  # the heaviest on top
        (x1, y1), (x2, y2) = xy[e["source"]], xy[e["target"]]
        length = math.hypot(x2 - x1, y2 - y1) or 1
        r = radius[e["target"]] + 2
        x2, y2 = x2 - (x2 - x1) / length * r, y2 - (y2 - y1) / length * r
        tip = f'{e["source"]} → {e["target"]}: {e["events"]} events, mostly {QUAD_NAMES.get(e["quad"], "?")}'
        line = (f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{QUAD_COLOURS[e["quad"]]}" '
                f'stroke-width="{1 + 7 * math.sqrt(e["events"] / epeak):.1f}" marker-end="url(#arrow)" opacity="0.75">'
                f'<title>{escape(tip)}</title></line>')
        parts.append(_a(edge_link(e), line, source=e["source"], target=e["target"], count=e["events"]))
    labels = place_labels([(n["name"], *xy[n["name"]], radius[n["name"]]) for n in nodes], width, height)
    for i, n in enumerate(nodes):
        x, y = xy[n["name"]]
        r = radius[n["name"]]
        inner = (f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="#fff" stroke="#333">'
                 f'<title>{escape(n["name"])}: {n["events"]} events</title></circle>')
        if i in labels:
            lx, ly, anchor = labels[i]
            inner += f'<text class="label" x="{lx:.1f}" y="{ly:.1f}" text-anchor="{anchor}">{escape(n["name"])}</text>'
        parts.append(_a(node_link(n), inner, name=n["name"], count=n["events"]))
    parts.append("</svg>")
    return Markup("".join(parts))


@lru_cache(maxsize=1)
def world_outline() -> tuple[str, ...]:
    """SVG path data of the land, 360 x 180 equirectangular (see the data file's header)."""
    text = resources.files("newswire.web").joinpath("data/world_land_110m.txt").read_text(encoding="utf-8")
    return tuple(line for line in text.splitlines() if line and not line.startswith("#"))


def _nice(n: float) -> int:
    """n rounded down to 1, 2 or 5 times a power of ten."""
    if n < 1:
        return 1
    power = 10 ** int(math.log10(n))
    return max(m * power for m in (1, 2, 5) if m * power <= n)


def legend_sizes(peak: int) -> list[int]:
    """The event counts a size legend shows: 1, a middle one, the largest (rounded)."""
    return sorted({1, _nice(peak / 4), _nice(peak)} if peak > 1 else {1})


def map_svg(places: list[dict], link, scale: float = 2.6, labels: int = 15) -> Markup:
    """Event places on the world outline: area by events, colour from cooperation (blue) to
    conflict (red); the `labels` largest dots named where a name fits; a size legend."""
    width, height = 360 * scale, 180 * scale
    land = "".join(f'<path d="{d}"/>' for d in world_outline())
    parts = [f'<svg class="chart map" viewBox="0 0 {width:.0f} {height:.0f}" role="img" xmlns="http://www.w3.org/2000/svg">'
             f'<rect width="100%" height="100%" fill="#eef3f7"/>'
             f'<g class="land" transform="scale({scale})" fill="#d9d4c7" stroke="#b9b3a3" stroke-width="0.2">{land}</g>']
    peak = max((p["events"] for p in places), default=1) or 1

    def radius(n):
        return 3 + 14 * math.sqrt(n / peak)
    marks = []
    for p in places:
        x, y = (p["lon"] + 180) * scale, (90 - p["lat"]) * scale
        r = radius(p["events"])
        marks.append((p["name"], x, y, r))
        conflict = (p.get("q3", 0) + p.get("q4", 0)) / (p["events"] or 1)
        colour = _blend("#1f5fa8", "#c0392b", conflict)
        tip = f'{p["name"]}{", " + p["country"] if p.get("country") else ""}: {p["events"]} events ({round(conflict * 100)}% conflict)'
        circle = (f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="{colour}" fill-opacity="0.7" stroke="#222" '
                  f'stroke-width="0.5"><title>{escape(tip)}</title></circle>')
        parts.append(_a(link(p), circle, name=p["name"], place=p.get("place_id", p["name"]), count=p["events"]))
    for i, (lx, ly, anchor) in place_labels(marks, width, height, most=labels).items():
        parts.append(f'<text class="label" x="{lx:.1f}" y="{ly:.1f}" text-anchor="{anchor}">{escape(marks[i][0])}</text>')
    parts.append(_size_legend(legend_sizes(peak), radius, 14, (90 + 48) * scale))  # in the South Pacific
    parts.append("</svg>")
    return Markup("".join(parts))


def _size_legend(sizes: list[int], radius, x: float, bottom: float) -> str:
    """Circles of the legend side by side, bottoms aligned, each with its count."""
    out = ['<g class="size-legend"><text class="axis" x="{:.1f}" y="{:.1f}">events</text>'.format(
        x, bottom - 2 * radius(sizes[-1]) - 6)]
    for n in sizes:
        r = radius(n)
        out.append(f'<circle cx="{x + r:.1f}" cy="{bottom - r:.1f}" r="{r:.1f}" fill="none" stroke="#555"/>'
                   f'<text class="axis n" x="{x + r:.1f}" y="{bottom + 11:.1f}" text-anchor="middle">{n}</text>')
        x += 2 * r + 10
    return "".join(out) + "</g>"


def _blend(a: str, b: str, t: float) -> str:
    ca = [int(a[i:i + 2], 16) for i in (1, 3, 5)]
    cb = [int(b[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(x + (y - x) * t):02x}" for x, y in zip(ca, cb))
