import { type FormEvent, useState } from "react";
import { requestToJoin } from "../../api/groups";
import { useAction } from "../../hooks/use-action";

export function JoinGroupForm() {
  const [groupId, setGroupId] = useState("");
  const [message, setMessage] = useState("");
  const join = useAction(requestToJoin, {
    invalidates: () => [],
    success: () => "Request sent; the group's admins decide",
  });

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const trimmed = message.trim();
    join.mutate(
      { groupId: groupId.trim(), ...(trimmed ? { message: trimmed } : {}) },
      {
        onSuccess: () => {
          setGroupId("");
          setMessage("");
        },
      },
    );
  }

  return (
    <section className="panel">
      <h2>Ask to join a group</h2>
      <form className="stack" onSubmit={onSubmit}>
        <input
          data-testid="join-group-id"
          aria-label="Group id"
          placeholder="Group id (an admin can share it)"
          value={groupId}
          onChange={(event) => setGroupId(event.target.value)}
          required
        />
        <input
          data-testid="join-group-message"
          aria-label="Message to the admins"
          placeholder="Message to the admins (optional)"
          value={message}
          onChange={(event) => setMessage(event.target.value)}
        />
        <button type="submit" data-testid="join-group-submit" disabled={join.isPending || !groupId.trim()}>
          Ask to join
        </button>
      </form>
    </section>
  );
}
