// Loads the modules named on the command line, as the ekyc-regions backend's process
// would, and prints how long that took, the heap and RSS after it, and whether the AWS
// SDK for Pulumi came with them. One JSON line; bench/dashboard-load.sh runs it.
import path from 'node:path';

const started = process.hrtime.bigint();
for (const request of process.argv.slice(2)) {
  require(request.startsWith('.') ? path.resolve(request) : request);
}
const loadMs = Number(process.hrtime.bigint() - started) / 1e6;
global.gc?.();
const { heapUsed, rss } = process.memoryUsage();
const mib = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;
console.log(
  JSON.stringify({
    loadMs: Math.round(loadMs),
    heapUsedMiB: mib(heapUsed),
    rssMiB: mib(rss),
    modules: Object.keys(require.cache).length,
    pulumiAwsLoaded: Object.keys(require.cache).some(file =>
      file.includes('/node_modules/@pulumi/aws/'),
    ),
  }),
);
