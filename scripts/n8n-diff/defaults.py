#!/usr/bin/env python3
"""Records n8n's parameter defaults for the node types Hetumind has, per node version.

n8n exports leave out every parameter left at its default, so an imported workflow runs with *our* defaults: a
default that differs from n8n's silently changes what the workflow does. This script reads n8n's own node
descriptions (`dist/types/nodes.json` of n8n-nodes-base and @n8n/n8n-nodes-langchain, the versions n8n 2.8.4 ships)
and writes, for every n8n type Hetumind aliases, the default of each top-level parameter at each version; the CLI's
`N8nDefaultsTest` compares every descriptor against that file in the normal test suite (no n8n needed).

    scripts/n8n-diff/defaults.py [--n8n DIR] [--ours FILE] [--out FILE]

DIR holds `n8n-nodes-base/` and `@n8n/n8n-nodes-langchain/` (default: `scripts/n8n-diff/.n8n/node_modules`, what
`n8n-diff install` puts there; `npm pack n8n-nodes-base@2.8.1` unpacked works too). FILE (ours) is the designer's
fixture, every descriptor the CLI knows (`frontend/scripts/node-types-fixture.sh`), read for its n8n aliases only.

A parameter whose entries visible at one version carry different defaults (n8n shows one or the other by another
parameter, or never: an entry may wait for a parameter that version lacks) is recorded with all of them, in the order
n8n lists them; the test then asks that each default of ours be one of them.
"""
import argparse
import json
import os
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
PACKAGES = {
    'n8n-nodes-base.': 'n8n-nodes-base',
    '@n8n/n8n-nodes-langchain.': os.path.join('@n8n', 'n8n-nodes-langchain'),
}


def version_key(v):
    """A version as n8n writes it: 1, 1.1, 2.2 (never 2.0)."""
    return ('%.4f' % v).rstrip('0').rstrip('.')


def matches(version, cond):
    """n8n's @version display condition: a number or {_cnd: {eq|not|gte|lte|gt|lt|between: …}}."""
    if isinstance(cond, (int, float)):
        return version == cond
    c = cond.get('_cnd') if isinstance(cond, dict) else None
    if not c:
        return False
    (op, value), = c.items()
    if op == 'eq':
        return version == value
    if op == 'not':
        return version != value
    if op == 'gte':
        return version >= value
    if op == 'lte':
        return version <= value
    if op == 'gt':
        return version > value
    if op == 'lt':
        return version < value
    if op == 'between':
        return value['from'] <= version <= value['to']
    raise ValueError('unknown @version condition %r' % cond)


def visible(prop, version):
    shown = prop.get('displayOptions', {}).get('show', {}).get('@version')
    hidden = prop.get('displayOptions', {}).get('hide', {}).get('@version')
    if shown is not None and not any(matches(version, c) for c in shown):
        return False
    if hidden is not None and any(matches(version, c) for c in hidden):
        return False
    return True


def defaults(entry, version):
    out = {}
    for prop in entry.get('properties', []):
        if prop.get('type') == 'notice' or 'default' not in prop or not visible(prop, version):
            continue
        seen = out.setdefault(prop['name'], [])
        # by JSON text: Python's `in` takes 0 for False
        if json.dumps(prop['default'], sort_keys=True) not in [json.dumps(d, sort_keys=True) for d in seen]:
            seen.append(prop['default'])
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--n8n', default=os.path.join(ROOT, 'scripts', 'n8n-diff', '.n8n', 'node_modules'))
    ap.add_argument('--ours', default=os.path.join(ROOT, 'frontend', 'src', 'forms', '__fixtures__', 'node-types.json'))
    ap.add_argument('--out', default=os.path.join(ROOT, 'cli', 'src', 'test', 'resources', 'n8n-defaults.json'))
    args = ap.parse_args()

    entries = {}
    recorded_from = []
    for prefix, folder in PACKAGES.items():
        package = os.path.join(args.n8n, folder)
        with open(os.path.join(package, 'package.json')) as f:
            meta = json.load(f)
        recorded_from.append('%s %s' % (meta['name'], meta['version']))
        with open(os.path.join(package, 'dist', 'types', 'nodes.json')) as f:
            for entry in json.load(f):
                entries.setdefault(prefix + entry['name'], []).append(entry)

    with open(args.ours) as f:
        aliases = sorted({a for d in json.load(f) for a in d.get('aliases', []) if a in entries or a.endswith('Tool')})

    types = {}
    for alias in aliases:
        if alias not in entries:
            continue  # a tool variant n8n makes at run time (…Tool): it has its node's parameters
        per_version = {}
        for entry in entries[alias]:
            versions = entry['version'] if isinstance(entry['version'], list) else [entry['version']]
            for v in versions:
                per_version[version_key(v)] = defaults(entry, v)
        types[alias] = dict(sorted(per_version.items(), key=lambda kv: float(kv[0])))

    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, 'w') as f:
        json.dump({'recordedFrom': ', '.join(recorded_from), 'types': types}, f, indent=1, sort_keys=False,
                  ensure_ascii=False)
        f.write('\n')
    print('%d n8n node types, %d versions -> %s' % (
        len(types), sum(len(v) for v in types.values()), os.path.relpath(args.out, ROOT)), file=sys.stderr)


if __name__ == '__main__':
    main()
