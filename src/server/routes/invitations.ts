import { randomUUID } from "node:crypto";
import { verify } from "@node-rs/argon2";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { parseCommand } from "../../domain/commands.ts";
import { decide } from "../../domain/decide.ts";
import { DomainError } from "../../domain/errors.ts";
import { mayIssue, partyOf, roleOf } from "../../domain/policy.ts";
import { setAccount } from "../../store/accounts.ts";
import {
  claimInvitation,
  createInvitation,
  findInvitation,
  type Invitation,
  pendingInvitations,
  releaseInvitation,
} from "../../store/invitations.ts";
import { accountByEmail } from "../../store/sessions.ts";
import { refuseWeakPassword } from "../auth/password-policy.ts";
import { newSecret, secretHash } from "../auth/secrets.ts";
import type { ServerContext } from "../context.ts";
import { storedText } from "../fields.ts";
import { sendLinkMail } from "../mail/link-mail.ts";
import { memberOf } from "../membership.ts";
import { HttpError } from "../problem.ts";
import { idParam } from "./views.ts";

const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;
/** Every password an account is given: at least 12 characters (a phrase), at most what argon2 is fed sensibly. */
export const PASSWORD_RULE = z.string().min(12).max(1024);
const invalid = () =>
  new HttpError(
    "invitation.invalid",
    404,
    "This invitation link is not valid: it was used, it expired, or it never existed.",
  );

