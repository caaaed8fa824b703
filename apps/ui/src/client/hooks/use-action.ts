import { useMutation, useQueryClient } from "@tanstack/react-query";
import { toast } from "sonner";
import { announceStaleQueries } from "../api/cross-tab";
import { messageOf } from "../api/http";

interface ActionOptions<TInput, TResult> {
  /** Queries that are stale once the action succeeded. */
  invalidates: (input: TInput, result: TResult) => readonly (readonly unknown[])[];
  /** A toast to confirm success; none when omitted. */
  success?: (input: TInput, result: TResult) => string;
}

/** A button's server action: refreshes what it changed, confirms, and shows the server's error message if it fails. */
export function useAction<TInput, TResult>(
  run: (input: TInput) => Promise<TResult>,
  { invalidates, success }: ActionOptions<TInput, TResult>,
) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSuccess: async (result, input) => {
      if (success) toast.success(success(input, result));
      const stale = invalidates(input, result);
      announceStaleQueries(stale);
      await Promise.all(stale.map((queryKey) => queryClient.invalidateQueries({ queryKey })));
    },
    onError: (error) => {
      toast.error(messageOf(error));
    },
  });
}
