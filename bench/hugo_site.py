#!/usr/bin/env python3
"""Turn a pressroom archive into a minimal Hugo site, for bench/compare.sh.

    python3 bench/hugo_site.py ARCHIVE_DIR HUGO_SITE_DIR

ARCHIVE_DIR holds site.toml and content/*.md with `+++` TOML front matter
(as written by `cargo run --example synth` or bench/wh_archive.py). Every
transcript becomes content/briefings/<name>.md with the same body and TOML
front matter carrying title, date, topics and two taxonomies:
`journalists` and `outlets`, taken from the `Name (Outlet):` speaker labels
at the start of a line. The templates are deliberately minimal: one single,
one list (home, section and term pages, paginated by 100) and one taxonomy
template; transcript bodies are rendered from Markdown by Hugo (Goldmark),
and only transcript pages carry `data-pagefind-body`, so Pagefind indexes
the transcripts and nothing else (pressroom's search covers the
transcripts' exchanges). RSS is disabled (pressroom writes a few Atom feeds,
Hugo would write one per term: leaving them out favours Hugo).
"""
import datetime
import json
import os
import re
import sys
import tomllib

# `Jane Roe (Reuters): ...` at the start of a line.
LABEL = re.compile(r"^(?P<name>[A-Z][\w.'’ -]{1,60}?) \((?P<outlet>[^()\n]{2,80})\):", re.M)

CONFIG = """baseURL = "/"
title = {title}
languageCode = "en"
disableKinds = ["rss"]
ignoreLogs = ["warning-goldmark-raw-html"]
[pagination]
  pagerSize = 100
[taxonomies]
  journalist = "journalists"
  outlet = "outlets"
[markup.goldmark.renderer]
  unsafe = false
"""

BASEOF = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }} · {{ site.Title }}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><header><a href="{{ "/" | relURL }}">{{ site.Title }}</a></header>
{{ block "main" . }}{{ end }}
</body></html>
"""

SINGLE = """{{ define "main" }}<main data-pagefind-body>
<h1>{{ .Title }}</h1>
<p><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time></p>
{{ with .GetTerms "journalists" }}<p>Journalists: {{ range . }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</p>{{ end }}
{{ with .GetTerms "outlets" }}<p>Outlets: {{ range . }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</p>{{ end }}
{{ .Content }}
</main>{{ end }}
"""

LIST = """{{ define "main" }}<main>
<h1>{{ .Title }}</h1>
{{ $pages := .RegularPagesRecursive }}{{ if .IsHome }}{{ $pages = site.RegularPages }}{{ end }}
{{ $pager := .Paginate $pages.ByDate.Reverse }}
<ul>{{ range $pager.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <time>{{ .Date.Format "2006-01-02" }}</time></li>{{ end }}</ul>
{{ with $pager.Prev }}<a href="{{ .URL }}">Newer</a>{{ end }} {{ with $pager.Next }}<a href="{{ .URL }}">Older</a>{{ end }}
</main>{{ end }}
"""

TAXONOMY = """{{ define "main" }}<main>
<h1>{{ .Title }}</h1>
<ul>{{ range .Data.Terms.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.LinkTitle }}</a> ({{ .Count }})</li>{{ end }}</ul>
</main>{{ end }}
"""


def toml_value(v):
    if isinstance(v, (datetime.date, datetime.datetime)):
        return v.isoformat()
    if isinstance(v, list):
        return "[" + ", ".join(toml_value(x) for x in v) + "]"
    return json.dumps(str(v), ensure_ascii=False)


def unique(items):
    seen, out = set(), []
    for x in items:
        x = " ".join(x.split())
        if x and x not in seen:
            seen.add(x)
            out.append(x)
    return out


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def main(src, out):
    with open(os.path.join(src, "site.toml"), "rb") as f:
        site = tomllib.load(f)
    write(os.path.join(out, "hugo.toml"), CONFIG.format(title=json.dumps(site.get("title", "Archive"), ensure_ascii=False)))
    write(os.path.join(out, "layouts", "baseof.html"), BASEOF)
    write(os.path.join(out, "layouts", "single.html"), SINGLE)
    write(os.path.join(out, "layouts", "list.html"), LIST)
    write(os.path.join(out, "layouts", "taxonomy.html"), TAXONOMY)
    target = os.path.join(out, "content", "briefings")
    os.makedirs(target, exist_ok=True)
    write(os.path.join(target, "_index.md"), '+++\ntitle = "Briefings"\n+++\n')

    pages = journalists = outlets = 0
    names, outlet_names = set(), set()
    content = os.path.join(src, "content")
    for root, _, files in os.walk(content):
        for name in sorted(files):
            if not name.endswith(".md"):
                continue
            text = open(os.path.join(root, name), encoding="utf-8").read()
            meta, body = {}, text
            if text.startswith("+++"):
                end = text.find("\n+++", 3)
                if end > 0:
                    meta = tomllib.loads(text[3:end])
                    body = text[end + 4:].lstrip("\n")
            labels = LABEL.findall(body)
            js = unique(n for n, _ in labels)
            os_ = unique(o for _, o in labels)
            names.update(js)
            outlet_names.update(os_)
            front = {"title": meta.get("title", name[:-3])}
            if "date" in meta:
                front["date"] = meta["date"]
            if meta.get("topics"):
                front["topics"] = meta["topics"]
            front["journalists"] = js
            front["outlets"] = os_
            lines = ["+++"] + [f"{k} = {toml_value(v)}" for k, v in front.items()] + ["+++", ""]
            rel = os.path.relpath(os.path.join(root, name), content).replace(os.sep, "-")
            with open(os.path.join(target, rel), "w", encoding="utf-8") as f:
                f.write("\n".join(lines))
                f.write(body)
            pages += 1
            journalists += len(js)
            outlets += len(os_)
    print(f"hugo_site: {pages} pages, {len(names)} journalists, {len(outlet_names)} outlets "
          f"({journalists} and {outlets} page-term links) in {out}", file=sys.stderr)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
