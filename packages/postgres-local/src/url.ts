/**
 * A connection URL that a local Hyperdrive binding accepts: it insists on a
 * user and a password even where the server trusts local connections, so
 * fill in placeholders that such a server ignores.
 */
export function hyperdriveCompatibleUrl(url: string): string {
  const parsed = new URL(url);
  if (!parsed.username) parsed.username = "postgres";
  if (!parsed.password) parsed.password = "postgres";
  return parsed.toString();
}
