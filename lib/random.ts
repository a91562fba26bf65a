import { randomFillSync } from "node:crypto";

/**
 * Cryptographically random bytes, drawn from a pool the operating system's generator refills 4 KB at a time.
 * Every order takes several small draws (row ids, its reference, its ticket-link secret); one call into the
 * generator per draw was 2–3 % of the order route's CPU in an on-sale rush. Node's randomUUID keeps such a
 * cache too. Each byte is handed out once and wiped from the pool as it is, so the pool never holds a
 * secret that was already issued.
 */
const POOL_BYTES = 4096;
let pool = Buffer.alloc(0);
let offset = 0;

export function randomBytesPooled(size: number): Buffer {
  if (!Number.isInteger(size) || size < 0) throw new RangeError(`randomBytesPooled: bad size ${size}`);
  if (size > POOL_BYTES / 4) return randomFillSync(Buffer.alloc(size));
  if (offset + size > pool.length) {
    pool = randomFillSync(Buffer.alloc(POOL_BYTES));
    offset = 0;
  }
  const out = Buffer.from(pool.subarray(offset, offset + size));
  pool.fill(0, offset, offset + size);
  offset += size;
  return out;
}
