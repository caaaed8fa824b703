import { z } from "zod";
import { ApiError, requestJson } from "./http";

export const SessionUser = z.object({ userId: z.string(), name: z.string() });
export type SessionUser = z.infer<typeof SessionUser>;

/** The signed-in user, or null when there is no valid session. */
export async function fetchSession(): Promise<SessionUser | null> {
  try {
    return await requestJson(SessionUser, "/api/session");
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

export function signIn(input: { userId: string; name: string }) {
  return requestJson(z.object({ token: z.string() }), "/api/session", { method: "POST", body: input });
}

export function signOut() {
  return requestJson(z.unknown(), "/api/session", { method: "DELETE" });
}
