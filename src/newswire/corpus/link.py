"""Stage: link. What several articles share: near-duplicate stories, one quote
carried by several outlets, one event reported by several sources.

`link_corpus(con)` recomputes three tables from the stored articles, in one
transaction, with ids that depend only on the corpus (not on the order of
ingest):

- `article_clusters`: articles whose word 3-shingles overlap (MinHash, Jaccard >= 0.25);
- `quote_clusters`: quotes whose words overlap across articles (variants, outlets, earliest source);
- `event_clusters`: events of one type and status with an overlapping dyad, within a few days,
  at a compatible place; every event is in one cluster, with its number of sources and articles.
"""
from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from urllib.parse import urlsplit

from .store import ddl, json_insert_sql

__all__ = ["link_corpus", "LinkSettings", "CLUSTER_TABLES"]


@dataclass
class LinkSettings:
    shingle: int = 3              # words per shingle for article similarity
    article_jaccard: float = 0.25  # VOA: updated versions of one story 0.31, unrelated stories <= 0.11
    quote_containment: float = 0.6  # share of the shorter quote's content words found in the other
    quote_min_words: int = 4       # shorter quotes are too generic to link
    event_days: int = 3            # events this many days apart can still be one event
    num_perm: int = 128
    symmetric_types: tuple = field(default=("CONSULT", "AGREE", "COOPERATE"))


MEMBER = {"article_id": "VARCHAR", "outlet": "VARCHAR", "published": "VARCHAR"}
CLUSTER_COLUMNS = {
    "article_clusters": {"cluster_id": "INTEGER", "title": "VARCHAR", "n_articles": "INTEGER",
                         "n_outlets": "INTEGER", "outlets": ["VARCHAR"], "earliest_article_id": "VARCHAR",
                         "earliest_published": "VARCHAR", "similarity": "DOUBLE",
                         "articles": [{**MEMBER, "title": "VARCHAR"}]},
    "quote_clusters": {"cluster_id": "INTEGER", "text": "VARCHAR", "speaker_name": "VARCHAR", "speakers": ["VARCHAR"],
                       "n_quotes": "INTEGER", "n_articles": "INTEGER", "n_outlets": "INTEGER",
                       "outlets": ["VARCHAR"], "earliest_article_id": "VARCHAR", "earliest_outlet": "VARCHAR",
                       "earliest_published": "VARCHAR",
                       "variants": [{**MEMBER, "quote_id": "VARCHAR", "text": "VARCHAR", "speaker_name": "VARCHAR"}]},
    "event_clusters": {"cluster_id": "INTEGER", "type": "VARCHAR", "status": "VARCHAR", "day_start": "VARCHAR",
                       "day_end": "VARCHAR", "source_names": ["VARCHAR"], "target_names": ["VARCHAR"],
                       "places": ["VARCHAR"], "n_events": "INTEGER", "n_articles": "INTEGER",
                       "n_sources": "INTEGER", "sources": ["VARCHAR"],
                       "events": [{**MEMBER, "event_id": "VARCHAR", "evidence": "VARCHAR"}]},
}
CLUSTER_TABLES = tuple(CLUSTER_COLUMNS)
_WORD = re.compile(r"\w+")


def link_corpus(con, settings: LinkSettings | None = None) -> dict[str, int]:
    """Recompute the cluster tables; returns the number of rows of each."""
    settings = settings or LinkSettings()
    articles = _articles(con)
    rows = {"article_clusters": article_clusters(articles, settings),
            "quote_clusters": quote_clusters(con, articles, settings),
            "event_clusters": event_clusters(con, articles, settings)}
    con.execute("BEGIN TRANSACTION")
    try:
        for table, items in rows.items():
            con.execute(f"DROP TABLE IF EXISTS {table}")
            con.execute(ddl(table, CLUSTER_COLUMNS[table]))
            if items:
                con.execute(json_insert_sql(table, CLUSTER_COLUMNS[table]), {"rows": json.dumps(items)})
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return {table: len(items) for table, items in rows.items()}


def _articles(con) -> dict[str, dict]:
    result = {}
    for aid, url, source, title, published, text in con.execute(
            "SELECT id, url, source, title, left(published, 10), text FROM articles ORDER BY id").fetchall():
        host = urlsplit(url).hostname if url else None
        outlet = source or (host.removeprefix("www.") if host else None) or aid
        result[aid] = {"article_id": aid, "outlet": outlet, "published": published, "title": title, "text": text}
    return result


