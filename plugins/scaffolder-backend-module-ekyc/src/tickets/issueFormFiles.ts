import fs from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { issueFormOf } from './issueForm';
import { parseTicketTemplate } from './templateFields';

/** The templates tickets can run, by name (templates/<name>/template.yaml). */
export const ticketTemplateNames = ['sovereign-site', 'region-environment'];

export function readTicketTemplate(repoRoot: string, name: string) {
  return parseTicketTemplate(
    parse(
      fs.readFileSync(
        path.join(repoRoot, 'templates', name, 'template.yaml'),
        'utf8',
      ),
    ),
  );
}

export function issueFormPath(repoRoot: string, name: string) {
  return path.join(repoRoot, '.github', 'ISSUE_TEMPLATE', `${name}.yml`);
}

/** The issue form file of a template, as committed. */
export function issueFormYaml(repoRoot: string, name: string): string {
  return `# Generated from templates/${name}/template.yaml by scripts/maintenance/write-forms.sh.\n${stringify(
    issueFormOf(readTicketTemplate(repoRoot, name)),
    { lineWidth: 0 },
  )}`;
}
