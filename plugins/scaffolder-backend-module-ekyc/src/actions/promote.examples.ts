import { TemplateExample } from '@backstage/plugin-scaffolder-node';

export const examples: TemplateExample[] = [
  {
    description:
      "Promote us-west-2's Aurora global secondary while us-east-1 is down (it waits until another platform member approves it in the approvals view)",
    example: `steps:
  - id: promote
    name: Promote the secondary
    action: ekyc:environment:promote
    input:
      environmentId: us-west-2-secondary
      mode: failover
      confirm: true
`,
  },
];
