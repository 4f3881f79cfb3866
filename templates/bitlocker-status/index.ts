/**
 * bitLockerStatus: a detect-only check that reports the BitLocker protection of the machine's volumes
 * through CIM (`Win32_EncryptableVolume` in `root\cimv2\Security\MicrosoftVolumeEncryption`), never
 * through the localized text of `manage-bde`. The OS volume must be protected (ProtectionStatus 1:
 * encrypted with its key protectors on); fixed data volumes are reported, and required too when
 * `requireFixedDataVolumes` is set or `mountPoints` names them.
 *
 * Why it is safe: it only reads (one CIM query with a bounded timeout) and fixes nothing. Another check
 * can act on it with `onFinding(bitlocker)`.
 *
 * A machine without BitLocker (the WMI provider is not installed, e.g. Windows Server without the
 * BitLocker feature) or without any encryptable volume is reported as out of its desired state,
 * "BitLocker not available", with the reason in its facts: the question is whether the OS volume is
 * protected, and on such a machine the answer is a definite no, not "cannot tell". Only a query that
 * fails (access denied, WMI broken) is a probe error.
 */
import { defineTemplate, option } from '../../compiler/declare/template.ts';

/** A drive letter with its colon, e.g. `D:`. */
const DRIVE_LETTER = /^[A-Za-z]:$/;

export const bitLockerStatus = defineTemplate({
  title: 'BitLocker status',
  summary:
    'Detect-only: reports the BitLocker protection of the OS volume and the fixed data volumes (CIM Win32_EncryptableVolume), ' +
    'e.g. "C: protected (XTS-AES 128); D: not protected (not encrypted; not required)"; out of its desired state when a required volume is not protected.',
  defaultName: 'bitlocker',
  // Win32_EncryptableVolume answers administrators only (SYSTEM under Intune), and its provider is
  // reached from 64-bit PowerShell (a 32-bit host may not see the namespace at all).
  requirements: { runAs: ['system'], needsAdmin: true, needs64Bit: true },
  options: {
    /**
     * Every fixed data volume (VolumeType 1, e.g. a second internal disk) must be protected too. Left
     * false, they are only reported; removable (portable) volumes are never required unless
     * `mountPoints` names them.
     */
    requireFixedDataVolumes: option.boolean({ default: false }),
    /**
     * Drive letters that must also be protected when the machine has them, e.g. `['D:']`. A letter the
     * machine does not have is reported ("E: not present"), not counted against it.
     */
    mountPoints: option.custom<readonly string[]>(
      'an array of drive letters such as "D:"',
      { type: 'array', items: { type: 'string', pattern: DRIVE_LETTER.source } },
      (value) => {
        if (!Array.isArray(value)) return `expected an array of drive letters such as "D:", got ${typeof value}`;
        const bad = value.findIndex((v) => typeof v !== 'string' || !DRIVE_LETTER.test(v));
        return bad >= 0 ? `item ${bad} (${JSON.stringify(value[bad])}) is not a drive letter such as "D:"` : undefined;
      },
      { default: [] },
    ),
  },
});
