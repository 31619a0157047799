#!/usr/bin/env python3
"""Turn ../shared/corpora/wh-briefings (Markdown with YAML front matter) into
a pressroom archive: site.toml and content/*.md with TOML front matter.

    python3 bench/wh_archive.py /work/shared/corpora/wh-briefings /tmp/wh
    pressroom build --root /tmp/wh --output /tmp/wh-site
"""
import json
import os
import re
import sys


def yaml_scalar(value):
    value = value.strip()
    if value.startswith('"') and value.endswith('"'):
        # YAML double quotes: JSON escapes plus \_ (no-break space) and friends.
        inner = value[1:-1].replace('\\_', '\u00a0').replace('\\ ', ' ').replace("\\'", "'")
        try:
            return json.loads('"' + inner + '"')
        except ValueError:
            return inner
    if value.startswith("'") and value.endswith("'"):
        return value[1:-1].replace("''", "'")
    return value


def toml_string(s):
    return json.dumps(s, ensure_ascii=False)


def main(src, out):
    content = os.path.join(out, 'content')
    os.makedirs(content, exist_ok=True)
    count = 0
    for root, _, files in sorted(os.walk(src)):
        for name in sorted(files):
            if not name.endswith('.md') or name == 'README.md':
                continue
            text = open(os.path.join(root, name), encoding='utf-8').read()
            meta, body = {}, text
            m = re.match(r'---\n(.*?)\n---\n', text, re.S)
            if m:
                body = text[m.end():]
                for line in m.group(1).splitlines():
                    key, sep, value = line.partition(':')
                    if sep and not line.startswith(' '):
                        meta[key.strip()] = yaml_scalar(value)
            front = ['+++', 'title = ' + toml_string(meta.get('title', name[:-3]).replace('\u00a0', ' '))]
            date = str(meta.get('date', ''))[:10]
            if re.fullmatch(r'\d{4}-\d{2}-\d{2}', date):
                front.append('date = ' + date)
            if meta.get('source_url'):
                front.append('source = ' + toml_string(meta['source_url']))
            front.append('+++')
            # Keep names unique across the corpus's folders.
            folder = os.path.relpath(root, src).split(os.sep)[0]
            target = os.path.join(content, f'{name[:-3]}-{folder}.md' if folder != '.' else name)
            with open(target, 'w', encoding='utf-8') as f:
                f.write('\n'.join(front) + '\n' + body)
            count += 1
    with open(os.path.join(out, 'site.toml'), 'w', encoding='utf-8') as f:
        f.write('title = "White House Briefings 2021-2025"\n'
                'description = "The wh-briefings corpus (CC0), for benchmarks."\n'
                'base_url = "/"\nlanguage = "en"\noutput = "public"\n')
    print(f'wrote {count} transcripts into {out}', file=sys.stderr)


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])
