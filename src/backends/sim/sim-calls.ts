import { createReadStream, promises as fs } from 'node:fs';
import { createInterface } from 'node:readline';
import { randomUUID } from 'node:crypto';
import {
  GRAPH_ZERO_DATE,
  type DirectRoutingCall,
  type HealthSource,
  type PstnCall,
  type ServiceMessage,
} from '../../model/call-records.js';

/**
 * The simulated tenant's call records live beside its file (PATH.calls.jsonl, one row a line),
 * not in it: every plan reads the tenant file, and a month of calls would make each read slow.
 */
export const callsFileOf = (tenantFile: string): string => `${tenantFile}.calls.jsonl`;

/** Reads the rows of a calls file that started in [from, to), `pageSize` at a time, streaming. */
export async function* readCallsFile(
  file: string,
  from: Date,
  to: Date,
  pageSize = 1000,
): AsyncGenerator<DirectRoutingCall[]> {
  const exists = await fs.stat(file).catch(() => undefined);
  if (!exists) return;
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  let page: DirectRoutingCall[] = [];
  const [f, t] = [from.getTime(), to.getTime()];
  for await (const line of lines) {
    if (!line) continue;
    const row = JSON.parse(line) as DirectRoutingCall;
    const at = Date.parse(row.startDateTime);
    if (at < f || at >= t) continue;
    page.push(row);
    if (page.length === pageSize) {
      yield page;
      page = [];
    }
  }
  if (page.length > 0) yield page;
}

/** Health's view of a simulated tenant: its calls file, and the Message Center posts its tenant file holds. */
export function simHealthSource(tenantFile: string): HealthSource {
  return {
    description: `simulated tenant ${tenantFile}`,
    directRoutingCalls: (from, to) => readCallsFile(callsFileOf(tenantFile), from, to),
    // The sim has no Calling Plan or Operator Connect traffic of its own.
    pstnCalls: async function* (): AsyncGenerator<PstnCall[]> {},
    async serviceMessages() {
      const state = JSON.parse(await fs.readFile(tenantFile, 'utf8')) as { serviceMessages?: ServiceMessage[] };
      return state.serviceMessages ?? [];
    },
    close: async () => undefined,
  };
}

export interface GenerateCalls {
  trunk: string;
  calls: number;
  /** Share of calls that fail with sipCode/subCode (spread evenly). */
  failureRate: number;
  sipCode: number;
  subCode: number;
  /** Average seconds of a successful call. */
  durationS: number;
  /** The window the calls spread over, ending at `now`. */
  sinceMs: number;
  now: Date;
}

/**
 * Call records as Graph would log them, spread evenly over the window: failures placed evenly
 * among them (exactly round(calls × failureRate)), successful ones of about `durationS` seconds.
 * Deterministic but for ids. Pure.
 */
export function generateCalls(g: GenerateCalls): DirectRoutingCall[] {
  const failures = Math.round(g.calls * g.failureRate);
  const out: DirectRoutingCall[] = [];
  const step = g.sinceMs / Math.max(1, g.calls);
  let failed = 0;
  for (let i = 0; i < g.calls; i++) {
    // Bresenham: call i fails when the running share of failures falls behind the target.
    const fails = Math.floor(((i + 1) * failures) / g.calls) > failed;
    if (fails) failed++;
    const start = new Date(g.now.getTime() - g.sinceMs + i * step + step / 2);
    const duration = fails ? 0 : Math.max(1, Math.round(g.durationS * (0.5 + ((i * 7919) % 100) / 100)));
    const inbound = i % 2 === 0;
    out.push({
      id: randomUUID(),
      correlationId: randomUUID(),
      userId: null,
      userPrincipalName: null,
      userDisplayName: null,
      startDateTime: start.toISOString(),
      inviteDateTime: new Date(start.getTime() - 2000).toISOString(),
      failureDateTime: fails ? start.toISOString() : GRAPH_ZERO_DATE,
      endDateTime: fails ? GRAPH_ZERO_DATE : new Date(start.getTime() + duration * 1000).toISOString(),
      duration,
      callType: inbound ? 'ByotIn' : 'ByotOut',
      successfulCall: !fails,
      callerNumber: '+4420712340**',
      calleeNumber: '+4420798760**',
      mediaPathLocation: 'EUWE',
      signalingLocation: 'EUNO',
      finalSipCode: fails ? g.sipCode : 0,
      callEndSubReason: fails ? g.subCode : 540000,
      finalSipCodePhrase: fails ? `SIP ${g.sipCode}` : 'BYE',
      trunkFullyQualifiedDomainName: g.trunk,
      mediaBypassEnabled: false,
    });
  }
  return out;
}

/** Appends rows to a calls file (one write). */
export async function appendCalls(file: string, rows: DirectRoutingCall[]): Promise<void> {
  const chunk = 10_000;
  for (let i = 0; i < rows.length; i += chunk)
    await fs.appendFile(
      file,
      rows
        .slice(i, i + chunk)
        .map((r) => `${JSON.stringify(r)}\n`)
        .join(''),
      { mode: 0o600 },
    );
}
