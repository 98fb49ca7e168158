import { LoggerService } from '@backstage/backend-plugin-api';
import {
  CountriesResponse,
  RegionsResponse,
  SourceError,
  TopologyResponse,
} from '@internal/plugin-ekyc-regions-common';
import { topologyViewOf } from '../model/topology';
import { JsonObject } from '@backstage/types';
import { RegionsConfig } from '../config';
import {
  AssembledViews,
  assembleViews,
  FleetSnapshot,
  Outcome,
} from '../model/assemble';
import { SiteNodes } from '../model/sites';
import {
  EnvironmentOutputs,
  parseEnvironmentOutputs,
} from '../sources/stackOutputs';
import { FleetSources } from './fleetSources';
import { limitConcurrency } from './limitConcurrency';
import { SingleFlightCache } from './singleFlightCache';

async function outcomeOf<T>(read: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { value: await read() };
  } catch (error) {
    return { error: (error as Error).message ?? String(error) };
  }
}

/** The entities read well; each other one becomes a catalog error naming it. */
function withoutBroken<T extends { entityRef: string }>(
  items: T[],
  errors: SourceError[],
): Array<Exclude<T, { error: string }>> {
  return items.filter((item): item is Exclude<T, { error: string }> => {
    if (!('error' in item)) return true;
    errors.push({
      source: 'catalog',
      name: item.entityRef,
      error: String(item.error),
    });
    return false;
  });
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string) {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what}: no answer within ${ms} ms`)),
      ms,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export interface HealthReport {
  status: 'ok' | 'degraded';
  generatedAt: string;
  errors: SourceError[];
}

type Views = AssembledViews & { generatedAt: string };

/**
 * Reads every source in one bounded fan-out, joins the figures and keeps the result
 * for `cacheTtlSeconds`; concurrent requests for a stale snapshot share one read.
 */
export class RegionsService {
  private readonly limit: ReturnType<typeof limitConcurrency>;
  private readonly lastSeenSites = new Map<string, Omit<SiteNodes, 'nodes'>>();
  private readonly pulumiReads = new Map<
    string,
    Promise<Record<string, unknown>>
  >();
  /** Each snapshot's /regions answer, serialised once rather than per request. */
  private readonly regionsBodies = new WeakMap<Views, string>();

  constructor(
    private readonly deps: {
      config: RegionsConfig;
      sources: FleetSources;
      cache: SingleFlightCache;
      logger: LoggerService;
    },
  ) {
    this.limit = limitConcurrency(deps.config.maxConcurrentRequests);
  }

  async regions(): Promise<RegionsResponse> {
    const { generatedAt, regions, errors } = await this.views();
    return { generatedAt, regions, errors };
  }

  /** The /regions answer as JSON text. */
  async regionsBody(): Promise<string> {
    const views = await this.views();
    let body = this.regionsBodies.get(views);
    if (body === undefined) {
      const { generatedAt, regions, errors } = views;
      body = JSON.stringify({
        generatedAt,
        regions,
        errors,
      } satisfies RegionsResponse);
      this.regionsBodies.set(views, body);
    }
    return body;
  }

  async countries(): Promise<CountriesResponse> {
    const { generatedAt, countries, errors } = await this.views();
    return { generatedAt, countries, errors };
  }

  /**
   * Every topology of the catalog, each edge judged against the rules, and the links
   * joining sites to hubs; either read failing leaves the other.
   */
  async topology(): Promise<TopologyResponse> {
    const [topologies, links] = await Promise.all([
      outcomeOf(() => this.limit(() => this.deps.sources.topologies())),
      outcomeOf(() => this.limit(() => this.deps.sources.networkLinks())),
    ]);
    const errors: SourceError[] = [];
    const entities = <T extends { entityRef: string }>(
      outcome: Outcome<T[]>,
      what: string,
    ) => {
      if ('value' in outcome) return withoutBroken(outcome.value, errors);
      errors.push({ source: 'catalog', name: what, error: outcome.error });
      return [];
    };
    return {
      generatedAt: new Date().toISOString(),
      topologies: entities(topologies, 'catalog topologies').map(topology =>
        topologyViewOf(topology.entityRef, topology.title, topology.spec),
      ),
      links: entities(links, 'catalog network links'),
      errors,
    };
  }

  async health(): Promise<HealthReport> {
    const { generatedAt, errors } = await this.views();
    return { status: errors.length ? 'degraded' : 'ok', generatedAt, errors };
  }

  private views(): Promise<Views> {
    const { cacheTtlSeconds } = this.deps.config;
    return this.deps.cache.get('views', cacheTtlSeconds * 1000, async () => {
      const started = Date.now();
      const snapshot = await this.readSnapshot();
      const views = assembleViews(
        snapshot,
        this.deps.config.latencySloP95Seconds,
      );
      for (const region of views.regions) {
        if (region.gpu.status === 'available') {
          const { id, kind, region: name, country, clusters } = region;
          this.lastSeenSites.set(id, {
            id,
            kind,
            region: name,
            country,
            clusters,
          });
        }
      }
      this.deps.logger.debug(
        `read ${views.regions.length} regions in ${Date.now() - started} ms, ${
          views.errors.length
        } source errors`,
      );
      return { generatedAt: new Date().toISOString(), ...views } as Views &
        JsonObject;
    });
  }

  private async readSnapshot(): Promise<FleetSnapshot> {
    const { sources, config } = this.deps;
    const limit = this.limit;
    const [environments, clusterNames, registered] = await Promise.all([
      outcomeOf(() => limit(() => sources.environments())),
      outcomeOf(() => limit(() => sources.clusterNames())),
      outcomeOf(() => limit(() => sources.prometheusUrls())),
    ]);
    // The cluster registry's Prometheus, unless the dashboard's own config names one.
    const prometheusOf = new Map<string, string | undefined>(
      'value' in registered ? registered.value : [],
    );
    for (const { name, prometheusUrl } of config.clusters) {
      if (prometheusUrl) prometheusOf.set(name, prometheusUrl);
    }
    const names =
      'value' in clusterNames
        ? clusterNames.value
        : [
            ...new Set([
              ...config.clusters.map(c => c.name),
              ...prometheusOf.keys(),
            ]),
          ];

    const clustersRead = Promise.all(
      names.map(async name => ({
        name,
        prometheusUrl: prometheusOf.get(name),
        fleet:
          'value' in clusterNames
            ? await outcomeOf(() => limit(() => sources.clusterFleet(name)))
            : {
                error: `the kubernetes plugin's cluster list: ${clusterNames.error}`,
              },
      })),
    );
    const urls = [
      ...new Set(names.map(n => prometheusOf.get(n)).filter(Boolean)),
    ] as string[];
    const metricsRead = Promise.all(
      urls.map(
        async url =>
          [
            url,
            await outcomeOf(() => sources.fleetMetrics(url, limit)),
          ] as const,
      ),
    );
    const stacks = ('value' in environments ? environments.value : []).filter(
      env => env.stack,
    );
    const outputsRead = Promise.all(
      stacks.map(
        async env =>
          [
            env.entityRef,
            await outcomeOf(() => this.outputsOf(env.stack!, env.entityRef)),
          ] as const,
      ),
    );
    const [clusters, metrics, outputs] = await Promise.all([
      clustersRead,
      metricsRead,
      outputsRead,
    ]);
    return {
      environments,
      clusters,
      metrics: new Map(metrics),
      outputs: new Map(outputs),
      lastSeenSites: this.lastSeenSites,
    };
  }

  /**
   * One Pulumi CLI call per stack at a time: a call that outlives its timeout is joined
   * by the next snapshot's read instead of being started again beside it.
   */
  private pulumiRead(stack: string): Promise<Record<string, unknown>> {
    let read = this.pulumiReads.get(stack);
    if (!read) {
      read = this.deps.sources.stackOutputs(stack);
      const forget = () => this.pulumiReads.delete(stack);
      read.then(forget, forget);
      this.pulumiReads.set(stack, read);
    }
    return read;
  }

  /** Outputs change only on an up, so they are kept longer than the snapshot. */
  private outputsOf(
    stack: string,
    entityRef: string,
  ): Promise<EnvironmentOutputs> {
    const { config, cache } = this.deps;
    return cache.get(
      `stack-outputs:${stack}`,
      config.stackOutputsTtlSeconds * 1000,
      () =>
        this.limit(async () => {
          const outputs = await withTimeout(
            this.pulumiRead(stack),
            config.requestTimeoutMs * 4,
            `stack ${stack}`,
          );
          return parseEnvironmentOutputs(
            outputs,
            entityRef,
          ) as EnvironmentOutputs & JsonObject;
        }),
    );
  }
}
