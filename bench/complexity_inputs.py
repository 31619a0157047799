#!/usr/bin/env python3
"""Inputs for bench/complexity.sh: one archive (or HTML page) per dimension
and size, each growing along that dimension only.

    python3 bench/complexity_inputs.py DIMENSION N OUT

DIMENSION is one of: speakers, exchanges, people, outlets, paragraph,
escapes, html-depth, files. OUT is the archive folder to create (for
html-depth, the .html file). Deterministic: the same arguments give the
same bytes.
"""

import os
import sys

FIRST = ["Anna", "Boris", "Chloe", "David", "Emma", "Farid", "Greta", "Hugo", "Ines", "Jonas", "Kenji", "Lena", "Marta", "Nils", "Olga", "Pavel",
         "Quinn", "Rosa", "Sven", "Tara", "Ugo", "Vera", "Wim", "Xenia", "Yusuf", "Zoe", "Alain", "Beata", "Carlos", "Dora"]
LAST_STEMS = ["Berg", "Costa", "Dubois", "Eriksen", "Fischer", "Garcia", "Hansen", "Ivanov", "Jensen", "Kowal", "Larsen", "Moreau", "Novak", "Olsen",
              "Petit", "Quist", "Rossi", "Schmidt", "Thomas", "Urban", "Vidal", "Weber", "Young", "Zimmer"]
SYLLABLES = ["ka", "lo", "mi", "ne", "ru", "sa", "to", "vi", "ze", "bo", "da", "fe", "gu", "hi", "jo", "pa"]


def word(i, length=3):
    """A pronounceable word for the number i (distinct for distinct i)."""
    out = []
    for _ in range(length):
        out.append(SYLLABLES[i % len(SYLLABLES)])
        i //= len(SYLLABLES)
    return "".join(out)


def person(i):
    """Similar but distinct names: shared first names and name stems."""
    return f"{FIRST[i % len(FIRST)]} {LAST_STEMS[i // len(FIRST) % len(LAST_STEMS)]}{word(i // (len(FIRST) * len(LAST_STEMS)), 2)}"


def outlet(i):
    return f"The {word(i).capitalize()} Herald"


def transcript(title, date, body):
    return f'+++\ntitle = "{title}"\ndate = {date}\n+++\n\nGood afternoon. A few words before questions.\n\n{body}'


def archive(out, files):
    os.makedirs(os.path.join(out, "content"), exist_ok=True)
    with open(os.path.join(out, "site.toml"), "w") as f:
        f.write('title = "Complexity"\n')
    for name, text in files:
        with open(os.path.join(out, "content", name), "w") as f:
            f.write(text)


def one(out, body):
    archive(out, [("2022-01-01-briefing.md", transcript("Briefing", "2022-01-01", body))])


def date(i):
    return f"{2000 + i // 336 % 25}-{i // 28 % 12 + 1:02d}-{i % 28 + 1:02d}"


def many(out, n_transcripts, questions):
    """n transcripts, each with the questions questions(t) = [(name, outlet)]."""
    files = []
    for t in range(n_transcripts):
        body = "".join(f"MODERATOR: Next question.\n\n{who} ({where}): What about item {t}-{k}?\n\nTHE MINISTER: An answer about item {k}.\n\n"
                       for k, (who, where) in enumerate(questions(t)))
        files.append((f"{date(t)}-briefing-{t}.md", transcript(f"Briefing {t}", date(t), body)))
    archive(out, files)


def main():
    dim, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    if dim == "speakers":
        # n distinct, similar speakers in one transcript, one question each.
        one(out, "".join(f"{person(i)} ({outlet(i % 7)}): Question {i}?\n\nTHE MINISTER: Answer {i}.\n\n" for i in range(n)))
    elif dim == "exchanges":
        one(out, "".join(f"Q: Question {i} about the budget?\n\nTHE MINISTER: Answer {i}.\n\n" for i in range(n)))
    elif dim == "people":
        # n distinct journalists across the archive, 10 per transcript.
        many(out, n // 10, lambda t: [(person(t * 10 + k), outlet(k)) for k in range(10)])
    elif dim == "outlets":
        # n distinct outlets across the archive, 10 per transcript.
        many(out, n // 10, lambda t: [(person(k), outlet(t * 10 + k)) for k in range(10)])
    elif dim == "paragraph":
        words = "the minister said that the budget would grow next year and then ".split()
        para = " ".join(words[i % len(words)] for i in range(n // 5))
        one(out, f"Q: A question?\n\nTHE MINISTER: {para}\n")
    elif dim == "escapes":
        unit = "l’été « chaud » & <plus> à 30 °C ; "
        one(out, f"Q: A question?\n\nTHE MINISTER: {unit * (n // len(unit.encode()))}\n")
    elif dim == "html-depth":
        with open(out, "w") as f:
            f.write("<html><body><main><p>Q: A question?</p>" + "<div>" * n + "THE MINISTER: An answer." + "</div>" * n + "</main></body></html>")
    elif dim == "files":
        many(out, n, lambda t: [(person(k), outlet(k)) for k in range(3)])
    else:
        sys.exit(f"unknown dimension {dim}")


if __name__ == "__main__":
    main()
