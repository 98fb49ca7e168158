// Writes templates/<environment>/template.yaml from the EnvironmentSpec and the forms,
// then .github/ISSUE_TEMPLATE/<template>.yml from the templates tickets can run.
import fs from 'node:fs';
import path from 'node:path';
import {
  issueFormPath,
  issueFormYaml,
  ticketTemplateNames,
} from '../../plugins/scaffolder-backend-module-ekyc/src/tickets/issueFormFiles';
import { writeEnvironmentTemplates } from '../../plugins/scaffolder-backend-module-ekyc/src/templates/templateFiles';

const repoRoot = path.resolve(__dirname, '../..');
for (const file of writeEnvironmentTemplates(repoRoot)) {
  console.log(`wrote ${path.relative(repoRoot, file)}`);
}
for (const name of ticketTemplateNames) {
  const file = issueFormPath(repoRoot, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, issueFormYaml(repoRoot, name));
  console.log(`wrote ${path.relative(repoRoot, file)}`);
}
