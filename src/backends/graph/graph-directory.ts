import pMap from 'p-map';
import { BackendError } from '../../errors.js';
import type { DirectoryUser } from '../../model/tenant-state.js';
import { odataString } from './odata.js';
import { classifyGraphError } from './classify-graph-error.js';
import type { GraphClient } from './graph-client.js';
import { fieldsOf } from '../../model/fields-of.js';

/** Graph takes at most 20 requests per $batch and 15 values per `in` filter. */
export const BATCH_SIZE = 20;
export const IN_FILTER_SIZE = 15;
/** $batch round trips in flight at once. */
export const BATCHES_IN_PARALLEL = 4;
/** From this many users on, configurations are read as the paged list rather than by id. */
export const PAGED_CONFIGURATIONS_FROM = 200;
export interface GraphUser {
  id: string;
  userPrincipalName: string;
  accountEnabled: boolean;
  usageLocation: string | null;
  assignedLicenses: { skuId: string; disabledPlans?: string[] }[];
}

/**
 * What Voiceform reads of Graph's types, every field of its own types (checked at compile time)
 * held to Microsoft's metadata by test/unit/graph-contract.test.ts. A user is read with exactly
 * these in `$select`.
 */
export const USER_FIELDS = fieldsOf<GraphUser>()([
  'id',
  'userPrincipalName',
  'accountEnabled',
  'usageLocation',
  'assignedLicenses',
]);
export const ASSIGNED_LICENSE_FIELDS = fieldsOf<GraphUser['assignedLicenses'][number]>()(['skuId', 'disabledPlans']);
const USER_SELECT = USER_FIELDS.join(',');

/** `/admin/teams/userConfigurations/{id}`: a user's numbers and effective policies. */
export interface TeamsUserConfiguration {
  id: string;
  userPrincipalName: string;
  telephoneNumbers: { telephoneNumber: string; assignmentCategory: string }[];
  effectivePolicyAssignments: {
    policyType: string;
    policyAssignment: { displayName: string; assignmentType: string };
  }[];
}
type EffectivePolicyAssignment = TeamsUserConfiguration['effectivePolicyAssignments'][number];
export const TEAMS_USER_CONFIGURATION_FIELDS = fieldsOf<TeamsUserConfiguration>()([
  'id',
  'userPrincipalName',
  'telephoneNumbers',
  'effectivePolicyAssignments',
]);
export const ASSIGNED_TELEPHONE_NUMBER_FIELDS = fieldsOf<TeamsUserConfiguration['telephoneNumbers'][number]>()([
  'telephoneNumber',
  'assignmentCategory',
]);
export const EFFECTIVE_POLICY_ASSIGNMENT_FIELDS = fieldsOf<EffectivePolicyAssignment>()([
  'policyType',
  'policyAssignment',
]);
export const POLICY_ASSIGNMENT_FIELDS = fieldsOf<EffectivePolicyAssignment['policyAssignment']>()([
  'displayName',
  'assignmentType',
]);

/** A subscribedSku as Graph gives it, the fields read. */
interface SubscribedSku {
  skuId: string;
  skuPartNumber: string;
  capabilityStatus?: string;
  consumedUnits: number;
  prepaidUnits: { enabled: number };
  servicePlans: { servicePlanId: string; servicePlanName: string }[];
}
export const SUBSCRIBED_SKU_FIELDS = fieldsOf<SubscribedSku>()([
  'skuId',
  'skuPartNumber',
  'capabilityStatus',
  'consumedUnits',
  'prepaidUnits',
  'servicePlans',
]);
export const LICENSE_UNITS_FIELDS = fieldsOf<SubscribedSku['prepaidUnits']>()(['enabled']);
export const SERVICE_PLAN_FIELDS = fieldsOf<SubscribedSku['servicePlans'][number]>()([
  'servicePlanId',
  'servicePlanName',
]);

/** A domain, the fields read. */
interface GraphDomain {
  id: string;
  isVerified: boolean;
}
export const DOMAIN_FIELDS = fieldsOf<GraphDomain>()(['id', 'isVerified']);

export interface GraphSku {
  skuId: string;
  skuPartNumber: string;
  enabled: number;
  consumed: number;
  /** Service plan names: Teams Phone is MCOEV*, Calling Plans MCOPSTN* (never hard-coded GUIDs). */
  servicePlans: string[];
  /** The same plans' ids (what a licence's disabledPlans name). */
  servicePlanIds: string[];
}

/**
 * Does a user have Teams Phone: a licence whose SKU carries an MCOEV* plan that the licence does
 * not disable. A SKU alone says nothing (an E5 with Teams Phone switched off has none).
 */
