import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { bdSiteSpec } from './exampleSpec';

// Each example is also a test (validate.examples.test.ts).
export const examples: TemplateExample[] = [
  {
    description:
      'Validate a BD sovereign site: fields and residency, nothing touched',
    example: `steps:
  - id: validate
    name: Validate the environment
    action: ekyc:environment:validate
    input:
${bdSiteSpec}
`,
  },
];
