/** The answer of a group action: its value, or why it was refused, as the HTTP status the API answers with. */
export type Refusal = { ok: false; status: 403 | 404 | 409; error: string };
export type Result<T> = { ok: true; value: T } | Refusal;

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const forbidden = (error: string): Refusal => ({ ok: false, status: 403, error });
export const notFound = (error: string): Refusal => ({ ok: false, status: 404, error });
export const conflict = (error: string): Refusal => ({ ok: false, status: 409, error });
