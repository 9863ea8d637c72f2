#!/usr/bin/env python3
"""Build src/newswire/data/plover/cameo_frames.tsv from PETRARCH2's CAMEO verb dictionary.

Usage: python scripts/build_cameo_frames.py [--source DIR] [--plover DIR] [--out PATH] [--report]

Input: ../shared/data/petrarch2/CAMEO.2.0.txt (MIT) and the CAMEO-to-PLOVER table
../shared/data/plover/CAMEO2PLOVER-2021.txt (CC BY-SA 4.0).

Rows (same columns as the hand-written data/plover/<TYPE>.tsv frames where they overlap):
  * kind=verb: each verb of a verb block (`--- NAME [CODE] ---`) whose own `[code]` or block code
    is an event code. A multi-word verb (`+CALL_OFF`, `WIRE_+TAP`) gives its '+'-marked word as
    `lemma` and the other words as `requires`.
  * kind=pattern: the block's simple patterns, for each of its verbs: `- * NOUN [code]` (object
    head) and `- * (PREP NOUN) [code]` (a prepositional phrase) give `requires` = NOUN or
    PREP NOUN. Patterns with synsets (&X), braces ({A B}), several phrases, pre-verb nouns or
    `$`/`+`/`%` slots are skipped: they need PETRARCH's parse-tree matcher. A pattern that gives
    the same PLOVER type and mode as its verb's own row is skipped too (it adds nothing).
  `cameo` is the row's source: the CAMEO code from the dictionary (the first of an `a:b` pair).

CAMEO -> PLOVER: the table's own line for the code, else its 3-digit parent, else the 2-digit
category's `x0` line. Skipped, as PLOVER does:
  * 01x (MAKE PUBLIC STATEMENT) and 02x (APPEAL): dropped by PLOVER (manual, "CAMEO to PLOVER
    translation"); the table has no lines for them.
  * the null code `---` (the isolated verb is no event) and codes the table lacks.
Kept as kind=no_event (type '-'): the patterns of 011 (decline comment: "refuse * comment",
"remain silent", "evade * question"), so that the REJECT a bare "refuse" or "decline" gives is not
read where the act is declining to comment, which PLOVER dropped with the rest of CAMEO 01.
Mapped elsewhere: 163 (impose embargo, boycott or sanctions) is COERCE/restrict in the 2021 table
but SANCTION (mode discontinue) in the newer manual, which wins (../shared/data/plover/NOTICE.md).
A table mode that is not one of the type's modes in data/plover/types.tsv ("ease", "massacre",
"cleansing", ...) is written '-'.

coding/events/frames.py reads the verb rows of the verbal-conflict quad and the no_event rows. `--report` prints the lemma
gap against the hand-written frames; the summary at build time (2026-12) is in REPORT below.
"""
from __future__ import annotations

import argparse
import os
import re
import sys
from collections import defaultdict

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(os.path.dirname(ROOT), "shared", "data")
DEFAULT_OUT = os.path.join(ROOT, "src", "newswire", "data", "plover", "cameo_frames.tsv")
PLOVER_DIR = os.path.join(ROOT, "src", "newswire", "data", "plover")
OVERRIDES = {"163": ("SANCTION", "discontinue")}  # the manual over the 2021 table (see above)
NO_EVENT_CODES = ("011",)  # decline comment: a pattern that marks its verb as no PLOVER event (see above)

REPORT = """Lemma gap at build time: of 963 single-word CAMEO verb rows, 720 (type, lemma) pairs are
in no hand-written frame of that type, 633 in no hand-written frame at all. Largest gaps: ACCUSE
106/128 (abhor, admonish, belittle, bemoan, challenge, ...), COOPERATE 102/112 (allocate, assign,
...), ASSAULT 100/140 (annihilate, besiege-like blitz, bludgeon, butcher, clobber, combat, ...),
SUPPORT 88/103 (acclaim, affirm, ally, ...), COERCE 80/107 (banish, besiege, blackmail,
commandeer, confine, ...), CONCEDE 67/77 (abandon, acquiesce, capitulate, ...), CONSULT 60/75
(apprise, approach, communicate, confront, ...). Many are WordNet synonyms of low news value
(agonise, enkindle, apprize); the hand-written frames hold the high-frequency triggers."""


