import { defineRemediation, registryValue } from 'remc';

// NumLock on at the sign-in screen. The sign-in screen reads the keyboard settings of the .DEFAULT
// profile (HKEY_USERS\.DEFAULT), which only SYSTEM may write: a user remediation would be a type error.
// InitialKeyboardIndicators is a REG_SZ; "2" turns NumLock on.
export default defineRemediation({
  id: 'numlock-sign-in',
  displayName: 'NumLock on at the sign-in screen',
  description: 'Keeps InitialKeyboardIndicators of the .DEFAULT profile at "2", so NumLock is on when Windows shows the sign-in screen.',
  publisher: 'Contoso IT',
  runAs: 'system',
  checks: [registryValue({ path: 'HKU:\\.DEFAULT\\Control Panel\\Keyboard', name: 'InitialKeyboardIndicators', value: '2' })],
});
