"""Stage: link. What several articles share: one story republished by several
outlets, one quote carried by several articles, one event told by several sources.

`link_corpus(con)` recomputes the link tables (defined in `store.LINK_TABLES`)
from the stored articles, in one transaction, with ids that depend only on the
corpus, not on the order of ingest:

- `article_links` / `article_clusters`: an article that republishes another,
  with a score and the kind of copy (verbatim, trimmed, reworded,
  translated_rewritten); a cluster is an original and its copies;
- `quote_clusters`: one quote and its variants (fragments, translations,
  rewordings), each with a word diff against the fullest variant;
- `event_clusters`: occurred events told by several articles, with the number of
  independent sources (copies of one text count once).

Every cluster is a star: each member is compared with the cluster's
representative (the original article, the fullest quote, the first report of an
event) and never joins through another member, so A~B and B~C do not put A with C.
Candidates come from inverted indexes on pairs of adjacent content words with a
document-frequency cap (containment, unlike MinHash Jaccard, sees a fragment in
a long quote); every candidate is verified on normalised words.
"""
from __future__ import annotations

import json
import re
import unicodedata
from bisect import bisect_left
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from urllib.parse import urlsplit

from ..lexicon import boilerplate_patterns, read_tsv, words_by
from .store import LINK_TABLES, ddl, json_insert_sql
from .translation import translated_quotes, translation_pairs

__all__ = ["link_corpus", "LinkSettings", "CLUSTER_TABLES", "normal_words", "compare_articles",
           "compare_quotes", "word_diff", "COPY_KINDS"]

CLUSTER_TABLES = tuple(LINK_TABLES)
COPY_KINDS = ("verbatim", "trimmed", "reworded", "translated_rewritten", "translated")


@dataclass
class LinkSettings:
    shingle: int = 3                # words per shingle for article containment
    key_df_cap: int = 50            # a word pair in more texts than this is a stock phrase: it proposes no pair
    article_min_shared: int = 3     # word pairs two articles must share to be compared,
    article_shared: float = 0.15    # and this share of the smaller article's (a translation shares ~0.8)
    verbatim: float = 0.9           # share of the shorter text's shingles found in the other
    trimmed_length: float = 0.95    # a copy shorter than this share of the original is trimmed
    reworded: float = 0.3           # shingle containment of a rewording; below it, a translation
    aligned: float = 0.5            # share of the shorter text's sentences matched in the other
    aligned_min: int = 3            # and at least this many (shorter texts must be near-verbatim)
    sentence_match: float = 0.4     # content words shared / those of the longer sentence,
    sentence_words: int = 4         # at least this many ("Ahmed al-Sharaa said" is not a sentence of a story)
    min_words: int = 40             # a text of fewer words, or of one sentence, is a copy only word for word
                                    # (an excerpt is not a republication)
    outlet_boilerplate: int = 3     # a sentence in this many articles of one outlet is that outlet's boilerplate
    quote_min_words: int = 4        # quotes with fewer content words are too generic to link on their own,
    short_words: int = 4            # but a fragment of this many words, at least two of them content words,
                                    # joins the one quote by its speaker that holds it word for word
    quote_containment: float = 0.6  # aligned content words / content words of the shorter quote
    quote_days: int = 30            # quotes further apart than this are not one quote
    fragment: float = 0.7           # a variant with less than this share of the fullest one is a fragment
    event_days: int = 1             # events this many days apart can still be one event (a day either way: time zones, "yesterday")
    symmetric_types: tuple = field(default=("CONSULT", "AGREE", "COOPERATE"))


def link_corpus(con, settings: LinkSettings | None = None) -> dict[str, int]:
    """Recompute the link tables; returns the number of rows of each."""
    s = settings or LinkSettings()
    articles = _articles(con)
    translations = translation_pairs(con, articles)
    links, article_rows = article_clusters(articles, _removed(con), s, translations)
    original = {c["cluster_id"]: c["original_article_id"] for c in article_rows}
    group = {link["article_id"]: original[link["cluster_id"]] for link in links}  # a copy counts as its original
    rows = {"article_links": links, "article_clusters": article_rows,
            "quote_clusters": quote_clusters(con, articles, group, s, translated_quotes(con, translations, articles)),
            "event_clusters": event_clusters(con, articles, group, s)}
    con.execute("BEGIN TRANSACTION")
    try:
        for table, items in rows.items():
            con.execute(f"DROP TABLE IF EXISTS {table}")
            con.execute(ddl(table, LINK_TABLES[table]))
            if items:
                con.execute(json_insert_sql(table, LINK_TABLES[table]), {"rows": json.dumps(items)})
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return {table: len(items) for table, items in rows.items()}