def _earliest_key(member: dict):
    return (member["published"] is None, member["published"] or "", member["article_id"])


class _Union:
    def __init__(self, items):
        self.parent = {i: i for i in items}

    def find(self, x):
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def join(self, a, b):
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)

    def groups(self) -> list[list]:
        out = defaultdict(list)
        for item in self.parent:
            out[self.find(item)].append(item)
        return list(out.values())


@lru_cache(maxsize=4)
def _permutations(num_perm: int):
    """Drawing the hash permutations is most of a MinHash's cost: draw them once."""
    from datasketch import MinHash

    template = MinHash(num_perm=num_perm, seed=1)
    return template.permutations, template.scheme


def _minhash(tokens, num_perm: int):
    from datasketch import MinHash

    permutations, scheme = _permutations(num_perm)
    m = MinHash(num_perm=num_perm, seed=1, permutations=permutations, scheme=scheme)
    m.update_batch([t.encode("utf-8") for t in tokens])
    return m


def _similar_pairs(sets: dict, threshold: float, num_perm: int):
    """Candidate pairs (a < b) whose sets probably have Jaccard >= threshold (MinHash LSH)."""
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    hashes = {}
    for key, tokens in sets.items():
        if tokens:
            hashes[key] = _minhash(tokens, num_perm)
            lsh.insert(key, hashes[key])
    pairs = set()
    for key, m in hashes.items():
        for other in lsh.query(m):
            if other != key:
                pairs.add((min(key, other), max(key, other)))
    return sorted(pairs), hashes


def article_clusters(articles: dict, s: LinkSettings) -> list[dict]:
    shingles = {}
    for aid, a in articles.items():
        words = _WORD.findall((a["text"] or "").casefold())
        shingles[aid] = {" ".join(words[i:i + s.shingle]) for i in range(max(1, len(words) - s.shingle + 1))}
    pairs, hashes = _similar_pairs(shingles, max(0.1, s.article_jaccard - 0.1), s.num_perm)
    union, best = _Union(articles), {}
    for a, b in pairs:
        sim = hashes[a].jaccard(hashes[b])
        if sim >= s.article_jaccard:
            union.join(a, b)
            best[a] = best[b] = max(best.get(a, 0), best.get(b, 0), sim)
    clusters = []
    for group in union.groups():
        if len(group) < 2:
            continue
        members = sorted((articles[g] for g in group), key=_earliest_key)
        outlets = sorted({m["outlet"] for m in members})
        clusters.append({"title": members[0]["title"], "n_articles": len(members), "n_outlets": len(outlets),
                         "outlets": outlets, "earliest_article_id": members[0]["article_id"],
                         "earliest_published": members[0]["published"],
                         "similarity": round(max(best[g] for g in group), 3),
                         "articles": [{k: m[k] for k in ("article_id", "outlet", "published", "title")}
                                      for m in members]})
    return _number(clusters, lambda c: (c["earliest_published"] or "~", c["earliest_article_id"]))


def _number(clusters: list[dict], key) -> list[dict]:
    clusters.sort(key=key)
    return [{"cluster_id": i, **c} for i, c in enumerate(clusters, 1)]


def _content_words(text: str) -> set[str]:
    from spacy.lang.en.stop_words import (
        STOP_WORDS,  # the word list lives in spaCy, not here
    )

    return {w for w in _WORD.findall(text.casefold()) if w not in STOP_WORDS}


def quote_clusters(con, articles: dict, s: LinkSettings) -> list[dict]:
    quotes = {}
    for aid, qid, text, speaker in con.execute(
            "SELECT article_id, id, text, speaker_name FROM quotes ORDER BY article_id, id").fetchall():
        quotes[(aid, qid)] = {**articles[aid], "quote_id": qid, "text": text, "speaker_name": speaker,
                              "words": _content_words(text or "")}
    keyed = {f"{a}\x1f{q}": v["words"] for (a, q), v in quotes.items() if len(v["words"]) >= s.quote_min_words}
    pairs, _ = _similar_pairs(keyed, 0.3, s.num_perm)
    union = _Union(keyed)
    for a, b in pairs:
        wa, wb = keyed[a], keyed[b]
        if len(wa & wb) / min(len(wa), len(wb)) >= s.quote_containment:
            union.join(a, b)
    clusters = []
    for group in union.groups():
        members = sorted((quotes[tuple(g.split("\x1f"))] for g in group), key=_earliest_key)
        if len({m["article_id"] for m in members}) < 2:
            continue
        outlets = sorted({m["outlet"] for m in members})
        speakers = Counter(m["speaker_name"] for m in members if m["speaker_name"])
        first = members[0]
        clusters.append({"text": first["text"], "speaker_name": speakers.most_common(1)[0][0] if speakers else None,
                         "speakers": sorted(speakers),
                         "n_quotes": len(members), "n_articles": len({m["article_id"] for m in members}),
                         "n_outlets": len(outlets), "outlets": outlets, "earliest_article_id": first["article_id"],
                         "earliest_outlet": first["outlet"], "earliest_published": first["published"],
                         "variants": [{k: m[k] for k in ("article_id", "outlet", "published", "quote_id", "text",
                                                         "speaker_name")} for m in members]})
    return _number(clusters, lambda c: (c["earliest_published"] or "~", c["earliest_article_id"],
                                        c["variants"][0]["quote_id"]))


