import { useQuery } from "@tanstack/react-query";
import { sessionQuery } from "../api/queries.ts";
import { ActivityPanel } from "../components/account/activity-panel.tsx";
import { PasswordForm } from "../components/account/password-form.tsx";
import { SecurityPanel } from "../components/account/security-panel.tsx";
import { SessionsPanel } from "../components/account/sessions-panel.tsx";
import { TokensPanel } from "../components/account/tokens-panel.tsx";
import "../components/account/account.css";

/**
 * My account: sign-in security (second factors), what happened to it, password, where I am signed in, API
 * tokens. Everything here is about my own account only.
 */
export function AccountScreen() {
  const { data: session } = useQuery(sessionQuery);
  return (
    <article className="account-screen">
      <header className="page-head">
        <h1>My account</h1>
        {session ? (
          <p className="lead">
            {session.account.name}, {session.account.email}
          </p>
        ) : null}
      </header>
      <div className="account-layout">
        <div className="account-column">
          <SecurityPanel />
          <SessionsPanel />
          <TokensPanel />
        </div>
        <div className="account-column">
          <ActivityPanel />
          <PasswordForm />
        </div>
      </div>
    </article>
  );
}
