import { describe, expect, it } from "vitest";
import { CSV_BOM, csvCell, csvLines, csvRow, csvStream } from "./csv";

async function* from<T>(items: T[]) {
  yield* items;
}

const read = async (stream: ReadableStream<Uint8Array>) => new Uint8Array(await new Response(stream).arrayBuffer());

describe("csv", () => {
  it("quotes only what needs it, doubling quotes, with CRLF line ends", () => {
    expect(csvRow(["plain", "a,b", 'say "hi"', "two\nlines", "cr\rhere", "", null, undefined, 2500])).toBe(
      'plain,"a,b","say ""hi""","two\nlines","cr\rhere",,,,2500\r\n',
    );
    expect(csvCell("Njeri wa Kamau")).toBe("Njeri wa Kamau");
  });

  it("defuses text a spreadsheet would run as a formula", () => {
    expect(csvCell('=HYPERLINK("http://evil","x")')).toBe('"\'=HYPERLINK(""http://evil"",""x"")"');
    expect(csvCell("+254712345678+1")).toBe("'+254712345678+1");
    expect(csvCell("-2+3")).toBe("'-2+3");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell("\tcmd")).toBe("'\tcmd");
    expect(csvCell("\r=1")).toBe('"\'\r=1"');
    // Only at the start, and not for numbers we wrote ourselves.
    expect(csvCell("a=b")).toBe("a=b");
    expect(csvCell(-5)).toBe("-5");
  });

  it("leaves phone numbers and signed numbers as they are: nothing in them can run", () => {
    expect(csvCell("+254712345678")).toBe("+254712345678");
    expect(csvCell("+255 754 123 456")).toBe("+255 754 123 456");
    expect(csvCell("-1500.50")).toBe("-1500.50");
    expect(csvCell("+254712345678)")).toBe("'+254712345678)");
    expect(csvCell("-1-cmd")).toBe("'-1-cmd");
  });

  it("starts with a UTF-8 byte-order mark and keeps Swahili and accents intact", async () => {
    const bytes = await read(
      csvStream(
        csvLines(
          ["Jina", "Café"],
          from([
            ["Zuhura Müller", "Ñandú"],
            ["Shukrani", "Mwanaisha"],
          ]),
        ),
      ),
    );
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
    expect(text).toBe(`${CSV_BOM}Jina,Café\r\nZuhura Müller,Ñandú\r\nShukrani,Mwanaisha\r\n`);
  });

  it("streams many rows without building them up front", async () => {
    let produced = 0;
    async function* rows() {
      for (let i = 0; i < 50_000; i++) {
        produced++;
        yield [`row ${i}`, i];
      }
    }
    const reader = csvStream(csvLines(["name", "n"], rows())).getReader();
    const decoder = new TextDecoder();
    let chunk = await reader.read();
    // The first chunk is read while most rows have not been produced yet.
    expect(produced).toBeLessThan(5_000);
    let text = "";
    while (!chunk.done) {
      text += decoder.decode(chunk.value, { stream: true });
      chunk = await reader.read();
    }
    expect(produced).toBe(50_000);
    const lines = text.split("\r\n");
    expect(lines).toHaveLength(50_002);
    expect(lines.at(-2)).toBe("row 49999,49999");
  });
});
