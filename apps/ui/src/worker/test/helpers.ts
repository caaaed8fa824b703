import { env, exports } from "cloudflare:workers";
import { sessionCookieName } from "@repo/auth";
import { RecordingSocket } from "@repo/test-utils";
import { afterEach } from "vitest";
import { z } from "zod";

/** Where `vite dev` serves the app: a loopback host, as the development sign-in requires. */
export const BASE = "http://127.0.0.1:5173";

const openSockets: RecordingSocket[] = [];
afterEach(() => {
  for (const socket of openSockets.splice(0)) socket.close();
});

/** Sends a request to the UI worker under test, as the browser would (at `base`, the app's origin unless given). */
export function request(path: string, init: RequestInit = {}, base = BASE): Promise<Response> {
  return exports.default.fetch(`${base}${path}`, init);
}

/** The Cookie header a browser sends back for `token` in the environment under test. */
export function cookieFor(token: string): string {
  return `${sessionCookieName(env.ENVIRONMENT)}=${token}`;
}

/** `POST /api/session` with `body` as JSON. */
export function postSignIn(body: unknown, base = BASE): Promise<Response> {
  return request(
    "/api/session",
    { method: "POST", body: JSON.stringify(body), headers: { "Content-Type": "application/json" } },
    base,
  );
}

export interface SignedIn {
  userId: string;
  name: string;
  token: string;
  /** The Cookie header a browser sends back after the sign-in. */
  cookie: string;
}

const SignInAnswer = z.object({ token: z.string() });

/** Signs in through the development sign-in route as a user no other test uses. */
export async function signIn(label: string): Promise<SignedIn> {
  const userId = `${label}-${crypto.randomUUID().slice(0, 8)}`;
  const name = label.charAt(0).toUpperCase() + label.slice(1);
  const response = await postSignIn({ userId, name });
  if (response.status !== 200) throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
  const { token } = SignInAnswer.parse(await response.json());
  return { userId, name, token, cookie: cookieFor(token) };
}

/** Accepts the socket of a 101 answer and records what it receives; it is closed after the test. */
export function acceptSocket(response: Response): RecordingSocket {
  const socket = response.webSocket;
  if (response.status !== 101 || !socket) throw new Error(`expected an upgrade, got ${response.status}`);
  socket.accept();
  const recording = new RecordingSocket(socket);
  openSockets.push(recording);
  return recording;
}
