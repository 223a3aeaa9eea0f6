/** Where mail goes and who it comes from, as the operator configured it. */
export interface MailSettings {
  host: string;
  port: number;
  /** smtps: TLS from the first byte; smtp: plain, upgraded with STARTTLS when the server offers it. */
  secure: boolean;
  auth: { user: string; pass: string } | null;
  from: string;
}

export const DEFAULT_MAIL_FROM = "Parley <parley@localhost>";

/**
 * Reads PARLEY_SMTP_URL (smtp://user:pass@host:port or smtps://…) and PARLEY_MAIL_FROM. Without the URL no mail
 * is sent (null). A URL that does not parse refuses start-up, naming the variable, rather than a server that
 * silently never mails.
 */
export function mailSettingsFromEnv(env: Readonly<Record<string, string | undefined>>): MailSettings | null {
  const raw = env.PARLEY_SMTP_URL?.trim();
  if (!raw) return null;
  return parseSmtpUrl(raw, env.PARLEY_MAIL_FROM?.trim() || defaultFrom(env.PARLEY_PUBLIC_URL));
}

/** parley@ the public host when one is set (relays refuse senders at localhost), else the plain default. */
function defaultFrom(publicUrl: string | undefined): string {
  try {
    const host = publicUrl ? new URL(publicUrl).hostname : "";
    return host && host !== "localhost" && /\./.test(host) ? `Parley <parley@${host}>` : DEFAULT_MAIL_FROM;
  } catch {
    return DEFAULT_MAIL_FROM;
  }
}

/** Parses an SMTP URL; throws an Error naming PARLEY_SMTP_URL (never echoing a password) when it is not one. */
export function parseSmtpUrl(raw: string, from: string = DEFAULT_MAIL_FROM): MailSettings {
  const refuse = (why: string): never => {
    throw new Error(
      `PARLEY_SMTP_URL does not parse (${why}): expected smtp://user:password@host:port or smtps://user:password@host:port`,
    );
  };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return refuse("not a URL");
  }
  if (url.protocol !== "smtp:" && url.protocol !== "smtps:")
    return refuse(`scheme ${url.protocol} is not smtp: or smtps:`);
  if (!url.hostname) return refuse("no host");
  if (url.pathname && url.pathname !== "/") return refuse("a path is not expected");
  const secure = url.protocol === "smtps:";
  const port = url.port ? Number(url.port) : secure ? 465 : 587;
  if (!Number.isInteger(port) || port < 1 || port > 65535) return refuse("bad port");
  let user: string;
  let pass: string;
  try {
    user = decodeURIComponent(url.username);
    pass = decodeURIComponent(url.password);
  } catch {
    return refuse("bad escape in the user or password");
  }
  const address = /<([^<>]+)>\s*$/.exec(from)?.[1] ?? from;
  if (!/^[^\s@<>]+@[^\s@<>]+$/.test(address)) throw new Error(`PARLEY_MAIL_FROM is not an address: ${from}`);
  return {
    host: url.hostname.replace(/^\[(.*)\]$/, "$1"),
    port,
    secure,
    auth: user ? { user, pass } : null,
    from,
  };
}
