/** The cause of an error for the logs: its code (a driver's SQLSTATE) and message, never a query's text. */
export function errorMessage(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? error.cause : null;
  const code = (cause && "code" in cause ? cause.code : "code" in error ? error.code : undefined) ?? null;
  const message = cause?.message ?? error.message;
  return `${typeof code === "string" ? `${code} ` : ""}${message}`.slice(0, 500);
}
