import { CacheService } from '@backstage/backend-plugin-api';
import { JsonValue } from '@backstage/types';

/**
 * Serves a value while it lives: from this process' memory first (the cache service
 * serialises, which costs more than the answer itself for a large fleet), then from the
 * cache service (shared by the portal's replicas); otherwise computes it once however
 * many requests ask at the same time. A value taken from the shared cache may so be
 * served up to twice its lifetime after it was read.
 */
export class SingleFlightCache {
  private readonly local = new Map<
    string,
    { value: JsonValue; expiresAt: number }
  >();
  private readonly inFlight = new Map<string, Promise<JsonValue>>();

  constructor(private readonly cache: CacheService) {}

  async get<T extends JsonValue>(
    key: string,
    ttlMs: number,
    compute: () => Promise<T>,
  ): Promise<T> {
    const local = this.local.get(key);
    if (local && local.expiresAt > Date.now()) return local.value as T;
    let pending = this.inFlight.get(key) as Promise<T> | undefined;
    if (!pending) {
      pending = this.read(key, ttlMs, compute);
      const forget = () => this.inFlight.delete(key);
      pending.then(forget, forget);
      this.inFlight.set(key, pending);
    }
    return pending;
  }

  private async read<T extends JsonValue>(
    key: string,
    ttlMs: number,
    compute: () => Promise<T>,
  ): Promise<T> {
    // The shared cache only saves work: when it is down, the value is computed here.
    let value = await this.cache.get<T>(key).catch(() => undefined);
    if (value === undefined) {
      value = await compute();
      await this.cache.set(key, value, { ttl: ttlMs }).catch(() => undefined);
    }
    this.local.set(key, { value, expiresAt: Date.now() + ttlMs });
    return value;
  }
}
