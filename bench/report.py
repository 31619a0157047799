#!/usr/bin/env python3
"""Markdown tables from the runs.tsv that bench/compare.sh writes, or from
the JSON that bench/measure.mjs writes (the search benchmark).

    python3 bench/report.py WORK/runs.tsv
    python3 bench/report.py --search bench/search-runs/10000-format5.json [bench/search-runs/10000-format5-50ms.json]

Per round, "hugo + pagefind" is the sum of the two wall (and CPU) times and
the larger of the two peak RSS; its output size is Hugo's output folder
after Pagefind added its bundle. Ratios are pressroom / (hugo + pagefind),
per round, and the summary gives their median.
"""
import csv
import json
import statistics
import sys


def fb(r):
    """Sum of file sizes, when runs.tsv has it."""
    return mb(int(r["file_bytes"])) if r.get("file_bytes") else "–"


def mb(x):
    return f"{x / 1e6:,.0f}" if x >= 1e7 else f"{x / 1e6:,.1f}"


def main(path):
    rows = list(csv.DictReader(open(path), delimiter="\t"))
    rounds = {}
    for r in rows:
        rounds.setdefault(int(r["round"]), {})[r["tool"]] = r
    print("| round | tool | wall s | CPU s (user+sys) | peak RSS MB | output MB (du -sb) | files MB | files | load (1 min) |")
    print("|---:|---|---:|---:|---:|---:|---:|---:|---:|")
    ratios, cpu_ratios = [], []
    med = {k: [] for k in ("pr_wall", "pr_cpu", "pr_rss", "hp_wall", "hp_cpu", "hp_rss", "h_wall", "p_wall")}
    sizes = {}
    for n in sorted(rounds):
        t = rounds[n]
        for tool in ("pressroom", "hugo", "pagefind"):
            if tool in t:
                r = t[tool]
                print(f"| {n} | {tool} | {float(r['wall_s']):.2f} | {float(r['cpu_s']):.2f} | {int(r['rss_kb']) / 1024:,.0f} "
                      f"| {mb(int(r['bytes']))} | {fb(r)} | {int(r['files']):,} | {r['load1']} |")
        if all(k in t for k in ("pressroom", "hugo", "pagefind")):
            p, h, f = t["pressroom"], t["hugo"], t["pagefind"]
            hp_wall = float(h["wall_s"]) + float(f["wall_s"])
            hp_cpu = float(h["cpu_s"]) + float(f["cpu_s"])
            ratios.append(float(p["wall_s"]) / hp_wall)
            cpu_ratios.append(float(p["cpu_s"]) / hp_cpu if hp_cpu else float("nan"))
            med["pr_wall"].append(float(p["wall_s"]))
            med["pr_cpu"].append(float(p["cpu_s"]))
            med["pr_rss"].append(int(p["rss_kb"]))
            med["hp_wall"].append(hp_wall)
            med["hp_cpu"].append(hp_cpu)
            med["hp_rss"].append(max(int(h["rss_kb"]), int(f["rss_kb"])))
            med["h_wall"].append(float(h["wall_s"]))
            med["p_wall"].append(float(f["wall_s"]))
            sizes = {"pressroom": (int(p["bytes"]), int(p["files"]), fb(p)), "hugo + pagefind": (int(f["bytes"]), int(f["files"]), fb(f))}
    if not ratios:
        return
    m = {k: statistics.median(v) for k, v in med.items()}
    print()
    print("| median of rounds | wall s | CPU s | peak RSS MB | output MB (du -sb) | files MB | files |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    print(f"| pressroom | {m['pr_wall']:.2f} | {m['pr_cpu']:.2f} | {m['pr_rss'] / 1024:,.0f} | {mb(sizes['pressroom'][0])} | {sizes['pressroom'][2]} | {sizes['pressroom'][1]:,} |")
    print(f"| hugo + pagefind | {m['hp_wall']:.2f} (hugo {m['h_wall']:.2f}, pagefind {m['p_wall']:.2f}) | {m['hp_cpu']:.2f} "
          f"| {m['hp_rss'] / 1024:,.0f} | {mb(sizes['hugo + pagefind'][0])} | {sizes['hugo + pagefind'][2]} | {sizes['hugo + pagefind'][1]:,} |")
    print()
    print(f"**Median ratio pressroom / (hugo + pagefind): wall {statistics.median(ratios):.2f}, CPU {statistics.median(cpu_ratios):.2f}** "
          f"(per round, wall: {', '.join(f'{x:.2f}' for x in ratios)}; CPU: {', '.join(f'{x:.2f}' for x in cpu_ratios)})")


def kb(n):
    return f"{n / 1000:.0f}"


def search_report(path, slow_path=None):
    """The per-query table and the summary line of one bench/measure.mjs run
    (and of a run of the same queries with LATENCY, its times in a column
    of their own)."""
    d = json.load(open(path))
    slow = {r["q"]: r for r in json.load(open(slow_path))["runs"]} if slow_path else {}
    rel = {r["q"]: r for r in d["relevance"]}
    single = any("sameAsSingle" in r for r in d["relevance"])
    yes = lambda b: "yes" if b else "no"
    typed = all("typed" in r for r in d["runs"])
    runs = d["runs"]
    if d.get("latency"):
        print(f"Every request {d['latency']} ms longer (Chromium's network throttling).")
        print()
    lat = json.load(open(slow_path)).get("latency", 0) if slow_path else 0
    print("| query | first query: KB sent (raw) | requests (manifest+shards+term files+blocks+results) | rounds | index KB | ms "
          + (f"| ms, {lat} ms a request " if slow else "")
          + "| typed: ms (KB sent) | next query: KB sent | ms | same query again, ms | proven | top = exact | top 10 = exact | top = one index |")
    print("|---|---|---|---|---|---|" + ("---|" if slow else "") + "---|---|---|---|---|---|---|---|")
    for r in runs:
        f, x = r["first"], rel[r["q"]]
        t = f"{r['typed']['ms']} ({kb(r['typed']['sent'])})" if typed else "–"
        other = f["requests"] - f["shards"] - f["terms"] - f["blocks"] - f["results"]
        sl = f"| {slow[r['q']]['first']['ms']} " if slow else ""
        print(f"| {r['q']} | {kb(f['sent'])} ({kb(f['raw'])}) | {f['requests']} ({other}+{f['shards']}+{f['terms']}+{f['blocks']}+{f['results']}) "
              f"| {f.get('rounds', '–')} | {kb(f['indexBytes'])} | {f['ms']} {sl}| {t} | {kb(r['next']['sent'])} | {r['next']['ms']} | {r['warmMs']} "
              f"| {yes(x['proven'])} | {yes(x['sameAsExact'])} | {yes(x['top10'] == x['exactTop10'])} | {yes(x['sameAsSingle']) if single else 'n/a'} |")
    med = statistics.median
    sent = [r["first"]["sent"] for r in runs]
    ms = [r["first"]["ms"] for r in runs]
    req = [r["first"]["requests"] for r in runs]
    rounds = [r["first"].get("rounds", 0) for r in runs]
    exact = sum(x["sameAsExact"] for x in d["relevance"])
    proven = sum(x["proven"] for x in d["relevance"])
    line = (f"First query: median {kb(med(sent))} KB, max {kb(max(sent))} KB sent ({sum(s > 150000 for s in sent)} above 150 KB); "
            f"median {med(ms):.0f} ms, max {max(ms)} ms; {med(req):.0f} requests median, {max(req)} max ({sum(q > 12 for q in req)} above 12); "
            f"{med(rounds):.0f} rounds of requests median, {max(rounds)} max; same query again median {med([r['warmMs'] for r in runs]):.0f} ms. ")
    if slow:
        sms = [slow[r["q"]]["first"]["ms"] for r in runs]
        line += f"With {lat} ms a request: median {med(sms):.0f} ms, max {max(sms)} ms. "
    if typed:
        tms = [r["typed"]["ms"] for r in runs]
        tsent = [r["typed"]["sent"] for r in runs]
        line += (f"Typed (Enter after the last key): median {med(tms):.0f} ms, max {max(tms)} ms; "
                 f"median {kb(med(tsent))} KB, max {kb(max(tsent))} KB sent. ")
    line += f"First ten proven: {proven}/{len(runs)}; top result equal to the exact ranking: {exact}/{len(runs)}"
    if single:
        line += f"; to one classic index: {sum(x['sameAsSingle'] for x in d['relevance'])}/{len(runs)}"
    print()
    print(line + ".")


if __name__ == "__main__":
    if sys.argv[1] == "--search":
        search_report(sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else None)
    else:
        main(sys.argv[1])
