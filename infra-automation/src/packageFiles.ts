import path from 'node:path';

/** A file shipped with this package (price table, policy pack), wherever it is installed. */
export function packageFile(...segments: string[]): string {
  return path.join(
    path.dirname(require.resolve('@internal/infra-automation/package.json')),
    ...segments,
  );
}
