import type { Page } from 'playwright-core';

export declare const CHROMIUM_PATH: string;
export declare function chromiumAvailable(): boolean;
export declare function inspectInChromium<T>(
  file: string,
  inspect: (page: Page) => Promise<T>,
  viewport?: { width?: number; height?: number },
): Promise<{ result: T; requests: string[]; errors: string[] }>;
