/**
 * GET or POST with a timeout; throws an Error that says which URL failed and how
 * (unreachable, timed out, or the status and the start of the body).
 */
export async function fetchJson(
  url: string,
  options: {
    headers?: Record<string, string>;
    body?: URLSearchParams;
    timeoutMs: number;
  },
): Promise<unknown> {
  const where = url.replace(/\?.*$/, '');
  let response: Response;
  try {
    response = await fetch(url, {
      method: options.body ? 'POST' : 'GET',
      headers: { Accept: 'application/json', ...options.headers },
      body: options.body,
      signal: AbortSignal.timeout(options.timeoutMs),
    });
  } catch (error) {
    const reason =
      (error as Error).name === 'TimeoutError'
        ? `no answer within ${options.timeoutMs} ms`
        : String(
            (error as { cause?: Error }).cause?.message ??
              (error as Error).message,
          );
    throw new Error(`${where} is unreachable: ${reason}`);
  }
  const text = await response.text();
  if (!response.ok) {
    throw new Error(
      `${where} answered ${response.status} ${
        response.statusText
      }: ${text.slice(0, 300)}`,
    );
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(
      `${where} answered with something that is not JSON: ${text.slice(
        0,
        120,
      )}`,
    );
  }
}
