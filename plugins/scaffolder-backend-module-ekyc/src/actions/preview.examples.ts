import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { bdSiteSpec } from './exampleSpec';

// Each example is also a test (preview.examples.test.ts).
export const examples: TemplateExample[] = [
  {
    description:
      'Preview the BD site with the policy pack and its cost; the plan is kept for up',
    example: `steps:
  - id: preview
    name: Preview
    action: ekyc:environment:preview
    input:
${bdSiteSpec}
`,
  },
];