def _articles(con) -> dict[str, dict]:
    result = {}
    for aid, url, source, title, published, text in con.execute(
            "SELECT id, url, source, title, published, text FROM articles ORDER BY id").fetchall():
        host = urlsplit(url).hostname if url else None
        outlet = source or (host.removeprefix("www.") if host else None) or aid
        result[aid] = {"article_id": aid, "outlet": outlet, "published": published[:10] if published else None,
                       "published_at": published or "~", "title": title, "text": text or "",
                       "day": _day(published)}
    return result


def _removed(con) -> dict[str, set[str]]:
    out = defaultdict(set)
    for aid, text in con.execute("SELECT article_id, text FROM removed").fetchall():
        if text:
            out[aid].add(_sentence_key(text))
    return out


def _day(value):
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def _member(a: dict) -> dict:
    return {"article_id": a["article_id"], "outlet": a["outlet"], "published": a["published"]}


def _number(clusters: list[dict], key) -> list[dict]:
    clusters.sort(key=key)
    return [{"cluster_id": i, **c} for i, c in enumerate(clusters, 1)]


# ---------------------------------------------------------------- words

_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_DOUBLED = re.compile(r"([^\W\d_])\1+")


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS  # the word list lives in spaCy, not here

    return frozenset(w.replace("’", "'") for w in STOP_WORDS)


@lru_cache(maxsize=1)
def _name_variants() -> dict[str, str]:
    return {row["variant"].casefold(): row["canonical"].casefold() for row in read_tsv("lexicon/name_variants.tsv")}


@lru_cache(maxsize=1)
def _stemmer():
    import snowballstemmer

    return snowballstemmer.stemmer("english")


def _fold(text: str) -> str:
    text = text.casefold().replace("’", "'")
    if text.isascii():
        return text
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


@lru_cache(maxsize=500_000)
def _fold_word(word: str) -> str:
    return _fold(word)


@lru_cache(maxsize=500_000)
def normal_word(word: str) -> str:
    """A word as the linker compares it: case, accents, possessive and apostrophes
    dropped, spelling variants of names mapped (Kiev -> kyiv), Snowball-stemmed,
    doubled letters collapsed (Donbass = Donbas, Zelenskyy = Zelensky)."""
    w = _fold(word)
    if w.endswith("'s"):
        w = w[:-2]
    w = w.replace("'", "")
    variants = _name_variants()
    w = _DOUBLED.sub(r"\1", variants.get(w, w))
    return _stemmer().stemWord(variants.get(w, w))


@lru_cache(maxsize=500_000)
def _is_content(word: str) -> bool:
    w = _fold(word)
    return w not in _stop_words() and not (len(w) == 1 and not w.isdigit())


def tokens(text: str) -> list[tuple[str, str, bool]]:
    """(word as written, normal form, is a content word) for each word of `text`."""
    return [(w, normal_word(w), _is_content(w)) for w in _TOKEN.findall(text)]


def normal_words(text: str) -> list[str]:
    return [n for _, n, _ in tokens(text)]


def _key(*parts: str) -> int:
    return hash(parts)  # used within one run only, never stored


def _pair_keys(content: list[str]) -> set[int]:
    """Adjacent and skip-one pairs of content words, order-free (a translation may swap them)."""
    keys = set()
    for gap in (1, 2):
        for i in range(len(content) - gap):
            a, b = content[i], content[i + gap]
            if a != b:
                keys.add(_key(*sorted((a, b))))
    return keys


def _sentence_key(text: str) -> int:
    """One line or sentence, whatever its case, accents, spacing and punctuation."""
    return hash(tuple(map(_fold_word, _TOKEN.findall(text))))


class _Index:
    """An inverted index from keys to items, with a document-frequency cap."""

    def __init__(self, cap: int):
        self.cap = cap
        self.postings: dict[int, list] = defaultdict(list)

    def add(self, item, keys) -> None:
        for k in keys:
            self.postings[k].append(item)

    def shared_counts(self) -> Counter:
        """For each pair of items (a < b), how many capped keys they share."""
        counts = Counter()
        for items in self.postings.values():
            if 1 < len(items) <= self.cap:
                items = sorted(set(items))
                for x, a in enumerate(items):
                    for b in items[x + 1:]:
                        counts[(a, b)] += 1
        return counts

    def neighbours(self, keys) -> Counter:
        found = Counter()
        for k in keys:
            items = self.postings.get(k)
            if items and len(items) <= self.cap:
                found.update(set(items))
        return found


