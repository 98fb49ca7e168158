import { CacheService } from '@backstage/backend-plugin-api';
import { SingleFlightCache } from './singleFlightCache';

describe('SingleFlightCache', () => {
  it('computes once for requests that arrive together, and serves that value while it lives', async () => {
    const shared = new Map<string, unknown>();
    const cache = new SingleFlightCache({
      get: async (key: string) => shared.get(key),
      set: async (key: string, value: unknown) => void shared.set(key, value),
    } as unknown as CacheService);
    let computed = 0;
    const compute = async () => {
      computed += 1;
      return { figures: computed };
    };
    const answers = await Promise.all([
      cache.get('views', 60_000, compute),
      cache.get('views', 60_000, compute),
    ]);
    expect(answers).toEqual([{ figures: 1 }, { figures: 1 }]);
    expect(await cache.get('views', 60_000, compute)).toEqual({ figures: 1 });
    expect(computed).toBe(1);
  });

  it('still answers when the shared cache is down', async () => {
    const down = () => Promise.reject(new Error('ECONNREFUSED redis'));
    const broken = {
      get: down,
      set: down,
      delete: down,
      withOptions: () => broken,
    } as unknown as CacheService;
    const cache = new SingleFlightCache(broken);
    await expect(
      cache.get('views', 60_000, async () => ({ figures: 7 })),
    ).resolves.toEqual({ figures: 7 });
  });
});
