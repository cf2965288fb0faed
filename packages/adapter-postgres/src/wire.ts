/*
 * The PostgreSQL wire-protocol building blocks, for adapters of engines that speak the protocol
 * (Redshift): a pg pool with per-connection settings, the mapping of Baselinr's connection config
 * onto it, and a statement runner that cancels on the server. One copy, shared, not forked.
 */
export { createPool, type PoolOptions } from './pool.js';
export { applicationName, poolConfig, type ExtraParam, type PoolSettings } from './pool-config.js';
export { StatementRunner } from './statement-runner.js';
