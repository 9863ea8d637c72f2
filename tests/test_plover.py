"""The PLOVER vocabulary (newswire.plover) agrees with its sources: the PLOVER
manual in ../shared/data/plover and the contract's event statuses."""
from __future__ import annotations

import re

from newswire import plover
from newswire.lexicon import DATA


def test_sixteen_types_each_in_one_quad_class_with_a_frame_table():
    assert len(plover.TYPES) == len(set(plover.TYPES)) == 16
    assert sorted(t for types in plover.QUAD_TYPES.values() for t in types) == sorted(plover.TYPES)
    assert set(plover.QUAD_NAMES) == {1, 2, 3, 4} and set(plover.MODES) == set(plover.TYPES)
    assert all((DATA / "plover" / f"{t}.tsv").exists() for t in plover.TYPES)


def test_the_quad_classes_and_modes_are_the_manuals(shared_dir):
    manual = (shared_dir / "data" / "plover" / "PLOVER_MANUAL.tex").read_text(encoding="utf-8")
    table = manual.split(r"\caption{Quad categories in PLOVER}")[1].split(r"\end{tabular}")[0]
    for q, name in plover.QUAD_NAMES.items():
        row = next(line for line in table.splitlines() if line.strip().lower().startswith(name))
        assert sorted(t.strip() for t in row.split("&")[1].split(",")) == sorted(plover.QUAD_TYPES[q])
    modes = {}
    for m in re.finditer(r"\\caption\{(?:\\plcat\{)?([A-Z]+)\}? modes[^\n]*\n(.*?)\\label\{tab:", manual, re.S):
        rows = [line.split("&")[0].strip() for line in m.group(2).splitlines()
                if "&" in line and not line.lstrip().startswith("%")]  # % : a row the manual leaves out
        modes[m.group(1)] = tuple(r for r in rows[1:] if r)  # the first row is the header
    assert {t: m for t, m in plover.MODES.items() if m} == modes


def test_the_statuses_are_the_contracts(shared_dir):
    contract = (shared_dir / "contract" / "OUTPUT.md").read_text(encoding="utf-8")
    line = next(line for line in contract.splitlines() if line.startswith("| status |"))
    assert tuple(dict.fromkeys(re.findall(r"`(\w+)`", line))) == plover.STATUSES
    assert plover.AUXILIARY["occurred"] is None and plover.AUXILIARY["planned"] == "future"
