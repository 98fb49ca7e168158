import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { bdSiteSpec } from './exampleSpec';

// Each example is also a test (outputs.examples.test.ts).
export const examples: TemplateExample[] = [
  {
    description: "Read the BD site's stack outputs",
    example: `steps:
  - id: outputs
    name: Read outputs
    action: ekyc:environment:outputs
    input:
${bdSiteSpec}
`,
  },
];
