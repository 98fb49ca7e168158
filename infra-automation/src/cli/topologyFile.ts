import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import {
  describeLocation,
  edgesOf,
  parseTopologySpec,
  TopologySpec,
} from '@internal/ekyc-domain';

/** Whether a YAML document is a topology rather than an environment spec. */
export function isTopologyDocument(document: unknown): boolean {
  return (
    document !== null &&
    typeof document === 'object' &&
    (document as { kind?: unknown }).kind === 'topology'
  );
}

/**
 * Reads a topology file: its `environments` are spec files (relative to it) or specs
 * written inline; then the whole is validated, residency over every edge included.
 */
export function readTopologyFile(
  file: string,
  document: unknown,
): TopologySpec {
  const dir = path.dirname(file);
  const raw = document as { environments?: unknown };
  const environments = Array.isArray(raw.environments)
    ? raw.environments.map(entry => {
        if (typeof entry !== 'string') return entry;
        const specFile = path.resolve(dir, entry);
        try {
          return parseYaml(fs.readFileSync(specFile, 'utf8'));
        } catch (error) {
          throw new Error(
            `${file}: environments names ${entry}, which cannot be read as YAML (${
              (error as Error).message
            })`,
          );
        }
      })
    : raw.environments;
  return parseTopologySpec({ ...raw, environments }, file);
}

/** Who serves each country and where its data may travel, for a person. */
export function describeTopology(topology: TopologySpec): string {
  const environments = new Map(topology.environments.map(e => [e.id, e]));
  return Object.entries(topology.countries)
    .flatMap(([country, placement]) => {
      if (!placement) return [];
      const edges = edgesOf(placement, environments).map(edge =>
        edge.kind === 'replica'
          ? `    replica at ${edge.to}`
          : `    ${edge.kind} → ${edge.to}: ${describeLocation(edge.location)}`,
      );
      return [
        `  ${country}: ${placement.primary}${
          placement.failover.length
            ? `, failing over to ${placement.failover.join(', ')} (${
                placement.routing
              })`
            : ''
        }`,
        ...edges,
      ];
    })
    .join('\n');
}
