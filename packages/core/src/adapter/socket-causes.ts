import type { ErrorCause } from '../errors.js';

/**
 * Node's socket-level error codes by cause, the same for every driver that talks over the network:
 * the endpoint refused or could not be reached (a temporary DNS failure too; ENOTFOUND, a wrong host
 * name, is left out and so not retried), the exchange broke off, or the socket timed out.
 * Adapters spread it into their own code tables.
 */
export const SOCKET_ERROR_CAUSES: Readonly<Record<string, ErrorCause>> = {
  ECONNREFUSED: 'connection_refused',
  EHOSTUNREACH: 'connection_refused',
  ENETUNREACH: 'connection_refused',
  EAI_AGAIN: 'connection_refused',
  ECONNRESET: 'connection_lost',
  ECONNABORTED: 'connection_lost',
  EPIPE: 'connection_lost',
  ETIMEDOUT: 'timeout',
  ESOCKETTIMEDOUT: 'timeout',
};
