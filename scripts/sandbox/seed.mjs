#!/usr/bin/env node
// Applies the two example environments (the Singapore region, the Dhaka sovereign site)
// to the sandbox once, with scripts/ekyc-infra, and lists the entity it prints (the one
// the templates register) in the portal's local catalog directory, so that a first
// `make start` shows a fleet with workloads on it; and lists the company topology's
// entity (examples/topology.yaml, validated), for the dashboard's topology view. An
// environment's entity already listed is left alone.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const catalogDir = path.join(process.env.EKYC_SANDBOX_DIR, 'catalog');
const examples = ['region-ap-southeast-1.yaml', 'sovereign-site-bd.yaml'];

for (const example of examples) {
  const specFile = path.join(repoRoot, 'examples', example);
  const spec = parse(fs.readFileSync(specFile, 'utf8'));
  const entityFile = path.join(catalogDir, spec.id, 'catalog-info.yaml');
  if (fs.existsSync(entityFile)) continue;
  console.error(`[sandbox] applying the example environment ${spec.id} (once)`);
  const result = JSON.parse(
    execFileSync(
      path.join(repoRoot, 'scripts/ekyc-infra'),
      ['up', specFile, '--json'],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
    ),
  );
  fs.mkdirSync(path.dirname(entityFile), { recursive: true });
  // JSON is YAML.
  fs.writeFileSync(entityFile, `${JSON.stringify(result.entity, null, 2)}\n`);
}

const topologyFile = path.join(catalogDir, 'ekyc-global', 'catalog-info.yaml');
// Written every time (validating touches nothing), so the entity follows the example
// and the entity's format.
const { entity: topologyEntity } = JSON.parse(
  execFileSync(
    path.join(repoRoot, 'scripts/ekyc-infra'),
    ['validate', path.join(repoRoot, 'examples/topology.yaml'), '--json'],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
  ),
);
fs.mkdirSync(path.dirname(topologyFile), { recursive: true });
fs.writeFileSync(topologyFile, `${JSON.stringify(topologyEntity, null, 2)}\n`);
