/** `remc setup`: installs (or checks) what remc test runs on, a line per step. */
import { setup } from '../proof/setup.ts';
import type { Args } from './args.ts';

export async function runSetup(args: Args): Promise<number> {
  const result = await setup({ verify: args.flags.has('--verify'), log: (line) => console.log(line) });
  if (!result.ok) {
    console.error(`remc setup: ${result.error}`);
    return 1;
  }
  return 0;
}