export function userHasTeamsPhone(u: GraphUser, skus: GraphSku[]): boolean {
  return u.assignedLicenses.some((l) => {
    const sku = skus.find((s) => s.skuId === l.skuId);
    const off = new Set((l.disabledPlans ?? []).map((id) => id.toLowerCase()));
    return (
      sku?.servicePlans.some(
        (name, i) => /^MCOEV/i.test(name) && !off.has(String(sku.servicePlanIds[i]).toLowerCase()),
      ) ?? false
    );
  });
}

export interface LicenceWrite {
  userId: string;
  /** Set before licences are added (undefined: leave it). */
  usageLocation?: string;
  add: string[];
  remove: string[];
  /** Clear the usage location after the licences are removed (a rollback to "never set"). */
  clearUsageLocation?: boolean;
}

export interface InnerRequest {
  id: string;
  method: string;
  url: string;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface BatchResponse {
  id: string;
  status: number;
  headers?: Record<string, string>;
  body?: { value?: GraphUser[]; status?: string; error?: { code?: string; message?: string } };
}

export const isTeamsPhoneSku = (sku: GraphSku): boolean => sku.servicePlans.some((p) => /^MCOEV/i.test(p));
export const isCallingPlanSku = (sku: GraphSku): boolean => sku.servicePlans.some((p) => /^MCOPSTN/i.test(p));

/**
 * Directory facts and writes through Microsoft Graph. Users are read 15 to a `$filter ... in`
 * request and 20 requests to a `$batch` (300 users a round trip); inner responses that come back
 * 429/503 are retried here (the client's RetryHandler only retries whole requests), honouring
 * Retry-After, within a time budget.
 */
export class GraphDirectory {
  constructor(
    private readonly client: GraphClient,
    private readonly options: {
      /** How long one $batch call may spend waiting out throttling in all (default 5 min). */
      throttleBudgetMs?: number;
      operationBudgetMs?: number;
      concurrency?: number;
    } = {},
  ) {}

  /**
   * Sends requests in $batch round trips of 20, retrying inner 429/503/504 responses after the
   * largest Retry-After until all have a final answer. Graph's throttling guidance is to wait as
   * long as Retry-After says, then retry (concepts/throttling.md): the wait is honoured whole, and
   * the call gives up only when the next wait would pass its time budget. Responses come back by id.
   */
  async batch(requests: InnerRequest[]): Promise<Map<string, BatchResponse>> {
    const answers = new Map<string, BatchResponse>();
    const deadline = Date.now() + (this.options.throttleBudgetMs ?? 5 * 60_000);
    let pending = requests;
    while (pending.length > 0) {
      const retry: InnerRequest[] = [];
      let wait = 0;
      const slices = Array.from({ length: Math.ceil(pending.length / BATCH_SIZE) }, (_, i) =>
        pending.slice(i * BATCH_SIZE, (i + 1) * BATCH_SIZE),
      );
      // A few $batch round trips at once: Graph serves them in parallel, and 429s slow the rest down anyway.
      await pMap(
        slices,
        async (slice) => {
          const { responses } = (await graphCall(() => this.client.api('/$batch').post({ requests: slice }))) as {
            responses: BatchResponse[];
          };
          for (const r of responses) {
            if (r.status === 429 || r.status === 503 || r.status === 504) {
              retry.push(slice.find((q) => q.id === r.id)!);
              wait = Math.max(wait, retryAfterSeconds(r.headers));
            } else answers.set(r.id, r);
          }
        },
        { concurrency: this.options.concurrency ?? BATCHES_IN_PARALLEL },
      );
      if (retry.length > 0) {
        if (Date.now() + wait * 1000 > deadline)
          throw new BackendError(
            `Graph kept throttling ${retry.length} request(s) of a $batch (next Retry-After ${wait} s is past the ${Math.round((this.options.throttleBudgetMs ?? 300_000) / 1000)} s budget)`,
            'throttled',
          );
        await sleep(wait * 1000);
      }
      pending = retry;
    }
    return answers;
  }

  async readUsers(upns: string[]): Promise<Map<string, GraphUser | null>> {
    const found = new Map<string, GraphUser | null>(upns.map((u) => [u.toLowerCase(), null]));
    const requests: InnerRequest[] = [];
    for (let i = 0; i < upns.length; i += IN_FILTER_SIZE) {
      const chunk = upns.slice(i, i + IN_FILTER_SIZE);
      // encodeURIComponent sends '+' as %2B: a bare '+' would arrive as a space.
      const filter = encodeURIComponent(`userPrincipalName in (${chunk.map(odataString).join(',')})`);
      requests.push({
        id: String(requests.length),
        method: 'GET',
        url: `/users?$select=${USER_SELECT}&$filter=${filter}`,
      });
    }
    for (const r of (await this.batch(requests)).values()) {
      if (r.status >= 400)
        throw classifyGraphError(r.status, r.body?.error?.code, r.body?.error?.message ?? 'user lookup failed');
      for (const u of r.body?.value ?? []) found.set(u.userPrincipalName.toLowerCase(), u);
    }
    return found;
  }

