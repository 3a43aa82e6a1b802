import type { Change } from '../plan/plan-types.js';

/** What the executor reports; listeners (journal, progress) act on these, never the executor itself. */
export type ApplyEvent =
  | { type: 'start'; total: number }
  | { type: 'step-started'; step: number; total: number; change: Change }
  | { type: 'step-done'; step: number; total: number; change: Change }
  | { type: 'step-failed'; step: number; total: number; change: Change; error: string }
  /** What was reported so far must be durable before the executor goes on (the journal flushes here). */
  | { type: 'checkpoint' }
  | { type: 'finish'; status: 'applied' | 'failed' | 'interrupted'; done: number; total: number };

export type ApplyListener = (event: ApplyEvent) => void;
