/**
 * Builds on first call and keeps what was built; a build that fails is not kept, so a
 * configuration error fixed meanwhile (a Pulumi CLI installed, a file mounted) is picked
 * up by the next call, and concurrent calls share one build.
 */
export function keptOnceBuilt<T>(build: () => Promise<T>): () => Promise<T> {
  let built: Promise<T> | undefined;
  return () => {
    built ??= build().catch(error => {
      built = undefined;
      throw error;
    });
    return built;
  };
}
