"""Linking benchmark: pair precision and recall of article, quote and event links,
and the time to link 1,000 to 10,000 articles.

    python benchmarks/bench_link.py [--sizes 1000,2500,5000,10000] [--seed 7] [--json FILE]

The test corpus is built at run time (nothing is copied into the project) from
../shared/data/voa/voa_stories.jsonl (89 real VOA stories), the hand-made gold
quotes (with speakers) and events of ../shared/eval/dev-voa, the seed article
../shared/seeds/000_a956789f9a4d9f80.txt and tests/fixtures/kirby_rewording.txt:

- every VOA story is an original; most get copies by other outlets: verbatim with
  added boilerplate (headline, caption, "Also read:" lines, footer), truncated
  (the first 35-70% of the sentences), reworded (synonyms, contractions, spelling
  variants of names, sentences dropped; quotes reworded the same way, one longer
  word in six replaced as a translation would, some with the speaker unknown), and briefs (the first three sentences under a shared disclaimer);
- quote round-ups quote fragments (5-9 words) of the long quotes: quotes that must
  join their full quote, articles that must not join the story;
- hard negatives: the same words given to another speaker in another article
  (two speakers, same topic), different quotes of one speaker (Kirby, Trump, ...:
  the same speaker on two topics), an event of the same type and dyad 10 days
  later, and the same dyad on the same day with another type; events that did
  not happen (the gold's forbidden events) must not be in any cluster;
- the seed and its rewording are a real translated/rewritten pair, with the
  four Kirby quotes they share.

Gold pairs: two articles of one story (an original and its copies; the two VOA
versions of the Pakistan train attack are one story), two occurrences of one
gold quote (quotes of 4+ content words: the linker leaves shorter ones alone),
two reports of one gold event. Predicted pairs: two members of one cluster.
The scale run builds stories from VOA sentences shuffled across stories, with
copies, quotes and events, and times `link_corpus` alone (the store is written
first, in bulk), in wall and CPU seconds; growth is measured on CPU time.
"""
from __future__ import annotations

import argparse
import glob
import json
import random
import re
import sys
import tempfile
import time
from collections import defaultdict
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
SHARED = ROOT.parent / "shared"
VOA = SHARED / "data" / "voa" / "voa_stories.jsonl"
DEV_VOA = SHARED / "eval" / "dev-voa"
SEED = SHARED / "seeds" / "000_a956789f9a4d9f80.txt"
REWORDING = ROOT / "tests" / "fixtures" / "kirby_rewording.txt"
SAME_STORY = {"8007760": "8006651"}  # an update of one story in the VOA sample

SYNONYMS = {"said": "stated", "says": "states", "told": "informed", "also": "further", "however": "yet",
            "announced": "declared", "government": "administration", "officials": "authorities",
            "people": "citizens", "country": "nation", "meeting": "session", "attack": "assault",
            "war": "conflict", "help": "assist", "talks": "negotiations", "began": "started",
            "after": "following", "about": "around", "killed": "slain", "big": "large", "major": "key",
            "important": "crucial", "want": "wish", "think": "believe", "very": "really", "must": "have to",
            "support": "backing", "security": "safety", "forces": "troops", "leader": "chief",
            "president": "President", "minister": "Minister", "continue": "keep", "will": "shall"}
CONTRACTIONS = {"do not": "don't", "does not": "doesn't", "is not": "isn't", "we are": "we're",
                "it is": "it's", "cannot": "can't", "will not": "won't"}
SPELLING = {"Kyiv": "Kiev", "Zelenskyy": "Zelensky", "Donbas": "Donbass", "Odesa": "Odessa",
            "Kharkiv": "Kharkov", "Luhansk": "Lugansk"}
BOILERPLATE_TOP = ["Photo: AFP", "File photo", "Breaking News", "Watch: live coverage"]
BOILERPLATE_END = ["Source link", "Follow us on Telegram for the latest news.", "© 2025 All rights reserved.",
                   "Subscribe to our newsletter for daily updates."]
DISCLAIMER = ("The views expressed in this section come from agency wires and partner newsrooms and are "
              "selected by our editors each morning for readers across the region who follow world politics, "
              "security and the economy with us every day.")


