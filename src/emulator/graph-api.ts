import { createHash } from 'node:crypto';
import { BackendError } from '../errors.js';
import { GRANTS } from '../kinds/grants.js';
import type { PhoneNumberType } from '../model/tenant-state.js';
import type { SimTenantState, SimUser } from '../backends/sim/sim-state.js';
import { SimTenant } from '../backends/sim/sim-tenant.js';
import { parseUpnFilter } from './odata-filter.js';
import type { EmulatedService } from './teams-cmdlets.js';

export interface GraphResponse {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/** A stable GUID-shaped id for a service plan name (the sim stores plan names only). */
export function servicePlanId(name: string): string {
  const h = createHash('sha1').update(`plan:${name}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

const graphError = (status: number, code: string, message: string): GraphResponse => ({
  status,
  body: { error: { code, message, innerError: { date: new Date().toISOString() } } },
});

function userJson(t: SimTenant, u: SimUser, select: string[] | undefined): Record<string, unknown> {
  const off = (skuId: string) => new Set(u.disabledPlans?.[skuId] ?? []);
  const plansOf = (skuId: string) => t.state.subscribedSkus.find((s) => s.skuId === skuId)?.servicePlans ?? [];
  const plans = u.assignedLicenses.flatMap((skuId) => plansOf(skuId).filter((p) => !off(skuId).has(p)));
  const full: Record<string, unknown> = {
    id: u.id,
    userPrincipalName: u.upn,
    displayName: u.displayName,
    accountEnabled: u.accountEnabled,
    usageLocation: u.usageLocation,
    // user-list.md: disabledPlans holds the servicePlanIds switched off in that licence.
    assignedLicenses: u.assignedLicenses.map((skuId) => ({
      skuId,
      disabledPlans: plansOf(skuId)
        .filter((p) => off(skuId).has(p))
        .map(servicePlanId),
    })),
    assignedPlans: [...new Set(plans)].map((p) => ({
      assignedDateTime: '2026-01-01T00:00:00Z',
      capabilityStatus: 'Enabled',
      service: 'MicrosoftCommunicationsOnline',
      servicePlanId: servicePlanId(p),
    })),
  };
  if (!select) return full;
  return Object.fromEntries(Object.entries(full).filter(([k]) => k === 'id' || select.includes(k)));
}

export interface GraphRequestContext {
  tenant: SimTenant;
  /** Applies a mutation and persists it (the server's tenant file). */
  mutate: <T>(fn: (state: SimTenantState) => T) => Promise<T>;
  baseUrl: string;
  operations: Map<
    string,
    {
      status: 'succeeded' | 'failed' | 'skipped';
      startedAt: number;
      telephoneNumber: string;
      error?: { code: string; message: string };
    }
  >;
  /** Strict realism: operations take time, single entities come value-wrapped. */
  emulated: EmulatedService;
}

const OWNER_EXTENSION = 'com.voiceform.owner';

/** Voiceform's owner tag on a resource account: POST, GET and DELETE of its open extension. */
async function ownerExtension(
  method: string,
  name: string | undefined,
  body: unknown,
  user: SimUser,
  ctx: GraphRequestContext,
): Promise<GraphResponse> {
  const shape = (owner: string) => ({
    '@odata.type': '#microsoft.graph.openTypeExtension',
    id: OWNER_EXTENSION,
    extensionName: OWNER_EXTENSION,
    owner,
  });
  const setOwner = (owner: string | null) =>
    ctx.mutate((state) => {
      const u = new SimTenant(state).user(user.id)!;
      if (u.accountType !== 'ResourceAccount')
        throw new BackendError('Only resource accounts carry the tag here.', 'invalid');
      u.owner = owner;
    });
  if (method === 'POST' && name === undefined) {
    const b = (body ?? {}) as { extensionName?: string; owner?: unknown };
    if (b.extensionName !== OWNER_EXTENSION || typeof b.owner !== 'string')
      return graphError(400, 'Request_BadRequest', `Only the ${OWNER_EXTENSION} extension with an owner is simulated.`);
    if (user.owner)
      return graphError(409, 'Request_MultipleObjectsWithSameKeyValue', 'An extension already exists with given id.');
    await setOwner(b.owner);
    return { status: 201, body: shape(b.owner) };
  }
  if (name !== OWNER_EXTENSION || !user.owner)
    return graphError(404, 'Request_ResourceNotFound', `Extension '${name ?? ''}' does not exist.`);
  if (method === 'GET') return { status: 200, body: shape(user.owner) };
  if (method === 'DELETE') {
    await setOwner(null);
    return { status: 204 };
  }
  return graphError(405, 'Request_BadRequest', `${method} is not supported on an extension here.`);
}

/**
 * Microsoft Graph v1.0 as the emulator serves it, over the simulated tenant: users (by id or UPN,
 * $select, $filter eq/in on UPN, paging; a resource account's delete and owner tag),
 * subscribedSkus, assignLicense, PATCH usageLocation, domains, and Teams number assignment (202 +
 * Location, operations polled). Errors are shaped like Graph's.
 */
export async function handleGraph(
  method: string,
  pathAndQuery: string,
  body: unknown,
  ctx: GraphRequestContext,
): Promise<GraphResponse> {
  const url = new URL(pathAndQuery.replace(/^\/?(v1\.0\/)?/, '/'), 'https://graph.invalid');
  // URLSearchParams decodes '+' as a space, as Graph does: a UPN with '+' must be sent as %2B.
  const q = url.searchParams;
  const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  const select = q
    .get('$select')
    ?.split(',')
    .map((s) => s.trim());
  const t = ctx.tenant;
  const findUser = (key: string) => t.user(key) ?? t.state.users.find((u) => u.id === key);

  if (parts[0] === 'users' && parts.length === 1 && method === 'GET') {
    const filter = q.get('$filter');
    let users = t.state.users;
    if (filter) {
      const upns = parseUpnFilter(filter);
      if (!upns) return graphError(400, 'Request_UnsupportedQuery', `Unsupported query: ${filter}`);
      if (upns.length > 15)
        return graphError(400, 'Request_UnsupportedQuery', 'Too many values in the "in" operator (at most 15).');
      const wanted = new Set(upns.map((u) => u.toLowerCase()));
      users = users.filter((u) => wanted.has(u.upn.toLowerCase()));
    }
    const top = Math.min(Number(q.get('$top') ?? 100), 999);
    const skip = Number(q.get('$skiptoken') ?? 0);
    const page = users.slice(skip, skip + top);
    const next =
      skip + top < users.length
        ? {
            '@odata.nextLink': `${ctx.baseUrl}/v1.0/users?${new URLSearchParams({ ...Object.fromEntries(q), $skiptoken: String(skip + top) })}`,
          }
        : {};
    return {
      status: 200,
      body: {
        '@odata.context': `${ctx.baseUrl}/v1.0/$metadata#users`,
        value: page.map((u) => userJson(t, u, select)),
        ...next,
      },
    };
  }
  if (parts[0] === 'users' && parts.length >= 2) {
    const user = findUser(parts[1]!);
    if (!user)
      return graphError(
        404,
        'Request_ResourceNotFound',
        `Resource '${parts[1]}' does not exist or one of its queried reference-property objects are not present.`,
      );
    if (parts.length === 2 && method === 'GET') return { status: 200, body: userJson(t, user, select) };
    // user-delete.md: 204. A resource account's Entra user is deleted this way (it has no Remove- cmdlet).
    if (parts.length === 2 && method === 'DELETE') {
      await ctx.mutate((state) => new SimTenant(state).remove('resourceAccount', user.upn));
      return { status: 204 };
    }
    // Open extensions (opentypeextension-post-opentypeextension.md, -get, -delete): the one Voiceform
    // writes is its owner tag on resource accounts; others are not kept.
    if (parts[2] === 'extensions') return ownerExtension(method, parts[3], body, user, ctx);
    if (parts.length === 2 && method === 'PATCH') {
      const patch = (body ?? {}) as { usageLocation?: string | null };
      await ctx.mutate((state) => new SimTenant(state).setUsageLocation(user.upn, patch.usageLocation ?? null));
      return { status: 204 };
    }
    if (parts[2] === 'assignLicense' && method === 'POST') {
      const req = (body ?? {}) as { addLicenses?: { skuId: string }[]; removeLicenses?: string[] };
      await ctx.mutate((state) =>
        new SimTenant(state).assignLicense(
          user.upn,
          (req.addLicenses ?? []).map((l) => l.skuId),
          req.removeLicenses ?? [],
        ),
      );
      return { status: 200, body: userJson(new SimTenant(t.state), findUser(user.id)!, undefined) };
    }
  }
  if (parts[0] === 'subscribedSkus' && method === 'GET') {
    return {
      status: 200,
      body: {
        value: t.state.subscribedSkus.map((s) => ({
          // Graph's subscribedSku id: the tenant id and the SKU id joined (subscribedsku-list.md example).
          id: `${t.state.tenantId}_${s.skuId}`,
          skuId: s.skuId,
          skuPartNumber: s.skuPartNumber,
          capabilityStatus: s.capabilityStatus ?? 'Enabled',
          consumedUnits: t.state.users.filter((u) => u.assignedLicenses.includes(s.skuId)).length,
          prepaidUnits: { enabled: s.enabledUnits, suspended: 0, warning: 0 },
          servicePlans: s.servicePlans.map((p) => ({
            servicePlanId: servicePlanId(p),
            servicePlanName: p,
            provisioningStatus: 'Success',
            appliesTo: 'User',
          })),
        })),
      },
    };
  }
  if (parts[0] === 'domains' && method === 'GET')
    return {
      status: 200,
      // domain's non-nullable properties (v1.0 schema); domain-list.md's example shows the same set.
      body: {
        value: t.state.domains.map((d) => ({
          id: d.id,
          authenticationType: 'Managed',
          isAdminManaged: true,
          isDefault: false,
          isInitial: /\.onmicrosoft\.com$/i.test(d.id),
          isRoot: true,
          isVerified: d.isVerified,
          supportedServices: d.isVerified ? ['Email', 'OfficeCommunicationsOnline'] : [],
        })),
      },
    };
  if (parts[0] === 'admin' && parts[1] === 'teams') return handleTeamsAdmin(method, parts.slice(2), q, body, ctx);
  return graphError(400, 'BadRequest', `Resource not found for the segment '${parts[0] ?? ''}'.`);
}

