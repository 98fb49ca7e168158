import { PricingClient } from '@aws-sdk/client-pricing';
import { parseDocument } from 'yaml';
import { auroraInstanceClass } from '../components/aws/instanceTypes';
import { fetchRegionPrices, priceQueriesFor } from './priceListApi';
import { parsePriceTable } from './priceTable';

/** Where a refreshed row's figures come from. */
export const priceListSource = 'AWS Price List API (GetProducts), on-demand';

/**
 * The price table's text with each region's row read anew from the AWS Price List
 * API, dated `today` and marked checked; the other rows and the comments stay. A row's
 * spot ratio is kept (the API has no spot prices). Throws if the table is not valid
 * before or after.
 */
export async function refreshPriceTable(
  text: string,
  regions: string[],
  client: PricingClient,
  today: string,
  onRegion: (region: string, notFound: string[]) => void = () => undefined,
): Promise<string> {
  const table = parsePriceTable(text, 'the price table');
  const rows = Object.values(table.regions);
  const union = (pick: (row: (typeof rows)[number]) => object | undefined) => [
    ...new Set(rows.flatMap(row => Object.keys(pick(row) ?? {}))),
  ];
  const ec2Types = union(row => row.ec2OnDemand).sort();
  const auroraClasses = [
    ...new Set([...union(row => row.auroraOnDemand), auroraInstanceClass]),
  ].sort();
  const document = parseDocument(text);
  for (const region of regions) {
    const { prices, notFound } = await fetchRegionPrices(
      client,
      priceQueriesFor(region, ec2Types, auroraClasses),
    );
    const spotPriceRatio = table.regions[region]?.spotPriceRatio;
    document.setIn(['regions', region], {
      source: priceListSource,
      recorded: today,
      checked: true,
      ...prices,
      ...(spotPriceRatio !== undefined ? { spotPriceRatio } : {}),
    });
    onRegion(region, notFound);
  }
  const refreshed = document.toString();
  parsePriceTable(refreshed, 'the refreshed price table');
  return refreshed;
}
