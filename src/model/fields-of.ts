/** What `fieldsOf` says when the list misses some of the type's fields. */
type Exact<T, L extends readonly PropertyKey[]> = [Exclude<keyof T, L[number]>] extends [never]
  ? unknown
  : { missing: Exclude<keyof T, L[number]> };

/**
 * The names of every field of `T`, as a list checked at compile time: a field added to `T` without
 * its name here, or a name `T` lacks, does not compile. Voiceform's Graph types keep such lists so
 * that a test can hold them to Microsoft's published schema (test/unit/graph-contract.test.ts).
 */
export const fieldsOf =
  <T>() =>
  <const L extends readonly (keyof T & string)[]>(fields: L & Exact<T, L>): L =>
    fields;