# ---------------------------------------------------------------- articles

_SENTENCE_END = re.compile(r"(?:(?<=[.!?…])|(?<=[.!?…][\"”’)\]]))\s+(?=[\"“‘(\[]?[A-Z0-9])")
_ENDS_SENTENCE = re.compile(r"[.!?…:;][\"”’)\]]*$")


_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"")


def _lines(text: str, removed: set[int], title: str | None = None) -> list[str]:
    """The story's lines: without what cleaning removed, boilerplate (the lexicon's
    patterns), the title, captions and headings (short lines that end no sentence)."""
    keep, title_key = [], _sentence_key(title) if title else None
    for line in (raw.strip() for raw in text.splitlines()):
        if not line or _sentence_key(line) in removed or _sentence_key(line) == title_key:
            continue
        n_words = len(_TOKEN.findall(line))
        if n_words <= 60 and any(p.search(line) for _, p in boilerplate_patterns()):
            continue
        if n_words < 25 and not _ENDS_SENTENCE.search(line):
            continue
        keep.append(line)
    return keep


def _sentences(lines: list[str]) -> list[str]:
    """Sentences without their quotations: shared quotes are linked as quotes, and an
    article that quotes another is not its copy; the telling around them is compared."""
    out = []
    for line in lines:
        for sentence in _SENTENCE_END.split(line):
            told = _QUOTED.sub(" ", sentence).strip()
            if len(_TOKEN.findall(told)) >= 3:
                out.append(told)
    return out


@dataclass
class _Text:
    """An article as the linker compares it."""
    article_id: str
    words: list[str]          # normal forms of the story's words
    shingles: set[int]
    sentences: list[frozenset]  # content words of each sentence of 3+ of them
    keys: set[int]
    digest: int


def _prepare(aid: str, sentences: list[str], s: LinkSettings) -> _Text:
    words, content_sentences, keys = [], [], set()
    for sentence in sentences:
        toks = tokens(sentence)
        words.extend(n for _, n, _ in toks)
        content = [n for _, n, c in toks if c]
        if len(set(content)) >= s.sentence_words:
            content_sentences.append(frozenset(content))
        keys |= _pair_keys(content)
    k = s.shingle
    shingles = {_key(*words[i:i + k]) for i in range(max(1, len(words) - k + 1))} if words else set()
    return _Text(aid, words, shingles, content_sentences, keys, _key(*words))


def _aligned(short: list[frozenset], long: list[frozenset], s: LinkSettings) -> int:
    """How many sentences of `short` have a sentence in `long` with most of their content words."""
    where = defaultdict(set)
    for i, sentence in enumerate(long):
        for w in sentence:
            where[w].add(i)
    matched = 0
    for sentence in short:
        overlap = Counter(i for w in sentence for i in where.get(w, ()))
        if any(n >= s.sentence_words and n / max(len(sentence), len(long[i])) >= s.sentence_match
               for i, n in overlap.items()):
            matched += 1
    return matched


def compare_articles(a: _Text, b: _Text, s: LinkSettings | None = None) -> dict | None:
    """How `b` copies `a` (or `a` copies `b`): kind, score, containment, aligned; None if it does not."""
    s = s or LinkSettings()
    if not a.words or not b.words:
        return None
    short, long = (a, b) if len(a.words) <= len(b.words) else (b, a)
    ratio = len(short.words) / len(long.words)
    if a.digest == b.digest:
        return {"kind": "verbatim", "score": 1.0, "containment": 1.0, "aligned": 1.0}
    if len(short.words) < s.min_words or len(short.sentences) < 2:
        return None
    containment = len(short.shingles & long.shingles) / max(1, len(short.shingles))
    if containment >= s.verbatim:
        kind = "verbatim" if ratio >= s.trimmed_length and containment >= 0.97 else "trimmed"
        return {"kind": kind, "score": round(containment, 3), "containment": round(containment, 3), "aligned": None}
    matched = _aligned(short.sentences, long.sentences, s)
    aligned = matched / max(1, len(short.sentences))
    enough = matched >= s.aligned_min and aligned >= s.aligned
    if not enough:
        return None
    if containment >= s.reworded:
        kind = "reworded"
    else:
        kind = "translated_rewritten"
    return {"kind": kind, "score": round(max(containment, aligned), 3), "containment": round(containment, 3),
            "aligned": round(aligned, 3)}


