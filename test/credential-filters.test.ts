import { describe, expect, it } from 'vitest';
import { DEFAULT_CREDENTIAL_TARGETS, enumerationFilters } from '../templates/credential-purge/index.ts';

describe('credential-purge enumeration filters', () => {
  it.each([
    [DEFAULT_CREDENTIAL_TARGETS, ['MicrosoftOffice1*', 'msteams_adalsso/*']],
    [['exact-target'], ['exact-target*']],
    // A prefix covered by a shorter one adds nothing; case does not make it another.
    [['Contoso*', 'contoso:app/*', 'Fabrikam?x'], ['Contoso*', 'Fabrikam*']],
    // A target that starts with a wildcard has no prefix: the whole set must be read.
    [['msteams_adalsso/*', '*Session'], []],
    [['?abc'], []],
  ])('%j -> %j', (targets, filters) => {
    expect(enumerationFilters(targets)).toEqual(filters);
  });
});
