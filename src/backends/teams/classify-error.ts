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
 * The one place raw PowerShell failures become typed errors: the FullyQualifiedErrorId when it
 * names a kind (the stand-in's `VoiceformSim.<kind>`), otherwise Teams' message text.
 */
export function classifyPwshError(message: string, errorId = ''): BackendError {
  const fromId = /VoiceformSim\.([a-z-]+)/.exec(errorId)?.[1] as BackendErrorKind | undefined;
  const kind = fromId ?? BY_MESSAGE.find(([re]) => re.test(message))?.[1] ?? 'other';
  const hint = kind === 'auth' ? 'check VOICEFORM_CLIENT_ID, the credential, and that the app has the Teams Administrator role' : undefined;
  return new BackendError(message, kind, { hint });
}
