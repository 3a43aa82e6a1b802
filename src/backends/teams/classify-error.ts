import { BackendError, type BackendErrorKind } from '../../errors.js';

const BY_MESSAGE: [RegExp, BackendErrorKind][] = [
  [/throttl|too many requests|\b429\b|rate limit/i, 'throttled'],
  [/not ready|may take|propagat|replicat|try again later/i, 'propagation'],
  [/unauthori[sz]ed|forbidden|\b401\b|\b403\b|AADSTS|access token|Connect-MicrosoftTeams/i, 'auth'],
  [/already exists|duplicate/i, 'already-exists'],
  [/linked .* exists|is used by|in use|is assigned to|already assigned/i, 'in-use'],
  [/not found|cannot find|does not exist|was not found|Management object not found/i, 'not-found'],
  [/cannot bind|parameter cannot be found|is not valid|must be|invalid/i, 'invalid'],
];

/**
 * The one place raw PowerShell failures become typed errors, from Teams' message text. Not from
 * the FullyQualifiedErrorId: the stand-in module's ids are its own, and classifying by them would
 * make tests pass that the real module would fail.
 */
export function classifyPwshError(message: string): BackendError {
  const kind = BY_MESSAGE.find(([re]) => re.test(message))?.[1] ?? 'other';
  const hint =
    kind === 'auth'
      ? 'check VOICEFORM_CLIENT_ID, the credential, and that the app has the Teams Administrator role'
      : undefined;
  return new BackendError(message, kind, { hint });
}
