// Credentials in connection URLs (DATABASE_URL, NATS_URL) must never reach a log line or an
// error message. One masking rule for all of them.

const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;
/** A URL inside free text: a scheme, `://`, then anything up to white space or a quote. */
const URL_IN_TEXT = /[a-z][a-z0-9+.-]*:\/\/[^\s"']+/gi;

/** One URL (the scheme may be missing, as in a NATS server list) with its secret masked. */
function maskOne(entry: string): string {
  const hasScheme = SCHEME.test(entry);
  let url: URL;
  try {
    url = new URL(hasScheme ? entry : `placeholder://${entry}`);
  } catch {
    return "(unparseable URL)";
  }
  if (url.password) url.password = "***";
  else if (url.username) url.username = "***"; // a bare user name is a token (nats://token@host)
  const masked = url.toString();
  return hasScheme ? masked : masked.slice("placeholder://".length);
}

/**
 * A URL, or a comma-separated list of them (a NATS server list, a multi-host Postgres URL),
 * with each password — or a bare user name, which is a token — replaced by `***`. An entry
 * that cannot be parsed is replaced as a whole: it might hold a secret in a form not foreseen.
 */
export function maskUrl(value: string): string {
  return value
    .split(",")
    .map((entry) => maskOne(entry.trim()))
    .join(",");
}

/** Free text (an error message) with the credentials of every URL in it masked. */
export function maskUrlsIn(text: string): string {
  return text.replace(URL_IN_TEXT, (url) => maskUrl(url));
}
