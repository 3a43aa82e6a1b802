// Fills in, from Google's libphonenumber metadata (the google-libphonenumber devDependency), the
// parts of templates/countries/<ISO>.json that are facts rather than choices:
// - "emergencyNumbers": every string libphonenumber calls an emergency number for the region
//   (accessibility numbers included), beside any listed by hand;
// - "shortNumbers": the region's short/service-number patterns verbatim (valid short codes, and the
//   toll-free, standard-rate and premium-rate ones), which site-context turns into Service routes;
// - number classes the file does not have yet (shared cost, UAN, VoIP, personal, pager, voicemail,
//   and toll-free, premium, mobile for a new country), with whether they are dialled with the trunk
//   prefix taken from libphonenumber's national format of the example number.
// Hand-written: the National catch-all (libphonenumber's fixed-line patterns run to kilobytes) and
// any class whose libphonenumber pattern is longer than MAX_PATTERN; the others are rewritten. Classes
// are put in libphonenumber's order of precedence (the first class that matches a number wins).
// Usage: node scripts/country-numbering.mjs [ISO…]   (default: every file in templates/countries)
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import lib from 'google-libphonenumber';

const util = lib.PhoneNumberUtil.getInstance();
const shortInfo = lib.ShortNumberInfo.getInstance();
const version = JSON.parse(readFileSync('node_modules/google-libphonenumber/package.json', 'utf8')).version;
const dir = 'templates/countries';
const ORDER = [
  'Premium',
  'TollFree',
  'SharedCost',
  'VoIP',
  'Personal',
  'Pager',
  'UAN',
  'Voicemail',
  'Mobile',
  'National',
];
const TYPES = {
  TollFree: ['TOLL_FREE', 'getTollFree', 'Local'],
  Premium: ['PREMIUM_RATE', 'getPremiumRate', 'International'],
  SharedCost: ['SHARED_COST', 'getSharedCost', 'National'],
  VoIP: ['VOIP', 'getVoip', 'National'],
  Personal: ['PERSONAL_NUMBER', 'getPersonalNumber', 'National'],
  Pager: ['PAGER', 'getPager', 'National'],
  UAN: ['UAN', 'getUan', 'National'],
  Voicemail: ['VOICEMAIL', 'getVoicemail', 'National'],
  Mobile: ['MOBILE', 'getMobile', 'National'],
};
// Longer patterns are not copied: a hand-written class (or the National catch-all) covers them.
const MAX_PATTERN = 300;

const isos =
  process.argv.length > 2
    ? process.argv.slice(2)
    : readdirSync(dir)
        .filter((f) => f.endsWith('.json'))
        .map((f) => f.slice(0, -5));
for (const iso of isos) {
  const file = `${dir}/${iso}.json`;
  const data = JSON.parse(readFileSync(file, 'utf8'));
  const meta = util.getMetadataForRegion(iso);
  const shortMeta = shortInfo.getMetadataForRegion_(iso);
  // Kept: numbers listed by hand beside libphonenumber's (US 933, Teams' emergency address test).
  data.emergencyNumbers = [...new Set([...data.emergencyNumbers, ...emergencyNumbers(iso, shortMeta)])];
  const pattern = (desc) => (desc?.hasNationalNumberPattern() ? desc.getNationalNumberPattern() : undefined);
  data.shortNumbers = {
    source: `libphonenumber short-number metadata (google-libphonenumber ${version})`,
    shortCode: pattern(shortMeta.getShortCode()),
    tollFree: pattern(shortMeta.getTollFree()),
    standardRate: pattern(shortMeta.getStandardRate()),
    premiumRate: pattern(shortMeta.getPremiumRate()),
  };
  for (const [cls, [type, getter, tier]] of Object.entries(TYPES)) {
    const nsn = pattern(meta[getter]());
    if (!nsn || nsn === 'NA' || nsn.length > MAX_PATTERN) continue;
    if (cls === 'Mobile' && nsn === pattern(meta.getFixedLine())) continue; // NANP: no separate mobile range
    const had = data.classes.find((c) => c.class === cls);
    // Mobile patterns written by hand are kept broad: libphonenumber's list exact allocations, and a
    // range allocated after its metadata was cut must not be blocked (same tier as fixed lines).
    if (had && cls === 'Mobile') continue;
    // Otherwise the pattern is libphonenumber's; tier and trunk dialling, checked by hand, are kept.
    if (had) had.nsn = nsn;
    else data.classes.push({ class: cls, tier, nsn, dialTrunk: dialledWithTrunk(iso, type, meta) });
  }
  data.classes.sort((a, b) => ORDER.indexOf(a.class) - ORDER.indexOf(b.class));
  writeFileSync(file, `${JSON.stringify(data, null, 2)}\n`);
  console.log(
    `${iso}: ${data.emergencyNumbers.length} emergency numbers, classes ${data.classes.map((c) => c.class).join(', ')}`,
  );
}

function emergencyNumbers(iso, shortMeta) {
  const lengths = shortMeta.getEmergency()?.possibleLengthArray() ?? [];
  const longest = Math.max(3, ...lengths);
  const found = [];
  for (let len = 2; len <= longest; len++) {
    for (let i = 0; i < 10 ** len; i++) {
      const s = String(i).padStart(len, '0');
      if (shortInfo.isEmergencyNumber(s, iso)) found.push(s);
    }
  }
  return found;
}

function dialledWithTrunk(iso, type, meta) {
  const example = util.getExampleNumberForType(iso, lib.PhoneNumberType[type]);
  const trunk = meta.getNationalPrefix();
  if (!example || !trunk) return true;
  // NANP's national format leaves the optional trunk 1 out; such classes are dialled like the rest.
  if (meta.getCountryCode() === 1) return true;
  return util.format(example, lib.PhoneNumberFormat.NATIONAL).replace(/\D/g, '').startsWith(trunk);
}
