export const TEST_SESSION_SECRET = "test-session-secret-at-least-32-bytes-long";
