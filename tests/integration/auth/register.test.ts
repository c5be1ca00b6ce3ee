import { db } from "@/lib/db";
import { registerUser } from "@/lib/auth/register-user";
import { registerSchema } from "@/lib/auth/schemas";
import { verifyPassword } from "@/lib/auth/password";
import { AppError } from "@/lib/errors";
import { Client } from "../../support/http-client";
import { startServer, type TestServer } from "../../support/server";
import { strongPassword, uniqueUsername } from "../../support/factories";
import { ACTION_FILES } from "../../support/action-files";

const REGISTER = ["/register", ACTION_FILES.register, "registerAction"] as const;

// Registration as the action runs it: the schema first, then registerUser.
let addressCount = 0;
function register(input: { username: string; email?: string; password: string }) {
  addressCount += 1;
  return registerUser({ ...registerSchema.parse(input), address: `198.51.100.${addressCount}` });
}

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe("registerUser", () => {
  it("creates the account with a lower-case username and a bcrypt hash of the password", async () => {
    const password = strongPassword();
    const created = await register({ username: "Grace_Hopper", email: "Grace@Example.org", password });
    expect(created).toEqual({ id: expect.any(String), username: "grace_hopper" });

    const stored = await db.user.findUniqueOrThrow({ where: { id: created.id } });
    expect(stored).toMatchObject({
      username: "grace_hopper",
      email: "grace@example.org",
      role: "user",
      disabled: false,
      sessionVersion: 0,
    });
    expect(stored.passwordHash).not.toContain(password);
    await expect(verifyPassword(password, stored.passwordHash!)).resolves.toBe(true);
  });

  it("refuses a username that differs from an existing one only in case", async () => {
    await register({ username: "linus", password: strongPassword() });
    const error = await refusal(register({ username: "LiNuS", password: strongPassword() }));
    expect(error.message).toBe("That username is taken.");
    expect(error.code).toBe("conflict");
    expect(error.fieldErrors).toEqual({ username: ["That username is taken."] });
    expect(await db.user.count({ where: { username: "linus" } })).toBe(1);
  });

  it("refuses an email that is already registered, whatever its case", async () => {
    await register({ username: uniqueUsername(), email: "ada@example.com", password: strongPassword() });
    const error = await refusal(register({ username: uniqueUsername(), email: "ADA@example.com", password: strongPassword() }));
    expect(error.message).toBe("That email is already registered.");
    expect(error.code).toBe("conflict");
    expect(error.fieldErrors).toEqual({ email: ["That email is already registered."] });
    expect(await db.user.count({ where: { email: "ada@example.com" } })).toBe(1);
  });

  it("lets two accounts go without an email", async () => {
    const blank = await register({ username: uniqueUsername(), email: "", password: strongPassword() });
    const omitted = await register({ username: uniqueUsername(), password: strongPassword() });
    const rows = await db.user.findMany({ where: { id: { in: [blank.id, omitted.id] } }, select: { id: true, email: true } });
    expect(rows).toHaveLength(2);
    expect(rows.map((row) => row.email)).toEqual([null, null]);
  });

  it.each([
    ["a common password", "qwerty123456", "This password appears in lists of common passwords; choose another."],
    ["the username inside", "i am margaret hamilton", "The password must not contain your username."],
  ])("refuses %s and creates nothing", async (_case, password, reason) => {
    const username = "hamilton";
    const error = await refusal(register({ username, password }));
    expect(error.message).toBe(reason);
    expect(error.code).toBe("invalid");
    expect(error.fieldErrors).toEqual({ password: [reason] });
    expect(await db.user.count({ where: { username } })).toBe(0);
  });
});

describe("registerAction over HTTP", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server.stop());

  it("creates the account, signs the browser in and sends it to the dashboard", async () => {
    const client = new Client(server.url);
    const username = uniqueUsername("new");
    const result = await client.callAction(...REGISTER, [{ username: username.toUpperCase(), email: "", password: strongPassword() }]);
    expect(result.value).toBeUndefined();
    expect(result.redirectTo).toBe("/dashboard");
    expect(client.sessionCookie()).toBeDefined();
    expect((await client.session())?.user?.username).toBe(username);
    expect(await db.user.count({ where: { username } })).toBe(1);

    const dashboard = await client.get("/dashboard");
    expect(dashboard.status).toBe(200);
    expect(await dashboard.text()).toContain("My files");
  });

  it("answers field errors for a taken username and a weak password, without signing in", async () => {
    const client = new Client(server.url);
    const username = uniqueUsername("taken");
    await client.callAction(...REGISTER, [{ username, password: strongPassword() }]);

    const other = new Client(server.url);
    const taken = await other.callAction(...REGISTER, [{ username: username.toUpperCase(), password: strongPassword() }]);
    expect(taken.value).toEqual({ ok: false, error: "That username is taken.", fieldErrors: { username: ["That username is taken."] } });
    expect(taken.redirectTo).toBeNull();

    const weak = await other.callAction(...REGISTER, [{ username: uniqueUsername(), password: "qwerty123456" }]);
    expect(weak.value).toMatchObject({ ok: false, fieldErrors: { password: [expect.stringMatching(/common passwords/)] } });
    expect(other.sessionCookie()).toBeUndefined();
  });

  it("validates the input on the server, whatever the form sent", async () => {
    const client = new Client(server.url);
    const result = await client.callAction(...REGISTER, [{ username: "no spaces allowed", email: "nope", password: "short" }]);
    expect(result.value).toEqual({
      ok: false,
      error: "Please correct the highlighted fields.",
      fieldErrors: {
        username: ["Use only letters a-z, digits, and _ . -"],
        email: ["Enter a valid email address."],
        password: ["Use at least 12 characters."],
      },
    });
  });
});
