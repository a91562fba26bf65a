import { createHash } from "node:crypto";
import QRCode from "qrcode";

/**
 * One QR rendering for every document (the e-mail's image, the PDF), so a code scans the same wherever
 * it is shown: error correction M (a scuffed print or a cracked screen still reads) and the standard
 * four-module quiet zone, which phone scanners need to find the code.
 */
const OPTIONS = { errorCorrectionLevel: "M", margin: 4 } as const;

/** A ticket code as a PNG, `width` pixels square (mail clients show PNG; they block SVG and data: URIs). */
export function qrPng(code: string, width = 440): Promise<Buffer> {
  return QRCode.toBuffer(code, { ...OPTIONS, type: "png", width });
}

/**
 * A validator for the image of one code: it changes exactly when the code does (re-issue, revocation),
 * so a client can revalidate a cached image cheaply and never keeps showing a replaced code for long.
 */
export function qrEtag(code: string): string {
  return `"${createHash("sha256").update(code).digest("base64url").slice(0, 22)}"`;
}
