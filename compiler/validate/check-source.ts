/**
 * Where a check's PowerShell comes from: a template folder (built-in or the project's), or the files a
 * custom check names, as validation found them (compiler/validate/sources.ts); lowering puts it in the
 * model, emitting reads its files. Paths are absolute; `origin` is how headers and messages name it.
 */
export interface CheckSource {
  readonly kind: 'template' | 'custom';
  /** The template's folder name, or the custom check's name. */
  readonly name: string;
  readonly title: string;
  /** A relative name for headers and messages: `templates/service-state`, `remediations/x.probe.ps1`. */
  readonly origin: string;
  /** One of remc's own templates, which remc's own tests run (a project's template or a custom check: false). */
  readonly builtin: boolean;
  readonly probe: string;
  readonly fix: string | undefined;
  readonly seam: string | undefined;
  readonly native: string | undefined;
  /** Tests only: the fakes loaded by scenarios. */
  readonly fakes: string | undefined;
}
