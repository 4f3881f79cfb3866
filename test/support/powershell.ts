/**
 * The one gate for suites that need real PowerShell: they run when the toolchain is installed
 * (node test/setup/powershell.mjs), are skipped with a loud line when it is not, and fail instead
 * when REMC_REQUIRE_POWERSHELL=1 (as .ci/run sets), so CI can never go green without them.
 */
import { describe, it } from 'vitest';
import { locateToolchain, requireToolchain, SETUP_HINT, type Toolchain } from '../../compiler/pester/toolchain.ts';

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
  describe.skipIf(!toolchain)(name, { timeout: 120_000, ...(options.concurrent ? { concurrent: true } : {}) }, body);
}
