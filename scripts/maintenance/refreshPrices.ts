// Reads rows of infra-automation/pricing/aws-prices.yaml anew from the AWS Price List
// API: the regions named, or else every cloud region a residency rule allows. Needs
// AWS credentials (pricing:GetProducts); writes the table in place.
import fs from 'node:fs';
import path from 'node:path';
import { PricingClient } from '@aws-sdk/client-pricing';
import { residencyRules } from '@internal/ekyc-domain';
import { refreshPriceTable } from '@internal/infra-automation/cost';

const file = path.resolve(
  __dirname,
  '../../infra-automation/pricing/aws-prices.yaml',
);
const allowedRegions = [
  ...new Set(
    Object.values(residencyRules).flatMap(rule =>
      rule.allowedLocations.flatMap(location =>
        location.type === 'cloud-region' ? [location.region] : [],
      ),
    ),
  ),
].sort();
const regions =
  process.argv.length > 2 ? process.argv.slice(2) : allowedRegions;

async function main() {
  // The Price List API answers in us-east-1, for every region.
  const client = new PricingClient({ region: 'us-east-1' });
  const today = new Date().toISOString().slice(0, 10);
  const refreshed = await refreshPriceTable(
    fs.readFileSync(file, 'utf8'),
    regions,
    client,
    today,
    (region, notFound) =>
      console.log(
        `${region}: ${
          notFound.length
            ? `not found: ${notFound.join('; ')}`
            : 'every figure found'
        }`,
      ),
  );
  fs.writeFileSync(file, refreshed);
  console.log(`wrote ${path.relative(process.cwd(), file)}`);
}

main().catch(error => {
  console.error(`refresh-prices: ${(error as Error).message}`);
  process.exit(1);
});