  /**
   * Many number assignments: the POSTs (202 + Location) in $batch round trips, then the
   * operations polled in $batch round trips until each succeeded, failed or was skipped.
   * Returns, per request, undefined or the error.
   */
  async numberOperations(
    ops: { action: 'assignNumber' | 'unassignNumber'; body: Record<string, unknown> }[],
  ): Promise<(Error | undefined)[]> {
    const results: (Error | undefined)[] = ops.map(() => undefined);
    const posted = await this.batch(
      ops.map((op, i) => ({
        id: String(i),
        method: 'POST',
        url: `/admin/teams/telephoneNumberManagement/numberAssignments/${op.action}`,
        body: op.body,
        headers: { 'Content-Type': 'application/json' },
      })),
    );
    let polling = new Map<string, string>();
    for (const [id, r] of posted) {
      const location = r.headers?.Location ?? r.headers?.location;
      if (r.status !== 202 || !location)
        results[Number(id)] = classifyGraphError(
          r.status,
          r.body?.error?.code,
          r.body?.error?.message ?? `${ops[Number(id)]!.action} failed`,
        );
      else polling.set(id, new URL(location).pathname.replace(/^\/v1\.0/, ''));
    }
    // Number operations are long-running: Microsoft documents no bound, so the budget is generous.
    const deadline = Date.now() + (this.options.operationBudgetMs ?? 10 * 60_000);
    for (let attempt = 0; polling.size > 0; attempt++) {
      if (Date.now() > deadline)
        throw new BackendError(`${polling.size} number operation(s) did not finish in time`, 'propagation');
      // An operation just accepted has not finished: the first look waits too (fewer polls, not only less time).
      await sleep(Math.min(1000 * 2 ** attempt, 10_000));
      const answers = await this.batch([...polling].map(([id, url]) => ({ id, method: 'GET', url })));
      const next = new Map<string, string>();
      for (const [id, r] of answers) {
        const op = unwrapEntity(r.body) as NumberOperation | undefined;
        if (r.status >= 400)
          results[Number(id)] = classifyGraphError(
            r.status,
            r.body?.error?.code,
            r.body?.error?.message ?? 'operation lookup failed',
          );
        else if (op?.status === 'failed' || op?.status === 'skipped')
          results[Number(id)] = classifyGraphError(
            400,
            undefined,
            `${ops[Number(id)]!.action} ${op.status}: ${operationDetail(op)}`,
          );
        else if (op?.status !== 'succeeded') next.set(id, polling.get(id)!);
      }
      polling = next;
    }
    return results;
  }

  /**
   * Teams user configurations (numbers, effective policies) by user id; null when absent. Few
   * users: by id, 20 to a $batch. Many: the whole list, paged 999 at a time, is fewer requests.
   */
  async readUserConfigurations(ids: string[]): Promise<Map<string, TeamsUserConfiguration | null>> {
    const out = new Map<string, TeamsUserConfiguration | null>(ids.map((id) => [id, null]));
    if (ids.length > PAGED_CONFIGURATIONS_FROM) {
      let next: string | undefined = '/admin/teams/userConfigurations?$top=999';
      while (next) {
        const page = (await graphCall(() => this.client.api(next!).get())) as {
          value: TeamsUserConfiguration[];
          '@odata.nextLink'?: string;
        };
        for (const c of page.value) if (out.has(c.id)) out.set(c.id, c);
        next = page['@odata.nextLink'];
      }
      return out;
    }
    const answers = await this.batch(
      ids.map((id, i) => ({
        id: String(i),
        method: 'GET',
        url: `/admin/teams/userConfigurations/${encodeURIComponent(id)}`,
      })),
    );
    for (const [i, r] of answers) {
      const id = ids[Number(i)]!;
      if (r.status === 404) out.set(id, null);
      else if (r.status >= 400)
        throw classifyGraphError(
          r.status,
          r.body?.error?.code,
          r.body?.error?.message ?? 'user configuration lookup failed',
        );
      else out.set(id, unwrapEntity(r.body) as unknown as TeamsUserConfiguration);
    }
    return out;
  }

