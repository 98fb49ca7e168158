import { ProgressEvent, progressLine, resourceNameOf } from '../runner';

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
        const text = progressLine(event);
        if (text) out.write(`${text}\n`);
      },
      done: () => undefined,
    };
  }
  const inFlight = new Set<string>();
  const startedAt = Date.now();
  const status = () => {
    const names = [...inFlight].map(resourceNameOf);
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
      const text = event.type === 'heartbeat' ? undefined : progressLine(event);
      if (text) out.write(`\r\x1b[2K${text}\n`);
      status();
    },
    done: () => {
      clearInterval(timer);
      out.write('\r\x1b[2K');
    },
  };
}
