"""kill -9 an ingest at random moments; after each, rerun it and compare with a clean ingest.

    .venv/bin/python benchmarks/kill_ingest.py [--rounds 10] [--articles 60] [--jobs 2] [--real] [--seed N]

Each round: a fresh database; `ingest --jobs N` in a child process; SIGKILL at a
random moment between start and the end of a clean run's duration; then
1. no process of that ingest is left (its workers end with it),
2. what survived is whole articles only (every quote has its article),
3. a rerun finishes the job, and the database equals one made by a clean ingest
   (every table, every row, timestamps aside).
The default backend is the fast stand-in of tests/corpus_fakes.py (60 articles in a
few seconds, FAKE_SLEEP per article); --real uses newswire's pipeline on VOA stories.
Exit status 1 when any round failed."""
from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests")]
VOA = ROOT.parent / "shared" / "data" / "voa" / "voa_stories.jsonl"

from processes import descendants  # noqa: E402  (tests/, on the path above)


def alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def contents(db: Path) -> dict:
    from newswire.corpus.query import open_corpus

    with open_corpus(db) as corpus:
        out = {}
        for table in corpus.tables():
            cursor = corpus.con.execute(f'SELECT * FROM "{table}"')
            names = [d[0] for d in cursor.description]
            out[table] = sorted(json.dumps({k: v for k, v in zip(names, row) if k not in ("ingested_at", "failed_at")},
                                           default=str) for row in cursor.fetchall())
        return out


def start(inp: Path, db: Path, jobs: int, real: bool, env: dict | None = None) -> subprocess.Popen:
    backend = "None" if real else "'corpus_fakes'"
    code = (f"import sys; sys.path[:0] = [{str(ROOT / 'src')!r}, {str(ROOT / 'tests')!r}]\n"
            "from newswire.corpus.ingest import ingest\n"
            f"ingest([{str(inp)!r}], {str(db)!r}, jobs={jobs}, backend={backend}, progress=False, chunk_size=2)\n")
    return subprocess.Popen([sys.executable, "-c", code], stderr=subprocess.DEVNULL, env={**os.environ, **(env or {})})


def write_inputs(inp: Path, real: bool, articles: int) -> list[str]:
    """`articles` inputs (VOA stories, or fake ones) and one broken line, written to `inp`."""
    if real:
        lines = VOA.read_text(encoding="utf-8").splitlines()[:articles]
    else:
        lines = [json.dumps({"id": f"s{i}", "source": f"outlet{i % 3}", "published": "2022-05-28",
                             "text": f"Story {i}. Putin met Zelensky. \"Quote {i} from Kirby,\" Kirby said. " * 3})
                 for i in range(articles)]
    lines.append('{"id": "broken", "text": ')  # an error row must come out the same too
    inp.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return lines


def kill_round(round_: int, inp: Path, tmp: Path, args, moment: float, expected) -> bool:
    """Kill an ingest `moment` seconds in, rerun it: True when nothing is left behind and the rerun
    equals the clean ingest."""
    db = tmp / f"killed{round_}.duckdb"
    proc = start(inp, db, args.jobs, args.real)
    time.sleep(moment)
    family = descendants(proc.pid)
    finished = proc.poll() is not None
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(alive(p) for p in family):
        time.sleep(0.1)
    left = sorted(p for p in family if alive(p))
    stored = 0
    if db.exists():
        from newswire.corpus.query import open_corpus

        with open_corpus(db) as corpus:
            stored = corpus.con.execute("SELECT count(*) FROM articles").fetchall()[0][0]
            orphans = corpus.con.execute("SELECT count(*) FROM quotes WHERE article_id NOT IN "
                                         "(SELECT id FROM articles)").fetchall()[0][0]
    else:
        orphans = 0
    rerun = start(inp, db, args.jobs, args.real)
    rerun.wait()
    same = contents(db) == expected
    ok = not left and not orphans and same
    print(f"round {round_:2}: killed at {moment:5.2f} s{' (already done)' if finished else ''}, "
          f"{stored:3} articles had been stored, {len(family)} processes, left behind {left or 'none'}, "
          f"orphan quotes {orphans}, after the rerun {'equal to' if same else 'DIFFERENT from'} "
          f"the clean ingest: {'ok' if ok else 'FAIL'}", flush=True)
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--articles", type=int, default=60)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--real", action="store_true", help="newswire's pipeline on VOA stories (slower)")
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args()
    seed = args.seed if args.seed is not None else random.randrange(1 << 30)
    rng = random.Random(seed)
    os.environ.setdefault("FAKE_SLEEP", "0.1")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        inp = tmp / "in.jsonl"
        lines = write_inputs(inp, args.real, args.articles)
        reference = tmp / "reference.duckdb"
        progress = tmp / "progress.txt"
        began = time.time()
        proc = start(inp, reference, args.jobs, args.real, {"FAKE_PROGRESS": str(progress)})
        proc.wait()
        clean_s = time.time() - began
        # the moments are drawn over the extraction, the part that writes (linking follows it)
        window = progress.stat().st_mtime - began if progress.exists() else clean_s
        expected = contents(reference)
        print(f"seed {seed}: clean ingest of {len(lines)} inputs with --jobs {args.jobs} took {clean_s:.1f} s, "
              f"its last article extracted at {window:.1f} s", flush=True)
        failures = 0
        for round_ in range(1, args.rounds + 1):
            failures += not kill_round(round_, inp, tmp, args, rng.uniform(0.5, window + 0.5), expected)
        print(f"{args.rounds - failures} of {args.rounds} rounds ok")
        return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
