#!/usr/bin/env node
// For packages that ship platform binaries as optionalDependencies (@swc/core,
// @rspack/binding, rollup, unrs-resolver), the registry reachable here may lack some
// platform packages of the newest versions, and yarn then fails resolution with YN0082.
// This prints, per package and semver range, the newest version whose every optional
// platform package is present, so the root package.json can pin it in `resolutions`.
//
// usage: node scripts/maintenance/find-complete-versions.mjs '@swc/core@^1.3.46' ...
import { execFileSync } from 'node:child_process';

const registry = execFileSync('npm', ['config', 'get', 'registry'], {
  encoding: 'utf8',
  stderr: 'ignore',
})
  .trim()
  .replace(/\/$/, '');

const packuments = new Map();
async function packument(name) {
  if (!packuments.has(name)) {
    const url = `${registry}/${name.replace('/', '%2f')}`;
    packuments.set(
      name,
      fetch(url, { headers: { accept: 'application/json' } }).then(r =>
        r.ok ? r.json() : undefined,
      ),
    );
  }
  return packuments.get(name);
}

function parse(v) {
  const m = /^(\d+)\.(\d+)\.(\d+)(-.*)?$/.exec(v);
  return m
    ? { major: +m[1], minor: +m[2], patch: +m[3], pre: m[4] }
    : undefined;
}

// Enough of semver for caret and tilde ranges of release versions.
function satisfies(version, range) {
  const v = parse(version);
  if (!v || v.pre) return false;
  const op = range[0] === '^' || range[0] === '~' ? range[0] : '=';
  const r = parse(op === '=' ? range : range.slice(1));
  if (!r) return false;
  const cmp = v.major - r.major || v.minor - r.minor || v.patch - r.patch;
  if (cmp < 0) return false;
  if (op === '=') return cmp === 0;
  if (op === '~') return v.major === r.major && v.minor === r.minor;
  if (r.major > 0) return v.major === r.major;
  return v.major === 0 && v.minor === r.minor;
}

async function isComplete(doc, version) {
  const optional = doc.versions[version].optionalDependencies ?? {};
  for (const [dep, want] of Object.entries(optional)) {
    const depDoc = await packument(dep);
    const versions = Object.keys(depDoc?.versions ?? {});
    if (!versions.some(v => v === want || satisfies(v, want))) return false;
  }
  return true;
}

for (const spec of process.argv.slice(2)) {
  const at = spec.lastIndexOf('@');
  const name = spec.slice(0, at);
  const range = spec.slice(at + 1);
  const doc = await packument(name);
  const candidates = Object.keys(doc.versions)
    .filter(v => satisfies(v, range))
    .sort((a, b) => {
      const x = parse(a);
      const y = parse(b);
      return y.major - x.major || y.minor - x.minor || y.patch - x.patch;
    });
  let found;
  for (const version of candidates) {
    if (await isComplete(doc, version)) {
      found = version;
      break;
    }
  }
  console.log(
    `${name}\t${range}\tnewest=${candidates[0]}\tcomplete=${found ?? 'none'}`,
  );
}
