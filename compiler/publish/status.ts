/**
 * `remc status`: what the fleet's devices reported. For each script this repository owns, every
 * device's run state (Graph: deviceHealthScriptDeviceState, all pages, with the device's name), the
 * latest detection output of each (after the remediation when one ran, else before it), its last line
 * read by the protocol's one summary-line parser, and the devices counted by status word. An output
 * that is not a summary line of this remediation counts as `unparsed`, never guessed. The verdict on
 * the last fix a symptom triggered (the line's `fix of <time>: held | not held | unknown | not yet
 * proven` part) is counted too.
 */
import { lastOutputLine, parseProofPart, parseSummaryLine, type ProofVerdict, type Status } from '../protocol.ts';
import type { GraphClient } from './graph.ts';
import { listScripts, SCRIPTS } from './intune.ts';
import { ownershipOf } from './owner.ts';

/** A device's run state as Graph returns it, in the fields remc reads. */
interface RunState {
  readonly id?: string;
  readonly detectionState?: string;
  readonly remediationState?: string;
  readonly preRemediationDetectionScriptOutput?: string | null;
  readonly postRemediationDetectionScriptOutput?: string | null;
  readonly lastStateUpdateDateTime?: string;
  readonly managedDevice?: { readonly deviceName?: string | null } | null;
}

export interface DeviceStatus {
  readonly device: string;
  /** The summary line's status word, or 'unparsed'. */
  readonly status: Status | 'unparsed';
  /** The line's first part (what the first check said), or the output's last line when unparsed. */
  readonly reason: string;
  /** What became of the device's last fix a symptom triggered, when its line says: held, not held, pending, unknown. */
  readonly proof: ProofVerdict | null;
  readonly detectionState: string;
  readonly remediationState: string;
  readonly lastStateUpdate: string | null;
}

export interface RemediationStatus {
  readonly remediation: string;
  readonly scriptId: string;
  readonly displayName: string;
  readonly devices: number;
  readonly byStatus: Readonly<Record<string, number>>;
  readonly unparsed: number;
  /** Devices by the verdict on their last fix a symptom triggered (held, not held, pending, unknown); devices without one are not counted. */
  readonly proofs: Readonly<Partial<Record<ProofVerdict, number>>>;
  /** The most common reasons per status (numbers folded to N), most frequent first, at most three. */
  readonly reasons: Readonly<Record<string, readonly { readonly reason: string; readonly devices: number }[]>>;
  /** Intune's own states: detection (success, fail, scriptError ...) and remediation (success, remediationFailed ...). */
  readonly intune: { readonly detectionState: Readonly<Record<string, number>>; readonly remediationState: Readonly<Record<string, number>> };
  readonly deviceList: readonly DeviceStatus[];
}

/** The remediation ran on the device, so the detection after it is the latest word. */
const RAN = new Set(['success', 'remediationFailed', 'scriptError']);

/** The latest detection output of a device's run state. */
export function latestDetectionOutput(state: RunState): string {
  const post = state.postRemediationDetectionScriptOutput ?? '';
  return RAN.has(state.remediationState ?? '') && post.trim() !== '' ? post : (state.preRemediationDetectionScriptOutput ?? '');
}

/** One device, read: the last line of its latest detection output, parsed as this remediation's summary line. */
export function deviceStatus(remediation: string, state: RunState): DeviceStatus {
  const line = lastOutputLine(latestDetectionOutput(state));
  const parsed = parseSummaryLine(line);
  const ours = parsed !== undefined && parsed.remediation === remediation;
  return {
    device: state.managedDevice?.deviceName || state.id || '(unnamed device)',
    status: ours ? parsed.status : 'unparsed',
    reason: ours ? (parsed.parts[0] ?? '') : line.slice(0, 200),
    proof: ours ? (parsed.parts.map(parseProofPart).find((p) => p !== undefined)?.verdict ?? null) : null,
    detectionState: state.detectionState ?? 'unknown',
    remediationState: state.remediationState ?? 'unknown',
    lastStateUpdate: state.lastStateUpdateDateTime ?? null,
  };
}

function count(values: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return Object.fromEntries(Object.entries(out).sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1)));
}

/** The devices of one remediation, counted. */
export function summarize(remediation: string, scriptId: string, displayName: string, states: readonly RunState[]): RemediationStatus {
  const devices = states.map((s) => deviceStatus(remediation, s)).sort((a, b) => (a.device < b.device ? -1 : a.device > b.device ? 1 : 0));
  const parsed = devices.filter((d) => d.status !== 'unparsed');
  const reasons: Record<string, { reason: string; devices: number }[]> = {};
  for (const [status] of Object.entries(count(parsed.map((d) => d.status)))) {
    const folded = count(parsed.filter((d) => d.status === status && d.reason !== '').map((d) => d.reason.replace(/\d+/g, 'N')));
    reasons[status] = Object.entries(folded).slice(0, 3).map(([reason, n]) => ({ reason, devices: n }));
  }
  return {
    remediation,
    scriptId,
    displayName,
    devices: devices.length,
    byStatus: count(parsed.map((d) => d.status)),
    unparsed: devices.length - parsed.length,
    proofs: count(devices.flatMap((d) => (d.proof ? [d.proof] : []))),
    reasons,
    intune: { detectionState: count(devices.map((d) => d.detectionState)), remediationState: count(devices.map((d) => d.remediationState)) },
    deviceList: devices,
  };
}

export interface StatusOptions {
  readonly graph: GraphClient;
  readonly owner: string;
  /** Only these remediations. */
  readonly ids?: readonly string[];
}

/** Every owned script's devices, or the ids asked for that Intune does not hold. */
export async function fleetStatus(options: StatusOptions): Promise<{ remediations: RemediationStatus[]; missing: string[] }> {
  const scripts = (await listScripts(options.graph))
    .map((s) => ({ script: s, own: ownershipOf(s.description) }))
    .filter((s) => s.own?.owner === options.owner && (!options.ids?.length || options.ids.includes(s.own.remediation)));
  const missing = (options.ids ?? []).filter((id) => !scripts.some((s) => s.own!.remediation === id));
  const remediations: RemediationStatus[] = [];
  for (const { script, own } of scripts.sort((a, b) => (a.own!.remediation < b.own!.remediation ? -1 : 1))) {
    const states = await options.graph.list<RunState>(`${SCRIPTS}/${encodeURIComponent(script.id)}/deviceRunStates?$expand=managedDevice($select=deviceName)`);
    remediations.push(summarize(own!.remediation, script.id, script.displayName ?? '', states));
  }
  return { remediations, missing };
}
