import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { notFound } from "../../domain/errors.ts";
import { EXPORT_FORMATS, exportDocument } from "../../formats/export.ts";
import { statementDocuments } from "../../formats/model.ts";
import { statementAkn } from "../../formats/statement-akn.ts";
import type { ServerContext } from "../context.ts";
import { memberDocument } from "../documents.ts";
import { MAX_IMPORT_BYTES, planImport, previewDraft, runImport } from "../imports.ts";
import { memberOf } from "../membership.ts";
import { idParam } from "./views.ts";

const params = z.object({ negotiationId: idParam });
const DRAFT_TYPES = [
  "application/octet-stream",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  "text/markdown",
  "text/plain",
];

/** Documents out (DOCX, PDF, Akoma Ntoso, Markdown) and drafts in (DOCX, Markdown), as the member sees them. */
export async function documentRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  await app.register(async (scope) => {
    // Drafts arrive as raw bytes; only this scope accepts them, and only up to the import limit.
    scope.addContentTypeParser(
      DRAFT_TYPES,
      { parseAs: "buffer", bodyLimit: MAX_IMPORT_BYTES },
      (_request, body, done) => done(null, body),
    );
    const r = scope.withTypeProvider<ZodTypeProvider>();

    r.get(
      "/api/negotiations/:negotiationId/export",
      {
        schema: {
          tags: ["documents"],
          summary: "The instrument as I may read it, now or at a round's close or a checkpoint (`at`)",
          params,
          querystring: z.strictObject({
            format: z.enum(["docx", "pdf", "akn", "md"]),
            at: idParam.optional(),
            footnotes: z.enum(["true", "false"]).default("false"),
          }),
        },
      },
      async (request, reply) => {
        const { negotiationId } = request.params;
        const { member, view, scopes } = await memberOf(ctx, request, negotiationId);
        const doc = await memberDocument(ctx.store, negotiationId, member, view, scopes, request.query.at);
        const bytes = await exportDocument(request.query.format, doc, {
          footnotes: request.query.footnotes === "true",
        });
        const { contentType, extension } = EXPORT_FORMATS[request.query.format];
        return reply
          .type(contentType)
          .header("content-disposition", `attachment; filename="${negotiationId}.${extension}"`)
          .send(bytes);
      },
    );

    r.get(
      "/api/negotiations/:negotiationId/statements/:statementId/export",
      {
        schema: {
          tags: ["documents"],
          summary: "A statement I may read, as Akoma Ntoso XML",
          params: params.extend({ statementId: idParam }),
        },
      },
      async (request, reply) => {
        const { view } = await memberOf(ctx, request, request.params.negotiationId);
        const statement = statementDocuments(view).find((s) => s.id === request.params.statementId);
        if (!statement) throw notFound("statement", request.params.statementId);
        return reply.type(EXPORT_FORMATS.akn.contentType).send(statementAkn(statement));
      },
    );

    r.post(
      "/api/negotiations/:negotiationId/import",
      {
        schema: {
          tags: ["documents"],
          summary:
            "Import a draft (DOCX or Markdown body): `preview=true` shows what was recognised and writes nothing",
          params,
          querystring: z.strictObject({
            format: z.enum(["md", "docx"]),
            preview: z.enum(["true", "false"]).default("true"),
          }),
        },
      },
      async (request, reply) => {
        const { negotiationId } = request.params;
        const { member, view } = await memberOf(ctx, request, negotiationId);
        const body = Buffer.isBuffer(request.body)
          ? request.body
          : Buffer.from(String(request.body ?? ""), "utf8");
        const preview = await previewDraft(body, request.query.format);
        const plan = planImport(preview, member, view);
        if (request.query.preview === "true") return { preview, plan };
        const result = await runImport(ctx.store, negotiationId, member, plan);
        return reply.code(201).send({ preview, ...result });
      },
    );
  });
}
