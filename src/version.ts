/** Voiceform's version, recorded in plans and journals. */
export const TOOL_VERSION = '0.1.0';
