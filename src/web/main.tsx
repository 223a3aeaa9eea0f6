import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { RouterProvider } from "@tanstack/react-router";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { ApiError, setCsrfToken } from "./api/client.ts";
import { sessionQuery } from "./api/queries.ts";
import { onAccountChangeElsewhere } from "./api/session-sync.ts";
import { makeRouter } from "./router.tsx";
import "./styles.css";

/**
 * A 401 means the session ended elsewhere (signed out everywhere, the password changed, ended from another
 * device, expired): the app is signed out, and the frame takes the user to sign in (see AppFrame).
 */
const signedOutIfUnauthenticated = (error: unknown) => {
  if (error instanceof ApiError && error.status === 401)
    queryClient.setQueryData(sessionQuery.queryKey, null);
};
const queryClient: QueryClient = new QueryClient({
  queryCache: new QueryCache({ onError: signedOutIfUnauthenticated }),
  mutationCache: new MutationCache({ onError: signedOutIfUnauthenticated }),
  defaultOptions: {
    queries: {
      staleTime: 10_000,
      // A 4xx will not get better by asking again.
      retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
    },
  },
});
const router = makeRouter(queryClient);
// Another tab signed out or in as someone else: what this tab read may not be shown to whoever is at the
// browser now. Forget it all, the page's memory included, and start again as the session now stands.
onAccountChangeElsewhere(() => {
  queryClient.clear();
  setCsrfToken(null);
  window.location.reload();
});

const root = document.getElementById("root");
if (root) {
  createRoot(root).render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </StrictMode>,
  );
}
