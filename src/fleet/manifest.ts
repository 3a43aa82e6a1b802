import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { SpecInvalid, type Problem } from '../errors.js';
import { loadJsonFile } from '../io/json-file.js';
import { checkFleetSchema } from '../validate/check-schema.js';

/** One tenant of a fleet, its paths resolved against the manifest's folder. */
export interface FleetTenant {
  name: string;
  /** Absolute path of the spec. */
  spec: string;
  /** `teams`, `sim`, or `sim:/absolute/path`. */
  tenant: string;
  templates?: string;
  /** Environment variable names (never values) for this tenant's credentials. */
  credentials: { clientIdEnv?: string; certPathEnv?: string; certPasswordEnv?: string; clientSecretEnv?: string };
}

export interface Fleet {
  file: string;
  concurrency: number;
  tenants: FleetTenant[];
  /** Folders besides the manifest's own whose files it may name (absolute), for the queue's workers. */
  allowOutside: string[];
}

export interface FleetOptions {
  /** `--allow-outside PATH`: more folders the manifest's paths may lead into. */
  allowOutside?: string[];
}

interface RawTenant {
  name: string;
  spec: string;
  tenant: string;
  templates?: string;
  credentials?: FleetTenant['credentials'];
}

/** Field names that hold a secret when written inline: credentials are named by environment variable. */
const SECRET_LOOKING = /secret|password|passwd|token|private|thumbprint|certificate|^key$|apikey|cert$/i;

/**
 * Reads and checks a fleet manifest: schema, inline secrets, duplicate names, two entries for one
 * tenant, spec files that are not there. Every problem names the entry; any problem is exit 3.
 */
export async function loadFleet(file: string, options: FleetOptions = {}): Promise<Fleet> {
  const doc = await loadJsonFile(file, 'fleet manifest');
  const dir = path.dirname(path.resolve(file));
  const problems = [...secretProblems(doc), ...checkFleetSchema(doc)];
  const allowOutside = [
    ...((doc as { allowOutside?: string[] } | null)?.allowOutside ?? []).map((p) => path.resolve(dir, p)),
    ...(options.allowOutside ?? []).map((p) => path.resolve(p)),
  ];
  if (problems.length === 0) {
    // A path that leads outside is not even opened (a spec's tenant id is read to find duplicates).
    const outside = outsideProblems(doc as RawFleet, dir, allowOutside);
    problems.push(...(outside.length > 0 ? outside : entryProblems(doc as RawFleet, dir)));
  }
  if (problems.length > 0) {
    // The hint answers the problems found: a written-in secret, a path outside, or anything else.
    const hint = problems.some((p) => p.rule === 'fleet.inline-secret')
      ? 'credentials are named by environment variable (clientIdEnv, certPathEnv…), never written in the manifest'
      : problems.some((p) => p.rule === 'fleet.outside')
        ? "keep the fleet's files below the manifest's folder, or allow another folder with --allow-outside PATH"
        : 'fix the entries named above (paths are relative to the manifest)';
    throw new SpecInvalid(
      `fleet manifest ${file} is not usable`,
      problems.map((p) => ({ ...p, file })),
      hint,
    );
  }
  const raw = doc as RawFleet;
  const templates = raw.defaults?.templates ? path.resolve(dir, raw.defaults.templates) : undefined;
  return {
    file: path.resolve(file),
    concurrency: raw.defaults?.concurrency ?? 4,
    tenants: raw.tenants.map((t) => ({
      name: t.name,
      spec: path.resolve(dir, t.spec),
      tenant: resolveTenant(t.tenant, dir),
      ...(t.templates || templates ? { templates: t.templates ? path.resolve(dir, t.templates) : templates } : {}),
      credentials: t.credentials ?? {},
    })),
    allowOutside,
  };
}

interface RawFleet {
  defaults?: { concurrency?: number; templates?: string };
  tenants: RawTenant[];
}

/** Where a path really leads (through links), so a link inside the folder cannot reach outside it. */
function realPath(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return path.join(realPathOrSelf(path.dirname(p)), path.basename(p));
  }
}
const realPathOrSelf = (p: string): string => (p === path.dirname(p) ? p : realPath(p));

const inside = (p: string, root: string): boolean => {
  const rel = path.relative(realPath(root), realPath(p));
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
};

/**
 * Paths that lead out of the manifest's folder (`/etc/shadow`, `../../..`): a manifest handed over
 * by someone else must not make Voiceform read or write files elsewhere, unless allowed by
 * `allowOutside` in the manifest or `--allow-outside PATH`.
 */
