import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { parseEnvironmentSpec } from '@internal/ekyc-domain';
import { withoutBlanks } from '../actions/spec';
import {
  regionEntity,
  specReaderOver,
} from '../__testUtils__/environmentEntities';
import { sylhetSiteValues } from '../tickets/__testUtils__/sylhetSite';
import { EnvironmentForm, environmentForms } from './environmentForms';
import { environmentTemplateOf } from './environmentTemplate';
import {
  environmentTemplatePath,
  environmentTemplateYaml,
} from './templateFiles';

const repoRoot = path.resolve(__dirname, '../../../..');

// The scaffolder renders the steps in earnest (the templates' end-to-end tests); here
// each `${{ parameters.<name> }}` of the validate step's spec is put in by hand, and
// the unanswered ones left out as the action does.
function specOfTemplate(template: any, values: Record<string, unknown>) {
  const put = (input: unknown): unknown => {
    if (typeof input === 'string') {
      const name = /^\$\{\{ parameters\.(\w+) \}\}$/.exec(input)?.[1];
      return name ? values[name] : input;
    }
    if (Array.isArray(input)) return input.map(put);
    if (input && typeof input === 'object') {
      return Object.fromEntries(
        Object.entries(input).map(([key, value]) => [key, put(value)]),
      );
    }
    return input;
  };
  const validate = template.spec.steps.find(
    (step: any) => step.action === 'ekyc:environment:validate',
  );
  return withoutBlanks(put(validate.input.spec));
}

/** Every parameter at its default, with the ones that have none filled in. */
function defaultValues(template: any, filled: Record<string, unknown>) {
  const values: Record<string, unknown> = {};
  for (const page of template.spec.parameters) {
    for (const [name, property] of Object.entries<any>(page.properties)) {
      if (property.default !== undefined) values[name] = property.default;
    }
  }
  return { ...values, ...filled };
}

const filledIn: Record<string, Record<string, unknown>> = {
  'sovereign-site': {
    country: 'BD',
    site: 'bd-sylhet-1',
    cluster: 'sandbox-dhaka',
    servesCountries: ['BD'],
    owner: 'group:default/ops-bd',
  },
  'region-environment': {
    region: 'ap-southeast-1',
    id: 'ap-southeast-1-primary',
    cluster: 'sandbox-singapore',
    servesCountries: ['SG', 'MY'],
    owner: 'group:default/platform-team',
  },
};

