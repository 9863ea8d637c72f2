"""The real output in the docs, made by the code itself, so that no figure can drift.

A fenced block right after a `<!-- figures: NAME -->` line in README.md or docs/*.md
is a shell session: `$ ` lines are commands, the lines after each its output. This
script runs every command the way a shell would, in a folder of its own per NAME
(set up by `SETUPS`: the input files the commands name, a corpus built beforehand),
and writes or checks the output:

    python scripts/doc_figures.py            # check: exit 1 and a diff when a block differs
    python scripts/doc_figures.py --write    # rewrite the blocks with what the code gives now

Commands: `newswire …` (in process, through click), `curl -s [-H …] [--data-binary …]
'127.0.0.1:8000/…'` (the app of `newswire serve` over the NAME's corpus, in process),
piped into `cut -d, -fA-B`, `cut -cA-B` (characters) or `head -N`, and `head -N FILE`. Timings ("in 4.9 s (1.0
articles/s)") are compared as a shape, not a value. tests/test_docs.py runs the check."""
from __future__ import annotations

import argparse
import difflib
import json
import os
import re
import shlex
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = (REPO / ".." / "shared").resolve()
DOCS = ("README.md", "docs/web.md", "docs/corpus.md")
MARK = re.compile(r"^<!-- figures: (\w+) -->\n```\n(.*?)^```$", re.M | re.S)
TIMING = re.compile(r"in \d+(?:\.\d+)? s \(\d+(?:\.\d+)? articles/s\)")
SEED = SHARED / "seeds" / "000_a956789f9a4d9f80.txt"
REWORDING = REPO / "tests" / "fixtures" / "kirby_rewording.txt"
FRENCH = ("Le président de la République a annoncé mardi soir une nouvelle série de mesures pour soutenir "
          "les agriculteurs touchés par la sécheresse. Le gouvernement débloquera une aide d'urgence dans les "
          "prochains jours, a précisé le ministre de l'Agriculture lors d'une conférence de presse à Paris.")


@dataclass
class Block:
    doc: str
    name: str
    start: int  # offsets of the block's body in the doc
    end: int
    body: str

    def commands(self) -> list[str]:
        return [line[2:] for line in self.body.splitlines() if line.startswith("$ ")]


def find_blocks(doc: str, text: str) -> list[Block]:
    return [Block(doc, m.group(1), m.start(2), m.end(2), m.group(2)) for m in MARK.finditer(text)]


# ---------------------------------------------------------------- the folders the commands run in

def _jsonl(path: Path, rows: list[dict]) -> None:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")


def setup_demo(folder: Path) -> None:
    """README: the seed story from one outlet and a rewording of it by another."""
    _jsonl(folder / "two_outlets.jsonl", [
        {"id": "wire", "text": SEED.read_text(encoding="utf-8"), "source": "outlet-a", "published": "2022-05-28"},
        {"id": "republished", "text": REWORDING.read_text(encoding="utf-8"), "source": "outlet-b",
         "published": "2022-05-28"}])


def setup_kirby(folder: Path) -> None:
    """docs/corpus.md: the same two, a reprint of the seed word for word by a third
    outlet, a story in French and one with no date."""
    _jsonl(folder / "kirby.jsonl", [
        {"id": "seed", "text": SEED.read_text(encoding="utf-8"), "source": "outlet-a", "published": "2022-05-28"},
        {"id": "rewording", "text": REWORDING.read_text(encoding="utf-8"), "source": "outlet-b",
         "published": "2022-05-28"}])
    _jsonl(folder / "reprint.jsonl", [
        {"id": "seed-reprint", "text": SEED.read_text(encoding="utf-8"), "source": "reprint.example",
         "published": "2022-05-29"}])
    _jsonl(folder / "more.jsonl", [
        {"id": "french", "text": FRENCH, "source": "outlet-c", "published": "2024-06-04"},
        {"id": "undated", "text": "Pentagon spokesman John Kirby said on Friday that Russia had shown no interest "
                                  "in talks with Ukraine, and that Kyiv would keep fighting.", "source": "outlet-c"}])


def setup_voa(folder: Path) -> None:
    """docs/web.md: the 89 VOA stories, ingested."""
    if not (folder / "voa.duckdb").exists():
        run_newswire(["ingest", str(SHARED / "data" / "voa" / "voa_stories.jsonl"), "--db", "voa.duckdb",
                      "--no-progress"])


SETUPS = {"demo": setup_demo, "kirby": setup_kirby, "voa": setup_voa}
SERVED = {"voa": "voa.duckdb", "demo": "demo.duckdb", "kirby": "news.duckdb"}  # the corpus curl asks


@contextmanager
def inside(folder: Path):
    here = os.getcwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(here)


# ---------------------------------------------------------------- the commands

