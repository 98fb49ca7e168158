import path from 'node:path';
import { parseEnvironmentSpec } from '@internal/ekyc-domain';
import { readTicketTemplate } from './issueFormFiles';
import { specOfTemplate } from './ticketPreview';
import { sylhetSiteValues } from './__testUtils__/sylhetSite';

const repoRoot = path.resolve(__dirname, '../../../..');

const values = sylhetSiteValues;

describe('specOfTemplate', () => {
  const template = readTicketTemplate(repoRoot, 'sovereign-site');

  it("builds the spec the template's own steps build, which the spec schema accepts", () => {
    const spec = parseEnvironmentSpec(specOfTemplate(template, values));
    expect(spec).toMatchObject({
      kind: 'sovereign-site',
      id: 'bd-sylhet-1',
      country: 'BD',
      gpuPool: {
        gpuProduct: 'NVIDIA-A10',
        gpusPerNode: 4,
        minNodes: 1,
        maxNodes: 2,
      },
      connectivity: {
        bgpAsn: 65011,
        onPremCidrs: ['10.41.0.0/16', '10.42.0.0/16'],
      },
    });
  });

  it('lets the spec schema refuse a replica abroad, by field', () => {
    expect(() =>
      parseEnvironmentSpec(
        specOfTemplate(template, {
          ...values,
          replicateTo: [{ type: 'cloud-region', region: 'ap-southeast-1' }],
        }),
      ),
    ).toThrow(/database\.replicateTo\.0.*Bangladesh \(BD\) rule "in-country"/s);
  });
});