def _outlet_boilerplate(articles: dict, sentences: dict[str, list[str]], s: LinkSettings) -> dict[str, set[int]]:
    """Sentences that one outlet prints in several of its articles (footers, credits, disclaimers)."""
    seen = defaultdict(set)
    for aid, items in sentences.items():
        for sentence in items:
            seen[(articles[aid]["outlet"], _sentence_key(sentence))].add(aid)
    out = defaultdict(set)
    for (outlet, key), aids in seen.items():
        if len(aids) >= s.outlet_boilerplate:
            out[outlet].add(key)
    return out


def article_clusters(articles: dict, removed: dict, s: LinkSettings,
                     translations: dict | None = None) -> tuple[list[dict], list[dict]]:
    """(article_links rows, article_clusters rows). `translations`: (a, b) → the finding of
    translation.translation_pairs, pairs in two languages that words cannot compare."""
    texts, verified = _verified_pairs(articles, removed, s)
    for (a, b), finding in (translations or {}).items():
        if b not in verified[a]:
            verified[a][b] = verified[b][a] = finding
    members, copies_of = _copy_groups(articles, texts, verified)
    return _cluster_rows(articles, members, copies_of, verified)


def _verified_pairs(articles: dict, removed: dict, s: LinkSettings) -> tuple[dict, dict]:
    """Each article's prepared text, and the pairs that compare as copies: article -> other -> the finding."""
    sentences = {aid: _sentences(_lines(a["text"], removed.get(aid, set()), a["title"]))
                 for aid, a in articles.items()}
    outlet_noise = _outlet_boilerplate(articles, sentences, s)
    texts = {}
    for aid, items in sentences.items():
        noise = outlet_noise.get(articles[aid]["outlet"], set())
        texts[aid] = _prepare(aid, [x for x in items if _sentence_key(x) not in noise] if noise else items, s)
    index, by_digest = _Index(s.key_df_cap), defaultdict(list)
    for aid, t in texts.items():
        index.add(aid, t.keys)
        if t.words:
            by_digest[t.digest].append(aid)
    pairs = {(a, b) for (a, b), n in index.shared_counts().items()
             if n >= s.article_min_shared and n >= s.article_shared * min(len(texts[a].keys), len(texts[b].keys))}
    for same in by_digest.values():  # one text in more articles than the cap still links
        pairs.update((a, b) for x, a in enumerate(sorted(same)) for b in sorted(same)[x + 1:])
    verified = defaultdict(dict)
    for a, b in pairs:
        found = compare_articles(texts[a], texts[b], s)
        if found:
            verified[a][b] = verified[b][a] = found
    return texts, verified


def _copy_groups(articles: dict, texts: dict, verified: dict) -> tuple[dict, dict]:
    """(original -> its cluster's articles, copy -> the article it republishes)."""
    # the original comes first: the earliest (to the second when known), then the fullest, then by id
    # (and of two the same day, the English one: wire copy is translated from English, not into it)
    order = sorted(articles, key=lambda aid: (articles[aid]["published_at"], articles[aid].get("language", "en") != "en",
                                              -len(texts[aid].words), aid))
    members: dict[str, list[str]] = {}
    lead: dict[str, str] = {}      # article -> the original of its cluster
    copies_of: dict[str, str] = {}  # copy -> the article it republishes (the original, or a copy of it)
    for aid in order:
        near = verified.get(aid, {})
        reps = [(f["score"], r) for r, f in near.items() if r in members]
        # a word-for-word or trimmed copy of a copy is that copy's text: it joins, saying what it copies
        via = [(f["score"], m) for m, f in near.items() if m in lead and m not in members
               and f["kind"] in ("verbatim", "trimmed")]
        pick = reps + via
        if pick:  # the closest kind of copy first (a verbatim copy of a copy says so), then the score
            target = max(pick, key=lambda x: (-COPY_KINDS.index(near[x[1]]["kind"]), x[0], x[1] in members,
                                              _neg(x[1])))[1]
            lead[aid], copies_of[aid] = lead[target], target
            members[lead[target]].append(aid)
        else:
            members[aid], lead[aid] = [aid], aid
    return members, copies_of


