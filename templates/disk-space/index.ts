/**
 * diskSpace: a detect-only symptom source. It reads the free and total bytes of one volume (by default
 * the system drive, `%SystemDrive%`) and finds its symptom (is out of its desired state) when the free
 * space is below `minFreePercent` percent of the volume or below `minFreeGB`, whichever is given (at
 * least one must be). Another check acts on it with `onFinding(space)`, so a cleanup runs only when space
 * is low:
 *
 * ```ts
 * const space = diskSpace({ checkName: 'space', minFreePercent: 10, minFreeGB: 20 });
 * checks: [space, pathCleanup({ paths: ['%SystemRoot%\\SoftwareDistribution\\Download'], trigger: onFinding(space) })],
 * ```
 *
 * It reads the volume with `Get-CimInstance -ClassName Win32_LogicalDisk -Filter "DeviceID='C:'"`:
 * `FreeSpace` and `Size` are unsigned 64-bit byte counts, never text, so the result does not depend on
 * the device's language. GB are as Windows Explorer shows them (1 GB = 1024^3 bytes).
 *
 * A drive the device does not have, or a volume that is not ready (a card reader or DVD drive with no
 * medium, a volume not mounted), is a probe error, never "enough space": unknown means do nothing and
 * say so. The runtime then reports the error and never runs a fix on it.
 */
import { defineTemplate, option, type OptionProblem } from '../../compiler/declare/template.ts';

/** The options after defaults, as `validate` receives them. */
type Resolved = {
  readonly drive: string | undefined;
  readonly minFreePercent: number | undefined;
  readonly minFreeGB: number | undefined;
};

export const diskSpace = defineTemplate({
  title: 'Disk space',
  summary:
    'Detect-only symptom source: finds its symptom when a volume (the system drive by default) has less free space than minFreePercent ' +
    'or minFreeGB; use onFinding(signal) as the trigger of a cleanup.',
  defaultName: 'space',
  options: {
    /** The drive letter of the volume, with its colon, e.g. `'D:'`. */
    drive: option.string({ pattern: /^[A-Za-z]:$/, patternText: "is not a drive letter with its colon, such as 'D:'", defaultText: 'the system drive (%SystemDrive%)' }),
    /**
     * The symptom: less free space than this percentage of the volume's size (more than 0, less than
     * 100), e.g. `10`. Give this, `minFreeGB`, or both (either one below its threshold is the symptom).
     */
    minFreePercent: option.number({ min: 0.1, max: 99.9, defaultText: 'none' }),
    /**
     * The symptom: less free space than this many GB (1 GB = 1024^3 bytes, as Explorer counts), e.g.
     * `20`. Give this, `minFreePercent`, or both.
     */
    minFreeGB: option.number({ min: 0.1, max: 1048576, defaultText: 'none' }),
  },
  validate: (resolved) => {
    const props = resolved as Resolved;
    const problems: OptionProblem[] = [];
    if (props.minFreePercent === undefined && props.minFreeGB === undefined) {
      problems.push({ message: 'needs a threshold: minFreePercent, minFreeGB or both', hint: 'e.g. diskSpace({ minFreePercent: 10 }) finds its symptom below 10 % free.' });
    }
    return problems;
  },
});
