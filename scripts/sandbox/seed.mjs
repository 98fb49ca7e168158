#!/usr/bin/env node
// Applies the two example environments (the Singapore region, the Dhaka sovereign site)
// to the sandbox once, with scripts/ekyc-infra, and lists them in the portal's local
// catalog directory as the templates would, so that a first `make start` shows a fleet
// with workloads on it. An environment already listed is left alone.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const catalogDir = path.join(process.env.EKYC_SANDBOX_DIR, 'catalog');
const examples = ['region-ap-southeast-1.yaml', 'sovereign-site-bd.yaml'];

/** The entity the templates' catalog-info.yaml renders for an environment. */
function environmentEntity(spec, outputs) {
  const site = spec.kind === 'sovereign-site';
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: spec.id,
      namespace: 'ekyc-environments',
      title: site
        ? `Sovereign site ${spec.site} (${spec.country})`
        : `Region ${spec.region} (${spec.role})`,
      description: `eKYC ${
        spec.kind
      } applied to the local sandbox; serves ${spec.servesCountries.join(
        ', ',
      )}.`,
      annotations: {
        'pulumi.com/stack': `ekyc-environments/${spec.id}`,
        'ekyc.io/served-countries': spec.servesCountries.join(','),
        ...(site
          ? { 'ekyc.io/country': spec.country, 'ekyc.io/site': spec.site }
          : { 'ekyc.io/region': spec.region }),
        'backstage.io/kubernetes-id': spec.id,
        'backstage.io/kubernetes-namespace': outputs.namespace,
        'ekyc.io/api-endpoint': outputs.apiEndpoint,
      },
      tags: [spec.kind, ...spec.servesCountries.map(c => c.toLowerCase())],
    },
    spec: {
      type: site ? 'ekyc-sovereign-site' : 'ekyc-region',
      owner: spec.owner,
      system: 'default/ekyc',
    },
  };
}

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
  fs.writeFileSync(
    entityFile,
    `${JSON.stringify(environmentEntity(spec, result.outputs), null, 2)}\n`,
  );
}