  async readSkus(): Promise<GraphSku[]> {
    const { value } = (await graphCall(() => this.client.api('/subscribedSkus').get())) as { value: SubscribedSku[] };
    return value.map((s) => ({
      skuId: s.skuId,
      skuPartNumber: s.skuPartNumber,
      // Free seats only while the subscription is Enabled (Warning, Suspended, LockedOut… give none).
      enabled: (s.capabilityStatus ?? 'Enabled') === 'Enabled' ? s.prepaidUnits.enabled : 0,
      consumed: s.consumedUnits,
      servicePlans: s.servicePlans.map((p) => p.servicePlanName),
      servicePlanIds: s.servicePlans.map((p) => p.servicePlanId),
    }));
  }

  async readVerifiedDomains(): Promise<string[]> {
    const { value } = (await graphCall(() => this.client.api('/domains').get())) as { value: GraphDomain[] };
    return value.filter((d) => d.isVerified).map((d) => d.id);
  }

  /** Users, licences and domains as preflight needs them. */
  async readDirectory(
    upns: string[],
  ): Promise<{ users: DirectoryUser[]; verifiedDomains: string[]; skus: GraphSku[]; ids: Map<string, GraphUser> }> {
    const [users, skus, verifiedDomains] = await Promise.all([
      this.readUsers(upns),
      this.readSkus(),
      this.readVerifiedDomains(),
    ]);
    const ids = new Map<string, GraphUser>();
    return {
      users: upns.map((upn) => {
        const u = users.get(upn.toLowerCase());
        if (!u) return { upn, exists: false, enabled: false, usageLocation: null, hasTeamsPhone: false };
        ids.set(upn.toLowerCase(), u);
        return {
          upn: u.userPrincipalName,
          exists: true,
          enabled: u.accountEnabled,
          usageLocation: u.usageLocation,
          hasTeamsPhone: userHasTeamsPhone(u, skus),
        };
      }),
      verifiedDomains,
      skus,
      ids,
    };
  }

  /** Each user's owner tag (null: none), by object id, in $batch round trips. */
  async ownerTags(ids: string[]): Promise<Map<string, string | null>> {
    const requests = ids.map((id, i) => ({
      id: String(i),
      method: 'GET',
      url: `/users/${encodeURIComponent(id)}/extensions/${OWNER_EXTENSION}`,
    }));
    const tags = new Map<string, string | null>();
    for (const [i, r] of await this.batch(requests)) {
      const body = r.body as (OwnerExtension & BatchResponse['body']) | undefined;
      if (r.status === 404) tags.set(ids[Number(i)]!, null);
      else if (r.status >= 400)
        throw classifyGraphError(r.status, body?.error?.code, body?.error?.message ?? 'owner tag read failed');
      else tags.set(ids[Number(i)]!, typeof body?.owner === 'string' ? body.owner : null);
    }
    return tags;
  }

  /** Sets (owner) or removes (null) users' owner tags; per item, undefined or the error. */
  async writeOwnerTags(items: { userId: string; owner: string | null }[]): Promise<(Error | undefined)[]> {
    const requests = items.map((w, i) =>
      w.owner === null
        ? {
            id: String(i),
            method: 'DELETE',
            url: `/users/${encodeURIComponent(w.userId)}/extensions/${OWNER_EXTENSION}`,
          }
        : {
            id: String(i),
            method: 'POST',
            url: `/users/${encodeURIComponent(w.userId)}/extensions`,
            body: {
              '@odata.type': '#microsoft.graph.openTypeExtension',
              extensionName: OWNER_EXTENSION,
              owner: w.owner,
            },
            headers: { 'Content-Type': 'application/json' },
          },
    );
    return this.outcomes(requests, 'owner tag write failed');
  }

  /** Deletes users (a resource account's Entra user: it has no Remove- cmdlet); per id, undefined or the error. */
  async deleteUsers(ids: string[]): Promise<(Error | undefined)[]> {
    return this.outcomes(
      ids.map((id, i) => ({ id: String(i), method: 'DELETE', url: `/users/${encodeURIComponent(id)}` })),
      'user delete failed',
    );
  }

  private async outcomes(requests: InnerRequest[], what: string): Promise<(Error | undefined)[]> {
    const errors: (Error | undefined)[] = requests.map(() => undefined);
    for (const [i, r] of await this.batch(requests))
      if (r.status >= 400)
        errors[Number(i)] = classifyGraphError(r.status, r.body?.error?.code, r.body?.error?.message ?? what);
    return errors;
  }

