"""Build src/newswire/web/data/world_land_110m.txt, the world outline of `/map`.

Source: Natural Earth 1:110m land (public domain), as TopoJSON in the npm
package world-atlas (ISC), fetched with `npm pack` at build time only. The
TopoJSON arcs are decoded here and written as SVG path data in an
equirectangular frame 360 wide and 180 high (x = lon + 180, y = 90 - lat),
rounded to 0.1 degree, one ring a line: small, and drawn without any code.

    python scripts/build_world_outline.py
"""
from __future__ import annotations

import json
import subprocess
import tarfile
import tempfile
from pathlib import Path

PACKAGE = "world-atlas@2.0.2"
MEMBER = "package/land-110m.json"
TARGET = Path(__file__).resolve().parent.parent / "src" / "newswire" / "web" / "data" / "world_land_110m.txt"


def fetch_topology() -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        name = subprocess.run(["npm", "pack", PACKAGE, "--silent"], cwd=tmp, check=True,
                              capture_output=True, text=True).stdout.strip().splitlines()[-1]
        with tarfile.open(Path(tmp) / name) as tar:
            return json.load(tar.extractfile(MEMBER))


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """Quantized, delta-encoded TopoJSON arcs → lists of (lon, lat)."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring_points(ring: list[int], arcs) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in ring:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def ring_path(points) -> str:
    """One ring as path data; a ring that crosses the antimeridian is cut there into closed pieces."""
    pieces, out, last = [], [], None
    for lon, lat in points:
        xy = (round(lon + 180, 1), round(90 - lat, 1))
        if last is not None and abs(xy[0] - last[0]) > 180:
            pieces.append(out)
            out = []
        if xy != last:
            out.append(f"{xy[0]:g},{xy[1]:g}")
            last = xy
    pieces.append(out)
    return "".join("M" + "L".join(p) + "Z" for p in pieces if len(p) >= 3)


def outline_lines(topology: dict) -> list[str]:
    arcs = decode_arcs(topology)
    lines = []
    for geometry in topology["objects"]["land"]["geometries"]:
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        for polygon in polygons:
            for ring in polygon:
                path = ring_path(ring_points(ring, arcs))
                if path:
                    lines.append(path)
    return lines


def main() -> None:
    lines = outline_lines(fetch_topology())
    header = [
        "# World land outline for newswire's /map.",
        "# Source: Natural Earth 1:110m land (public domain, naturalearthdata.com),",
        f"# via the npm package {PACKAGE} (TopoJSON by Mike Bostock, ISC licence), file land-110m.json.",
        "# Built by scripts/build_world_outline.py: SVG path data, equirectangular, 360 x 180,",
        "# x = lon + 180, y = 90 - lat, rounded to 0.1 degree; one ring a line.",
    ]
    TARGET.write_text("\n".join(header + lines) + "\n", encoding="utf-8")
    print(f"wrote {len(lines)} rings to {TARGET} ({TARGET.stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    main()
