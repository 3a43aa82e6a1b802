#!/usr/bin/env node
// Writes the stand-in MicrosoftTeams module (test/fixtures/pwsh/MicrosoftTeams/MicrosoftTeams.psm1):
// every cmdlet's param() block is declared from Microsoft's cmdlet reference as extracted into
// documented-parameters.json (sets, positions, mandatory, aliases, pipeline input), with the
// departures stand-in.json lists and why; the behaviour bodies come from stand-in-behaviour.ps1,
// by hand. A test fails when the checked-in module is not what this writes.
// Usage: node scripts/generate-stand-in.mjs
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const FIXTURES = 'test/fixtures/pwsh';
export const MODULE_FILE = `${FIXTURES}/MicrosoftTeams/MicrosoftTeams.psm1`;
export const MANIFEST_FILE = `${FIXTURES}/MicrosoftTeams/MicrosoftTeams.psd1`;

// The reference's type names → what the stand-in binds. The module's own classes (XdsIdentity,
// UserIdParameter, Fqdn…) bind from text, so the stand-in takes text.
const TYPES = {
  string: 'string',
  xdsidentity: 'string',
  useridparameter: 'string',
  ouidparameter: 'string',
  fqdn: 'string',
  loglevel: 'string',
  boolean: 'bool',
  bool: 'bool',
  object: 'object',
  'sendasyncstep[]': 'object[]',
  int: 'int',
  int32: 'int',
  int16: 'int16',
  uint32: 'uint32',
  timespan: 'timespan',
  integer: 'int',
  // System.Collections.Generic.List[…] (New-CsCallQueue -Users, -OboResourceAccountIds): any list binds.
  list: 'object[]',
  switch: 'switch',
  pscredential: 'pscredential',
  uri: 'uri',
  'string[]': 'string[]',
  guid: 'guid',
  hashtable: 'hashtable',
  unlimited: 'uint32',
  x509certificate2: 'System.Security.Cryptography.X509Certificates.X509Certificate2',
  switchparameter: 'switch',
  // The LIS and network topology pages (2026-12): .NET names spelled out, the module's enums and identities.
  'system.guid': 'guid',
  'system.int32': 'int',
  long: 'long',
  psobject: 'object',
  xdsglobalrelativeidentity: 'string',
  externallocationlookupmode: 'string',
  notificationmode: 'string',
};
const typeOf = (cmdlet, name, docType) => {
  // `<User | ApplicationEndpoint | …>`: an enum the page spells out; its text binds.
  // `<PSListModifier[…]>` (New-CsTeamsEmergencyCallingPolicy -ExtendedNotifications): a list or @{Add=…}.
  const t = docType.includes('|')
    ? 'string'
    : /^pslistmodifier\[/i.test(docType)
      ? 'object'
      : TYPES[docType.toLowerCase()];
  if (!t) throw new Error(`${cmdlet} -${name}: no stand-in type for the reference's <${docType}>`);
  return t;
};
const quote = (s) => `'${s.replace(/'/g, "''")}'`;

/** The behaviour file: the prelude, and the bodies by cmdlet. */
function readBehaviour(text) {
  const parts = text.split(/^# ==== body: (.+)$/m);
  const bodies = new Map();
  for (let i = 1; i < parts.length; i += 2) {
    const body = parts[i + 1].replace(/^\n+|\n+$/g, '');
    for (const cmdlet of parts[i].split(',').map((s) => s.trim())) bodies.set(cmdlet, body);
  }
  return { prelude: parts[0].replace(/\n+$/, ''), bodies };
}

/** `[Parameter(...)]` attributes of one parameter over the sets it is in. */
function parameterAttributes(name, sets, doc, multi) {
  const pipe = doc.pipeline
    ? [
        ...(doc.pipeline.byValue ? ['ValueFromPipeline'] : []),
        ...(doc.pipeline.byPropertyName ? ['ValueFromPipelineByPropertyName'] : []),
      ]
    : [];
  const pipeline = doc.pipeline && pipe.length === 0 ? ['ValueFromPipeline', 'ValueFromPipelineByPropertyName'] : pipe;
  const inSets = sets.flatMap((s) => {
    const p = s.params.find((x) => x.name === name);
    if (!p) return [];
    const position = p.position === undefined ? undefined : (doc.position ?? p.position);
    return [
      {
        set: s.name,
        args: [
          ...(p.mandatory ? ['Mandatory'] : []),
          ...(position === undefined ? [] : [`Position = ${position}`]),
          ...pipeline,
        ],
      },
    ];
  });
  const same = inSets.length === sets.length && inSets.every((e) => e.args.join() === inSets[0].args.join());
  if (!multi || same) return inSets[0].args.length ? [`[Parameter(${inSets[0].args.join(', ')})]`] : [];
  return inSets.map((e) => `[Parameter(${[...e.args, `ParameterSetName = ${quote(e.set)}`].join(', ')})]`);
}

/** One cmdlet's function: CmdletBinding and param() from the reference, body by hand or forwarded. */
function cmdletFunction(cmdlet, doc, standIn, bodies) {
  const departure = standIn.departures[cmdlet] ?? {};
  const { sets, parameters } = doc.syntax;
  const multi = sets.length > 1;
  const shouldProcess = departure.shouldProcess ?? doc.shouldProcess;
  const defaultSet = multi ? (departure.defaultSet ?? sets.find((s) => s.default)?.name) : undefined;
  const binding = [
    ...(defaultSet ? [`DefaultParameterSetName = ${quote(defaultSet)}`] : []),
    ...(shouldProcess ? ['SupportsShouldProcess'] : []),
  ];
  const names = [...new Set(sets.flatMap((s) => s.params.map((p) => p.name)))];
  const params = names.map((name) => {
    const first = sets.flatMap((s) => s.params).find((p) => p.name === name);
    const aliases = departure.aliases?.[name] ?? parameters[name].aliases;
    const values = standIn.values[cmdlet]?.[name];
    const attributes = [
      ...parameterAttributes(name, sets, parameters[name], multi),
      ...(departure.attributes?.[name] ?? []).map((a) => `[${a}]`),
      ...(aliases.length ? [`[Alias(${aliases.map(quote).join(', ')})]`] : []),
      ...(values ? [`[ValidateSet(${values.map(quote).join(', ')})]`] : []),
    ];
    return `        ${attributes.join('')}[${typeOf(cmdlet, name, departure.types?.[name] ?? first.type)}]$${name}`;
  });
  const body = bodies.get(cmdlet) ?? 'Invoke-VfSim $MyInvocation.MyCommand.Name $PSBoundParameters';
  const why = departure.why ? `# Departs from the reference: ${departure.why}.\n` : '';
  return `${why}function ${cmdlet} {\n    [CmdletBinding(${binding.join(', ')})]\n    param(${params.length ? `\n${params.join(',\n')}\n    ` : ''})\n${body.replace(/^/gm, '    ')}\n}`;
}

/** The module manifest: a version inside the range Voiceform is tested with, and every cmdlet exported. */
export function generateManifest(root = ROOT) {
  const { cmdlets, moduleVersion } = JSON.parse(readFileSync(path.join(root, FIXTURES, 'stand-in.json'), 'utf8'));
  return `# GENERATED by scripts/generate-stand-in.mjs from stand-in.json: do not edit.
@{
    # Test fixture: a stand-in for the MicrosoftTeams module. Its cmdlets declare the parameters of
    # Microsoft's cmdlet reference and forward what PowerShell bound to \`voiceform sim serve\`
    # ($env:VOICEFORM_SIM_URL).
    RootModule        = 'MicrosoftTeams.psm1'
    ModuleVersion     = '${moduleVersion}'
    GUID              = 'd910df43-3ca6-4c9c-a2e3-e9f45a8e2ad9'
    Author            = 'Voiceform test fixture'
    Description       = 'Stand-in MicrosoftTeams module forwarding to the Voiceform simulated tenant'
    PowerShellVersion = '7.2'
    FunctionsToExport = @(
${cmdlets.map((c) => `        '${c}'`).join(',\n')}
    )
    CmdletsToExport   = @()
    AliasesToExport   = @()
}
`;
}

/** The module's text. */
export function generateStandIn(root = ROOT) {
  const read = (f) => readFileSync(path.join(root, FIXTURES, f), 'utf8');
  const documented = JSON.parse(read('documented-parameters.json'));
  const standIn = JSON.parse(read('stand-in.json'));
  const { prelude, bodies } = readBehaviour(read('stand-in-behaviour.ps1'));
  for (const cmdlet of bodies.keys())
    if (!standIn.cmdlets.includes(cmdlet)) throw new Error(`a body for ${cmdlet}, which stand-in.json does not list`);
  const functions = standIn.cmdlets.map((cmdlet) => {
    const doc = documented.cmdlets[cmdlet];
    if (!doc) throw new Error(`${cmdlet} is not in documented-parameters.json: run scripts/extract-cmdlet-syntax.mjs`);
    return cmdletFunction(cmdlet, doc, standIn, bodies);
  });
  const header = `# GENERATED by scripts/generate-stand-in.mjs: do not edit. Declarations from Microsoft's cmdlet reference\n# (${documented.source}), behaviour from stand-in-behaviour.ps1.`;
  return `${[header, prelude, ...functions].join('\n\n')}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  writeFileSync(path.join(ROOT, MODULE_FILE), generateStandIn());
  writeFileSync(path.join(ROOT, MANIFEST_FILE), generateManifest());
  console.log(`wrote ${MODULE_FILE} and ${MANIFEST_FILE}`);
}
