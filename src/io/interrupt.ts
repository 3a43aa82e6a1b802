/** How a command that waits can be stopped. */
export interface Interrupt {
  /** Ctrl-C (or SIGTERM) came: stop starting work, let running steps finish. */
  interrupted: () => boolean;
  /** A second Ctrl-C, or SIGTERM: stop waiting too (only when the caller asked for `onSecond`). */
  stopWaiting: () => boolean;
  dispose: () => void;
}

/**
 * Ctrl-C during a tenant write: the first SIGINT asks the executor to stop after the current
 * step (the journal then closes cleanly and the command exits 130). A second one is left to Node,
 * unless the caller has something to do first (`onSecond`: a batch waiting on other machines
 * writes its report, then stops waiting). With `onSecond`, SIGTERM (a service manager, `kill`)
 * counts as both at once: a stop that is never answered by a report is the defect it avoids.
 */
export function watchInterrupt(onFirst: () => void, onSecond?: () => void): Interrupt {
  let interrupted = false;
  let stopWaiting = false;
  const handler = (): void => {
    if (!interrupted) {
      interrupted = true;
      onFirst();
      return;
    }
    if (!onSecond) {
      process.removeListener('SIGINT', handler);
      return;
    }
    if (!stopWaiting) {
      stopWaiting = true;
      onSecond();
    }
  };
  const terminate = (): void => {
    if (!interrupted) {
      interrupted = true;
      onFirst();
    }
    handler();
  };
  process.on('SIGINT', handler);
  if (onSecond) process.on('SIGTERM', terminate);
  return {
    interrupted: () => interrupted,
    stopWaiting: () => stopWaiting,
    dispose: () => {
      process.removeListener('SIGINT', handler);
      process.removeListener('SIGTERM', terminate);
    },
  };
}
