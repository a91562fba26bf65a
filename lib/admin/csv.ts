/**
 * CSV as RFC 4180 writes it (comma-separated, CRLF line ends, fields with a comma, quote or line break
 * in double quotes with quotes doubled), for spreadsheets that organisers open in Excel.
 */

export type CsvValue = string | number | null | undefined;

/** Excel reads a file as UTF-8 only when it starts with a byte-order mark; without it "Müller" breaks. */
export const CSV_BOM = "\uFEFF";

/**
 * Text a spreadsheet would run as a formula (=HYPERLINK(…), +cmd|…, @SUM…, or hidden behind a tab or
 * carriage return) gets a leading apostrophe, which makes Excel and Sheets show it as text. Buyer names
 * and e-mails are typed by anyone, so every text cell is treated this way; numbers we format ourselves.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
/**
 * A phone number in international form ("+254 712 345 678") or a signed number is only digits after its
 * sign: a spreadsheet can run nothing from it, so it is left as the organiser will dial or sum it.
 */
const PLAIN_NUMBER = /^[+-]?\d[\d ]*(\.\d+)?$/;

export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return "";
  let text = typeof value === "number" ? String(value) : value;
  if (typeof value === "string" && FORMULA_START.test(text) && !PLAIN_NUMBER.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvRow(values: readonly CsvValue[]): string {
  return `${values.map(csvCell).join(",")}\r\n`;
}

/** The whole file, line by line: BOM and header first, then each row as it comes. */
export async function* csvLines(
  header: readonly string[],
  rows: AsyncIterable<readonly CsvValue[]>,
): AsyncGenerator<string> {
  yield CSV_BOM + csvRow(header);
  for await (const row of rows) yield csvRow(row);
}

/**
 * A byte stream that pulls the next lines only when the client has read the last ones, so a large
 * export never sits in memory and a slow download slows the database reads down with it.
 */
export function csvStream(
  lines: AsyncIterable<string>,
  onError: (err: unknown) => void = () => {},
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const it = lines[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        let chunk = "";
        // Batch small lines into chunks of a few kilobytes.
        while (chunk.length < 16_384) {
          const next = await it.next();
          if (next.done) {
            if (chunk) controller.enqueue(encoder.encode(chunk));
            controller.close();
            return;
          }
          chunk += next.value;
        }
        controller.enqueue(encoder.encode(chunk));
      } catch (err) {
        onError(err);
        controller.error(err);
      }
    },
    async cancel() {
      await it.return?.(undefined);
    },
  });
}

/** A CSV download: an attachment that is never cached (it holds buyers' details) nor sniffed as something else. */
export function csvDownload({ filename, body }: { filename: string; body: BodyInit }): Response {
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
