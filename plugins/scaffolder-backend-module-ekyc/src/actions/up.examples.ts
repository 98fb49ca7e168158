import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { bdSiteSpec } from './exampleSpec';

// Each example is also a test (up.examples.test.ts).
export const examples: TemplateExample[] = [
  {
    description: 'Apply the BD site with the plan its preview saved',
    example: `steps:
  - id: up
    name: Apply
    action: ekyc:environment:up
    input:
${bdSiteSpec}
        plan: \${{ steps.preview.output.plan }}
`,
  },
];