describe('environment templates', () => {
  it.each(environmentForms.map(form => form.name))(
    'the committed %s template is the one its form and the spec generate (run scripts/maintenance/write-forms.sh after changing either)',
    name => {
      expect(
        fs.readFileSync(environmentTemplatePath(repoRoot, name), 'utf8'),
      ).toBe(environmentTemplateYaml(name));
    },
  );

  it.each(environmentForms.map(form => form.name))(
    'the %s template builds a spec the EnvironmentSpec accepts from its defaults',
    name => {
      const template = parse(environmentTemplateYaml(name));
      const spec = parseEnvironmentSpec(
        specOfTemplate(template, defaultValues(template, filledIn[name])),
      );
      expect(spec.id).toBe(filledIn[name].site ?? filledIn[name].id);
    },
  );

  // A recovered task (scaffolder.taskRecovery) shows its log from the recovery on when its
  // template declares startOver.
  it.each(
    fs
      .readdirSync(path.join(repoRoot, 'templates'))
      .filter(name =>
        fs.existsSync(path.join(repoRoot, 'templates', name, 'template.yaml')),
      ),
  )('the %s template declares a recovery strategy', name => {
    const template = parse(
      fs.readFileSync(
        path.join(repoRoot, 'templates', name, 'template.yaml'),
        'utf8',
      ),
    );
    expect(template.spec.EXPERIMENTAL_recovery).toEqual({
      EXPERIMENTAL_strategy: 'startOver',
    });
  });

  it("builds the spec the template's own steps build, which the spec schema accepts", () => {
    const template = parse(environmentTemplateYaml('sovereign-site'));
    const spec = parseEnvironmentSpec(
      specOfTemplate(template, sylhetSiteValues),
    );
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
    const template = parse(environmentTemplateYaml('sovereign-site'));
    expect(() =>
      parseEnvironmentSpec(
        specOfTemplate(template, {
          ...sylhetSiteValues,
          replicateTo: [{ type: 'cloud-region', region: 'ap-southeast-1' }],
        }),
      ),
    ).toThrow(/database\.replicateTo\.0.*Bangladesh \(BD\) rule "in-country"/s);
  });

  it("builds a site's VPN to its hub on aws, leaving out the questions of Direct Connect it did not answer", () => {
    const template = parse(environmentTemplateYaml('sovereign-site'));
    const spec = parseEnvironmentSpec(
      specOfTemplate(template, {
        ...sylhetSiteValues,
        target: 'aws',
        hubRegion: 'ap-southeast-1',
        hubEnvironment: 'ap-southeast-1-primary',
        customerGatewayIps: ['203.0.113.10', '198.51.100.10'],
      }),
    );
    expect(spec).toMatchObject({
      target: 'aws',
      connectivity: {
        type: 'site-to-site-vpn',
        hub: {
          region: 'ap-southeast-1',
          environment: 'ap-southeast-1-primary',
        },
        customerGatewayIps: ['203.0.113.10', '198.51.100.10'],
      },
    });
    expect(
      spec.kind === 'sovereign-site' && spec.connectivity,
    ).not.toHaveProperty('directConnect');
    // On aws the stack needs the routers to make the VPN, and the form says so by field.
    expect(() =>
      parseEnvironmentSpec(
        specOfTemplate(template, {
          ...sylhetSiteValues,
          target: 'aws',
          hubRegion: 'ap-southeast-1',
          hubEnvironment: 'ap-southeast-1-primary',
        }),
      ),
    ).toThrow(/connectivity\.customerGatewayIps/);
  });

  it('asks a secondary region for its primary only, and every later step takes the spec validate completed', async () => {
    const template = parse(environmentTemplateYaml('region-environment'));
    const request = specOfTemplate(
      template,
      defaultValues(template, {
        ...filledIn['region-environment'],
        id: 'ap-southeast-1-standby',
        role: 'secondary',
        target: 'aws',
        cluster: undefined,
        servesCountries: ['MY'],
        databaseRole: 'replica',
        primaryEnvironment: 'ap-southeast-5-primary',
      }),
    );
    expect(request).toMatchObject({
      database: {
        role: 'replica',
        primary: { environment: 'ap-southeast-5-primary' },
      },
    });
    // Malaysia's rule allows Singapore: Kuala Lumpur's secondary may be there.
    const spec = await specReaderOver([
      regionEntity('ap-southeast-5-primary', {
        region: 'ap-southeast-5',
        serves: 'MY',
      }),
    ])(request);
    expect(spec.database).toMatchObject({
      replicaOf: { type: 'cloud-region', region: 'ap-southeast-5' },
      primary: { servesCountries: ['MY'] },
    });
    const laterSpecs = template.spec.steps
      .filter((step: any) => step.id !== 'validate' && step.input?.spec)
      .map((step: any) => step.input.spec);
    expect(laterSpecs).toEqual([
      '${{ steps.validate.output.spec }}',
      '${{ steps.validate.output.spec }}',
      '${{ steps.validate.output.spec }}',
    ]);
  });

  it("registers what each kind's stack makes beside it: a region's cluster, a site's link", () => {
    const registers = (name: string) =>
      parse(environmentTemplateYaml(name))
        .spec.steps.filter((step: any) =>
          String(step.input?.sourcePath ?? '').startsWith('environment/'),
        )
        .map((step: any) => step.input.sourcePath);
    expect(registers('region-environment')).toEqual(['environment/cluster']);
    expect(registers('sovereign-site')).toEqual(['environment/link']);
  });

  it('takes each field from the spec: the id pattern, the country codes, the GPU sizes, the CIDR check', () => {
    const [site] = parse(environmentTemplateYaml('sovereign-site')).spec
      .parameters;
    expect(site.properties.site.pattern).toBe(
      '^[a-z](?:[a-z0-9-]{0,30}[a-z0-9])?$',
    );
    expect(site.properties.country.enum).toContain('BD');
    const database = parse(environmentTemplateYaml('sovereign-site')).spec
      .parameters[2];
    expect(database.properties.onPremCidrs.items.pattern).toContain('3[0-2]');
    const gpu = parse(environmentTemplateYaml('sovereign-site')).spec
      .parameters[1];
    expect(gpu.properties.gpusPerNode).toMatchObject({
      type: 'integer',
      enum: [1, 2, 4, 8],
    });
  });

  it('refuses a form that leaves out a field the spec requires', () => {
    const [site] = environmentForms;
    const withoutOwner: EnvironmentForm = {
      ...site,
      pages: site.pages.map(page => ({
        ...page,
        fields: page.fields.filter(field => field.spec !== 'owner'),
      })),
    };
    expect(() => environmentTemplateOf(withoutOwner)).toThrow(
      'the sovereign-site form leaves out owner of the EnvironmentSpec',
    );
  });

  it('refuses a form whose range reaches past the spec', () => {
    const [site] = environmentForms;
    const wider: EnvironmentForm = {
      ...site,
      pages: site.pages.map(page => ({
        ...page,
        fields: page.fields.map(field =>
          field.name === 'maxNodes'
            ? { ...field, hints: { maximum: 128 } }
            : field,
        ),
      })),
    };
    expect(() => environmentTemplateOf(wider)).toThrow(
      'maxNodes offers values up to 128, which gpuPool.maxNodes does not allow',
    );
  });

  it('refuses a form that offers a value the spec does not allow', () => {
    const [, region] = environmentForms;
    const withGcp: EnvironmentForm = {
      ...region,
      pages: region.pages.map(page => ({
        ...page,
        fields: page.fields.map(field =>
          field.name === 'target'
            ? { ...field, hints: { enum: ['kubernetes', 'gcp'] } }
            : field,
        ),
      })),
    };
    expect(() => environmentTemplateOf(withGcp)).toThrow(
      'target offers gcp, which target does not allow',
    );
  });

  it("keeps the service template's owner to the spec's owner rule, rendered YAML-safe", () => {
    const service = parse(
      fs.readFileSync(
        path.join(repoRoot, 'templates/ekyc-service/template.yaml'),
        'utf8',
      ),
    );
    const generated = parse(
      fs.readFileSync(
        path.join(repoRoot, 'templates/sovereign-site/template.yaml'),
        'utf8',
      ),
    );
    const ownerPattern = (template: any) =>
      template.spec.parameters.find((page: any) => page.properties?.owner)
        .properties.owner.pattern;
    expect(ownerPattern(service)).toBe(ownerPattern(generated));
    const crafted = 'group:default/x\nkind: User';
    expect(new RegExp(ownerPattern(service)).test(crafted)).toBe(false);
    const skeleton = fs.readFileSync(
      path.join(repoRoot, 'templates/ekyc-service/skeleton/catalog-info.yaml'),
      'utf8',
    );
    expect(skeleton).toContain('owner: ${{ values.owner | dump }}');
    expect(skeleton).not.toMatch(/\$\{\{ values\.\w+ \}\}/);
  });
});
