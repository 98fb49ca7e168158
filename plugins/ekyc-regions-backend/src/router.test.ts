import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import { ekycRegionsPlugin } from './plugin';

// Sized from the measured time with a wide margin (each test starts a backend: 21 s for the file with the two cores shared with a build).
jest.setTimeout(60_000);

// The permission check comes before any source is read, so no source is needed here
// beyond Backstage's catalog test double.
describe('ekyc-regions permissions', () => {
  it.each(['/regions', '/regions/x', '/countries', '/countries/BD', '/health'])(
    'refuses %s to a caller without ekyc.regions.read, naming the permission',
    async path => {
      const backend = await startTestBackend({
        features: [
          ekycRegionsPlugin,
          catalogServiceMock.factory(),
          mockServices.permissions.factory({ result: AuthorizeResult.DENY }),
        ],
      });
      try {
        const response = await request(backend.server).get(
          `/api/ekyc-regions${path}`,
        );
        expect(response.status).toBe(403);
        expect(response.body.error.message).toContain('ekyc.regions.read');
      } finally {
        await backend.stop();
      }
    },
  );
});
