#!/usr/bin/env python3
"""Builds tests/data/search-queries.tsv, the labelled citizen-search queries, from the generated
population (DemoDataGenerator, default seed, people 0…49,999) dumped by

    bench_search --dump 50000 --out people.tsv
    tests/data/make-search-queries.py people.tsv > tests/data/search-queries.tsv

Each query names one generated person (by index) the way a clerk would type what they hear,
in a category (accents left out, apostrophes and spaces, Irish particle forms, Irish/English
surname forms, nicknames, one-letter typos, sound-alikes, dates in each typed form, postcodes,
phones, e-mail, references). Only people the query identifies alone are used: nobody else has the
same folded name and date of birth (or postcode, phone…). The hand-made rows at the end are for
people tst_searchquality adds itself (expected = their reference). Deterministic; stdlib only.
"""

import collections
import os
import sys
import unicodedata

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PER_CATEGORY = 24


def fold(s):
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = s.replace("'", "").replace("\u2019", "")
    return " ".join("".join(c.lower() if c.isalnum() else " " for c in s).split())


def plain(s):
    """Without accents, case kept (what a clerk types without the fada)."""
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c))


def read_people(path):
    with open(path, encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        return [dict(zip(header, line.rstrip("\n").split("\t"))) for line in f]


def read_groups(name, skip_title):
    groups = []
    with open(os.path.join(ROOT, "resources", "data", name), encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith("#"):
                names = line.split("\t")
                groups.append(names[1:] if skip_title else names)
    return groups


def dmy(dob):
    y, m, d = dob.split("-")
    return y, m, d


IRISH_PARTICLES = ("Ó ", "Ní ", "Uí ", "Mac ", "Nic ", "Mhic ", "de ")


def is_english_form(form):
    return not any(form.startswith(p) for p in IRISH_PARTICLES) and plain(form) == form


def main(argv):
    people = read_people(argv[1])
    by_name_dob = collections.Counter(
        (fold(p["given"]), fold(p["family"]), p["dob"]) for p in people)
    by_given_dob = collections.Counter((fold(p["given"]), p["dob"]) for p in people)
    by_family_dob = collections.Counter((fold(p["family"]), p["dob"]) for p in people)
    by_postcode = collections.Counter(fold(p["postcode"]).replace(" ", "") for p in people)
    by_family_postcode = collections.Counter(
        (fold(p["family"]), fold(p["postcode"]).replace(" ", "")) for p in people)
    by_name_outward = collections.Counter(
        (fold(p["given"]), fold(p["family"]), p["postcode"].split(" ")[0].upper()) for p in people)
    by_name_month = collections.Counter(
        (fold(p["given"]), fold(p["family"]), p["dob"][:7]) for p in people)
    by_phone = collections.Counter("".join(c for c in p["phone"] if c.isdigit())[-9:]
                                   for p in people if p["phone"])
    by_email = collections.Counter(p["email"] for p in people if p["email"])

    given_groups = read_groups("given-name-variants.tsv", False)
    clusters = read_groups("irish-surnames.tsv", True)
    cluster_of = {}
    for c in clusters:
        for form in c:
            cluster_of.setdefault(form, c)

    def unique(p):
        # Same folded name and date of birth as nobody else, and no accents-only twin.
        return by_name_dob[(fold(p["given"]), fold(p["family"]), p["dob"])] == 1

    rows = []
    used = set()

    def take(category, candidates, make, limit=PER_CATEGORY):
        n = 0
        for p in candidates:
            if n >= limit:
                break
            i = int(p["index"])
            if (i, category) in used:
                continue
            q = make(p)
            if not q:
                continue
            used.add((i, category))
            rows.append((" ".join(q.split()), str(i), category))
            n += 1

    # Spread choices over the population rather than the first few hundred.
    ordered = sorted(people, key=lambda p: (int(p["index"]) * 2654435761) % 4294967291)
    u = [p for p in ordered if unique(p)]

    def dob_text(p, form):
        y, m, d = dmy(p["dob"])
        return {
            "dd/mm/yyyy": f"{d}/{m}/{y}",
            "d.m.yy": f"{int(d)}.{int(m)}.{y[2:]}",
            "iso": f"{y}-{m}-{d}",
            "dd-mm-yyyy": f"{d}-{m}-{y}",
            "d/m/yy": f"{int(d)}/{int(m)}/{y[2:]}",
            "spaces": f"{d} {m} {y}",
        }[form]

    # 1. Accents left out.
    take("accent-free", [p for p in u if plain(p["given"] + p["family"]) != p["given"] + p["family"]],
         lambda p: f"{plain(p['given']).lower()} {plain(p['family']).lower()} {dob_text(p, 'dd/mm/yyyy')}")

    # 2. Apostrophes and spaces: O'Brien / OBrien / O Brien, McCarthy / Mc Carthy, Nwosu-Jones.
    def apostrophe(p):
        f = p["family"]
        if f.startswith("O'"):
            alt = ["O" + f[2:], "O " + f[2:]][int(p["index"]) % 2]
        elif f.startswith("Mc"):
            alt = "Mc " + f[2:]
        elif f.startswith("Mac") and len(f) > 3 and f[3].isupper():
            alt = "Mac " + f[3:]
        elif "-" in f:
            alt = f.replace("-", " ") if int(p["index"]) % 2 else f.replace("-", "")
        else:
            return None
        return f"{p['given']} {alt} {dob_text(p, 'd.m.yy')}"
    take("apostrophe-space", u, apostrophe)

    # 3. Irish particle forms typed another way: Ó ↔ O', Ní/Uí ↔ O, Mac ↔ Mc, Nic/Mhic ↔ Mac.
    def particle(p):
        f = plain(p["family"])
        for irish, other in (("O ", "O'"), ("Ni ", "O "), ("Ui ", "O "), ("Mac ", "Mc"),
                             ("Nic ", "Mac "), ("Mhic ", "Mac ")):
            if f.startswith(irish):
                rest = f[len(irish):]
                if irish in ("Ni ", "Ui ", "Nic ", "Mhic ") and len(rest) > 2 and rest[1] == "h" \
                        and rest[0] in "BCDFGMPST":
                    rest = rest[0] + rest[2:]  # the man's form is not lenited
                return f"{plain(p['given'])} {other}{rest} {dob_text(p, 'dd/mm/yyyy')}"
        return None
    take("irish-prefix", u, particle)

    # 4. Irish ↔ English surname forms from the sloinnte clusters.
    def irish_english(p):
        c = cluster_of.get(p["family"])
        if not c:
            return None
        if is_english_form(p["family"]):
            others = [f for f in c if not is_english_form(f) and f.startswith(("Ó ", "Mac "))]
        else:
            others = [f for f in c if is_english_form(f)]
        if not others:
            return None
        return f"{plain(p['given'])} {others[0]} {dob_text(p, 'iso')}"
    take("irish-english", [p for p in u if p["family"] in cluster_of and not is_english_form(p["family"])],
         irish_english, 16)
    take("irish-english", [p for p in u if p["family"] in cluster_of and is_english_form(p["family"])
                           and p["family"].startswith(("O'", "Mc"))], irish_english, 8)

    # 5. Given-name nicknames and other forms.
    def nickname(p):
        g = p["given"]
        for group in given_groups:
            if g in group and len(group) > 1:
                others = [x for x in group if fold(x) != fold(g)]
                alt = others[int(p["index"]) % len(others)]
                return f"{alt} {p['family']} {dob_text(p, 'dd/mm/yyyy')}"
        return None
    take("nickname", u, nickname)

    # 6. One-letter typos in the family name: insert, delete, substitute, transpose.
    def typo(p):
        f = fold(p["family"]).replace(" ", "")
        if len(f) < 5 or not f.isalpha():
            return None
        i = int(p["index"])
        k = 1 + i % (len(f) - 2)
        kind = i % 4
        if kind == 0:
            t = f[:k] + f[k] + f[k:]                    # doubled letter
        elif kind == 1:
            t = f[:k] + f[k + 1:]                       # dropped letter
        elif kind == 2:
            t = f[:k] + ("e" if f[k] != "e" else "a") + f[k + 1:]  # wrong letter
        else:
            t = f[:k] + f[k + 1] + f[k] + f[k + 2:]     # swapped neighbours
        if t == f:
            return None
        return f"{fold(p['given'])} {t} {dob_text(p, 'dd/mm/yyyy')}"
    take("typo", u, typo, 28)

    # 7. Sound-alikes.
    sounds = {
        "Siobhán": "Shivaun", "Siobhan": "Shevaun", "Stephen": "Steven", "Steven": "Stephen",
        "Niamh": "Neeve", "Aoife": "Eefa", "Caoimhe": "Keeva", "Sinéad": "Shinade",
        "Sinead": "Shinade", "Oisín": "Osheen", "Gráinne": "Grawnya", "Seán": "Shawn",
        "Catherine": "Kathrin", "Katherine": "Cathrin", "Philip": "Fillip", "Geoffrey": "Jeffry",
        "Thompson": "Thomson", "Smith": "Smyth", "Rhys": "Reece", "Clodagh": "Cloda",
        "Sadhbh": "Sive", "Méabh": "Mave", "Tadhg": "Taig", "Eoin": "Owen", "Ciarán": "Keeran",
        "Gareth": "Garreth", "Huw": "Hew", "Dafydd": "Davith", "Llywelyn": "Llewellyn",
        "Phillips": "Fillips", "Davies": "Davis", "Matthews": "Mathews", "Stevens": "Stephens",
    }
    def sound(p):
        g, f = p["given"], p["family"]
        if f in sounds:
            return f"{plain(g)} {sounds[f]} {dob_text(p, 'dd/mm/yyyy')}"
        if g in sounds:
            return f"{sounds[g]} {plain(f)} {dob_text(p, 'dd/mm/yyyy')}"
        return None
    take("sound-alike", u, sound, 28)

    # 8. Name and date of birth in each typed form (and month/year with the full name).
    forms = ["dd/mm/yyyy", "d.m.yy", "iso", "dd-mm-yyyy", "d/m/yy", "spaces"]
    take("name-dob", u[500:], lambda p: f"{p['given']} {p['family']} "
         f"{dob_text(p, forms[int(p['index']) % len(forms)])}", 18)
    take("name-dob", [p for p in u[900:] if by_given_dob[(fold(p['given']), p['dob'])] == 1],
         lambda p: f"{plain(p['given']).lower()} {dob_text(p, 'd/m/yy')}", 6)
    take("name-dob", [p for p in u[1300:] if by_name_month[(fold(p['given']), fold(p['family']), p['dob'][:7])] == 1],
         lambda p: f"{p['given']} {p['family']} {p['dob'][5:7]}/{p['dob'][:4]}", 6)
    take("name-dob", [p for p in u[1700:] if by_family_dob[(fold(p['family']), p['dob'])] == 1],
         lambda p: f"{p['family']} {p['dob'][:4]}-{p['dob'][5:7]}-{p['dob'][8:]}", 4)

    # 9. Name and postcode, full and outward.
    take("name-postcode", [p for p in ordered[2000:] if by_family_postcode[(fold(p['family']), fold(p['postcode']).replace(' ', ''))] == 1],
         lambda p: f"{p['family']} {p['postcode'].lower() if int(p['index']) % 2 else p['postcode'].replace(' ', '')}", 14)
    take("name-postcode", [p for p in ordered[2500:] if by_name_outward[(fold(p['given']), fold(p['family']), p['postcode'].split(' ')[0].upper())] == 1],
         lambda p: f"{p['given']} {p['family']} {p['postcode'].split(' ')[0]}", 12)

    # 10. Postcode or Eircode alone.
    take("postcode", [p for p in ordered[3000:] if by_postcode[fold(p['postcode']).replace(' ', '')] == 1],
         lambda p: [p["postcode"], p["postcode"].replace(" ", "").lower(), p["postcode"].lower()][int(p["index"]) % 3], 20)

    # 11. Phone numbers in several formats.
    def phone(p):
        raw = p["phone"]
        digits = "".join(c for c in raw if c.isdigit())
        if not raw or by_phone[digits[-9:]] != 1:
            return None
        i = int(p["index"]) % 4
        if raw.startswith("+44"):
            national = "0" + digits[2:]
            return [raw, national, national[:5] + " " + national[5:], "+44 " + digits[2:]][i]
        if raw.startswith("+353"):
            national = "0" + digits[3:]
            return [raw, national, national[:3] + " " + national[3:6] + " " + national[6:],
                    "00353" + digits[3:]][i]
        if raw.startswith("0"):
            return [raw, raw.replace(" ", ""), "+44 " + raw[1:], "+44 (0)" + raw[1:]][i]
        return raw
    take("phone", ordered[4000:], phone, 24)

    # 12. E-mail.
    take("email", [p for p in ordered[5000:] if p["email"] and by_email[p["email"]] == 1],
         lambda p: p["email"] if int(p["index"]) % 2 else p["email"].upper(), 14)

    # 13. Reference, as printed, in lower case, without the hyphen.
    take("reference", ordered[6000:], lambda p: [p["reference"], p["reference"].lower(),
                                                  p["reference"].replace("-", "")][int(p["index"]) % 3], 14)

    out = sys.stdout
    out.write("# Labelled citizen-search queries: query<TAB>expected<TAB>category. expected is a\n")
    out.write("# DemoDataGenerator index (default seed) or the reference of a person\n")
    out.write("# tst_searchquality adds by hand. Made by tests/data/make-search-queries.py.\n")
    for q, e, c in rows:
        out.write(f"{q}\t{e}\t{c}\n")
    with open(os.path.join(ROOT, "tests", "data", "search-queries-hand.tsv"), encoding="utf-8") as f:
        for line in f:
            if line.strip() and not line.startswith("#"):
                out.write(line)
    print(collections.Counter(c for _, _, c in rows), len(rows), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
