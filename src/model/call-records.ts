import { fieldsOf } from './fields-of.js';

/**
 * A Direct Routing call as Graph's getDirectRoutingCalls returns it (microsoft.graph.callRecords.
 * directRoutingLogRow, v1.0). Successful calls carry failureDateTime "0001-01-01T00:00:00Z" and a
 * 540000/0 "BYE" ending; failed ones an endDateTime of that same zero date.
 */
export interface DirectRoutingCall {
  id: string;
  correlationId: string;
  userId: string | null;
  userPrincipalName: string | null;
  userDisplayName: string | null;
  startDateTime: string;
  inviteDateTime: string;
  failureDateTime: string;
  endDateTime: string;
  /** Seconds. */
  duration: number;
  /** ByotIn, ByotOut, ByotInUserForwarding, ByotOutUserForwarding… */
  callType: string;
  successfulCall: boolean;
  callerNumber: string;
  calleeNumber: string;
  mediaPathLocation: string;
  signalingLocation: string;
  finalSipCode: number;
  callEndSubReason: number;
  finalSipCodePhrase: string;
  trunkFullyQualifiedDomainName: string;
  mediaBypassEnabled: boolean;
}

/** A Calling Plan or Operator Connect call (getPstnCalls, pstnCallLogRow), the fields health reads. */
export interface PstnCall {
  id: string;
  startDateTime: string;
  duration: number;
  callType: string;
  /** The carrier: Microsoft for Calling Plan, the operator's name for Operator Connect. */
  operator: string;
  /** Absent on some rows; `callDurationSource` tells who measured the duration. */
  callDurationSource?: string;
}

/** directRoutingLogRow's properties Voiceform reads (every field of DirectRoutingCall). */
export const DIRECT_ROUTING_CALL_FIELDS = fieldsOf<DirectRoutingCall>()([
  'id',
  'correlationId',
  'userId',
  'userPrincipalName',
  'userDisplayName',
  'startDateTime',
  'inviteDateTime',
  'failureDateTime',
  'endDateTime',
  'duration',
  'callType',
  'successfulCall',
  'callerNumber',
  'calleeNumber',
  'mediaPathLocation',
  'signalingLocation',
  'finalSipCode',
  'callEndSubReason',
  'finalSipCodePhrase',
  'trunkFullyQualifiedDomainName',
  'mediaBypassEnabled',
]);

/** pstnCallLogRow's properties Voiceform reads. */
export const PSTN_CALL_FIELDS = fieldsOf<PstnCall>()([
  'id',
  'startDateTime',
  'duration',
  'callType',
  'operator',
  'callDurationSource',
]);

/** The zero date Graph puts in the time field a row does not use. */
export const GRAPH_ZERO_DATE = '0001-01-01T00:00:00Z';

/** A Message Center post (serviceUpdateMessage), the fields health reads. */
export interface ServiceMessage {
  id: string;
  title: string;
  services: string[];
  tags: string[];
  category: string;
  severity: string;
  startDateTime: string;
  lastModifiedDateTime: string;
  actionRequiredByDateTime: string | null;
  body: { contentType: string; content: string };
}

/** serviceUpdateMessage's properties Voiceform reads (its body an itemBody). */
export const SERVICE_MESSAGE_FIELDS = fieldsOf<ServiceMessage>()([
  'id',
  'title',
  'services',
  'tags',
  'category',
  'severity',
  'startDateTime',
  'lastModifiedDateTime',
  'actionRequiredByDateTime',
  'body',
]);
export const ITEM_BODY_FIELDS = fieldsOf<ServiceMessage['body']>()(['contentType', 'content']);

/** Where health reads the tenant's call records and notices: the simulated tenant or Graph. */
/**
 * An API the tenant's cloud does not offer (Microsoft's pages mark getDirectRoutingCalls global
 * only, getPstnCalls global and US Government): health says so and goes on without it.
 */
export class ApiUnavailable extends Error {
  constructor(
    readonly api: string,
    readonly cloud: string,
    why: string,
  ) {
    super(`${api} is not available in the ${cloud} cloud (${why})`);
    this.name = 'ApiUnavailable';
  }
}

export interface HealthSource {
  readonly description: string;
  /** Direct Routing calls that started in [from, to), page by page (never all in memory). */
  directRoutingCalls(from: Date, to: Date): AsyncIterable<DirectRoutingCall[]>;
  pstnCalls(from: Date, to: Date): AsyncIterable<PstnCall[]>;
  serviceMessages(): Promise<ServiceMessage[]>;
  close(): Promise<void>;
}
