import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { Environments } from '../environments';
import { examples } from './outputs.examples';
import { withBackstageErrors } from '../infraErrors';
import { specDescription, validSpec } from './spec';

/** `ekyc:environment:outputs`: the stack outputs of an environment; reads only. */
export function createOutputsAction(environments: () => Promise<Environments>) {
  return createTemplateAction({
    id: 'ekyc:environment:outputs',
    description: "Reads an environment's stack outputs",
    examples,
    supportsDryRun: true,
    schema: {
      input: { spec: z => z.record(z.unknown()).describe(specDescription) },
      output: { outputs: z => z.record(z.unknown()) },
    },
    async handler(ctx) {
      const env = await environments();
      const spec = validSpec(ctx.input.spec);
      ctx.output(
        'outputs',
        await withBackstageErrors(() => env.runnerFor(spec.id).outputs(spec)),
      );
    },
  });
}
