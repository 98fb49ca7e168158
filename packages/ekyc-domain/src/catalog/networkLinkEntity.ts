import { z } from 'zod';
import { EnvironmentSpec, linkTypeSchema } from '../spec/environmentSpec';
import {
  entityAnnotations,
  networkLinkAnnotations,
  networkLinkEntityType,
  pulumiProjectName,
} from '../vocabulary/vocabulary';

/** The link's name in the catalog: one per site. */
export function networkLinkName(siteId: string): string {
  return `${siteId}-link`;
}

const environmentRef = (id: string) => `resource:${pulumiProjectName}/${id}`;

/**
 * The catalog Resource of a sovereign site's link to its hub region, depending on both,
 * so that the catalog graph draws the map of sites and hubs; undefined for a region or
 * a site with no hub. On target aws the site's stack creates the link; on kubernetes
 * it records the link the site's network team runs. Router addresses stay in the
 * spec: the catalog is readable by everyone.
 */
export function networkLinkEntityOf(spec: EnvironmentSpec) {
  if (spec.kind !== 'sovereign-site') return undefined;
  const link = spec.connectivity;
  const hub = link.hub;
  if (!hub) return undefined;
  const createdBy = spec.target === 'aws' ? 'stack' : 'site';
  const routers = link.customerGatewayIps?.length ?? 0;
  const kind =
    link.type === 'direct-connect'
      ? 'Direct Connect transit interface'
      : `Site-to-site VPN (${routers || 'no'} customer gateway${
          routers === 1 ? '' : 's'
        }, two tunnels each)`;
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: networkLinkName(spec.id),
      namespace: pulumiProjectName,
      title: `Link ${spec.site} – ${hub.environment}`,
      description: `${kind} between sovereign site ${spec.site} (${
        spec.country
      }) and hub region environment ${hub.environment} (${
        hub.region
      }), BGP ASN ${link.bgpAsn}, routing only ${link.onPremCidrs.join(
        ', ',
      )}. ${
        createdBy === 'stack'
          ? "Created by the site's stack."
          : "Run by the site's network team; the site's stack records it."
      }`,
      annotations: {
        [entityAnnotations.stack]: `${pulumiProjectName}/${spec.id}`,
        [entityAnnotations.country]: spec.country,
        [entityAnnotations.site]: spec.site,
        [networkLinkAnnotations.type]: link.type,
        [networkLinkAnnotations.hubEnvironment]: hub.environment,
        [networkLinkAnnotations.hubRegion]: hub.region,
        [networkLinkAnnotations.createdBy]: createdBy,
      },
      tags: [networkLinkEntityType, link.type, spec.country.toLowerCase()],
    },
    spec: {
      type: networkLinkEntityType,
      owner: spec.owner,
      system: 'default/ekyc',
      dependsOn: [environmentRef(spec.id), environmentRef(hub.environment)],
    },
  };
}

const networkLinkSchema = z.object({
  site: z.string(),
  country: z.string(),
  type: linkTypeSchema,
  hubEnvironment: z.string(),
  hubRegion: z.string(),
  createdBy: z.enum(['stack', 'site']),
});

/** A site's link to its hub, as its network-link Resource records it. */
export type NetworkLink = z.infer<typeof networkLinkSchema>;

/** The annotation each field of a link is recorded in. */
const annotationOf: Record<keyof NetworkLink, string> = {
  site: entityAnnotations.site,
  country: entityAnnotations.country,
  type: networkLinkAnnotations.type,
  hubEnvironment: networkLinkAnnotations.hubEnvironment,
  hubRegion: networkLinkAnnotations.hubRegion,
  createdBy: networkLinkAnnotations.createdBy,
};

/**
 * Reads a network-link Resource back; an error names each annotation that is missing or
 * not what networkLinkEntityOf writes.
 */
export function networkLinkOfEntity(entity: {
  metadata: { annotations?: Record<string, string> };
}): NetworkLink | { error: string } {
  const annotations = entity.metadata.annotations ?? {};
  const parsed = networkLinkSchema.safeParse(
    Object.fromEntries(
      Object.entries(annotationOf).map(([field, annotation]) => [
        field,
        annotations[annotation],
      ]),
    ),
  );
  if (parsed.success) return parsed.data;
  return {
    error: parsed.error.issues
      .map(
        issue =>
          `annotation ${annotationOf[issue.path[0] as keyof NetworkLink]}: ${
            issue.message
          }`,
      )
      .join('; '),
  };
}
