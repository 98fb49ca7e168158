import { TemplateExample } from '@backstage/plugin-scaffolder-node';

// Each example is also a test (registerLocal.examples.test.ts).
export const examples: TemplateExample[] = [
  {
    description:
      'Register the environment entity fetched into ./environment with the local catalog',
    example: `steps:
  - id: register
    name: Register in the catalog
    action: ekyc:environment:register-local
    input:
      name: bd-dhaka-1
      sourcePath: environment
`,
  },
];
