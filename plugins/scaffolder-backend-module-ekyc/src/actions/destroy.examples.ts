import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { bdSiteSpec } from './exampleSpec';

// Each example is also a test (destroy.examples.test.ts).
export const examples: TemplateExample[] = [
  {
    description:
      'Destroy the BD site (it waits until another platform member approves it in the approvals view)',
    example: `steps:
  - id: destroy
    name: Destroy
    action: ekyc:environment:destroy
    input:
${bdSiteSpec}
        confirm: true
`,
  },
];