def _cluster_rows(articles: dict, members: dict, copies_of: dict, verified: dict) -> tuple[list[dict], list[dict]]:
    """The article_links and article_clusters rows of the groups of two or more."""
    links, clusters = [], []
    for rep, group in members.items():
        if len(group) < 2:
            continue
        original = articles[rep]
        copies = [{**_member(articles[m]), "title": articles[m]["title"], "role": "copy",
                   "republishes": copies_of[m], **verified[copies_of[m]][m]} for m in group[1:]]
        outlets = sorted({articles[m]["outlet"] for m in group})
        earliest = min((articles[m] for m in group), key=lambda m: (m["published"] or "~", m["article_id"]))
        clusters.append({
            "title": original["title"], "n_articles": len(group), "n_outlets": len(outlets), "outlets": outlets,
            "original_article_id": rep, "original_outlet": original["outlet"],
            "original_published": original["published"], "earliest_article_id": earliest["article_id"],
            "earliest_published": earliest["published"], "similarity": min(c["score"] for c in copies),
            "copies": [f"{c['outlet']} {c['article_id']} ({c['kind']} {c['score']:.2f})" for c in copies],
            "articles": [{**_member(original), "title": original["title"], "role": "original", "kind": None,
                          "score": None}] + [{k: c[k] for k in ("article_id", "outlet", "published", "title",
                                                                "role", "kind", "score")} for c in copies]})
        links.extend({"_rep": rep, **_member(articles[c["article_id"]]), "republishes": c["republishes"],
                      "republishes_outlet": articles[c["republishes"]]["outlet"],
                      "republishes_published": articles[c["republishes"]]["published"],
                      **{k: c[k] for k in ("kind", "score", "containment", "aligned")}} for c in copies)
    clusters = _number(clusters, lambda c: (c["original_published"] or "~", c["original_article_id"]))
    cluster_of = {c["original_article_id"]: c["cluster_id"] for c in clusters}
    links = sorted(({**{k: v for k, v in link.items() if k != "_rep"}, "cluster_id": cluster_of[link["_rep"]]}
                    for link in links), key=lambda r: (r["cluster_id"], r["article_id"]))
    return links, clusters


def _neg(text: str):
    """Sort key that prefers the smaller string under max()."""
    return [-ord(c) for c in text]


# ---------------------------------------------------------------- quotes

_HONORIFICS = words_by("lexicon/actor_words.tsv")["name_key_stop"]


@lru_cache(maxsize=100_000)
def name_key(name: str | None) -> frozenset[str]:
    return frozenset(w for w in (_fold_word(x).replace("'", "") for x in _TOKEN.findall(name or ""))
                     if w not in _HONORIFICS)


def names_compatible(a: str | None, b: str | None) -> bool:
    """One person or body by two names: the same words, or one name's words inside the other's
    ("Kirby", "Mr. Kirby", "John Kirby"); "Anna Haddad" and "Omar Haddad" are two people."""
    ka, kb = name_key(a), name_key(b)
    return bool(ka and kb) and (ka <= kb or kb <= ka)


def speakers_compatible(a: str | None, b: str | None) -> bool:
    """The same speaker, or one of them unknown."""
    return not name_key(a) or not name_key(b) or names_compatible(a, b)


@dataclass
class _Quote:
    key: tuple
    article_id: str
    text: str
    speaker: str | None
    day: date | None
    toks: list
    content: list[str]
    keys: set[int]


def _prepare_quote(key, article_id, text, speaker, day) -> _Quote:
    toks = tokens(text or "")
    content = [n for _, n, c in toks if c]
    # a speaker named inside the quote ("Mr. Putin has shown no interest", given to Putin) is
    # almost always a misattribution: for linking, the speaker is unknown
    said = {_fold_word(w).replace("'", "") for w, _, _ in toks}
    if any(len(w) > 3 and w in said for w in name_key(speaker)):
        speaker = None
    return _Quote(key, article_id, text or "", speaker, day, toks, content, _pair_keys(content))


