import type { Logger } from '@aws-lambda-powertools/logger';

export interface Credentials {
  readonly userId?: string;
  readonly apiToken?: string;
  /** How to name what is missing, for the tool error. */
  readonly names: readonly [string, string];
  /** Why the secret could not be read, when it could not (never a value of it). */
  readonly problem?: string;
}

/** The variables that carry the credentials when no secret is used. */
export const CREDENTIAL_NAMES = ['QUANTCONNECT_USER_ID', 'QUANTCONNECT_API_TOKEN'] as const;

/** Secret cache lifetime: a rotated secret takes effect within this many seconds. */
export const DEFAULT_SECRET_MAX_AGE_SECONDS = 300;

const clean = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined);

/**
 * Why a secret read failed, in words safe to log and show: AWS's own error name and message (a
 * missing permission, a missing secret), but never a parse error's text, which quotes the value.
 */
export function explain(error: unknown): { reason: string; detail: string } {
  if (!(error instanceof Error)) return { reason: 'unknown', detail: 'the read failed' };
  if (error.name === 'TransformParameterError') return { reason: error.name, detail: 'the secret is not JSON of the form {"userId": "...", "apiToken": "..."}' };
  const cause = error.cause instanceof Error ? error.cause : undefined;
  if (cause) return { reason: cause.name, detail: cause.message.slice(0, 300) };
  return { reason: error.name, detail: error.name === 'GetParameterError' ? error.message.slice(0, 300) : 'the read failed' };
}

/**
 * The QuantConnect credentials: QUANTCONNECT_USER_ID and QUANTCONNECT_API_TOKEN when both are set,
 * else the JSON secret ({ "userId", "apiToken" }) named by QUANTCONNECT_SECRET_ID, read through
 * Powertools Parameters with a cache TTL. A missing or unreadable secret leaves them unset: the
 * server still lists its tools, and each call says what to set.
 */
export async function resolveCredentials(env: NodeJS.ProcessEnv, logger: Logger): Promise<Credentials> {
  const fromEnv = { userId: clean(env.QUANTCONNECT_USER_ID), apiToken: clean(env.QUANTCONNECT_API_TOKEN) };
  const secretId = clean(env.QUANTCONNECT_SECRET_ID);
  if ((fromEnv.userId && fromEnv.apiToken) || !secretId) {
    return { ...fromEnv, names: CREDENTIAL_NAMES };
  }
  const names = [`"userId" in the secret ${secretId}`, `"apiToken" in the secret ${secretId}`] as const;
  const maxAge = Number(env.QUANTCONNECT_SECRET_MAX_AGE_SECONDS ?? DEFAULT_SECRET_MAX_AGE_SECONDS);
  try {
    const { getSecret } = await import('@aws-lambda-powertools/parameters/secrets');
    const secret = await getSecret<Record<string, unknown>>(secretId, { transform: 'json', maxAge });
    return { userId: clean(secret?.userId), apiToken: clean(secret?.apiToken), names };
  } catch (error) {
    // The secret's name and the failure (AWS's own message: the missing permission, the missing secret), never a value.
    const { reason, detail } = explain(error);
    logger.error('Could not read the QuantConnect credentials secret', { secretId, reason, detail });
    return { names, problem: `the secret ${secretId} could not be read (${reason}: ${detail})` };
  }
}