# ------------------------------------------------------------------ text edits

def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?:(?<=[.!?])|(?<=[.!?][\"”’]))\s+(?=[\"“A-Z0-9])", text) if s.strip()]


def reword(text: str, rng: random.Random, p: float = 0.7) -> str:
    for a, b in CONTRACTIONS.items():
        if rng.random() < p:
            text = re.sub(rf"\b{a}\b", b, text)
    for a, b in SPELLING.items():
        text = text.replace(a, b)

    def swap(m):
        word = m.group(0)
        new = SYNONYMS.get(word.lower())
        return new if new and rng.random() < p else word
    return re.sub(r"[A-Za-z]+", swap, text)


VOCABULARY: list[str] = []  # the VOA stories' longer words, filled by benchmark_corpus


def reword_quote(text: str, rng: random.Random) -> str:
    """A translation-like variant: synonyms, spelling, punctuation and case, a dropped little word,
    and one longer word in six translated by another word."""
    text = reword(text, rng, 0.5).replace(",", "").replace("’", "'")
    if VOCABULARY:
        text = re.sub(r"\b[a-z]{5,}\b", lambda m: rng.choice(VOCABULARY) if rng.random() < 1 / 6 else m.group(0), text)
    words = text.split()
    small = [i for i, w in enumerate(words) if w.lower() in ("the", "a", "an", "that", "of", "just", "so")]
    if small and len(words) > 8:
        del words[rng.choice(small)]
    return " ".join(words)


def fragment(text: str, rng: random.Random) -> str | None:
    words = text.split()
    if len(words) < 14:
        return None
    n = rng.randint(6, 9)
    start = rng.randint(0, len(words) - n)
    return re.sub(r"[\"“”]", "", " ".join(words[start:start + n])).strip(" ,.;:")


# ------------------------------------------------------------------ records

def content_words(text: str) -> int:
    from newswire.corpus.link import tokens

    return sum(c for _, _, c in tokens(text))


def record(aid, outlet, published, title, text, quotes=(), events=(), story=None):
    if len(published) == 10:  # a day: the time is the original's, copies come out later
        published = f"{published}T00:00:00Z"
    return {"id": aid, "source": outlet, "url": f"https://{outlet}/{aid}", "published": published, "title": title,
            "text": text, "quotes": list(quotes), "events": list(events), "story": story or aid}


def quote(qid, text, speaker, gold):
    return {"id": qid, "kind": "direct", "text": text, "speaker": None, "speaker_name": speaker, "cue": "said",
            "spans": [], "gold": gold}


def event(eid, etype, src, tgt, day, gold, status="occurred", end=None):
    def actor(name_code):
        name, code = name_code
        return {"name": name, "kind": "person" if " " in name and not code else "organization", "code": code}
    return {"id": eid, "type": etype, "status": status, "date": {"start": day, "end": end or day},
            "src": [actor(a) for a in src], "tgt": [actor(a) for a in tgt], "gold": gold}


def gold_stories() -> dict[str, dict]:
    out = {}
    for path in sorted(glob.glob(str(DEV_VOA / "voa-*.json"))):
        g = json.loads(Path(path).read_text())
        out[g["id"]] = g
    return out


def side(gold_side):
    if not gold_side:
        return []
    return [((gold_side.get("names") or ["?"])[0], gold_side.get("code"))]


