#!/usr/bin/env python3
"""The library's rooms must stack: no dependency circle between the folders of
Sources/RAGVault. An arrow A -> B means a Swift file in folder A names a type (or a
top-level function) declared in folder B. Prints the graph (--graph) and fails on a cycle,
naming the files that tie it. Comments and string literals are not references."""
import os, re, sys
from collections import defaultdict

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'Sources', 'RAGVault')
DECL = re.compile(r'^(?:public |package |internal |fileprivate |private |final |indirect |@\w+ )*'
                  r'(?:struct|class|enum|protocol|actor|typealias)\s+([A-Z]\w*)', re.M)
WORD = re.compile(r'(?<![.\w])([A-Z]\w*)\b')   # not after a dot: a member (DecodingError.Context)

def room(path):
    rel = os.path.relpath(path, ROOT).split(os.sep)
    return rel[0] if len(rel) > 1 else '.'

def strip(text):
    text = re.sub(r'"""(?:.|\n)*?"""', '""', text)          # multi-line strings
    text = re.sub(r'#"(?:[^"\\]|\\.)*"#', '""', text)          # raw strings
    text = re.sub(r'"(?:[^"\\\n]|\\.)*"', '""', text)          # strings
    text = re.sub(r'/\*(?:.|\n)*?\*/', '', text)               # block comments
    return re.sub(r'//[^\n]*', '', text)                       # line comments

files = {}
for base, _, names in os.walk(ROOT):
    for name in names:
        if name.endswith('.swift'):
            path = os.path.join(base, name)
            files[path] = strip(open(path, encoding='utf-8').read())

home = {}
for path, text in files.items():
    for name in DECL.findall(text):
        home.setdefault(name, room(path))

edges = defaultdict(lambda: defaultdict(set))   # room -> room -> {file: names}
for path, text in files.items():
    mine = room(path)
    for name in set(WORD.findall(text)):
        target = home.get(name)
        if target and target != mine:
            edges[mine][target].add((os.path.relpath(path, ROOT), name))

rooms = sorted(set(home.values()) | set(edges))
# Strongly connected components (Tarjan).
index, low, stack, on, comps, counter = {}, {}, [], set(), [], [0]
def visit(v):
    index[v] = low[v] = counter[0]; counter[0] += 1
    stack.append(v); on.add(v)
    for w in edges[v]:
        if w not in index:
            visit(w); low[v] = min(low[v], low[w])
        elif w in on:
            low[v] = min(low[v], index[w])
    if low[v] == index[v]:
        comp = []
        while True:
            w = stack.pop(); on.discard(w); comp.append(w)
            if w == v: break
        comps.append(sorted(comp))
for v in rooms:
    if v not in index: visit(v)

if '--graph' in sys.argv:
    for a in rooms:
        targets = sorted(edges[a])
        print(f'{a:10} -> {", ".join(targets) if targets else "(nothing)"}')
circles = [c for c in comps if len(c) > 1]
if not circles:
    order = [c[0] for c in comps]   # Tarjan emits sinks first: the floors from the ground up
    print('folders stack (ground first): ' + ' < '.join(order))
    sys.exit(0)
for circle in circles:
    print('dependency circle between folders: ' + ', '.join(circle))
    for a in circle:
        for b in sorted(edges[a]):
            if b in circle:
                ties = sorted(edges[a][b])[:4]
                print(f'  {a} -> {b}: ' + '; '.join(f'{f} names {n}' for f, n in ties))
sys.exit(1)
