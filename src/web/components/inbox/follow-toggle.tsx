import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { followQuery, setFollow } from "../../api/inbox.ts";
import { ProblemLine } from "../rounds/write-parts.tsx";

/** Follow a provision: new proposals and positions on it then reach my inbox. */
export function FollowToggle({
  negotiationId,
  provisionId,
  mediation,
}: {
  negotiationId: string;
  provisionId: string;
  /** The mediation follows every provision unless it says otherwise. */
  mediation: boolean;
}) {
  const queryClient = useQueryClient();
  const state = useQuery(followQuery(negotiationId, provisionId));
  const change = useMutation({
    mutationFn: (following: boolean) => setFollow(negotiationId, provisionId, following),
    onSuccess: (next) => queryClient.setQueryData(followQuery(negotiationId, provisionId).queryKey, next),
  });
  if (!state.data) return null;
  const { following, byRole, choice } = state.data;
  const why =
    choice === null
      ? byRole
        ? mediation
          ? "The mediation follows every provision: new proposals and positions reach your inbox."
          : "Your delegation follows every provision: new proposals and positions reach your inbox."
        : "New proposals and positions on it will reach your inbox."
      : following
        ? "You follow it: new proposals and positions reach your inbox."
        : "You unfollowed it.";
  return (
    <div className="follow-toggle">
      <button
        type="button"
        aria-pressed={following}
        className={following ? "following" : ""}
        disabled={change.isPending}
        onClick={() => change.mutate(!following)}
      >
        {following ? "Following" : "Follow"}
      </button>{" "}
      <span className="muted small">{why}</span>
      <ProblemLine error={change.error} />
    </div>
  );
}
