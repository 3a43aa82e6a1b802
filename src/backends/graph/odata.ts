/** An OData string literal: quotes doubled (so an apostrophe in a UPN cannot end the string). */
export function odataString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}