async function handleTeamsAdmin(
  method: string,
  parts: string[],
  q: URLSearchParams,
  body: unknown,
  ctx: GraphRequestContext,
): Promise<GraphResponse> {
  const t = ctx.tenant;
  const page = <T>(items: T[], path: string) => {
    const top = Math.min(Number(q.get('$top') ?? 100), 1000);
    const skip = Number(q.get('$skip') ?? q.get('$skiptoken') ?? 0);
    const next =
      skip + top < items.length
        ? { '@odata.nextLink': `${ctx.baseUrl}/v1.0/admin/teams/${path}?$top=${top}&$skip=${skip + top}` }
        : {};
    return { status: 200, body: { value: items.slice(skip, skip + top), ...next } };
  };
  // teamsUserConfiguration's non-nullable properties as the v1.0 schema declares them (msgraph-metadata).
  const configOf = (u: SimUser) => ({
    id: u.id,
    tenantId: t.state.tenantId,
    userPrincipalName: u.upn,
    accountType: u.accountType === 'ResourceAccount' ? 'resourceAccount' : u.accountType === 'Guest' ? 'guest' : 'user',
    createdDateTime: '2026-01-01T00:00:00Z',
    modifiedDateTime: '2026-01-01T00:00:00Z',
    isEnterpriseVoiceEnabled: u.enterpriseVoiceEnabled,
    telephoneNumbers: u.phoneNumber ? [{ telephoneNumber: u.phoneNumber, assignmentCategory: 'primary' }] : [],
    effectivePolicyAssignments: GRANTS.flatMap((g) => {
      const name = u[g.attribute];
      return name
        ? [{ policyType: g.policyType, policyAssignment: { displayName: name, assignmentType: 'direct' } }]
        : [];
    }),
  });
  if (parts[0] === 'userConfigurations' && parts[1] && method === 'GET') {
    const user = t.state.users.find((u) => u.id === parts[1]) ?? t.user(parts[1]);
    // Microsoft's example of GET userConfigurations/{id} wraps the entity in "value".
    return user
      ? { status: 200, body: ctx.emulated.strict ? { value: configOf(user) } : configOf(user) }
      : { status: 404, body: { error: { code: 'NotFound', message: `user configuration ${parts[1]} not found` } } };
  }
  if (parts[0] === 'userConfigurations' && method === 'GET')
    return page(t.state.users.map(configOf), 'userConfigurations');
  if (parts[0] !== 'telephoneNumberManagement')
    return { status: 404, body: { error: { code: 'NotFound', message: 'no such Teams admin resource' } } };
  if (parts[1] === 'numberAssignments' && parts.length === 2 && method === 'GET') {
    return page(
      t.state.users
        .filter((u) => u.phoneNumber)
        .map((u) => ({
          id: u.phoneNumber!.replace(/^\+/, ''),
          telephoneNumber: u.phoneNumber,
          assignmentTargetId: u.id,
          assignmentStatus: u.accountType === 'ResourceAccount' ? 'voiceApplicationAssigned' : 'userAssigned',
          numberType: u.phoneNumberType === 'OperatorConnect' ? 'operatorConnect' : 'directRouting',
          activationState: 'activated',
          capabilities: ['userAssignment'],
          // Direct Routing numbers have no operator; Microsoft's schema still makes it non-nullable.
          operatorId: '',
          reverseNumberLookupOptions: [],
          supportedCustomerActions: ['release'],
        })),
      'telephoneNumberManagement/numberAssignments',
    );
  }
  if (
    parts[1] === 'numberAssignments' &&
    (parts[2] === 'assignNumber' || parts[2] === 'unassignNumber') &&
    method === 'POST'
  ) {
    const req = (body ?? {}) as { telephoneNumber?: string; assignmentTargetId?: string; numberType?: string };
    // assignNumber documents assignmentTargetId as the object id of the user (not a UPN).
    if (
      parts[2] === 'assignNumber' &&
      !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(String(req.assignmentTargetId))
    ) {
      return {
        status: 400,
        body: {
          error: {
            code: 'BadRequest',
            message: `assignmentTargetId '${String(req.assignmentTargetId)}' is not an object id.`,
          },
        },
      };
    }
    const id = `op-${ctx.operations.size + 1}`;
    const type: PhoneNumberType = req.numberType === 'operatorConnect' ? 'OperatorConnect' : 'DirectRouting';
    try {
      await ctx.mutate((state) => {
        const sim = new SimTenant(state);
        if (parts[2] === 'assignNumber') {
          const user = state.users.find((u) => u.id.toLowerCase() === String(req.assignmentTargetId).toLowerCase());
          if (!user) throw new BackendError(`assignment target ${req.assignmentTargetId} not found`, 'not-found');
          sim.assignPhoneNumber(user.upn, String(req.telephoneNumber), type);
        } else {
          const user = state.users.find((u) => u.phoneNumber === req.telephoneNumber);
          if (!user) throw new BackendError(`telephone number ${req.telephoneNumber} is not assigned`, 'not-found');
          sim.unassignPhoneNumber(user.upn, String(req.telephoneNumber), type);
        }
      });
      ctx.operations.set(id, {
        status: 'succeeded',
        startedAt: Date.now(),
        telephoneNumber: String(req.telephoneNumber),
      });
    } catch (err) {
      ctx.operations.set(id, {
        status: 'failed',
        startedAt: Date.now(),
        telephoneNumber: String(req.telephoneNumber),
        error: { code: (err as BackendError).kind ?? 'failed', message: (err as Error).message },
      });
    }
    const location = ctx.emulated.strict ? `operations('${id}')` : `operations/${id}`;
    return {
      status: 202,
      headers: { Location: `${ctx.baseUrl}/v1.0/admin/teams/telephoneNumberManagement/${location}` },
    };
  }
  const operationId =
    /^operations\('([^']+)'\)$/.exec(parts[1] ?? '')?.[1] ?? (parts[1] === 'operations' ? parts[2] : undefined);
  if (operationId && method === 'GET') {
    const op = ctx.operations.get(operationId);
    if (!op)
      return { status: 404, body: { error: { code: 'NotFound', message: `operation ${operationId} not found` } } };
    return { status: 200, body: operationJson(operationId, op, ctx.emulated) };
  }
  return {
    status: 404,
    body: { error: { code: 'NotFound', message: 'no such telephone number management resource' } },
  };
}

/**
 * A number operation as the GET returns it. Strict: `notStarted → running → succeeded|failed` over
 * time, the failure detail in `numbers[].statusDetail`, the entity wrapped in "value" (as
 * Microsoft's examples show). Lenient: finished at once, the detail in `error`.
 */
function operationJson(
  id: string,
  op: GraphRequestContext['operations'] extends Map<string, infer O> ? O : never,
  emulated: EmulatedService,
): unknown {
  if (!emulated.strict) return { id, status: op.status, ...(op.error ? { error: op.error } : {}) };
  const phase = emulated.phase(op.startedAt);
  const status = phase === 'queued' ? 'notStarted' : phase === 'running' ? 'running' : op.status;
  // telephoneNumberLongRunningOperationDetails: resourceLocation, status, statusDetail (no number).
  const number = {
    resourceLocation: `admin/teams/telephoneNumberManagement/numberAssignments('${op.telephoneNumber.replace(/^\+/, '')}')`,
    status,
    ...(status === 'failed' && op.error ? { statusDetail: op.error.message } : {}),
  };
  return { value: { id, createdDateTime: new Date(op.startedAt).toISOString(), status, numbers: [number] } };
}
