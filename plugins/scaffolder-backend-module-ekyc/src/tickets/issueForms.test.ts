import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import {
  issueFormPath,
  issueFormYaml,
  readTicketTemplate,
  ticketTemplateNames,
} from './issueFormFiles';
import { parseIssueForm } from './parseIssueForm';
import { templateFields } from './templateFields';
import { sylhetSiteValues } from './__testUtils__/sylhetSite';

const repoRoot = path.resolve(__dirname, '../../../..');

/** An issue body as GitHub renders a filed form: a `### label` section per field. */
function filedBody(answers: Record<string, string>) {
  return Object.entries(answers)
    .map(([label, answer]) => `### ${label}\n\n${answer}`)
    .join('\n\n');
}

const bdSite = {
  Country: 'BD',
  'Site id': 'bd-sylhet-1',
  Cluster: 'bd-onprem',
  'Countries served': 'BD',
  'Database replicas': '_No response_',
  'GPU product': 'NVIDIA-A10',
  'GPUs per node': '4',
  'Fewest GPU nodes': '1',
  'Most GPU nodes': '2',
  'Database storage (GiB)': '100',
  'Link to the cloud': 'site-to-site-vpn',
  "The site's BGP ASN": '65011',
  'On-prem networks': '10.41.0.0/16\n10.42.0.0/16',
  Owner: 'group:default/ops-bd',
  'Cost centre': 'EKYC-BD-02',
};

describe('issue forms', () => {
  it.each(ticketTemplateNames)(
    'the committed form of %s is the one its template generates (run scripts/maintenance/write-forms.sh after changing the template)',
    name => {
      expect(fs.readFileSync(issueFormPath(repoRoot, name), 'utf8')).toBe(
        issueFormYaml(repoRoot, name),
      );
    },
  );

  it.each(ticketTemplateNames)(
    'has one field per parameter of %s, with its id',
    name => {
      const form = parse(
        fs.readFileSync(issueFormPath(repoRoot, name), 'utf8'),
      );
      const ids = form.body.filter((e: any) => e.id).map((e: any) => e.id);
      expect(ids).toEqual(
        templateFields(readTicketTemplate(repoRoot, name)).map(f => f.id),
      );
      expect(ids).not.toContain('publish');
    },
  );
});

describe('parseIssueForm', () => {
  const template = readTicketTemplate(repoRoot, 'sovereign-site');

  it("reads a filed sovereign-site form back into the template's values", () => {
    expect(parseIssueForm(filedBody(bdSite), template)).toEqual({
      problems: [],
      values: sylhetSiteValues,
    });
  });

  it('turns replicas into the objects the template takes', () => {
    const { values } = parseIssueForm(
      filedBody({
        ...bdSite,
        'Database replicas': 'ap-southeast-1, us-west-2',
      }),
      template,
    );
    expect(values.replicateTo).toEqual([
      { type: 'cloud-region', region: 'ap-southeast-1' },
      { type: 'cloud-region', region: 'us-west-2' },
    ]);
  });

  it('names each bad or missing field and how to fix it', () => {
    const { problems } = parseIssueForm(
      filedBody({
        ...bdSite,
        Country: '_No response_',
        'Site id': 'Dhaka 2',
        'Countries served': 'BD, FR',
        "The site's BGP ASN": '100',
        'On-prem networks': '10.41.0.0',
      }),
      template,
    );
    expect(problems).toEqual([
      {
        field: 'country',
        label: 'Country',
        message: 'is required: fill it in',
      },
      {
        field: 'site',
        label: 'Site id',
        message: expect.stringMatching(
          /^"Dhaka 2" does not match .*: correct it$/,
        ),
      },
      {
        field: 'servesCountries',
        label: 'Countries served',
        message: expect.stringMatching(/^FR is not among BD, ID, VN/),
      },
      {
        field: 'bgpAsn',
        label: "The site's BGP ASN",
        message: '100 is outside 64512..65534: correct it',
      },
      {
        field: 'onPremCidrs',
        label: 'On-prem networks',
        message: expect.stringMatching(/^10\.41\.0\.0 does not match/),
      },
    ]);
  });
});
