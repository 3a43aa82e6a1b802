import { BackendError } from '../../errors.js';

/** What Teams answers to a cmdlet it refuses, as the backend error the executor classifies. */
export const refuse = (message: string, kind: BackendError['kind']): never => {
  throw new BackendError(message, kind);
};
