import fs from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { packageFile } from '../packageFiles';

/** Where the price table lives in the repository, for messages that ask to extend it. */
export const priceTableRepoPath = 'infra-automation/pricing/aws-prices.yaml';

// Found from the package root rather than this module, so that it is the same file
// whether the code runs from its sources or from a build.
const defaultPriceTableFile = packageFile('pricing', 'aws-prices.yaml');

const price = z.number().min(0, 'must be a price of 0 or more');
const pricesByType = z.record(z.string(), price);

// Every price is optional: an estimate that needs a missing one says so instead of
// guessing. Unknown keys are rejected so that a misspelt price is not silently missing.
const regionPricesSchema = z.strictObject({
  /** Where this region's figures come from, and when, where not the table's. */
  source: z.string().min(1).optional(),
  recorded: z.iso
    .date('must be the date the prices were read, e.g. 2026-11-22')
    .optional(),
  checked: z.boolean().optional(),
  /** USD per hour, by EC2 instance type. */
  ec2OnDemand: pricesByType.optional(),
  /** Average spot price as a share of on-demand. */
  spotPriceRatio: z
    .number()
    .gt(0, 'must be a share of on-demand above 0')
    .max(1, 'must be a share of on-demand of at most 1')
    .optional(),
  /** USD per hour, by Aurora instance class. */
  auroraOnDemand: pricesByType.optional(),
  auroraStoragePerGbMonth: price.optional(),
  eksCluster: price.optional(),
  natGateway: price.optional(),
  vpnConnection: price.optional(),
  transitGatewayAttachment: price.optional(),
});

export const priceTableSchema = z.strictObject({
  recorded: z.iso.date(
    'must be the date the prices were read, e.g. 2026-11-22',
  ),
  currency: z.literal('USD'),
  source: z.string().min(1, 'name where the prices come from'),
  /** Whether the figures were checked against the AWS Price List API. */
  checked: z.boolean(),
  caveat: z.string().default(''),
  hoursPerMonth: z.number().positive(),
  /** Average spot price as a share of on-demand where a row has none of its own. */
  spotPriceRatio: z
    .number()
    .gt(0, 'must be a share of on-demand above 0')
    .max(1, 'must be a share of on-demand of at most 1')
    .optional(),
  regions: z.record(z.string(), regionPricesSchema),
});

export type PriceTable = z.output<typeof priceTableSchema>;
export type RegionPrices = z.output<typeof regionPricesSchema>;

/** Parses price table YAML; throws an Error naming `source` and each bad field. */
export function parsePriceTable(text: string, source: string): PriceTable {
  let document: unknown;
  try {
    document = parseYaml(text);
  } catch (error) {
    throw new Error(
      `${source}: the price table is not valid YAML: ${
        (error as Error).message
      }`,
    );
  }
  const result = priceTableSchema.safeParse(document);
  if (result.success) return result.data;
  const problems = result.error.issues.map(
    issue =>
      `  - ${issue.path.map(String).join('.') || '(table)'}: ${issue.message}`,
  );
  throw new Error(
    `${source}: the price table is not valid:\n${problems.join('\n')}`,
  );
}

/** Reads and validates the price table file. */
export function loadPriceTable(file = defaultPriceTableFile): PriceTable {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(
      `${file}: cannot read the price table: ${(error as Error).message}`,
    );
  }
  return parsePriceTable(text, file);
}
