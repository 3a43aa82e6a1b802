// Extracts, from Microsoft's cmdlet reference (MicrosoftDocs/office-docs-powershell,
// teams/teams-ps/MicrosoftTeams/<cmdlet>.md), the syntax of every cmdlet the stand-in MicrosoftTeams
// module defines (test/fixtures/pwsh/stand-in.json lists them) into
// test/fixtures/pwsh/documented-parameters.json: per cmdlet its parameter sets (name, default, and
// each parameter's type, position and whether it is mandatory there), each parameter's aliases,
// pipeline input and accepted values, and whether it takes -WhatIf/-Confirm. scripts/generate-stand-in.mjs
// declares the stand-in's parameters from it; the test suite holds the module to it.
// Usage: node scripts/extract-cmdlet-syntax.mjs <git dir of office-docs-powershell>
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

const gitDir = process.argv[2];
const { cmdlets } = JSON.parse(readFileSync('test/fixtures/pwsh/stand-in.json', 'utf8'));
const commit = execFileSync('git', ['--git-dir', gitDir, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
const out = {
  source: `MicrosoftDocs/office-docs-powershell@${commit}, teams/teams-ps/MicrosoftTeams/<cmdlet>.md`,
  cmdlets: {},
};
const SHOULD_PROCESS = new Set(['WhatIf', 'Confirm']);

/** One SYNTAX block: `[-A] <T>` positional mandatory, `[[-A] <T>]` positional, `-A <T>` mandatory, `[-A <T>]`, `[-S]` a switch. */
function parseSet(body, cmdlet) {
  const text = body
    // The cmdlet's name; Grant-CsTeamsEmergencyCallingPolicy's Identity set names another cmdlet (a typo).
    .replace(new RegExp(`^\\s*(${cmdlet}|[A-Z][a-z]+-Cs\\w+)`), '')
    .replace(/\s+/g, ' ')
    // The pages' typos, read as what they plainly mean: `[-P <T> ]`, `[-P [T> ]` and `[P <T>]` (Set-CsCallQueue).
    .replace(/\[-(\w+) \[(\w+)> \]/g, '[-$1 <$2>]')
    .replace(/> \]/g, '>]')
    .replace(/\[(\w+) </g, '[-$1 <');
  const params = [];
  let position = 0;
  const re =
    /(\[\[-(\w+)\] <([^>]+)>\])|(\[-(\w+)\] <([^>]+)>)|(\[-(\w+) <([^>]+)>\])|(\[-(\w+)\])|(-(\w+) <([^>]+)>)|(-(\w+))(?=[\s\]]|$)/g;
  for (const m of text.matchAll(re)) {
    if (m[1]) params.push({ name: m[2], type: m[3], mandatory: false, position: position++ });
    else if (m[4]) params.push({ name: m[5], type: m[6], mandatory: true, position: position++ });
    else if (m[7]) params.push({ name: m[8], type: m[9], mandatory: false });
    else if (m[10]) params.push({ name: m[11], type: 'SwitchParameter', mandatory: false });
    else if (m[12]) params.push({ name: m[13], type: m[14], mandatory: true });
    else if (m[15]) params.push({ name: m[16], type: 'SwitchParameter', mandatory: true });
  }
  // A parameter the page lists twice (Set-CsCallQueue's -TimeoutSharedVoicemail*) is one parameter.
  return params.filter((p, i) => params.findIndex((q) => q.name === p.name) === i);
}

for (const cmdlet of cmdlets) {
  const text = execFileSync('git', ['--git-dir', gitDir, 'show', `HEAD:teams/teams-ps/MicrosoftTeams/${cmdlet}.md`], {
    encoding: 'utf8',
  });
  const syntax = text.slice(text.indexOf('## SYNTAX'), text.indexOf('## DESCRIPTION'));
  const blocks = [...syntax.matchAll(/(?:^### ([^\n]+)\n+)?```[a-z]*\n([\s\S]*?)```/gm)];
  const syntaxSets = blocks.map((m, i) => {
    const heading = (m[1] ?? '').trim();
    return {
      name: heading.replace(/\s*\(Default\)\s*$/, '') || (blocks.length === 1 ? '__AllParameterSets' : `Set${i}`),
      default: /\(Default\)/.test(heading),
      params: parseSet(m[2], cmdlet),
    };
  });
  const shouldProcess = syntaxSets.some((s) => s.params.some((p) => SHOULD_PROCESS.has(p.name)));
  for (const s of syntaxSets) s.params = s.params.filter((p) => !SHOULD_PROCESS.has(p.name));
  const docs = {};
  const section = text.slice(text.indexOf('## PARAMETERS'));
  for (const m of section.matchAll(/^### -(\w+)\s*\n([\s\S]*?)(?=^### |^## )/gm)) {
    const field = (name) => new RegExp(`^${name}:[ \\t]*(.*)$`, 'm').exec(m[2])?.[1]?.trim() ?? '';
    docs[m[1].toLowerCase()] = {
      aliases: field('Aliases'),
      pipeline: field('Accept pipeline input'),
      accepted: field('Accepted values'),
      position: field('Position'),
    };
  }
  // Names as the SYNTAX blocks spell them (generated from the module; the PARAMETERS headings have typos).
  const names = [...new Set(syntaxSets.flatMap((s) => s.params.map((p) => p.name)))];
  const list = (v) =>
    v && v !== 'None'
      ? v
          .split(',')
          .map((a) => a.trim())
          .filter(Boolean)
          .sort()
      : [];
  const parameters = Object.fromEntries(
    names.map((n) => {
      const d = docs[n.toLowerCase()] ?? {};
      const pipeline = /^True/.test(d.pipeline ?? '')
        ? { byValue: /ByValue/.test(d.pipeline), byPropertyName: /ByPropertyName/.test(d.pipeline) }
        : undefined;
      const position = /^\d+$/.test(d.position ?? '') ? { position: Number(d.position) } : {};
      return [
        n,
        {
          aliases: list(d.aliases),
          ...position,
          ...(pipeline ? { pipeline } : {}),
          ...(d.accepted ? { acceptedValues: list(d.accepted) } : {}),
        },
      ];
    }),
  );
  out.cmdlets[cmdlet] = {
    shouldProcess,
    sets: syntaxSets.map((s) => s.params.map((p) => p.name).sort()),
    aliases: Object.fromEntries(names.map((n) => [n, parameters[n].aliases])),
    syntax: { sets: syntaxSets, parameters },
  };
}
writeFileSync('test/fixtures/pwsh/documented-parameters.json', `${JSON.stringify(out, null, 1)}\n`);
