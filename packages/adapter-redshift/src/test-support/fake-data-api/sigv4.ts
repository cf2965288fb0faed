import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { DataApiError, apiErrors } from './wire.js';

export interface FakeCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

const AUTHORIZATION = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/;

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();

/**
 * Checks a request's AWS Signature Version 4 the way the service does: the access key must be
 * known, the session token must match, and the signature must be the one computed from the
 * secret key over the canonical request. So a test passes only if the adapter handed the SDK
 * the right static credentials.
 */
export function verifySignature(method: string, path: string, headers: IncomingHttpHeaders, body: Buffer, credentials: FakeCredentials, service: string): void {
  const authorization = headers.authorization;
  if (!authorization) throw apiErrors.missingToken();
  const match = AUTHORIZATION.exec(authorization);
  if (!match) throw new DataApiError(400, 'IncompleteSignatureException', 'Authorization header requires Credential, SignedHeaders and Signature.');
  const [, accessKeyId, date, region, signedService, signedHeaderList, signature] = match as unknown as [string, string, string, string, string, string, string];
  if (accessKeyId !== credentials.accessKeyId) throw apiErrors.unrecognizedClient();
  if (headers['x-amz-security-token'] !== credentials.sessionToken) throw apiErrors.unrecognizedClient();
  if (signedService !== service) throw new DataApiError(400, 'InvalidSignatureException', `Credential should be scoped to correct service: '${service}'.`);

  const signedHeaders = signedHeaderList.split(';');
  const canonicalHeaders = signedHeaders.map((name) => `${name}:${headerValue(headers[name])}\n`).join('');
  const canonicalRequest = [method, path, '', canonicalHeaders, signedHeaderList, sha256(body)].join('\n');
  const amzDate = headerValue(headers['x-amz-date']);
  const scope = `${date}/${region}/${service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonicalRequest)].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${credentials.secretAccessKey}`, date), region), service), 'aws4_request');
  const expected = hmac(key, stringToSign);
  if (!timingSafeEqual(expected, Buffer.from(signature, 'hex'))) {
    // Like the real service, the message quotes what it signed, headers (and token) included.
    throw new DataApiError(
      400,
      'InvalidSignatureException',
      `The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.\n\nThe Canonical String for this request should have been\n'${canonicalRequest}'\n\nThe String-to-Sign should have been\n'${stringToSign}'\n`,
    );
  }
}

/** SigV4's canonical header value: trimmed, inner runs of spaces collapsed. */
function headerValue(value: string | string[] | undefined): string {
  const text = Array.isArray(value) ? value.join(',') : (value ?? '');
  return text.trim().replace(/\s+/g, ' ');
}
