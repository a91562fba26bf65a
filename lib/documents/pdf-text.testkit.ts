import { inflateSync } from "node:zlib";
import { PDFDocument, PDFRawStream, decodePDFRawStream } from "pdf-lib";

/**
 * The text drawn on a PDF's pages, line by line, for tests that read a receipt as a person would. pdf-lib
 * draws standard-font text as hex strings (`<4C616E676F> Tj`) in compressed content streams.
 */
export async function pdfText(bytes: Uint8Array): Promise<string[]> {
  const doc = await PDFDocument.load(bytes);
  const lines: string[] = [];
  for (const page of doc.getPages()) {
    const contents = page.node.Contents();
    const refs = contents && "asArray" in contents ? contents.asArray() : [contents];
    for (const ref of refs) {
      const stream = ref ? doc.context.lookup(ref) : undefined;
      if (!(stream instanceof PDFRawStream)) continue;
      const raw = decodePDFRawStream(stream).decode();
      const content = Buffer.from(raw.length ? raw : inflateSync(stream.contents)).toString("latin1");
      for (const m of content.matchAll(/<([0-9A-Fa-f]+)>\s*Tj/g))
        lines.push(Buffer.from(m[1], "hex").toString("latin1"));
    }
  }
  return lines;
}
