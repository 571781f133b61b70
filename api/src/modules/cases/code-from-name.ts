/**
 * Derives a stable code from a display name: lower case, runs of other characters turned into
 * one hyphen ("Noise - Residential" becomes "noise-residential").
 */
export function codeFromName(name: string): string {
  const code = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');

  return code || 'unnamed';
}
