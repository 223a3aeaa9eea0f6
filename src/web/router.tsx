import type { QueryClient } from "@tanstack/react-query";
import {
  createRootRouteWithContext,
  createRoute,
  createRouter,
  Outlet,
  redirect,
} from "@tanstack/react-router";
import { sessionQuery } from "./api/queries.ts";
import { AppFrame, NotFound } from "./components/app-frame.tsx";
import { instrumentSearch } from "./components/instrument/filters.ts";
import { AcceptInvitation } from "./screens/accept-invitation.tsx";
import { AccountScreen } from "./screens/account.tsx";
import { Dashboard } from "./screens/dashboard.tsx";
import { InboxScreen } from "./screens/inbox.tsx";
import { IncidentsScreen } from "./screens/incidents.tsx";
import { InstrumentScreen } from "./screens/instrument.tsx";
import { MembersScreen } from "./screens/members.tsx";
import { NegotiationList } from "./screens/negotiation-list.tsx";
import { NewNegotiationScreen } from "./screens/new-negotiation.tsx";
import { OperatorScreen } from "./screens/operator.tsx";
import { ProvisionScreen } from "./screens/provision.tsx";
import { PublicScreen } from "./screens/public.tsx";
import { RecordScreen } from "./screens/record.tsx";
import { ResetPasswordScreen } from "./screens/reset-password.tsx";
import { RoundsScreen } from "./screens/rounds.tsx";
import { SetupScreen } from "./screens/setup.tsx";
import { SignIn } from "./screens/sign-in.tsx";
import { StatementsScreen } from "./screens/statements.tsx";

export interface RouterContext {
  queryClient: QueryClient;
}

const rootRoute = createRootRouteWithContext<RouterContext>()({
  component: Outlet,
  notFoundComponent: NotFound,
});

export const signInRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/sign-in",
  validateSearch: (search: Record<string, unknown>): { next?: string; ended?: true } => ({
    ...(typeof search.next === "string" && search.next.startsWith("/") ? { next: search.next } : {}),
    // The session ended elsewhere (see AppFrame): the page says so, instead of a sign-in out of nowhere.
    ...(search.ended === true || search.ended === "true" ? { ended: true as const } : {}),
  }),
  component: SignIn,
});

/** What a negotiation released to the public: readable signed out, so it sits outside the signed-in frame. */
export const publicRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/public/$negotiationId",
  component: PublicScreen,
});

/** Everything below needs a session; without one the user is sent to sign in and brought back after. */
const signedIn = createRoute({
  getParentRoute: () => rootRoute,
  id: "signed-in",
  beforeLoad: async ({ context, location }) => {
    const session = await context.queryClient.ensureQueryData(sessionQuery);
    if (!session) throw redirect({ to: "/sign-in", search: { next: location.href } });
    return { session };
  },
  component: AppFrame,
});

const indexRoute = createRoute({
  getParentRoute: () => signedIn,
  path: "/",
  beforeLoad: () => {
    throw redirect({ to: "/negotiations" });
  },
});

export const negotiationsRoute = createRoute({
  getParentRoute: () => signedIn,
  path: "/negotiations",
  component: NegotiationList,
});

/** What needs me across my negotiations. */
export const inboxRoute = createRoute({
  getParentRoute: () => signedIn,
  path: "/inbox",
  component: InboxScreen,
});

export const dashboardRoute = createRoute({
  getParentRoute: () => signedIn,
  path: "/negotiations/$negotiationId",
  component: Dashboard,
});

export const instrumentRoute = createRoute({
  getParentRoute: () => signedIn,
  path: "/negotiations/$negotiationId/text",
  validateSearch: instrumentSearch,
  component: InstrumentScreen,
});

export const provisionRoute = createRoute({
  getParentRoute: () => signedIn,
  path: "/negotiations/$negotiationId/provisions/$provisionId",
  component: ProvisionScreen,
});

export const statementsRoute = createRoute({
  getParentRoute: () => signedIn,
  path: "/negotiations/$negotiationId/statements",
  validateSearch: (search: Record<string, unknown>): { a?: string; b?: string } => ({
    ...(typeof search.a === "string" ? { a: search.a } : {}),
    ...(typeof search.b === "string" ? { b: search.b } : {}),
  }),
  component: StatementsScreen,
});

/** An invitation link, opened signed out: the page says what it is for and lets the invitee join. */
export const acceptInvitationRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/invite/$token",
  component: AcceptInvitation,
});

/** The first-run link the server prints: creates the first operator. */
export const setupRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/setup/$token",
  component: SetupScreen,
});

/** A password-reset link an operator made, opened signed out. */
export const resetRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/reset/$token",
  component: ResetPasswordScreen,
});

/** The operator's accounts screen (others get "not found"). */
export const operatorRoute = createRoute({
  getParentRoute: () => signedIn,
  path: "/operator",
  component: OperatorScreen,
});

/** A new negotiation, for accounts that may host. */
export const newNegotiationRoute = createRoute({
  getParentRoute: () => signedIn,
  path: "/negotiations/new",
  component: NewNegotiationScreen,
});

export const roundsRoute = createRoute({
  getParentRoute: () => signedIn,
  path: "/negotiations/$negotiationId/rounds",
  component: RoundsScreen,
});

export const membersRoute = createRoute({
  getParentRoute: () => signedIn,
  path: "/negotiations/$negotiationId/members",
  component: MembersScreen,
});

export const recordRoute = createRoute({
  getParentRoute: () => signedIn,
  path: "/negotiations/$negotiationId/record",
  component: RecordScreen,
});

export const incidentsRoute = createRoute({
  getParentRoute: () => signedIn,
  path: "/negotiations/$negotiationId/incidents",
  component: IncidentsScreen,
});

/** My account: password, sessions, API tokens. */
export const accountRoute = createRoute({
  getParentRoute: () => signedIn,
  path: "/account",
  component: AccountScreen,
});

const routeTree = rootRoute.addChildren([
  signInRoute,
  publicRoute,
  acceptInvitationRoute,
  setupRoute,
  resetRoute,
  signedIn.addChildren([
    indexRoute,
    negotiationsRoute,
    newNegotiationRoute,
    operatorRoute,
    inboxRoute,
    dashboardRoute,
    instrumentRoute,
    statementsRoute,
    provisionRoute,
    incidentsRoute,
    roundsRoute,
    membersRoute,
    recordRoute,
    accountRoute,
  ]),
]);

export function makeRouter(queryClient: QueryClient) {
  return createRouter({ routeTree, context: { queryClient }, defaultPreload: "intent" });
}

declare module "@tanstack/react-router" {
  interface Register {
    router: ReturnType<typeof makeRouter>;
  }
}
