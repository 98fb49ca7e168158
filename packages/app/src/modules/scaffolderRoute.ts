import {
  ApiHolder,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';

type Discovery = { getBaseUrl(pluginId: string): Promise<string> };
type Fetcher = { fetch: typeof fetch };

/** One of the scaffolder module's read routes, as the signed-in user; `what` names it in errors. */
export async function readScaffolderRoute<T>(
  discovery: Discovery,
  fetcher: Fetcher,
  route: string,
  what: string,
): Promise<T> {
  const base = await discovery.getBaseUrl('scaffolder');
  const response = await fetcher.fetch(`${base}${route}`);
  if (!response.ok) {
    throw new Error(
      `${what} could not be read: ${response.status} ${response.statusText}`,
    );
  }
  return (await response.json()) as T;
}

/** The same from a field's validation, which has the API holder, not hooks. */
export function readScaffolderRouteWith<T>(
  apis: ApiHolder,
  route: string,
  what: string,
): Promise<T> {
  const discovery = apis.get(discoveryApiRef);
  const fetcher = apis.get(fetchApiRef);
  if (!discovery || !fetcher) {
    throw new Error('the discovery and fetch APIs are missing');
  }
  return readScaffolderRoute<T>(discovery, fetcher, route, what);
}
