#!/usr/bin/env python3
"""Reads a corpus as `pressroom parse --json` sees it and counts what a
reader of the question tables would trip over.

Usage:
  scripts/parse-report.py --bin target/release/pressroom DIR [DIR...] [--list] [--text-dates]

For every transcript (.md, .txt) under the folders it runs `<bin> parse FILE
--json` and reports:

  collapsed   transcripts with 6 or more question labels in the text (lines
              opening with Q, Q., Q:, QUESTION, JOURNALIST, REPORTER) that
              come out with 2 or fewer exchanges
  furniture   transcripts whose turns, title or outlets hold page furniture:
              `E&OE` (any spacing), `PROOF ONLY`, or a line that is only a
              page number ("12", "- 3 -", "/ 3", "Page 4"; not "1967.", a
              number that ends a sentence)
  undated     transcripts without a date
  empty       exchanges whose question (the press turns of the exchange)
              has no word left once greetings, thanks, forms of address and
              names are removed: "Hi.", "Thank you, Karine.", "President-elect
              Trump —" (a name is a word of a speaker's name in the
              transcript, or a capitalised word after an honorific, a title
              or a greeting)
  empty-first exchanges whose first press turn is so empty (what the
              question table showed before the table started at the
              question proper)

--text-dates parses copies of the files with the `date` line removed from
their front matter, and reports how many dates the parser finds in the text
and how many agree with the front matter (run it on pm-transcripts, whose
front matter dates come from the collection's metadata).

--list prints the files behind each count.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor

QUESTION_LABEL = re.compile(r"^\s*(?:Q|QUESTION|JOURNALIST|REPORTER|QUESTIONER)(?:\s*[.:]|\s+[A-Z“\"'(])", re.M)
EOE = re.compile(r"\bE\s*&\s*O\s*E\b|PROOF\s+ONLY", re.I)
# A number alone on a line, with page marks ("12", "- 3 -", "/ 3", "Page 4");
# "1967." (a number ending a sentence) may be an answer.
PAGE_LINE = re.compile(r"^\s*(?:page\s*)?[-–/.(\s]*\d{1,4}(?:[-–/)\s]*|\s*[-–/)]+\s*\.?)$", re.I)
SMALL_TALK = set("""
hi hello hey thanks thank you sir maam ma'am ma’am madam mister mr mr. ms ms. mrs mrs. dr dr.
good morning afternoon evening night to see again much very so okay ok yeah yes yep alright all right
great oh and well please appreciate it i we nice sorry excuse me bye congratulations welcome
""".split())
BEFORE_NAME = SMALL_TALK | set("""
president vice secretary minister prime general admiral governor senator ambassador chancellor
chair chairman director leader president-elect congressman congresswoman
""".split())


def words_left(text, names):
    """Words of `text` that are neither small talk nor names."""
    text = re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", text)
    left = []
    previous = ""
    for w in re.findall(r"[\w'’.-]+", text):
        core = w.strip(".-'’")
        lower = core.lower().rstrip(".")
        name = core[:1].isupper() and (lower in names or previous in BEFORE_NAME)
        if core and lower not in SMALL_TALK and not name and (core[0].isalpha() or core[0].isdigit()):
            left.append(core)
        previous = lower
    return left


def files_under(dirs):
    out = []
    for d in dirs:
        for root, _, names in os.walk(d):
            for n in names:
                if n.endswith((".md", ".txt")) and n.lower() != "readme.md" and n != "LICENSE":
                    out.append(os.path.join(root, n))
    return sorted(out)


def parse(binary, path):
    r = subprocess.run([binary, "parse", path, "--json"], capture_output=True, text=True)
    if r.returncode != 0:
        return None, r.stderr.strip()
    return json.loads(r.stdout), None


def without_date(src, folder, n):
    """A copy of `src` whose front matter has no date line, under a file
    name without a date (`n.md`)."""
    with open(src, encoding="utf-8", errors="replace") as f:
        text = f.read()
    m = re.match(r"(\+\+\+\n.*?\n\+\+\+\n|---\n.*?\n---\n)", text, re.S)
    if m:
        head = re.sub(r"(?m)^date\s*[=:].*\n", "", m.group(1))
        text = head + text[m.end():]
    dst = os.path.join(folder, f"{n}{os.path.splitext(src)[1]}")
    with open(dst, "w", encoding="utf-8") as f:
        f.write(text)
    return dst


def front_matter_date(src):
    with open(src, encoding="utf-8", errors="replace") as f:
        head = f.read(2000)
    m = re.search(r"(?m)^date\s*[=:]\s*['\"]?(\d{4}-\d{2}-\d{2})", head)
    return m.group(1) if m else None


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", required=True)
    ap.add_argument("--list", action="store_true")
    ap.add_argument("--text-dates", action="store_true")
    ap.add_argument("dirs", nargs="+")
    a = ap.parse_args()
    files = files_under(a.dirs)
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        results = list(pool.map(lambda p: parse(a.bin, p), files))
    collapsed, furniture, undated, failed = [], [], [], []
    empty, empty_first, exchanges = [], [], 0
    for path, (doc, err) in zip(files, results):
        name = os.path.relpath(path)
        if doc is None:
            failed.append(f"{name}: {err}")
            continue
        with open(path, encoding="utf-8", errors="replace") as f:
            raw = f.read()
        labels = len(QUESTION_LABEL.findall(raw))
        n = len(doc.get("exchanges") or [])
        exchanges += n
        if labels >= 6 and n <= 2:
            collapsed.append(f"{name}: {labels} question labels, {n} exchanges")
        turns = list(doc.get("opening") or []) + [t for e in doc.get("exchanges") or [] for t in e.get("turns") or []] + list(doc.get("closing") or [])
        places = [("title", doc.get("title") or "")]
        places += [("outlet", s.get("outlet") or "") for s in doc.get("speakers") or []]
        places += [("outlet", e.get("outlet") or "") for e in doc.get("exchanges") or []]
        places += [(f"turn line {t.get('line')}", t.get("text") or "") for t in turns]
        for where, text in places:
            bad = EOE.search(text)
            page = next((l for l in text.split("\n") if PAGE_LINE.match(l)), None) if where.startswith("turn") else None
            if bad or page is not None:
                furniture.append(f"{name}: {where}: {(bad.group(0) if bad else repr(page))}")
                break
        if not doc.get("date"):
            undated.append(name)
        names = {w.lower().strip(".,") for s in doc.get("speakers") or [] for w in (s.get("name") or "").split()}
        for e in doc.get("exchanges") or []:
            press = [t.get("text") or "" for t in e.get("turns") or [] if t.get("role") == "press"]
            if press and not words_left(" ".join(press), names):
                empty.append(f"{name}#{e.get('id')}: {' | '.join(press)[:80]!r}")
            if press and not words_left(press[0], names):
                empty_first.append(f"{name}#{e.get('id')}: {press[0][:80]!r}")
    print(f"transcripts: {len(files)} ({len(failed)} failed), exchanges: {exchanges}")
    for title, items in [("collapsed", collapsed), ("furniture", furniture), ("undated", undated), ("empty", empty), ("empty-first", empty_first), ("failed", failed)]:
        print(f"{title}: {len(items)}")
        if a.list:
            for i in items:
                print(f"  {i}")
    if a.text_dates:
        with tempfile.TemporaryDirectory() as tmp:
            found = agree = 0
            wrong, missing = [], []
            copies = [(p, without_date(p, tmp, n)) for n, p in enumerate(files) if front_matter_date(p)]
            with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
                parsed = list(pool.map(lambda c: parse(a.bin, c[1]), copies))
            for (src, _), (doc, _) in zip(copies, parsed):
                got = doc and doc.get("date")
                want = front_matter_date(src)
                if got:
                    found += 1
                    if got == want:
                        agree += 1
                    else:
                        wrong.append(f"{os.path.relpath(src)}: text {got}, front matter {want}")
                else:
                    missing.append(os.path.relpath(src))
            print(f"text dates: {found}/{len(copies)} found, {agree} agree with the front matter")
            if a.list:
                for i in missing:
                    print(f"  no date: {i}")
                for i in wrong:
                    print(f"  differs: {i}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