function outsideProblems(doc: RawFleet, dir: string, allowed: string[]): Problem[] {
  const roots = [dir, ...allowed];
  const check = (at: string, what: string, value: string | undefined, owner: string): Problem[] => {
    if (value === undefined) return [];
    const p = path.resolve(dir, value);
    if (roots.some((r) => inside(p, r))) return [];
    return [
      {
        path: at,
        rule: 'fleet.outside',
        message: `${owner}: ${what} ${p} is outside the manifest's folder ${dir}; allow its folder with --allow-outside PATH or "allowOutside" in the manifest`,
      },
    ];
  };
  return [
    ...check('/defaults/templates', 'templates', doc.defaults?.templates, 'defaults'),
    ...doc.tenants.flatMap((t, i) => {
      const owner = `tenant ${JSON.stringify(t.name)}`;
      return [
        ...check(`/tenants/${i}/spec`, 'spec', t.spec, owner),
        ...check(`/tenants/${i}/templates`, 'templates', t.templates, owner),
        ...check(
          `/tenants/${i}/tenant`,
          'simulated tenant',
          t.tenant.startsWith('sim:') ? t.tenant.slice(4) : undefined,
          owner,
        ),
      ];
    }),
  ];
}

const resolveTenant = (tenant: string, dir: string): string =>
  tenant.startsWith('sim:') ? `sim:${path.resolve(dir, tenant.slice(4))}` : tenant;

/** Secret-looking fields anywhere in a tenant entry (`clientSecret`, `certificatePassword`…), but not the `…Env` names. */
function secretProblems(doc: unknown): Problem[] {
  const tenants = (doc as { tenants?: unknown })?.tenants;
  if (!Array.isArray(tenants)) return [];
  const out: Problem[] = [];
  const walk = (value: unknown, at: string, entry: string): void => {
    if (!value || typeof value !== 'object') return;
    for (const [k, v] of Object.entries(value)) {
      const here = `${at}/${k}`;
      if (SECRET_LOOKING.test(k) && !/Env$/.test(k)) {
        out.push({
          path: here,
          rule: 'fleet.inline-secret',
          message: `${entry}: ${JSON.stringify(k)} looks like a secret written into the manifest; name the environment variable that holds it instead (e.g. "${k.replace(/^./, (c) => c.toLowerCase())}Env")`,
        });
      } else walk(v, here, entry);
    }
  };
  tenants.forEach((t, i) => walk(t, `/tenants/${i}`, `tenant ${JSON.stringify((t as { name?: unknown })?.name ?? i)}`));
  return out;
}

function entryProblems(doc: { tenants: RawTenant[] }, dir: string): Problem[] {
  const out: Problem[] = [];
  const names = new Map<string, number>();
  const places = new Map<string, number>();
  doc.tenants.forEach((t, i) => {
    const at = `/tenants/${i}`;
    const prev = names.get(t.name.toLowerCase());
    if (prev !== undefined)
      out.push({
        path: `${at}/name`,
        rule: 'fleet.unique-name',
        message: `tenant ${JSON.stringify(t.name)} is already named at /tenants/${prev}/name`,
      });
    else names.set(t.name.toLowerCase(), i);
    const spec = path.resolve(dir, t.spec);
    if (!existsSync(spec) || !statSync(spec).isFile())
      out.push({
        path: `${at}/spec`,
        rule: 'fleet.spec-missing',
        message: `tenant ${JSON.stringify(t.name)}: spec ${spec} is not a file`,
      });
    // One tenant in two entries would be applied twice at once: by its sim file, or by the tenant id a Teams spec names.
    const place = t.tenant.startsWith('sim')
      ? resolveTenant(t.tenant, dir)
      : `teams:${specTenantId(spec)?.toLowerCase() ?? `?${i}`}`;
    const same = places.get(place);
    if (same !== undefined)
      out.push({
        path: `${at}/tenant`,
        rule: 'fleet.same-tenant',
        message: `tenant ${JSON.stringify(t.name)} is the same tenant as ${JSON.stringify(doc.tenants[same]!.name)} (/tenants/${same}): ${place}`,
      });
    else places.set(place, i);
  });
  return out;
}

/** The customer name and tenant id a spec names, when it can be read (a broken spec is that tenant's problem, reported in its turn). */
export function specIdentity(file: string): { name?: string; tenantId?: string } {
  try {
    const customer = (JSON.parse(readFileSync(file, 'utf8')) as { customer?: { name?: unknown; tenantId?: unknown } })
      ?.customer;
    return {
      name: typeof customer?.name === 'string' ? customer.name : undefined,
      tenantId: typeof customer?.tenantId === 'string' ? customer.tenantId : undefined,
    };
  } catch {
    return {};
  }
}

export const specTenantId = (file: string): string | undefined => specIdentity(file).tenantId;
