/**
 * `text` as a pattern that matches only itself: Prisma sends `contains` and an insensitive `equals` to
 * PostgreSQL as LIKE/ILIKE patterns without escaping, so "%" matched everything and a lone "\" failed.
 */
export const likeLiteral = (text: string) => text.replace(/[\\%_]/g, "\\$&");
