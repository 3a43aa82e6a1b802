import path from 'node:path';
import type { Config } from '../../config.js';
import { PreconditionFailed, SpecInvalid } from '../../errors.js';
import type { TenantReader, TenantReaderWriter } from '../backend.js';
import { cloudOf } from '../graph/clouds.js';
import { SimBackend } from '../sim/sim-backend.js';
import { SimFaults } from '../sim/sim-faults.js';

/** Resolves `--tenant`: `sim:PATH`, `sim` (the default file under the home), or `teams`. */
export function simTenantPath(tenant: string | undefined, home: string): string {
  if (tenant === undefined || tenant === 'sim') return path.join(home, 'sim-tenant.json');
  if (tenant.startsWith('sim:') && tenant.length > 4) return path.resolve(tenant.slice(4));
  throw new SpecInvalid(
    `unknown tenant ${JSON.stringify(tenant)}`,
    [],
    'use --tenant sim:PATH (the simulated tenant) or --tenant teams',
  );
}

export interface OpenOptions {
  /** The tenant id (the spec's customer.tenantId) for real sign-in; else VOICEFORM_TENANT_ID. */
  tenantId?: string;
  deviceCode?: boolean;
  /** --cloud: global | usgov | usgovdod | china. */
  cloud?: string;
  say?: (text: string) => void;
}

async function open(tenant: string | undefined, config: Config, options: OpenOptions): Promise<TenantReaderWriter> {
  if (tenant === 'teams') {
    const tenantId = options.tenantId ?? config.tenantId;
    if (!tenantId)
      throw new SpecInvalid(
        '--tenant teams needs a tenant id',
        [],
        'it comes from the spec (customer.tenantId) or VOICEFORM_TENANT_ID',
      );
    const cloud = cloudOf(options.cloud, config.env);
    // Application-based sign-in to the Teams module is not documented for 21Vianet, and its phone number cmdlets are not available there.
    if (cloud === 'china' && !options.deviceCode) {
      throw new PreconditionFailed(
        '--cloud china: app-only sign-in to Teams PowerShell is not available in the 21Vianet cloud',
        'sign in as a person with --device-code',
      );
    }
    // PowerShell, MSAL and the Graph client load only for a real tenant (a sim run never needs them).
    const { TeamsBackend } = await import('../teams/teams-backend.js');
    return new TeamsBackend({
      tenantId,
      deviceCode: options.deviceCode,
      cloud,
      say: options.say,
      env: config.env,
      module: config.teamsModule,
      graph: config.graph,
      numberAssignment: config.numberAssignment,
      childEnv: config.childEnv,
      ...(config.retryDelaysMs ? { retryDelaysMs: config.retryDelaysMs } : {}),
    });
  }
  return new SimBackend(simTenantPath(tenant, config.home), SimFaults.parse(config.simFaults));
}

/** A tenant to read: plan, export and validate-with-tenant get only this. */
export function openReader(
  tenant: string | undefined,
  config: Config,
  options: OpenOptions = {},
): Promise<TenantReader> {
  return open(tenant, config, options);
}

/** A tenant to read and write: only apply, rollback and resume open one. */
export function openWriter(
  tenant: string | undefined,
  config: Config,
  options: OpenOptions = {},
): Promise<TenantReaderWriter> {
  return open(tenant, config, options);
}
