import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { bdSiteSpec } from './exampleSpec';

// Each example is also a test (examples.sandbox.test.ts).
export const examples: TemplateExample[] = [
  {
    description:
      "Write the BD site's catalog entity and stack config after its up",
    example: `steps:
  - id: catalog-files
    name: Write the catalog entity and the stack config
    action: ekyc:environment:catalog-files
    input:
${bdSiteSpec}
        outputs: \${{ steps.up.output.outputs }}
        targetPath: environment
`,
  },
];
