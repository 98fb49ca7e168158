/**
 * The Pulumi side of the eKYC portal.
 *
 * @packageDocumentation
 */
export * from './spec';
export * from './runner';
export * from './components/kubernetes';
export * from './programs';
export * from './components/aws';
export * from './cost';
export * from './policy';
