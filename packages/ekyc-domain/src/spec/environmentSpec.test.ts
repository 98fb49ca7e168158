import fs from 'node:fs';
import path from 'node:path';
import {
  environmentSpecJsonSchema,
  parseEnvironmentSpec,
  parseEnvironmentSpecYaml,
  SpecValidationError,
} from '..';

const examples = path.resolve(__dirname, '../../../../examples');
const readExample = (name: string) =>
  fs.readFileSync(path.join(examples, name), 'utf8');

const bdSite = () =>
  parseEnvironmentSpecYaml(readExample('sovereign-site-bd.yaml')) as any;

function specError(input: unknown): SpecValidationError {
  try {
    parseEnvironmentSpec(input);
  } catch (error) {
    if (error instanceof SpecValidationError) return error;
    throw error;
  }
  throw new Error('the spec was accepted');
}

describe('EnvironmentSpec', () => {
  it.each(['sovereign-site-bd.yaml', 'region-ap-southeast-1.yaml'])(
    'accepts the example %s',
    name => {
      const spec = parseEnvironmentSpecYaml(readExample(name), name);
      expect(spec.id).toMatch(/^[a-z]/);
    },
  );

  it('fills defaults: no database replicas', () => {
    const input = bdSite();
    delete input.database.replicateTo;
    const spec = parseEnvironmentSpec(input);
    expect(spec.database.replicateTo).toEqual([]);
  });

  it('refuses a link field it does not know, rather than dropping it', () => {
    const input = bdSite();
    // Once accepted and ignored: the VPN's redundancy is not a setting.
    input.connectivity.redundantTunnels = 4;
    input.connectivity.customerGatewayIp = '203.0.113.10';
    expect(specError(input).issues).toEqual([
      {
        field: 'connectivity',
        message:
          'has no field "redundantTunnels", "customerGatewayIp": remove it, or correct its spelling',
      },
    ]);
  });

  it('refuses the same customer gateway twice', () => {
    const input = bdSite();
    input.connectivity.customerGatewayIps = ['203.0.113.10', '203.0.113.10'];
    const [issue] = specError(input).issues;
    expect(issue.field).toBe('connectivity.customerGatewayIps');
    expect(issue.message).toMatch(/each router once/);
  });

  it('refuses a hub that is not an environment id, naming the field', () => {
    const input = bdSite();
    input.connectivity.hub = {
      region: 'ap-southeast-1',
      environment: '../ap-southeast-1-primary',
    };
    const { issues } = specError(input);
    expect(issues.map(issue => issue.field)).toEqual([
      'connectivity.hub.environment',
    ]);
  });

  it('names each bad field and how to fix it', () => {
    const input = bdSite();
    input.id = 'BD_Dhaka';
    input.gpuPool.minNodes = 5;
    input.gpuPool.maxNodes = 2;
    input.connectivity.bgpAsn = 7018;
    input.connectivity.onPremCidrs = ['10.40.0.0/33'];
    const error = specError(input);
    expect(error.kind).toBe('validation');
    const fields = error.issues.map(i => i.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        'id',
        'gpuPool.minNodes',
        'connectivity.bgpAsn',
        'connectivity.onPremCidrs.0',
      ]),
    );
    expect(error.message).toContain('id: id must be lowercase letters');
    expect(error.message).toContain('raise maxNodes or lower minNodes');
    expect(error.message).toContain('private BGP ASN');
  });

  it.each([
    ['0.0.0.0/0', 'a default route'],
    ['8.8.8.0/24', 'a public range'],
    ['10.0.0.0/7', 'wider than /8'],
    ['172.32.0.0/16', 'just outside 172.16.0.0/12'],
    ['100.128.0.0/10', 'just outside 100.64.0.0/10'],
  ])('refuses the on-prem network %s (%s), naming the private ranges', cidr => {
    const input = bdSite();
    input.connectivity.onPremCidrs = [cidr];
    const [issue] = specError(input).issues;
    expect(issue.field).toBe('connectivity.onPremCidrs.0');
    expect(issue.message).toMatch(
      /^must be a private network \(inside 10\.0\.0\.0\/8, 172\.16\.0\.0\/12, 192\.168\.0\.0\/16, 100\.64\.0\.0\/10\), no wider than \/8/,
    );
  });

  it.each(['10.0.0.0/8', '172.31.8.0/22', '192.168.4.0/24', '100.64.0.0/10'])(
    'accepts the private on-prem network %s',
    cidr => {
      const input = bdSite();
      input.connectivity.onPremCidrs = [cidr];
      expect(() => parseEnvironmentSpec(input)).not.toThrow();
    },
  );

  it.each([
    ['owner', 'group:default/ops-bd-', 'ending in "-"'],
    ['owner', `group:default/${'a'.repeat(64)}`, 'longer than a label value'],
    ['owner', 'group:default/ops-bd\nkind: User', 'carrying YAML'],
    ['costCenter', 'EKYC-BD-', 'ending in "-"'],
    ['costCenter', 'EKYC BD', 'with a space'],
  ])('refuses %s %j (%s): it must be a valid label value', (field, value) => {
    const input = bdSite();
    input[field] = value;
    const [issue] = specError(input).issues;
    expect(issue.field).toBe(field);
    expect(issue.message).toMatch(/starting and ending with a letter or digit/);
  });

  it('keeps backups 14 days unless told, and no longer than Aurora allows', () => {
    expect(parseEnvironmentSpec(bdSite()).database.backupRetentionDays).toBe(
      14,
    );
    const input = bdSite();
    input.database.backupRetentionDays = 90;
    expect(specError(input).issues).toEqual([
      {
        field: 'database.backupRetentionDays',
        value: 90,
        message: 'must be at most 35: lower it',
      },
    ]);
  });

  it('requires the location of the primary for a replica', () => {
    const input = bdSite();
    input.database.role = 'replica';
    const error = specError(input);
    expect(error.issues).toEqual([
      {
        field: 'database.replicaOf',
        message: expect.stringContaining('a replica needs replicaOf'),
      },
      {
        field: 'database.primary',
        message: expect.stringContaining(
          'a replica needs primary: the environment it follows and the countries that environment serves',
        ),
      },
    ]);
  });

  it("refuses an Aurora global secondary where a country its primary serves may not keep data, naming the edge and each country's rule", () => {
    const input = parseEnvironmentSpecYaml(
      readExample('region-ap-southeast-1.yaml'),
    ) as any;
    Object.assign(input, {
      id: 'jakarta-standby',
      target: 'aws',
      region: 'ap-southeast-3',
      role: 'secondary',
      servesCountries: ['ID'],
    });
    delete input.cluster;
    input.database = {
      ...input.database,
      role: 'replica',
      replicateTo: [],
      replicaOf: { type: 'cloud-region', region: 'ap-southeast-1' },
      primary: {
        environment: 'ap-southeast-1-primary',
        servesCountries: ['SG', 'ID'],
      },
    };
    const error = specError(input);
    expect(error.kind).toBe('residency');
    const refused = error.issues.filter(
      i => i.field === 'database.primary.servesCountries',
    );
    expect(refused.length).toBeGreaterThan(0);
    for (const issue of refused) {
      expect(issue.message).toMatch(
        /^ap-southeast-1-primary → jakarta-standby \(Aurora global secondary\): Singapore \(SG\) rule /,
      );
    }
    // Indonesia's own rule allows Jakarta: nothing is said of ID.
    expect(error.issues.some(i => i.message.includes('(ID)'))).toBe(false);
    input.database.primary.servesCountries = ['ID'];
    expect(parseEnvironmentSpec(input).database.primary).toEqual({
      environment: 'ap-southeast-1-primary',
      servesCountries: ['ID'],
    });
  });

  it('refuses an Aurora global secondary in its primary’s own region, or off aws', () => {
    const input = parseEnvironmentSpecYaml(
      readExample('region-us-west-2.yaml'),
    ) as any;
    expect(parseEnvironmentSpec(input).database.role).toBe('replica');
    expect(
      specError({ ...input, region: 'us-east-1' }).issues.map(i => i.field),
    ).toEqual(['database.replicaOf']);
    expect(
      specError({ ...input, target: 'kubernetes', cluster: 'us-cluster' })
        .issues,
    ).toEqual([
      {
        field: 'database.role',
        message:
          'a replica is an Aurora global secondary, which only target aws creates: set target: aws, or role: primary',
      },
    ]);
  });

  it('rejects a BD sovereign site replicating its database to Singapore, naming the rule', () => {
    const input = bdSite();
    input.database.replicateTo = [
      { type: 'cloud-region', region: 'ap-southeast-1' },
    ];
    const error = specError(input);
    expect(error.kind).toBe('residency');
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0].field).toBe('database.replicateTo.0');
    expect(error.issues[0].message).toContain(
      'Bangladesh (BD) rule "in-country"',
    );
    expect(error.issues[0].message).toContain(
      'database replica at cloud region ap-southeast-1',
    );
  });

  it('rejects a Singapore region that serves Vietnam', () => {
    const input = parseEnvironmentSpecYaml(
      readExample('region-ap-southeast-1.yaml'),
    ) as any;
    input.servesCountries = ['SG', 'VN'];
    const error = specError(input);
    expect(error.kind).toBe('residency');
    expect(error.issues.map(i => i.field)).toEqual(['region', 'region']);
    expect(error.issues[0].message).toContain('Vietnam (VN)');
  });

  it('counts a replica of a sovereign site as holding that country\u2019s data', () => {
    const input = parseEnvironmentSpecYaml(
      readExample('region-ap-southeast-1.yaml'),
    ) as any;
    input.role = 'secondary';
    input.target = 'aws';
    delete input.cluster;
    input.database.role = 'replica';
    input.database.replicaOf = {
      type: 'sovereign-site',
      country: 'BD',
      site: 'bd-dhaka-1',
    };
    input.database.primary = {
      environment: 'bd-dhaka-1',
      servesCountries: ['BD'],
    };
    const error = specError(input);
    expect(error.kind).toBe('residency');
    expect(error.issues[0].message).toContain('Bangladesh (BD)');
  });

  it('reports YAML that does not parse as a validation error', () => {
    expect(() => parseEnvironmentSpecYaml('kind: [', 'bad.yaml')).toThrow(
      /bad.yaml: the environment spec is not valid:\n {2}- \(spec\): is not valid YAML/,
    );
  });

  describe('names the field, the value, what is allowed and the fix', () => {
    it('refuses an unknown country on the field that holds it, listing the known codes', () => {
      const input = bdSite();
      input.servesCountries = ['BD', 'XX'];
      const error = specError(input);
      expect(error.kind).toBe('validation');
      expect(error.issues).toEqual([
        {
          field: 'servesCountries.1',
          value: 'XX',
          message: expect.stringContaining(
            'one of BD, ID, VN, MY, TH, PH, SG, US, CA, MX',
          ),
        },
      ]);
      expect(error.message).toContain('servesCountries.1: must be the ISO');
      expect(error.message).toContain('(is "XX")');
      expect(error.message).not.toContain('@internal/');
    });

    it('lists the allowed GPUs per node', () => {
      const input = bdSite();
      input.gpuPool.gpusPerNode = 1000;
      const [issue] = specError(input).issues;
      expect(issue).toEqual({
        field: 'gpuPool.gpusPerNode',
        value: 1000,
        message: 'must be one of 1, 2, 4, 8',
      });
    });

    it('lists the allowed values of an enumeration', () => {
      const input = bdSite();
      input.gpuPool.gpuProduct = 'RTX-4090';
      const [issue] = specError(input).issues;
      expect(issue.field).toBe('gpuPool.gpuProduct');
      expect(issue.message).toContain('"NVIDIA-L4", "NVIDIA-A10"');
    });

    it('says a missing field is required and what to set it to', () => {
      const input = bdSite();
      delete input.costCenter;
      expect(specError(input).issues).toEqual([
        { field: 'costCenter', message: 'is required: set it to a text' },
      ]);
    });

    it('says which type a field must have', () => {
      const input = bdSite();
      input.database.storageGi = 'lots';
      const [issue] = specError(input).issues;
      expect(issue).toEqual({
        field: 'database.storageGi',
        value: 'lots',
        message: 'must be a number',
      });
    });

    it('gives the bound a number breaks', () => {
      const input = bdSite();
      input.gpuPool.maxNodes = 65;
      const [issue] = specError(input).issues;
      expect(issue).toEqual({
        field: 'gpuPool.maxNodes',
        value: 65,
        message: 'must be at most 64: lower it',
      });
    });

    it('names the kinds a spec may be', () => {
      const input = bdSite();
      input.kind = 'datacenter';
      const [issue] = specError(input).issues;
      expect(issue.field).toBe('kind');
      expect(issue.message).toContain('region');
      expect(issue.message).toContain('sovereign-site');
    });
  });

  it('exports a JSON Schema with both kinds for forms', () => {
    const schema = environmentSpecJsonSchema() as any;
    const kinds =
      schema.oneOf?.map((s: any) => s.properties.kind.const) ??
      schema.anyOf?.map((s: any) => s.properties.kind.const);
    expect(kinds).toEqual(['region', 'sovereign-site']);
    const site = (schema.oneOf ?? schema.anyOf)[1];
    expect(site.properties.connectivity.properties.type.enum).toEqual([
      'site-to-site-vpn',
      'direct-connect',
    ]);
    expect(site.required).toEqual(
      expect.arrayContaining(['id', 'country', 'site', 'gpuPool']),
    );
  });
});
