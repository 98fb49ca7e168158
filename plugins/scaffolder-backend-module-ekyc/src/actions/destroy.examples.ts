import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { bdSiteSpec } from './exampleSpec';

// Each example is also a test (destroy.examples.test.ts).
export const examples: TemplateExample[] = [
  {
    description:
      'Destroy the BD site (an approval must be recorded on its entity)',
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