  /**
   * Many users' usage locations and licences in $batch round trips: locations first (a licence
   * needs one), then assignLicense, then locations being cleared (after their licences went).
   */
  async writeLicenses(items: LicenceWrite[]): Promise<(Error | undefined)[]> {
    const errors: (Error | undefined)[] = items.map(() => undefined);
    const phase = async (pick: (w: LicenceWrite) => InnerRequest | undefined): Promise<void> => {
      const requests = items.flatMap((w, i) => {
        const r = errors[i] ? undefined : pick(w);
        return r ? [{ ...r, id: String(i) }] : [];
      });
      for (const [id, r] of await this.batch(requests)) {
        if (r.status >= 400)
          errors[Number(id)] = classifyGraphError(
            r.status,
            r.body?.error?.code,
            r.body?.error?.message ?? 'licence change failed',
          );
      }
    };
    const json = { 'Content-Type': 'application/json' };
    await phase((w) =>
      w.usageLocation
        ? {
            id: '',
            method: 'PATCH',
            url: `/users/${w.userId}`,
            body: { usageLocation: w.usageLocation },
            headers: json,
          }
        : undefined,
    );
    await phase((w) =>
      w.add.length || w.remove.length
        ? {
            id: '',
            method: 'POST',
            url: `/users/${w.userId}/assignLicense`,
            body: assignLicenseBody(w.add, w.remove),
            headers: json,
          }
        : undefined,
    );
    await phase((w) =>
      w.clearUsageLocation
        ? { id: '', method: 'PATCH', url: `/users/${w.userId}`, body: { usageLocation: null }, headers: json }
        : undefined,
    );
    return errors;
  }
}

/**
 * Voiceform's tag on a resource account: an open extension of its Entra user
 * (opentypeextension-post-opentypeextension.md). `owner` is the extension's own (dynamic) property.
 */
export const OWNER_EXTENSION = 'com.voiceform.owner';
interface OwnerExtension {
  extensionName: string;
  owner?: string;
}
export const OWNER_EXTENSION_FIELDS = fieldsOf<Omit<OwnerExtension, 'owner'>>()(['extensionName']);

/**
 * A number operation as Graph reports it (numberassignment-assignnumber.md, the operation GET;
 * telephoneNumberLongRunningOperation in the v1.0 schema: status and numbers, no error or detail
 * of its own).
 */
interface NumberOperation {
  status?: string;
  /** telephoneNumberLongRunningOperationDetails (v1.0 schema): no number of its own, a resourceLocation. */
  numbers?: { resourceLocation?: string; status?: string; statusDetail?: string }[];
}
export const NUMBER_OPERATION_FIELDS = fieldsOf<NumberOperation>()(['status', 'numbers']);
export const NUMBER_OPERATION_DETAILS_FIELDS = fieldsOf<NonNullable<NumberOperation['numbers']>[number]>()([
  'resourceLocation',
  'status',
  'statusDetail',
]);

/** user: assignLicense's parameters (user-assignlicense.md): whole licences added, SKU ids removed. */
export function assignLicenseBody(add: string[], remove: string[]): Record<string, unknown> {
  return { addLicenses: add.map((skuId) => ({ skuId, disabledPlans: [] })), removeLicenses: remove };
}

/**
 * Why an operation failed: its numbers' `statusDetail`, the only place the schema gives one (it
 * declares no `error` on an operation: that is an HTTP error's body).
 */
function operationDetail(op: NumberOperation): string {
  const details = (op.numbers ?? []).map((n) => n.statusDetail).filter((d): d is string => Boolean(d));
  return details.length > 0 ? details.join('; ') : 'no detail';
}

/**
 * A single entity as Graph returns it: Microsoft's examples for `userConfigurations/{id}` and the
 * number operation show it wrapped in `{"value": {…}}`; other responses are the entity itself.
 */
export function unwrapEntity(body: unknown): unknown {
  const value = (body as { value?: unknown } | undefined)?.value;
  return value && typeof value === 'object' && !Array.isArray(value) ? value : body;
}

/** Runs a client call, turning the client's GraphError into a classified BackendError. */
async function graphCall<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    const e = err as { statusCode?: number; code?: string; message?: string };
    if (typeof e.statusCode === 'number') throw classifyGraphError(e.statusCode, e.code, e.message ?? 'request failed');
    throw new BackendError(`Graph request failed: ${e.message ?? String(err)}`, 'other', { cause: err });
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** An inner response's Retry-After in seconds (1 when absent or unreadable). Pure. */
export function retryAfterSeconds(headers: Record<string, string> | undefined): number {
  const value = Number(headers?.['Retry-After'] ?? headers?.['retry-after'] ?? 1);
  return Number.isFinite(value) && value >= 0 ? value : 1;
}