def _actor_keys(refs) -> set[str]:
    keys = set()
    for ref in refs or []:
        name = (ref.get("name") or "").casefold().strip()
        if name:
            keys.add(name)
            if ref.get("kind") == "person":
                keys.add(name.split()[-1])
        if ref.get("kind") == "country" and ref.get("code"):
            keys.add("code:" + ref["code"])
    return keys


def _day(value):
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def event_clusters(con, articles: dict, s: LinkSettings) -> list[dict]:
    events = []
    for aid, eid, etype, status, start, end, place, country, src, tgt, evidence in con.execute(
            "SELECT article_id, id, type, status, date.start, date.end, location.name, location.country, "
            "source_actors, target_actors, evidence.text FROM events ORDER BY article_id, id").fetchall():
        day = _day(start) or _day(articles[aid]["published"])
        events.append({**articles[aid], "event_id": eid, "type": etype, "status": status, "day": day,
                       "end": _day(end) or day, "place": place, "country": country, "evidence": evidence,
                       "src": _actor_keys(src), "tgt": _actor_keys(tgt),
                       "src_names": [r["name"] for r in src or []], "tgt_names": [r["name"] for r in tgt or []]})
    union = _Union(range(len(events)))
    blocks = defaultdict(list)
    for i, e in enumerate(events):
        blocks[(e["type"], e["status"])].append(i)
    for block in blocks.values():
        block.sort(key=lambda i: (events[i]["day"] or date.min))
        for x, i in enumerate(block):
            for j in block[x + 1:]:
                a, b = events[i], events[j]
                if a["day"] and b["day"] and (b["day"] - a["day"]).days > s.event_days:
                    break
                if _same_event(a, b, s):
                    union.join(i, j)
    return _number([_event_cluster([events[i] for i in g]) for g in union.groups()],
                   lambda c: (c["day_start"] or "~", c["events"][0]["article_id"], c["events"][0]["event_id"]))


def _same_event(a: dict, b: dict, s: LinkSettings) -> bool:
    if a["article_id"] == b["article_id"]:
        return False  # one article reporting two events of a kind means two events
    if a["place"] and b["place"] and a["place"].casefold() != b["place"].casefold():
        if not (a["country"] and a["country"] == b["country"]):
            return False

    def dyad(src, tgt):
        return bool(a["src"] & src) and (bool(a["tgt"] & tgt) or not (a["tgt"] or tgt))
    return dyad(b["src"], b["tgt"]) or (a["type"] in s.symmetric_types and dyad(b["tgt"], b["src"]))


def _event_cluster(members: list[dict]) -> dict:
    members.sort(key=lambda m: (m["day"] is None, m["day"] or date.min, m["article_id"], m["event_id"]))
    days = [m["day"] for m in members if m["day"]]
    sources = sorted({m["outlet"] for m in members})
    return {"type": members[0]["type"], "status": members[0]["status"],
            "day_start": min(days).isoformat() if days else None,
            "day_end": max(m["end"] for m in members if m["end"]).isoformat() if days else None,
            "source_names": sorted({n for m in members for n in m["src_names"]}),
            "target_names": sorted({n for m in members for n in m["tgt_names"]}),
            "places": sorted({m["place"] for m in members if m["place"]}),
            "n_events": len(members), "n_articles": len({m["article_id"] for m in members}),
            "n_sources": len(sources), "sources": sources,
            "events": [{k: m[k] for k in ("article_id", "outlet", "published", "event_id", "evidence")}
                       for m in members]}
