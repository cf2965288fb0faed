/** Snowflake's response envelope: HTTP 200 with `success`, a `code` on failures and in-progress answers. */
export interface Envelope {
  readonly success: boolean;
  readonly code?: string | null;
  readonly message?: string | null;
  readonly data: unknown;
}

export const ok = (data: unknown = null): Envelope => ({ success: true, code: null, message: null, data });

export function failure(code: string, message: string, data: Record<string, unknown> = {}): Envelope {
  return { success: false, code, message, data: { errorCode: code, internalError: false, ...data } };
}

/** Codes the fake answers with, as Snowflake's services use them. */
export const Code = {
  queryInProgress: '333333',
  queryInProgressAsync: '333334',
  incorrectPassword: '390100',
  sessionTokenInvalid: '390104',
  sessionGone: '390111',
  sessionExpired: '390112',
  masterExpired: '390114',
  jwtInvalid: '390144',
  oauthInvalid: '390303',
  notExecuting: '000605',
} as const;

/** The answer while a statement has not finished: ask again at getResultUrl. */
export function inProgress(queryId: string, async: boolean): Envelope {
  return {
    success: true,
    code: async ? Code.queryInProgressAsync : Code.queryInProgress,
    message: async
      ? 'Asynchronous execution in progress. Use provided query id to perform query monitoring and management.'
      : 'Query execution in progress. Query will be aborted unless request for result is received within 300 seconds.',
    data: { queryId, getResultUrl: `/queries/${queryId}/result`, queryAbortsAfterSecs: 300, progressDesc: null },
  };
}
