/**
 * The one gate for suites that need real PowerShell: they run when the toolchain is installed
 * (remc setup), are skipped with a loud line when it is not, and fail instead
 * when REMC_REQUIRE_POWERSHELL=1 (as .ci/run sets), so CI can never go green without them.
 */
import { describe, it } from 'vitest';
import { locateToolchain, requireToolchain, SETUP_HINT, type Toolchain } from '../../compiler/proof/toolchain.ts';

export const toolchain: Toolchain | undefined = locateToolchain();

/** `concurrent`: the suite's tests run side by side (each starts its own pwsh processes). */
export function describePowerShell(name: string, body: () => void, options: { concurrent?: boolean } = {}): void {
  if (!toolchain) {
    if (process.env['REMC_REQUIRE_POWERSHELL'] === '1') {
      describe(`${name} (REMC_REQUIRE_POWERSHELL=1)`, () => {
        it('needs the PowerShell toolchain', () => {
          requireToolchain();
        });
      });
    } else {
      console.warn(`\n*** POWERSHELL SUITE SKIPPED: ${name}: ${SETUP_HINT} ***\n`);
    }
  }
  // Generous: these suites start many pwsh processes, and a busy 2-core machine makes each one slow.
  // A limit here only catches a hang; speed is the benchmark's business (npm run bench).
  describe.skipIf(!toolchain)(name, { timeout: 900_000, ...(options.concurrent ? { concurrent: true } : {}) }, body);
}
