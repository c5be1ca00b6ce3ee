import { newSignInMail } from "@/lib/mail/new-sign-in";
import { LOOPBACK_NETWORK } from "@/lib/client-address";

const ctx = { appUrl: "https://files.example.test" } as Parameters<typeof newSignInMail>[1];
const first = (device: string | null, network: string | null) =>
  newSignInMail({ username: "alice", device, network, at: "2026-12-03T10:00:00.000Z" }, ctx).paragraphs[0];

describe("the new sign-in mail says where the sign-in came from in words", () => {
  it.each([
    ["Firefox on Linux", "198.51.100.0/24", "(Firefox on Linux, from network 198.51.100.0/24)."],
    ["Firefox on Linux", LOOPBACK_NETWORK, "(Firefox on Linux, from the server's own machine)."],
    [null, "2001:0db8:0000::/48", "(from network 2001:0db8:0000::/48)."],
    ["Safari on iPhone", null, "(Safari on iPhone)."],
    ["Safari on iPhone", "unknown", "(Safari on iPhone)."],
  ])("%s, %s", (device, network, ending) => {
    expect(first(device, network)).toMatch(new RegExp(`had not signed in to it before ${ending.replace(/[().]/g, "\\$&")}$`));
    expect(first(device, network)).not.toMatch(/network this machine/);
  });
  it("with neither, the sentence simply ends", () => {
    expect(first(null, null)).toMatch(/had not signed in to it before\.$/);
  });
});
