import path from 'node:path';
import { SpecInvalid } from '../errors.js';
import type { TenantBackend } from './backend.js';
import { SimBackend } from './sim/sim-backend.js';

/** Where Voiceform keeps its files (journals, locks, the default sim tenant). */
export function voiceformHome(): string {
  return path.resolve(process.env.VOICEFORM_HOME ?? '.voiceform');
}

/** Resolves `--tenant`: `sim:PATH`, `sim` (the default file), or later `teams`. */
export function simTenantPath(tenant: string | undefined): string {
  if (tenant === undefined || tenant === 'sim') return path.join(voiceformHome(), 'sim-tenant.json');
  if (tenant.startsWith('sim:') && tenant.length > 4) return path.resolve(tenant.slice(4));
  throw new SpecInvalid(`unknown tenant ${JSON.stringify(tenant)}`, [], 'use --tenant sim:PATH (the simulated tenant); the teams backend is not available in this build');
}

export function openBackend(tenant: string | undefined): TenantBackend {
  return new SimBackend(simTenantPath(tenant));
}
