import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { SpecInvalid } from '../errors.js';
import type { IoHost } from '../io/io-host.js';
import { loadJsonFile } from '../io/json-file.js';
import type { GatewaySpec } from '../kinds/spec-document.js';
import { dscToSpec, type DscBlock } from '../load/dsc-to-spec.js';
import { specFromDoc } from '../load/read-spec.js';

export interface ImportDscOptions {
  organization: string;
  gateways?: string;
  customer?: string;
  tenantId: string;
  domain?: string;
  templates?: string;
}

/** The reader: PowerShell's own parser over the file, nothing in it run (data/m365dsc-read.ps1). */
const READER = fileURLToPath(new URL('../../data/m365dsc-read.ps1', import.meta.url));

/**
 * `voiceform import m365dsc FILE.ps1 --organization ORG --tenant-id ID`: a Microsoft365DSC
 * configuration's voice resources as a spec on stdout. The file is read by real pwsh's parser
 * (its path and the organization are arguments, never script text); the spec validates before it
 * is printed; skipped blocks and placeholders are said on stderr.
 */
export async function importDscCommand(file: string, options: ImportDscOptions, io: IoHost): Promise<number> {
  const blocks = await readBlocks(file, options.organization);
  const gateways = options.gateways ? ((await loadJsonFile(options.gateways, 'gateways')) as GatewaySpec[]) : [];
  if (!Array.isArray(gateways))
    throw new SpecInvalid(`${options.gateways}: a JSON array of gateway entries is expected`);
  const customer = {
    name: options.customer ?? 'Imported from Microsoft365DSC',
    tenantId: options.tenantId,
    domain: options.domain ?? options.organization,
  };
  const { spec, skipped, warnings } = dscToSpec(blocks, customer, gateways);
  for (const s of skipped) io.err(`skipped ${s}`);
  for (const w of warnings) io.err(`Warning: ${w}`);
  // What it prints must be a spec Voiceform takes.
  await specFromDoc('(the imported spec)', JSON.parse(JSON.stringify(spec)) as unknown, options.templates);
  io.out(JSON.stringify(spec, null, 2));
  io.err(
    `${blocks.length} block(s) read from ${file}: ${blocks.length - skipped.length} imported, ${skipped.length} skipped.`,
  );
  return 0;
}

function readBlocks(file: string, organization: string): Promise<DscBlock[]> {
  return new Promise((resolve, reject) => {
    execFile(
      'pwsh',
      ['-NoProfile', '-NonInteractive', '-File', READER, '-Path', file, '-Organization', organization],
      { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, timeout: 300_000 },
      (err, stdout, stderr) => {
        if ((err as NodeJS.ErrnoException | null)?.code === 'ENOENT')
          return reject(
            new SpecInvalid(
              'PowerShell 7 (pwsh) is needed to read a DSC configuration and is not on PATH',
              [],
              'dotnet tool install --global PowerShell --version 7.6.9',
            ),
          );
        if (err)
          return reject(
            new SpecInvalid(
              `cannot read ${file} as a DSC configuration: ${(stderr || err.message).trim().split('\n')[0]}`,
            ),
          );
        resolve(
          stdout
            .split(/\r?\n/)
            .filter((l) => l.trim())
            .map((l) => JSON.parse(l) as DscBlock),
        );
      },
    );
  });
}
