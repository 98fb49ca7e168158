/**
 * Reads until `done` says so or `timeoutMs` has passed, every `everyMs`; returns the last
 * reading, for the caller's assertions to judge (and to show when they fail).
 */
export async function until<T>(
  read: () => T | Promise<T>,
  done: (value: T) => boolean,
  timeoutMs: number,
  everyMs = 1000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!done(value) && Date.now() < deadline) {
    await new Promise(resolve => setTimeout(resolve, everyMs));
    value = await read();
  }
  return value;
}