/** Sign-up is by invitation only: a single-use, expiring link that binds the invitee to one role. */
export function invitationRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    "/api/negotiations/:negotiationId/invitations",
    {
      schema: {
        tags: ["members"],
        summary:
          "Invite someone to the mediation, a delegation or the observers; e-mails the single-use link, or returns it when no mail went out",
        params: z.object({ negotiationId: idParam }),
        body: z.strictObject({
          email: z.email().max(254),
          name: storedText(300).trim().min(1),
          title: storedText(300).trim().default(""),
          role: z.enum(["mediation", "delegation", "observer"]),
          rank: z.enum(["lead", "member", "head"]).default("member"),
          partyId: z.string().max(32).optional(),
        }),
        response: {
          201: z.object({
            /** Only when no mail went out: a mailed link goes to the invitee alone, so only they can accept. */
            link: z.string().optional(),
            expiresAt: z.string(),
            /** sent: e-mailed to the invitee; off: no mail configured; failed: the link must be passed on by hand. */
            mail: z.enum(["sent", "off", "failed"]),
            mailError: z.string().optional(),
          }),
        },
      },
    },
    async (request, reply) => {
      const { negotiationId } = request.params;
      const { member } = await memberOf(ctx, request, negotiationId);
      const memberId = `member-${randomUUID()}`;
      const command = parseCommand({ type: "add-member", memberId, ...request.body });
      // The same rules as adding the member directly: who may invite whom is the policy's to say.
      decide(await ctx.store.fullState(negotiationId), command, {
        negotiationId,
        actor: member.id,
        at: ctx.now().toISOString(),
      });
      const token = newSecret("inv_");
      const now = ctx.now();
      const expiresAt = new Date(now.getTime() + INVITATION_TTL_MS).toISOString();
      const body = request.body;
      await createInvitation(ctx.store.database, {
        token_hash: secretHash(token),
        negotiation_id: negotiationId,
        inviter_member_id: member.id,
        member_id: memberId,
        email: body.email.toLowerCase(),
        name: body.name,
        title: body.title,
        role: body.role,
        rank: body.rank,
        party_id: body.partyId ?? null,
        created_at: now.toISOString(),
        expires_at: expiresAt,
        used_at: null,
      });
      // The invitation is stored before any mail is attempted: a mail server that is down loses nothing, and
      // the sender still gets the link, with the failure said plainly.
      const link = `${ctx.publicUrl}/invite/${token}`;
      const mailed = await sendLinkMail(ctx.mailer, "invitation", body.email, link, expiresAt);
      if (mailed.mail === "failed") {
        request.log.warn({ detail: mailed.detail }, "invitation mail not sent");
        return reply.code(201).send({
          link,
          expiresAt,
          mail: "failed",
          mailError:
            "The invitation was created, but the e-mail to the invitee could not be sent (the mail server did not accept it). Give them the link yourself.",
        });
      }
      // A mailed link goes to the invitee alone. Shown to the sender as well, it would let the sender accept it
      // under the invitee's address and so hold, later, whatever seat that address is given elsewhere.
      if (mailed.mail === "sent") return reply.code(201).send({ expiresAt, mail: "sent" });
      return reply.code(201).send({ link, expiresAt, mail: mailed.mail });
    },
  );

  r.get(
    "/api/negotiations/:negotiationId/invitations",
    {
      schema: {
        tags: ["members"],
        summary:
          "Invitations not yet accepted, for those who may invite (never the links: they are shown once)",
        params: z.object({ negotiationId: idParam }),
      },
    },
    async (request) => {
      const { negotiationId } = request.params;
      const { member, view } = await memberOf(ctx, request, negotiationId);
      if (!mayIssue(member, "add-member"))
        throw new DomainError(
          "forbidden",
          "Only those who may invite see the invitations waiting for an answer.",
        );
      const lead = roleOf(member) === "mediation-lead";
      const party = partyOf(member);
      const rows = await pendingInvitations(ctx.store.database, negotiationId, ctx.now());
      return {
        invitations: rows
          // A head of delegation sees the invitations into their own delegation only, as they invite no one else.
          .filter((i) => lead || (i.role === "delegation" && i.party_id === party))
          // An invitation whose inviter has left no longer works (see liveInvitation).
          .filter((i) => view.get("member", i.inviter_member_id)?.active === true)
          .map((i) => ({
            email: i.email,
            name: i.name,
            title: i.title,
            role: i.role,
            rank: i.rank,
            partyId: i.party_id,
            invitedBy: i.inviter_member_id,
            createdAt: i.created_at,
            expiresAt: i.expires_at,
          })),
      };
    },
  );

  r.get(
    "/api/invitations/:token",
    {
      schema: {
        tags: ["members"],
        summary: "What an invitation link offers",
        security: [],
        params: z.object({ token: z.string().max(100) }),
      },
    },
    async (request) => {
      const invitation = await liveInvitation(ctx, secretHash(request.params.token));
      // What the invitee is joining, in words: the title of the negotiation and the name of the party are
      // shared-scope facts the invitee reads as soon as they join.
      const state = await ctx.store.fullState(invitation.negotiation_id);
      return {
        negotiationId: invitation.negotiation_id,
        negotiationTitle: state.negotiation?.title ?? invitation.negotiation_id,
        partyName: invitation.party_id ? (state.get("party", invitation.party_id)?.name ?? null) : null,
        email: invitation.email,
        name: invitation.name,
        role: invitation.role,
        rank: invitation.rank,
        partyId: invitation.party_id,
        expiresAt: invitation.expires_at,
        accountExists: (await accountByEmail(ctx.store.database, invitation.email)) !== null,
      };
    },
  );

  r.post(
    "/api/invitations/:token/accept",
    {
      schema: {
        tags: ["members"],
        summary: "Accept an invitation: creates the account (or confirms the existing one) and joins",
        security: [],
        params: z.object({ token: z.string().max(100) }),
        body: z.strictObject({ password: PASSWORD_RULE }),
        response: { 201: z.object({ negotiationId: z.string(), memberId: z.string() }) },
      },
    },
    async (request, reply) => {
      const tokenHash = secretHash(request.params.token);
      const invitation = await liveInvitation(ctx, tokenHash);
      const existing = await accountByEmail(ctx.store.database, invitation.email);
      if (existing) {
        // A password check like sign-in's, so counted by the same limits: an inviter holding the link must not
        // get unlimited guesses at the invitee's password.
        await ctx.limiter.attempt(invitation.email, request.ip);
        if (!(await verify(existing.passwordHash, request.body.password).catch(() => false))) {
          throw new HttpError(
            "unauthenticated",
            401,
            "An account with this e-mail exists: give its password to join.",
          );
        }
        await ctx.limiter.succeeded(invitation.email, request.ip);
      } else {
        // Only a password being chosen is judged; an existing account's password is checked, not re-judged.
        refuseWeakPassword(request.body.password, invitation);
      }
      if (!(await claimInvitation(ctx.store.database, tokenHash, ctx.now()))) throw invalid();
      try {
        await ctx.store.execute(
          invitation.negotiation_id,
          {
            type: "add-member",
            memberId: invitation.member_id,
            name: invitation.name,
            email: invitation.email,
            title: invitation.title,
            role: invitation.role,
            rank: invitation.rank,
            ...(invitation.party_id ? { partyId: invitation.party_id } : {}),
          },
          invitation.inviter_member_id,
        );
      } catch (error) {
        await releaseInvitation(ctx.store.database, tokenHash);
        throw error;
      }
      if (!existing)
        await setAccount(
          ctx.store.database,
          { email: invitation.email, name: invitation.name, password: request.body.password },
          ctx.now(),
        );
      return reply
        .code(201)
        .send({ negotiationId: invitation.negotiation_id, memberId: invitation.member_id });
    },
  );
}

/**
 * An unused, unexpired invitation whose inviter is still a member: the invitation speaks for the inviter, so
 * once they are removed it no longer works (else it would add a member on the authority of someone gone).
 */
async function liveInvitation(ctx: ServerContext, tokenHash: string): Promise<Invitation> {
  const invitation = await findInvitation(ctx.store.database, tokenHash, ctx.now());
  if (!invitation) throw invalid();
  const state = await ctx.store.fullState(invitation.negotiation_id);
  if (!state.get("member", invitation.inviter_member_id)?.active) throw invalid();
  return invitation;
}
