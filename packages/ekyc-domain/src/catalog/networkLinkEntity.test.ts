import fs from 'node:fs';
import path from 'node:path';
import {
  networkLinkEntityOf,
  networkLinkOfEntity,
  parseEnvironmentSpecYaml,
} from '..';

const example = (name: string, overrides: Record<string, unknown> = {}) =>
  parseEnvironmentSpecYaml(
    fs.readFileSync(
      path.resolve(__dirname, '../../../../examples', name),
      'utf8',
    ),
    name,
    overrides,
  );

describe('networkLinkEntityOf', () => {
  it('makes the BD site’s VPN a Resource depending on the site and its hub', () => {
    const entity = networkLinkEntityOf(example('sovereign-site-bd.yaml'));
    expect(entity).toMatchObject({
      kind: 'Resource',
      metadata: {
        name: 'bd-dhaka-1-link',
        namespace: 'ekyc-environments',
        annotations: {
          'pulumi.com/stack': 'ekyc-environments/bd-dhaka-1',
          'ekyc.io/country': 'BD',
          'ekyc.io/site': 'bd-dhaka-1',
          'ekyc.io/link-type': 'site-to-site-vpn',
          'ekyc.io/hub-environment': 'ap-southeast-1-primary',
          'ekyc.io/hub-region': 'ap-southeast-1',
          'ekyc.io/link-created-by': 'site',
        },
      },
      spec: {
        type: 'network-link',
        owner: 'group:default/ops-bd',
        dependsOn: [
          'resource:ekyc-environments/bd-dhaka-1',
          'resource:ekyc-environments/ap-southeast-1-primary',
        ],
      },
    });
    expect(entity?.metadata.description).toMatch(
      /^Site-to-site VPN \(2 customer gateways, two tunnels each\) between sovereign site bd-dhaka-1 \(BD\) and hub region environment ap-southeast-1-primary \(ap-southeast-1\), BGP ASN 65010, routing only 10\.40\.0\.0\/16\. Run by the site's network team/,
    );
    // Not read as a place of the site's data; the routers' public addresses are not
    // for every catalog reader.
    expect(entity?.metadata.annotations).not.toHaveProperty('ekyc.io/region');
    expect(JSON.stringify(entity)).not.toContain('203.0.113.10');
  });

  it('says the stack creates the link on target aws', () => {
    const entity = networkLinkEntityOf(
      example('sovereign-site-bd.yaml', { target: 'aws' }),
    );
    expect(entity?.metadata.annotations['ekyc.io/link-created-by']).toBe(
      'stack',
    );
    expect(entity?.metadata.description).toMatch(/Created by the site's stack/);
  });

  it('has none for a site without a hub, or a region', () => {
    const site = example('sovereign-site-bd.yaml');
    if (site.kind !== 'sovereign-site') throw new Error('not a site');
    const { hub: _hub, ...connectivity } = site.connectivity;
    expect(networkLinkEntityOf({ ...site, connectivity })).toBeUndefined();
    expect(
      networkLinkEntityOf(example('region-ap-southeast-1.yaml')),
    ).toBeUndefined();
  });

  it('reads its entity back, and names what a hand-written one lacks', () => {
    const entity = networkLinkEntityOf(example('sovereign-site-bd.yaml'))!;
    expect(networkLinkOfEntity(entity)).toEqual({
      site: 'bd-dhaka-1',
      country: 'BD',
      type: 'site-to-site-vpn',
      hubEnvironment: 'ap-southeast-1-primary',
      hubRegion: 'ap-southeast-1',
      createdBy: 'site',
    });
    const { ['ekyc.io/hub-region']: _hub, ...annotations } =
      entity.metadata.annotations;
    expect(
      networkLinkOfEntity({ ...entity, metadata: { annotations } }),
    ).toEqual({
      error: expect.stringContaining('annotation ekyc.io/hub-region: '),
    });
  });
});
