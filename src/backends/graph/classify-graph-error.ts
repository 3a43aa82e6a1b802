import { BackendError, type BackendErrorKind } from '../../errors.js';

/** The one place Graph failures (status + error.code) become typed errors. */
export function classifyGraphError(status: number, code: string | undefined, message: string): BackendError {
  const kind: BackendErrorKind =
    status === 429
      ? 'throttled'
      : status === 503 || status === 504
        ? 'throttled'
        : status === 401 || status === 403
          ? 'auth'
          : status === 404 || code === 'Request_ResourceNotFound'
            ? 'not-found'
            : status === 409
              ? 'already-exists'
              : status === 400
                ? 'invalid'
                : 'other';
  return new BackendError(`Graph ${status}${code ? ` ${code}` : ''}: ${message}`, kind);
}
