import type { Connection, ConnectionOptions, ConfigureOptions } from 'snowflake-sdk';

/** The part of snowflake-sdk the adapter uses. */
export interface SnowflakeSdk {
  createConnection(options: ConnectionOptions): Connection;
  configure(options: ConfigureOptions): void;
}

let loading: Promise<SnowflakeSdk> | undefined;

/**
 * Imports snowflake-sdk on first use, so runs against other warehouses never pay for it (it pulls
 * in the AWS, Azure and GCP SDKs).
 *
 * At import the SDK starts probing cloud metadata endpoints (169.254.169.254, the GCE metadata
 * host, AWS STS) to report the platform at login. Off a cloud VM those probes only wait for
 * timeouts, and they send requests to hosts the user never configured; unless the user set
 * SNOWFLAKE_DISABLE_PLATFORM_DETECTION themselves, it is turned on before the import.
 */
export function loadSnowflakeSdk(): Promise<SnowflakeSdk> {
  loading ??= (async () => {
    process.env.SNOWFLAKE_DISABLE_PLATFORM_DETECTION ??= 'true';
    const mod = (await import('snowflake-sdk')) as unknown as { default?: SnowflakeSdk } & SnowflakeSdk;
    const sdk = mod.default ?? mod;
    // By default the SDK logs at INFO to ./snowflake.log and the console; Baselinr reports what matters itself.
    sdk.configure({ logLevel: 'OFF' });
    return sdk;
  })().catch((err: unknown) => {
    loading = undefined;
    throw err;
  });
  return loading;
}
