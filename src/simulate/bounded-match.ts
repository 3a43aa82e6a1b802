import vm from 'node:vm';
import { SpecInvalid } from '../errors.js';
import { backtrackingReason } from '../validate/portable-regex.js';

/** Tests a pattern against a dialled string. */
export type Matcher = (pattern: RegExp, input: string) => boolean;

export const plainMatch: Matcher = (pattern, input) => pattern.test(input);

/**
 * A matcher that gives up after `timeoutMs` (a pattern that backtracks catastrophically, e.g.
 * `^(\d+)+$` on 28 digits, would otherwise hang `simulate`): V8 interrupts a regex run inside a
 * vm script at its timeout. About 0.1 ms a call, so the CLI uses it and the pure core does not.
 */
export function boundedMatch(timeoutMs = 1000): Matcher {
  const context = vm.createContext({ re: /$/, s: '' });
  const script = new vm.Script('re.test(s)');
  return (pattern, input) => {
    context.re = pattern;
    context.s = input;
    try {
      return script.runInContext(context, { timeout: timeoutMs }) as boolean;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ERR_SCRIPT_EXECUTION_TIMEOUT') throw err;
      // Say what in this pattern backtracks, not a generic example of what could.
      const why = backtrackingReason(pattern.source);
      throw new SpecInvalid(
        `the pattern ${pattern.source} took more than ${timeoutMs} ms on "${input}": it backtracks catastrophically${why ? `: ${why}` : ''}`,
        [],
        why
          ? 'rewrite that part so that each character can be taken in one way only'
          : 'look for parts that can match the same digits in more than one way, such as (\\d+)+ or \\d*\\d*\\d*',
      );
    }
  };
}
