import { env } from "cloudflare:workers";
import { waitForNotifications } from "@repo/test-utils";
import { describe, expect, it } from "vitest";
import { announcement, connect, failureOf, publish, uniqueUser } from "../helpers";

/**
 * The stub of a user's object reached by its id alone, as another worker's binding reaches it under
 * `wrangler dev` (the dev registry forwards the id, not its name): `ctx.id.name` is then undefined.
 */
function stubWithoutName(userId: string) {
  const id = env.NOTIFICATIONS.idFromName(userId).toString();
  return env.NOTIFICATIONS.get(env.NOTIFICATIONS.idFromString(id));
}

describe("the object's user", () => {
  it("is remembered, so a call that arrives without the object's name is served", async () => {
    const user = uniqueUser();
    const socket = await connect(user);
    await publish(user, announcement("by name"));
    const result = await stubWithoutName(user).publishNotification(user, announcement("by id"));
    expect(result.delivered).toBe(1);
    await waitForNotifications(socket, 2, 2_000);
    expect(
      await failureOf(() => stubWithoutName(user).publishNotification(uniqueUser("mallory"), announcement())),
    ).toMatch(/belongs to user/);
  });

  it("is taken from the first call when the object is first reached without its name", async () => {
    const user = uniqueUser();
    const first = await stubWithoutName(user).publishNotification(user, announcement("first"));
    expect(first.seq).toBe(1);
    expect(
      await failureOf(() => stubWithoutName(user).publishNotification(uniqueUser("mallory"), announcement())),
    ).toMatch(/belongs to user/);
    // Reached by name afterwards, it is the same object and the same user.
    expect((await publish(user, announcement("second"))).seq).toBe(2);
  });
});