def benchmark_corpus(seed: int) -> list[dict]:
    """The accuracy corpus: VOA stories, their copies and round-ups, hard negatives, the Kirby pair."""
    rng = random.Random(seed)
    stories = [json.loads(line) for line in VOA.read_text().splitlines() if line.strip()]
    golds = gold_stories()
    titles = [s["title"] for s in stories]
    VOCABULARY[:] = sorted({w for s in stories for w in re.findall(r"\b[a-z]{5,}\b", s["text"])})
    out = []
    speakers_seen = sorted({(g["quotes"][0]["speaker"] or ["?"])[0] for g in golds.values() if g["quotes"]})
    for n, s in enumerate(stories):
        sid, day = s["id"], s["published"][:10]
        story = SAME_STORY.get(sid, sid)
        g = golds.get(sid)
        qs = [quote(f"q{i}", q["text"], (q.get("speaker") or [None])[0], f"{sid}/q{i}")
              for i, q in enumerate(g["quotes"] if g else [])]
        evs = [event(f"e{i}", e["type"], side(e["source"]), side(e["target"]), e["date"]["start"] if e["date"] else day,
                     f"{sid}/e{i}", end=e["date"]["end"] if e["date"] else None)
               for i, e in enumerate(g["events"] if g else []) if e["source"]]
        evs += [event(f"f{i}", e["type"], side(e["source"]), side(e["target"]), day, f"{sid}/f{i}", status="hypothetical")
                for i, e in enumerate(g["forbidden_events"] if g else []) if e.get("source")]
        out.append(record(sid, "voanews.com", s["published"].replace(" ", "T")[:16] + ":00Z", s["title"], s["text"],
                          qs, evs, story))
        out += copies_of(n, s, story, qs, evs, rng, titles)
        if g:
            out += roundup_and_rebuttal(s, qs, rng, evs, speakers_seen, stories)
    if SEED.exists():
        for aid, path, outlet in (("seed", SEED, "seed.example"), ("rewording", REWORDING, "rewording.example")):
            text = path.read_text()
            found = re.findall(r"[“\"]([^”\"]+)[”\"]", text)
            out.append(record(aid, outlet, "2022-05-28", text.splitlines()[0], text,
                              [quote(f"q{i}", t, "John Kirby", f"kirby/q{i}") for i, t in enumerate(found)],
                              [], "kirby"))
    return out


