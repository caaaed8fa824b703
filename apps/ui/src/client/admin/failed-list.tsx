import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { messageOf } from "../api/http";
import { adminRequest, FailedList, Resent } from "./admin-api";

export function FailedNotifications({ token, refreshMs }: { token: string; refreshMs: number }) {
  const queryClient = useQueryClient();
  const [done, setDone] = useState<Record<string, string>>({});
  const failed = useQuery({
    queryKey: ["admin", "failed", token],
    queryFn: () => adminRequest(FailedList, token, "/notifications?status=failed&limit=20"),
    refetchInterval: refreshMs,
  });
  const resend = useMutation({
    mutationFn: (id: string) => adminRequest(Resent, token, `/notifications/${id}/resend`, "POST"),
    onSuccess: (resent, id) => {
      setDone((current) => ({ ...current, [id]: `Resent as #${resent.seq}` }));
      void queryClient.invalidateQueries({ queryKey: ["admin"] });
    },
    onError: (error, id) => setDone((current) => ({ ...current, [id]: messageOf(error) })),
  });

  return (
    <section className="admin-panel" aria-labelledby="failed-heading">
      <h2 id="failed-heading">Failed notifications</h2>
      {failed.isPending ? <p>Loading…</p> : null}
      {failed.isError ? <p className="error">{messageOf(failed.error)}</p> : null}
      {failed.data && failed.data.items.length === 0 ? (
        <p className="admin-empty">Nothing has failed recently: every notification that needed an ack got one.</p>
      ) : null}
      {failed.data && failed.data.items.length > 0 ? (
        <ul className="admin-failed">
          {failed.data.items.map((item) => (
            <li key={item.id} data-notification-id={item.id}>
              <div>
                <strong>{item.type}</strong> to <code>{item.userId}</code>
                <br />
                <small>
                  {new Date(item.sentAt).toLocaleString()} · {item.retryCount + 1} round
                  {item.retryCount === 0 ? "" : "s"}
                </small>
              </div>
              {done[item.id] ? (
                <span className="admin-resent">{done[item.id]}</span>
              ) : (
                <button
                  type="button"
                  disabled={resend.isPending && resend.variables === item.id}
                  onClick={() => resend.mutate(item.id)}
                >
                  Resend
                </button>
              )}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
