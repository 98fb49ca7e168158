import { ResponseError } from '@backstage/errors';
import { mockApis } from '@backstage/frontend-test-utils';
import { permissionRefusal } from '../testFixtures';
import { EkycRegionsClient } from './EkycRegionsClient';

function clientAnswering(response: Response) {
  const fetchApi = mockApis.fetch.mock({
    fetch: jest.fn(async () => response),
  });
  const client = new EkycRegionsClient({
    discoveryApi: mockApis.discovery({ baseUrl: 'http://backstage:7007' }),
    fetchApi,
  });
  return { client, fetchApi };
}

describe('EkycRegionsClient', () => {
  it('reads the regions from the ekyc-regions backend', async () => {
    const body = {
      generatedAt: '2025-06-01T08:00:00.000Z',
      regions: [],
      errors: [],
    };
    const { client, fetchApi } = clientAnswering(Response.json(body));

    await expect(client.getRegions()).resolves.toEqual(body);
    expect(fetchApi.fetch).toHaveBeenCalledWith(
      'http://backstage:7007/api/ekyc-regions/regions',
    );
  });

  it("throws the backend's error, with its message, when it refuses", async () => {
    const { client } = clientAnswering(
      permissionRefusal('/api/ekyc-regions/countries'),
    );

    const error = await client.getCountries().catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.cause.message).toBe(
      'reading eKYC regions needs the ekyc.regions.read permission',
    );
  });
});
