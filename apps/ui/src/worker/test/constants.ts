/** The session secret the three workers share in the tests (design §5.1). */
export const TEST_SESSION_SECRET = "test-session-secret-at-least-32-bytes-long";
/** The origin the notifications worker accepts sockets from: the app's own, as `vite dev` serves it. */
export const TEST_ALLOWED_ORIGIN = "http://127.0.0.1:5173";