def read_table(path: str) -> dict[str, tuple[str, str, str]]:
    """code -> (type, mode, contexts '|'-joined) from CAMEO2PLOVER-2021.txt."""
    table = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            m = re.match(r"^(\d{2,4}):\s*([^#]*)", line)
            if not m or "," not in m.group(2):
                continue  # '03: AGREE' section headers
            parts = [p.strip() for p in m.group(2).split(",")]
            ptype, mode = parts[0], parts[1] if len(parts) > 1 else ""
            context = "|".join(c.strip() for c in (parts[2] if len(parts) > 2 else "").split(";") if c.strip())
            table.setdefault(m.group(1), (ptype, mode, context))
    return table


def type_modes() -> dict[str, set[str]]:
    modes = {}
    with open(os.path.join(PLOVER_DIR, "types.tsv"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or line.startswith("type\t") or not line.strip():
                continue
            t, _q, m = line.rstrip("\n").split("\t")[:3]
            modes[t] = set() if m == "-" else set(m.split("|"))
    return modes


def to_plover(code: str, table, modes):
    if code in OVERRIDES:
        ptype, mode = OVERRIDES[code]
        return ptype, mode, table.get(code, ("", "", ""))[2]
    for candidate in (code, code[:3], code[:2] + "0"):
        if candidate in table:
            ptype, mode, context = table[candidate]
            return ptype, (mode if mode in modes.get(ptype, set()) else "-"), context
    return None


def verb_forms(line: str):
    """'+CALL_OFF {...} [160]' -> ('call', ['off'], '160' or None); None if not a verb line."""
    code = None
    m = re.search(r"\[([^\]]*)\]", line)
    if m:
        code = m.group(1).strip()
        line = line[:m.start()]
    line = re.sub(r"\{[^}]*\}", "", line).strip()
    if not line or not re.fullmatch(r"[A-Z+_'\-]+", line):
        return None
    words = [w for w in line.split("_") if w]
    marked = [w for w in words if w.startswith("+")]
    head = (marked[0] if marked else words[0]).lstrip("+")
    rest = [w.lstrip("+").lower() for w in words if w.lstrip("+") != head]
    if not re.fullmatch(r"[A-Z][A-Z'\-]*", head):
        return None
    return head.lower(), rest, code


SIMPLE = re.compile(r"^-\s*\*\s+(?:([A-Z][A-Z\-']*)|\(([A-Z]+)\s+([A-Z][A-Z\-']*)\))\s*\[([^\]]+)\]")


def read_cameo(path: str):
    """Blocks: (name, block code, [(lemma, particles, own code)], [(requires, code)])."""
    blocks = []
    cur = None
    with open(path, encoding="utf-8", errors="replace") as f:
        for raw in f:
            line = raw.split("#", 1)[0].rstrip()
            if raw.startswith("---"):
                m = re.match(r"---\s+(\S+)\s+\[([^\]]*)\]", raw)
                cur = {"name": m.group(1) if m else "", "code": (m.group(2).strip() if m else "---"),
                       "verbs": [], "patterns": []}
                blocks.append(cur)
                continue
            if cur is None or not line.strip() or line.startswith(("&", "+", "~")) and cur is None:
                continue
            if line.startswith("~") or line.startswith("&"):
                continue
            if line.startswith("-"):
                m = SIMPLE.match(line)
                if m:
                    req = m.group(1) or f"{m.group(2)} {m.group(3)}"
                    cur["patterns"].append((req.lower(), m.group(4).strip()))
                continue
            v = verb_forms(line.strip())
            if v:
                cur["verbs"].append(v)
    return [b for b in blocks if b["verbs"]]


def first_code(code: str | None) -> str | None:
    if not code:
        return None
    code = code.split(":")[0].strip()
    return code if code.isdigit() else None


def build(source: str, plover: str):
    table = read_table(os.path.join(plover, "CAMEO2PLOVER-2021.txt"))
    modes = type_modes()
    rows = {}
    skipped = defaultdict(int)
    for b in read_cameo(os.path.join(source, "CAMEO.2.0.txt")):
        block_code = first_code(b["code"])
        for lemma, particles, own in b["verbs"]:
            requires = " ".join(particles) or "-"
            code = first_code(own) or block_code
            own_mapped = to_plover(code, table, modes) if code else None
            if code:
                mapped = to_plover(code, table, modes)
                if mapped:
                    rows.setdefault((lemma, requires, "verb"), (lemma, "VERB", requires, *mapped, code, b["name"], "verb"))
                else:
                    skipped["dropped " + code[:2]] += 1
            for req, pcode in b["patterns"]:
                pc = first_code(pcode)
                mapped = to_plover(pc, table, modes) if pc else None
                if pc and pc.startswith(NO_EVENT_CODES):
                    full = " ".join(x for x in [" ".join(particles), req] if x)
                    rows.setdefault((lemma, full, "no_event"), (lemma, "VERB", full, "-", "-", "-", pc, b["name"], "no_event"))
                    continue
                if not mapped:
                    skipped["pattern " + (pc[:2] if pc else "null")] += 1
                    continue
                if own_mapped and mapped[:2] == own_mapped[:2]:
                    skipped["pattern same as its verb"] += 1  # adds nothing to the verb's own row
                    continue
                full = " ".join(x for x in [" ".join(particles), req] if x)
                rows.setdefault((lemma, full, "pattern"), (lemma, "VERB", full, *mapped, pc, b["name"], "pattern"))
    return sorted(rows.values(), key=lambda r: (r[3], r[0], r[8], r[2], r[6])), skipped


def handwritten() -> dict[str, set[str]]:
    found = defaultdict(set)
    for name in os.listdir(PLOVER_DIR):
        t = name[:-4]
        if not name.endswith(".tsv") or not t.isupper():
            continue
        with open(os.path.join(PLOVER_DIR, name), encoding="utf-8") as f:
            for line in f:
                if line.startswith(("#", "lemma\t")) or not line.strip():
                    continue
                found[t].add(line.split("\t")[0].lower())
    return found


def gap_report(rows) -> str:
    have = handwritten()
    all_have = set().union(*have.values())
    by_type = defaultdict(set)
    for r in rows:
        if r[8] == "verb" and r[2] == "-":
            by_type[r[3]].add(r[0])
    lines = ["CAMEO single-word verb lemmas that no hand-written frame of the same type has"
             " (in brackets: how many are in no hand-written frame at all):"]
    total = 0
    for t in sorted(by_type):
        missing = sorted(by_type[t] - have.get(t, set()))
        nowhere = [m for m in missing if m not in all_have]
        total += len(missing)
        lines.append(f"  {t}: {len(missing)} of {len(by_type[t])} [{len(nowhere)}]: {', '.join(nowhere[:12])}")
    lines.append(f"  total: {total}")
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--source", default=os.path.join(SHARED, "petrarch2"))
    ap.add_argument("--plover", default=os.path.join(SHARED, "plover"))
    ap.add_argument("--out", default=DEFAULT_OUT)
    ap.add_argument("--report", action="store_true")
    args = ap.parse_args(argv)
    rows, skipped = build(args.source, args.plover)
    with open(os.path.join(args.source, "LICENSE"), encoding="utf-8") as f:
        lic = [line.rstrip() for line in f]
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w", encoding="utf-8", newline="\n") as fh:
        fh.write("# source: PETRARCH2 CAMEO.2.0.txt (github.com/openeventdata/petrarch2), converted by scripts/build_cameo_frames.py;"
                 " CAMEO codes mapped with CAMEO2PLOVER-2021.txt (PLOVER, CC BY-SA 4.0), the manual winning for 163\n")
        for line in lic:
            fh.write(f"# {line}\n" if line else "#\n")
        fh.write("# format: lemma = the verb; pos = VERB; requires = words that must also occur (particle, object head,"
                 " or preposition + noun; '-' = none); type/mode/context = PLOVER ('-' = none);"
                 " cameo = the CAMEO code the row comes from; block = its CAMEO verb block; kind = verb|pattern|no_event\n")
        fh.write("# read by coding/events/frames.py: the verbs of the verbal-conflict quad, and the no_event patterns\n")
        fh.write("lemma\tpos\trequires\ttype\tmode\tcontext\tcameo\tblock\tkind\n")
        for r in rows:
            fh.write("\t".join(x or "-" for x in r) + "\n")
    print(f"wrote {len(rows)} rows to {args.out}; skipped: {dict(sorted(skipped.items()))}")
    if args.report:
        print(gap_report(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
