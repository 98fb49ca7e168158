import { ProgressEvent } from './progress';

/** The resource's name, the last part of its URN. */
export function resourceNameOf(urn: string): string {
  return urn.slice(urn.lastIndexOf('::') + 2);
}

function seconds(ms: number | undefined): string {
  return ms === undefined ? '' : ` ${(ms / 1000).toFixed(1)} s`;
}

/** One line of a log for an event, or nothing for events a log does not show. */
export function progressLine(event: ProgressEvent): string | undefined {
  switch (event.type) {
    case 'resource': {
      if (
        event.status === 'started' ||
        event.resourceType.startsWith('pulumi:')
      ) {
        return undefined;
      }
      const mark = event.status === 'done' ? 'ok    ' : 'FAILED';
      return `${mark} ${event.operation.padEnd(8)} ${
        event.resourceType
      } ${resourceNameOf(event.urn)}${seconds(event.durationMs)}`;
    }
    case 'diagnostic':
      return event.severity === 'error' || event.severity === 'warning'
        ? `${event.severity}: ${event.message}`
        : undefined;
    case 'heartbeat':
      return `...    still running after${seconds(
        event.elapsedMs,
      )}; in flight: ${
        event.inFlight.map(resourceNameOf).join(', ') || 'none'
      }`;
    case 'queued':
      return `queued behind ${event.ahead} operation${
        event.ahead === 1 ? '' : 's'
      }: this portal runs at most ${event.limit} Pulumi operations at once`;
    case 'summary':
      return `summary: ${Object.entries(event.changes)
        .map(([op, n]) => `${n} ${op}`)
        .join(', ')}`;
    default:
      return undefined;
  }
}
