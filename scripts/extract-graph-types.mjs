// Extracts, from Microsoft's published Graph schema (microsoftgraph/msgraph-metadata,
// clean_v10_metadata/cleanMetadata.xml, and the national clouds' schemas/v1.0-Fairfax.csdl and
// v1.0-Mooncake.csdl), the types of every Graph object the emulator serves, with their base types
// and the complex and enum types their properties use, into test/fixtures/graph/graph-types.json:
// per type its properties (name, type, nullable) and per enum its members; and, per cloud, which of
// the entity sets and functions Voiceform calls exist there; and the parameters of the actions
// Voiceform posts. test/integration/graph-shapes.test.ts holds the emulator to it,
// test/unit/graph-contract.test.ts Voiceform's own reads and request bodies.
// Usage: node scripts/extract-graph-types.mjs <git dir of msgraph-metadata>
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';

const gitDir = process.argv[2];
const commit = execFileSync('git', ['--git-dir', gitDir, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
const show = (file) =>
  execFileSync('git', ['--git-dir', gitDir, 'show', `HEAD:${file}`], { encoding: 'utf8', maxBuffer: 1 << 28 });

/** The types the emulator serves (and Voiceform reads). */
const ROOTS = [
  'microsoft.graph.user',
  // Voiceform's owner tag on resource accounts (an open extension: its own property is dynamic).
  'microsoft.graph.openTypeExtension',
  'microsoft.graph.subscribedSku',
  'microsoft.graph.domain',
  'microsoft.graph.serviceUpdateMessage',
  'microsoft.graph.teamsAdministration.teamsUserConfiguration',
  'microsoft.graph.teamsAdministration.numberAssignment',
  'microsoft.graph.teamsAdministration.telephoneNumberLongRunningOperation',
  'microsoft.graph.callRecords.directRoutingLogRow',
  'microsoft.graph.callRecords.pstnCallLogRow',
];

/** Every schema's types by qualified name; aliases resolved. */
function parse(xml) {
  const types = new Map();
  for (const schema of xml.matchAll(/<Schema Namespace="([^"]+)"(?: Alias="([^"]+)")?[^>]*>([\s\S]*?)<\/Schema>/g)) {
    const [, ns, , body] = schema;
    for (const t of body.matchAll(
      /<(EntityType|ComplexType|EnumType) Name="([^"]+)"([^>]*?)(\/?)>([\s\S]*?)(?:<\/\1>|(?=<(?:EntityType|ComplexType|EnumType) ))/g,
    )) {
      const [, kind, name, attrs, selfClosing, inner] = t;
      const base = /BaseType="([^"]+)"/.exec(attrs)?.[1];
      const content = selfClosing ? '' : inner;
      types.set(`${ns}.${name}`, {
        kind,
        base,
        properties: [...content.matchAll(/<Property Name="([^"]+)" Type="([^"]+)"([^>]*)\/>/g)].map((p) => ({
          name: p[1],
          type: p[2],
          nullable: !/Nullable="false"/.test(p[3]),
        })),
        members: [...content.matchAll(/<Member Name="([^"]+)"/g)].map((m) => m[1]),
      });
    }
  }
  const aliases = new Map([...xml.matchAll(/<Schema Namespace="([^"]+)" Alias="([^"]+)"/g)].map((m) => [m[2], m[1]]));
  // `self.` is each schema's own alias: the security schema's only, and none of ours uses it.
  const qualify = (name) => {
    const dot = name.indexOf('.');
    const head = name.slice(0, dot);
    return aliases.has(head) && !name.startsWith('microsoft.') ? `${aliases.get(head)}${name.slice(dot)}` : name;
  };
  for (const t of types.values()) {
    if (t.base) t.base = qualify(t.base);
    for (const p of t.properties)
      p.type = p.type.replace(/^(Collection\()?([^)]+)(\))?$/, (_, a = '', n, b = '') => `${a}${qualify(n)}${b}`);
  }
  return types;
}

const global = parse(show('clean_v10_metadata/cleanMetadata.xml'));
const out = {};
const add = (name) => {
  if (out[name] || name.startsWith('Edm.')) return;
  const t = global.get(name);
  if (!t) throw new Error(`no type ${name} in the metadata`);
  out[name] = t;
  if (t.base) add(t.base);
  for (const p of t.properties) {
    const inner = p.type.replace(/^Collection\((.*)\)$/, '$1');
    // A user's dozens of nested types are not served (the emulator answers $select of a few scalars).
    if (!inner.startsWith('Edm.') && name !== 'microsoft.graph.user' && name !== 'microsoft.graph.directoryObject')
      add(inner);
  }
};
ROOTS.forEach(add);
// What Voiceform reads of a user's licences (the user's other nested types are left out above).
add('microsoft.graph.assignedLicense');

/** The actions Voiceform posts, by `<binding type>.<action>`: their parameters (the binding left out). */
const ACTIONS = [
  ['microsoft.graph.user', 'assignLicense'],
  ['Collection(microsoft.graph.teamsAdministration.numberAssignment)', 'assignNumber'],
  ['Collection(microsoft.graph.teamsAdministration.numberAssignment)', 'unassignNumber'],
];
const globalXml = show('clean_v10_metadata/cleanMetadata.xml');
const actions = {};
for (const [binding, name] of ACTIONS) {
  const shortBinding = binding
    .replace('microsoft.graph.', 'graph.')
    .replace('graph.teamsAdministration.', 'teamsAdministration.');
  const found = [...globalXml.matchAll(new RegExp(`<Action Name="${name}" IsBound="true">([\\s\\S]*?)</Action>`, 'g'))]
    .map((m) => m[1])
    .find((body) => body.includes(`Name="bindingParameter" Type="${shortBinding}"`));
  if (!found) throw new Error(`no action ${name} bound to ${binding} in the metadata`);
  actions[`${binding}.${name}`] = [...found.matchAll(/<Parameter Name="([^"]+)" Type="([^"]+)"([^>]*)\/>/g)]
    .filter((p) => p[1] !== 'bindingParameter')
    .map((p) => ({
      name: p[1],
      // The global schema's aliases: graph. and teamsAdministration. (as the types above, qualified).
      type: p[2].replace(/(^|\()(graph|teamsAdministration)\./, (_, a, ns) =>
        ns === 'graph' ? `${a}microsoft.graph.` : `${a}microsoft.graph.teamsAdministration.`,
      ),
      nullable: !/Nullable="false"/.test(p[3]),
    }));
}

/** Which of Voiceform's Graph paths each cloud's schema declares. */
const clouds = {};
const declares = (xml) => ({
  teamsAdministration: xml.includes('Namespace="microsoft.graph.teamsAdministration"'),
  getDirectRoutingCalls: /Function Name="getDirectRoutingCalls"/.test(xml),
  getPstnCalls: /Function Name="getPstnCalls"/.test(xml),
  serviceAnnouncement: /Name="serviceAnnouncement"/.test(xml),
});
clouds.global = declares(show('clean_v10_metadata/cleanMetadata.xml'));
clouds.usgov = declares(show('schemas/v1.0-Fairfax.csdl'));
clouds.china = declares(show('schemas/v1.0-Mooncake.csdl'));

writeFileSync(
  'test/fixtures/graph/graph-types.json',
  `${JSON.stringify({ source: `microsoftgraph/msgraph-metadata@${commit}`, clouds, types: out, actions }, null, 1)}\n`,
);
console.log(`wrote test/fixtures/graph/graph-types.json: ${Object.keys(out).length} types`);
