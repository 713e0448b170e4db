/**
 * Repairs UTF-8 text that was once decoded as Mac Roman or Windows-1252 and saved again as UTF-8
 * (`üó∫Ô∏è` or `ðŸ—ºï¸` for 🗺️, `‚úÖ` or `âœ…` for ✅). A run of characters is replaced only when
 * mapping it back to the legacy encoding's bytes gives a valid UTF-8 sequence, so the repair is exact
 * and reversible; correct text (`café`, `→`, emoji) maps to no valid sequence and is left alone.
 */
import type { Diagnostic } from '../diagnostics.ts';

/** The legacy encodings whose misreading is repaired, by their WHATWG label. */
export type LegacyEncoding = 'macintosh' | 'windows-1252';

const NAMES: Record<LegacyEncoding, string> = { macintosh: 'Mac Roman', 'windows-1252': 'Windows-1252' };

/** Each encoding's characters for the bytes 0x80–0xFF, as the platform's decoder maps them, back to the byte. */
const TABLES: Record<LegacyEncoding, Map<string, number>> = {
  macintosh: byteTable('macintosh'),
  'windows-1252': byteTable('windows-1252'),
};

function byteTable(encoding: LegacyEncoding): Map<string, number> {
  const decoder = new TextDecoder(encoding);
  const table = new Map<string, number>();
  for (let byte = 0x80; byte <= 0xff; byte++) table.set(decoder.decode(Uint8Array.of(byte)), byte);
  return table;
}

/** How many bytes a UTF-8 sequence starting with `lead` has, or 0 when `lead` cannot start one. */
function sequenceLength(lead: number): number {
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Repairs one line with one encoding: each run of characters whose legacy bytes form a valid UTF-8
 * multi-byte sequence becomes that sequence's text.
 * @param line the text
 * @param encoding the encoding it was misread as
 * @returns the repaired line and how many sequences were repaired
 */
export function repairLine(line: string, encoding: LegacyEncoding): { text: string; repaired: number; long: number } {
  const table = TABLES[encoding];
  const chars = [...line];
  let out = '';
  let repaired = 0;
  let long = 0;
  for (let i = 0; i < chars.length; ) {
    const lead = table.get(chars[i]!);
    const length = lead === undefined ? 0 : sequenceLength(lead);
    if (length > 0 && i + length <= chars.length) {
      const bytes = chars.slice(i, i + length).map((c) => table.get(c));
      if (bytes.every((b) => b !== undefined)) {
        const decoded = decodeStrict(Uint8Array.from(bytes as number[]));
        if (decoded !== undefined) {
          out += decoded;
          repaired++;
          if (length > 2) long++;
          i += length;
          continue;
        }
      }
    }
    out += chars[i];
    i++;
  }
  return { text: out, repaired, long };
}

function decodeStrict(bytes: Uint8Array): string | undefined {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * Finds and repairs mis-encoded text in a whole document. The encoding is chosen per document: the one
 * that repairs more sequences (Mac Roman and Windows-1252 misreadings look different, so one of them
 * finds nothing). A single two-byte sequence is not evidence enough (`—é` in Mac Roman reads as the
 * bytes of `ю`), so a document is repaired only with two sequences or one of three or four bytes
 * (emoji, ✅, curly quotes). Each repaired line gives an `info` diagnostic naming the file and line.
 * @param file the document's path relative to the flake root, for locations
 * @param text the document
 */
export function repairMojibake(file: string, text: string): { text: string; diagnostics: Diagnostic[]; encoding?: LegacyEncoding } {
  const lines = text.split('\n');
  let best: { encoding: LegacyEncoding; count: number } | undefined;
  for (const encoding of Object.keys(TABLES) as LegacyEncoding[]) {
    const results = lines.map((line) => repairLine(line, encoding));
    const count = results.reduce((n, r) => n + r.repaired, 0);
    const long = results.reduce((n, r) => n + r.long, 0);
    if ((count >= 2 || long > 0) && (!best || count > best.count)) best = { encoding, count };
  }
  if (!best) return { text, diagnostics: [] };
  const { encoding } = best;
  const diagnostics: Diagnostic[] = [];
  const repaired = lines.map((line, index) => {
    const result = repairLine(line, encoding);
    if (result.repaired === 0) return line;
    diagnostics.push({
      severity: 'info',
      code: 'tickets/mojibake',
      message: `repaired UTF-8 text that had been read as ${NAMES[encoding]}: ${quote(line)} is now ${quote(result.text)}`,
      location: { file, line: index + 1, column: 1 },
    });
    return result.text;
  });
  return { text: repaired.join('\n'), diagnostics, encoding };
}

/** A line for a message: trimmed and cut at 60 characters. */
function quote(line: string): string {
  const chars = [...line.trim()];
  return `"${chars.length > 60 ? `${chars.slice(0, 59).join('')}…` : chars.join('')}"`;
}