def compare_quotes(a: _Quote, b: _Quote, s: LinkSettings | None = None) -> float | None:
    """The share of the shorter quote's content words aligned, in order, with the other's (None: not one quote)."""
    from rapidfuzz.distance import LCSseq

    s = s or LinkSettings()
    if a.article_id == b.article_id or not speakers_compatible(a.speaker, b.speaker):
        return None
    if a.day and b.day and abs((a.day - b.day).days) > s.quote_days:
        return None
    shorter = min(len(a.content), len(b.content))
    if shorter < s.quote_min_words:
        return None
    common = LCSseq.similarity(a.content, b.content)
    share = common / shorter
    return round(share, 3) if common >= 3 and share >= s.quote_containment else None


def word_diff(rep: list[tuple], variant: list[tuple], fragment: bool = False) -> str:
    """The variant's words against the representative's: [-only in the representative-] {+only in the variant+};
    a fragment's missing start and end are shown as […]."""
    from rapidfuzz.distance import Indel

    ops = Indel.opcodes([t[1] for t in rep], [t[1] for t in variant])
    parts = []
    for i, (tag, a0, a1, b0, b1) in enumerate(ops):
        gone = " ".join(t[0] for t in rep[a0:a1])
        new = " ".join(t[0] for t in variant[b0:b1])
        if tag == "equal":
            parts.append(new)
        elif tag == "delete" and fragment and (i == 0 or i == len(ops) - 1):
            parts.append("[…]")
        else:
            if gone:
                parts.append(f"[-{gone}-]")
            if new:
                parts.append(f"{{+{new}+}}")
    return " ".join(parts)


def quote_clusters(con, articles: dict, group: dict[str, str], s: LinkSettings,
                   translated: list[tuple[tuple, tuple]] | None = None) -> list[dict]:
    """The quote_clusters rows: a quote said again in other articles, with its variants; a quote of a
    translated article joins its original's cluster as a `translation` (`translated`: the pairs of
    (article, quote) keys of translation.translated_quotes)."""
    quotes, short, names = {}, {}, {}  # names: the speaker as extracted, shown in the variants
    for aid, qid, text, speaker in con.execute(
            "SELECT article_id, id, text, speaker_name FROM quotes ORDER BY article_id, id").fetchall():
        q = _prepare_quote((aid, qid), aid, text, speaker, articles[aid]["day"])
        if len(q.content) >= s.quote_min_words:
            quotes[(aid, qid)], names[(aid, qid)] = q, speaker
        elif len(q.toks) >= s.short_words and len(set(q.content)) >= 2:
            short[(aid, qid)], names[(aid, qid)] = q, speaker
    members = _quote_groups(quotes, articles, group, s)
    _join_short_fragments(members, short, quotes, s)
    quotes.update(short)
    translations = _join_translations(members, quotes, translated or [])
    clusters = [_quote_cluster(rep_key, items, quotes, names, articles, group, s, translations)
                for rep_key, items in members.items() if len(items) >= 2]
    return _number(clusters, lambda c: (c["earliest_published"] or "~", c["earliest_article_id"],
                                        c["variants"][0]["article_id"], c["variants"][0]["quote_id"]))


def _quote_groups(quotes: dict, articles: dict, group: dict[str, str], s: LinkSettings) -> dict:
    """Each cluster's lead quote -> its members, (quote key, score), the lead first."""
    index = _Index(s.key_df_cap)
    for key, q in quotes.items():
        index.add(key, q.keys)
    # the fullest variant leads its cluster, so that every fragment of it can join; quotes of
    # unknown speakers come last, to choose among the clusters that known speakers have made
    order = sorted(quotes, key=lambda k: (not name_key(quotes[k].speaker), -len(quotes[k].content),
                                          articles[k[0]]["published"] or "~", k))
    members: dict[tuple, list[tuple[tuple, float]]] = {}
    in_cluster: dict[tuple, set[str]] = {}
    speaker: dict[tuple, str | None] = {}  # the cluster's first known speaker: an unknown one bridges no two
    for key in order:
        q, best = quotes[key], None
        for other in index.neighbours(q.keys):
            if other not in members or q.article_id in in_cluster[other]:
                continue
            if not speakers_compatible(speaker[other], q.speaker):
                continue
            score = compare_quotes(quotes[other], q, s)
            # a copy of the article that carries the cluster's lead quote is the likeliest home
            rank = (group.get(q.article_id, q.article_id) == group.get(other[0], other[0]), score or 0.0,
                    _negkey(other))
            if score is not None and (best is None or rank > best[2]):
                best = (score, other, rank)
        if best:
            members[best[1]].append((key, best[0]))
            in_cluster[best[1]].add(q.article_id)
            speaker[best[1]] = speaker[best[1]] or q.speaker
        else:
            members[key], in_cluster[key], speaker[key] = [(key, 1.0)], {q.article_id}, q.speaker
    return members


