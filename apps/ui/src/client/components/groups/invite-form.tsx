import { type FormEvent, useState } from "react";
import { inviteToGroup } from "../../api/groups";
import { useAction } from "../../hooks/use-action";

export function InviteForm({ groupId }: { groupId: string }) {
  const [userId, setUserId] = useState("");
  const invite = useAction(inviteToGroup, {
    invalidates: () => [],
    success: ({ userId: invited }) => `Invited ${invited}; they are notified now`,
  });

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    invite.mutate({ groupId, userId: userId.trim() }, { onSuccess: () => setUserId("") });
  }

  return (
    <>
      <h3>Invite someone</h3>
      <form className="inline-form" onSubmit={onSubmit}>
        <input
          data-testid="invite-user-id"
          aria-label="User id to invite"
          placeholder="User id, e.g. bob"
          value={userId}
          onChange={(event) => setUserId(event.target.value)}
          required
        />
        <button type="submit" data-testid="invite-submit" disabled={invite.isPending || !userId.trim()}>
          Invite
        </button>
      </form>
    </>
  );
}