def run_newswire(args: list[str]) -> tuple[str, str]:
    """(stdout, stdout and stderr as a terminal shows them) of one `newswire` command."""
    from click.testing import CliRunner

    from newswire.cli import cli

    result = CliRunner().invoke(cli, args, prog_name="newswire", catch_exceptions=False)
    return result.stdout, result.output


_apps: dict = {}


def run_curl(args: list[str], db: str) -> str:
    from fastapi.testclient import TestClient

    from newswire.web.app import create_app

    headers, data, url, i = {}, None, None, 0
    while i < len(args):
        arg = args[i]
        if arg == "-s":
            pass
        elif arg == "-H":
            i += 1
            key, _, value = args[i].partition(":")
            headers[key.strip()] = value.strip()
        elif arg in ("-d", "--data-binary"):
            i += 1
            data = args[i].encode("utf-8")
        else:
            url = arg
        i += 1
    key = str(Path(db).resolve())  # the app is named by the path it was given: `newswire serve --db voa.duckdb`
    if key not in _apps:
        _apps[key] = TestClient(create_app(db), base_url="http://127.0.0.1:8000")
    path = url.split("127.0.0.1:8000", 1)[1] or "/"
    client = _apps[key]
    response = client.post(path, content=data, headers=headers) if data is not None else client.get(path)
    return response.text


def _filter(text: str, argv: list[str]) -> str:
    """`cut -d, -fA-B`, `cut -cA-B`, `head -N` over text, line by line, as coreutils does."""
    lines = text.splitlines()
    if argv[0] == "head":
        return "\n".join(lines[:int(argv[1].lstrip("-n") or 10)])
    if argv[0] == "cut" and argv[1] == "-d,":
        lo, _, hi = argv[2][2:].partition("-")
        return "\n".join(",".join(line.split(",")[int(lo) - 1:int(hi or lo)]) for line in lines)
    if argv[0] == "cut" and argv[1].startswith("-c"):
        lo, _, hi = argv[1][2:].partition("-")
        return "\n".join(line[int(lo) - 1:int(hi)] for line in lines)
    raise ValueError(f"the doc figures cannot run {' '.join(argv)!r}")


def run_command(command: str, name: str) -> str:
    """The output of one `$ ` line of a block, run in the block's folder."""
    stages = [shlex.split(stage) for stage in command.split(" | ")]
    first = stages[0]
    if first[0] == "newswire":
        stdout, shown = run_newswire(first[1:])
        text = stdout if len(stages) > 1 else shown
    elif first[0] == "curl":
        text = run_curl(first[1:], SERVED[name])
    elif first[0] == "head" and len(first) == 3:  # head -N FILE
        text = _filter(Path(first[2]).read_text(encoding="utf-8"), first[:2])
    else:
        raise ValueError(f"the doc figures cannot run {command!r}")
    for stage in stages[1:]:
        text = _filter(text, stage)
    return "\n".join(text.splitlines()).rstrip("\n")  # a CSV's \r\n as a terminal shows it


def render(block: Block, work: Path) -> str:
    folder = work / block.name
    if not folder.exists():
        folder.mkdir(parents=True)
        with inside(folder):
            SETUPS[block.name](folder)
    out = []
    with inside(folder):
        for command in block.commands():
            out.append(f"$ {command}")
            output = run_command(command, block.name)
            if output:
                out.append(output)
            out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def same(a: str, b: str) -> bool:
    return TIMING.sub("in T s (R articles/s)", a) == TIMING.sub("in T s (R articles/s)", b)


def check(work: Path, write: bool = False, docs=DOCS) -> list[str]:
    """The differences between the docs and what the code gives (none: []); with
    `write`, the docs are rewritten with it."""
    problems = []
    for doc in docs:
        path = REPO / doc
        text = path.read_text(encoding="utf-8")
        blocks = find_blocks(doc, text)
        fresh_of = [render(block, work) for block in blocks]  # in order: a block may use what one before made
        for block, fresh in reversed(list(zip(blocks, fresh_of))):  # from the end: offsets hold while rewriting
            if same(fresh, block.body):
                continue
            diff = "".join(difflib.unified_diff(block.body.splitlines(True), fresh.splitlines(True),
                                                f"{doc} (figures: {block.name})", "what the code gives"))
            problems.append(diff)
            text = text[:block.start] + fresh + text[block.end:]
        if write:
            path.write_text(text, encoding="utf-8")
    return problems


def main() -> int:
    import tempfile

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="rewrite the blocks")
    parser.add_argument("--work", help="the folder to run in (default: a new temporary one)")
    args = parser.parse_args()
    work = Path(args.work or tempfile.mkdtemp(prefix="newswire-docs-"))
    problems = check(work, write=args.write)
    for problem in problems:
        print(problem)
    if problems and not args.write:
        print(f"{len(problems)} block(s) differ: python scripts/doc_figures.py --write", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
