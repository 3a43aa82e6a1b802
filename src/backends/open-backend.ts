import path from 'node:path';
import { SpecInvalid } from '../errors.js';
import type { TenantBackend } from './backend.js';
import { SimBackend } from './sim/sim-backend.js';
import { TeamsBackend } from './teams/teams-backend.js';
import { cloudOf } from './graph/graph-client.js';

/** Where Voiceform keeps its files (journals, locks, the default sim tenant). */
export function voiceformHome(): string {
  return path.resolve(process.env.VOICEFORM_HOME ?? '.voiceform');
}

/** Resolves `--tenant`: `sim:PATH`, `sim` (the default file), or later `teams`. */
export function simTenantPath(tenant: string | undefined): string {
  if (tenant === undefined || tenant === 'sim') return path.join(voiceformHome(), 'sim-tenant.json');
  if (tenant.startsWith('sim:') && tenant.length > 4) return path.resolve(tenant.slice(4));
  throw new SpecInvalid(`unknown tenant ${JSON.stringify(tenant)}`, [], 'use --tenant sim:PATH (the simulated tenant) or --tenant teams');
}

export interface OpenOptions {
  /** The tenant id (the spec's customer.tenantId) for real sign-in; else VOICEFORM_TENANT_ID. */
  tenantId?: string;
  deviceCode?: boolean;
  /** --cloud: global | usgov | usgovdod | china. */
  cloud?: string;
  say?: (text: string) => void;
}

export function openBackend(tenant: string | undefined, options: OpenOptions = {}): TenantBackend {
  if (tenant === 'teams') {
    const tenantId = options.tenantId ?? process.env.VOICEFORM_TENANT_ID;
    if (!tenantId) throw new SpecInvalid('--tenant teams needs a tenant id', [], 'it comes from the spec (customer.tenantId) or VOICEFORM_TENANT_ID');
    return new TeamsBackend({ tenantId, deviceCode: options.deviceCode, cloud: cloudOf(options.cloud), say: options.say });
  }
  return new SimBackend(simTenantPath(tenant));
}