def _holds(words: list[str], part: list[str]) -> bool:
    """`part` is a run of `words`, word for word (in normal form)."""
    n = len(part)
    return any(words[i:i + n] == part for i in range(len(words) - n + 1))


def _join_short_fragments(members: dict, short: dict, quotes: dict, s: LinkSettings) -> None:
    """A short quoted fragment ("called it 'a dangerous and reckless escalation'") joins the quote
    it was cut from. Too few words to score by alignment, it must sit word for word in a quote by
    the same named speaker (an unknown speaker bridges nothing), in another article within
    `quote_days`; a fragment that fits quotes in two clusters is a stock phrase and joins neither."""
    lead_of = {key: lead for lead, items in members.items() for key, _ in items}
    index = _Index(s.key_df_cap)
    for key, q in quotes.items():
        index.add(key, q.keys)
    for key, q in sorted(short.items()):
        words = [n for _, n, _ in q.toks]
        leads = {lead_of[other] for other in index.neighbours(q.keys)
                 if _fragment_of(q, quotes[other], words, s)}
        if len(leads) == 1:
            [lead] = leads
            if q.article_id not in {k[0] for k, _ in members[lead]}:
                members[lead].append((key, 1.0))


def _fragment_of(q: _Quote, full: _Quote, words: list[str], s: LinkSettings) -> bool:
    if full.article_id == q.article_id or not names_compatible(q.speaker, full.speaker):
        return False
    if q.day and full.day and abs((q.day - full.day).days) > s.quote_days:
        return False
    return _holds([n for _, n, _ in full.toks], words)


def _join_translations(members: dict, quotes: dict, translated: list[tuple[tuple, tuple]]) -> set[tuple]:
    """Put each translated quote in the cluster of its original (a cluster of its own if the original
    had none); the keys of the translations."""
    home = {key: lead for lead, items in members.items() for key, _score in items}
    joined = set()
    for original, translation in translated:
        if original not in quotes or translation not in quotes or translation in joined:
            continue
        own = members.get(translation)
        if own is not None and len(own) > 1 or home.get(translation, translation) != translation:
            continue  # it has a cluster of its own language already
        if own is not None:
            del members[translation]  # alone in its language: it joins its original
        lead = home.get(original, original)
        members.setdefault(lead, [(lead, 1.0)]).append((translation, 1.0))
        joined.add(translation)
    return joined


def _quote_cluster(rep_key: tuple, items: list, quotes: dict, names: dict, articles: dict, group: dict[str, str],
                   s: LinkSettings, translations: set | frozenset = frozenset()) -> dict:
    """The quote_clusters row of one cluster: its lead quote and its variants."""
    rep = quotes[rep_key]
    variants = []
    for key, score in items:
        q = quotes[key]
        shown = names[key]
        translated = key in translations  # words of another language: no word diff, no fragment
        fragment = key != rep_key and not translated and len(q.content) < s.fragment * len(rep.content)
        variants.append({**_member(articles[q.article_id]), "quote_id": key[1], "text": q.text,
                         "speaker_name": shown,
                         "role": "representative" if key == rep_key else "translation" if translated else "variant",
                         "fragment": fragment, "score": score,
                         "diff": " ".join(t[0] for t in q.toks) if key == rep_key or translated else
                         word_diff(rep.toks, q.toks, fragment)})
    variants.sort(key=lambda v: (v["role"] != "representative", v["published"] or "~", v["article_id"]))
    earliest = min(variants, key=lambda v: (v["published"] or "~", v["article_id"], v["quote_id"]))
    outlets = sorted({v["outlet"] for v in variants})
    speakers = Counter(v["speaker_name"] for v in variants if v["speaker_name"])
    return {
        "text": rep.text, "speaker_name": speakers.most_common(1)[0][0] if speakers else None,
        "speakers": sorted(speakers), "n_quotes": len(variants),
        "n_articles": len({v["article_id"] for v in variants}), "n_outlets": len(outlets),
        "n_sources": len({group.get(v["article_id"], v["article_id"]) for v in variants}),
        "n_fragments": sum(v["fragment"] for v in variants), "outlets": outlets,
        "earliest_article_id": earliest["article_id"], "earliest_outlet": earliest["outlet"],
        "earliest_published": earliest["published"], "earliest_text": earliest["text"], "variants": variants}


