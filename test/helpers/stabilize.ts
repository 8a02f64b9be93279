/** Normalises the parts of a report that legitimately change between runs, for golden files. */
export function stabilize(text: string): string {
  return (
    text
      // ISO timestamps (with optional fraction and zone).
      .replace(/\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?/g, '<TIME>')
      // Container ids (64 hex) and their 12-hex short form.
      .replace(/\b[0-9a-f]{64}\b/g, '<ID>')
      .replace(/\b[0-9a-f]{12}\b/g, '<ID>')
      // Absolute temp and home paths.
      .replace(/(?:\/tmp|\/home|\/root|\/work|\/Users|\/private\/var)\/[^\s"'<>)]*/g, '<PATH>')
      // Line endings.
      .replace(/\r\n/g, '\n')
  );
}
