/**
 * The Pulumi side of the eKYC portal. Import what you use from its entry points, each
 * loading only what it needs: `/runner` (Automation API runner, progress, Pulumi CLI and
 * backend settings, stack outputs), `/programs` (the kubernetes and aws targets),
 * `/cost` and `/policy`. The spec, residency and
 * vocabulary are in @internal/ekyc-domain. Here: the seam between programs and runner.
 *
 * @packageDocumentation
 */
export type { EnvironmentTarget, TopologyTarget } from './target';
