/**
 * Ctrl-C during a tenant write: the first SIGINT asks the executor to stop after the current
 * step (the journal then closes cleanly and the command exits 130); a second one is left to Node.
 */
export function watchInterrupt(onFirst: () => void): { interrupted: () => boolean; dispose: () => void } {
  let interrupted = false;
  const handler = (): void => {
    if (interrupted) {
      process.removeListener('SIGINT', handler);
      return;
    }
    interrupted = true;
    onFirst();
  };
  process.on('SIGINT', handler);
  return { interrupted: () => interrupted, dispose: () => void process.removeListener('SIGINT', handler) };
}
