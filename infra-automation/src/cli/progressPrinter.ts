import { ProgressEvent } from '../runner';

/** The resource's name, the last part of its URN. */
function nameOf(urn: string): string {
  return urn.slice(urn.lastIndexOf('::') + 2);
}

function seconds(ms: number | undefined): string {
  return ms === undefined ? '' : ` ${(ms / 1000).toFixed(1)} s`;
}

function line(event: ProgressEvent): string | undefined {
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
      } ${nameOf(event.urn)}${seconds(event.durationMs)}`;
    }
    case 'diagnostic':
      return event.severity === 'error' || event.severity === 'warning'
        ? `${event.severity}: ${event.message}`
        : undefined;
    case 'heartbeat':
      return `...    still running after${seconds(
        event.elapsedMs,
      )}; in flight: ${event.inFlight.map(nameOf).join(', ') || 'none'}`;
    case 'summary':
      return `summary: ${Object.entries(event.changes)
        .map(([op, n]) => `${n} ${op}`)
        .join(', ')}`;
    default:
      return undefined;
  }
}

/**
 * Prints progress: on a terminal, finished resources as lines and a status line below
 * them that shows what is in flight; elsewhere (CI logs), plain lines only, with the
 * heartbeats, so a quiet step still shows the job is alive.
 */
export function progressPrinter(
  out: NodeJS.WriteStream,
  operation: string,
): { onProgress: (event: ProgressEvent) => void; done: () => void } {
  if (!out.isTTY) {
    return {
      onProgress: event => {
        const text = line(event);
        if (text) out.write(`${text}\n`);
      },
      done: () => undefined,
    };
  }
  const inFlight = new Set<string>();
  const startedAt = Date.now();
  const status = () => {
    const names = [...inFlight].map(nameOf);
    const shown = names.slice(0, 3).join(', ');
    const more = names.length > 3 ? ` and ${names.length - 3} more` : '';
    out.write(
      `\r\x1b[2K${operation}: ${Math.round((Date.now() - startedAt) / 1000)} s${
        names.length ? `, working on ${shown}${more}` : ''
      }`,
    );
  };
  const timer = setInterval(status, 1000);
  return {
    onProgress: event => {
      if (event.type === 'resource') {
        if (event.status === 'started') inFlight.add(event.urn);
        else inFlight.delete(event.urn);
      }
      const text = event.type === 'heartbeat' ? undefined : line(event);
      if (text) out.write(`\r\x1b[2K${text}\n`);
      status();
    },
    done: () => {
      clearInterval(timer);
      out.write('\r\x1b[2K');
    },
  };
}
