// GitHub's REST API played by a local HTTP server that records every call: GitHub
// cannot be reached from the build machine. Used by the jest and end-to-end tests.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedCall {
  method: string;
  path: string;
  authorization?: string;
  body: any;
}

export async function startGitHubDouble() {
  const calls: RecordedCall[] = [];
  // Calls still to refuse with 422, which Octokit does not retry.
  let failing = 0;
  // The comments posted, by issue path, which a GET of that path lists.
  const comments = new Map<string, Array<{ id: number; body: string }>>();
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', chunk => (body += chunk));
    req.on('end', () => {
      calls.push({
        method: req.method!,
        path: req.url!,
        authorization: req.headers.authorization,
        body: body ? JSON.parse(body) : undefined,
      });
      if (failing > 0) {
        failing -= 1;
        res.writeHead(422, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ message: 'Validation Failed (double)' }));
        return;
      }
      const path = req.url!.split('?')[0];
      const posted = comments.get(path) ?? [];
      if (/\/issues\/\d+\/comments$/.test(path) && req.method === 'POST') {
        posted.push({ id: calls.length, body: JSON.parse(body).body });
        comments.set(path, posted);
      }
      res.writeHead(req.method === 'POST' ? 201 : 200, {
        'content-type': 'application/json',
      });
      res.end(
        JSON.stringify(
          req.method === 'GET' && path.endsWith('/comments')
            ? posted
            : { id: calls.length },
        ),
      );
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    calls,
    /** Refuses the next `count` calls, as GitHub refuses a comment it will not take. */
    refuseNext: (count: number) => {
      failing = count;
    },
    close: () => new Promise(resolve => server.close(resolve)),
  };
}
