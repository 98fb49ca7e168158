export * from './kubernetes';
export * from './aws';
export { byTarget } from './byTarget';
