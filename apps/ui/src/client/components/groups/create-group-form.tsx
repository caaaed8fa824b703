import { type FormEvent, useState } from "react";
import { createGroup } from "../../api/groups";
import { queryKeys } from "../../api/query-keys";
import { useAction } from "../../hooks/use-action";

export function CreateGroupForm({ onCreated }: { onCreated: (groupId: string) => void }) {
  const [name, setName] = useState("");
  const create = useAction(createGroup, {
    invalidates: () => [queryKeys.myGroups],
    success: (_, group) => `Created ${group.name}; you are its admin`,
  });

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    create.mutate(name.trim(), {
      onSuccess: (group) => {
        setName("");
        onCreated(group.id);
      },
    });
  }

  return (
    <section className="panel">
      <h2>New group</h2>
      <form className="inline-form" onSubmit={onSubmit}>
        <input
          data-testid="create-group-name"
          aria-label="Group name"
          placeholder="Rocket Club"
          value={name}
          onChange={(event) => setName(event.target.value)}
          required
        />
        <button type="submit" data-testid="create-group-submit" disabled={create.isPending || !name.trim()}>
          Create
        </button>
      </form>
    </section>
  );
}
