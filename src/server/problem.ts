import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
import { DomainError } from "../domain/errors.ts";

/**
 * Errors of the HTTP layer itself (authentication, CSRF, limits), with stable codes like the domain's.
 * Both families become RFC 9457 problem+json in `sendProblem`, the one place that writes errors.
 */
export type HttpCode =
  | "unauthenticated"
  | "csrf"
  | "rate_limited"
  | "payload_too_large"
  | "unsupported_media_type"
  | "invitation.invalid"
  | "reset.invalid"
  | "account.exists"
  | "account.disabled"
  | "host.not_allowed"
  | "password.wrong"
  // A new password on the common list, or containing a context-specific word (ASVS 6.2.4, 6.2.11).
  | "password.common"
  | "password.context"
  | "upgrade_required"
  // Second factors (issue 14).
  | "second_factor.required"
  | "second_factor.setup_required"
  | "second_factor.invalid"
  | "second_factor.exists"
  | "second_factor.last"
  | "step_up.required"
  | "token.act_not_allowed"
  | "internal";

export class HttpError extends Error {
  constructor(
    readonly code: HttpCode | "not_found" | "forbidden" | "validation",
    readonly status: number,
    message: string,
    readonly details: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

const TITLES: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  409: "Conflict",
  413: "Content Too Large",
  415: "Unsupported Media Type",
  422: "Unprocessable Content",
  426: "Upgrade Required",
  429: "Too Many Requests",
  500: "Internal Server Error",
};

interface Problem {
  status: number;
  code: string;
  detail: string;
  extra: Record<string, unknown>;
  headers: Record<string, string>;
}

function toProblem(error: unknown): Problem {
  if (error instanceof DomainError) {
    // A missing negotiation and one the viewer is not a member of must read the same: both are not_found.
    const code = error.code === "negotiation.missing" ? "not_found" : error.code;
    return { status: error.status, code, detail: error.message, extra: { ...error.details }, headers: {} };
  }
  if (error instanceof HttpError) {
    return {
      status: error.status,
      code: error.code,
      detail: error.message,
      extra: error.details,
      headers: error.headers,
    };
  }
  const fastifyError = error as FastifyError;
  if (hasZodFastifySchemaValidationErrors(fastifyError)) {
    const issues = fastifyError.validation.map((v) => ({
      path: `${fastifyError.validationContext ?? "body"}${v.instancePath.replaceAll("/", ".")}`,
      message: v.message,
    }));
    return {
      status: 400,
      code: "validation",
      detail: "The request is not valid.",
      extra: { issues },
      headers: {},
    };
  }
  switch (fastifyError.code) {
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return {
        status: 413,
        code: "payload_too_large",
        detail: "The request body is too large.",
        extra: {},
        headers: {},
      };
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
      return { status: 415, code: "unsupported_media_type", detail: "Send JSON.", extra: {}, headers: {} };
    case "FST_ERR_BAD_URL":
      return {
        status: 400,
        code: "validation",
        detail: "The URL is not valid: a part of it is not a well-formed escape.",
        extra: {},
        headers: {},
      };
    case "FST_ERR_MAX_PARAM_LENGTH":
      // Like any other malformed id (ids are at most 64 characters), rather than 414.
      return {
        status: 400,
        code: "validation",
        detail: "A part of the URL is too long to be an id.",
        extra: {},
        headers: {},
      };
    case "FST_ERR_CTP_EMPTY_JSON_BODY":
    case "FST_ERR_CTP_INVALID_JSON_BODY":
      return {
        status: 400,
        code: "validation",
        detail: "The body is not valid JSON.",
        extra: {},
        headers: {},
      };
  }
  if (
    fastifyError.statusCode !== undefined &&
    fastifyError.statusCode >= 400 &&
    fastifyError.statusCode < 500
  ) {
    return {
      status: fastifyError.statusCode,
      code: "validation",
      detail: "The request is not valid.",
      extra: {},
      headers: {},
    };
  }
  return {
    status: 500,
    code: "internal",
    detail: "Something went wrong on our side.",
    extra: {},
    headers: {},
  };
}

/** Writes any error as problem+json; 5xx errors are logged without request content. */
export function sendProblem(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const problem = toProblem(error);
  if (problem.status >= 500) request.log.error({ err: error }, "request failed");
  // Errors the router raises come before the onRequest hooks that set these.
  if (!reply.raw.hasHeader("x-request-id")) reply.raw.setHeader("x-request-id", request.id);
  if (!reply.raw.hasHeader("cache-control")) reply.raw.setHeader("cache-control", "no-store");
  return reply
    .code(problem.status)
    .headers(problem.headers)
    .type("application/problem+json")
    .send({
      type: `https://parley.invalid/problems/${problem.code}`,
      title: TITLES[problem.status] ?? "Error",
      status: problem.status,
      code: problem.code,
      detail: problem.detail,
      ...problem.extra,
    });
}