def _negkey(key: tuple):
    return tuple(_neg(part) for part in key)


# ---------------------------------------------------------------- events

def _actors(refs) -> list[tuple]:
    return [(ref.get("name"), ref.get("code") if ref.get("kind") == "country" else None) for ref in refs or []]


def _overlap(side_a: list[tuple], side_b: list[tuple]) -> bool:
    """An actor on both sides: the same country, or compatible names."""
    return any((ca and ca == cb) or names_compatible(na, nb) for na, ca in side_a for nb, cb in side_b)


def event_clusters(con, articles: dict, group: dict[str, str], s: LinkSettings) -> list[dict]:
    """Occurred events, one cluster per real-world event (singletons included)."""
    events = []
    for aid, eid, etype, status, start, end, place, country, src, tgt, evidence in con.execute(
            "SELECT article_id, id, type, status, date.start, date.end, location.name, location.country, "
            "source_actors, target_actors, evidence.text FROM events WHERE status = 'occurred' "
            "ORDER BY article_id, id").fetchall():
        day = _day(start) or articles[aid]["day"]
        events.append({**_member(articles[aid]), "event_id": eid, "type": etype, "status": status, "day": day,
                       "end": _day(end) or day, "place": place, "country": country, "evidence": evidence,
                       "src": _actors(src), "tgt": _actors(tgt),
                       "src_names": [r["name"] for r in src or []], "tgt_names": [r["name"] for r in tgt or []]})
    events.sort(key=lambda e: (e["day"] or date.max, e["published"] or "~", e["article_id"], e["event_id"]))
    reps_by_type: dict[str, list[tuple]] = defaultdict(list)  # type -> sorted [(day ordinal, index)]
    members: dict[int, list[int]] = {}
    for i, e in enumerate(events):
        reps, best = reps_by_type[e["type"]], None
        day = (e["day"] or date.max).toordinal()
        window = []
        for ordinal, r in reps[bisect_left(reps, (day - s.event_days, -1)):]:
            if ordinal > day + s.event_days:
                break
            window.append(r)
        for r in sorted(window, key=lambda r: (abs(events[r]["day"].toordinal() - day) if events[r]["day"] else 0, r)):
            if any(events[m]["article_id"] == e["article_id"] for m in members[r]):
                continue  # one article telling two events of a kind tells two events
            if _same_event(events[r], e, s):
                best = r  # the nearest in time
                break
        if best is None:
            members[i] = [i]
            reps.insert(bisect_left(reps, (day, i)), (day, i))
        else:
            members[best].append(i)
    return _number([_event_cluster([events[i] for i in g], group) for g in members.values()],
                   lambda c: (c["day_start"] or "~", c["events"][0]["article_id"], c["events"][0]["event_id"]))


def _same_event(a: dict, b: dict, s: LinkSettings) -> bool:
    if a["place"] and b["place"] and a["place"].casefold() != b["place"].casefold():
        if not (a["country"] and a["country"] == b["country"]):
            return False

    def dyad(src, tgt):
        return _overlap(a["src"], src) and (_overlap(a["tgt"], tgt) or not (a["tgt"] or tgt))
    return dyad(b["src"], b["tgt"]) or (a["type"] in s.symmetric_types and dyad(b["tgt"], b["src"]))


def _event_cluster(members: list[dict], group: dict[str, str]) -> dict:
    days = [m["day"] for m in members if m["day"]]
    outlets = sorted({m["outlet"] for m in members})
    return {"type": members[0]["type"], "status": members[0]["status"],
            "day_start": min(days).isoformat() if days else None,
            "day_end": max(m["end"] for m in members if m["end"]).isoformat() if days else None,
            "source_names": sorted({n for m in members for n in m["src_names"]}),
            "target_names": sorted({n for m in members for n in m["tgt_names"]}),
            "places": sorted({m["place"] for m in members if m["place"]}),
            "n_events": len(members), "n_articles": len({m["article_id"] for m in members}),
            "n_outlets": len(outlets), "n_sources": len({group.get(m["article_id"], m["article_id"]) for m in members}),
            "outlets": outlets,
            "events": [{k: m[k] for k in ("article_id", "outlet", "published", "event_id", "evidence")}
                       | {"role": "representative" if x == 0 else "report", "copy_of": group.get(m["article_id"])}
                       for x, m in enumerate(members)]}
