import fs from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { environmentForms } from './environmentForms';
import { environmentTemplateOf } from './environmentTemplate';

export function environmentTemplatePath(repoRoot: string, name: string) {
  return path.join(repoRoot, 'templates', name, 'template.yaml');
}

/** The template file of an environment form, as committed. */
export function environmentTemplateYaml(name: string): string {
  const form = environmentForms.find(candidate => candidate.name === name);
  if (!form) throw new Error(`no environment form is called ${name}`);
  return `# Generated from the EnvironmentSpec of @internal/ekyc-domain and the form in\n# plugins/scaffolder-backend-module-ekyc/src/templates/environmentForms.ts by\n# scripts/maintenance/write-forms.sh: change those, not this file.\n${stringify(
    environmentTemplateOf(form),
    { lineWidth: 0, singleQuote: true },
  )}`;
}

/** Writes every environment template; returns the files written. */
export function writeEnvironmentTemplates(repoRoot: string): string[] {
  return environmentForms.map(form => {
    const file = environmentTemplatePath(repoRoot, form.name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, environmentTemplateYaml(form.name));
    return file;
  });
}
