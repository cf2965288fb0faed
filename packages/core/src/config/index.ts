// `@baselinr/core/config`: config loading alone, without the engine, the metrics or the stores,
// so checking a config file starts fast.
export { loadConfig, parseConfigText, validateConfig, type LoadConfigOptions } from './load.js';
export {
  configSchema,
  connectionSchema,
  METRIC_NAMES,
  type BaselinrConfig,
  type BaselinrConfigInput,
  type ConnectionConfig,
  type MetricName,
  type TableEntry,
} from './schema.js';
export { missingAdapter } from '../adapter/resolve.js';
