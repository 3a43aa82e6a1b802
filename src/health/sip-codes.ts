/**
 * What a failed call's codes mean and what to check next, for the operator who reads a health
 * finding at 3 a.m. Two codes per failure (Microsoft, "Microsoft and SIP response codes",
 * learn.microsoft.com/microsoftteams/troubleshoot/phone-system/direct-routing/microsoft-sip-response-codes):
 * the SIP code (RFC 3261) and Microsoft's sub-code. A sub-code starting with 560 means the SBC sent
 * the final response; 540 is read the same way for inbound calls (the 420 page lists 540420 beside
 * 560420, "check the SBC configuration"); any other sub-code means a Microsoft service did.
 * Specific sub-codes (511404) come from the same pages; the rest is the SIP code's meaning on a
 * Direct Routing trunk, worded as the next step to take. Pure data and one lookup.
 */

/** Who sent the final response. */
export type CodeSide = 'sbc' | 'microsoft';

export interface CodeMeaning {
  side: CodeSide;
  meaning: string;
  /** The next step: where to look. */
  action: string;
}

interface Entry {
  meaning: string;
  /** When the SBC sent it (560xxx/540xxx). */
  sbc: string;
  /** When a Microsoft service sent it. */
  microsoft: string;
}

const VENDOR = 'read the SBC log for the call; the SBC vendor can help';

/** By SIP code. */
const BY_SIP: Readonly<Record<number, Entry>> = {
  400: {
    meaning: 'bad request: a malformed SIP message',
    sbc: `the SBC could not parse Microsoft's request; ${VENDOR}`,
    microsoft: "Microsoft could not parse the SBC's message: check header manipulation rules on the SBC",
  },
  403: {
    meaning: 'forbidden: the call was refused',
    sbc: 'check the SBC call admission and IP access rules (Microsoft signals from 52.112.0.0/14 and 52.120.0.0/14) and the number routing on the SBC',
    microsoft:
      "check that the gateway is enabled, the SBC's FQDN matches its certificate, and the caller holds a voice routing policy with a route to this gateway",
  },
  404: {
    meaning: 'not found: the number is not reachable',
    sbc: "check the SBC's number manipulation and the operator's routing for the called number",
    microsoft: 'check that the called number is assigned in Teams and arrives in E.164 form (+ and country code)',
  },
  408: {
    meaning: 'request timeout: the far side did not answer in time',
    sbc: 'check that the SBC reaches the PSTN leg; its SIP OPTIONS to Microsoft must answer too',
    microsoft:
      "check that Microsoft's proxies reach the SBC (firewall, SIP OPTIONS) and the gateway's FailoverTimeSeconds",
  },
  420: {
    meaning: 'bad extension: a SIP extension one side requires is not supported',
    sbc: 'check that the SBC supports the headers Microsoft sends (such as Replaces)',
    microsoft: 'check that the SBC does not require an extension Microsoft does not support (such as Require: 100rel)',
  },
  480: {
    meaning: 'temporarily unavailable: the callee could not be reached',
    sbc: "check the SBC's PSTN leg (trunk registered, channels free)",
    microsoft: 'the Teams user is offline or has no client signed in (no fault of the trunk)',
  },
  484: {
    meaning: 'address incomplete: the number has too few digits',
    sbc: "check the dial plan's normalization rules and the SBC's number manipulation",
    microsoft: "check the dial plan's normalization rules",
  },
  486: {
    meaning: 'busy here',
    sbc: 'the callee was busy (no fault); if frequent, check the PSTN trunk channel count',
    microsoft: 'the Teams callee was busy (no fault)',
  },
  487: {
    meaning: 'request terminated: the caller hung up before an answer',
    sbc: 'usually a caller giving up; if frequent, check post-dial delay on the PSTN leg',
    microsoft: 'usually a caller giving up (487/540200 is a call answered elsewhere and is left out of the rates)',
  },
  488: {
    meaning: 'not acceptable here: codec or SDP mismatch',
    sbc: 'check the codecs offered on both legs, SRTP, and media bypass settings on the SBC',
    microsoft: "check the SBC's SDP (codecs, SRTP crypto) and the gateway's MediaBypass setting against the SBC's",
  },
  500: {
    meaning: 'server internal error',
    sbc: `the SBC failed while handling the call; ${VENDOR}`,
    microsoft: 'a Microsoft service failed; check the Microsoft 365 service health and Message Center',
  },
  502: {
    meaning: 'bad gateway: a hop further on answered wrongly',
    sbc: "check the SBC's PSTN trunk",
    microsoft: 'a Microsoft service behind the proxy failed; check the Microsoft 365 service health',
  },
  503: {
    meaning: 'service unavailable: the call was refused for capacity',
    sbc: "check the SBC's concurrent session limit and licences (and the gateway's MaxConcurrentSessions) and that the PSTN leg is up",
    microsoft:
      'Microsoft refused the call; check the Microsoft 365 service health and the SBC being marked down (SIP OPTIONS)',
  },
  504: {
    meaning: 'gateway timeout: the PSTN leg did not answer in time',
    sbc: "check the SBC's connectivity to the PSTN operator",
    microsoft: 'Microsoft got no timely answer from the SBC: check the network path and the SBC load',
  },
  603: {
    meaning: 'decline: the callee refused the call',
    sbc: 'refused on the PSTN side (no fault of the trunk, unless frequent)',
    microsoft: 'the Teams callee declined (no fault)',
  },
};

/** Sub-codes with a meaning of their own (Microsoft's pages). */
const BY_SUB: Readonly<Record<number, CodeMeaning>> = {
  511404: {
    side: 'microsoft',
    meaning: 'reverse number lookup failed: the number from the SBC matches no assigned number',
    action: "make the SBC send the number as it is assigned in Teams (the user's LineUri, E.164 with +)",
  },
};

export const sideOf = (subCode: number): CodeSide => (/^5[46]0\d{3}$/.test(String(subCode)) ? 'sbc' : 'microsoft');

/** The meaning and next step of a failed call's codes, or undefined for a code not in the catalogue. Pure. */
export function explainCode(sipCode: number, subCode: number): CodeMeaning | undefined {
  const special = BY_SUB[subCode];
  if (special) return special;
  const entry = BY_SIP[sipCode];
  if (!entry) return undefined;
  const side = sideOf(subCode);
  return { side, meaning: entry.meaning, action: side === 'sbc' ? entry.sbc : entry.microsoft };
}

/** One line for a finding: `503/560503 ×80: service unavailable (sent by the SBC) → check …`. Pure. */
export function codeLine(c: { sipCode: number; subCode: number; count: number }): string | undefined {
  const m = explainCode(c.sipCode, c.subCode);
  if (!m) return undefined;
  return `${c.sipCode}/${c.subCode} ×${c.count}: ${m.meaning} (sent by ${m.side === 'sbc' ? 'the SBC' : 'Microsoft'}) → ${m.action}`;
}
