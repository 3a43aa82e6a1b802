// Extracts, from Microsoft's cmdlet reference (MicrosoftDocs/office-docs-powershell,
// teams/teams-ps/MicrosoftTeams/<cmdlet>.md), the parameter sets and parameters (with aliases) of
// every cmdlet the stand-in MicrosoftTeams module defines, into
// test/fixtures/pwsh/documented-parameters.json. The test suite holds the stand-in to that file.
// Usage: node scripts/extract-cmdlet-syntax.mjs <git dir of office-docs-powershell>
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

const gitDir = process.argv[2];
const module = readFileSync('test/fixtures/pwsh/MicrosoftTeams/MicrosoftTeams.psm1', 'utf8');
const cmdlets = [...module.matchAll(/^function ([A-Z][a-z]+-Cs\w+|Connect-MicrosoftTeams|Disconnect-MicrosoftTeams)\b/gm)].map((m) => m[1]);
const commit = execFileSync('git', ['--git-dir', gitDir, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
const out = { source: `MicrosoftDocs/office-docs-powershell@${commit}, teams/teams-ps/MicrosoftTeams/<cmdlet>.md`, cmdlets: {} };
for (const cmdlet of cmdlets) {
  let text;
  try {
    text = execFileSync('git', ['--git-dir', gitDir, 'show', `HEAD:teams/teams-ps/MicrosoftTeams/${cmdlet}.md`], { encoding: 'utf8' });
  } catch {
    console.error(`no reference page for ${cmdlet}`);
    continue;
  }
  const syntax = text.slice(text.indexOf('## SYNTAX'), text.indexOf('## DESCRIPTION'));
  const sets = [...syntax.matchAll(/```[a-z]*\n([\s\S]*?)```/g)].map((m) => {
    const body = m[1].trim().replace(new RegExp(`^${cmdlet}`), '');
    return [...new Set([...body.matchAll(/-([A-Za-z][A-Za-z0-9]*)\b/g)].map((p) => p[1]))].sort();
  });
  const params = {};
  const section = text.slice(text.indexOf('## PARAMETERS'));
  for (const m of section.matchAll(/^### -(\w+)\s*\n([\s\S]*?)(?=^### |^## )/gm)) {
    if (m[1] === 'CommonParameters') continue;
    const aliases = /^Aliases:[ \t]*(.*)$/m.exec(m[2])?.[1]?.trim() ?? '';
    params[m[1]] = aliases && aliases !== 'None' ? aliases.split(',').map((a) => a.trim()).filter(Boolean).sort() : [];
  }
  // Names as the SYNTAX blocks spell them (generated from the module; the PARAMETERS headings have typos).
  const names = [...new Set(sets.flat())].filter((n) => n !== 'WhatIf' && n !== 'Confirm');
  const aliases = Object.fromEntries(names.map((n) => [n, Object.entries(params).find(([k]) => k.toLowerCase() === n.toLowerCase())?.[1] ?? []]));
  out.cmdlets[cmdlet] = { sets: sets.map((set) => set.filter((n) => n !== 'WhatIf' && n !== 'Confirm')), aliases };
}
writeFileSync('test/fixtures/pwsh/documented-parameters.json', `${JSON.stringify(out, null, 1)}\n`);
