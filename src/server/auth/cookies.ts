import { parseCookie, stringifySetCookie } from "cookie";
import type { FastifyReply, FastifyRequest } from "fastify";

export const SESSION_COOKIE = "parley_session";

/**
 * The session cookie, read only where authentication needs it (jshttp's `cookie`): no parsing hook runs on every
 * request and no send hook on every reply, as a cookie plugin would add.
 */
export function sessionCookieOf(request: FastifyRequest): string | undefined {
  const header = request.headers.cookie;
  if (header === undefined || !header.includes(SESSION_COOKIE)) return undefined;
  return parseCookie(header)[SESSION_COOKIE] || undefined;
}

/** Sets the session cookie: HttpOnly, SameSite=Strict, for the whole site, Secure behind HTTPS. */
export function setSessionCookie(
  reply: FastifyReply,
  token: string,
  options: { secure: boolean; maxAgeSeconds: number },
): void {
  reply.header(
    "set-cookie",
    stringifySetCookie({
      name: SESSION_COOKIE,
      value: token,
      httpOnly: true,
      sameSite: "strict",
      secure: options.secure,
      path: "/",
      maxAge: options.maxAgeSeconds,
    }),
  );
}

/** Tells the browser to forget the session cookie. */
export function clearSessionCookie(reply: FastifyReply, secure: boolean): void {
  reply.header(
    "set-cookie",
    stringifySetCookie({
      name: SESSION_COOKIE,
      value: "",
      httpOnly: true,
      sameSite: "strict",
      secure,
      path: "/",
      expires: new Date(0),
    }),
  );
}