def copies_of(n: int, s: dict, story: str, qs: list[dict], evs: list[dict], rng: random.Random,
              titles: list[str]) -> list[dict]:
    """The copies of the `n`th story: verbatim with boilerplate, truncated, reworded, a brief."""
    sid, out = s["id"], []
    sents = sentences(s["text"])
    day = s["published"].replace(" ", "T")[:16] + ":00Z"  # to the minute: copies come out after it
    next_day = _shift(day, 1)
    if n % 5 != 4:  # verbatim with boilerplate
        body = list(sents)
        for _ in range(2):
            body.insert(rng.randint(1, len(body)), f"Also read: {rng.choice(titles)}")
        text = "\n\n".join([s["title"], rng.choice(BOILERPLATE_TOP)] + body + [rng.choice(BOILERPLATE_END)])
        out.append(record(f"{sid}-copy", f"mirror{n % 3}.example", _shift(day, 0, 3), s["title"], text, qs, evs,
                          story))
    if n % 4 != 3:  # truncated
        keep = sents[:max(3, int(len(sents) * rng.uniform(0.35, 0.7)))]
        text = " ".join(keep)
        out.append(record(f"{sid}-short", f"digest{n % 2}.example", next_day, s["title"], text,
                          [q for q in qs if q["text"][:40] in text], evs[:len(evs) // 2], story))
    if n % 3 != 2:  # reworded
        kept = [x for x in sents if rng.random() > 0.15]
        text = reword(" ".join(kept), rng)
        rq = [quote(q["id"], reword_quote(q["text"], rng), q["speaker_name"] if rng.random() > 0.3 else None,
                    q["gold"]) for q in qs]
        rev = [{**e, "date": {"start": _shift(e["date"]["start"], rng.choice([0, 0, 1])),
                              "end": e["date"]["end"]}} for e in evs]
        out.append(record(f"{sid}-rw", f"rewrite{n % 4}.example", next_day, reword(s["title"], rng), text,
                          rq, rev, story))
    if n % 6 == 0:  # a brief under a disclaimer that one outlet prints in all of them
        text = DISCLAIMER + "\n\n" + " ".join(sents[:3])
        out.append(record(f"{sid}-brief", "briefs.example", next_day, s["title"], text, [], [], story))
    return out


def roundup_and_rebuttal(s: dict, qs: list[dict], rng: random.Random, evs: list[dict],
                         speakers_seen: list[str], stories: list[dict]) -> list[dict]:
    """A round-up quoting fragments: its quotes join, the article does not; and a rebuttal, a hard negative."""
    sid, out = s["id"], []
    day = s["published"].replace(" ", "T")[:16] + ":00Z"  # to the minute
    frags = [(q, fragment(q["text"], rng)) for q in qs]
    frags = [(q, f) for q, f in frags if f and content_words(f) >= 4]
    if frags:
        lines = [f"{q['speaker_name'] or 'One official'} said \"{f}.\"" for q, f in frags]
        out.append(record(f"{sid}-roundup", "roundup.example", _shift(day, 2), f"What they said: {sid}",
                          " ".join(lines), [quote(q["id"], f, q["speaker_name"], q["gold"]) for q, f in frags],
                          [], f"{sid}-roundup"))
    # hard negatives: another speaker, same words; a later event of the same dyad; another type
    if qs:
        q = max(qs, key=lambda x: len(x["text"]))
        other = rng.choice([x for x in speakers_seen if x != q["speaker_name"]])
        neg_q = [quote("qn", reword_quote(q["text"], rng), other, f"{sid}/neg")]
    else:
        neg_q = []
    neg_e = []
    if evs:
        e = evs[0]
        neg_e = [{**e, "id": "en1", "date": {"start": _shift(e["date"]["start"], 10)}, "gold": f"{sid}/later"},
                 {**e, "id": "en2", "type": "ASSAULT" if e["type"] != "ASSAULT" else "AID",
                  "gold": f"{sid}/other-type"}]
    elsewhere = sentences(rng.choice([x for x in stories if x["id"] != sid])["text"])
    text = (f"{other if qs else 'A spokesperson'} answered critics on Thursday in a short statement. "
            + rng.choice(elsewhere))  # one sentence of another story: not a copy of it
    out.append(record(f"{sid}-rebuttal", "rebuttal.example", _shift(day, 1), f"Reply {sid}", text,
                      neg_q, neg_e, f"{sid}-rebuttal"))
    return out


def _shift(day: str, days: int, hours: int = 1) -> str:
    """`days` later (and `hours`, when `day` has a time)."""
    from datetime import date, datetime, timedelta

    if len(day) == 10:
        return (date.fromisoformat(day) + timedelta(days=days)).isoformat()
    return (datetime.fromisoformat(day.replace("Z", "+00:00")) + timedelta(days=days, hours=hours)
            ).strftime("%Y-%m-%dT%H:%M:%SZ")


def scale_corpus(n_articles: int, seed: int) -> list[dict]:
    """About `n_articles` articles: stories made of VOA sentences drawn across all stories, with copies."""
    rng = random.Random(seed)
    stories = [json.loads(line) for line in VOA.read_text().splitlines() if line.strip()]
    pool = [x for s in stories for x in sentences(s["text"])]
    vocabulary = sorted({w for x in pool for w in re.findall(r"[a-z]{4,}", x)})

    def new_words(text: str) -> str:  # every story its own: a third of the longer words replaced
        return re.sub(r"\b[a-z]{4,}\b", lambda m: rng.choice(vocabulary) if rng.random() < 0.35 else m.group(0), text)
    types = ["CONSULT", "ACCUSE", "ASSAULT", "AID", "SUPPORT", "REQUEST", "THREATEN"]
    people = [(f"{first} {last}", None) for first in ("Anna", "Omar", "Li", "Maria", "Yusuf", "Elena", "Kofi", "Sara")
              for last in ("Haddad", "Novak", "Okafor", "Silva", "Tanaka", "Petrov", "Mensah", "Costa", "Ali")]
    out, k = [], 0
    while len(out) < n_articles:
        k += 1
        sid, day = f"s{k}", _shift("2025-01-01", rng.randint(0, 365))
        sents = [new_words(x) for x in rng.sample(pool, rng.randint(15, 30))]
        qs = [quote(f"q{i}", new_words(rng.choice(pool)), rng.choice(people)[0], f"{sid}/q{i}") for i in range(4)]
        evs = [event(f"e{i}", rng.choice(types), [rng.choice(people)], [rng.choice(people)], day, f"{sid}/e{i}")
               for i in range(4)]
        out.append(record(sid, f"outlet{k % 50}.example", day, sents[0][:60], " ".join(sents), qs, evs, sid))
        for c in range(rng.choice([0, 0, 1, 2, 3])):
            kind = rng.choice(["copy", "short", "rw"])
            if kind == "copy":
                text = "\n\n".join([rng.choice(BOILERPLATE_TOP)] + sents + [rng.choice(BOILERPLATE_END)])
                cq = qs
            elif kind == "short":
                text = " ".join(sents[:len(sents) // 2])
                cq = [q for q in qs if q["text"][:40] in text]
            else:
                text = reword(" ".join(sents), rng)
                cq = [quote(q["id"], reword_quote(q["text"], rng), q["speaker_name"], q["gold"]) for q in qs]
            out.append(record(f"{sid}-{c}", f"outlet{rng.randrange(50)}.example", _shift(day, rng.randint(0, 2)),
                              sents[0][:60], text, cq, evs, sid))
    return out[:n_articles]


# ------------------------------------------------------------------ store and score

def write_corpus(path: str, records: list[dict]) -> None:
    """All records in bulk (one INSERT per table), in the store's own schema."""
    from newswire.corpus.store import ARTICLE_COLUMNS, CHILD_TABLES, Store, content_hash, json_insert_sql

    with Store(path) as store:
        con = store.con
        articles = [{"id": r["id"], "content_hash": content_hash(r), "url": r["url"], "source": r["source"],
                     "title": r["title"], "published": r["published"], "text": r["text"], "warnings": [],
                     "path": None, "ingested_at": None} for r in records]
        con.execute(json_insert_sql("articles", {c: t.split()[0] for c, t in ARTICLE_COLUMNS.items()}),
                    {"rows": json.dumps(articles)})
        quotes = [{"article_id": r["id"], **{k: q[k] for k in ("id", "kind", "text", "speaker", "speaker_name",
                                                               "cue")}} for r in records for q in r["quotes"]]
        con.execute(json_insert_sql("quotes", {"article_id": "VARCHAR", **CHILD_TABLES["quotes"]}),
                    {"rows": json.dumps(quotes)})
        events = [{"article_id": r["id"], "id": e["id"], "type": e["type"], "status": e["status"],
                   "date": {"start": e["date"]["start"], "end": e["date"].get("end")},
                   "source_actors": e["src"], "target_actors": e["tgt"]} for r in records for e in r["events"]]
        con.execute(json_insert_sql("events", {"article_id": "VARCHAR", **CHILD_TABLES["events"]}),
                    {"rows": json.dumps(events)})


def pairs_of(groups) -> set[tuple]:
    return {tuple(sorted(p)) for g in groups for p in combinations(sorted(set(g)), 2)}


def score(predicted: set, gold: set) -> dict:
    tp = len(predicted & gold)
    return {"precision": round(tp / len(predicted), 3) if predicted else 1.0,
            "recall": round(tp / len(gold), 3) if gold else 1.0, "predicted": len(predicted), "gold": len(gold)}


def evaluate(path: str, records: list[dict]) -> dict:
    from newswire.corpus.query import open_corpus

    story = {r["id"]: r["story"] for r in records}
    with open_corpus(path) as corpus:
        ac, qc, ec = corpus.article_clusters(), corpus.quote_clusters(), corpus.event_clusters()
        links = corpus.republications()
    # articles
    gold_a = pairs_of(_groups((r["id"], r["story"]) for r in records))
    pred_a = pairs_of([[m["article_id"] for m in c["articles"]] for c in ac])
    # quotes: occurrences of one gold quote (4+ content words) in different articles
    gold_of = {(r["id"], q["id"]): q["gold"] for r in records for q in r["quotes"]}
    long_enough = {(r["id"], q["id"]) for r in records for q in r["quotes"] if content_words(q["text"]) >= 4}
    gold_q = {p for p in pairs_of(_groups((k, g) for k, g in gold_of.items() if k in long_enough))
              if p[0][0] != p[1][0]}
    pred_q = pairs_of([[(v["article_id"], v["quote_id"]) for v in c["variants"]] for c in qc])
    # events: reports of one gold event that happened
    occurred = {(r["id"], e["id"]): e["gold"] for r in records for e in r["events"] if e["status"] == "occurred"}
    gold_e = pairs_of(_groups(occurred.items()))
    pred_e = pairs_of([[(m["article_id"], m["event_id"]) for m in c["events"]] for c in ec])
    not_occurred = {(r["id"], e["id"]) for r in records for e in r["events"] if e["status"] != "occurred"}
    in_clusters = {(m["article_id"], m["event_id"]) for c in ec for m in c["events"]}
    # independent sources: one per story among an event's reports
    wrong_sources = sum(c["n_sources"] != len({story[m["article_id"]] for m in c["events"]}) for c in ec)
    mixed = {"article": sum(len({story[m["article_id"]] for m in c["articles"]}) > 1 for c in ac),
             "quote": sum(len({gold_of[(v["article_id"], v["quote_id"])] for v in c["variants"]}) > 1 for c in qc),
             "event": sum(len({occurred.get((m["article_id"], m["event_id"])) for m in c["events"]}) > 1 for c in ec)}
    kinds = defaultdict(lambda: defaultdict(int))
    for link in links:
        made = link["article_id"].rsplit("-", 1)[-1] if "-" in link["article_id"] else "other"
        kinds[made][link["kind"]] += 1
    return {"articles": score(pred_a, gold_a), "quotes": score(pred_q, gold_q), "events": score(pred_e, gold_e),
            "not_occurred_clustered": len(not_occurred & in_clusters), "n_sources_wrong": wrong_sources,
            "clusters_mixing_stories": mixed, "copy_kinds": {k: dict(v) for k, v in kinds.items()},
            "quotes_too_short_left_out": len(gold_of) - len(long_enough)}


def _groups(items) -> list[list]:
    out = defaultdict(list)
    for key, group in items:
        out[group].append(key)
    return list(out.values())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,2500,5000,10000", help="corpus sizes to time (articles)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()
    if not VOA.exists() or not DEV_VOA.exists():
        print(f"skipped: {VOA} or {DEV_VOA} is not there")
        return 0
    from newswire.corpus.link import link_corpus
    from newswire.corpus.store import Store

    figures = {}
    with tempfile.TemporaryDirectory() as tmp:
        records = benchmark_corpus(args.seed)
        path = f"{tmp}/bench.duckdb"
        write_corpus(path, records)
        started = time.perf_counter()
        with Store(path) as store:
            link_corpus(store.con)
        figures["accuracy"] = {"articles_in_corpus": len(records), "link_seconds": round(time.perf_counter() - started, 2),
                               **evaluate(path, records)}
        print(json.dumps(figures["accuracy"], indent=1))
        figures["scale"] = []
        for n in [int(x) for x in args.sizes.split(",") if x]:
            records = scale_corpus(n, args.seed)
            path = f"{tmp}/scale{n}.duckdb"
            write_corpus(path, records)
            started, cpu = time.perf_counter(), time.process_time()
            with Store(path) as store:
                counts = link_corpus(store.con)
            seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
            result = evaluate(path, records)
            row = {"articles": n, "link_seconds": round(seconds, 2), "cpu_seconds": round(cpu, 2),
                   "ms_per_article": round(1000 * cpu / n, 2),
                   "article_pairs": result["articles"], "quote_pairs": result["quotes"],
                   "event_pairs": result["events"], "clusters": counts}
            figures["scale"].append(row)
            print(f"{n:6d} articles: link {seconds:6.1f} s wall, {cpu:6.1f} s CPU ({row['ms_per_article']:.2f} ms/article); "
                  f"articles P {result['articles']['precision']} R {result['articles']['recall']}, "
                  f"quotes P {result['quotes']['precision']} R {result['quotes']['recall']}, "
                  f"events P {result['events']['precision']} R {result['events']['recall']}", flush=True)
        if len(figures["scale"]) > 1:
            first, last = figures["scale"][0], figures["scale"][-1]
            # CPU time: on a shared machine, wall time measures the neighbours too
            growth = (last["cpu_seconds"] / first["cpu_seconds"]) / (last["articles"] / first["articles"])
            figures["growth_vs_linear"] = round(growth, 2)
            print(f"CPU time grows {growth:.2f}x as fast as the corpus ({first['articles']} -> {last['articles']} articles)")
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
