import { describe, expect, it } from "vitest";
import { isAdmin, isBanned } from "./access.ts";

const person = { email: "Ada@Example.com", isAnonymous: false, role: "user", banned: false };
const listed = { adminEmails: ["ada@example.com"], production: true };

describe("isBanned", () => {
  it("holds for a ban with no expiry or a future one, not for a lapsed one", () => {
    const now = new Date("2026-11-21T12:00:00Z");
    expect(isBanned({ ...person, banned: true }, now)).toBe(true);
    expect(isBanned({ ...person, banned: true, banExpires: new Date("2026-11-22") }, now)).toBe(true);
    expect(isBanned({ ...person, banned: true, banExpires: new Date("2026-11-20") }, now)).toBe(false);
    expect(isBanned(person, now)).toBe(false);
  });
});

describe("isAdmin", () => {
  it("admits a listed email (case-insensitively) or the admin role", () => {
    expect(isAdmin(person, listed)).toBe(true);
    expect(isAdmin({ ...person, email: "bob@example.com", role: "admin" }, listed)).toBe(true);
    expect(isAdmin({ ...person, email: "bob@example.com" }, listed)).toBe(false);
  });

  it("never admits anonymous or banned users", () => {
    expect(isAdmin({ ...person, isAnonymous: true, role: "admin" }, listed)).toBe(false);
    expect(isAdmin({ ...person, banned: true }, listed)).toBe(false);
  });

  it("with an empty list admits any signed-in user outside production and nobody in production", () => {
    expect(isAdmin(person, { adminEmails: [], production: false })).toBe(true);
    expect(isAdmin(person, { adminEmails: [], production: true })).toBe(false);
    expect(isAdmin({ ...person, isAnonymous: true }, { adminEmails: [], production: false })).toBe(false);
  });
});
