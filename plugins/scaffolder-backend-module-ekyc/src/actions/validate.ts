import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  dataStoresOf,
  estimateCost,
  formatCostEstimate,
  loadPriceTable,
} from '@internal/infra-automation';
import { describeLocation } from '@internal/plugin-ekyc-regions-common';
import { Environments } from '../environmentsFromConfig';
import { examples } from './validate.examples';
import { specDescription, validSpec } from './spec';

/** `ekyc:environment:validate`: the spec and its residency rules; touches nothing. */
export function createValidateAction(
  environments: () => Promise<Environments>,
) {
  return createTemplateAction({
    id: 'ekyc:environment:validate',
    description:
      'Validates an environment spec, its data-residency rules included, and estimates its cost; touches nothing',
    examples,
    supportsDryRun: true,
    schema: {
      input: { spec: z => z.record(z.unknown()).describe(specDescription) },
      output: {
        environmentId: z => z.string(),
        dataLocations: z =>
          z.array(
            z.object({
              store: z.string(),
              location: z.string(),
              countries: z.array(z.string()),
            }),
          ),
        costEstimate: z => z.record(z.unknown()),
        costSummary: z =>
          z.string().describe('The cost estimate as a table, for a task page'),
      },
    },
    async handler(ctx) {
      const spec = validSpec(await environments(), ctx.input.spec);
      const dataLocations = dataStoresOf(spec).map(store => ({
        store: store.store,
        location: describeLocation(store.location),
        countries: store.countries,
      }));
      ctx.logger.info(
        `${spec.kind} "${
          spec.id
        }" is valid; personal data stays in: ${dataLocations
          .map(d => `${d.store} at ${d.location} (${d.countries.join(', ')})`)
          .join('; ')}`,
      );
      const costEstimate = estimateCost(spec, loadPriceTable());
      const costSummary = formatCostEstimate(costEstimate);
      costSummary.split('\n').forEach(line => ctx.logger.info(line));
      ctx.output('costSummary', costSummary);
      ctx.output('environmentId', spec.id);
      ctx.output('dataLocations', dataLocations);
      ctx.output(
        'costEstimate',
        costEstimate as unknown as Record<string, unknown>,
      );
    },
  });
}
