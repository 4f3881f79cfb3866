/**
 * Type tests: a template never states its own name (the folder gives it) nor its factory's (the export
 * gives it), so a spec that states either does not compile. Never run: `tsc` checks the markers.
 */
import { defineTemplate, option } from 'remc';

export const stated = defineTemplate({
  // @ts-expect-error the template's name is its folder's
  name: 'service-state',
  title: 'Stated',
  summary: 'States its name.',
  defaultName: 'stated',
  options: { value: option.string() },
});

export const statedFactory = defineTemplate({
  // @ts-expect-error the factory's name is the export's
  factory: 'statedFactory',
  title: 'Stated factory',
  summary: 'States its factory.',
  defaultName: 'stated',
  options: {},
});
